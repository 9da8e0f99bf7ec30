// Issue scenarios 1–3: the cluster explorer against the seeded test cluster, checked in the DOM and
// against kubectl's view of the same cluster.
import type { Locator } from 'playwright-core';
import type { Scenario } from '../harness/runner';
import { waitUntil } from '../harness/wait';
import { timeouts, type Workbench } from '../harness/workbench';
import { requireCluster, type E2eContext } from './context';
import { clusterKubectl, listNamespaces, listPods } from './kubectl';

/** Shows the Clusters view with every node collapsed, so each scenario starts from the same tree. */
export async function openClustersView(workbench: Workbench): Promise<Locator> {
  const pane = workbench.viewPane('Clusters');
  if (!(await pane.isVisible())) await workbench.activityItem('Kubernetes').click();
  await pane.waitFor({ timeout: timeouts.ui });
  // Collapse the top-level rows by hand (the tree remembers deeper state): synchronous in VS Code's tree,
  // unlike a provider-side "collapse all" that re-renders later and could race the next expand.
  const expanded = pane.locator('.monaco-list-row[role="treeitem"][aria-level="1"][aria-expanded="true"]');
  while ((await expanded.count()) > 0) {
    // By label: a locator on aria-expanded would stop matching the row as soon as it collapses.
    const label = (await expanded.first().locator('.label-name').textContent()) ?? '';
    await workbench.collapse(workbench.treeRow(pane, exact(label), 1));
  }
  return pane;
}

/** Expands context → namespace → group → kind, returning the kind's row. */
export async function expandKind(
  workbench: Workbench,
  pane: Locator,
  path: { context: string; namespace: string; group: string; kind: string },
): Promise<Locator> {
  const steps: Array<[number, string]> = [
    [1, path.context],
    [2, path.namespace],
    [3, path.group],
    [4, path.kind],
  ];
  let row: Locator | undefined;
  for (const [level, label] of steps) {
    // Scenarios share one workbench: another context, namespace or group left open would own the first row of
    // the same name at this depth (every namespace has a "Networking"), so the rest of that level is closed first.
    await collapseOthers(workbench, pane, level, label);
    row = workbench.treeRow(pane, exact(label), level);
    await workbench.expand(row);
  }
  return row!;
}

/** Collapses every expanded row at `level` except the one labelled `keep`. */
async function collapseOthers(workbench: Workbench, pane: Locator, level: number, keep: string): Promise<void> {
  const open = pane.locator(`.monaco-list-row[role="treeitem"][aria-level="${level}"][aria-expanded="true"]`);
  for (let round = 0; round < 30; round++) {
    const labels = (await open.locator('.label-name').allTextContents()).map((l) => l.trim());
    const other = labels.find((l) => l !== keep);
    if (other === undefined) return;
    await workbench.collapse(workbench.treeRow(pane, exact(other), level));
  }
}

