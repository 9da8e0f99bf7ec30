// Adapter from the CLI's global flags to the kubeconfig module's client config (kubectl's
// ToRESTConfig + the namespace from the kubeconfig loader).
import { clientConfigFor } from '../kube/kubeconfig/clientConfig';
import type { RestConfig } from '../kube/rest/config';
import type { CommandContext } from './command';
import { CommandError } from './command';
import { parseRequestTimeout } from './flags';

export interface ResolvedClientConfig {
  config: RestConfig;
  namespace: string;
  explicitNamespace: boolean;
}

export async function resolveClientConfig(ctx: CommandContext): Promise<ResolvedClientConfig> {
  let timeout = 0;
  if (ctx.global.requestTimeout) {
    try {
      timeout = parseRequestTimeout(ctx.global.requestTimeout);
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
  }
  try {
    // The command line is run by the user on purpose: exec plugins are trusted here (kubectl runs them too).
    const { config, namespace, explicitNamespace } = clientConfigFor(
      { explicitPath: ctx.global.kubeconfig || undefined, env: ctx.io.env, cwd: ctx.io.cwd },
      {
        context: ctx.global.context,
        cluster: ctx.global.cluster,
        user: ctx.global.user,
        namespace: ctx.global.namespace,
        timeout,
      },
      { allowExecPlugins: true, env: ctx.io.env, execIO: { stderr: ctx.io.stderr } },
    );
    return { config, namespace, explicitNamespace };
  } catch (e) {
    throw new CommandError((e as Error).message);
  }
}
