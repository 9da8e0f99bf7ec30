// kubectl's -o json / -o yaml / -o name printers for unstructured objects. JSON is Go's json.MarshalIndent
// (4 spaces, keys sorted, <>& escaped); YAML is sigs.k8s.io/yaml's (via the kubeconfig module's go-yaml emitter).
import { goKeyCompare, marshalGoYAML, type JSONValue } from '../../kube/kubeconfig/goyaml';
import type { Unstructured } from '../../kube/dynamic/unstructured';
import { getGroupVersionKind } from '../../kube/dynamic/unstructured';

export function printJSON(obj: unknown): string {
  return goMarshalIndent(obj, 0) + '\n';
}

/** Go's json.MarshalIndent(v, "", "    ") for decoded JSON (maps: keys sorted by bytes). */
function goMarshalIndent(v: unknown, level: number): string {
  const nl = (l: number) => '\n' + '    '.repeat(l);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return goNumber(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map((x) => nl(level + 1) + goMarshalIndent(x, level + 1)).join(',')}${nl(level)}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort(goKeyCompare);
  if (keys.length === 0) return '{}';
  return `{${keys.map((k) => nl(level + 1) + goString(k) + ': ' + goMarshalIndent(o[k], level + 1)).join(',')}${nl(level)}}`;
}

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** encoding/json float formatting: integers plainly, exponents only outside [1e-6, 1e21). */
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(n);
}

export function printYAML(obj: unknown): string {
  return marshalGoYAML(obj as JSONValue);
}

/** kubectl's NamePrinter: "<kind>[.<group>]/<name>", kind lower-cased. */
export function printName(obj: Unstructured, fallbackKind?: { group: string; kind: string }): string {
  let { group, kind } = getGroupVersionKind(obj);
  if (!kind && fallbackKind) ({ group, kind } = fallbackKind);
  const k = kind.toLowerCase() + (group ? `.${group}` : '');
  return `${k}/${obj.metadata?.name ?? ''}\n`;
}

/** kubectl wraps several objects (or any list) in a v1 List for -o json/yaml. */
export function asList(items: unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
