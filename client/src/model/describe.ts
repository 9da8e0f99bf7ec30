// A readable summary of any object with its events, in the shape of `kubectl describe`'s generic
// describer (title-cased keys, nested indentation, an Events table), shown in a view highlighted by
// syntaxes/kubesense-describe.tmLanguage.json.
import { humanDuration } from './age';

export interface EventLike {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  series?: { count?: number; lastObservedTime?: string };
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  metadata?: { creationTimestamp?: string; name?: string };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

// Words kubectl prints in capitals.
const ACRONYMS: Record<string, string> = {
  ip: 'IP',
  ips: 'IPs',
  dns: 'DNS',
  qos: 'QoS',
  uid: 'UID',
  url: 'URL',
  api: 'API',
  tls: 'TLS',
  cidr: 'CIDR',
  cidrs: 'CIDRs',
  id: 'ID',
  cpu: 'CPU',
  http: 'HTTP',
  tcp: 'TCP',
  udp: 'UDP',
  fs: 'FS',
};

/** `creationTimestamp` -> `Creation Timestamp`, `podIP` -> `Pod IP` (kubectl's camelCase splitting). */
export function titleCase(key: string): string {
  // Acronyms stay whole, with a plural s (`hostIPs` -> Host IPs, `URLPath` -> URL Path).
  const words = key.match(/[A-Z]{2,}s?(?![a-z])|[A-Z]?[a-z0-9]+|[A-Z]+/g) ?? [key];
  return words.map((w) => ACRONYMS[w.toLowerCase()] ?? w[0]!.toUpperCase() + w.slice(1)).join(' ');
}

function scalar(v: Json): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v.includes('\n') ? v.split('\n').join('\n') : v;
  return String(v);
}

function isScalar(v: Json): boolean {
  return v === null || typeof v !== 'object';
}

function pad(n: number): string {
  return ' '.repeat(n);
}

/** Key/value lines with aligned values, nested maps indented by 2, list items marked with `-`. */
function writeMap(out: string[], obj: { [k: string]: Json }, indent: number, titled: boolean): void {
  const keys = Object.keys(obj);
  const labels = keys.map((k) => (titled ? titleCase(k) : k));
  const width = Math.max(0, ...keys.map((k, i) => (isScalar(obj[k]!) || isEmpty(obj[k]!) ? labels[i]!.length : 0)));
  keys.forEach((k, i) => {
    const v = obj[k]!;
    const label = labels[i]!;
    if (isScalar(v) || isEmpty(v)) {
      const value = isEmpty(v) ? '<none>' : scalar(v);
      const lines = value.split('\n');
      out.push(`${pad(indent)}${label}:${pad(width - label.length + 2)}${lines[0]}`);
      for (const l of lines.slice(1)) out.push(`${pad(indent + width + 3)}${l}`);
      return;
    }
    out.push(`${pad(indent)}${label}:`);
    writeValue(out, v, indent + 2, titled && !FREE_FORM_KEYS.has(k));
  });
}

function isEmpty(v: Json): boolean {
  return (
    (Array.isArray(v) && v.length === 0) ||
    (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0)
  );
}

// Maps whose keys are user data (label keys, config data): printed verbatim, not title-cased.
const FREE_FORM_KEYS = new Set([
  'labels',
  'annotations',
  'data',
  'stringData',
  'binaryData',
  'selector',
  'matchLabels',
  'nodeSelector',
  'capacity',
  'allocatable',
  'limits',
  'requests',
  'hard',
  'used',
]);

function writeValue(out: string[], v: Json, indent: number, titled: boolean): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isScalar(item)) {
        out.push(`${pad(indent)}- ${scalar(item)}`);
      } else {
        const lines: string[] = [];
        writeValue(lines, item, indent + 2, titled);
        // First line of each item carries the `-` marker.
        if (lines.length > 0) lines[0] = `${pad(indent)}- ${lines[0]!.slice(indent + 2)}`;
        out.push(...lines);
      }
    }
    return;
  }
  if (v !== null && typeof v === 'object') writeMap(out, v, indent, titled);
  else out.push(`${pad(indent)}${scalar(v)}`);
}

