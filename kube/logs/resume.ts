// Resuming a followed log after a dropped connection, as `kubectl logs -f --timestamps` would by hand: every line
// is asked for with its kubelet timestamp, the last one seen is the resume point (sinceTime), and the lines the
// server sends again for that point are dropped. Pure logic, no I/O.

import type { PodLogOptions } from './options';

/** A kubelet timestamp (RFC 3339 with up to nanoseconds) as whole seconds since the epoch plus nanoseconds. */
export interface LogTime {
  seconds: number;
  nanos: number;
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) /;

/** The timestamp the kubelet puts before a line when `timestamps=true`, and where the message starts. */
export function parseLogTimestamp(line: string): { time: LogTime; messageStart: number } | undefined {
  const m = TIMESTAMP.exec(line);
  if (!m) return undefined;
  const seconds = secondsOf(`${m[1]}${m[3]}`);
  if (seconds === undefined) return undefined;
  return { time: { seconds, nanos: Number((m[2] ?? '').padEnd(9, '0')) }, messageStart: m[0].length };
}

// A busy log has thousands of lines per second: the date part is parsed once per second, not once per line.
let lastSecondText = '';
let lastSecond: number | undefined;

function secondsOf(text: string): number | undefined {
  if (text !== lastSecondText) {
    const ms = Date.parse(text);
    lastSecondText = text;
    lastSecond = Number.isNaN(ms) ? undefined : ms / 1000;
  }
  return lastSecond;
}

export function compareLogTime(a: LogTime, b: LogTime): number {
  return a.seconds - b.seconds || a.nanos - b.nanos;
}

/**
 * metav1.Time in a query parameter: RFC 3339 in whole seconds (the API server passes sinceTime on to the kubelet
 * with second precision), rounded down so nothing after the resume point is skipped.
 */
export function sinceTimeParameter(t: LogTime): string {
  return new Date(t.seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Tracks the lines a follower delivered, and after a reconnect drops the ones the server repeats: every line older
 * than the last one delivered, and as many lines carrying exactly its timestamp as were delivered with it.
 */
export class LogResumeTracker {
  private last?: LogTime;
  /** Lines delivered that carry exactly `last`. */
  private atLast = 0;
  /** While replaying after a reconnect: lines at `last` still to drop. */
  private skipAtLast = 0;
  private replaying = false;

  /** Where to resume from, or undefined when no timestamped line was delivered yet. */
  get resumePoint(): LogTime | undefined {
    return this.last;
  }

  /** Called when a new connection starts sending the log again from `resumePoint`'s second. */
  reconnected(): void {
    if (!this.last) return;
    this.replaying = true;
    this.skipAtLast = this.atLast;
  }

  /** Whether a line (with timestamp `time`, if it has one) is new; new lines become the resume point. */
  accept(time: LogTime | undefined): boolean {
    if (!time) return !this.replaying; // a line without a timestamp cannot be placed; drop it only while replaying
    if (this.replaying) {
      const c = this.last ? compareLogTime(time, this.last) : 1;
      if (c < 0) return false;
      if (c === 0 && this.skipAtLast > 0) {
        this.skipAtLast--;
        return false;
      }
      this.replaying = false;
    }
    const c = this.last ? compareLogTime(time, this.last) : 1;
    if (c === 0) this.atLast++;
    else if (c > 0) {
      // An out-of-order older line is delivered but never moves the resume point back.
      this.last = time;
      this.atLast = 1;
    }
    return true;
  }
}

/**
 * The options of the request that resumes a followed log. After a delivered line: from its second on (the
 * tracker drops what was already seen), without tail or sinceSeconds. Before any line, the first request again,
 * except that "only new lines" (tailLines 0) and a relative sinceSeconds are pinned to the time the first
 * response started (`startedAt`, the server's Date), so lines written while disconnected are not lost.
 * Timestamps are always requested; a byte limit is the caller's to enforce on what it delivers.
 */
export function resumeOptions(original: PodLogOptions, point: LogTime | undefined, startedAt?: LogTime): PodLogOptions {
  const o: PodLogOptions = { ...original, follow: true, timestamps: true, limitBytes: undefined };
  if (point) {
    o.sinceTime = sinceTimeParameter(point);
    o.tailLines = undefined;
    o.sinceSeconds = undefined;
  } else if (startedAt && original.tailLines === 0) {
    o.sinceTime = sinceTimeParameter(startedAt);
    o.tailLines = undefined;
  } else if (startedAt && original.sinceSeconds !== undefined) {
    o.sinceTime = sinceTimeParameter({ seconds: startedAt.seconds - original.sinceSeconds, nanos: 0 });
    o.sinceSeconds = undefined;
  }
  return o;
}
