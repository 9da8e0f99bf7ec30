// kubectl's PrefixWriter and the small formatting helpers every describer shares (labels, annotations,
// selectors, tolerations, times). Text is collected with tabs and aligned once by tabbed(), as kubectl's
// tabbedString does.
import type * as metav1 from '../apimachinery/meta';
import { tabbed } from './tabwriter';
import { goLocalTime } from '../util/go/zoneinfo';

/** Each level indents by two spaces. */
export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

export class PrefixWriter {
  constructor(
    private readonly parts: string[] = [],
    private readonly indent = 0,
  ) {}

  write(level: number, text: string): void {
    this.parts.push(escapeTerminal('  '.repeat(level + this.indent) + text));
  }

  /** Go's fmt.Sprintln: a whole line (indented only in a nested writer). */
  writeLine(text = ''): void {
    this.parts.push(escapeTerminal(`${'  '.repeat(this.indent)}${text}\n`));
  }

  /** A writer that indents by `levels` more, into the same text (kubectl's nestedPrefixWriter). */
  nested(levels: number): PrefixWriter {
    return new PrefixWriter(this.parts, this.indent + levels);
  }

  toString(): string {
    return tabbed(this.parts.join(''));
  }

  /** The text as written, tabs kept (kubectl's printers that use a PrefixWriter without a tabwriter). */
  untabbed(): string {
    return this.parts.join('');
  }
}

/** printers.WriteEscaped: an escape or carriage return in object data cannot drive the terminal. */
function escapeTerminal(s: string): string {
  return s.replace(/[\x1b\r]/g, (c) => (c === '\x1b' ? '^[' : '\\r'));
}

/** kubectl's tabbedString: build the text, then align it. */
export function tabbedString(f: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  f(w);
  return w.toString();
}

export type StringMap = Record<string, string> | undefined | null;

/** Go's sort.Strings order (bytes, not locale). */
export function goSorted(keys: Iterable<string>): string[] {
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function printLabelsMultiline(w: PrefixWriter, title: string, labels: StringMap): void {
  printLabelsMultilineWithIndent(w, '', title, '\t', labels);
}

export function printLabelsMultilineWithIndent(
  w: PrefixWriter,
  initialIndent: string,
  title: string,
  innerIndent: string,
  labels: StringMap,
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = goSorted(Object.keys(labels ?? {}));
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: StringMap): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = goSorted(Object.keys(annotations ?? {}).filter((k) => k !== LAST_APPLIED));
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = annotations![key]!.replace(/\n$/, '');
    if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Go slices bytes; cut at a byte count and keep whatever whole characters fit. */
function shorten(s: string, max: number): string {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length <= max) return s;
  return bytes.subarray(0, max).toString('utf8') + '...';
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: Toleration[] | undefined,
  initialIndent = '',
  innerIndent = '\t',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!tolerations?.length) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...tolerations].sort((a, b) => cmp(a.key ?? '', b.key ?? ''));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key, `in`/`notin` values sorted.
 * A nil selector selects nothing and an empty one everything; both print as "".
 */
export function selectorString(sel: LabelSelector | undefined | null): string {
  if (!sel) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const values = goSorted(new Set(e.values ?? []));
    const list = `(${values.join(',')})`;
    switch (e.operator) {
      case 'In':
        reqs.push({ key: e.key, text: `${e.key} in ${list}` });
        break;
      case 'NotIn':
        reqs.push({ key: e.key, text: `${e.key} notin ${list}` });
        break;
      case 'Exists':
        reqs.push({ key: e.key, text: e.key });
        break;
      case 'DoesNotExist':
        reqs.push({ key: e.key, text: `!${e.key}` });
        break;
    }
  }
  return reqs
    .sort((a, b) => cmp(a.key, b.key))
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: the selector, or <none>. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  return selectorString(sel) || '<none>';
}

/** labels.FormatLabels: sorted k=v pairs, or <none>. */
export function formatLabels(map: StringMap): string {
  const keys = goSorted(Object.keys(map ?? {}));
  return keys.length ? keys.map((k) => `${k}=${map![k]}`).join(',') : '<none>';
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's -0700: the offset in hours and minutes (seconds dropped). */
function numericOffset(offsetSeconds: number): string {
  const minutes = Math.trunc(offsetSeconds / 60);
  const abs = Math.abs(minutes);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${p(Math.trunc(abs / 60))}${p(abs % 60)}`;
}

/** Go's time.RFC1123Z in the local zone ("Mon, 02 Jan 2006 15:04:05 -0700"), as kubectl prints times. */
export function rfc1123z(timestamp: string | undefined | null): string {
  if (!timestamp) return 'Mon, 01 Jan 0001 00:00:00 +0000'; // Go's zero time
  const { local: d, offset } = goLocalTime(Date.parse(timestamp));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCFullYear()).padStart(4, '0')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${numericOffset(offset)}`;
}

export function printBool(v: boolean | undefined): string {
  return v ? 'True' : 'False';
}

export function printBoolPtr(v: boolean | undefined | null): string {
  return v === undefined || v === null ? '<unset>' : printBool(v);
}

export function stringOrNone(s: string | undefined): string {
  return s ? s : '<none>';
}

/** An owner reference as read from any object (fields may be missing in what a user or test created). */
export type OwnerReference = Partial<metav1.OwnerReference>;

/** printController: "Kind/name" of the controlling owner, or "". */
export function printController(metadata: { ownerReferences?: OwnerReference[] } | undefined): string {
  const ref = metadata?.ownerReferences?.find((o) => o.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** Go's %v of a []string: "[a b]". */
export function goSlice(values: readonly unknown[] | undefined): string {
  return `[${(values ?? []).join(' ')}]`;
}

/** Go's time.Time String() in the local zone ("2006-01-02 15:04:05 -0700 MST"), as metav1.Time prints with %s. */
export function goTimeString(timestamp: string | undefined | null): string {
  if (!timestamp) return '0001-01-01 00:00:00 +0000 UTC';
  const { local: d, offset, zone } = goLocalTime(Date.parse(timestamp));
  const p = (n: number) => String(n).padStart(2, '0');
  const ms = d.getUTCMilliseconds();
  const frac = ms ? `.${String(ms).padStart(3, '0').replace(/0+$/, '')}` : '';
  // A zone without an abbreviation prints its offset again, as Go's "MST" does.
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${frac} ${numericOffset(offset)} ${zone || numericOffset(offset)}`;
}
