// How go-yaml v2 (vendored by sigs.k8s.io/yaml, which kubectl and the API server read YAML through) types an
// untagged plain scalar: YAML 1.1 booleans and nulls (`yes`, `off`, `~`), strconv.ParseInt/ParseUint with base
// prefixes (`0x1F`, `0o17`, `017`, `0b101`, underscores ignored), floats in YAML style, and everything else,
// including out-of-range numbers and timestamps, a string.
import { BigIntLiteral } from './json';

const BOOL_NULL: Record<string, boolean | null> = {
  y: true,
  Y: true,
  yes: true,
  Yes: true,
  YES: true,
  true: true,
  True: true,
  TRUE: true,
  on: true,
  On: true,
  ON: true,
  n: false,
  N: false,
  no: false,
  No: false,
  NO: false,
  false: false,
  False: false,
  FALSE: false,
  off: false,
  Off: false,
  OFF: false,
  '~': null,
  null: null,
  Null: null,
  NULL: null,
};
const SPECIAL_FLOATS: Record<string, number> = {
  '.nan': NaN,
  '.NaN': NaN,
  '.NAN': NaN,
  '.inf': Infinity,
  '.Inf': Infinity,
  '.INF': Infinity,
  '+.inf': Infinity,
  '+.Inf': Infinity,
  '+.INF': Infinity,
  '-.inf': -Infinity,
  '-.Inf': -Infinity,
  '-.INF': -Infinity,
};
// resolve.go's yamlStyleFloat, the only floats go-yaml accepts after a digit or sign.
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// What strconv.ParseFloat accepts after a leading '.' (decimal only: hex floats need a 0x prefix).
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;

// 0, or 1 to 15 digits without a leading zero (below 2^53: exact as a number; never a timestamp or float).
const SHORT_DECIMAL = /^(0|[1-9][0-9]*)$/;

export type Resolved = string | number | boolean | null | BigIntLiteral;

export interface Resolution {
  tag: 'str' | 'bool' | 'null' | 'int' | 'float' | 'timestamp';
  value: Resolved;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(s, 0, 64), else ParseUint(s, 0, 64): the value, or undefined when both fail. */
function parseGoInt(s: string): number | BigIntLiteral | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2];
  // BigInt takes 0x/0b/0o itself; a bare leading zero is octal.
  let big = /^0[0-7]+$/.test(body) ? BigInt('0o' + body.slice(1)) : BigInt(body.toLowerCase());
  if (m[1] === '-') big = -big;
  if (big > UINT64_MAX || big < INT64_MIN) return undefined;
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER))
    return new BigIntLiteral(big.toString());
  return Number(big);
}

/** strconv.ParseFloat of a syntactically valid decimal: overflow is an error (ErrRange), underflow is 0. */
function parseGoFloat(s: string): number | undefined {
  const f = Number(s);
  return Number.isFinite(f) ? f : undefined;
}

/** resolve.go parseTimestamp: four digits and '-', then one of go-yaml's layouts. */
export function isGoYAMLTimestamp(s: string): boolean {
  return (
    /^\d{4}-\d{1,2}-\d{1,2}$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?$/.test(s)
  );
}

/** go-yaml v2's resolve() for an untagged plain scalar (timestamps are reported, and read as strings). */
export function resolvePlain(s: string): Resolution {
  if (s === '') return { tag: 'null', value: null };
  // Most numbers in manifests (ports, replicas) are short plain decimals: what ParseInt gives them, without BigInt.
  if (s.length <= 15 && SHORT_DECIMAL.test(s)) return { tag: 'int', value: Number(s) };
  if (Object.prototype.hasOwnProperty.call(BOOL_NULL, s)) {
    const v = BOOL_NULL[s];
    return v === null ? { tag: 'null', value: null } : { tag: 'bool', value: v };
  }
  if (Object.prototype.hasOwnProperty.call(SPECIAL_FLOATS, s)) return { tag: 'float', value: SPECIAL_FLOATS[s] };
  const c = s[0];
  if (c === '.') {
    const f = DOT_FLOAT.test(s) ? parseGoFloat(s) : undefined;
    return f === undefined ? { tag: 'str', value: s } : { tag: 'float', value: f };
  }
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (isGoYAMLTimestamp(s)) return { tag: 'timestamp', value: s };
    const plain = s.replace(/_/g, '');
    const i = parseGoInt(plain);
    if (i !== undefined) return { tag: 'int', value: i };
    const f = YAML_STYLE_FLOAT.test(plain) ? parseGoFloat(plain) : undefined;
    if (f !== undefined) return { tag: 'float', value: f };
  }
  return { tag: 'str', value: s };
}
