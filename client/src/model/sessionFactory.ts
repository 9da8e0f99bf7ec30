// Builds a ClusterSession for a context: RestConfig from the kubeconfig (kube/kubeconfig), discovery
// through kubectl's disk cache (kube/discovery), lists and watches through kube/rest + kube/cache.
import { newCachedDiscovery } from '../../../kube/discovery';
import type { RestConfig } from '../../../kube/rest/config';
import { discoverFrom } from './discoverResources';
import type { ClusterSession, ContextInfo, SessionFactory } from './ports';
import { KubeClusterSession } from './session';

export type RestConfigResolver = (context: ContextInfo) => Promise<RestConfig>;

export interface SessionFactoryOptions {
  restConfig: RestConfigResolver;
  /** kubectl's --cache-dir; default $KUBECACHEDIR or ~/.kube/cache. */
  cacheDir?: string;
  log?: (line: string) => void;
}

export function sessionFactory(options: SessionFactoryOptions): SessionFactory {
  return async (context: ContextInfo): Promise<ClusterSession> => {
    const config = await options.restConfig(context);
    const discovery = newCachedDiscovery(config, { cacheDir: options.cacheDir });
    return new KubeClusterSession(
      context.name,
      config,
      discoverFrom(discovery, (err) =>
        options.log?.(`[${context.name}] some API groups could not be discovered: ${err.message}`),
      ),
      context.execCommand,
      discovery,
    );
  };
}
