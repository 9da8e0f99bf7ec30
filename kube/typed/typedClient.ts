// The hand-written base of the generated ClientSet: typed clients are the DynamicClient's ResourceClient with
// the object and list types fixed, as client-go's typed clients are thin skins over the REST client.
import { DynamicClient, ResourceClient, type ObjectWithMeta } from '../dynamic/client';
import { RESTClient } from '../rest/client';
import type { RestConfig } from '../rest/config';
import { typedContentConfig } from '../protobuf/contentType';

export { DynamicClient };

export type TypedResourceClient<T extends ObjectWithMeta, L> = ResourceClient<T, L>;

export abstract class GroupVersionClient {
  constructor(
    protected readonly dynamic: DynamicClient,
    readonly group: string,
    readonly version: string,
  ) {}

  protected client<T extends ObjectWithMeta, L>(resource: string, namespace: string): TypedResourceClient<T, L> {
    return this.dynamic
      .resource({ group: this.group, version: this.version, resource })
      .namespace(namespace) as unknown as ResourceClient<T, L>;
  }
}

export abstract class ClientSetBase {
  readonly dynamic: DynamicClient;
  private readonly groups = new Map<string, GroupVersionClient>();

  /** From a RestConfig, a RESTClient (shares its connection and limiter) or an existing DynamicClient. */
  constructor(source: RestConfig | RESTClient | DynamicClient) {
    if (source instanceof DynamicClient) this.dynamic = source;
    else {
      const config = source instanceof RESTClient ? source.config : source;
      this.dynamic = new DynamicClient(source, typedContentConfig(config));
    }
  }

  protected groupClient<C extends GroupVersionClient>(key: string, make: () => C): C {
    let c = this.groups.get(key);
    if (!c) this.groups.set(key, (c = make()));
    return c as C;
  }
}
