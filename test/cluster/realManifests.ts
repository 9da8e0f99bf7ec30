/**
 * node out/test/cluster/withCluster.js -- node out/test/cluster/realManifests.js <dir|file>... [--out FILE]
 *
 * Opt-in (not part of `npm test`): agreement with the real kube-apiserver on real manifests from anywhere, e.g. the
 * YAML and JSON of k8s.io/kubernetes in the Go module cache (test/e2e/testing-manifests, test/fixtures,
 * hack/testdata, test/integration, cluster/addons). Every object of a kind the server serves (List items included;
 * templates, Helm/kustomize files and kinds not served are counted and left out) is dry-run created with strict field
 * validation, in its own namespace (created for real) or `default`, and judged by kubesense twice, on the same JSON
 * text: offline (the 1.35 schema folder) and with the cluster's schemas. A refusal other than Invalid or BadRequest
 * (Forbidden by admission, NotFound…) needs other objects, and one for the test cluster's own configuration (its
 * service IP range, no IPv6): both are counted apart, not as disagreements. Compared:
 * verdicts; on objects both refuse, the server's fields (covered, and printed exactly) and causes (`field: message`
 * found word for word in ours). Writes the disagreements to test-results/real-manifests.txt (or --out); exits 1
 * when a verdict differs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { restConfigFromFile } from '../../kube/kubeconfig';
import { RESTClient } from '../../kube/rest/client';
import { clusterStore, ensure } from '../integration/analysis/validation/celCrd';
import { collectRealObjects, type RealObject } from '../integration/analysis/validation/realObjects';
import {
  causesAgree,
  fieldCovered,
  mapLimit,
  ourVerdict,
  servedKinds,
  serverFindings,
  serverVerdict,
  withNamespace,
  type Verdict,
} from '../integration/analysis/validation/verdicts';
import { storeFor } from '../unit/analysis/validation/sharedData';

type Obj = Record<string, unknown>;
const CONCURRENCY = 6;
/** Refusals that judge the object itself; any other reason depends on what else exists in the cluster. */
const VALIDATION_REASONS = new Set(['Invalid', 'BadRequest']);
/** Invalid, but for this cluster's configuration: a cluster IP outside its service range, IPv6 or dual-stack. */
const CLUSTER_DEPENDENT = /failed to allocate IP|not configured (on this cluster|for dual-stack)/;

interface Tally {
  verdicts: number;
  bothRejected: number;
  fields: number;
  fieldsExact: number;
  messages: number;
}

const emptyTally = (): Tally => ({ verdicts: 0, bothRejected: 0, fields: 0, fieldsExact: 0, messages: 0 });

function compare(server: Verdict, ours: Verdict, tally: Tally): string | undefined {
  if (server.rejected !== ours.rejected) return 'verdict';
  tally.verdicts++;
  if (!server.rejected) return undefined;
  tally.bothRejected++;
  const problems: string[] = [];
  if (server.fields.every((f) => fieldCovered(f, ours.fields))) tally.fields++;
  else problems.push('fields');
  if (server.fields.every((f) => ours.fields.includes(f))) tally.fieldsExact++;
  else problems.push('fields printed');
  if (causesAgree(server, ours)) tally.messages++;
  else problems.push('messages');
  return problems.length ? problems.join(', ') : undefined;
}

function rate(n: number, of: number): string {
  return `${n}/${of}${of ? ` (${((100 * n) / of).toFixed(1)}%)` : ''}`;
}

function summary(name: string, t: Tally, judged: number): string {
  return (
    `${name}: verdicts ${rate(t.verdicts, judged)}; of ${t.bothRejected} both refuse: fields ${rate(t.fields, t.bothRejected)}, ` +
    `printed exactly ${rate(t.fieldsExact, t.bothRejected)}, messages ${rate(t.messages, t.bothRejected)}`
  );
}

