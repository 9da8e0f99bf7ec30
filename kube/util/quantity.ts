// resource.Quantity parsing (k8s.io/apimachinery/pkg/api/resource): enough to tell valid from invalid, to compare
// requests with limits (validation), to order values by size (`get --sort-by`) and to sum them exactly (describe).
import { remembered } from './remembered';

export const QUANTITY_REGEX_TEXT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const QUANTITY_ERROR = `quantities must match the regular expression '${QUANTITY_REGEX_TEXT}'`;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The quantity's value as a float, or undefined when the API server would reject it. */
export function parseQuantity(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? input : undefined;
  const q = readQuantity(input);
  return typeof q === 'number' ? q : undefined;
}

export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';

/**
 * resource.ParseQuantity: the value as a float, or the error text Go gives. Its scanner (parseQuantityString) reads
 * a missing number as 0, so `e80`, `Gi`, `-` and `.` are quantities (0); a suffix of suffix characters that is none
 * is ErrSuffix, and a value too precise for the int64 fast path whose text has no digit ErrNumeric.
 */
// Manifests repeat a few quantities (`100m`, `128Mi`) thousands of times: each text is read once.
export const readQuantity: (str: string) => number | string = remembered(readQuantityText, 4096);

function readQuantityText(str: string): number | string {
  if (str === '') return QUANTITY_ERROR;
  const m = /^([+-]?)(0*)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*)(.*)$/.exec(str)!;
  const [, sign, , digits, denom = '', letters, rest] = m;
  // after the suffix letters: an optional sign and digits, to the end
  if (!/^[-+]?[0-9]*$/.test(rest)) return QUANTITY_ERROR;
  const suffix = letters + rest;
  let exponent: number;
  let binary = false;
  if (suffix in BINARY) {
    binary = true;
    exponent = Math.log2(BINARY[suffix]);
  } else if (suffix in DECIMAL) exponent = Math.round(Math.log10(DECIMAL[suffix]));
  else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1)))
    exponent = Number(suffix.slice(1));
  else return QUANTITY_SUFFIX_ERROR;
  const num = digits === '' ? '0' : digits;
  const precision = binary
    ? denom === ''
      ? 15 - num.length - Math.trunc((exponent * 3) / 10) - 1
      : -1
    : 18 - (num.length + denom.length);
  const scale = (binary ? 0 : exponent) - denom.length;
  // the slow path parses the text before the suffix as an inf.Dec, which needs a digit
  if ((precision < 0 || scale < -9) && !/[0-9]/.test(str.slice(0, str.length - suffix.length)))
    return QUANTITY_NUMERIC_ERROR;
  const v = Number(`${num}.${denom}`) * (binary ? 2 ** exponent : 10 ** exponent);
  return sign === '-' && v !== 0 ? -v : v;
}

const INT64_MAX = 2n ** 63n - 1n;

/**
 * Quantity.AsInt64 of a parsed text (the CEL library's isInteger()/asInteger()): only ParseQuantity's int64 fast
 * path has one, and only at a scale >= 0 that fits (`1000m`, `1.0` and `0.5Ki` have none; `1k`, `e80` do).
 */
export function quantityAsInt64(str: string): bigint | undefined {
  if (typeof readQuantity(str) !== 'number') return undefined;
  if (str === '0') return 0n;
  const m = /^([+-]?)(0*)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(str)!;
  const [, sign, , digits, denom = '', suffix] = m;
  const num = digits === '' ? '0' : digits;
  const negate = (v: bigint) => (sign === '-' ? -v : v);
  if (suffix in BINARY) {
    const exponent = BigInt(Math.log2(BINARY[suffix]));
    if (denom !== '' || 15 - num.length - Math.trunc((Number(exponent) * 3) / 10) - 1 < 0) return undefined;
    const v = BigInt(num) << exponent;
    return v > INT64_MAX ? undefined : negate(v);
  }
  const exponent = suffix in DECIMAL ? Math.round(Math.log10(DECIMAL[suffix])) : Number(suffix.slice(1));
  const scale = exponent - denom.length;
  if (18 - (num.length + denom.length) < 0 || scale < -9 || scale < 0) return undefined;
  const v = BigInt(num + denom) * 10n ** BigInt(scale);
  return v > INT64_MAX ? undefined : negate(v);
}

