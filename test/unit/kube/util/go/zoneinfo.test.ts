// Times in the local zone as Go prints them (kubectl describe's "Created on", every RFC1123Z time), against Go
// itself: a small Go program (vectors/zones) prints Time.String() and RFC1123Z for every zone of this machine's
// tzdata at edge and seeded moments, and time.Local under unusual TZ values (empty, ':' prefix, a path, unknown).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goTimeString, rfc1123z } from '../../../../../kube/describe/writer';
import { tzset } from '../../../../../kube/util/go/zoneinfo';
import { prng } from '../../../seeded';

const vectorsDir = path.resolve(__dirname, '../../../../../../test/unit/kube/util/go/vectors');
const ZONEINFO = '/usr/share/zoneinfo';

type Shown = Record<string, [string, string][]>;

let binary: string | undefined;
function goShows(zones: string[], secs: number[], tz: string | undefined): Shown {
  if (!binary) {
    binary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-zones-')), 'zones');
    execFileSync('go', ['build', '-o', binary, './zones'], {
      cwd: vectorsDir,
      env: { ...process.env, GOFLAGS: '-mod=readonly' },
    });
  }
  const env = { ...process.env };
  if (tz === undefined) delete env.TZ;
  else env.TZ = tz;
  return JSON.parse(
    execFileSync(binary, { input: JSON.stringify({ zones, secs }), env, encoding: 'utf8', maxBuffer: 256 << 20 }),
  ) as Shown;
}

/** Ours under TZ=tz: [String(), RFC1123Z] of each second. */
function oursShow(secs: number[], tz: string | undefined): [string, string][] {
  const saved = process.env.TZ;
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
  try {
    return secs.map((s) => {
      const iso = new Date(s * 1000).toISOString();
      return [goTimeString(iso), rfc1123z(iso)];
    });
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

/** Zone names of the machine's tzdata (what a TZ may name), without the posix/ and right/ copies. */
function zoneNames(): string[] {
  const names: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const rel = path.relative(ZONEINFO, path.join(dir, e.name));
      if (e.isDirectory()) {
        if (rel !== 'posix' && rel !== 'right') walk(path.join(dir, e.name));
      } else if (/^[A-Z]/.test(e.name) && !e.name.endsWith('.tab')) names.push(rel);
    }
  };
  walk(ZONEINFO);
  return names.sort();
}

const EDGES = [
  0,
  1,
  -1,
  1765027591, // the epoch; a moment of 2026-12-06
  1772953199,
  1772953200,
  1772953201,
  1793512799,
  1793512800,
  1793512801, // New York's 2026 DST edges
  1774744399,
  1774744400,
  1792893599,
  1792893600, // Europe's 2026 edges (01:00 UTC)
  1775318399,
  1775318400,
  1791043199,
  1791043200, // Sydney's 2026 edges
  -2208988800,
  -2717650800,
  -2717668237,
  -1633280401, // 1900; New York's first transition; 1918
  2147483647,
  2147483648,
  2208988800,
  4102444800,
  4133980799, // 2038; 2040; 2100; 2100's end
];

function seededSeconds(n: number): number[] {
  const rand = prng(0x7a0e);
  const lo = Date.UTC(1850, 0, 1) / 1000;
  const hi = Date.UTC(2150, 0, 1) / 1000;
  return Array.from({ length: n }, () => Math.floor(lo + rand() * (hi - lo)));
}

test('every zone of the tzdata: String() and RFC1123Z as Go prints them, past, present and beyond the table', (t) => {
  if (!fs.existsSync(ZONEINFO)) return t.skip(`${ZONEINFO}: no tzdata on this machine`);
  const zones = zoneNames();
  const secs = [...EDGES, ...seededSeconds(120)];
  const theirs = goShows(zones, secs, 'UTC');
  const loaded = Object.keys(theirs);
  assert.ok(loaded.length > 300, `Go loaded ${loaded.length} zones`);
  const wrong: string[] = [];
  for (const zone of loaded) {
    const ours = oursShow(secs, zone);
    ours.forEach((row, i) => {
      if (row[0] !== theirs[zone][i][0] || row[1] !== theirs[zone][i][1])
        wrong.push(`${zone} @${secs[i]}: ours ${row.join(' | ')}; Go ${theirs[zone][i].join(' | ')}`);
    });
  }
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} differences`);
});

test("time.Local's TZ rules: unset, empty, ':' prefix, a path, a folder, an unknown name, a POSIX-style name", (t) => {
  if (!fs.existsSync(ZONEINFO)) return t.skip(`${ZONEINFO}: no tzdata on this machine`);
  const secs = [...EDGES, ...seededSeconds(20)];
  for (const tz of [
    undefined,
    '',
    'UTC',
    ':Europe/Paris',
    ':',
    `${ZONEINFO}/Asia/Tokyo`,
    `:${ZONEINFO}/Asia/Kolkata`,
    'America',
    'Nowhere/Bogus',
    'EST5EDT',
    'America/Sao_Paulo',
    'Australia/Lord_Howe',
  ]) {
    assert.deepEqual(oursShow(secs, tz), goShows(['Local'], secs, tz).Local, `TZ=${JSON.stringify(tz)}`);
  }
});

test('tzset: POSIX rules of the footer, southern hemisphere and explicit times', () => {
  // 2026-01-15 and 2026-07-15, 12:00 UTC
  const jan = Date.UTC(2026, 0, 15, 12) / 1000;
  const jul = Date.UTC(2026, 6, 15, 12) / 1000;
  assert.deepEqual(tzset('EST5EDT,M3.2.0,M11.1.0', jan), { name: 'EST', offset: -5 * 3600 });
  assert.deepEqual(tzset('EST5EDT,M3.2.0,M11.1.0', jul), { name: 'EDT', offset: -4 * 3600 });
  assert.deepEqual(tzset('AEST-10AEDT,M10.1.0,M4.1.0/3', jan), { name: 'AEDT', offset: 11 * 3600 });
  assert.deepEqual(tzset('AEST-10AEDT,M10.1.0,M4.1.0/3', jul), { name: 'AEST', offset: 10 * 3600 });
  assert.deepEqual(tzset('<+0545>-5:45', jul), { name: '+0545', offset: 5 * 3600 + 45 * 60 });
  assert.deepEqual(tzset('<-03>3', jul), { name: '-03', offset: -3 * 3600 });
  assert.equal(tzset('XY5', jul), undefined, 'a name of fewer than three letters');
  assert.equal(tzset('EST5EDT,M13.1.0,M11.1.0', jul), undefined, 'month 13');
});