async function main(argv: string[]): Promise<number> {
  const kubeconfig = process.env.KUBESENSE_TEST_KUBECONFIG;
  if (!kubeconfig) {
    process.stderr.write('realManifests: run it through withCluster (KUBESENSE_TEST_KUBECONFIG is not set)\n');
    return 2;
  }
  let out = path.resolve(__dirname, '../../..', 'test-results/real-manifests.txt');
  const sources: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i];
    else sources.push(argv[i]);
  }
  if (!sources.length) {
    process.stderr.write('usage: realManifests <dir|file>... [--out FILE]\n');
    return 2;
  }
  const config = restConfigFromFile(kubeconfig, 'admin');
  config.qps = -1;
  const rest = new RESTClient(config);
  const served = await servedKinds(config, []);
  const { objects, skipped, files } = collectRealObjects(sources, (k) => served.has(k));

  // Namespaces the objects name, created for real so that their dry-runs reach validation.
  const namespaces = new Set<string>();
  for (const { object } of objects) {
    const ns = (object.metadata as Obj | undefined)?.namespace;
    if (served.get(`${object.apiVersion}|${object.kind}`)?.namespaced && typeof ns === 'string' && ns)
      namespaces.add(ns);
  }
  for (const ns of namespaces) {
    try {
      await ensure(rest, ['api', 'v1', 'namespaces'], { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    } catch {
      // An invalid namespace name: the object's dry-run says so.
    }
  }

  const offline = storeFor('1.35');
  const cluster = await clusterStore(config, []);
  const started = Date.now();
  const results = await mapLimit(objects, CONCURRENCY, async (r: RealObject) => {
    const mapping = served.get(`${r.object.apiVersion}|${r.object.kind}`)!;
    const object = withNamespace(r.object, mapping.namespaced, true);
    const server = await serverVerdict(rest, object, mapping);
    return { r, server, offline: await ourVerdict(offline, object), cluster: await ourVerdict(cluster, object) };
  });

  const tallies = { offline: emptyTally(), cluster: emptyTally() };
  const judged = results.filter(
    (x) =>
      !x.server.rejected ||
      (VALIDATION_REASONS.has(x.server.reason ?? '') && !CLUSTER_DEPENDENT.test(x.server.message)),
  );
  const needsContext = results.filter((x) => !judged.includes(x));
  const findings: string[] = [];
  let verdictDisagreements = 0;
  for (const x of judged) {
    const offlineProblem = compare(x.server, x.offline, tallies.offline);
    const clusterProblem = compare(x.server, x.cluster, tallies.cluster);
    if (offlineProblem === 'verdict' || clusterProblem === 'verdict') verdictDisagreements++;
    if (!offlineProblem && !clusterProblem) continue;
    const say = (v: Verdict) => (v.rejected ? v.message : 'accepted');
    findings.push(
      `${path.basename(x.r.source)}/${x.r.label} ${x.r.object.kind}: offline ${offlineProblem ?? 'agrees'}, cluster ${clusterProblem ?? 'agrees'}\n` +
        `    server:  ${x.server.rejected ? `${x.server.reason}: ${serverFindings(x.server).join('; ') || x.server.message}` : 'accepted'}\n` +
        `    offline: ${say(x.offline)}\n    cluster: ${say(x.cluster)}`,
    );
  }

  const perSource = [...files].map(([s, n]) => {
    const mine = results.filter((x) => x.r.source === s);
    const refused = mine.filter((x) => judged.includes(x) && x.server.rejected).length;
    return `  ${s}: ${n} files, ${mine.length} objects dry-run (${refused} refused by validation)`;
  });
  const lines = [
    `${objects.length} objects from ${[...files.values()].reduce((a, b) => a + b, 0)} files in ${Date.now() - started} ms`,
    ...perSource,
    `judged: ${judged.length} (server refused ${judged.filter((x) => x.server.rejected).length}); ` +
      `refused for want of other objects, by admission or for this cluster's configuration (not counted): ${needsContext.length}`,
    summary('offline (1.35 schema folder)', tallies.offline, judged.length),
    summary("cluster's schemas", tallies.cluster, judged.length),
    'left out:',
    ...[...skipped].sort((a, b) => b[1] - a[1]).map(([why, n]) => `  ${n} ${why}`),
  ];
  const report = [
    ...lines,
    '',
    'disagreements:',
    ...findings,
    '',
    "not counted (the server needs other objects, admission refused, or this cluster's configuration):",
    ...needsContext.map((x) => `${path.basename(x.r.source)}/${x.r.label}: ${x.server.reason}: ${x.server.message}`),
  ].join('\n');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${report}\n`);
  process.stdout.write(`${lines.join('\n')}\n${findings.length} objects with a difference; details in ${out}\n`);
  return verdictDisagreements ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`realManifests: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
