// `-k DIR` on the real cluster, against kubectl 1.33 (which builds kustomizations in-process). kubesense builds
// with the kustomize on PATH, else `kubectl kustomize`: here the only builder on PATH is kubectl 1.33 under the
// name `kubectl`, so both tools build with the same kustomize. A base, an overlay with a name prefix, a namespace and
// a ConfigMap generator (hash-suffixed name): diff, apply, get and describe on what it builds.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clusterEnv } from '../../cluster/env';
import { findKubectl, runKubectl } from '../../cluster/kubectl';
import { normalizeDescribe } from './normalize';
import { runKubesense } from './run';

describe('-k DIR against kubectl 1.33 on the real cluster', () => {
  const ns = `kustomize-${process.pid}`;
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-kustomize-it-')));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  write('base/kustomization.yaml', 'resources: [settings.yaml, service.yaml]\n');
  // One data key per ConfigMap: kubectl 1.33 prints keys in Go's random map order.
  write('base/settings.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: fast}\n');
  write(
    'base/service.yaml',
    'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n',
  );
  const overlay = (literal: string) =>
    write(
      'overlay/kustomization.yaml',
      `namespace: ${ns}\nnamePrefix: dev-\nresources: [../base]\nconfigMapGenerator:\n- name: app-config\n  literals: [${literal}]\n`,
    );
  overlay('LEVEL=debug');
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(findKubectl('1.33'), path.join(bin, 'kubectl'));
  const cache = path.join(root, 'cache');
  let kubeconfig: string | undefined;
  after(async () => {
    if (kubeconfig) await runKubectl(['delete', 'namespace', ns, '--wait=false'], { kubeconfig });
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function connect(t: TestContext): Promise<string | undefined> {
    const env = clusterEnv(t);
    if (!env) return undefined;
    if (!kubeconfig) {
      const r = await runKubectl(['create', 'namespace', ns], { kubeconfig: env.kubeconfig });
      assert.equal(r.code, 0, r.stderr);
      kubeconfig = env.kubeconfig;
    }
    return kubeconfig;
  }
  const ours = (config: string, args: string[]) =>
    runKubesense(
      [`--kubeconfig=${config}`, `--cache-dir=${path.join(cache, 'ours')}`, ...args],
      {
        PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      },
      root,
    );
  const theirs = (config: string, args: string[]) =>
    runKubectl([`--cache-dir=${path.join(cache, 'kubectl')}`, ...args], { kubeconfig: config, cwd: root });
  /** The objects kubectl's kustomize builds from the overlay, as `kind/name`. */
  const built = async (config: string) => {
    const r = await theirs(config, ['kustomize', 'overlay']);
    assert.equal(r.code, 0, r.stderr);
    return [...r.stdout.matchAll(/^kind: (\w+)\nmetadata:\n(?:  .*\n)*?  name: (\S+)$/gm)].map(
      (m) => `${m[1]!.toLowerCase()}/${m[2]}`,
    );
  };

  test('diff before apply, apply, get, describe, diff after apply, diff after a change', async (t) => {
    const config = await connect(t);
    if (!config) return;
    const objects = await built(config);
    assert.equal(objects.length, 3, objects.join(' '));
    assert.ok(
      objects.some((o) => /^configmap\/dev-app-config-[a-z0-9]{10}$/.test(o)),
      `a hash-suffixed generated ConfigMap: ${objects.join(' ')}`,
    );
    assert.ok(objects.includes('configmap/dev-settings') && objects.includes('service/dev-web'));

    // Nothing is on the server yet: both see differences.
    const before = await ours(config, ['diff', '--server-side', '-k', 'overlay']);
    const beforeTheirs = await theirs(config, ['diff', '--server-side', '-k', 'overlay']);
    assert.equal(beforeTheirs.code, 1, beforeTheirs.stderr);
    assert.equal(before.code, beforeTheirs.code, before.stderr);
    for (const o of objects) assert.ok(before.stdout.includes(`name: ${o.split('/')[1]}\n`), `${o} in the diff`);

    const applied = await ours(config, ['apply', '--server-side', '-k', 'overlay']);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(applied.stdout, objects.map((o) => `${o} serverside-applied\n`).join(''));
    const got = await theirs(config, ['get', '-k', 'overlay', '-o', 'name']);
    assert.equal(got.code, 0, got.stderr);
    assert.deepEqual(got.stdout.trim().split('\n').sort(), [...objects].sort());
    // get -k: the objects the kustomization builds, as the server has them, in kubectl's order and words.
    for (const args of [
      ['get', '-k', 'overlay', '-o', 'name'],
      ['get', '-k', 'overlay', '-o', 'jsonpath={.kind}'],
    ]) {
      const mineGot = await ours(config, args);
      const theirsGot = await theirs(config, args);
      assert.equal(mineGot.stdout, theirsGot.stdout, args.join(' '));
      assert.equal(mineGot.stderr, theirsGot.stderr, args.join(' '));
      assert.equal(mineGot.code, theirsGot.code, args.join(' '));
    }

    // describe -k: kubectl before and after ours, until the two kubectl runs agree.
    const describeArgs = ['describe', '-k', 'overlay'];
    let reference = await theirs(config, describeArgs);
    let mine = await ours(config, describeArgs);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const again = await theirs(config, describeArgs);
      const stable = normalizeDescribe(again.stdout) === normalizeDescribe(reference.stdout);
      reference = again;
      if (stable) break;
      mine = await ours(config, describeArgs);
    }
    assert.equal(reference.code, 0, reference.stderr);
    assert.equal(normalizeDescribe(mine.stdout), normalizeDescribe(reference.stdout));
    assert.equal(mine.stderr, reference.stderr);
    assert.equal(mine.code, reference.code);
    for (const o of objects) assert.match(mine.stdout, new RegExp(`^Name: +${o.split('/')[1]}$`, 'm'));

    // Applied as built: no differences for either.
    const same = await ours(config, ['diff', '--server-side', '-k', 'overlay']);
    const sameTheirs = await theirs(config, ['diff', '--server-side', '-k', 'overlay']);
    assert.equal(sameTheirs.code, 0, sameTheirs.stdout + sameTheirs.stderr);
    assert.equal(same.code, 0, same.stdout + same.stderr);
    assert.equal(same.stdout, sameTheirs.stdout);

    // A changed literal is a new generated name: differences again.
    overlay('LEVEL=info');
    const changed = await ours(config, ['diff', '--server-side', '-k', 'overlay']);
    const changedTheirs = await theirs(config, ['diff', '--server-side', '-k', 'overlay']);
    assert.equal(changedTheirs.code, 1, changedTheirs.stderr);
    assert.equal(changed.code, 1, changed.stderr);
    assert.match(changed.stdout, /^\+  name: dev-app-config-[a-z0-9]{10}$/m);
  });

  test('a failing build and no builder on PATH', async (t) => {
    const config = await connect(t);
    if (!config) return;
    write('broken/kustomization.yaml', 'resources: [missing.yaml]\n');
    const failing = await ours(config, ['describe', '-k', 'broken']);
    assert.equal(failing.code, 1);
    assert.match(
      failing.stderr,
      /^building the kustomization in 'broken' failed: `kubectl kustomize .*` exited with status 1:\nerror: accumulating resources/,
    );
    const none = await runKubesense(
      ['--kubeconfig', config, 'apply', '--server-side', '-k', 'overlay'],
      { PATH: cache },
      root,
    );
    assert.equal(none.code, 1);
    assert.match(
      none.stderr,
      /^error: -k needs kustomize .* neither "kustomize" nor "kubectl" is on PATH: install kustomize/,
    );
  });
});
