/**
 * Fills a test cluster with realistic content from ./manifests (in file order) using the
 * reference kubectl: server-side apply for objects, then the status subresource for the
 * status no controller or kubelet of the test cluster writes (custom resources, a Node kwok
 * does not simulate). Workloads get their ReplicaSets, Pods and status from the cluster's
 * own controllers and kwok, so they keep moving after the seed is done.
 *
 * Each file is applied by its own field manager (`kubesense-seed-<file>`), so a later file can
 * change fields an earlier one set (50-rollouts.yaml rolls Deployments out).
 *
 * Manifests may name an object created earlier as `${uid:apiVersion:Kind:ns:name}` (for
 * ownerReferences); times are relative to 2026-01-01T00:00:00Z = ten minutes before seeding. CLI: `npm run cluster:seed` (uses $KUBESENSE_TEST_KUBECONFIG, else the
 * kubeconfig of the cluster `npm run cluster` runs; never $KUBECONFIG).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runKubectl, waitForCrdsEstablished } from '../kubectl';
import { repoRoot } from '../cluster';

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string };
  status?: unknown;
};

export interface SeedOptions {
  log?: (line: string) => void;
  /** Directory of manifests; default test/cluster/seed/manifests. */
  manifestDir?: string;
}

export function seedManifestDir(): string {
  return path.join(repoRoot(), 'test', 'cluster', 'seed', 'manifests');
}

const uidKey = (apiVersion: string, kind: string, ns: string | undefined, name: string) =>
  `${apiVersion}:${kind}:${ns ?? ''}:${name}`;

/** kubectl's fully qualified type name (`deployments.v1.apps`-style, with the kind). */
function kubectlType(obj: Obj): string {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  return group ? `${obj.kind.toLowerCase()}.${version}.${group}` : obj.kind.toLowerCase();
}

export async function seedCluster(kubeconfig: string, opts: SeedOptions = {}): Promise<void> {
  const dir = opts.manifestDir ?? seedManifestDir();
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const uids = new Map<string, string>();
  const kubectl = async (args: string[], input?: string) => {
    const res = await runKubectl(args, { kubeconfig, input });
    if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (exit ${res.code}): ${res.stderr.trim()}`);
    return res.stdout;
  };

  for (const file of files) {
    const docs: Obj[] = [];
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
      const obj = doc.toJS() as Obj | null;
      if (obj) docs.push(obj);
    }
    // Apply in rounds: an object whose owner is created in the same file waits for it.
    let pending = docs.map((d, index) => ({ index, obj: d }));
    while (pending.length) {
      const ready = pending.filter((p) => referencesKnown(p.obj, uids));
      if (!ready.length) {
        throw new Error(
          `${file}: \${uid:...} names objects no seed file creates: ${unknownReferences(pending[0].obj, uids).join(', ')}`,
        );
      }
      for (const p of ready) docs[p.index] = p.obj = substituteUIDs(p.obj, uids);
      // Status is written separately: on create the server ignores it.
      const specs = ready.map(({ obj: { status: _status, ...rest } }) => rest);
      const applied = JSON.parse(
        await kubectl(
          [
            'apply',
            '--server-side',
            `--field-manager=kubesense-seed-${file.replace(/\.yaml$/, '')}`,
            '--force-conflicts',
            '-o',
            'json',
            '-f',
            '-',
          ],
          JSON.stringify({ apiVersion: 'v1', kind: 'List', items: specs }),
        ),
      ) as { items?: Obj[] } & Obj;
      for (const obj of applied.items ?? [applied]) {
        uids.set(uidKey(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name), obj.metadata.uid!);
      }
      pending = pending.filter((p) => !ready.includes(p));
    }

    const crds = docs.filter((d) => d.kind === 'CustomResourceDefinition');
    if (crds.length) {
      await waitForCrdsEstablished(
        kubeconfig,
        crds.map((c) => c.metadata.name),
      );
    }

    await inParallel(
      docs.filter((d) => d.status !== undefined),
      4,
      async (obj) => {
        const ns = obj.metadata.namespace ? ['-n', obj.metadata.namespace] : [];
        await kubectl([
          'patch',
          kubectlType(obj),
          obj.metadata.name,
          ...ns,
          '--subresource=status',
          '--type=merge',
          '-p',
          JSON.stringify({ status: obj.status }),
        ]);
      },
    );
    opts.log?.(`seed: ${file}: ${docs.length} object(s)`);
  }
  if (opts.manifestDir === undefined) await settle(kubectl);
}

/**
 * Waits until the simulated nodes are Ready and the healthy workloads have rolled out, so a
 * freshly seeded cluster shows Running pods (the ones meant to fail keep failing).
 */
async function settle(kubectl: (args: string[]) => Promise<string>): Promise<void> {
  await kubectl([
    'wait',
    '--for=condition=Ready',
    'node',
    '-l',
    'kubernetes.io/hostname in (node-a,node-b)',
    '--timeout=60s',
  ]);
  for (const [ns, workload] of [
    ['shop', 'deployment/frontend'],
    ['data', 'statefulset/postgres'],
    ['monitoring', 'daemonset/node-exporter'],
    ['team-a', 'deployment/api'],
  ]) {
    await kubectl(['rollout', 'status', workload, '-n', ns, '--timeout=60s']);
  }
}

const uidRef = /\$\{uid:([^}]+)\}/g;

function unknownReferences(obj: Obj, uids: Map<string, string>): string[] {
  return [...JSON.stringify(obj).matchAll(uidRef)].map((m) => m[1]).filter((ref) => !uids.has(ref));
}

function referencesKnown(obj: Obj, uids: Map<string, string>): boolean {
  return unknownReferences(obj, uids).length === 0;
}

/**
 * Manifests write times relative to a fixed epoch, 2026-01-01T00:00:00Z, which stands for
 * "ten minutes before seeding", so ages and durations look like a cluster in use.
 */
const manifestEpoch = Date.parse('2026-01-01T00:00:00Z');
const timestamp = /"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"/g;

function substituteUIDs(obj: Obj, uids: Map<string, string>): Obj {
  const shift = Date.now() - 10 * 60_000 - manifestEpoch;
  const text = JSON.stringify(obj)
    .replace(uidRef, (_, ref: string) => uids.get(ref)!)
    .replace(timestamp, (_, t: string) =>
      JSON.stringify(new Date(Date.parse(t) + shift).toISOString().replace(/\.\d{3}Z$/, 'Z')),
    );
  return JSON.parse(text) as Obj;
}

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}

if (require.main === module) {
  // Imported lazily: with-cluster imports this module too.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { defaultKubeconfigPath } = require('../withCluster') as typeof import('../withCluster');
  // Deliberately not $KUBECONFIG: seeding must never land in someone's real cluster.
  const kubeconfig = process.env.KUBESENSE_TEST_KUBECONFIG || defaultKubeconfigPath();
  if (!fs.existsSync(kubeconfig)) {
    process.stderr.write(`seed: no kubeconfig at ${kubeconfig}; start the cluster first with 'npm run cluster'\n`);
    process.exit(1);
  }
  seedCluster(kubeconfig, { log: (l) => process.stderr.write(`${l}\n`) }).then(
    () => process.stderr.write(`seed: done (${kubeconfig})\n`),
    (err: Error) => {
      process.stderr.write(`seed: ${err.message}\n`);
      process.exit(1);
    },
  );
}
