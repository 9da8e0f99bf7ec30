// fmt's %v (fmt.Sprint) and %#v of decoded JSON values, as kubectl's jsonpath and custom-columns printers apply
// them to unstructured objects.
import { sprintNumber } from './numbers';
import { compareStrings, quote } from './strconv';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** fmt.Sprint of a decoded JSON value: `map[k:v]`, `[a b]`, `<nil>`. */
export function sprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return sprintNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(sprint).join(' ')}]`;
  const o = v as Record<string, unknown>;
  return `map[${Object.keys(o)
    .sort(compareStrings)
    .map((k) => `${k}:${sprint(o[k])}`)
    .join(' ')}]`;
}

/** fmt's %#v of a decoded JSON value, e.g. `map[string]interface {}{"a":[]interface {}{1, "b"}}`. */
export function sharpV(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') return sprintNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(sharpV).join(', ')}}`;
  if (!isObject(v)) return String(v);
  return `map[string]interface {}{${Object.keys(v)
    .sort(compareStrings)
    .map((k) => `${quote(k)}:${sharpV(v[k])}`)
    .join(', ')}}`;
}
