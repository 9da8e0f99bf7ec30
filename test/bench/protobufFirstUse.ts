// The first use of kube/protobuf in a fresh process: loading the decoder (what it needs to know about every
// message type) and decoding one pod, as `kubesense get --content-type=protobuf` pays once per run. Median of
// fresh processes; the decode of the same pod once warm is printed beside it.
//
//   node out/test/bench/protobufFirstUse.js [--runs 7] [--wire <another build's out/kube/protobuf/wire.js>]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeObject } from '../../kube/protobuf/wire';
import { errorStack } from '../../kube/util/errors';
import { median } from './support';

const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'first-use', namespace: 'default', labels: { app: 'bench' } },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'registry.example/app:1.0',
        ports: [{ containerPort: 8080, name: 'http' }],
        resources: { requests: { cpu: '100m', memory: '128Mi' } },
      },
    ],
  },
};

/** Run in the child: ms to require the decoder and decode the body once, then once more warm; RSS growth. */
const CHILD = `
const fs = require('node:fs');
const body = fs.readFileSync(process.argv[1]);
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const { decodeObject } = require(process.argv[2]);
const loaded = performance.now();
if (decodeObject(body).metadata.name !== 'first-use') throw new Error('wrong pod');
const first = performance.now();
decodeObject(body);
const warm = performance.now() - first;
process.stdout.write(JSON.stringify({ load: loaded - t0, first: first - t0, warm, rssMB: (process.memoryUsage().rss - rss0) / 1e6 }));
`;

export interface FirstUseResult {
  runs: number;
  /** require('kube/protobuf/wire') */
  loadMs: number;
  /** require + first decode of one pod */
  firstDecodeMs: number;
  warmDecodeMs: number;
  rssMB: number;
}

export function runProtobufFirstUseBench(
  opts: { runs?: number; wire?: string; log?: (line: string) => void } = {},
): FirstUseResult {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const runs = opts.runs ?? 7;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-bench-firstuse-'));
  try {
    const body = path.join(dir, 'pod.pb');
    fs.writeFileSync(body, encodeObject(POD));
    const wire = path.resolve(opts.wire ?? path.join(__dirname, '../../kube/protobuf/wire.js'));
    const samples = Array.from(
      { length: runs },
      () =>
        JSON.parse(execFileSync(process.execPath, ['-e', CHILD, body, wire], { encoding: 'utf8' })) as {
          load: number;
          first: number;
          warm: number;
          rssMB: number;
        },
    );
    const result: FirstUseResult = {
      runs,
      loadMs: median(samples.map((s) => s.load)),
      firstDecodeMs: median(samples.map((s) => s.first)),
      warmDecodeMs: median(samples.map((s) => s.warm)),
      rssMB: median(samples.map((s) => s.rssMB)),
    };
    log(
      `kube/protobuf first use (median of ${runs} fresh processes): load ${result.loadMs.toFixed(0)} ms, ` +
        `load + first pod decoded ${result.firstDecodeMs.toFixed(0)} ms (warm: ${result.warmDecodeMs.toFixed(2)} ms), ` +
        `RSS +${result.rssMB.toFixed(0)} MB`,
    );
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  try {
    runProtobufFirstUseBench({ runs: Number(arg('--runs') ?? 7), wire: arg('--wire') });
  } catch (e) {
    process.stderr.write(`${errorStack(e)}\n`);
    process.exit(1);
  }
}
