// `kubesense logs`: kubectl logs' arguments, checks, pod and container choice (kube/logs/targets.ts) and output.
// A followed log reconnects after a dropped connection and carries on without repeating or losing lines, where
// kubectl ends with the error.
import { StringDecoder } from 'string_decoder';
import { containerTargets, podsForObject, streamPodLogs, type LogTarget, type PodLike } from '../kube/logs';
import type { PodLogOptions } from '../kube/logs';
import { isNoMatchError } from '../kube/mapper';
import { isNotFound, StatusError } from '../kube/rest/errors';
import type { Command, CommandContext } from './command';
import { CommandError, UsageError } from './command';
import { durationFlag, type FlagSpec } from './flags';
import type { ClientFactory } from '../kube/factory';
import { clientFactory } from './factory';
import { describeError } from './errorOutput';
import { errorMessage } from '../kube/util/errors';
import { quote } from '../kube/util/go';

const USAGE = 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]';
const USAGE_ERROR = `expected '${USAGE}'.\nPOD or TYPE/NAME is a required argument for the logs command`;
/** kubectl's tail when a selector picks the pods and --tail is not given. */
const SELECTOR_TAIL = 10;

const FLAGS: FlagSpec[] = [
  { name: 'all-containers', kind: 'bool', description: "Get all containers' logs in the pod(s)." },
  { name: 'all-pods', kind: 'bool', description: 'Get logs from all pod(s). Sets prefix to true.' },
  {
    name: 'container',
    short: 'c',
    kind: 'string',
    valueName: 'string',
    description: 'Print the logs of this container',
  },
  { name: 'follow', short: 'f', kind: 'bool', description: 'Specify if the logs should be streamed.' },
  {
    name: 'ignore-errors',
    kind: 'bool',
    description: 'If watching / following pod logs, allow for any errors that occur to be non-fatal',
  },
  {
    name: 'insecure-skip-tls-verify-backend',
    kind: 'bool',
    description:
      'Skip verifying the identity of the kubelet that logs are requested from.  In theory, an attacker could provide invalid log content back. You might want to use this if your kubelet serving certificates have expired.',
  },
  {
    name: 'limit-bytes',
    kind: 'int',
    valueName: 'int',
    default: 0,
    description: 'Maximum bytes of logs to return. Defaults to no limit.',
  },
  {
    name: 'max-log-requests',
    kind: 'int',
    valueName: 'int',
    default: 5,
    description: 'Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.',
  },
  {
    name: 'pod-running-timeout',
    kind: 'string',
    valueName: 'duration',
    default: '20s',
    description: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running',
  },
  {
    name: 'prefix',
    kind: 'bool',
    description: 'Prefix each log line with the log source (pod name and container name)',
  },
  {
    name: 'previous',
    short: 'p',
    kind: 'bool',
    description: 'If true, print the logs for the previous instance of the container in a pod if it exists.',
  },
  {
    name: 'selector',
    short: 'l',
    kind: 'string',
    valueName: 'string',
    description:
      "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
  },
  {
    name: 'since',
    kind: 'string',
    valueName: 'duration',
    default: '0s',
    description:
      'Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.',
  },
  {
    name: 'since-time',
    kind: 'string',
    valueName: 'string',
    description:
      'Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used.',
  },
  {
    name: 'tail',
    kind: 'int',
    valueName: 'int',
    default: -1,
    description:
      'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.',
  },
  { name: 'timestamps', kind: 'bool', description: 'Include timestamps on each line in the log output' },
];

export const command: Command = {
  name: 'logs',
  short: 'Print the logs for a container in a pod',
  long: 'Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.\n\nWith -f, a dropped connection is resumed from the last line printed, without repeating or losing lines.',
  examples: `  # Return snapshot logs from pod nginx with only one container
  kubesense logs nginx

  # Begin streaming the logs of the ruby container in pod web-1
  kubesense logs -f -c ruby web-1

  # Display only the most recent 20 lines of output in pod nginx
  kubesense logs --tail=20 nginx

  # Show all logs from pod nginx written in the last hour
  kubesense logs --since=1h nginx

  # Return snapshot of previous terminated ruby container logs from pod web-1
  kubesense logs -p -c ruby web-1

  # Return snapshot logs from first container of a job named hello
  kubesense logs job/hello`,
  usage: '[-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [flags]',
  flags: FLAGS,
  run: runLogs,
};

