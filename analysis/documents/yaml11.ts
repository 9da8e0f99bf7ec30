// Plain-scalar resolution as the API server reads YAML: sigs.k8s.io/yaml -> go-yaml v2 (YAML 1.1 rules).
// kubectl and the API server both convert YAML to JSON this way, so `yes` is true and `0777` is 511.

import { BigIntLiteral, resolvePlain } from '../../kube/util/go';

export type GoScalar = string | number | boolean | null;

/** Resolve the source text of an untagged plain scalar the way go-yaml v2 does (kube/util/go). */
export function resolvePlainScalar(source: string): GoScalar {
  const { value } = resolvePlain(source);
  // Integers beyond 2^53 keep their digits in kube/; for schema checks their magnitude is what matters.
  return value instanceof BigIntLiteral ? Number(value.text) : value;
}

/**
 * Why a plain scalar would surprise an author who meant a string: the YAML 1.1 reading differs from the
 * literal text (`yes` -> true, `0777` -> 511, `1e3` -> 1000, `~` -> null). Undefined when it reads as written.
 */
export function yaml11Surprise(source: string, value: GoScalar): string | undefined {
  if (typeof value === 'string') return undefined;
  if (value === null) return source === '' ? undefined : `"${source}" is read as null`;
  if (typeof value === 'boolean') {
    return source === 'true' || source === 'false' ? undefined : `"${source}" is read as boolean ${value} (YAML 1.1)`;
  }
  if (String(value) === source) return undefined;
  return `"${source}" is read as the number ${value} (YAML 1.1)`;
}

// First characters of the plain scalars go-yaml v2 reads as something other than a string (null, booleans,
// numbers, infinities, NaN: see resolvePlainScalar); any other plain scalar is a string without looking further.
export const MAYBE_NOT_STRING = new Uint8Array(128);
for (const c of '~nNyYtToOfF.+-0123456789') MAYBE_NOT_STRING[c.charCodeAt(0)] = 1;

/** True for plain scalars that are strings without a look at the YAML 1.1 rules (`name`, `nginx`, `namespace`). */
export function isPlainWord(source: string): boolean {
  const c = source.charCodeAt(0);
  if (c < 128 && !MAYBE_NOT_STRING[c]) return true;
  // A word: only the few YAML 1.1 booleans and nulls, none longer than 5 letters, are not strings.
  return source.length > 5 && ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a));
}

/** resolvePlainScalar, answering the common plain words (`name`, `nginx`) without a look at the YAML 1.1 rules. */
export function resolvePlainScalarQuickly(source: string): GoScalar {
  if (isPlainWord(source)) return source;
  const v = resolvePlainScalar(source);
  return typeof v === 'string' ? source : v;
}
