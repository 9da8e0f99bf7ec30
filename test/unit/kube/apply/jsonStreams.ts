// Manifest streams that start with `{`, and what kubectl's own reading makes of them: vectors/ (a Go program on
// apimachinery v0.35.4's YAMLOrJSONDecoder, run as cli-runtime's StreamVisitor runs it) prints each stream's values
// and error. Shared by the kube reader's and the language model's tests.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rng } from '../kubeconfig/mutations';

const vectorsDir = path.resolve(__dirname, '../../../../../test/unit/kube/apply/vectors');
const sharedK8s = path.resolve(__dirname, '../../../../../../shared/k8s');

export interface GoStreamReading {
  /** Each value Go decoded (empty and null documents skipped), as Go's json.Marshal prints it. */
  values: string[];
  /** The error that stopped the reading ("" when none). */
  error: string;
}

/**
 * What kubectl's stream reading makes of each stream, and sigs.k8s.io/yaml of each YAML document on its own (bytes,
 * so invalid UTF-8 reaches Go as written).
 */
export function goStreamReadings(
  streams: Buffer[],
  yamlDocuments: Buffer[] = [],
): { streams: GoStreamReading[]; yamlDocuments: GoStreamReading[] } {
  const out = execFileSync('go', ['run', '.'], {
    cwd: vectorsDir,
    input: JSON.stringify({
      streams: streams.map((s) => s.toString('base64')),
      yamlDocuments: yamlDocuments.map((s) => s.toString('base64')),
    }),
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    env: { ...process.env, GOFLAGS: '-mod=readonly' },
  });
  return JSON.parse(out) as { streams: GoStreamReading[]; yamlDocuments: GoStreamReading[] };
}

const CM = (name: string, data: string) =>
  `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"},"data":${data}}`;

/** Hand-picked streams: characters YAML refuses inside JSON strings, streams of values, JSON then YAML, errors. */
export const HANDPICKED: string[] = [
  CM('del', '{"x":"a\x7fb"}'),
  CM('c1', '{"x":"a\x01b"}'),
  CM('tab', '{"x":"a\tb"}'),
  CM('nl', '{"x":"a\nb"}'),
  CM('nel', '{"x":"a\u0085b"}'),
  CM('c1ctl', '{"x":"a\u0080b\u009fc"}'),
  CM('fffe', '{"x":"a\ufffeb"}'),
  CM('bmp', '{"x":"a\u{1F600}b"}'),
  CM('null', '{"x":null}') + '\n',
  CM('dup', '{"x":"1","x":"2"}'),
  CM('esc', '{"a":"\\ud800x","b":"\\u0000","c":"\\/","d":"\\udc00","e":"\\ud83d\\ude00"}'),
  CM('comma', '{"a":"1",}'),
  CM('yes', '{"x":yes}'),
  CM('num', '{"a":1,"b":1.0,"c":1e2,"d":-0,"e":12345678901234567890,"f":9007199254740993,"g":0.1}'),
  CM('e400', '{"a":1e400}'),
  '{\n\t"apiVersion": "v1",\n\t"kind": "ConfigMap",\n\t"metadata": {"name": "tabs"}\n}\n',
  `${CM('s1', '{}')}\n${CM('s2', '{}')}${CM('s3', '{}')}\n`,
  `${CM('m1', '{}')}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m2\n`,
  `${CM('t', '{}')} x\n`,
  `${CM('t', '{}')}x`,
  `${CM('t', '{}')}\n# comment\n`,
  `${CM('t', '{}')}\u00a0\n`,
  `${CM('t', '{}')}\n\n\nkind: x\n`,
  `{}\nnull\n${CM('t', '{}')}`,
  `${CM('s1', '{}')}\n${CM('s2', '{}')}\n${CM('s3', '{"a":1,}')}\n`,
  `${CM('s1', '{}')}\n${CM('s2', '{"a":1,}')}\n`,
  `${CM('s1', '{}')}\n---\n${CM('s2', '{"a":"\x7f"}')}\n`,
  `\u00a0\u2003 ${CM('ws', '{}')}`,
  `${' '.repeat(5000)}${CM('far', '{}')}`,
  `\ufeff${CM('bom', '{}')}`,
  CM('cut', '{"a":"1"'),
  CM('deep', '[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]'),
  `[${CM('arr', '{}')}]`,
  CM('lit', '{"a":tru}'),
  CM('lit2', '{"a":nul,"b":1}'),
  CM('exp', '{"a":1e}'),
  CM('dot', '{"a":1.}'),
  CM('hex', '{"a":"\\u12g4"}'),
  CM('badesc', '{"a":"\\x41"}'),
  CM('key', '{1:2}'),
  '{"a":1}\r\n{"b":2}\r\n',
  '{"a":1} {"b":2} 3 "x" true null [1]',
];

// What the mutations insert: characters YAML or JSON treat specially, separators, a second document.
const INSERTS = [
  '\x7f',
  '\x01',
  '\t',
  '\n',
  '\r\n',
  '\u0085',
  '\u00a0',
  ',',
  '}',
  ']',
  '{',
  '[',
  '"',
  '\\',
  ':',
  '-',
  'x',
  ' ',
  '\n---\n',
  '\nnull\n',
  '1e400',
  '#',
  "'",
  '\n{"kind":"A"}',
  '{}',
  'null',
  '\u00e9',
  '\u{1F600}',
  '\ufffd',
];

/** JSON manifests: ../shared/k8s's .json files and its YAML manifests written as JSON (compact and indented). */
function baseTexts(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json') && !p.includes('openapi-v3') && !p.includes('discovery')) {
        const text = fs.readFileSync(p, 'utf8');
        out.push(text.length > 6000 ? text.slice(0, 6000) : text);
      }
    }
  };
  walk(path.join(sharedK8s, 'corpus'));
  const objects = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { ports: [{ port: 80, targetPort: 'http' }] },
    },
  ];
  for (const o of objects)
    out.push(JSON.stringify(o), JSON.stringify(o, null, 2) + '\n', JSON.stringify(o, null, '\t'));
  // Streams of several values: after two, an error is final; before, the decoder goes on as YAML.
  const [deployment, service] = objects.map((o) => JSON.stringify(o));
  out.push(`${deployment}\n${service}\n${deployment}\n`, `${service}${service}${deployment}`);
  return out;
}

/** Seeded mutations of JSON manifests: one to three inserts, deletions or cuts each. */
export function mutatedStreams(count: number, seed: number): string[] {
  const random = rng(seed);
  const bases = baseTexts();
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let text = bases[Math.floor(random() * bases.length)];
    const edits = 1 + Math.floor(random() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(random() * (text.length + 1));
      const r = random();
      if (r < 0.75) text = text.slice(0, at) + INSERTS[Math.floor(random() * INSERTS.length)] + text.slice(at);
      else if (r < 0.95) text = text.slice(0, at) + text.slice(at + 1);
      else text = text.slice(0, at);
    }
    out.push(text);
  }
  return out;
}
