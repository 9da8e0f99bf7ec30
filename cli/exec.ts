// `kubesense exec` and `kubesense attach`: kubectl's arguments, pod and container choice, TTY handling and
// messages, over kube/remotecommand (WebSocket, v5.channel.k8s.io). The exit code of the remote command is ours.
import { spawnSync } from 'node:child_process';
import type { Pod } from '../kube/typed/generated/types/api/core/v1';
import {
  attach,
  exec,
  RemoteCommandFailedError,
  type RemoteCommandSession,
  type SessionHandlers,
  type TerminalSize,
} from '../kube/remotecommand';
import { StatusError } from '../kube/rest/errors';
import { containerOrDefault, mostActivePod, podSelectorFor } from '../kube/util/attachablePod';
import { errorMessage } from '../kube/util/errors';
import type { Command, CommandContext, CommandIO } from './command';
import { CommandError, UsageError } from './command';
import { durationFlag, type FlagSpec } from './flags';
import { describeError } from './errorOutput';
import type { ClientFactory } from '../kube/factory';
import { clientFactory } from './factory';

const CONTAINER_FLAG: FlagSpec = {
  name: 'container',
  short: 'c',
  kind: 'string',
  default: '',
  description:
    'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen',
};
const STREAM_FLAGS: FlagSpec[] = [
  {
    name: 'pod-running-timeout',
    kind: 'string',
    default: '1m0s',
    description: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running',
  },
  { name: 'quiet', short: 'q', kind: 'bool', description: 'Only print output from the remote session' },
  { name: 'stdin', short: 'i', kind: 'bool', description: 'Pass stdin to the container' },
  { name: 'tty', short: 't', kind: 'bool', description: 'Stdin is a TTY' },
];

export const command: Command = {
  name: 'exec',
  short: 'Execute a command in a container',
  long: 'Execute a command in a container.',
  usage: '(POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]',
  examples: `  # Get output from running the 'date' command from pod mypod, using the first container by default
  kubesense exec mypod -- date

  # Get output from running the 'date' command in ruby-container from pod mypod
  kubesense exec mypod -c ruby-container -- date

  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  # and sends stdout/stderr from 'bash' back to the client
  kubesense exec mypod -c ruby-container -i -t -- bash -il

  # Get output from running 'date' command from the first pod of the deployment mydeployment
  kubesense exec deploy/mydeployment -- date`,
  flags: [CONTAINER_FLAG, ...STREAM_FLAGS],
  run: runExec,
};

export const attachCommand: Command = {
  name: 'attach',
  short: 'Attach to a running container',
  long: 'Attach to a process that is already running inside an existing container.',
  usage: '(POD | TYPE/NAME) -c CONTAINER [flags]',
  examples: `  # Get output from running pod mypod; use the 'kubectl.kubernetes.io/default-container' annotation
  # for selecting the container to be attached or the first container in the pod will be chosen
  kubesense attach mypod

  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  kubesense attach mypod -c ruby-container -i -t`,
  flags: [CONTAINER_FLAG, ...STREAM_FLAGS],
  run: runAttach,
};

interface StreamFlags {
  container: string;
  quiet: boolean;
  stdin: boolean;
  tty: boolean;
  podTimeoutMs: number;
}

function streamFlags(ctx: CommandContext): StreamFlags {
  const v = ctx.flags.values;
  const podTimeoutMs = durationFlag(ctx.flags, 'pod-running-timeout') / 1e6;
  return {
    container: String(v.get('container') ?? ''),
    quiet: v.get('quiet') === true,
    stdin: v.get('stdin') === true,
    tty: v.get('tty') === true,
    podTimeoutMs,
  };
}

