// Go's local time zone (time/zoneinfo.go, zoneinfo_read.go, zoneinfo_unix.go), so that times print as kubectl prints
// them: the offset and the zone's abbreviation come from the same tzdata file Go reads (TZ, else /etc/localtime),
// not from the ICU data Node carries. ICU names a zone it has no English abbreviation for by its offset ("GMT+9"),
// where Go prints tzdata's: JST, IST, AEDT, and "-03" for zones whose tzdata abbreviation is numeric; a TZ that Go
// cannot load (empty, unknown) is UTC for Go, but Node may read it otherwise.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Zone {
  name: string;
  /** Seconds east of UTC. */
  offset: number;
  isDST: boolean;
}

interface ZoneTrans {
  when: number;
  index: number;
}

export interface GoLocation {
  zones: Zone[];
  tx: ZoneTrans[];
  /** The TZ string of a version 2+ file's footer: the rule for times after the last transition. */
  extend: string;
}

const UTC: GoLocation = { zones: [], tx: [], extend: '' };
/** Go's alpha: the earliest time, the fake transition of a zone without any. */
const ALPHA = -Number.MAX_SAFE_INTEGER;
const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_HOUR = 3_600;
/** Go's platformZoneSources on Unix. */
const ZONE_SOURCES = ['/usr/share/zoneinfo/', '/usr/share/lib/zoneinfo/', '/usr/lib/locale/TZ/', '/etc/zoneinfo/'];

let cached: { tz: string | undefined; loc: GoLocation } | undefined;

/** Go's time.Local for this process's TZ (initLocal), read once per TZ value. */
export function goLocalLocation(): GoLocation {
  const tz = process.env.TZ;
  if (!cached || cached.tz !== tz) cached = { tz, loc: initLocal(tz) };
  return cached.loc;
}

function initLocal(tz: string | undefined): GoLocation {
  if (tz === undefined) return loadFile('/etc/localtime') ?? UTC;
  const name = tz.startsWith(':') ? tz.slice(1) : tz;
  if (name.startsWith('/')) return loadFile(name) ?? UTC;
  if (name === '' || name === 'UTC') return UTC;
  for (const source of ZONE_SOURCES) {
    const loc = loadFile(path.join(source, name));
    if (loc) return loc;
  }
  return UTC;
}

