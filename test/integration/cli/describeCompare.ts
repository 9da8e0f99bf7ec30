// One `kubesense describe` run compared with `kubectl.1.33 describe` on the same real cluster, byte for byte
// (event ages masked by normalizeDescribe), shared by the describe differential tests.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runKubectl } from '../../cluster/kubectl';
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