async function runExec(ctx: CommandContext): Promise<number> {
  const flags = streamFlags(ctx);
  const args = ctx.args;
  const dash = ctx.flags.argsLenAtDash ?? -1;
  const resource = args.length > 0 && dash !== 0 ? args[0] : '';
  if (dash === -1 && args.length > 1) {
    throw new UsageError('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
  }
  const commandArgs = dash > -1 ? args.slice(dash) : [];
  if (!resource) throw new CommandError('pod, type/name or --filename must be specified');
  if (commandArgs.length === 0) throw new CommandError('you must specify at least one command for the container');
  return runStream(ctx, flags, resource, 'exec', commandArgs);
}

async function runAttach(ctx: CommandContext): Promise<number> {
  const flags = streamFlags(ctx);
  if (ctx.args.length === 0) throw new CommandError('at least 1 argument is required for attach');
  if (ctx.args.length > 2) {
    throw new CommandError(
      `expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${ctx.args.length}: [${ctx.args.join(' ')}]`,
    );
  }
  if (flags.podTimeoutMs <= 0) throw new CommandError('--pod-running-timeout must be higher than zero');
  const resource = ctx.args.length === 2 ? `${ctx.args[0]}/${ctx.args[1]}` : ctx.args[0];
  return runStream(ctx, flags, resource, 'attach');
}

async function runStream(
  ctx: CommandContext,
  flags: StreamFlags,
  resource: string,
  verb: 'exec' | 'attach',
  commandArgs: string[] = [],
): Promise<number> {
  const io = ctx.io;
  const factory = await clientFactory(ctx);
  let pod: Pod;
  let container: string;
  try {
    pod = await podFor(factory, resource, flags.podTimeoutMs);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      throw new CommandError(
        verb === 'exec'
          ? `cannot exec into a container in a completed pod; current phase is ${phase}`
          : `cannot attach a container in a completed pod; current phase is ${phase}`,
      );
    }
    container = flags.container;
    if (!container || verb === 'attach') {
      try {
        const chosen = containerOrDefault(pod, flags.container || undefined);
        if (chosen.notice && !flags.quiet) io.stderr.write(`${chosen.notice}\n`);
        container = chosen.container.name;
        if (verb === 'attach') {
          if (flags.tty && !chosen.container.tty) {
            flags.tty = false;
            if (!flags.quiet)
              io.stderr.write(`error: Unable to use a TTY - container ${container} did not allocate one\n`);
          } else if (!flags.tty && chosen.container.tty) flags.tty = true;
        }
      } catch (e) {
        throw new CommandError(
          verb === 'attach' ? `cannot attach to the container: ${errorMessage(e)}` : errorMessage(e),
        );
      }
    }
  } catch (e) {
    if (e instanceof CommandError) throw e;
    io.stderr.write(`${describeError(e)}\n`);
    return 1;
  }

  // kubectl's SetupTTY: a TTY needs -i and a terminal on stdin; without -i there is neither.
  const stdin = process.stdin;
  let tty = flags.stdin && flags.tty;
  if (tty && !stdin.isTTY) {
    tty = false;
    if (!flags.quiet) io.stderr.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
  }
  if (verb === 'attach' && !flags.quiet) {
    io.stderr.write(
      'All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\n' +
        "If you don't see a command prompt, try pressing enter.\n",
    );
  }
  const handlers: SessionHandlers = {
    onStdout: (data) => writeBytes(io, 'stdout', data),
    // A raw terminal merges stderr into stdout, so kubectl does not ask for it.
    onStderr: tty ? undefined : (data) => writeBytes(io, 'stderr', data),
  };
  const abort = new AbortController();
  const options = {
    namespace: pod.metadata?.namespace ?? factory.namespace(),
    pod: pod.metadata?.name ?? '',
    container,
    stdin: flags.stdin,
    stdout: true,
    stderr: !tty,
    tty,
    signal: abort.signal,
    ...handlers,
  };
  let remote: RemoteCommandSession;
  try {
    remote =
      verb === 'exec'
        ? await exec(factory.restClient(), { ...options, command: commandArgs })
        : await attach(factory.restClient(), options);
  } catch (e) {
    io.stderr.write(`${describeError(e)}\n`);
    return 1;
  }
  const restore = connectTerminal(remote, flags.stdin, tty);
  try {
    const { exitCode } = await remote.done;
    restore();
    if (exitCode !== 0) {
      io.stderr.write(`command terminated with exit code ${exitCode}\n`);
      return exitCode;
    }
    return 0;
  } catch (e) {
    restore();
    // A status on the error channel is the command's failure, printed as kubectl prints a plain error.
    if (e instanceof RemoteCommandFailedError) io.stderr.write(`error: ${e.message}\n`);
    else if (e instanceof StatusError) io.stderr.write(`${describeError(e)}\n`);
    else io.stderr.write(`error: ${errorMessage(e)}\n`);
    return 1;
  }
}