function loadFile(file: string): GoLocation | undefined {
  try {
    return parseTZif(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

/** Go's LoadLocationFromTZData; undefined where Go returns an error. */
export function parseTZif(data: Buffer): GoLocation | undefined {
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > data.length) throw new Error('short');
    const at = pos;
    pos += n;
    return at;
  };
  const header = () => {
    const magic = need(4);
    if (data.toString('latin1', magic, magic + 4) !== 'TZif') throw new Error('magic');
    const version = data[need(1)];
    need(15);
    const counts = [0, 1, 2, 3, 4, 5].map(() => data.readUInt32BE(need(4)));
    // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
    return {
      version,
      isutcnt: counts[0],
      isstdcnt: counts[1],
      leapcnt: counts[2],
      timecnt: counts[3],
      typecnt: counts[4],
      charcnt: counts[5],
    };
  };
  try {
    let h = header();
    let is64 = false;
    if (h.version >= 0x32) {
      // Version 2+: skip the 32-bit body, read the 64-bit one that follows.
      need(h.timecnt * 4 + h.timecnt + h.typecnt * 6 + h.charcnt + h.leapcnt * 8 + h.isstdcnt + h.isutcnt);
      h = header();
      is64 = true;
    }
    const size = is64 ? 8 : 4;
    const whenAt = need(h.timecnt * size);
    const indexAt = need(h.timecnt);
    const typeAt = need(h.typecnt * 6);
    const charAt = need(h.charcnt);
    need(h.leapcnt * (size + 4) + h.isstdcnt + h.isutcnt);
    if (h.typecnt === 0) return undefined;
    const abbrev = data.subarray(charAt, charAt + h.charcnt);
    const zones: Zone[] = [];
    for (let i = 0; i < h.typecnt; i++) {
      const at = typeAt + i * 6;
      const offset = data.readInt32BE(at);
      const isDST = data[at + 4] !== 0;
      const ai = data[at + 5];
      if (ai >= abbrev.length) return undefined;
      const end = abbrev.indexOf(0, ai);
      zones.push({ name: abbrev.toString('latin1', ai, end < 0 ? abbrev.length : end), offset, isDST });
    }
    const tx: ZoneTrans[] = [];
    for (let i = 0; i < h.timecnt; i++) {
      const when = is64 ? Number(data.readBigInt64BE(whenAt + i * 8)) : data.readInt32BE(whenAt + i * 4);
      const index = data[indexAt + i];
      if (index >= zones.length) return undefined;
      tx.push({ when, index });
    }
    // A zone without transitions (Etc/GMT+5, UTC): one fake transition covering all time.
    if (tx.length === 0) tx.push({ when: ALPHA, index: 0 });
    let extend = '';
    if (is64 && pos < data.length && data[pos] === 0x0a) {
      const end = data.indexOf(0x0a, pos + 1);
      if (end > pos) extend = data.toString('latin1', pos + 1, end);
    }
    return { zones, tx, extend };
  } catch {
    return undefined;
  }
}

/**
 * A moment as Go's time.Local shows it: `local` is a Date whose UTC fields are the local wall clock; `offset` in
 * seconds east of UTC; `zone` the abbreviation Go prints for "MST".
 */
export function goLocalTime(ms: number): { local: Date; offset: number; zone: string } {
  const { name, offset } =
    process.platform === 'win32' ? icuZone(ms) : lookupZone(goLocalLocation(), Math.floor(ms / 1000));
  return { local: new Date(ms + offset * 1000), offset, zone: name };
}

/**
 * Windows has no tzdata files (Go reads the registry there): Node's own idea of the local zone, named by the
 * abbreviation ICU knows in English (EST, CET…), else none (printed as the offset).
 */
function icuZone(ms: number): { name: string; offset: number } {
  const d = new Date(ms);
  const names = ['en-US', 'en-GB'].map(
    (locale) =>
      new Intl.DateTimeFormat(locale, { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')
        ?.value ?? '',
  );
  return { name: names.find((n) => /^[A-Z]{3,5}$/.test(n)) ?? '', offset: -d.getTimezoneOffset() * 60 };
}

/** Go's Location.lookup: the zone's abbreviation and offset in effect at `sec` (Unix seconds). */
export function lookupZone(loc: GoLocation, sec: number): { name: string; offset: number } {
  if (loc.zones.length === 0) return { name: 'UTC', offset: 0 };
  if (loc.tx.length === 0 || sec < loc.tx[0].when) {
    const z = loc.zones[lookupFirstZone(loc)];
    return { name: z.name, offset: z.offset };
  }
  let lo = 0;
  let hi = loc.tx.length;
  while (hi - lo > 1) {
    const m = (lo + hi) >>> 1;
    if (sec < loc.tx[m].when) hi = m;
    else lo = m;
  }
  const z = loc.zones[loc.tx[lo].index];
  if (lo === loc.tx.length - 1 && loc.extend !== '') {
    const e = tzset(loc.extend, sec);
    if (e) return e;
  }
  return { name: z.name, offset: z.offset };
}

function lookupFirstZone(loc: GoLocation): number {
  if (!loc.tx.some((t) => t.index === 0)) return 0;
  if (loc.tx.length > 0 && loc.zones[loc.tx[0].index].isDST) {
    for (let zi = loc.tx[0].index - 1; zi >= 0; zi--) if (!loc.zones[zi].isDST) return zi;
  }
  const std = loc.zones.findIndex((z) => !z.isDST);
  return std >= 0 ? std : 0;
}

/** A tzset rule: Jn (julian, 1..365 without Feb 29), n (doy, 0..365) or Mm.w.d (mwd); `time` after midnight. */
interface Rule {
  kind: 'julian' | 'doy' | 'mwd';
  day: number;
  mon: number;
  week: number;
  time: number;
}

/** Go's tzset: the zone a POSIX TZ string gives at `sec`; undefined when the string does not parse. */
export function tzset(s: string, sec: number): { name: string; offset: number } | undefined {
  const std = tzsetName(s);
  if (!std) return undefined;
  const stdOff = tzsetOffset(std.rest);
  if (!stdOff) return undefined;
  let stdName = std.name;
  let stdOffset = -stdOff.value;
  s = stdOff.rest;
  if (s === '' || s[0] === ',') return { name: stdName, offset: stdOffset };
  const dst = tzsetName(s);
  if (!dst) return undefined;
  let dstName = dst.name;
  let dstOffset: number;
  s = dst.rest;
  if (s === '' || s[0] === ',') dstOffset = stdOffset + SECONDS_PER_HOUR;
  else {
    const o = tzsetOffset(s);
    if (!o) return undefined;
    dstOffset = -o.value;
    s = o.rest;
  }
  if (s === '') s = ',M3.2.0,M11.1.0'; // tzcode's default rules
  if (s[0] !== ',' && s[0] !== ';') return undefined;
  const start = tzsetRule(s.slice(1));
  if (!start || start.rest[0] !== ',') return undefined;
  const end = tzsetRule(start.rest.slice(1));
  if (!end || end.rest !== '') return undefined;

  const { year, yday } = civilYear(sec);
  const ysec = yday * SECONDS_PER_DAY + mod(sec, SECONDS_PER_DAY);
  let startSec = tzruleTime(year, start.rule, stdOffset);
  let endSec = tzruleTime(year, end.rule, dstOffset);
  if (endSec < startSec) {
    // Southern hemisphere: Go swaps the labels, as here.
    [startSec, endSec] = [endSec, startSec];
    [stdName, dstName] = [dstName, stdName];
    [stdOffset, dstOffset] = [dstOffset, stdOffset];
  }
  if (ysec < startSec || ysec >= endSec) return { name: stdName, offset: stdOffset };
  return { name: dstName, offset: dstOffset };
}

function tzsetName(s: string): { name: string; rest: string } | undefined {
  if (s === '') return undefined;
  if (s[0] !== '<') {
    for (let i = 0; i < s.length; i++) {
      if ('0123456789,-+'.includes(s[i])) return i < 3 ? undefined : { name: s.slice(0, i), rest: s.slice(i) };
    }
    return s.length < 3 ? undefined : { name: s, rest: '' };
  }
  const close = s.indexOf('>');
  return close < 0 ? undefined : { name: s.slice(1, close), rest: s.slice(close + 1) };
}

function tzsetOffset(s: string): { value: number; rest: string } | undefined {
  if (s === '') return undefined;
  let neg = false;
  if (s[0] === '+') s = s.slice(1);
  else if (s[0] === '-') {
    s = s.slice(1);
    neg = true;
  }
  const hours = tzsetNum(s, 0, 24 * 7);
  if (!hours) return undefined;
  let off = hours.value * SECONDS_PER_HOUR;
  s = hours.rest;
  for (const [max, unit] of [
    [59, 60],
    [59, 1],
  ]) {
    if (s === '' || s[0] !== ':') break;
    const n = tzsetNum(s.slice(1), 0, max);
    if (!n) return undefined;
    off += n.value * unit;
    s = n.rest;
  }
  return { value: neg ? -off : off, rest: s };
}

function tzsetNum(s: string, min: number, max: number): { value: number; rest: string } | undefined {
  if (s === '') return undefined;
  let num = 0;
  let i = 0;
  for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
    num = num * 10 + (s.charCodeAt(i) - 48);
    if (num > max) return undefined;
  }
  if (i === 0 || num < min) return undefined;
  return { value: num, rest: s.slice(i) };
}

function tzsetRule(s: string): { rule: Rule; rest: string } | undefined {
  let rule: Rule;
  if (s === '') return undefined;
  if (s[0] === 'J') {
    const d = tzsetNum(s.slice(1), 1, 365);
    if (!d) return undefined;
    rule = { kind: 'julian', day: d.value, mon: 0, week: 0, time: 0 };
    s = d.rest;
  } else if (s[0] === 'M') {
    const m = tzsetNum(s.slice(1), 1, 12);
    if (!m || m.rest[0] !== '.') return undefined;
    const w = tzsetNum(m.rest.slice(1), 1, 5);
    if (!w || w.rest[0] !== '.') return undefined;
    const d = tzsetNum(w.rest.slice(1), 0, 6);
    if (!d) return undefined;
    rule = { kind: 'mwd', mon: m.value, week: w.value, day: d.value, time: 0 };
    s = d.rest;
  } else {
    const d = tzsetNum(s, 0, 365);
    if (!d) return undefined;
    rule = { kind: 'doy', day: d.value, mon: 0, week: 0, time: 0 };
    s = d.rest;
  }
  if (s === '' || s[0] !== '/') {
    rule.time = 2 * SECONDS_PER_HOUR; // the default time of a rule
    return { rule, rest: s };
  }
  const t = tzsetOffset(s.slice(1));
  if (!t) return undefined;
  rule.time = t.value;
  return { rule, rest: t.rest };
}

const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysIn(month: number, year: number): number {
  if (month === 2 && isLeap(year)) return 29;
  return DAYS_BEFORE[month] - DAYS_BEFORE[month - 1];
}

/** Go's tzruleTime: seconds from the start of the (UTC) year to the rule's moment. */
function tzruleTime(year: number, r: Rule, off: number): number {
  let s: number;
  if (r.kind === 'julian') {
    s = (r.day - 1) * SECONDS_PER_DAY;
    if (isLeap(year) && r.day >= 60) s += SECONDS_PER_DAY;
  } else if (r.kind === 'doy') {
    s = r.day * SECONDS_PER_DAY;
  } else {
    // Zeller's congruence: the weekday of the month's first day.
    const m1 = ((r.mon + 9) % 12) + 1;
    let yy0 = year;
    if (r.mon <= 2) yy0--;
    const yy1 = Math.trunc(yy0 / 100);
    const yy2 = yy0 % 100;
    let dow = (Math.trunc((26 * m1 - 2) / 10) + 1 + yy2 + Math.trunc(yy2 / 4) + Math.trunc(yy1 / 4) - 2 * yy1) % 7;
    if (dow < 0) dow += 7;
    let d = r.day - dow;
    if (d < 0) d += 7;
    for (let i = 1; i < r.week; i++) {
      if (d + 7 >= daysIn(r.mon, year)) break;
      d += 7;
    }
    d += DAYS_BEFORE[r.mon - 1];
    if (isLeap(year) && r.mon > 2) d++;
    s = d * SECONDS_PER_DAY;
  }
  return s + r.time - off;
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** The UTC year of `sec` and its 0-based day of the year. */
function civilYear(sec: number): { year: number; yday: number } {
  const d = new Date(sec * 1000);
  const year = d.getUTCFullYear();
  const yday = Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(year, 0, 1)) / 86_400_000);
  return { year, yday };
}
