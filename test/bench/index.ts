// `npm run bench`: every benchmark, each figure printed beside its peer measured in the same run on this machine.
// Runs inside test/cluster/withCluster (one real API server shared by the cluster benchmarks).
import { runDiscoveryBench } from './kubeDiscovery';
import { runKubeListBench } from './kubeList';
import { runTreeBench } from './tree';
import { runLspBench } from './lsp';
import { runCheckBench } from './check';
import { runReferencesBench } from './references';
import { runLogsBench } from './logs';
import { runPortForwardBench } from './portforward';
import { runProtobufBench } from './protobuf';
import { runProtobufFirstUseBench } from './protobufFirstUse';
import { runShippedValidatorsBench } from './shippedValidators';
import { errorStack } from '../../kube/util/errors';

const log = (line: string) => process.stdout.write(`${line}\n`);

const benches: Array<[string, () => Promise<unknown>]> = [
  ['discovery (kube/discovery vs kubectl)', () => runDiscoveryBench({ log })],
  ['list + informer at 10,000 objects (kube/ vs kubectl)', () => runKubeListBench({ log })],
  ['explorer tree at 10,000 objects', () => runTreeBench({ log })],
  ['language server (kubesense vs yaml-language-server)', () => runLspBench()],
  ['kubesense check throughput (vs kubeconform, kubectl-validate)', () => runCheckBench({ log })],
  ['reference index at 10,000 files (index, definition, references)', () => runReferencesBench({ log })],
  ['pod logs: line appended → visible, 100k lines (vs kubectl logs -f)', () => runLogsBench({ log })],
  ['port-forward throughput and connection setup (vs kubectl)', () => runPortForwardBench({ log })],
  [
    'protobuf vs JSON: 10,000-pod list and watch of 10,000 events (kube/protobuf, kubectl)',
    () => runProtobufBench({ log }),
  ],
  ['protobuf first use: decoder load + first pod (kube/protobuf)', async () => runProtobufFirstUseBench({ log })],
  [
    'shipped compiled validators: kinds served, upstream documents vs a live cluster',
    () => runShippedValidatorsBench({ log }),
  ],
];

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  let failed = 0;
  for (const [name, run] of benches) {
    if (only.length && !only.some((o) => name.includes(o))) continue;
    log(`\n## ${name}`);
    const t0 = Date.now();
    try {
      await run();
    } catch (err) {
      failed++;
      log(`BENCH FAILED: ${errorStack(err)}`);
    }
    log(`(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code));
