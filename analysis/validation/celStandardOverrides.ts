// Standard CEL functions that cel-js defines differently from cel-go, replaced in our environment by cel-go's
// behaviour: strings indexed by code point (Go's runes; cel-js counts UTF-16 units) with cel-go's range errors,
// Go's strings.TrimSpace and strings.Split, and conversions from strings as Go's strconv parses them (cel-js reads
// int('') as 0 and accepts `0x1F`, `0b1`, `+1` for uint). cel-js lets an environment add overloads but not replace its
// own, so the declaration is swapped in the candidates the checker resolves the call from (found through a checked
// probe call); the name stays, so error texts and the cost models keep seeing cel-go's function.
import type { Environment } from '@marcbachmann/cel-js';
import { EvaluationError, Optional } from '@marcbachmann/cel-js';
import { formatFloat, trimSpace } from '../../kube/util/go';
import { overrideTimeFunctions } from './celTime';

type Handler = (this: unknown, ...args: never[]) => unknown;
interface Declaration {
  signature: string;
  handler: Handler;
}
interface CallNode {
  candidates?: { declarations: Declaration[] };
}

const celError = (message: string) => new EvaluationError(message);
const runes = (s: string) => [...s];
const conversionError = (to: string) => celError(`type conversion error from 'string' to '${to}'`);

/** Swaps the built-in overload `signature` of the call in `probe` for one running `wrap(original)`. */
export function replaceOverload(
  env: Environment,
  probe: string,
  signature: string,
  wrap: (original: Handler) => Handler,
) {
  const program = env.parse(probe);
  program.check();
  const declarations = (program.ast as CallNode).candidates?.declarations;
  const i = declarations?.findIndex((d) => d.signature === signature) ?? -1;
  if (!declarations || i < 0) throw new Error(`cel-js has no overload ${signature} to replace`);
  const original = declarations[i];
  const replaced = Object.assign(Object.create(Object.getPrototypeOf(original) as object) as Declaration, original, {
    handler: wrap(original.handler),
  });
  declarations[i] = Object.freeze(replaced);
}

/** Wraps every overload of the operator in `probe` whose signature `matches`. */
function wrapOverloads(env: Environment, probe: string, matches: RegExp, wrap: (original: Handler) => Handler) {
  const program = env.parse(probe);
  program.check();
  const declarations = (program.ast as CallNode).candidates?.declarations ?? [];
  declarations.forEach((d, i) => {
    if (!matches.test(d.signature)) return;
    const replaced = Object.assign(Object.create(Object.getPrototypeOf(d) as object) as Declaration, d, {
      handler: wrap(d.handler),
    });
    declarations[i] = Object.freeze(replaced);
  });
}

/** cel-go's ext strings indexOf with an offset (runes; an offset past the end is -1, a negative one an error). */
function indexOf(s: string, sub: string, offset: bigint): bigint {
  if (sub === '') return offset;
  if (offset < 0n) throw celError(`index out of range: ${offset}`);
  const r = runes(s);
  const t = runes(sub);
  for (let i = Number(offset); i < r.length - (t.length - 1); i++)
    if (t.every((c, j) => r[i + j] === c)) return BigInt(i);
  return -1n;
}
function lastIndexOf(s: string, sub: string, offset: bigint): bigint {
  if (sub === '') return offset;
  if (offset < 0n) throw celError(`index out of range: ${offset}`);
  const r = runes(s);
  const t = runes(sub);
  if (offset >= BigInt(r.length)) return -1n;
  for (let i = Math.min(Number(offset), r.length - t.length); i >= 0; i--)
    if (t.every((c, j) => r[i + j] === c)) return BigInt(i);
  return -1n;
}
const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

function substring(s: string, start: bigint, end?: bigint): string {
  const r = runes(s);
  if (end !== undefined && start > end) throw celError(`invalid substring range. start: ${start}, end: ${end}`);
  for (const i of end === undefined ? [start] : [start, end])
    if (i < 0n || i > BigInt(r.length)) throw celError(`index out of range: ${i}`);
  return r.slice(Number(start), end === undefined ? undefined : Number(end)).join('');
}

