// encoding/json's Marshal and MarshalIndent over decoded JSON values, as kubectl prints objects: map keys sorted
// by bytes, `<`, `>`, `&`, U+2028 and U+2029 escaped, numbers as Go holds them (see numbers.ts).
import { jsonNumber } from './numbers';
import { compareStrings } from './strconv';

/** An integer literal too large for a double, kept as its digits (e.g. a uint64 read from YAML). */
export class BigIntLiteral {
  constructor(readonly text: string) {}
}

export type GoJSONValue =
  string | number | boolean | null | undefined | BigIntLiteral | GoJSONValue[] | { [k: string]: GoJSONValue };

/** A JSON string literal as encoding/json writes it (HTML-safe). */
export function jsonString(s: string): string {
  return htmlSafe(JSON.stringify(s));
}

/** JSON text with `<`, `>`, `&`, U+2028 and U+2029 escaped, as encoding/json writes them. */
export function htmlSafe(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** json.Marshal (indent null) or json.MarshalIndent(v, "", indent); undefined map values are left out. */
export function marshalJSON(v: GoJSONValue, indent: string | null = null, level = 0): string {
  const nl = (l: number) => (indent === null ? '' : '\n' + indent.repeat(l));
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return jsonNumber(v);
  if (v instanceof BigIntLiteral) return v.text;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map((x) => nl(level + 1) + marshalJSON(x, indent, level + 1)).join(',')}${nl(level)}]`;
  }
  const keys = Object.keys(v)
    .filter((k) => v[k] !== undefined)
    .sort(compareStrings);
  if (keys.length === 0) return '{}';
  const colon = indent === null ? ':' : ': ';
  return `{${keys.map((k) => nl(level + 1) + jsonString(k) + colon + marshalJSON(v[k], indent, level + 1)).join(',')}${nl(level)}}`;
}
