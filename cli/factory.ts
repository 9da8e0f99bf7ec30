// What every cluster-talking command needs, built once from the global flags the way kubectl's Factory does:
// the RestConfig (kubeconfig module), -v=N request logging, --request-timeout, discovery with kubectl's disk
// cache (--cache-dir / $KUBECACHEDIR), a dynamic client and a REST mapper that refetches discovery on a miss.
import { DiscoveryRESTMapper, groupResourcesFromLegacy, isNoMatchError, type RESTMapping } from '../kube/mapper';
import { DynamicClient } from '../kube/dynamic';
import { RESTClient } from '../kube/rest/client';
import type { RestConfig } from '../kube/rest/config';
import { klogStyleLogger, setDefaultRequestLogger } from '../kube/rest/logging';
import {
  defaultCacheDir,
  newCachedDiscovery,
  serverGroupsAndResources,
  type DiscoveryInterface,
} from '../kube/discovery';
import type { CommandContext } from './command';
import { resolveClientConfig } from './client-config';

export interface KubeSession {
  config: RestConfig;
  /** -n, else the context's namespace, else "default". */
  namespace: string;
  explicitNamespace: boolean;
  rest: RESTClient;
  discovery: DiscoveryInterface;
  dynamic: DynamicClient;
  /** The mapper; refetches discovery once if the cache is stale and a type is not found. */
  mappingFor(arg: string): Promise<RESTMapping>;
  mapper(): Promise<DiscoveryRESTMapper>;
  /** The mapping of a manifest's apiVersion + kind, refetching discovery once on a miss like mappingFor. */
  mappingForObject(apiVersion: string, kind: string): Promise<RESTMapping>;
}

export async function openSession(ctx: CommandContext): Promise<KubeSession> {
  // --request-timeout is applied by resolveClientConfig (config.timeout).
  const { config, namespace, explicitNamespace } = await resolveClientConfig(ctx);
  // Process-wide hook: set (or cleared) per command so in-process runs never log into an earlier run's streams.
  setDefaultRequestLogger(
    ctx.global.verbosity >= 6
      ? klogStyleLogger(ctx.global.verbosity, (line) => ctx.io.stderr.write(`${klogHeader()}${line}\n`))
      : undefined,
  );
  const rest = new RESTClient(config);
  const cacheDir = ctx.global.cacheDir || defaultCacheDir(ctx.io.env);
  const discovery = newCachedDiscovery(config, { cacheDir });
  let mapper: DiscoveryRESTMapper | undefined;
  const loadMapper = async () => {
    const { groups, resources } = await serverGroupsAndResources(discovery);
    // Partial discovery (a broken aggregated API) still maps everything else, as in kubectl.
    mapper = new DiscoveryRESTMapper(groupResourcesFromLegacy(groups, resources));
    return mapper;
  };
  // kubectl's DeferredDiscoveryRESTMapper: a miss on cached discovery refetches once (new CRDs).
  const withRefetch = async (map: (m: DiscoveryRESTMapper) => RESTMapping) => {
    const m = mapper ?? (await loadMapper());
    try {
      return map(m);
    } catch (err) {
      if (!isNoMatchError(err) || discovery.fresh()) throw err;
      discovery.invalidate();
      return map(await loadMapper());
    }
  };
  return {
    config,
    namespace,
    explicitNamespace,
    rest,
    discovery,
    dynamic: new DynamicClient(rest),
    mapper: async () => mapper ?? loadMapper(),
    mappingFor(arg: string) {
      const warn = (message: string) => ctx.io.stderr.write(`Warning: ${message}\n`);
      return withRefetch((m) => m.mappingFor(arg, warn));
    },
    mappingForObject(apiVersion: string, kind: string) {
      return withRefetch((m) => m.mappingForObject(apiVersion, kind));
    },
  };
}

/** klog's "I1128 04:20:23.123456   12345 round_trippers.go:632] " prefix, so -v output reads like kubectl's. */
function klogHeader(): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `I${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)} ${String(process.pid).padStart(7)} round_trippers.go] `;
}