/** strings.SplitN (n < 0: all); an empty separator splits into runes. */
function splitN(s: string, sep: string, n: bigint): string[] {
  if (n === 0n) return [];
  const parts = sep === '' ? runes(s) : s.split(sep);
  if (n < 0n || BigInt(parts.length) <= n) return parts;
  const k = Number(n);
  return [...parts.slice(0, k - 1), parts.slice(k - 1).join(sep)];
}

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
/** strconv.ParseInt(s, 10, 64): an optional sign and decimal digits, within int64. */
function parseGoInt(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) throw conversionError('int');
  const n = BigInt(s);
  if (n < INT64.min || n > INT64.max) throw conversionError('int');
  return n;
}
/** strconv.ParseFloat(s, 64): decimal or hexadecimal (with a `p` exponent) floats, inf/infinity/nan; not ±Inf by overflow. */
function parseGoFloat(s: string): number {
  const t = s.replace(/^[+-]/, '');
  const negative = s.startsWith('-');
  if (/^(inf|infinity)$/i.test(t)) return negative ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  let v: number;
  const hex = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(t);
  if (hex && (hex[1] || hex[2])) {
    const frac = hex[2] ?? '';
    v = parseInt(hex[1] + frac || '0', 16) * 2 ** (Number(hex[3]) - 4 * frac.length);
  } else if (/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(t)) v = Number(t);
  else throw conversionError('double');
  if (!Number.isFinite(v)) throw conversionError('double');
  return negative ? -v : v;
}

/** cel-go's IsZeroValue: null, false, 0, '', empty bytes, lists and maps, a zero duration, the zero time. */
function isZeroValue(v: unknown): boolean {
  if (v === null || v === false || v === 0n || v === 0 || v === '') return true;
  if (v instanceof Uint8Array || Array.isArray(v)) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  if (v instanceof Date) return v.getTime() === -62135596800000;
  if (v instanceof Optional) return !v.hasValue();
  const d = v as { seconds?: unknown; nanos?: unknown; valueOf(): unknown };
  if (typeof d?.seconds === 'bigint') return d.seconds === 0n && d.nanos === 0;
  return typeof v === 'object' && v !== null && 'valueOf' in v && d.valueOf() === 0n; // uint
}

