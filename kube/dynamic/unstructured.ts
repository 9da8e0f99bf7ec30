// Unstructured objects (apimachinery's unstructured.Unstructured): plain JSON with small typed accessors.
// Nested accessors return undefined for missing paths and throw only when a path crosses a non-object,
// naming the path, as unstructured.NestedFieldNoCopy's errors do.
import type * as metav1 from '../apimachinery/meta';
import type { GroupVersionKind } from '../apimachinery/schema';
import { parseGroupVersion } from '../apimachinery/schema';

/** metav1.ObjectMeta as unstructured content holds it: the typed fields, and whatever else the server sent. */
export interface ObjectMeta extends metav1.ObjectMeta {
  [k: string]: unknown;
}

export interface Unstructured {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [k: string]: unknown;
}

export interface UnstructuredList<T = Unstructured> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

export const getName = (o: Unstructured): string => o.metadata?.name ?? '';
export const getNamespace = (o: Unstructured): string => o.metadata?.namespace ?? '';
export const getUID = (o: Unstructured): string => o.metadata?.uid ?? '';
export const getResourceVersion = (o: Unstructured): string => o.metadata?.resourceVersion ?? '';
export const getLabels = (o: Unstructured): Record<string, string> => o.metadata?.labels ?? {};
export const getAnnotations = (o: Unstructured): Record<string, string> => o.metadata?.annotations ?? {};
export const getCreationTimestamp = (o: Unstructured): Date | undefined =>
  o.metadata?.creationTimestamp ? new Date(o.metadata.creationTimestamp) : undefined;

export function getGroupVersionKind(o: Unstructured): GroupVersionKind {
  const { group, version } = parseGroupVersion(o.apiVersion ?? '');
  return { group, version, kind: o.kind ?? '' };
}

export function setName(o: Unstructured, name: string): void {
  (o.metadata ??= {}).name = name;
}
export function setNamespace(o: Unstructured, namespace: string): void {
  (o.metadata ??= {}).namespace = namespace;
}
export function setLabels(o: Unstructured, labels: Record<string, string>): void {
  (o.metadata ??= {}).labels = labels;
}
export function setAnnotations(o: Unstructured, annotations: Record<string, string>): void {
  (o.metadata ??= {}).annotations = annotations;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at path, or undefined if any step is missing. */
export function nestedField(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (let i = 0; i < path.length; i++) {
    if (cur === undefined || cur === null) return undefined;
    if (!isPlainObject(cur)) {
      throw new TypeError(
        `${path.slice(0, i).join('.') || '<root>'} accessor error: ${JSON.stringify(cur)} is of the type ${Array.isArray(cur) ? 'array' : typeof cur}, expected object`,
      );
    }
    cur = cur[path[i]];
  }
  return cur;
}

function typed<T>(check: (v: unknown) => boolean, want: string) {
  return (obj: unknown, ...path: string[]): T | undefined => {
    const v = nestedField(obj, ...path);
    if (v === undefined || v === null) return undefined;
    if (!check(v))
      throw new TypeError(
        `${path.join('.')} accessor error: ${JSON.stringify(v)} is of the type ${Array.isArray(v) ? 'array' : typeof v}, expected ${want}`,
      );
    return v as T;
  };
}

export const nestedString = typed<string>((v) => typeof v === 'string', 'string');
export const nestedBool = typed<boolean>((v) => typeof v === 'boolean', 'bool');
export const nestedNumber = typed<number>((v) => typeof v === 'number', 'number');
export const nestedInt64 = typed<number>((v) => typeof v === 'number' && Number.isInteger(v), 'int64');
export const nestedSlice = typed<unknown[]>(Array.isArray, 'array');
export const nestedMap = typed<Record<string, unknown>>(isPlainObject, 'object');
export const nestedStringMap = typed<Record<string, string>>(
  (v) => isPlainObject(v) && Object.values(v).every((x) => typeof x === 'string'),
  'map[string]string',
);

/** Sets value at path, creating intermediate objects; throws if a step is a non-object. */
export function setNestedField(obj: Record<string, unknown>, value: unknown, ...path: string[]): void {
  if (path.length === 0) throw new Error('setNestedField: empty path');
  let cur: Record<string, unknown> = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const next = cur[path[i]];
    if (next === undefined || next === null) {
      const created: Record<string, unknown> = {};
      cur[path[i]] = created;
      cur = created;
    } else if (isPlainObject(next)) {
      cur = next;
    } else {
      throw new TypeError(`value cannot be set because ${path.slice(0, i + 1).join('.')} is not an object`);
    }
  }
  cur[path[path.length - 1]] = value;
}

export function removeNestedField(obj: Record<string, unknown>, ...path: string[]): void {
  const parent = path.length > 1 ? nestedField(obj, ...path.slice(0, -1)) : obj;
  if (isPlainObject(parent)) delete parent[path[path.length - 1]];
}
