// Builds a ContextConnection for a context through kube/factory, with the editor's policies: exec credential plugins
// only in trusted workspaces, found on the user's login-shell PATH; a higher request rate than kubectl's, since the
// tree opens many lists at once; discovery through kubectl's disk cache, refetched on a miss (the editor outlives it).
import { ClientFactory } from '../../../kube/factory';
import type { LoadedConfig } from '../../../kube/kubeconfig/loader';
import { discoverFrom } from './discoverResources';
import type { ContextConnection, ContextInfo, ContextConnectionFactory } from './ports';
import { KubeContextConnection } from './contextConnection';
import { mergePaths } from './shellPath';

export interface ContextConnectionFactoryOptions {
  loaded(): LoadedConfig | undefined;
  /** False in an untrusted workspace: contexts whose user runs an exec plugin fail with a clear error. */
  allowExecPlugins(): boolean;
  /** The login shell's PATH, or undefined to use the process PATH as is. */
  execPath(): Promise<string | undefined>;
  env?: NodeJS.ProcessEnv;
  /** kubectl's --cache-dir; default $KUBECACHEDIR or ~/.kube/cache. */
  cacheDir?: string;
  log?: (line: string) => void;
}

export function contextConnectionFactory(options: ContextConnectionFactoryOptions): ContextConnectionFactory {
  return async (context: ContextInfo): Promise<ContextConnection> => {
    const env = { ...(options.env ?? process.env) };
    const login = await options.execPath();
    if (login) env.PATH = mergePaths(login, env.PATH);
    const factory = new ClientFactory({
      kubeconfig: () => {
        const loaded = options.loaded();
        if (!loaded) throw new Error('no kubeconfig is loaded');
        return loaded;
      },
      overrides: { context: context.name, qps: 50, burst: 100, userAgent: 'kubesense-vscode' },
      credentials: { allowExecPlugins: options.allowExecPlugins(), env },
      cacheDir: options.cacheDir,
      longLived: true,
    });
    factory.restConfig(); // a context that cannot be used fails here, shown on its tree item
    return new KubeContextConnection(
      context.name,
      factory,
      discoverFrom(factory.discovery(), (err) =>
        options.log?.(`[${context.name}] some API groups could not be discovered: ${err.message}`),
      ),
      context.execCommand,
    );
  };
}
