// Integers beyond int64, which a JavaScript number cannot tell from one within (2^63 - 1 and 2^63 are the same
// double), so they are read from the text. The API server's decoder keeps an integer literal within int64 as int64
// and makes anything else a float64; kubectl (1.33, YAML and JSON alike) sends a number beyond int64 as Go prints
// that float64 (9223372036854775808 as 9223372036854776000, 99999999999999999999 as 100000000000000000000, 1e30 as
// 1e+30), still beyond int64. So at an integer field the server refuses it: a built-in kind cannot be decoded
// ("json: cannot unmarshal number … of type int64"), a custom resource's value is a float64 its schema refuses
// (`must be of type integer: "number"`). A built-in kind's int32 field is a Go int32 too: an integer beyond it (kubectl
// sends one within int64 as written) fails decoding the same way ("… of type int32"), not the schema's format check.
import type { FieldPath } from '../documents/path';
import { formatPath } from '../documents/path';
import type { ResolvedSchema } from '../schema/resolved';
import { goField, numberLiterals, type NumberLiteral } from './jsonNumbers';
import type { FieldProblem } from './schemaValidator';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

/** The text kubectl sends for a number written `literal`, when the server decodes it to a float64 (else undefined). */
export function sentAsFloat(literal: string, value: number): string | undefined {
  const digits = literal.replace(/_/g, '');
  if (/^[-+]?\d+$/.test(digits)) {
    const n = BigInt(digits);
    if (n >= INT64_MIN && n <= INT64_MAX) return undefined;
  }
  if (!Number.isFinite(value)) return undefined; // .inf/.nan: not numbers JSON can carry (another error)
  if (!Number.isInteger(value)) return goJsonFloat(value);
  if (Math.abs(value) >= 1e21) return goJsonFloat(value);
  // kubectl decodes an integral literal beyond int64 (or written 1.0, 1e2) to a float64 and prints it with its
  // shortest digits padded with zeros, as JavaScript prints it: within int64 that is an int64 again.
  const n = BigInt(String(value));
  return n >= INT64_MIN && n <= INT64_MAX ? undefined : String(value);
}

/** encoding/json's float64: plain from 1e-6 to 1e21, else an exponent without padding (1e+30, 1e-7). */
function goJsonFloat(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-6 || a >= 1e21)) return v.toExponential().replace(/e([+-])0*(\d)/, 'e$1$2');
  return String(v);
}

/**
 * The problems of integers beyond int64 at integer fields of the object at `base`, and (built-in kinds) beyond int32
 * at int32 fields: the first of them, for a built-in kind.
 */
export function int64LiteralProblems(source: string, resolved: ResolvedSchema, base: FieldPath): FieldProblem[] {
  // Most texts hold neither an exponent nor ten digits in a row: one cheap scan says so.
  if (!DIGITS_10_OR_EXPONENT_HINT.test(source)) return [];
  const exponent = mayHoldTwoDigitExponent(source);
  if (!exponent && !DIGITS_10.test(source)) return [];
  if (!exponent && !DIGITS_19.test(source) && (resolved.isCustomResource || !INT32_DIGITS.test(source))) return [];
  const out: FieldProblem[] = [];
  for (const l of beyondGoInteger(source, base, !resolved.isCustomResource)) {
    const field = goField(resolved, l.path.slice(base.length));
    if (!field) continue;
    // An integer within int64 is refused only by an int32 field (an int-or-string's error is another one).
    if (l.withinInt64 && (field.goType !== 'int32' || field.intOrString)) continue;
    const path = l.path;
    if (resolved.isCustomResource) {
      // An int-or-string takes the float64 as a number; only `type: integer` refuses it.
      if (field.intOrString) continue;
      const f = formatPath(path);
      out.push({
        code: 'type',
        path,
        message: `${f}: Invalid value: "number": ${f} in body must be of type integer: "number"`,
      });
      continue;
    }
    // Go's decoder stops at the first number it cannot decode: the whole object is refused with that one.
    out.push({
      code: 'invalid',
      path,
      message: `json: cannot unmarshal number ${l.sent} into Go struct field ${field.struct}.${field.dotted} of type ${field.goType}`,
    });
    break;
  }
  return out;
}

/**
 * The number at `path` as the server receives it, where a JavaScript number may not say it (for messages that print
 * it): a float64's text (beyond int64), or an integer literal of 16 digits or more; else undefined.
 */
export function numberSentAt(source: string, path: FieldPath): string | undefined {
  if (!mayHoldLongNumber(source, 16)) return undefined;
  const l = numberLiterals(source).literals.find(
    (x) => x.path.length === path.length && x.path.every((s, i) => s === path[i]),
  );
  if (!l) return undefined;
  const digits = l.literal.replace(/_/g, '').replace(/^\+/, '');
  return sentAsFloat(l.literal, l.value) ?? (/^-?\d+$/.test(digits) ? BigInt(digits).toString() : undefined);
}

/**
 * Whether the text may hold a number of `digits` digits or more, or one with an exponent of two digits (a scalar of
 * its own: an image digest's `e12` is none). Most documents do not: they are not parsed again.
 */
function mayHoldLongNumber(source: string, digits: 16 | 19): boolean {
  return (digits === 19 ? DIGITS_19 : DIGITS_16).test(source) || mayHoldTwoDigitExponent(source);
}

/**
 * Whether TWO_DIGIT_EXPONENT matches. It tries a match at every separator of the text; what any match ends with
 * (EXPONENT_HINT) is a fraction of the cost to look for, and rules most texts out (exported for its test).
 */
export function mayHoldTwoDigitExponent(source: string): boolean {
  return EXPONENT_HINT.test(source) && TWO_DIGIT_EXPONENT.test(source);
}
const DIGITS_19 = /\d{19}/;
const DIGITS_16 = /\d{16}/;
const DIGITS_10 = /\d{10}/;
// Every TWO_DIGIT_EXPONENT match ends so (a mantissa's digit or `.`, then the exponent); few image digests hold one.
const EXPONENT_HINT = /[\d.][eE][-+]?\d\d/;
/** DIGITS_10 or EXPONENT_HINT in one pass, a third cheaper than the two (most texts match neither). */
const DIGITS_10_OR_EXPONENT_HINT = /\d{10}|[\d.][eE][-+]?\d\d/;
/** An integer beyond int32 is a scalar of ten digits or more (not a run of digits inside an image digest). */
const INT32_DIGITS = /(?:^|[\s:,[{])[-+]?\d{10,}(?:$|[\s,\]}])/m;
const TWO_DIGIT_EXPONENT = /(?:^|[\s:,[{])[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d\d/m;

/** Integers beyond int64 (and, with `int32`, integer literals within int64 but beyond int32), in document order. */
function beyondGoInteger(
  source: string,
  base: FieldPath,
  int32: boolean,
): (NumberLiteral & { sent: string; withinInt64: boolean })[] {
  const out: (NumberLiteral & { sent: string; withinInt64: boolean })[] = [];
  for (const l of numberLiterals(source).literals) {
    if (l.path.length <= base.length || base.some((seg, i) => l.path[i] !== seg)) continue;
    const sent = sentAsFloat(l.literal, l.value);
    if (sent !== undefined && Number.isInteger(l.value)) out.push({ ...l, sent, withinInt64: false });
    else if (int32 && sent === undefined) {
      const digits = l.literal.replace(/_/g, '').replace(/^\+/, '');
      if (!/^-?\d+$/.test(digits)) continue;
      const n = BigInt(digits);
      if (n < INT32_MIN || n > INT32_MAX) out.push({ ...l, sent: n.toString(), withinInt64: true });
    }
  }
  return out;
}
