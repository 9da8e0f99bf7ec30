// A pod log shown in the editor: one container's log followed through kube/logs (which resumes dropped
// connections), handed to the view in batches so a fast log costs one append per batch, never a rebuild of
// everything shown. Stop, restart, timestamps and the previous instance are options of the same session.
// No vscode import: the extension's glue (client/src/documents/podLogs.ts) appends the batches to its view.
import { StringDecoder } from 'string_decoder';
import type { RESTClient } from '../../../kube/rest/client';
import {
  containerFieldPath,
  containerTargets,
  DEFAULT_CONTAINER_ANNOTATION,
  podsForObject,
  streamPodLogs,
  type LogTarget,
  type PodLike,
  type PodLogStream,
  type WorkloadLike,
} from '../../../kube/logs';
import { errorMessage } from '../../../kube/util/errors';

export interface LogViewOptions {
  timestamps: boolean;
  /** The previous (terminated) instance of the container; not followed, it has ended. */
  previous: boolean;
  /** Lines of history before following (undefined: all of it). */
  tailLines?: number;
}

export type LogState =
  | { kind: 'connecting' }
  | { kind: 'streaming' }
  | { kind: 'reconnecting'; attempt: number; reason: string }
  | { kind: 'ended' }
  | { kind: 'stopped' }
  | { kind: 'failed'; message: string };

export interface LogSink {
  /** Text to add at the end of the view (whole lines while following). */
  append(text: string): void;
  /** Everything shown so far is dropped (a restart with other options). */
  clear(): void;
  state(state: LogState): void;
}

/** How often appended text is handed to the view at most. */
export const LOG_FLUSH_MS = 40;

export class PodLogSession {
  private stream?: PodLogStream;
  private controller?: AbortController;
  private pending: string[] = [];
  private timer?: NodeJS.Timeout;
  private lastFlush = -Infinity;
  private generation = 0;
  lines = 0;
  current: LogState = { kind: 'stopped' };

  constructor(
    private readonly client: RESTClient,
    readonly target: LogTarget,
    public options: LogViewOptions,
    private readonly sink: LogSink,
    private readonly flushMs = LOG_FLUSH_MS,
  ) {}

  /** `pod/NAME/CONTAINER`, with `(previous)` when showing the terminated instance. */
  get title(): string {
    return `pod/${this.target.pod}/${this.target.container}${this.options.previous ? ' (previous)' : ''}`;
  }

  get running(): boolean {
    return this.controller !== undefined;
  }

  /** Starts (or, with new options, restarts) from the beginning of the requested history. */
  async start(options: Partial<LogViewOptions> = {}): Promise<void> {
    this.stop(false);
    this.options = { ...this.options, ...options };
    this.sink.clear();
    this.lines = 0;
    const generation = ++this.generation;
    const controller = (this.controller = new AbortController());
    this.setState({ kind: 'connecting' });
    try {
      this.stream = await streamPodLogs(
        this.client,
        this.target.namespace,
        this.target.pod,
        {
          container: this.target.container,
          follow: !this.options.previous,
          previous: this.options.previous,
          timestamps: this.options.timestamps,
          tailLines: this.options.tailLines,
        },
        {
          signal: controller.signal,
          reconnect: { maxAttempts: Infinity },
          onReconnect: (e) =>
            this.setState({ kind: 'reconnecting', attempt: e.attempt, reason: errorMessage(e.error) }),
        },
      );
      this.setState({ kind: 'streaming' });
      const decoder = new StringDecoder('utf8');
      for await (const chunk of this.stream) {
        if (generation !== this.generation) return; // restarted meanwhile: this chunk belongs to the old view
        if (this.current.kind === 'reconnecting') this.setState({ kind: 'streaming' });
        this.push(decoder.write(chunk));
      }
      this.push(decoder.end());
      if (generation === this.generation && !controller.signal.aborted) this.finish({ kind: 'ended' });
    } catch (e) {
      if (generation === this.generation && !controller.signal.aborted)
        this.finish({ kind: 'failed', message: errorMessage(e) });
    }
  }

  /** Stops reading; what was shown stays. */
  stop(announce = true): void {
    if (!this.controller) return;
    this.controller.abort();
    this.controller = undefined;
    this.stream = undefined;
    this.flush();
    if (announce) this.setState({ kind: 'stopped' });
  }

  private finish(state: LogState): void {
    this.controller = undefined;
    this.flush();
    this.setState(state);
  }

  private push(text: string): void {
    if (!text) return;
    this.pending.push(text);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lines++;
    if (this.timer) return;
    // A quiet log shows each line at once; a busy one is handed over at most once per flushMs.
    const wait = this.lastFlush + this.flushMs - performance.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
    this.pending = [];
    this.lastFlush = performance.now();
    this.sink.append(text);
  }

  private setState(state: LogState): void {
    this.current = state;
    this.sink.state(state);
  }
}

/** One line for a status bar or title: what the session is doing. */
export function describeLogState(state: LogState, lines: number): string {
  switch (state.kind) {
    case 'connecting':
      return 'connecting…';
    case 'streaming':
      return `following · ${lines} lines`;
    case 'reconnecting':
      return `reconnecting (attempt ${state.attempt})…`;
    case 'ended':
      return `ended · ${lines} lines`;
    case 'stopped':
      return `stopped · ${lines} lines`;
    case 'failed':
      return `failed: ${state.message}`;
  }
}

/** The kinds "Show Logs" is offered on: pods and what kubectl logs finds pods for. */
export const LOG_SOURCE_RESOURCES = new Set([
  '/pods',
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  '/services',
  '/replicationcontrollers',
]);

export function hasLogs(resource: { group: string; resource: string }): boolean {
  return LOG_SOURCE_RESOURCES.has(`${resource.group}/${resource.resource}`);
}

export interface ContainerChoice {
  container: string;
  /** `init`, `ephemeral`, or '' for a regular container. */
  role: string;
  /** The one kubectl logs would take. */
  isDefault: boolean;
}

/** A pod's containers to pick from, kubectl's default first. */
export function containerChoices(pod: PodLike): ContainerChoice[] {
  const preferred = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  const defaultName = preferred && containerFieldPath(pod, preferred) ? preferred : pod.spec?.containers?.[0]?.name;
  const all: ContainerChoice[] = [
    ...(pod.spec?.containers ?? []).map((c) => ({ container: c.name, role: '', isDefault: c.name === defaultName })),
    ...(pod.spec?.initContainers ?? []).map((c) => ({ container: c.name, role: 'init', isDefault: false })),
    ...(pod.spec?.ephemeralContainers ?? []).map((c) => ({ container: c.name, role: 'ephemeral', isDefault: false })),
  ];
  return [...all.filter((c) => c.isDefault), ...all.filter((c) => !c.isDefault)];
}

/**
 * The pod a "Show Logs" on any log source means: the pod itself, or the one kubectl logs picks for a workload or
 * Service (kube/logs podsForObject).
 */
export async function podForLogs(client: RESTClient, object: WorkloadLike, signal?: AbortSignal): Promise<PodLike> {
  if (object.kind === 'Pod') return object as PodLike;
  const [pod] = await podsForObject(client, object, { podTimeoutMs: 5_000, signal });
  return pod!;
}

/** The log target for one container of a pod (kubectl's check that the container exists included). */
export function logTarget(pod: PodLike, container: string): LogTarget {
  return containerTargets(pod, { container })[0]!;
}
