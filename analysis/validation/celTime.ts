// Timestamps and durations as cel-go has them (common/types/timestamp.go, duration.go, overflow.go), over cel-js's
// values (a Date; a Duration of seconds and nanos): timestamp() parses RFC 3339 as Go's time.Parse does (nine
// fraction digits, any offset) within years 1-9999, and the timestamp keeps, as Go's time.Time does, its nanoseconds
// and its offset (a Date carries them as two symbol properties): string() prints them, arithmetic carries both
// (the getters without a time zone read UTC, as cel-go's stdlib does). duration() is Go's time.ParseDuration;
// arithmetic that leaves years 1-9999 or int64 nanoseconds fails as cel-go's does; the conversions cel-js lacks
// (string(), int() of both) are added; a getter's time zone is a name (Go's LoadLocation, here the platform's
// time zone database) or a `±HH:MM` offset. Comparisons and equality see the nanoseconds, as Go's Time.Compare.
import type { Environment } from '@marcbachmann/cel-js';
import { EvaluationError } from '@marcbachmann/cel-js';
import { formatFloat, parseDuration, quote as goQuote } from '../../kube/util/go';

const TS = 'google.protobuf.Timestamp';
const DUR = 'google.protobuf.Duration';
const MIN_UNIX = -62135596800; // 0001-01-01T00:00:00Z
const MAX_UNIX = 253402300799; // 9999-12-31T23:59:59Z
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const BILLION = 1_000_000_000n;

interface CelDuration {
  seconds: bigint;
  nanos: number;
}
type DurationClass = new (seconds: bigint, nanos: number) => CelDuration;

const celError = (m: string) => new EvaluationError(m);
/** The nanoseconds beyond the Date's milliseconds (0-999999), and the offset east of UTC in minutes (absent: UTC). */
const NANOS = Symbol('nanoseconds');
const OFFSET = Symbol('offsetMinutes');
type GoTime = Date & { [NANOS]?: number; [OFFSET]?: number };
/** Nanoseconds since the epoch. */
const unixNanos = (t: GoTime) => BigInt(t.getTime()) * 1_000_000n + BigInt(t[NANOS] ?? 0);
/** A timestamp's order against another, to the nanosecond (time.Time.Compare; the offsets do not count). */
export const compareTimestamps = (a: Date, b: Date): number => {
  const [x, y] = [unixNanos(a as GoTime), unixNanos(b as GoTime)];
  return x < y ? -1 : x > y ? 1 : 0;
};
const floorDiv = (a: bigint, b: bigint) => (a % b < 0n ? a / b - 1n : a / b);
/** The time at `ns` since the epoch in `offset` (checked against years 1-9999, as cel-go checks its arithmetic). */
function timeAt(ns: bigint, offset: number | undefined): GoTime {
  const sec = floorDiv(ns, BILLION);
  if (sec < BigInt(MIN_UNIX) || sec > BigInt(MAX_UNIX)) throw celError('timestamp overflow');
  const ms = floorDiv(ns, 1_000_000n);
  const t = new Date(Number(ms)) as GoTime;
  t[NANOS] = Number(ns - ms * 1_000_000n);
  if (offset) t[OFFSET] = offset;
  return t;
}
/** A Date whose UTC fields are the wall clock of t at `offset` minutes east. */
const wallClock = (t: GoTime, offset = t[OFFSET] ?? 0) => new Date(t.getTime() + offset * 60_000);
const nanosOf = (d: CelDuration) => d.seconds * BILLION + BigInt(Math.trunc(d.nanos));
const checkedInt64 = (n: bigint) => {
  if (n < INT64_MIN || n > INT64_MAX) throw celError('integer overflow');
  return n;
};

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})$/;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** time.Parse(time.RFC3339, s) as a Date (milliseconds), or undefined when Go refuses the text. */
function parseRFC3339(s: string): GoTime | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && !isLeap(y) ? 28 : DAYS[mo - 1])) return undefined;
  if (h > 23 || mi > 59 || se > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const [oh, om] = m[8].slice(1).split(':').map(Number);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[8][0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, se, 0);
  const fraction = BigInt((m[7] ?? '').slice(0, 9).padEnd(9, '0'));
  return timeAt((BigInt(date.getTime()) - BigInt(offsetMinutes) * 60_000n) * 1_000_000n + fraction, offsetMinutes);
}