export function exact(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

export const contextsListed: Scenario<E2eContext> = {
  id: 'contexts',
  name: '1. the view shows every context of a two-file KUBECONFIG, the current one marked',
  async run(ctx) {
    const kubeconfigs = requireCluster(ctx);
    const { workbench } = ctx.session;
    const pane = await openClustersView(workbench);
    const rows = workbench.treeRows(pane);
    for (const name of kubeconfigs.allContexts) {
      await workbench.treeRow(pane, exact(name), 1).waitFor({ timeout: timeouts.cluster });
    }
    const tree = (await workbench.visibleTree(pane)).filter((r) => r.level === 1);
    const labels = tree.map((r) => r.label);
    if (labels.length !== kubeconfigs.allContexts.length) {
      throw new Error(`expected contexts ${kubeconfigs.allContexts.join(', ')}; the view shows ${labels.join(', ')}`);
    }
    const marked = tree.filter((r) => /current/.test(r.description)).map((r) => r.label);
    if (marked.length !== 1 || marked[0] !== kubeconfigs.contexts.current) {
      throw new Error(
        `expected only ${kubeconfigs.contexts.current} marked current; marked: ${marked.join(', ') || 'none'}`,
      );
    }
    // Each context says which file defined it (first file wins for duplicates, client-go's rule).
    const fileOf = (name: string) => tree.find((r) => r.label === name)!.description;
    for (const name of [kubeconfigs.contexts.current, kubeconfigs.contexts.restricted]) {
      if (!fileOf(name).includes('first.yaml'))
        throw new Error(`${name} should show first.yaml; shows "${fileOf(name)}"`);
    }
    for (const name of [kubeconfigs.contexts.other, kubeconfigs.contexts.unreachable]) {
      if (!fileOf(name).includes('second.yaml'))
        throw new Error(`${name} should show second.yaml; shows "${fileOf(name)}"`);
    }
    await rows.first().waitFor();
    await ctx.screenshot('contexts of two kubeconfig files');
  },
};

export const namespacesKindsPods: Scenario<E2eContext> = {
  id: 'pods',
  name: '2. expanding a context shows namespaces and kinds; Pods lists the seeded pods with their phases',
  async run(ctx) {
    const kubeconfigs = requireCluster(ctx);
    const { workbench } = ctx.session;
    const pane = await openClustersView(workbench);
    const context = kubeconfigs.contexts.current;
    const contextRow = workbench.treeRow(pane, exact(context), 1);
    await workbench.expand(contextRow);

    const namespaces = await listNamespaces();
    for (const ns of namespaces) await workbench.treeRow(pane, exact(ns), 2).waitFor({ timeout: timeouts.cluster });
    await ctx.screenshot('namespaces of the current context');

    const pods = await listPods();
    if (pods.length === 0) throw new Error('the seeded test cluster has no pods (is the cluster started with --seed?)');
    // The namespace with the most seeded pods shows the most phases at once.
    const byNamespace = new Map<string, typeof pods>();
    for (const pod of pods) byNamespace.set(pod.namespace, [...(byNamespace.get(pod.namespace) ?? []), pod]);
    const [namespace, expected] = [...byNamespace.entries()].sort((a, b) => b[1].length - a[1].length)[0];

    const namespaceRow = workbench.treeRow(pane, exact(namespace), 2);
    await workbench.expand(namespaceRow);
    const workloads = workbench.treeRow(pane, exact('Workloads'), 3);
    await workbench.expand(workloads);
    // Kinds with objects here (empty kinds are hidden by default).
    for (const kind of ['Pods', 'Deployments', 'ReplicaSets']) {
      await workbench
        .treeRow(pane, exact(kind), 4)
        .waitFor({ timeout: timeouts.cluster })
        .catch(async () => {
          const kinds = (await workbench.visibleTree(pane)).filter((r) => r.level === 4).map((r) => r.label);
          throw new Error(`Workloads should list ${kind}; lists ${kinds.join(', ')}`);
        });
    }
    await workbench.expand(workbench.treeRow(pane, exact('Pods'), 4));
    for (const pod of expected) {
      const row = workbench.treeRow(pane, exact(pod.name), 5);
      await row.waitFor({ timeout: timeouts.cluster });
      let description = '';
      await waitUntil(
        `${namespace}/${pod.name} to show ${pod.status}`,
        async () => (description = (await row.locator('.label-description').textContent()) ?? '').includes(pod.status),
        timeouts.ui,
      ).catch(() => {
        throw new Error(`pod ${namespace}/${pod.name} is ${pod.status} per kubectl; the tree says "${description}"`);
      });
    }
    await ctx.screenshot(`pods of ${namespace} with phases`);
  },
};

export const configMapLive: Scenario<E2eContext> = {
  id: 'configmap-live',
  name: '3. creating and deleting a ConfigMap with kubectl updates the open tree without refresh',
  async run(ctx) {
    const kubeconfigs = requireCluster(ctx);
    const { workbench } = ctx.session;
    const pane = await openClustersView(workbench);
    const namespace = 'shop';
    await expandKind(workbench, pane, {
      context: kubeconfigs.contexts.current,
      namespace,
      group: 'Config & Storage',
      kind: 'ConfigMaps',
    });
    const name = `e2e-live-${Date.now().toString(36)}`;
    const row = workbench.treeRow(pane, exact(name), 5);
    if (await row.isVisible()) throw new Error(`${name} is listed before it exists`);

    await clusterKubectl(['create', 'configmap', name, '-n', namespace, '--from-literal=created-by=kubesense-e2e']);
    await row.waitFor({ timeout: timeouts.cluster });
    await ctx.screenshot('configmap created by kubectl appears');

    await clusterKubectl(['delete', 'configmap', name, '-n', namespace, '--wait=true']);
    await row.waitFor({ state: 'detached', timeout: timeouts.cluster });
    await ctx.screenshot('configmap deleted by kubectl disappears');
  },
};
