// The CLI's ClientFactory (kube/factory) from kubectl's global flags: --kubeconfig/KUBECONFIG loading, --context,
// --cluster, --user, -n and --request-timeout as overrides, discovery in --cache-dir / $KUBECACHEDIR, exec plugins
// run (the user runs the command on purpose, as with kubectl), -v=N request logging on stderr.
import { ClientFactory, type FactoryOverrides } from '../kube/factory';
import { klogStyleLogger, setDefaultRequestLogger } from '../kube/rest/logging';
import { deduplicatingWarningHandler, setDefaultWarningHandler } from '../kube/rest/warnings';
import type { CommandContext } from './command';
import { CommandError } from './command';
import { parseRequestTimeout } from './flags';

/** The factory for this command's flags; its RestConfig is resolved now, so kubeconfig errors end the command. */
export async function clientFactory(
  ctx: CommandContext,
  more: Pick<FactoryOverrides, 'contentType'> = {},
): Promise<ClientFactory> {
  let timeout = 0;
  if (ctx.global.requestTimeout) {
    try {
      timeout = parseRequestTimeout(ctx.global.requestTimeout);
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
  }
  const factory = new ClientFactory({
    kubeconfig: { explicitPath: ctx.global.kubeconfig || undefined, env: ctx.io.env, cwd: ctx.io.cwd },
    overrides: {
      context: ctx.global.context,
      cluster: ctx.global.cluster,
      user: ctx.global.user,
      namespace: ctx.global.namespace,
      timeout,
      ...more,
    },
    credentials: { allowExecPlugins: true, env: ctx.io.env, execIO: { stderr: ctx.io.stderr } },
    cacheDir: ctx.global.cacheDir || undefined,
    warn: (message) => ctx.io.stderr.write(`Warning: ${message}\n`),
  });
  try {
    factory.restConfig();
  } catch (e) {
    throw new CommandError((e as Error).message);
  }
  // Process-wide hooks: set (or cleared) per command so in-process runs never log into an earlier run's streams.
  // The server's warnings go to this command's stderr, each once per command (kubectl: once per process).
  setDefaultWarningHandler(deduplicatingWarningHandler((line) => ctx.io.stderr.write(`${line}\n`)));
  setDefaultRequestLogger(
    ctx.global.verbosity >= 6
      ? klogStyleLogger(ctx.global.verbosity, (line) => ctx.io.stderr.write(`${klogHeader()}${line}\n`))
      : undefined,
  );
  return factory;
}

/** klog's "I1128 04:20:23.123456   12345 round_trippers.go:632] " prefix, so -v output reads like kubectl's. */
function klogHeader(): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `I${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)} ${String(process.pid).padStart(7)} round_trippers.go] `;
}
