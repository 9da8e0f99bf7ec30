// Go's time.ParseDuration: what kubectl's duration flags (--since, --pod-running-timeout) accept, and its errors.
import { quote } from './strconv';

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
/** time.Duration is an int64 of nanoseconds: ParseDuration refuses what does not fit (to a double's precision here). */
const LIMIT_NS = 2 ** 63;

/** The duration in nanoseconds; throws Go's error text ("time: invalid duration \"x\""…). */
export function parseDuration(value: string): number {
  const invalid = () => new Error(`time: invalid duration ${quote(value)}`);
  let s = value;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s.startsWith('-')) sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  let total = 0;
  while (s.length > 0) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([^\d.]*)/.exec(s);
    if (!m) throw invalid();
    if (!m[2]) throw new Error(`time: missing unit in duration ${quote(value)}`);
    const unit = UNIT_NS[m[2]];
    if (unit === undefined) throw new Error(`time: unknown unit ${quote(m[2])} in duration ${quote(value)}`);
    total += parseFloat(m[1]!) * unit;
    s = s.slice(m[0].length);
  }
  if (sign > 0 ? total >= LIMIT_NS : total > LIMIT_NS) throw invalid();
  return sign * total;
}
