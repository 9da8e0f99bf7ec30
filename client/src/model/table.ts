// The server-side Table format (meta.k8s.io/v1 Table, what `kubectl get` prints), turned into rows the
// explorer can render for any kind, CRD printer columns included.
import { ageOf, laterDuration } from './age';
import type { Table, TableColumnDefinition } from '../../../kube/apimachinery/meta';

export { TABLE_ACCEPT, type PartialObjectMetadata } from '../../../kube/apimachinery/meta';
export type TableColumn = TableColumnDefinition;
/** A meta.k8s.io/v1 Table as the API server sends it (list response or one watch event's object). */
export type TableResponse = Table;

/** One object as the explorer keeps it: identity plus the server-printed cells. */
export interface ObjectRow {
  /** `namespace/name` or `name`: the informer cache key. */
  key: string;
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  cells: readonly unknown[];
  /** When the server printed the cells (ms since epoch): relative times in them ("23m") age from here. */
  receivedAt?: number;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function rowsOf(table: TableResponse): ObjectRow[] {
  const rows: ObjectRow[] = [];
  const nameIndex = (table.columnDefinitions ?? []).findIndex((c) => c.name === 'Name');
  for (const row of table.rows ?? []) {
    const md = row.object?.metadata ?? {};
    const name = md.name ?? (nameIndex >= 0 ? String(row.cells[nameIndex]) : '');
    if (!name) continue;
    rows.push({
      key: objectKey(md.namespace, name),
      name,
      namespace: md.namespace,
      uid: md.uid,
      resourceVersion: md.resourceVersion,
      creationTimestamp: md.creationTimestamp,
      deletionTimestamp: md.deletionTimestamp,
      cells: row.cells,
    });
  }
  return rows;
}

/** What an object's icon says about it. */
export type ObjectState = 'ok' | 'succeeded' | 'pending' | 'unready' | 'failed' | 'terminating' | 'neutral';

export interface Glance {
  /** One line after the name, e.g. `Running · 1/1 · 2 restarts (5m ago) · 3h`. */
  description: string;
  state: ObjectState;
  /** Every column (wide ones too), for the tooltip. */
  details: { name: string; value: string }[];
}

const FAILED =
  /^(Failed|Error|CrashLoopBackOff|ImagePullBackOff|ErrImagePull|InvalidImageName|OOMKilled|Evicted|ContainerStatusUnknown|CreateContainerConfigError|CreateContainerError|RunContainerError|DeadlineExceeded|BackoffLimitExceeded|Lost|NotReady|Unknown|False|FailedMount)$|^Init:(Error|CrashLoopBackOff|ImagePullBackOff|ErrImagePull|OOMKilled)/;
const PENDING =
  /^(Pending|ContainerCreating|PodInitializing|Waiting|Provisioning|Progressing|Suspended|SchedulingGated)$|^Init:/;
const SUCCEEDED = /^(Succeeded|Completed|Complete)$/;
const OK = /^(Running|Ready|Active|Bound|Available|True|Established|Healthy|Synced)$/;
const TERMINATING = /^(Terminating)$/;

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

function stateOfWord(word: string): ObjectState | undefined {
  // Node status may read `Ready,SchedulingDisabled`: the first word decides.
  const first = word.split(',')[0]!.trim();
  if (TERMINATING.test(first)) return 'terminating';
  if (FAILED.test(first)) return 'failed';
  if (SUCCEEDED.test(first)) return 'succeeded';
  if (PENDING.test(first)) return 'pending';
  if (OK.test(first)) return 'ok';
  return undefined;
}

/** `2/3` -> [2, 3]. */
function ratio(v: string): [number, number] | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * Reads the cells the server printed and tells what matters at a glance. Works from column names only,
 * so built-in kinds and CRDs with printer columns are treated alike.
 */
export function glance(row: ObjectRow, columns: readonly TableColumn[], now: number): Glance {
  const byName = new Map<string, string>();
  const details: Glance['details'] = [];
  const elapsed = row.receivedAt === undefined ? 0 : now - row.receivedAt;
  const age = ageOf(row.creationTimestamp, now) || byName.get('Age') || '';
  columns.forEach((col, i) => {
    const value = col.name === 'Age' && age ? age : currentTime(col, text(row.cells[i]), elapsed);
    byName.set(col.name, value);
    if (col.name !== 'Name') details.push({ name: col.name, value });
  });
  const status = byName.get('Status') ?? byName.get('STATUS') ?? '';
  const readyText = byName.get('Ready') ?? '';
  const readyRatio = ratio(readyText);
  const parts: string[] = [];
  let state: ObjectState = 'neutral';

  const statusState = status ? stateOfWord(status) : undefined;
  if (statusState) state = statusState;
  if (readyRatio) {
    const [ready, want] = readyRatio;
    // A running pod or a workload with fewer ready than wanted needs attention; a finished pod does not.
    if (ready < want && (state === 'ok' || state === 'neutral')) state = 'unready';
    else if (state === 'neutral') state = 'ok';
  } else if (readyText && state === 'neutral') {
    state = stateOfWord(readyText) === 'ok' ? 'ok' : stateOfWord(readyText) === 'failed' ? 'unready' : state;
  }
  // ReplicaSets and DaemonSets print Desired/Ready as separate numbers.
  const desired = byName.get('Desired');
  if (desired !== undefined && /^\d+$/.test(desired) && /^\d+$/.test(readyText) && !readyRatio) {
    state = Number(readyText) < Number(desired) ? 'unready' : 'ok';
    parts.push(`${readyText}/${desired} ready`);
  }
  if (row.deletionTimestamp) state = 'terminating';

  const shown = new Set(['Name', 'Age', 'Desired']);
  if (status) {
    parts.push(status);
    shown.add('Status');
  }
  if (readyRatio) {
    parts.push(`${readyText} ready`);
    shown.add('Ready');
  } else if (desired !== undefined) {
    shown.add('Ready');
  }
  const restarts = byName.get('Restarts');
  if (restarts !== undefined) {
    shown.add('Restarts');
    const m = /^(\d+)(.*)$/.exec(restarts);
    if (m) parts.push(`${m[1]} restart${m[1] === '1' ? '' : 's'}${m[2]}`);
  }
  columns.forEach((col, i) => {
    if (col.priority !== 0 || shown.has(col.name) || parts.length >= 4) return;
    const value = text(row.cells[i]);
    if (!value || value === '<none>' || value === '<unset>') return;
    // A bare value says nothing without its column ("0 0 * * * · False"): named as kubectl's header names it.
    parts.push(`${columnLabel(col.name)} ${byName.get(col.name) ?? value}`);
  });
  if (age) parts.push(age);
  return { description: parts.join(' · '), state, details };
}

/** kubectl's column header as a lower-case label: `Last Schedule` -> `last schedule`, `Port(s)` -> `ports`. */
export function columnLabel(name: string): string {
  return name.toLowerCase().replace(/\(s\)$/, 's');
}

/** Columns the server fills with a time relative to when it printed them (besides Age, which metadata gives). */
const RELATIVE_TIME_COLUMNS = /^(Last Schedule|Last Seen|First Seen|Last Successful Time|Last Heartbeat)$/;

/**
 * A cell as it reads at `elapsed` ms after the server printed it: relative times ("23m", "2 (5m ago)") move on,
 * everything else is as printed.
 */
function currentTime(col: TableColumn, value: string, elapsed: number): string {
  if (elapsed <= 0) return value;
  if (col.format === 'date' || RELATIVE_TIME_COLUMNS.test(col.name)) return laterDuration(value, elapsed);
  return value.replace(/\((\w+) ago\)/, (all, d: string) => `(${laterDuration(d, elapsed)} ago)`);
}