type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A quantity in exact thousandths of its unit (BigInt) and the format its suffix implies. */
function exactMilli(input: string | number): { milli: bigint; format: QuantityFormat } | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/.exec(String(input));
  if (!m || (m[2] === '' && !m[3])) return undefined;
  const [, sign, whole, frac = '', suffix] = m;
  // Scale to 1e-9 first so suffixes down to nano stay exact, then to thousandths (rounding up, as Go's Value).
  let nano = BigInt(whole || '0') * 1_000_000_000n + BigInt((frac + '000000000').slice(0, 9));
  let format: QuantityFormat = 'DecimalSI';
  if (suffix! in BINARY) {
    nano *= BigInt(BINARY[suffix!]!);
    format = 'BinarySI';
  } else if (suffix! in DECIMAL) {
    const exp = Math.round(Math.log10(DECIMAL[suffix!]!));
    nano = exp >= 0 ? nano * 10n ** BigInt(exp) : nano / 10n ** BigInt(-exp);
  } else {
    const e = /^[eE]([+-]?\d+)$/.exec(suffix!);
    if (!e) return undefined;
    const exp = Number(e[1]);
    nano = exp >= 0 ? nano * 10n ** BigInt(exp) : nano / 10n ** BigInt(-exp);
    format = 'DecimalExponent';
  }
  const milli = (nano + 999_999n) / 1_000_000n;
  return { milli: sign === '-' ? -milli : milli, format };
}

/** Go's Quantity.MilliValue (thousandths, rounded up); 0 for an absent or invalid quantity. */
export function milliValue(q: string | number | undefined): bigint {
  return q === undefined ? 0n : (exactMilli(q)?.milli ?? 0n);
}

/** Go's Quantity.Value: whole units, rounded away from zero (the API server prints `-1500m` as -2). */
export function wholeValue(q: string | number | undefined): bigint {
  const m = milliValue(q);
  return m >= 0n ? (m + 999n) / 1000n : (m - 999n) / 1000n;
}

/**
 * The canonical text (Quantity.String) of the sum of `values`, in the format of the first as Go's Quantity.Add
 * keeps it: "250m", "2", "3k", "192Mi"; binary values under 1024 or with a fraction print as decimal.
 */
export function sumQuantities(values: (string | number)[]): string {
  let total = 0n;
  let format: QuantityFormat | undefined;
  for (const v of values) {
    const q = exactMilli(v);
    if (!q) continue;
    format ??= q.format;
    total += q.milli;
  }
  return formatMilli(total, format ?? 'DecimalSI');
}

/** Go's Quantity.String() of one quantity (in its own format): "-1", "0", "1Gi". */
export function canonicalQuantity(q: string | number): string {
  return sumQuantities([q]);
}

function formatMilli(milli: bigint, format: QuantityFormat): string {
  if (milli === 0n) return '0';
  const neg = milli < 0n;
  const abs = neg ? -milli : milli;
  const sign = neg ? '-' : '';
  if (format === 'BinarySI' && abs >= 1024_000n && abs % 1000n === 0n) {
    let units = abs / 1000n;
    let i = 0;
    const suffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
    while (i < suffixes.length - 1 && units % 1024n === 0n) {
      units /= 1024n;
      i++;
    }
    return `${sign}${units}${suffixes[i]}`;
  }
  // Decimal: the largest power of 1000 (from milli up) that divides the value.
  const suffixes = ['m', '', 'k', 'M', 'G', 'T', 'P', 'E'];
  let v = abs;
  let i = 0;
  while (i < suffixes.length - 1 && v % 1000n === 0n) {
    v /= 1000n;
    i++;
  }
  return `${sign}${v}${suffixes[i]}`;
}