function writeBytes(io: CommandIO, which: 'stdout' | 'stderr', data: Buffer): void {
  (io[which] as { write(chunk: Uint8Array | string): unknown }).write(data);
}

/**
 * Our stdin to the remote stdin (EOF becomes the v5 CLOSE signal); with a TTY the local terminal goes raw and
 * follows window size changes. Returns the function that puts the terminal back.
 */
function connectTerminal(remote: RemoteCommandSession, withStdin: boolean, tty: boolean): () => void {
  const stdin = process.stdin;
  const out = process.stdout;
  const size = (): TerminalSize | undefined =>
    out.isTTY && out.columns && out.rows ? { width: out.columns, height: out.rows } : undefined;
  const onResize = () => {
    const s = size();
    if (s) remote.resize(s);
  };
  const onData = (chunk: Buffer) => remote.write(chunk);
  const onEnd = () => remote.closeStdin();
  if (tty) {
    stdin.setRawMode?.(true);
    // libuv's raw mode keeps output post-processing (\n → \r\n); kubectl's (moby/term MakeRaw) turns it off, and the
    // remote terminal already sends \r\n.
    setOutputProcessing(false);
    onResize();
    out.on('resize', onResize);
  }
  if (withStdin) {
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.resume();
  }
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (tty) {
      out.off('resize', onResize);
      setOutputProcessing(true);
      stdin.setRawMode?.(false);
    }
    if (withStdin) {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause();
      // A still-open pipe or terminal must not keep the process alive after the remote command ended.
      stdin.destroy();
    }
  };
}

/** `stty [-]opost` on our terminal (stdin); without stty the output keeps libuv's \r\n translation. */
function setOutputProcessing(on: boolean): void {
  spawnSync('stty', [on ? 'opost' : '-opost'], { stdio: ['inherit', 'ignore', 'ignore'] });
}

/** POD, or TYPE/NAME resolved to one of its pods (kubectl's AttachablePodForObject, waiting for a pod to exist). */
async function podFor(factory: ClientFactory, resource: string, timeoutMs: number): Promise<Pod> {
  const pods = factory
    .dynamicClient()
    .resource({ group: '', version: 'v1', resource: 'pods' })
    .namespace(factory.namespace());
  const slash = resource.indexOf('/');
  if (slash < 0) return (await pods.get(resource)) as unknown as Pod;
  const type = resource.slice(0, slash);
  const name = resource.slice(slash + 1);
  const mapping = await factory.mappingFor(type);
  const gvr = mapping.resource;
  const client = factory.dynamicClient().resource(gvr);
  const obj = (await (mapping.scope === 'namespace' ? client.namespace(factory.namespace()) : client).get(name)) as {
    kind?: string;
  };
  if (mapping.groupVersionKind.kind === 'Pod') return obj as unknown as Pod;
  const selector = podSelectorFor({ ...obj, kind: mapping.groupVersionKind.kind } as Parameters<
    typeof podSelectorFor
  >[0]);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = (await pods.list({ labelSelector: selector })) as unknown as { items: Pod[] };
    const pod = mostActivePod(list.items);
    if (pod) return pod;
    if (Date.now() >= deadline) throw new Error(`timed out waiting for any pod matching ${selector}`);
    await new Promise((r) => setTimeout(r, Math.min(1000, Math.max(0, deadline - Date.now()))));
  }
}