function labelsBlock(out: string[], title: string, map: Record<string, string> | undefined, width: number): void {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const head = `${title}:${pad(width - title.length + 2)}`;
  if (entries.length === 0) {
    out.push(`${head}<none>`);
    return;
  }
  entries.forEach(([k, v], i) => out.push(`${i === 0 ? head : pad(head.length)}${k}=${v}`));
}

function eventAge(e: EventLike, now: number): string {
  const last = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
  const first = e.firstTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
  const count = e.series?.count ?? e.count ?? 1;
  const lastAge = last ? humanDuration(now - Date.parse(last)) : '<unknown>';
  if (count > 1 && first) return `${lastAge} (x${count} over ${humanDuration(now - Date.parse(first))})`;
  return lastAge;
}

/** The Events table as kubectl prints it under describe. */
export function formatEvents(events: readonly EventLike[], now: number, indent = 2): string[] {
  if (events.length === 0) return [`Events:${pad(indent + 5)}<none>`];
  const sorted = [...events].sort((a, b) => timeOf(a) - timeOf(b));
  const rows = sorted.map((e) => [
    e.type ?? '',
    e.reason ?? '',
    eventAge(e, now),
    e.source?.component ?? e.reportingComponent ?? '',
    (e.message ?? '').trim().replace(/\s*\n\s*/g, ' '),
  ]);
  const header = ['Type', 'Reason', 'Age', 'From', 'Message'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    pad(indent) +
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]! + 2)))
      .join('')
      .trimEnd();
  return ['Events:', line(header), line(header.map((h) => '-'.repeat(h.length))), ...rows.map(line)];
}

function timeOf(e: EventLike): number {
  const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
  return t ? Date.parse(t) : 0;
}

export interface DescribeInput {
  object: { apiVersion?: string; kind?: string; metadata?: Record<string, Json>; [k: string]: Json | undefined };
  events: readonly EventLike[];
  now: number;
}

/** Generic describe: identity first, then every field but managedFields, then events. */
export function describeObject({ object, events, now }: DescribeInput): string {
  const md = (object.metadata ?? {}) as Record<string, Json>;
  const out: string[] = [];
  const width = 'Annotations'.length + 1;
  const field = (k: string, v: string) => out.push(`${k}:${pad(width - k.length + 1)}${v}`);
  field('Name', String(md.name ?? ''));
  if (md.namespace) field('Namespace', String(md.namespace));
  field('Kind', String(object.kind ?? ''));
  field('API Version', String(object.apiVersion ?? ''));
  labelsBlock(out, 'Labels', md.labels as Record<string, string> | undefined, width - 1);
  const annotations = { ...((md.annotations as Record<string, string>) ?? {}) };
  // The last-applied annotation repeats the whole object; kubectl hides it too.
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  labelsBlock(out, 'Annotations', annotations, width - 1);
  if (md.creationTimestamp)
    field(
      'Created',
      `${String(md.creationTimestamp)} (${humanDuration(now - Date.parse(String(md.creationTimestamp)))} ago)`,
    );
  if (md.deletionTimestamp) field('Deleting', `${String(md.deletionTimestamp)} (Terminating)`);
  const owners = md.ownerReferences as { kind?: string; name?: string }[] | undefined;
  if (owners?.length) field('Controlled By', owners.map((o) => `${o.kind}/${o.name}`).join(', '));
  const rest: Record<string, Json> = {};
  for (const [k, v] of Object.entries(object)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'metadata' || v === undefined) continue;
    rest[k] = v;
  }
  if (Object.keys(rest).length > 0) writeMap(out, rest, 0, true);
  out.push(...formatEvents(events, now));
  return out.join('\n') + '\n';
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
