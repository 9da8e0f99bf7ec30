// Plain-scalar resolution as the API server reads YAML: sigs.k8s.io/yaml -> go-yaml v2 (YAML 1.1 rules).
// kubectl and the API server both convert YAML to JSON this way, so `yes` is true and `0777` is 511.

export type GoScalar = string | number | boolean | null;

const TRUE_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE_WORDS = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);
const INF_WORDS = new Set(['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']);
const NEG_INF_WORDS = new Set(['-.inf', '-.Inf', '-.INF']);
const NAN_WORDS = new Set(['.nan', '.NaN', '.NAN']);

// go-yaml v2 resolve(): strconv.ParseInt(plain, 0, 64) after removing '_' — so 0x, 0o-less leading-zero octal, 0b.
const INT_RE = /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|[0-9][0-9_]*)$/;
// go-yaml v2 yamlStyleFloat: strconv.ParseFloat on `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Resolve the source text of an untagged plain scalar the way go-yaml v2 does. */
export function resolvePlainScalar(source: string): GoScalar {
  if (NULL_WORDS.has(source)) return null;
  if (TRUE_WORDS.has(source)) return true;
  if (FALSE_WORDS.has(source)) return false;
  if (INF_WORDS.has(source)) return Infinity;
  if (NEG_INF_WORDS.has(source)) return -Infinity;
  if (NAN_WORDS.has(source)) return NaN;
  const c = source.charCodeAt(0);
  const maybeNumber = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46; // digit + - .
  if (!maybeNumber) return source;
  if (INT_RE.test(source)) {
    const n = parseGoInt(source.replace(/_/g, ''));
    if (n !== undefined) return n;
  }
  if (FLOAT_RE.test(source)) {
    const f = Number(source);
    if (!Number.isNaN(f)) return f;
  }
  return source;
}

function parseGoInt(text: string): number | undefined {
  let sign = 1;
  let s = text;
  if (s.startsWith('-')) {
    sign = -1;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  if (s === '') return undefined;
  let radix = 10;
  if (/^0b/.test(s)) {
    radix = 2;
    s = s.slice(2);
  } else if (/^0x/.test(s)) {
    radix = 16;
    s = s.slice(2);
  } else if (s.length > 1 && s.startsWith('0')) {
    radix = 8;
    s = s.slice(1);
  }
  if (s === '') return undefined;
  // `09` is not octal: strconv.ParseInt fails and go-yaml falls back to ParseFloat (9).
  if (![...s].every((ch) => !Number.isNaN(parseInt(ch, radix)))) return undefined;
  const big = BigInt.asIntN(64, BigInt(sign) * parseBigInt(s, radix));
  // Beyond 2^63 Go falls back to uint64 / float; keep the number form, precision is not our concern here.
  return Number(big);
}

function parseBigInt(digits: string, radix: number): bigint {
  let v = 0n;
  const r = BigInt(radix);
  for (const ch of digits) v = v * r + BigInt(parseInt(ch, radix));
  return v;
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
