// A CronJob as pkg/apis/batch/validation checks it on create beyond its counts: the name at most 52 characters (the
// controller appends 11 to name its Jobs), the schedule as robfig/cron/v3's ParseStandard reads it (5 fields, or a
// descriptor; its error texts), no TZ= in the schedule, and timeZone a name Go's time.LoadLocation knows.
import { isPlainObject } from '../../documents/manifest';
import { parseDuration } from '../../../kube/util/go/time';
import { quote } from '../../../kube/util/go/strconv';
import { generatedName } from './names';
import type { Obj, Problems } from './problems';

export function checkCronJob(pr: Problems, obj: Obj): void {
  const md = isPlainObject(obj.metadata) ? obj.metadata : {};
  if (typeof md.name === 'string' && md.name !== '') {
    if (md.name.length > 52) pr.invalid(['metadata', 'name'], md.name, 'must be no more than 52 characters');
  } else if (typeof md.generateName === 'string' && md.generateName !== '') {
    const generated = generatedName(md.generateName);
    if (generated.checked.length > 52)
      pr.invalidPrinted(['metadata', 'generateName'], generated.printed, 'must be no more than 52 characters', [
        'metadata',
        'name',
      ]);
  }
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  if (!spec) return;
  const schedule = spec.schedule ?? '';
  if (schedule === '') pr.required(['spec', 'schedule']);
  else if (typeof schedule === 'string') {
    const error = cronScheduleError(schedule);
    if (error !== undefined) pr.invalid(['spec', 'schedule'], schedule, error);
    if (schedule.includes('TZ'))
      pr.invalid(['spec', 'schedule'], schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  }
  if (typeof spec.timeZone === 'string') checkTimeZone(pr, spec.timeZone);
}

const VALID_TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

function checkTimeZone(pr: Problems, tz: string): void {
  const p = ['spec', 'timeZone'];
  if (tz === '') return pr.invalid(p, tz, 'timeZone must be nil or non-empty string');
  for (const part of tz.split('/'))
    if (part === '.' || part === '..' || part.startsWith('-') || !VALID_TIME_ZONE_PART.test(part))
      return pr.invalid(p, tz, `unknown time zone ${tz}`);
  if (tz.toLowerCase() === 'local')
    pr.invalid(p, tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones');
  const error = loadLocationError(tz);
  if (error) pr.invalid(p, tz, error);
}

/** time.LoadLocation's error for a name, or undefined (zone names are ICU's here, the server's its zoneinfo's). */
function loadLocationError(name: string): string | undefined {
  if (name === '' || name === 'UTC' || name === 'Local') return undefined;
  if (name.includes('..') || name.startsWith('/') || name.startsWith('\\')) return 'time: invalid location name';
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    // Go's names are file names, case-sensitive; ICU's are not.
    if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) throw new RangeError(name);
    return undefined;
  } catch {
    return `unknown time zone ${name}`;
  }
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTHS.map((m, i) => [m, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DAYS.map((d, i) => [d, i])) },
];
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** cron.ParseStandard's error for a schedule (ParseCronScheduleWithPanicRecovery's for a panic), or undefined. */
export function cronScheduleError(spec: string): string | undefined {
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    // Go slices spec[eq+1:i]: without a space that panics, and the panic is the error.
    if (i < 0) return `invalid schedule format: runtime error: slice bounds out of range [:${i}]`;
    const zone = spec.slice(eq + 1, i);
    const error = loadLocationError(zone);
    if (error) return `provided bad location ${zone}: ${error}`;
    spec = spec.slice(i).trim();
  }
  if (spec.startsWith('@')) {
    if (DESCRIPTORS.has(spec)) return undefined;
    if (spec.startsWith('@every ')) {
      try {
        parseDuration(spec.slice('@every '.length));
        return undefined;
      } catch (e) {
        return `failed to parse duration ${spec}: ${(e as Error).message}`;
      }
    }
    return `unrecognized descriptor: ${spec}`;
  }
  // strings.Fields: Go's unicode.IsSpace.
  const fields = spec
    .split(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/)
    .filter((f) => f !== '');
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let f = 0; f < 5; f++)
    for (const expr of fields[f].split(',').filter((e) => e !== '')) {
      const error = rangeError(expr, FIELDS[f]);
      if (error) return error;
    }
  return undefined;
}

function rangeError(expr: string, r: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') [start, end] = [r.min, r.max];
  else {
    const low = intOrName(lowAndHigh[0], r.names);
    if (typeof low === 'string') return low;
    start = low;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const high = intOrName(lowAndHigh[1], r.names);
      if (typeof high === 'string') return high;
      end = high;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = goAtoiNonNegative(rangeAndStep[1]);
    if (typeof s === 'string') return s;
    step = s;
    if (lowAndHigh.length === 1) end = r.max;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

function intOrName(expr: string, names?: Record<string, number>): number | string {
  const named = names && Object.hasOwn(names, expr.toLowerCase()) ? names[expr.toLowerCase()] : undefined;
  return named ?? goAtoiNonNegative(expr);
}

/** mustParseInt: strconv.Atoi, refusing negatives; the error text when it fails. */
function goAtoiNonNegative(expr: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(expr))
    return `failed to parse int from ${expr}: strconv.Atoi: parsing ${quote(expr)}: invalid syntax`;
  const big = BigInt(expr);
  if (big >= 2n ** 63n || big < -(2n ** 63n))
    return `failed to parse int from ${expr}: strconv.Atoi: parsing ${quote(expr)}: value out of range`;
  const num = Number(big);
  if (num < 0) return `negative number (${num}) not allowed: ${expr}`;
  return num;
}