/** Replaces cel-js's standard functions whose behaviour differs from cel-go's. Call after all registrations. */
export function overrideStandardFunctions(env: Environment): void {
  const with1 = (f: (...a: never[]) => unknown) => () => f as Handler;
  replaceOverload(
    env,
    "''.substring(0)",
    'string.substring(int): string',
    with1((s: string, a: bigint) => substring(s, a)),
  );
  replaceOverload(
    env,
    "''.substring(0, 0)",
    'string.substring(int, int): string',
    with1((s: string, a: bigint, b: bigint) => substring(s, a, b)),
  );
  replaceOverload(
    env,
    "''.indexOf('')",
    'string.indexOf(string): int',
    with1((s: string, t: string) => indexOf(s, t, 0n)),
  );
  replaceOverload(
    env,
    "''.indexOf('', 0)",
    'string.indexOf(string, int): int',
    with1((s: string, t: string, o: bigint) => indexOf(s, t, o)),
  );
  // cel-go compares the byte lengths before searching from the last rune
  replaceOverload(
    env,
    "''.lastIndexOf('')",
    'string.lastIndexOf(string): int',
    with1((s: string, t: string) =>
      t === ''
        ? BigInt(runes(s).length)
        : utf8Length(s) < utf8Length(t)
          ? -1n
          : lastIndexOf(s, t, BigInt(runes(s).length - 1)),
    ),
  );
  replaceOverload(
    env,
    "''.lastIndexOf('', 0)",
    'string.lastIndexOf(string, int): int',
    with1((s: string, t: string, o: bigint) => lastIndexOf(s, t, o)),
  );
  replaceOverload(
    env,
    "''.trim()",
    'string.trim(): string',
    with1((s: string) => trimSpace(s)),
  );
  replaceOverload(
    env,
    "''.split('')",
    'string.split(string): list<string>',
    with1((s: string, sep: string) => splitN(s, sep, -1n)),
  );
  replaceOverload(
    env,
    "''.split('', 0)",
    'string.split(string, int): list<string>',
    with1((s: string, sep: string, n: bigint) => splitN(s, sep, n)),
  );
  replaceOverload(
    env,
    "int('')",
    'int(string): int',
    with1((s: string) => parseGoInt(s)),
  );
  // strconv.ParseUint: decimal digits only (no sign); the range and the value type stay cel-js's
  replaceOverload(
    env,
    "uint('')",
    'uint(string): uint',
    (original) =>
      function (this: unknown, s: string) {
        if (!/^[0-9]+$/.test(s) || BigInt(s) > 2n ** 64n - 1n) throw conversionError('uint');
        return original.call(this, s as never);
      },
  );
  replaceOverload(
    env,
    "double('')",
    'double(string): double',
    with1((s: string) => parseGoFloat(s)),
  );
  // integers: cel-go's checked int64/uint64 conversions and arithmetic
  env.registerFunction('int(uint): int', (u: { valueOf(): bigint }) => {
    const v = BigInt(u.valueOf());
    if (v > INT64.max) throw celError('integer overflow');
    return v;
  });
  replaceOverload(
    env,
    'uint(1)',
    'uint(int): uint',
    (original) =>
      function (this: unknown, i: bigint) {
        if (i < 0n) throw celError('unsigned integer overflow');
        return original.call(this, i as never);
      },
  );
  replaceOverload(
    env,
    'int(1.0)',
    'int(double): int',
    with1((d: number) => {
      // doubleToInt64Checked: the bounds themselves overflow (2^63 is not an int64)
      if (!Number.isFinite(d) || d <= -(2 ** 63) || d >= 2 ** 63) throw celError('integer overflow');
      return BigInt(Math.trunc(d));
    }),
  );
  replaceOverload(
    env,
    'uint(1.0)',
    'uint(double): uint',
    (original) =>
      function (this: unknown, d: number) {
        if (!Number.isFinite(d) || d < 0 || d >= 2 ** 64) throw celError('unsigned integer overflow');
        return original.call(this, d as never);
      },
  );
  const overflowing = (check: (a: bigint, b: bigint) => boolean) => (original: Handler) =>
    function (this: unknown, ...args: never[]) {
      if (check(args[0] as bigint, args[1] as bigint)) throw celError('integer overflow');
      return original.apply(this, args);
    };
  // MinInt64 / -1 and MinInt64 % -1 overflow in cel-go; JavaScript's bigints do not
  replaceOverload(
    env,
    'dyn(1) / dyn(1)',
    'int / int: int',
    overflowing((a, b) => a === INT64.min && b === -1n),
  );
  replaceOverload(
    env,
    'dyn(1) % dyn(1)',
    'int % int: int',
    overflowing((a, b) => a === INT64.min && b === -1n),
  );
  replaceOverload(
    env,
    '-dyn(1)',
    '-_int: int',
    overflowing((a) => a === INT64.min),
  );
  // fmt's %g; bytes that are not UTF-8 do not convert
  replaceOverload(
    env,
    'string(1.0)',
    'string(double): string',
    with1((d: number) => formatFloat(d, 'g')),
  );
  replaceOverload(
    env,
    "string(b'')",
    'string(bytes): string',
    with1((b: Uint8Array) => {
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(b);
      } catch {
        throw celError('invalid UTF-8 in bytes, cannot convert to string');
      }
    }),
  );
  // a NaN on either side of an ordering is an error in cel-go (Double.Compare, Int.Compare)
  for (const op of ['<', '<=', '>', '>='])
    wrapOverloads(
      env,
      `dyn(1.0) ${op} dyn(1.0)`,
      /double/,
      (original) =>
        function (this: unknown, ...args: never[]) {
          if (Number.isNaN(args[0]) || Number.isNaN(args[1])) throw celError('NaN values cannot be ordered');
          return original.apply(this, args);
        },
    );
  overrideTimeFunctions(env, replaceOverload);
  // standard functions cel-js lacks
  env.registerFunction('OptionalNamespace.ofNonZeroValue(A): optional<A>', (_: unknown, v: unknown) =>
    isZeroValue(v) ? Optional.none() : Optional.of(v),
  );
  // strconv.ParseBool
  replaceOverload(
    env,
    "bool('')",
    'bool(string): bool',
    with1((s: string) => {
      if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
      if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
      throw conversionError('bool');
    }),
  );
}