/** util.ParseRFC3339: RFC 3339 with optional fractional seconds, sent as metav1.Time (whole seconds, UTC). */
function sinceTimeParameter(value: string): string {
  const m = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(value);
  const ms = m ? Date.parse(value) : NaN;
  if (Number.isNaN(ms))
    throw new CommandError(
      `parsing time ${quote(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${quote(value)} as "2006"`,
    );
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function runLogs(ctx: CommandContext): Promise<number> {
  try {
    return await logs(ctx);
  } catch (e) {
    // kubectl's CheckErr: "Error from server (Reason): message" for the server's errors.
    if (!(e instanceof StatusError)) throw e;
    ctx.io.stderr.write(`${describeError(e)}\n`);
    return 1;
  }
}

async function logs(ctx: CommandContext): Promise<number> {
  const v = ctx.flags.values;
  const selector = String(v.get('selector') ?? '');
  const sinceNs = durationFlag(ctx.flags, 'since');
  const podTimeoutNs = durationFlag(ctx.flags, 'pod-running-timeout');
  const args = ctx.args;
  let resourceArg = '';
  let container = String(v.get('container') ?? '');
  if (args.length === 0 && !selector) throw new UsageError(USAGE_ERROR);
  if (args.length === 1) {
    resourceArg = args[0]!;
    if (selector) throw new UsageError('only a selector (-l) or a POD name is allowed');
  } else if (args.length === 2) {
    resourceArg = args[0]!;
    container = args[1]!;
  } else if (args.length > 2) throw new UsageError(USAGE_ERROR);

  const allPods = v.get('all-pods') === true;
  const allContainers = v.get('all-containers') === true;
  const prefix = allPods || v.get('prefix') === true;
  if (podTimeoutNs <= 0) throw new CommandError('--pod-running-timeout must be higher than zero');
  const sinceTimeRaw = String(v.get('since-time') ?? '');
  const tail = Number(v.get('tail'));
  const options: PodLogOptions = {
    container: container || undefined,
    follow: v.get('follow') === true,
    previous: v.get('previous') === true,
    timestamps: v.get('timestamps') === true,
    insecureSkipTLSVerifyBackend: v.get('insecure-skip-tls-verify-backend') === true,
    sinceTime: sinceTimeRaw ? sinceTimeParameter(sinceTimeRaw) : undefined,
    limitBytes: Number(v.get('limit-bytes')) || undefined,
    // Go's Duration.Round(time.Second): halves away from zero.
    sinceSeconds: sinceNs ? Math.sign(sinceNs) * Math.round(Math.abs(sinceNs) / 1e9) : undefined,
    tailLines:
      selector && tail === -1 && !ctx.flags.changed.has('tail') ? SELECTOR_TAIL : tail !== -1 ? tail : undefined,
  };

  const factory = await clientFactory(ctx);
  const notice = (m: string) => ctx.io.stderr.write(`${m}\n`);
  // kubectl's Complete: the object is fetched before the options are validated.
  const object = selector ? undefined : await fetchObject(factory, resourceArg);
  let pods: PodLike[] | undefined;
  if (selector) {
    const list = await factory
      .dynamicClient()
      .resource({ group: '', version: 'v1', resource: 'pods' })
      .namespace(factory.namespace())
      .list({ labelSelector: selector });
    pods = list.items as PodLike[];
    if (pods.length === 0) ctx.io.stderr.write(`No resources found in ${factory.namespace()} namespace.\n`);
  }

  // kubectl's Validate.
  if (sinceTimeRaw && sinceNs) throw new CommandError('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (allContainers && container)
    throw new CommandError(`--all-containers=true should not be specified with container name ${container}`);
  if (ctx.flags.changed.has('container') && args.length === 2)
    throw new CommandError('only one of -c or an inline [CONTAINER] arg is allowed');
  if (Number(v.get('limit-bytes')) < 0) throw new CommandError('--limit-bytes must be greater than 0');
  if ((options.sinceSeconds ?? 0) < 0) throw new CommandError('--since must be greater than 0');
  if ((options.tailLines ?? 0) < -1) throw new CommandError('--tail must be greater than or equal to -1');

  const targets: LogTarget[] = [];
  const wanted = { container: options.container, allContainers };
  try {
    if (pods) for (const pod of pods) targets.push(...containerTargets(pod, wanted, notice));
    else if ((object as { kind?: string }).kind === 'Pod')
      targets.push(...containerTargets(object as PodLike, wanted, notice));
    else {
      const chosen = await podsForObject(
        factory.restClient(),
        object as object,
        { allPods, podTimeoutMs: podTimeoutNs / 1e6 },
        notice,
      );
      for (const pod of chosen) targets.push(...containerTargets(pod, wanted, allPods ? undefined : notice));
    }
  } catch (e) {
    if (e instanceof StatusError) throw e;
    throw new CommandError(errorMessage(e));
  }

  const maxRequests = Number(v.get('max-log-requests'));
  if (options.follow && targets.length > 1) {
    if (targets.length > maxRequests)
      throw new CommandError(
        `you are attempting to follow ${targets.length} log streams, but maximum allowed concurrency is ${maxRequests}, use --max-log-requests to increase the limit`,
      );
    return consumeAll(ctx, factory, targets, options, prefix, 'parallel');
  }
  return consumeAll(ctx, factory, targets, options, prefix, 'sequential');
}

/** builder.ResourceNames("pods", arg): NAME is a pod, TYPE/NAME anything the mapper knows. */
async function fetchObject(factory: ClientFactory, arg: string): Promise<unknown> {
  const slash = arg.indexOf('/');
  const type = slash >= 0 ? arg.slice(0, slash) : 'pods';
  const name = slash >= 0 ? arg.slice(slash + 1) : arg;
  if (slash >= 0 && !name)
    throw new CommandError(`arguments in resource/name form must have a single resource and name`);
  let mapping;
  try {
    mapping = await factory.mappingFor(type);
  } catch (e) {
    if (isNoMatchError(e)) throw new CommandError(`the server doesn't have a resource type "${type}"`);
    throw e;
  }
  const ns = mapping.scope === 'namespace' ? factory.namespace() : '';
  try {
    return await factory.dynamicClient().resource(mapping.resource).namespace(ns).get(name);
  } catch (e) {
    if (isNotFound(e))
      throw new CommandError(`error from server (NotFound): ${errorMessage(e)} in namespace "${factory.namespace()}"`);
    throw e;
  }
}

async function consumeAll(
  ctx: CommandContext,
  factory: ClientFactory,
  targets: LogTarget[],
  options: PodLogOptions,
  prefix: boolean,
  mode: 'parallel' | 'sequential',
): Promise<number> {
  const ignoreErrors = ctx.flags.values.get('ignore-errors') === true;
  const stop = new AbortController();
  const consume = async (t: LogTarget) => {
    const label = prefix ? `[pod/${t.pod}/${t.container}] ` : '';
    try {
      const stream = await streamPodLogs(
        factory.restClient(),
        t.namespace,
        t.pod,
        { ...options, container: t.container },
        { signal: stop.signal },
      );
      const decoder = new StringDecoder('utf8');
      let partial = '';
      for await (const chunk of stream) {
        const text = partial + decoder.write(chunk);
        if (!label && mode === 'sequential') {
          ctx.io.stdout.write(text);
          continue;
        }
        // Whole lines only, so parallel streams never interleave within a line (kubectl's DefaultConsumeRequest).
        const end = text.lastIndexOf('\n') + 1;
        partial = text.slice(end);
        if (end > 0) ctx.io.stdout.write(label ? prefixLines(text.slice(0, end), label) : text.slice(0, end));
      }
      const rest = partial + decoder.end();
      if (rest) ctx.io.stdout.write(label + rest);
    } catch (e) {
      if (!ignoreErrors) throw e;
      ctx.io.stdout.write(`error: ${errorMessage(e)}\n`);
    }
  };
  if (mode === 'sequential') {
    for (const t of targets) await consume(t);
    return 0;
  }
  try {
    // The first failing stream ends them all (kubectl closes the shared pipe with its error).
    await Promise.all(targets.map((t) => consume(t).catch((e: unknown) => (stop.abort(), Promise.reject(e)))));
  } finally {
    stop.abort();
  }
  return 0;
}

/** kubectl's prefixingWriter: the source before every line. */
function prefixLines(text: string, label: string): string {
  const lines = text.split('\n');
  lines.pop();
  return lines.map((l) => `${label}${l}\n`).join('');
}
