// The Describe and Events views: kubectl describe's text for an object (the same describers as
// `kubesense describe`, kube/describe), an object's or namespace's events as a table, and the live watch
// that tells an open view to redraw when the object or its events change.
import { describe as describeWith, type CoreEvent } from '../../../kube/describe';
import { Informer, type ListerWatcher } from '../../../kube/cache';
import { DynamicClient, type Unstructured } from '../../../kube/dynamic';
import type { RESTClient } from '../../../kube/rest/client';
import { humanDuration } from './age';
import type { ObjectAddress } from './uris';
/** A core/v1 Event as the views read it. */
export type EventLike = CoreEvent;

/** kubectl describe's text for the object at `address`, with its events. */
export function describeAddress(
  client: RESTClient,
  address: ObjectAddress,
  signal?: AbortSignal,
  now: () => number = Date.now,
): Promise<string> {
  return describeWith(new DynamicClient(client), address, address.namespace ?? '', address.name, { signal }, now);
}

function timeOf(e: EventLike): number {
  const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
  return t ? Date.parse(t) : 0;
}

export interface LiveView {
  stop(): void;
}

/**
 * Watches what a Describe or Events view shows: the object itself (by name) and the events about it (or, for
 * a namespace's Events view, every event in it). `onChange` is called, at most every `debounceMs`, after the
 * initial lists whenever either changes; `stop` ends both watches.
 */
export function watchView(
  client: RESTClient,
  address: ObjectAddress,
  view: 'describe' | 'events',
  onChange: () => void,
  debounceMs = 100,
): LiveView {
  const dynamic = new DynamicClient(client);
  const isNamespace = address.group === '' && address.resource === 'namespaces';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ready = 0;
  const changed = () => {
    if (ready < informers.length || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, debounceMs);
  };
  const informer = (lw: ListerWatcher<Unstructured>, fieldSelector: string) => {
    const i = new Informer<Unstructured>({
      list: (o, signal) => lw.list({ ...o, fieldSelector }, signal),
      watch: (o, signal) => lw.watch({ ...o, fieldSelector }, signal),
    });
    let synced = false;
    i.addEventHandler({
      onAdd: changed,
      onUpdate: changed,
      onDelete: changed,
      onSync: () => {
        if (!synced) ready++;
        synced = true;
      },
    });
    return i;
  };
  const events = dynamic.resource({ group: '', version: 'v1', resource: 'events' });
  const eventsNs = isNamespace ? address.name : (address.namespace ?? '');
  const informers = [
    informer(
      events.namespace(eventsNs).listWatcher(),
      view === 'events' && isNamespace ? '' : `involvedObject.name=${address.name}`,
    ),
  ];
  if (view === 'describe' || !isNamespace) {
    informers.push(
      informer(
        dynamic
          .resource(address)
          .namespace(address.namespace ?? '')
          .listWatcher(),
        `metadata.name=${address.name}`,
      ),
    );
  }
  for (const i of informers) i.start();
  return {
    stop: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      for (const i of informers) void i.stop();
    },
  };
}

/** A namespace's or object's events as a table, like `kubectl get events` (the events view). */
export function formatEventList(events: readonly EventLike[], now: number): string {
  const sorted = [...events].sort((a, b) => timeOf(a) - timeOf(b));
  const header = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  const rows = sorted.map((e) => [
    (e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp)
      ? humanDuration(now - timeOf(e))
      : '<unknown>',
    e.type ?? '',
    e.reason ?? '',
    `${(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name ?? ''}`,
    (e.message ?? '').trim().replace(/\s*\n\s*/g, ' '),
  ]);
  if (rows.length === 0) return 'No events.\n';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]! + 3)))
      .join('')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
