// `kubesense port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT...`: kubectl port-forward's arguments, checks,
// messages and exit codes, over kube/portforward (one WebSocket per forwarded connection).
import { StatusError } from '../kube/rest/errors';
import type { Unstructured } from '../kube/dynamic/unstructured';
import {
  PortForwarder,
  notRunningError,
  parseAddresses,
  parsePorts,
  resolveForwardTarget,
  type ConnectionError,
} from '../kube/portforward';
import { errorMessage } from '../kube/util/errors';
import type { Command, CommandContext } from './command';
import { CommandError, UsageError } from './command';
import { parseRequestTimeout } from './flags';
import { describeError } from './get';
import { klogLine } from './klog';
import { quote as goQuote } from '../kube/util/go';
import { openSession } from './kube-session';

export const command: Command = {
  name: 'port-forward',
  short: 'Forward one or more local ports to a pod',
  long: `Forward one or more local ports to a pod.

Use resource type/name such as deployment/mydeployment to select a pod. Resource type defaults to 'pod' if omitted.

If there are multiple pods matching the criteria, a pod will be selected automatically. The forwarding session ends
when the selected pod terminates, and a rerun of the command is needed to resume forwarding.`,
  examples: `  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in the pod
  kubesense port-forward pod/mypod 5000 6000

  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in a pod selected by the deployment
  kubesense port-forward deployment/mydeployment 5000 6000

  # Listen on port 8443 locally, forwarding to the targetPort of the service's port named "https" in a pod selected by the service
  kubesense port-forward service/myservice 8443:https

  # Listen on a random port locally, forwarding to 5000 in the pod
  kubesense port-forward pod/mypod :5000

  # Listen on port 8888 on all addresses, forwarding to 5000 in the pod
  kubesense port-forward --address 0.0.0.0 pod/mypod 8888:5000`,
  usage: 'TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]',
  flags: [
    {
      name: 'address',
      kind: 'stringArray',
      valueName: 'strings',
      default: ['localhost'],
      description:
        'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kubesense will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.',
    },
    {
      name: 'pod-running-timeout',
      kind: 'string',
      valueName: 'duration',
      default: '1m0s',
      description:
        'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running',
    },
  ],
  run: runPortForward,
};

async function runPortForward(ctx: CommandContext): Promise<number> {
  if (ctx.args.length < 2) throw new UsageError('TYPE/NAME and list of ports are required for port-forward');
  const [resourceArg, ...portArgs] = ctx.args;
  const session = await openSession(ctx);
  const namespace = session.namespace;
  try {
    // kubectl's builder: TYPE/NAME, or a bare NAME meaning a pod.
    const slash = resourceArg.split('/');
    if (slash.length > 2) throw new CommandError('arguments in resource/name form may not have more than one slash');
    const [type, name] = slash.length === 2 ? slash : ['pods', resourceArg];
    if (!type || !name) throw new CommandError('arguments in resource/name form must have a single resource and name');
    const mapping = await session.mappingFor(type);
    const gvr = mapping.resource;
    const obj = (await (
      mapping.scope === 'namespace' ? session.dynamic.resource(gvr).namespace(namespace) : session.dynamic.resource(gvr)
    ).get(name)) as Unstructured;
    let timeoutMs: number;
    try {
      timeoutMs = parseRequestTimeout(String(ctx.flags.values.get('pod-running-timeout') ?? '1m0s'));
    } catch {
      throw new CommandError('--pod-running-timeout must be higher than zero');
    }
    const target = await resolveForwardTarget(session.dynamic, obj, namespace, portArgs, timeoutMs);
    const podName = target.pod.metadata.name;
    // kubectl fetches the pod again before it connects, and refuses one that is not running.
    const pod = await session.dynamic
      .resource({ group: '', version: 'v1', resource: 'pods' })
      .namespace(namespace)
      .get(podName);
    const notRunning = notRunningError(pod as never);
    if (notRunning) throw new CommandError(notRunning);

    const addressFlag = (ctx.flags.values.get('address') as string[] | undefined) ?? ['localhost'];
    const addresses = addressFlag.flatMap((a) => a.split(','));
    parseAddresses(addresses);
    const ports = parsePorts(target.ports);
    const forwarder = new PortForwarder({
      transport: session.rest.transport,
      pod: { namespace, name: podName },
      ports,
      addresses,
      out: (line) => ctx.io.stdout.write(`${line}\n`),
      errOut: (line) => ctx.io.stderr.write(`${line}\n`),
      stopOnError: true,
    });
    // client-go's runtime.HandleError, as kubectl writes it.
    forwarder.on('connectionError', (e: ConnectionError) =>
      klogLine(ctx.io, 'portforward.go:424', `"Unhandled Error" err=${goQuote(e.message)}`, new Date(), 'E'),
    );
    await forwarder.start();
    const stop = () => void forwarder.close();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await forwarder.done;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  } catch (e) {
    if (e instanceof StatusError) {
      ctx.io.stderr.write(`${describeError(e)}\n`);
      return 1;
    }
    if (e instanceof CommandError || e instanceof UsageError) throw e;
    throw new CommandError(errorMessage(e));
  }
}