/** Time.Format(time.RFC3339Nano): the wall clock of the time's offset, trailing zeros of the fraction dropped. */
function formatRFC3339Nano(t: GoTime): string {
  const offset = t[OFFSET] ?? 0;
  const wall = wallClock(t).toISOString().slice(0, 19); // 0001-01-01T00:00:00
  const nanos = String(t.getUTCMilliseconds() * 1_000_000 + (t[NANOS] ?? 0))
    .padStart(9, '0')
    .replace(/0+$/, '');
  const zone = offset
    ? `${offset < 0 ? '-' : '+'}${String(Math.trunc(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`
    : 'Z';
  return `${wall}${nanos ? `.${nanos}` : ''}${zone}`;
}

/** cel-go's timeZone(): a `±HH:MM` offset (Atoi of each side), else a location name; the offset in minutes at t. */
function zoneOffset(t: Date, tz: string): number {
  const colon = tz.indexOf(':');
  if (colon >= 0) {
    const [hours, minutes] = [tz.slice(0, colon), tz.slice(colon + 1)];
    for (const part of [hours, minutes])
      if (!/^[+-]?[0-9]+$/.test(part)) throw celError(`strconv.Atoi: parsing ${goQuote(part)}: invalid syntax`);
    const [hr, min] = [Number(hours), Number(minutes)];
    return tz[0] === '-' ? hr * 60 - min : hr * 60 + min;
  }
  if (tz === '' || tz === 'UTC' || tz === 'Local') return 0; // the server runs in UTC
  if (tz.includes('..') || tz.startsWith('/') || tz.startsWith('\\')) throw celError('time: invalid location name');
  let parts: Intl.DateTimeFormatPart[];
  try {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    // Go's names are file names, case-sensitive ("utc", "Europe/paris" are unknown); ICU's are not. An alias ICU
    // resolves to another name ("US/Pacific") keeps whatever case it was written in.
    const resolved = format.resolvedOptions().timeZone;
    if (resolved !== tz && resolved.toLowerCase() === tz.toLowerCase()) throw new RangeError(tz);
    parts = format.formatToParts(t);
  } catch {
    throw celError(`unknown time zone ${tz}`);
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = era === 'BC' || era === 'B' ? 1 - get('year') : get('year');
  const local = new Date(0);
  local.setUTCFullYear(year, get('month') - 1, get('day'));
  local.setUTCHours(get('hour'), get('minute'), get('second'), t.getUTCMilliseconds());
  return Math.round((local.getTime() - t.getTime()) / 60_000);
}

/** The timestamp getters over a wall clock (a Date read through its UTC fields). */
const GETTERS: Record<string, (w: Date) => number> = {
  getFullYear: (w) => w.getUTCFullYear(),
  getMonth: (w) => w.getUTCMonth(),
  getDate: (w) => w.getUTCDate(),
  getDayOfMonth: (w) => w.getUTCDate() - 1,
  getDayOfWeek: (w) => w.getUTCDay(),
  getDayOfYear: (w) => {
    const start = new Date(0);
    start.setUTCFullYear(w.getUTCFullYear(), 0, 1);
    return Math.floor((w.getTime() - start.getTime()) / 86_400_000);
  },
  getHours: (w) => w.getUTCHours(),
  getMinutes: (w) => w.getUTCMinutes(),
  getSeconds: (w) => w.getUTCSeconds(),
  getMilliseconds: (w) => w.getUTCMilliseconds(),
};

type Replace = (env: Environment, probe: string, signature: string, wrap: (original: Handler) => Handler) => void;
type Handler = (this: unknown, ...args: never[]) => unknown;

/** Replaces cel-js's timestamp and duration functions by cel-go's, and adds the conversions it lacks. */
export function overrideTimeFunctions(env: Environment, replace: Replace): void {
  const Duration = (env.evaluate("duration('0s')") as object).constructor as DurationClass;
  const durationOf = (ns: bigint) => new Duration(checkedInt64(ns) / BILLION, Number(ns % BILLION));
  const fixed = (f: (...a: never[]) => unknown) => () => f as Handler;

  env.registerFunction(`string(${TS}): string`, (t: GoTime) => formatRFC3339Nano(t));
  env.registerFunction(`string(${DUR}): string`, (d: CelDuration) => {
    const ns = nanosOf(d);
    const seconds = Number(ns / BILLION) + Number(ns % BILLION) / 1e9;
    return `${formatFloat(seconds, 'f')}s`;
  });
  env.registerFunction(`int(${TS}): int`, (t: GoTime) => floorDiv(unixNanos(t), BILLION));
  env.registerFunction(`int(${DUR}): int`, (d: CelDuration) => nanosOf(d));

  replace(
    env,
    "timestamp('')",
    `timestamp(string): ${TS}`,
    fixed((s: string) => {
      const d = parseRFC3339(s);
      if (!d) throw celError(`type conversion error from 'string' to '${TS}'`);
      return d;
    }),
  );
  replace(
    env,
    "duration('')",
    `duration(string): ${DUR}`,
    fixed((s: string) => {
      let ns: number;
      try {
        ns = parseDuration(s);
      } catch {
        throw celError(`type conversion error from 'string' to '${DUR}'`);
      }
      return durationOf(BigInt(Math.round(ns)));
    }),
  );
  const probe = (op: string, l: string, r: string) => `dyn(${l}) ${op} dyn(${r})`;
  const ts = "timestamp('1970-01-01T00:00:00Z')";
  const dur = "duration('0s')";
  // a timestamp moved by a duration keeps its offset; out of years 1-9999 it overflows
  const moved = (t: GoTime, ns: bigint) => timeAt(unixNanos(t) + ns, t[OFFSET]);
  replace(
    env,
    probe('+', ts, dur),
    `${TS} + ${DUR}: ${TS}`,
    fixed((t: GoTime, d: CelDuration) => moved(t, nanosOf(d))),
  );
  // (cel-js declares duration + timestamp a duration)
  replace(
    env,
    probe('+', dur, ts),
    `${DUR} + ${TS}: ${DUR}`,
    fixed((d: CelDuration, t: GoTime) => moved(t, nanosOf(d))),
  );
  replace(
    env,
    probe('-', ts, dur),
    `${TS} - ${DUR}: ${TS}`,
    fixed((t: GoTime, d: CelDuration) => moved(t, checkedInt64(-nanosOf(d)))),
  );
  for (const [name, get] of Object.entries(GETTERS)) {
    // without a time zone, cel-go's stdlib reads UTC (not the timestamp's own offset)
    replace(
      env,
      `${ts}.${name}()`,
      `${TS}.${name}(): int`,
      fixed((t: GoTime) => BigInt(get(wallClock(t, 0)))),
    );
    replace(
      env,
      `${ts}.${name}('UTC')`,
      `${TS}.${name}(string): int`,
      fixed((t: GoTime, tz: string) => BigInt(get(wallClock(t, zoneOffset(t, tz))))),
    );
  }
  // durations are int64 nanoseconds
  replace(
    env,
    probe('+', dur, dur),
    `${DUR} + ${DUR}: ${DUR}`,
    fixed((a: CelDuration, b: CelDuration) => durationOf(nanosOf(a) + nanosOf(b))),
  );
  replace(
    env,
    probe('-', dur, dur),
    `${DUR} - ${DUR}: ${DUR}`,
    fixed((a: CelDuration, b: CelDuration) => durationOf(nanosOf(a) - nanosOf(b))),
  );
  // ==, !=, <, <=, >, >= to the nanosecond (cel-js compares the Dates' milliseconds)
  const comparisons: [string, (c: number) => boolean][] = [
    ['==', (c) => c === 0],
    ['!=', (c) => c !== 0],
    ['<', (c) => c < 0],
    ['<=', (c) => c <= 0],
    ['>', (c) => c > 0],
    ['>=', (c) => c >= 0],
  ];
  for (const [op, holds] of comparisons)
    replace(
      env,
      probe(op, ts, ts),
      `${TS} ${op} ${TS}: bool`,
      fixed((a: GoTime, b: GoTime) => holds(compareTimestamps(a, b))),
    );
  replace(
    env,
    probe('-', ts, ts),
    `${TS} - ${TS}: ${DUR}`,
    fixed((a: GoTime, b: GoTime) => durationOf(unixNanos(a) - unixNanos(b))),
  );
}
