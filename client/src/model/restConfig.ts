// RestConfig for a context through kube/kubeconfig (client-go's rules), with the editor's policies:
// exec credential plugins only in trusted workspaces, found on the user's login-shell PATH.
import type { LoadedConfig } from '../../../kube/kubeconfig/loader';
import { resolveRestConfig } from '../../../kube/kubeconfig/clientConfig';
import type { RestConfig } from '../../../kube/rest/config';
import type { ContextInfo } from './ports';
import { mergePaths } from './shellPath';
import type { RestConfigResolver } from './sessionFactory';

export interface ResolverPolicy {
  loaded(): LoadedConfig | undefined;
  /** False in an untrusted workspace: contexts whose user runs an exec plugin fail with a clear error. */
  allowExecPlugins(): boolean;
  /** The login shell's PATH, or undefined to use the process PATH as is. */
  execPath(): Promise<string | undefined>;
  env?: NodeJS.ProcessEnv;
  /** Explorer requests are interactive: fail fast rather than hang on a dead server (ms). */
  timeoutMs?: number;
}

export function restConfigResolver(policy: ResolverPolicy): RestConfigResolver {
  return async (context: ContextInfo): Promise<RestConfig> => {
    const loaded = policy.loaded();
    if (!loaded) throw new Error('no kubeconfig is loaded');
    const env = { ...(policy.env ?? process.env) };
    const login = await policy.execPath();
    if (login) env.PATH = mergePaths(login, env.PATH);
    const config = resolveRestConfig(
      loaded,
      { context: context.name },
      { allowExecPlugins: policy.allowExecPlugins(), env },
    );
    // The tree opens many lists at once (one per expanded kind): a higher rate than kubectl's 5 QPS default.
    config.qps ??= 50;
    config.burst ??= 100;
    if (policy.timeoutMs && !config.timeout) config.timeout = policy.timeoutMs;
    config.userAgent ??= 'kubesense-vscode';
    return config;
  };
}
