// Explorer tree bench at 10,000 objects in one kind, on the real API server:
// - list + render: expanding the kind until every object is in the tree and every item was rendered
//   (NodeView computed, as VS Code's getTreeItem does), beside `kubectl get` of the same kind (same
//   server, same paging of 500) and beside a plain paged list of full objects in-process;
// - watch-to-render: an object changed through the API until the open tree fired its change with the
//   new row, beside the arrival of the same event on a bare watch stream opened in the same process.
// Run: node out/test/bench/tree.js [objects] (uses KUBESENSE_TEST_KUBECONFIG or starts a private cluster).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RESTClient } from '../../kube/rest/client';
import { closeIdleConnections } from '../../kube/rest/transport';
import { restConfigFromFile } from '../../kube/kubeconfig';
import { ExplorerModel, type KindNode } from '../../client/src/model/explorer';
import type { ExplorerResource } from '../../client/src/model/kinds';
import { loadSnapshot } from '../../client/src/model/kubeconfigSnapshot';
import { contextConnectionFactory } from '../../client/src/model/contextConnectionFactory';
import { startCluster, type TestCluster } from '../cluster/cluster';
import { findKubectl } from '../cluster/kubectl';

export interface TreeBenchResult {
  objects: number;
  listRender: {
    firstPageMs: number;
    allRenderedMs: number;
    kubectlGetMs: number;
    rawListMs: number;
    ratioToKubectl: number;
    ratioToRawList: number;
  };
  watchToRender: { updates: number; p50Ms: number; p95Ms: number; rawWatchP50Ms: number; ratioP50: number };
}

const CONFIGMAPS: ExplorerResource = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  kind: 'ConfigMap',
  namespaced: true,
  verbs: ['get', 'list', 'watch'],
};

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

