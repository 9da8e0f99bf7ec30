// The Events section every describer ends with: the events whose involvedObject is the described object
// (kubectl's searchEvents field selector), oldest last-seen first, ages relative to `now`.
import type { DynamicClient } from '../dynamic';
import { humanDuration } from '../util/duration';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './writer';

export interface CoreEvent {
  metadata?: { name?: string; namespace?: string; creationTimestamp?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string; fieldPath?: string };
}

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name: string;
  uid?: string;
}

const EVENTS = { group: '', version: 'v1', resource: 'events' };

/** The events field selector of client-go's GetFieldSelector (nil fields are left out). */
export function eventFieldSelector(ref: ObjectReference): string {
  const fields: [string, string | undefined][] = [
    ['involvedObject.kind', ref.kind || undefined],
    ['involvedObject.name', ref.name],
    ['involvedObject.namespace', ref.namespace ?? ''],
    ['involvedObject.uid', ref.uid || undefined],
  ];
  return fields
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** kubectl's searchEvents: the object's events in its namespace, in pages of `chunkSize`. */
export async function searchEvents(
  client: DynamicClient,
  ref: ObjectReference,
  chunkSize: number,
  signal?: AbortSignal,
): Promise<CoreEvent[]> {
  const list = await client
    .resource(EVENTS)
    .namespace(ref.namespace ?? '')
    .listAll({ fieldSelector: eventFieldSelector(ref), limit: chunkSize || undefined, signal });
  return list.items as CoreEvent[];
}

function since(timestamp: string | null | undefined, now: number): string {
  return timestamp ? humanDuration(now - Date.parse(timestamp)) : '<unknown>';
}

function millis(t: string | null | undefined): number {
  return t ? Date.parse(t) : -Infinity;
}

/** DescribeEvents: a table sorted by last timestamp (kubectl's SortableEvents; stable like its small sorts). */
export function describeEvents(events: readonly CoreEvent[], w: PrefixWriter, now: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  const sorted = [...events].sort((a, b) => millis(a.lastTimestamp) - millis(b.lastTimestamp));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let interval: string;
    if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    else interval = first;
    const source = e.source?.component || e.reportingComponent || '';
    const message = (e.message ?? '').trim();
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${message}\n`);
  }
}
