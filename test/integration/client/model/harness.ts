// Drives the explorer model the way the VS Code tree does (children, view, collapse), against the
// real test cluster, and waits on the model's own change events instead of sleeping.
import type { ExplorerModel, ExplorerNode, NodeView } from '../../../../client/src/model/explorer';
import { ExplorerModel as Model } from '../../../../client/src/model/explorer';
import { loadSnapshot, type LoadedSnapshot } from '../../../../client/src/model/kubeconfigSnapshot';
import { contextConnectionFactory } from '../../../../client/src/model/contextConnectionFactory';
import { runKubectl } from '../../../cluster/kubectl';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Harness {
  model: ExplorerModel;
  snapshot: LoadedSnapshot;
  logs: string[];
  dispose(): void;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function openExplorer(
  kubeconfigs: string[],
  opts: {
    allowExec?: boolean;
    execPath?: string;
    pageSize?: number;
    requestTimeoutMs?: number;
    now?: () => number;
    hideEmptyKinds?: boolean;
  } = {},
): Harness {
  const snapshot = loadSnapshot(kubeconfigs);
  const logs: string[] = [];
  // A private discovery cache per harness: tests must not read a stale cache of a previous cluster.
  const cacheDir = tempDir('kubesense-explorer-cache-');
  const model = new Model({
    sessions: contextConnectionFactory({
      loaded: () => snapshot.loaded,
      allowExecPlugins: () => opts.allowExec ?? true,
      execPath: async () => opts.execPath,
      cacheDir,
      log: (l) => logs.push(l),
    }),
    pageSize: opts.pageSize,
    requestTimeoutMs: opts.requestTimeoutMs,
    now: opts.now,
    hideEmptyKinds: opts.hideEmptyKinds,
    log: (l) => logs.push(l),
  });
  model.setKubeconfig(snapshot);
  return {
    model,
    snapshot,
    logs,
    dispose: () => {
      model.dispose();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

export function labels(model: ExplorerModel, nodes: ExplorerNode[]): string[] {
  return nodes.map((n) => model.view(n).label);
}

/** Follows a path of labels from the roots, expanding each node as the tree would. */
export async function expand(
  model: ExplorerModel,
  ...path: string[]
): Promise<{ node: ExplorerNode; children: ExplorerNode[] }> {
  let children = await model.children();
  let node: ExplorerNode | undefined;
  for (const label of path) {
    node = children.find((c) => model.view(c).label === label);
    if (!node) throw new Error(`no "${label}" among [${labels(model, children).join(', ')}]`);
    children = await model.children(node);
  }
  return { node: node!, children };
}

/**
 * expand(), again after each change of the tree, until `ready` accepts the children. What a kubectl call has
 * just changed reaches a kind the tree already watches through its watch, a moment later (later still on a loaded
 * machine); until then the kind may even be hidden as empty, so a path that does not resolve yet is retried too.
 */
export async function expandUntil(
  model: ExplorerModel,
  path: string[],
  ready: (children: ExplorerNode[]) => boolean,
  what: string,
): Promise<{ node: ExplorerNode; children: ExplorerNode[] }> {
  let last = 'nothing yet';
  try {
    return await whenTree(
      model,
      async () => {
        try {
          const found = await expand(model, ...path);
          last = labels(model, found.children).join(', ');
          return ready(found.children) ? found : undefined;
        } catch (err) {
          last = (err as Error).message;
          return undefined;
        }
      },
      what,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; ${path.join(' / ')}: ${last}`);
  }
}

/**
 * Resolves when `check` (run after each change event the model fires, as the tree would re-render)
 * returns a value. Rejects after a generous limit so a broken watch fails the test instead of hanging it.
 */
export function whenTree<T>(
  model: ExplorerModel,
  check: () => Promise<T | undefined>,
  what: string,
  limitMs = 30_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    let running = false;
    let again = false;
    const finish = (err: Error | undefined, value?: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sub.dispose();
      if (err) reject(err);
      else resolve(value as T);
    };
    const run = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const v = await check();
          if (v !== undefined) return finish(undefined, v);
        } while (again);
      } catch (err) {
        finish(err as Error);
      } finally {
        running = false;
      }
    };
    const sub = model.onDidChange(() => void run());
    const timer = setTimeout(() => finish(new Error(`timed out waiting for: ${what}`)), limitMs);
    void run();
  });
}

export function viewOf(model: ExplorerModel, nodes: ExplorerNode[], label: string): NodeView | undefined {
  const n = nodes.find((c) => model.view(c).label === label);
  return n && model.view(n);
}

export async function kubectl(kubeconfig: string, args: string[], input?: string): Promise<string> {
  const r = await runKubectl(args, { kubeconfig, input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** For state outside the model (requests a proxy saw): checks the condition until it holds, failing after a limit. */
export async function waitUntil(cond: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
