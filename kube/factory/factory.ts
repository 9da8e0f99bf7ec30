// kubectl's cmdutil.Factory over genericclioptions' ConfigFlags: one place that turns a kubeconfig loading rule,
// overrides and a credential policy into every client a consumer needs. Each client is built on first use and
// then kept, so a command or an editor session pays only for what it touches and shares one connection pool.
// The CLI, the explorer and the language server differ only in the options they pass.
import type { GroupVersion } from '../apimachinery/schema';
import type { ObjectMapper } from '../apply/apply';
import { defaultCacheDir, newCachedDiscovery, type DiscoveryInterface } from '../discovery';
import { DynamicClient } from '../dynamic/client';
import { resolveRestConfig, type ConfigOverrides } from '../kubeconfig/clientConfig';
import type { ExecIO } from '../kubeconfig/exec';
import { loadKubeconfig, type LoadedConfig, type LoadOptions } from '../kubeconfig/loader';
import { DeferredDiscoveryRESTMapper } from '../mapper/deferred';
import type { DiscoveryRESTMapper, RESTMapping } from '../mapper/restMapper';
import { OpenAPIV3Client } from '../openapi/client';
import { RESTClient } from '../rest/client';
import type { RestConfig } from '../rest/config';
import type { ClientSet } from '../typed/generated/clientset';

/** Who may run what the kubeconfig names. */
export interface CredentialPolicy {
  /**
   * Run exec credential plugins (programs the kubeconfig names). The CLI does, as kubectl; an editor only in a
   * trusted workspace. When false, a context whose user has `exec` fails with ExecPluginUntrustedError.
   */
  allowExecPlugins: boolean;
  /** Environment of exec plugins, and where KUBERNETES_MASTER is read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Where a plugin's stderr goes and whether it may prompt on stdin. */
  execIO?: ExecIO;
}

/** kubectl's global flags: what wins over the kubeconfig. */
export interface FactoryOverrides extends ConfigOverrides {
  /** Request body/Accept content type for built-in types (protobuf), RestConfig.contentType. */
  contentType?: RestConfig['contentType'];
  /** Client-side rate limit (kubectl: 5 QPS, burst 10). */
  qps?: number;
  burst?: number;
  userAgent?: string;
}

export interface FactoryOptions {
  /**
   * kubectl's loading rules (--kubeconfig, else $KUBECONFIG, else ~/.kube/config), or a config the caller has
   * already loaded (and watches), read when the RestConfig is first needed.
   */
  kubeconfig: LoadOptions | (() => LoadedConfig);
  overrides?: FactoryOverrides;
  credentials: CredentialPolicy;
  /** kubectl's --cache-dir (default $KUBECACHEDIR or ~/.kube/cache): discovery/ as kubectl, kubesense/openapi/. */
  cacheDir?: string;
  /**
   * The process outlives its discovery (an editor, the language server): a mapping miss refetches discovery even
   * when it came from the server (kubectl refetches only what came from the disk cache).
   */
  longLived?: boolean;
  /** Where the mapper's warnings go (kubectl prints them on stderr as `Warning: …`). */
  warn?: (message: string) => void;
}

export class ClientFactory {
  private config?: RestConfig;
  private rest?: RESTClient;
  private disco?: DiscoveryInterface;
  private mapper?: DeferredDiscoveryRESTMapper;
  private dynamic?: DynamicClient;
  private typed?: Promise<ClientSet>;
  private openapi?: OpenAPIV3Client;
  private openapiCached?: OpenAPIV3Client;
  private readonly groupClients = new Map<string, RESTClient>();

  constructor(readonly options: FactoryOptions) {}

  /** The loaded kubeconfig (kubectl's ToRawKubeConfigLoader), read anew on each call. */
  rawConfig(): LoadedConfig {
    const k = this.options.kubeconfig;
    return typeof k === 'function' ? k() : loadKubeconfig(k);
  }

