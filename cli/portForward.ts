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
import { durationFlag } from './flags';
import { describeError } from './errorOutput';
import { klogLine } from './klog';
import { quote as goQuote } from '../kube/util/go';
import { clientFactory } from './factory';

export const command: Command = {
  name: 'port-forward',
  short: 'Forward one or more local ports to a pod',
  long: `Forward one or more local ports to a pod.

TYPE/NAME names a pod, or a Service or workload (deployment/web, svc/web, sts/db…) whose most active pod is
used; a bare NAME is a pod. A Service port is forwarded to the container port its targetPort names. The pod is
chosen once: when it goes away, forwarding stops and the command must be run again.`,
  examples: `  # Local ports 5000 and 6000 to the same ports of a pod
  kubesense port-forward pod/mypod 5000 6000

  # Local 8443 to the container port behind the Service port named "https"
  kubesense port-forward svc/myservice 8443:https

  # Any free local port to port 5000 of a pod of a Deployment
  kubesense port-forward deploy/web :5000

  # Listen on every address, not only localhost
  kubesense port-forward --address 0.0.0.0 pod/mypod 8888:5000`,
  usage: 'TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]',
  flags: [
    {
      name: 'address',
      kind: 'stringArray',
      valueName: 'strings',
      default: ['localhost'],
      description:
        'Addresses to listen on, comma-separated: IP addresses or localhost (127.0.0.1 and ::1; fails only if neither can be bound).',
    },
    {
      name: 'pod-running-timeout',
      kind: 'string',
      valueName: 'duration',
      default: '1m0s',
      description: 'How long to wait for a Service or workload to have a pod (e.g. 5s, 2m).',
    },
  ],
  run: runPortForward,
};

async function runPortForward(ctx: CommandContext): Promise<number> {
  if (ctx.args.length < 2) throw new UsageError('TYPE/NAME and list of ports are required for port-forward');
  const [resourceArg, ...portArgs] = ctx.args;
  const timeoutMs = durationFlag(ctx.flags, 'pod-running-timeout') / 1e6;
  const factory = await clientFactory(ctx);
  if (timeoutMs <= 0) throw new UsageError('--pod-running-timeout must be higher than zero');
  const namespace = factory.namespace();
  try {
    // kubectl's builder: TYPE/NAME, or a bare NAME meaning a pod.
    const slash = resourceArg.split('/');
    if (slash.length > 2) throw new CommandError('arguments in resource/name form may not have more than one slash');
    const [type, name] = slash.length === 2 ? slash : ['pods', resourceArg];
    if (!type || !name) throw new CommandError('arguments in resource/name form must have a single resource and name');
    const mapping = await factory.mappingFor(type);
    const gvr = mapping.resource;
    const obj = (await (
      mapping.scope === 'namespace'
        ? factory.dynamicClient().resource(gvr).namespace(namespace)
        : factory.dynamicClient().resource(gvr)
    ).get(name)) as Unstructured;
    const target = await resolveForwardTarget(factory.dynamicClient(), obj, namespace, portArgs, timeoutMs);
    const podName = target.pod.metadata.name;
    // kubectl fetches the pod again before it connects, and refuses one that is not running.
    const pod = await factory
      .dynamicClient()
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
      transport: factory.restClient().transport,
      pod: { namespace, name: podName },
      ports,
      addresses,
      out: (line) => ctx.io.stdout.write(`${line}\n`),
      errOut: (line) => ctx.io.stderr.write(`${line}\n`),
      stopOnError: true,
      // As kubectl's KUBECTL_PORT_FORWARD_WEBSOCKETS=false leaves its tunnel: one WebSocket per connection instead.
      tunnel: process.env.KUBESENSE_PORT_FORWARD_TUNNEL !== 'false',
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
