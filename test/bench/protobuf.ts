// Protobuf vs JSON for a big pod list: bytes on the wire and decode time in kube/protobuf and JSON.parse, beside
// kubectl 1.33 listing the same pods (`get pods -o json`, wall time of the whole process) in
// the same run on the same real API server.
//
//   node out/test/bench/protobuf.js [--count 2000]   (starts a private cluster unless KUBESENSE_TEST_KUBECONFIG is set)
import { spawnSync } from 'node:child_process';
import { startCluster, type TestCluster } from '../cluster/cluster';
import { findKubectl } from '../cluster/kubectl';
import { restConfigFromFile } from '../../kube/kubeconfig';
import { RESTClient } from '../../kube/rest/client';
import { DynamicClient } from '../../kube/dynamic';
import { PROTOBUF_ACCEPT, decodeObject } from '../../kube/protobuf/wire';
import { errorStack } from '../../kube/util/errors';

const pods = { group: '', version: 'v1', resource: 'pods' };
const namespaces = { group: '', version: 'v1', resource: 'namespaces' };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function populate(dynamic: DynamicClient, ns: string, count: number): Promise<void> {
  await dynamic.resource(namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const client = dynamic.resource(pods).namespace(ns);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      await client.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `pod-${String(i).padStart(5, '0')}`, labels: { app: 'bench', index: String(i) } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example/app:1.0',
              ports: [{ containerPort: 8080, name: 'http' }],
              env: [{ name: 'MODE', value: 'bench' }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
            },
          ],
        },
      });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

export interface ProtobufBenchResult {
  pods: number;
  jsonBytes: number;
  protobufBytes: number;
  jsonDecodeMs: number;
  protobufDecodeMs: number;
  kubectlJsonMs: number;
}

export async function runProtobufBench(
  opts: { count?: number; log?: (line: string) => void } = {},
): Promise<ProtobufBenchResult> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const count = opts.count ?? 2000;
  let cluster: TestCluster | undefined;
  let kubeconfig = process.env.KUBESENSE_TEST_KUBECONFIG;
  if (!kubeconfig) {
    cluster = await startCluster({ log: () => undefined });
    kubeconfig = cluster.kubeconfig;
  }
  const config = restConfigFromFile(kubeconfig, 'admin');
  config.qps = -1;
  const rest = new RESTClient(config);
  const dynamic = new DynamicClient(rest);
  const ns = `bench-proto-${process.pid}`;
  try {
    log(`creating ${count} pods`);
    await populate(dynamic, ns, count);
    const path = `/api/v1/namespaces/${ns}/pods`;
    const fetch = (accept: string) => rest.get().absPath(path).setHeader('Accept', accept).raw();
    const json = await fetch('application/json');
    const proto = await fetch(PROTOBUF_ACCEPT);
    const times = (fn: () => unknown) =>
      median(
        Array.from({ length: 5 }, () => {
          const t0 = performance.now();
          fn();
          return performance.now() - t0;
        }),
      );
    const jsonDecodeMs = times(() => JSON.parse(json.toString('utf8')));
    const protobufDecodeMs = times(() => decodeObject(proto));
    const decoded = decodeObject(proto) as { items: unknown[] };
    if (decoded.items.length !== count) throw new Error(`protobuf list has ${decoded.items.length} pods, not ${count}`);
    const kubectl = findKubectl('1.33');
    const t0 = performance.now();
    const k = spawnSync(kubectl, [`--kubeconfig=${kubeconfig}`, '-n', ns, 'get', 'pods', '-o', 'json'], {
      maxBuffer: 1 << 30,
    });
    const kubectlJsonMs = performance.now() - t0;
    if (k.status !== 0) throw new Error(`kubectl failed: ${k.stderr.toString()}`);
    const result: ProtobufBenchResult = {
      pods: count,
      jsonBytes: json.length,
      protobufBytes: proto.length,
      jsonDecodeMs,
      protobufDecodeMs,
      kubectlJsonMs,
    };
    const mb = (b: number) => (b / 1e6).toFixed(2);
    log(
      `${count} pods: wire ${mb(json.length)} MB JSON vs ${mb(proto.length)} MB protobuf (${(proto.length / json.length).toFixed(2)}x); ` +
        `decode JSON.parse ${jsonDecodeMs.toFixed(0)} ms vs kube/protobuf ${protobufDecodeMs.toFixed(0)} ms ` +
        `(${(protobufDecodeMs / jsonDecodeMs).toFixed(2)}x); kubectl.1.33 get pods -o json ${kubectlJsonMs.toFixed(0)} ms wall`,
    );
    return result;
  } finally {
    await dynamic
      .resource(namespaces)
      .delete(ns)
      .catch(() => undefined);
    await cluster?.stop();
  }
}

if (require.main === module) {
  const i = process.argv.indexOf('--count');
  runProtobufBench({ count: i > 0 ? Number(process.argv[i + 1]) : undefined }).catch((e) => {
    process.stderr.write(`${errorStack(e)}\n`);
    process.exit(1);
  });
}
