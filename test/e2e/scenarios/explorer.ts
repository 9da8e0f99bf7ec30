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

/**
 * Expands context → namespace → group → kind, returning the kind's row. Rows are found by their path, not as the
 * first row of a label at a depth: every namespace has a "Workloads", and a folder the tree remembers as open
 * (another scenario's) may appear a moment after its parent expands, because children load asynchronously.
 * Every other open folder at the same depth is closed, so later lookups of an object row by name are unique.
 */
export async function expandKind(
  workbench: Workbench,
  pane: Locator,
  path: { context: string; namespace: string; group: string; kind: string },
): Promise<Locator> {
  const labels = [path.context, path.namespace, path.group, path.kind];
  // Up to three rounds: a row the tree re-rendered under a click (live lists refresh it) is found again.
  for (let round = 0; ; round++) {
    let problem: Error | undefined;
    try {
      await openPath(workbench, pane, labels);
      // Checked once the whole path is open: nothing else open at any of its depths (a remembered folder that
      // appeared late is closed in another round).
      const stray = await strayOpenRows(workbench, pane, labels);
      if (stray.length) problem = new Error(`tree rows stay open beside ${labels.join(' › ')}: ${stray.join(', ')}`);
    } catch (e) {
      problem = e as Error;
    }
    if (!problem) break;
    if (round === 2) throw problem;
  }
  return rowAt(workbench, pane, labels);
}

async function openPath(workbench: Workbench, pane: Locator, labels: string[]): Promise<void> {
  for (let depth = 1; depth <= labels.length; depth++) {
    const prefix = labels.slice(0, depth);
    // The parent's children have arrived once this row is there. A parent seen collapsed again (the tree
    // re-rendered it while it was being opened) is opened again.
    await waitUntil(
      `tree row ${prefix.join(' › ')}`,
      async () => {
        const rows = await renderedRows(workbench, pane);
        if (findPath(rows, prefix)) return true;
        const parent = depth > 1 ? findPath(rows, prefix.slice(0, -1)) : undefined;
        if (parent && !parent.expanded)
          await pane
            .locator(`.monaco-list-row[role="treeitem"][data-index="${parent.index}"] .monaco-tl-twistie`)
            .click()
            .catch(() => undefined);
        return false;
      },
      timeouts.cluster,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}; the tree shows: ${await describeTree(workbench, pane)}`);
    });
    await collapseOthers(workbench, pane, prefix);
    await workbench.expand(await rowAt(workbench, pane, prefix));
  }
}

interface RenderedRow {
  index: number;
  level: number;
  label: string;
  expanded: boolean;
}

/** The rendered rows of the tree in list order, labels trimmed for comparison. */
async function renderedRows(workbench: Workbench, pane: Locator): Promise<RenderedRow[]> {
  return (await workbench.visibleTree(pane)).map((r) => ({ ...r, label: r.label.trim() }));
}

/** The list index of the row at `labels` (one label per level from the top), if it is rendered. */
async function pathRowIndex(workbench: Workbench, pane: Locator, labels: string[]): Promise<number | undefined> {
  return findPath(await renderedRows(workbench, pane), labels)?.index;
}

function findPath(rows: RenderedRow[], labels: string[]): RenderedRow | undefined {
  let from = 0;
  let found: RenderedRow | undefined;
  for (let depth = 0; depth < labels.length; depth++) {
    const level = depth + 1;
    found = undefined;
    for (let i = from; i < rows.length; i++) {
      if (rows[i].level < level) break; // left the parent's subtree
      if (rows[i].level === level && rows[i].label === labels[depth]) {
        found = rows[i];
        from = i + 1;
        break;
      }
    }
    if (!found) return undefined;
  }
  return found;
}

async function rowAt(workbench: Workbench, pane: Locator, labels: string[]): Promise<Locator> {
  const index = await pathRowIndex(workbench, pane, labels);
  if (index === undefined)
    throw new Error(
      `tree row ${labels.join(' › ')} is not shown; the tree shows: ${await describeTree(workbench, pane)}`,
    );
  return pane.locator(`.monaco-list-row[role="treeitem"][data-index="${index}"]`);
}

/** Open rows at the depth of `labels`' last element, other than that row. */
async function strayOpenRows(workbench: Workbench, pane: Locator, labels: string[]): Promise<string[]> {
  const rows = await renderedRows(workbench, pane);
  const stray: string[] = [];
  for (let depth = 1; depth <= labels.length; depth++) {
    const keep = findPath(rows, labels.slice(0, depth))?.index;
    for (const r of rows)
      if (r.level === depth && r.expanded && r.index !== keep) stray.push(`${r.label} (level ${depth})`);
  }
  return stray;
}

/** Collapses every expanded row at the depth of `path` except the row at `path`. */
async function collapseOthers(workbench: Workbench, pane: Locator, path: string[]): Promise<void> {
  const level = path.length;
  for (let round = 0; round < 30; round++) {
    const rows = await renderedRows(workbench, pane);
    const keep = findPath(rows, path)?.index;
    const other = rows.find((r) => r.level === level && r.expanded && r.index !== keep);
    if (!other) return;
    await workbench.collapse(pane.locator(`.monaco-list-row[role="treeitem"][data-index="${other.index}"]`));
  }
}

async function describeTree(workbench: Workbench, pane: Locator): Promise<string> {
  const rows = await renderedRows(workbench, pane).catch(() => []);
  return rows.map((r) => `${'  '.repeat(r.level - 1)}${r.expanded ? 'v' : '>'} ${r.label}`).join(' | ');
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
