// Value printing as the API server's field errors print it (field.Error: %q for strings, %v otherwise).

import { quote } from '../../kube/util/go/strconv';

export function typeOfValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function formatValue(v: unknown): string {
  if (typeof v === 'string') return quote(v); // Go's %q, as field.Invalid prints a string
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