  /**
   * kubectl's ToRESTConfig: the context with its overrides, validated, credentials chosen. Throws client-go's
   * messages; a failure is not kept, so the next call tries again.
   */
  restConfig(): RestConfig {
    if (this.config) return this.config;
    const { overrides = {}, credentials } = this.options;
    const k = this.options.kubeconfig;
    const env = credentials.env ?? (typeof k === 'function' ? undefined : k.env);
    const config = resolveRestConfig(this.rawConfig(), overrides, {
      allowExecPlugins: credentials.allowExecPlugins,
      env,
      execIO: credentials.execIO,
    });
    if (overrides.contentType) config.contentType = overrides.contentType;
    if (overrides.qps !== undefined) config.qps = overrides.qps;
    if (overrides.burst !== undefined) config.burst = overrides.burst;
    if (overrides.userAgent) config.userAgent = overrides.userAgent;
    return (this.config = config);
  }

  /** kubectl's Namespace(): --namespace, else the context's, else "default". */
  namespace(): string {
    return this.restConfig().namespace ?? 'default';
  }

  /** The namespace was given as an override (kubectl's enforceNamespace: objects in another one are refused). */
  namespaceExplicit(): boolean {
    return Boolean(this.options.overrides?.namespace);
  }

  /** The RESTClient every other client here shares (one transport pool, one rate limiter). */
  restClient(): RESTClient {
    return (this.rest ??= new RESTClient(this.restConfig()));
  }

  /** kubectl's RESTClient for one group/version (`/api/v1`, `/apis/<group>/<version>` prefixed). */
  restClientFor(gv: GroupVersion): RESTClient {
    const key = `${gv.group}/${gv.version}`;
    let c = this.groupClients.get(key);
    if (!c) this.groupClients.set(key, (c = this.restClient().forGroupVersion(gv)));
    return c;
  }

  cacheDir(): string {
    const k = this.options.kubeconfig;
    return (
      this.options.cacheDir ||
      defaultCacheDir(this.options.credentials.env ?? (typeof k === 'function' ? undefined : k.env))
    );
  }

  /** kubectl's ToDiscoveryClient: memory over kubectl's disk cache (<cacheDir>/discovery/<host>) over the network. */
  discovery(): DiscoveryInterface {
    return (this.disco ??= newCachedDiscovery(this.restConfig(), { cacheDir: this.cacheDir() }));
  }

  /** kubectl's ToRESTMapper: deferred on discovery, refetched once on a miss. */
  restMapper(): DeferredDiscoveryRESTMapper {
    return (this.mapper ??= new DeferredDiscoveryRESTMapper(this.discovery(), {
      refetchFreshDiscovery: this.options.longLived,
    }));
  }

  /** The mapper as it is now (built on first use). */
  discoveryRESTMapper(): Promise<DiscoveryRESTMapper> {
    return this.restMapper().delegate();
  }

  /** kubectl's TYPE argument (`deploy`, `deployments.v1.apps`, a category...) to a mapping. */
  mappingFor(arg: string): Promise<RESTMapping> {
    return this.restMapper().mappingFor(arg, this.options.warn);
  }

  mappingForObject(apiVersion: string, kind: string): Promise<RESTMapping> {
    return this.restMapper().mappingForObject(apiVersion, kind);
  }

  /** A manifest's apiVersion + kind → its resource, for kube/apply. */
  objectMapper(): ObjectMapper {
    return (apiVersion, kind) => this.mappingForObject(apiVersion, kind);
  }

  dynamicClient(): DynamicClient {
    return (this.dynamic ??= new DynamicClient(this.restClient()));
  }

  /** kubectl's KubernetesClientSet: loaded on first use (the generated clients are large). */
  clientset(): Promise<ClientSet> {
    return (this.typed ??= import('../typed/generated/clientset').then((m) => new m.ClientSet(this.restClient())));
  }

  /** kubectl's OpenAPIV3Client: disk-cached by path + hash under <cacheDir>/kubesense/openapi. */
  openAPI(): OpenAPIV3Client {
    return (this.openapi ??= new OpenAPIV3Client(this.restClient(), { cacheDir: this.cacheDir() }));
  }

  /** The same documents as last written to the disk cache, never asking the server (offline fallback). */
  cachedOpenAPI(): OpenAPIV3Client {
    return (this.openapiCached ??= new OpenAPIV3Client(this.restClient(), {
      cacheDir: this.cacheDir(),
      cacheOnly: true,
    }));
  }
}
