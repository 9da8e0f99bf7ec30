// kube/util/go against Go itself: a small Go program (vectors/, on sigs.k8s.io/yaml v1.6.0 as the test cluster's
// kube-apiserver and kubectl 1.35 use) resolves YAML scalars and prints float64s; every case here must come out
// the same in TypeScript. Cases are hand-picked edges plus generated ones from a fixed seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import {
  formatFloat,
  jsonFloat,
  marshalJSON,
  resolvePlain,
  sprint,
  yamlNumber,
  type GoJSONValue,
} from '../../../../../kube/util/go';
import { marshalGoYAML } from '../../../../../kube/kubeconfig/goyaml';
import { resolvePlainScalar } from '../../../../../analysis/documents/yaml11';
import { prng } from '../../../seeded';

const vectorsDir = path.resolve(__dirname, '../../../../../../test/unit/kube/util/go/vectors');

interface Printed {
  sprint: string;
  json: string;
  yaml: string;
}
interface GoOutput {
  scalars: Array<{ json?: string; err?: string }>;
  floats: Array<{ g: string; e: string; f: string; float: Printed; decoded: Printed }>;
}

function runGo(scalars: string[], floats: string[]): GoOutput {
  const out = execFileSync('go', ['run', '.'], {
    cwd: vectorsDir,
    input: JSON.stringify({ scalars, floats }),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, GOFLAGS: '-mod=readonly' },
  });
  return JSON.parse(out) as GoOutput;
}

const EDGE_SCALARS = [
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  'n',
  '~',
  'null',
  'Null',
  'true',
  'True',
  'tRue',
  '0o17',
  '0O17',
  '017',
  '08',
  '09.5',
  '0x1F',
  '0X1f',
  '-0x1F',
  '+12',
  '0b101',
  '-0b101',
  '0B11',
  '1_000',
  '1_000.5',
  '1e3',
  '1E3',
  '1e400',
  '-1e400',
  '1e-400',
  '.5',
  '.5e3',
  '.',
  '._5',
  '.e5',
  '.inf',
  '-.Inf',
  '.NaN',
  '+.inf',
  '.infinity',
  'inf',
  'nan',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551615',
  '18446744073709551616',
  '-9223372036854775808',
  '-9223372036854775809',
  '9007199254740993',
  '0x8000000000000000',
  '0xFFFFFFFFFFFFFFFF',
  '0x10000000000000000',
  '1:20',
  '190:20:30.15',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10',
  '2024-13-45',
  '12:30',
  '1.5.6',
  '+',
  '+.5',
  '-.5',
  '0.',
  '00',
  '-0',
  '+0',
  '0x',
  '1__0',
  '_1',
  '1e',
  '1e+',
  'e1',
  '0xG',
  '007',
  '0777',
  '1.0e+2',
  'Infinity',
  'NaN',
  '3.',
  '1_0e1_0',
  '123abc',
  '0x_1F',
  '1,000',
  '1.5e+03',
  '-1.5E-03',
  '6.02e23',
  '1e21',
  '1e-7',
  '0.000001',
];

function generatedScalars(n: number): string[] {
  const rand = prng(0x5ca1a);
  const pieces = [
    '0',
    '1',
    '7',
    '8',
    '9',
    '5',
    '_',
    '.',
    'e',
    'E',
    '+',
    '-',
    'x',
    'o',
    'b',
    'a',
    'F',
    '0x',
    '0o',
    '0b',
  ];
  const out: string[] = [];
  while (out.length < n) {
    const len = 1 + Math.floor(rand() * 7);
    let s = rand() < 0.3 ? (rand() < 0.5 ? '-' : '+') : '';
    for (let i = 0; i < len; i++) s += pieces[Math.floor(rand() * pieces.length)];
    // Keep to plain scalars that fit after `v: ` on one line (a lone `-` would start a sequence).
    if (/^[-+]?$/.test(s) || /^-[^0-9.]/.test(s)) continue;
    out.push(s);
  }
  return out;
}

const EDGE_FLOATS = [
  0,
  -0,
  1,
  -1,
  0.1,
  1.5,
  100.25,
  123456.5,
  1234567.5,
  1e5,
  1e6,
  1e-4,
  1e-5,
  1e-6,
  9.99e-7,
  1e-7,
  3e-7,
  1e20,
  1e21,
  9.99e20,
  1.25e22,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 62,
  2 ** 63,
  2 ** 64,
  1.5e19,
  -(2 ** 63),
  5e-324,
  1.7976931348623157e308,
  0.30000000000000004,
  1 / 3,
  2 / 3,
  123456789012345680000,
  4.35,
  0.5,
];