function timeProcess(cmd: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${cmd} ${args.join(' ')}: ${stderr}`)),
    );
  });
}

async function createObjects(client: RESTClient, ns: string, count: number): Promise<void> {
  await client
    .post()
    .resource('namespaces')
    .body({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })
    .do();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await client
        .post()
        .namespace(ns)
        .resource('configmaps')
        .body({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `cm-${String(i).padStart(5, '0')}`, labels: { bench: 'tree' } },
          data: { index: String(i) },
        })
        .do();
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

function openModel(kubeconfig: string, cacheDir: string): ExplorerModel {
  const snapshot = loadSnapshot([kubeconfig]);
  const model = new ExplorerModel({
    sessions: contextConnectionFactory({
      loaded: () => snapshot.loaded,
      allowExecPlugins: () => false,
      execPath: async () => undefined,
      cacheDir,
    }),
  });
  model.setKubeconfig(snapshot);
  return model;
}

/** Expands the kind and resolves once all `count` objects are listed and rendered. */
async function listAndRender(
  model: ExplorerModel,
  kind: KindNode,
  count: number,
): Promise<{ firstPageMs: number; allRenderedMs: number }> {
  const t0 = performance.now();
  let children = await model.children(kind);
  const firstPageMs = performance.now() - t0;
  const render = () => {
    for (const c of children) model.view(c);
  };
  render();
  while (children.length < count) {
    await new Promise<void>((resolve) => {
      const sub = model.onDidChange((n) => {
        if (n && n.id !== kind.id) return;
        sub.dispose();
        resolve();
      });
    });
    children = await model.children(kind);
    render();
  }
  return { firstPageMs, allRenderedMs: performance.now() - t0 };
}

export async function runTreeBench(
  opts: { kubeconfig?: string; objects?: number; updates?: number; runs?: number; log?: (line: string) => void } = {},
): Promise<TreeBenchResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const objects = opts.objects ?? 10_000;
  const updates = opts.updates ?? 50;
  const runs = opts.runs ?? 3;
  let cluster: TestCluster | undefined;
  let kubeconfig = opts.kubeconfig ?? process.env.KUBESENSE_TEST_KUBECONFIG;
  if (!kubeconfig) {
    cluster = await startCluster();
    kubeconfig = cluster.kubeconfig;
  }
  const ns = `bench-tree-${process.pid}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-bench-tree-'));
  const config = restConfigFromFile(kubeconfig);
  config.qps = -1;
  const core = new RESTClient(config, { groupVersion: { group: '', version: 'v1' } });
  const model = openModel(kubeconfig, tmp);
  try {
    log(`tree bench: creating ${objects} ConfigMaps in ${ns}…`);
    await createObjects(core, ns, objects);

    // Each measurement runs `runs` times, interleaved (kubectl, raw list, tree), and the median is kept:
    // the machine is shared, and the first pass also warms the server's caches for everyone.
    const kubectl = findKubectl('1.33');
    const samples = { kubectl: [] as number[], raw: [] as number[], first: [] as number[], all: [] as number[] };
    const kind: KindNode = {
      type: 'kind',
      id: `ctx:admin/ns:${ns}/Config & Storage//configmaps`,
      contextName: 'admin',
      namespace: ns,
      resource: CONFIGMAPS,
    };
    await model.session('admin');
    for (let run = 0; run < runs; run++) {
      samples.kubectl.push(
        await timeProcess(kubectl, [
          `--kubeconfig=${kubeconfig}`,
          `--cache-dir=${path.join(tmp, 'kubectl-cache')}`,
          '-n',
          ns,
          'get',
          'configmaps',
        ]),
      );
      const tRaw = performance.now();
      let token: string | undefined;
      let rawCount = 0;
      do {
        const page = await core
          .get()
          .namespace(ns)
          .resource('configmaps')
          .params({ limit: 500, continue: token })
          .do<{ items: unknown[]; metadata: { continue?: string } }>();
        rawCount += page.items.length;
        token = page.metadata.continue || undefined;
      } while (token);
      samples.raw.push(performance.now() - tRaw);
      if (rawCount !== objects) throw new Error(`raw list saw ${rawCount} objects`);
      // A refreshed folder forgets its objects: each run lists and renders from nothing.
      model.refresh(kind);
      const measured = await listAndRender(model, kind, objects);
      samples.first.push(measured.firstPageMs);
      samples.all.push(measured.allRenderedMs);
    }
    const kubectlGetMs = percentile(samples.kubectl, 50);
    const rawListMs = percentile(samples.raw, 50);
    const firstPageMs = percentile(samples.first, 50);
    const allRenderedMs = percentile(samples.all, 50);
    log(
      `  list+render ${objects} (median of ${runs}): first page ${firstPageMs.toFixed(0)} ms, all rendered ${allRenderedMs.toFixed(0)} ms; kubectl get ${kubectlGetMs.toFixed(0)} ms; raw paged list (full objects) ${rawListMs.toFixed(0)} ms`,
    );

    // Watch-to-render, with a bare watch beside it for the server's own event latency.
    const rawArrivals = new Map<string, number>();
    const list = await core
      .get()
      .namespace(ns)
      .resource('configmaps')
      .param('limit', 1)
      .do<{ metadata: { resourceVersion: string } }>();
    const rawWatch = await core
      .get()
      .namespace(ns)
      .resource('configmaps')
      .params({ watch: true, resourceVersion: list.metadata.resourceVersion })
      .watch<{ metadata: { resourceVersion: string } }>();
    void (async () => {
      for await (const ev of rawWatch) rawArrivals.set(ev.object.metadata.resourceVersion, performance.now());
    })().catch(() => undefined);
    const latencies: number[] = [];
    const rawLatencies: number[] = [];
    const kindList = model.listFor(kind)!;
    for (let i = 0; i < updates; i++) {
      const name = `cm-${String(i * Math.floor(objects / updates)).padStart(5, '0')}`;
      const key = `${ns}/${name}`;
      // The watch event can reach the tree before the PATCH response reaches us: remember every render of
      // this object with its resourceVersion, and match it to the version the PATCH returned.
      const seen = new Map<string, number>();
      let wanted: ((at: number) => void) | undefined;
      let rv = '';
      const sub = model.onDidChange((n) => {
        const row = kindList.get(key);
        if (!row?.resourceVersion || seen.has(row.resourceVersion)) return;
        if (n) model.view(n);
        const at = performance.now();
        seen.set(row.resourceVersion, at);
        if (rv && row.resourceVersion === rv) wanted?.(at);
      });
      // Space the edits past the tree's batching window, so each is measured as the isolated change it models.
      await new Promise((r) => setTimeout(r, 40));
      const sent = performance.now();
      const res = await core
        .patch('application/merge-patch+json')
        .namespace(ns)
        .resource('configmaps')
        .name(name)
        .body({ data: { changed: String(i) } })
        .do<{ metadata: { resourceVersion: string } }>();
      rv = res.metadata.resourceVersion;
      const rendered = seen.has(rv)
        ? Promise.resolve(seen.get(rv)!)
        : new Promise<number>((resolve) => (wanted = resolve));
      const at = await rendered;
      sub.dispose();
      latencies.push(at - sent);
      const rawAt = rawArrivals.get(rv);
      if (rawAt) rawLatencies.push(rawAt - sent);
    }
    rawWatch.stop();
    const p50 = percentile(latencies, 50);
    const rawP50 = rawLatencies.length ? percentile(rawLatencies, 50) : NaN;
    log(
      `  watch-to-render over ${updates} updates: p50 ${p50.toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms; bare watch p50 ${rawP50.toFixed(1)} ms`,
    );
    const result: TreeBenchResult = {
      objects,
      listRender: {
        firstPageMs,
        allRenderedMs,
        kubectlGetMs,
        rawListMs,
        ratioToKubectl: allRenderedMs / kubectlGetMs,
        ratioToRawList: allRenderedMs / rawListMs,
      },
      watchToRender: {
        updates,
        p50Ms: p50,
        p95Ms: percentile(latencies, 95),
        rawWatchP50Ms: rawP50,
        ratioP50: p50 / rawP50,
      },
    };
    log(
      `  ratios: list+render / kubectl get = ${result.listRender.ratioToKubectl.toFixed(2)}, / raw list = ${result.listRender.ratioToRawList.toFixed(2)}; watch-to-render / bare watch (p50) = ${result.watchToRender.ratioP50.toFixed(2)}`,
    );
    return result;
  } finally {
    model.dispose();
    await core
      .delete()
      .resource('namespaces')
      .name(ns)
      .do()
      .catch(() => undefined);
    closeIdleConnections();
    fs.rmSync(tmp, { recursive: true, force: true });
    await cluster?.stop();
  }
}

if (require.main === module) {
  runTreeBench({ objects: process.argv[2] ? Number(process.argv[2]) : undefined }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
