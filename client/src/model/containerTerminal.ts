// A terminal in a container, without VS Code: runs a shell (the first of /bin/bash, /bin/sh that exists) or the
// user's command with a TTY over kube/remotecommand, forwards keystrokes and size changes, and turns every way it
// can end (exit code, no shell, forbidden, cancelled, lost connection) into text for the terminal and a label.
// client/src/terminal/ is the thin Pseudoterminal glue.
import type { RESTClient } from '../../../kube/rest/client';
import { isForbidden, isNotFound, StatusError } from '../../../kube/rest/errors';
import {
  exec,
  RemoteCommandFailedError,
  type RemoteCommandSession,
  type TerminalSize,
} from '../../../kube/remotecommand';
import type { Pod } from '../../../kube/typed/generated/types/api/core/v1';
import { containerOrDefault } from '../../../kube/util/attachablePod';
import { errorMessage } from '../../../kube/util/errors';

/** Tried in order, as other Kubernetes tools do. */
export const DEFAULT_SHELLS = ['/bin/bash', '/bin/sh'];

export interface TerminalTarget {
  namespace: string;
  pod: string;
  container: string;
}

/** Where the terminal's text and its end go (the Pseudoterminal's write/close events). */
export interface TerminalSink {
  write(text: string): void;
  /** The session is over: `exitCode` when the process ran, with a short label for the terminal's name. */
  ended(outcome: TerminalOutcome): void;
}

export type TerminalOutcome =
  | { kind: 'exited'; exitCode: number; label: string }
  | { kind: 'failed'; message: string; label: string }
  | { kind: 'closed'; label: string };

export interface TerminalOptions {
  /** A command to run instead of a shell. */
  command?: string[];
  /** Shell candidates (default DEFAULT_SHELLS). */
  shells?: string[];
}

/** "web-1/app" or "web-1" when the pod has one container. */
export function terminalName(target: TerminalTarget, containerCount = 2): string {
  return containerCount > 1 ? `${target.pod}/${target.container}` : target.pod;
}

/** Splits what the user typed as a command the way a shell would for simple input: words, 'single' and "double" quotes. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length && /["\\$`]/.test(line[i + 1])) current += line[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote`);
  if (inWord) words.push(current);
  return words;
}

/** The containers a user can open a terminal in (regular, then init and ephemeral ones), the default first. */
export function terminalContainers(pod: Pod): { name: string; isDefault: boolean; note?: string }[] {
  let defaultName: string | undefined;
  try {
    defaultName = containerOrDefault(pod).container.name;
  } catch {
    defaultName = undefined;
  }
  const ready = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  const all = [
    ...(pod.spec?.containers ?? []).map((c) => ({ name: c.name, note: undefined as string | undefined })),
    ...(pod.spec?.initContainers ?? []).map((c) => ({ name: c.name, note: 'init container' })),
    ...(pod.spec?.ephemeralContainers ?? []).map((c) => ({ name: c.name, note: 'ephemeral container' })),
  ].map((c) => ({
    ...c,
    isDefault: c.name === defaultName,
    note: c.note ?? (ready.get(c.name)?.state?.running ? undefined : 'not running'),
  }));
  return [...all.filter((c) => c.isDefault), ...all.filter((c) => !c.isDefault)];
}

const CRLF = '\r\n';
const dim = (s: string) => `\x1b[2m${s}\x1b[0m`;
const red = (s: string) => `\x1b[31m${s}\x1b[0m`;

/** The shell or command could not be started (as opposed to: it ran and exited). */
function isNotStartable(err: unknown): boolean {
  return (
    err instanceof RemoteCommandFailedError &&
    /no such file|not found|executable file|permission denied|exec format error/i.test(err.message)
  );
}

export class ContainerTerminal {
  private session?: RemoteCommandSession;
  private size?: TerminalSize;
  /** Input typed before the current shell printed anything: replayed to the next shell if this one is missing. */
  private pending: string[] = [];
  private started = false;
  private readonly abort = new AbortController();
  private closedByUser = false;

  constructor(
    private readonly rest: RESTClient,
    private readonly target: TerminalTarget,
    private readonly sink: TerminalSink,
    private readonly options: TerminalOptions = {},
  ) {}

  /** Starts the shell or command; resolves when the session is over (the sink has been told how). */
  async open(size?: TerminalSize): Promise<void> {
    if (size) this.size = size;
    const where = `${this.target.namespace}/${this.target.pod}, container ${this.target.container}`;
    const candidates = this.options.command?.length
      ? [this.options.command]
      : (this.options.shells ?? DEFAULT_SHELLS).map((s) => [s]);
    const tried: string[] = [];
    for (const command of candidates) {
      if (this.closedByUser) return;
      this.started = false;
      try {
        this.session = await exec(this.rest, {
          ...this.target,
          command,
          stdin: true,
          tty: true,
          signal: this.abort.signal,
          onStdout: (data) => {
            if (!this.started) {
              this.started = true;
              this.pending = [];
            }
            this.sink.write(data.toString('utf8'));
          },
        });
        if (this.size) this.session.resize(this.size);
        for (const data of this.pending) this.session.write(data);
        const { exitCode } = await this.session.done;
        this.session = undefined;
        if (this.closedByUser) return;
        this.sink.write(CRLF + dim(`[${command.join(' ')} exited with code ${exitCode}]`) + CRLF);
        this.sink.ended({ kind: 'exited', exitCode, label: exitCode === 0 ? 'exited' : `exit ${exitCode}` });
        return;
      } catch (err) {
        this.session = undefined;
        if (this.closedByUser) return;
        // A missing shell fails before it prints anything: try the next candidate.
        if (!this.started && isNotStartable(err) && !this.options.command?.length) {
          tried.push(command[0]);
          continue;
        }
        const message = this.explain(err, where, command);
        this.sink.write(CRLF + red(message) + CRLF);
        this.sink.ended({ kind: 'failed', message, label: 'failed' });
        return;
      }
    }
    const message =
      `This container has no shell: tried ${tried.join(', ')} in ${where}. ` +
      'Open a terminal with a command instead (Kubernetes: Open Terminal in Container… → “Run a command…”), ' +
      'or use a debug container (kubectl debug).';
    this.sink.write(red(message) + CRLF);
    this.sink.ended({ kind: 'failed', message, label: 'no shell' });
  }

  private explain(err: unknown, where: string, command: string[]): string {
    if (isForbidden(err)) return `Not allowed to open a terminal in ${where}: ${errorMessage(err)}`;
    if (isNotFound(err)) return `${where} was not found: ${errorMessage(err)}`;
    if (isNotStartable(err)) return `Cannot run ${command.join(' ')} in ${where}: ${errorMessage(err)}`;
    if (err instanceof StatusError) return `The server refused the terminal in ${where}: ${errorMessage(err)}`;
    return `The terminal in ${where} ended: ${errorMessage(err)}`;
  }

  /** Keystrokes (kept until the session is open). */
  input(data: string): void {
    if (!this.started) this.pending.push(data);
    this.session?.write(data);
  }

  resize(size: TerminalSize): void {
    this.size = size;
    this.session?.resize(size);
  }

  /** The user closed the terminal: end the remote process's session. */
  close(): void {
    if (this.closedByUser) return;
    this.closedByUser = true;
    this.session?.close();
    this.abort.abort(new Error('terminal closed'));
  }
}