function generatedFloats(n: number): number[] {
  const rand = prng(0xf10a7);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const digits = 1 + Math.floor(rand() * 17);
    let mant = Math.floor(rand() * 10 ** digits);
    if (rand() < 0.5) mant = -mant;
    const exp = Math.floor(rand() * 60) - 30;
    out.push(Number(`${mant}e${exp}`));
  }
  return out;
}

const floatText = (n: number) => (Object.is(n, -0) ? '-0' : String(n));

const scalars = [...EDGE_SCALARS, ...generatedScalars(600)];
const floats = [...EDGE_FLOATS, ...generatedFloats(600)];
const go = runGo(scalars, floats.map(floatText));

test('plain scalars resolve as go-yaml v2 resolves them (sigs.k8s.io/yaml.YAMLToJSON)', () => {
  let compared = 0;
  const wrong: string[] = [];
  scalars.forEach((s, i) => {
    const want = go.scalars[i];
    const { value } = resolvePlain(s);
    if (want.err !== undefined) {
      // YAMLToJSON fails only where JSON has no spelling for the value: NaN and ±Inf.
      if (/unsupported value/.test(want.err)) {
        assert.ok(typeof value === 'number' && !Number.isFinite(value), `${s}: Go says ${want.err}, we say ${value}`);
        compared++;
      }
      return;
    }
    compared++;
    const got = marshalJSON({ v: value as GoJSONValue });
    if (got !== want.json) wrong.push(`${JSON.stringify(s)}: Go ${want.json}, kube/util/go ${got}`);
  });
  assert.deepEqual(wrong, []);
  // Nearly every case must be a real comparison, not a YAML syntax error on Go's side.
  assert.ok(compared >= scalars.length * 0.95, `only ${compared} of ${scalars.length} compared`);
});

test('the language server reads plain scalars as go-yaml v2 does (the value the API server validates)', () => {
  const wrong: string[] = [];
  scalars.forEach((s, i) => {
    const want = go.scalars[i];
    if (want.json === undefined) return;
    const goValue = (JSON.parse(want.json) as { v: unknown }).v;
    const ours = resolvePlainScalar(s);
    // Numbers by value (JSON.parse rounds both sides the same way); everything else exactly.
    if (!Object.is(ours, goValue) && !(typeof ours === 'number' && ours === goValue))
      wrong.push(`${JSON.stringify(s)}: Go ${want.json}, server ${JSON.stringify(ours)}`);
  });
  assert.deepEqual(wrong, []);
});

test("float64 formatting equals strconv.FormatFloat(f, 'g'|'e'|'f', -1, 64)", () => {
  const wrong: string[] = [];
  floats.forEach((n, i) => {
    const want = go.floats[i];
    for (const fmt of ['g', 'e', 'f'] as const) {
      const got = formatFloat(n, fmt);
      if (got !== want[fmt]) wrong.push(`${floatText(n)} '${fmt}': Go ${want[fmt]}, ours ${got}`);
    }
  });
  assert.deepEqual(wrong, []);
});

test('a float64 prints as fmt.Sprint, json.Marshal and sigs.k8s.io/yaml.Marshal print it', () => {
  const wrong: string[] = [];
  floats.forEach((n, i) => {
    const want = go.floats[i].float;
    const got: Printed = { sprint: formatFloat(n, 'g'), json: jsonFloat(n), yaml: marshalGoYAML({ v: n }) };
    if (got.yaml !== `v: ${yamlNumber(n)}\n`) wrong.push(`${floatText(n)}: emitter and yamlNumber disagree`);
    for (const k of ['sprint', 'json', 'yaml'] as const)
      if (got[k] !== want[k])
        wrong.push(`${floatText(n)} ${k}: Go ${JSON.stringify(want[k])}, ours ${JSON.stringify(got[k])}`);
  });
  assert.deepEqual(wrong, []);
});

test('a number the API server sent prints as kubectl prints it after decoding (int64 or float64)', () => {
  const wrong: string[] = [];
  floats.forEach((n, i) => {
    const want = go.floats[i].decoded;
    // What JSON.parse gives for the API server's bytes (json.Marshal), as our REST client reads them.
    const decoded = JSON.parse(go.floats[i].float.json) as number;
    // Integers beyond 2^53 already lost digits in JSON.parse; Go keeps them as int64. Not comparable.
    if (Number.isInteger(decoded) && !Number.isSafeInteger(decoded) && Math.abs(decoded) < 2 ** 63) return;
    const got: Printed = { sprint: sprint(decoded), json: marshalJSON(decoded), yaml: marshalGoYAML({ v: decoded }) };
    for (const k of ['sprint', 'json', 'yaml'] as const)
      if (got[k] !== want[k])
        wrong.push(`${floatText(n)} ${k}: Go ${JSON.stringify(want[k])}, ours ${JSON.stringify(got[k])}`);
  });
  assert.deepEqual(wrong, []);
});
