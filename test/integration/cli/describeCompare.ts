// The differential describe suites' shared parts: one `kubesense describe` run compared with `kubectl.1.33
// describe` on the same real cluster, byte for byte (event ages masked by normalizeDescribe), and the suite's
// cluster set up once and cleaned up after.
import { after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clusterEnv } from '../../cluster/env';
import { eventually, runKubectl } from '../../cluster/kubectl';
import { runKubesense, type Run } from './run';
import { normalizeDescribe } from './normalize';

/**
 * Controllers keep the cluster alive: kubectl runs before and after kubesense, and the comparison counts only
 * when both kubectl runs agree (nothing changed in between); a few tries, then the last is compared anyway.
 * `cacheRoot` holds both tools' discovery caches; `cwd` is where relative -f paths are read from.
 */
export async function compareDescribe(
  kubeconfig: string,
  cacheRoot: string,
  args: string[],
  cwd?: string,
): Promise<Run> {
  const kubectl = () => runKubectl([`--cache-dir=${path.join(cacheRoot, 'kubectl')}`, ...args], { kubeconfig, cwd });
  let theirs = await kubectl();
  let ours: Run;
  for (let attempt = 1; ; attempt++) {
    ours = await runKubesense(
      [`--kubeconfig=${kubeconfig}`, `--cache-dir=${path.join(cacheRoot, 'ours')}`, ...args],
      {},
      cwd,
    );
    const again = await kubectl();
    const same = normalizeDescribe(again.stdout) === normalizeDescribe(theirs.stdout);
    theirs = again;
    if (same || attempt === 5) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const what = `kubesense ${args.join(' ')}`;
  assert.equal(normalizeDescribe(ours.stdout), normalizeDescribe(theirs.stdout), `${what}: stdout`);
  assert.equal(normalizeDescribe(ours.stderr), normalizeDescribe(theirs.stderr), `${what}: stderr`);
  assert.equal(ours.code, theirs.code, `${what}: exit code`);
  return ours;
}

export interface SuiteCluster {
  kubeconfig: string;
  /** kubectl that must succeed: its stdout. */
  must(args: string[], input?: string): Promise<string>;
  /** Polls `kubectl args` until `ok` accepts its trimmed output, which it returns. */
  settled(what: string, args: string[], ok: (v: string) => boolean, timeoutMs?: number): Promise<string>;
}

export interface DescribeSuite {
  /** Both tools' discovery caches, and room for a test's files; removed after the suite. */
  cacheRoot: string;
  /** The cluster, prepared once; undefined (the test skipped) without one. */
  connect(t: TestContext): Promise<string | undefined>;
  /** compareDescribe on the prepared cluster; `argsOf` is called after setup (some names are found there). */
  compare(t: TestContext, argsOf: () => string[], cwd?: string): Promise<Run | undefined>;
}

/**
 * A differential describe suite: the namespace `ns` is made and `prepare` run once, by the first test that has a
 * cluster; after the suite the namespace, the `clusterScoped` objects and the caches are removed.
 */
export function describeSuite(
  ns: string,
  clusterScoped: [kind: string, name: string][],
  prepare: (cluster: SuiteCluster) => Promise<void>,
): DescribeSuite {
  const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-describe-test-'));
  let setup: Promise<string> | undefined;
  const connect = async (t: TestContext) => {
    const env = clusterEnv(t);
    if (!env) return undefined;
    setup ??= (async () => {
      const kubeconfig = env.kubeconfig;
      const must = async (args: string[], input?: string) => {
        const r = await runKubectl(args, { kubeconfig, input });
        if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
        return r.stdout;
      };
      const settled = (what: string, args: string[], ok: (v: string) => boolean, timeoutMs?: number) =>
        eventually(
          what,
          async (note) => {
            const v = (await must(args)).trim();
            note(v);
            return ok(v) ? v : undefined;
          },
          timeoutMs,
        );
      await must(['create', 'namespace', ns]);
      await prepare({ kubeconfig, must, settled });
      return kubeconfig;
    })();
    return setup;
  };
  after(async () => {
    const kubeconfig = await setup?.catch(() => undefined);
    if (kubeconfig) {
      await runKubectl(['delete', 'namespace', ns, '--wait=false'], { kubeconfig });
      for (const [kind, name] of clusterScoped)
        await runKubectl(['delete', kind, name, '--ignore-not-found', '--wait=false'], { kubeconfig });
    }
    fs.rmSync(cacheRoot, { recursive: true, force: true });
  });
  return {
    cacheRoot,
    connect,
    async compare(t, argsOf, cwd) {
      const kubeconfig = await connect(t);
      return kubeconfig ? compareDescribe(kubeconfig, cacheRoot, argsOf(), cwd) : undefined;
    },
  };
}
