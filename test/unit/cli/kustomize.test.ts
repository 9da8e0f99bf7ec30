// -k DIR without a cluster: kubectl's checks of -f/-k/-R and of the folder, compared with kubectl 1.33's own words
// (kubectl makes them before it talks to a server), which builder is chosen, and the builder's failures.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findKubectl } from '../../cluster/kubectl';
import { findKustomizeBuilder, NO_BUILDER_MESSAGE } from '../../../cli/kustomize';
import { runCli } from './run';

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-kustomize-')));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};
// A server nothing listens on: every case here must fail before a request.
write(
  'kubeconfig',
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
    users: [{ name: 'u', user: { token: 'not-a-secret' } }],
    contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'c',
  }),
);
write('file.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
write('empty/.keep', '');
write('broken/kustomization.yaml', 'resources: [missing.yaml]\n');
write('ok/kustomization.yaml', 'resources: [cm.yaml]\n');
write('ok/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: built}\ndata: {a: b}\n');
// `kubectl` as the builder: the versioned binary under that name, alone in a folder.
const builderBin = path.join(root, 'bin');
fs.mkdirSync(builderBin);
fs.symlinkSync(findKubectl('1.33'), path.join(builderBin, 'kubectl'));
const noBin = path.join(root, 'nothing');
fs.mkdirSync(noBin);

const env = (bin: string) => ({ KUBECONFIG: path.join(root, 'kubeconfig'), PATH: bin });
const kubectl = (args: string[]) => {
  const r = spawnSync(findKubectl('1.33'), [`--cache-dir=${path.join(root, 'cache')}`, ...args], {
    cwd: root,
    env: { ...env(noBin), HOME: root },
    encoding: 'utf8',
  });
  return { code: r.status, err: r.stderr };
};

describe('-k: the checks kubectl makes before building, in its words', () => {
  const cases: string[][] = [
    ['-k', 'nope'],
    ['-k', 'nope/deeper'],
    ['-k', 'file.yaml'],
    ['-k', 'file.yaml/deeper'],
    ['-k', 'empty'],
    ['-k', '.'],
    ['-f', 'file.yaml', '-k', 'ok'],
    ['-k', 'ok', '-R'],
    ['-R', '-f', 'file.yaml', '-k', 'ok'],
    ['-k', ''],
  ];
  for (const command of [['describe'], ['apply', '--server-side'], ['diff']])
    for (const args of cases)
      test(`${command.join(' ')} ${args.join(' ')}`, async () => {
        const theirs = kubectl([...command, ...args]);
        const ours = await runCli([...command, ...args], root, env(builderBin));
        assert.equal(ours.err, theirs.err.replaceAll('kubectl', 'kubesense'));
        assert.equal(ours.code, theirs.code);
        assert.equal(ours.out, '');
      });
});

describe('-k: building', () => {
  test('neither kustomize nor kubectl on PATH: says what to install', async () => {
    for (const [command, code] of [
      [['describe'], 1],
      [['apply', '--server-side'], 1],
      [['diff'], 2],
    ] as const) {
      const r = await runCli([...command, '-k', 'ok'], root, env(noBin));
      assert.equal(r.code, code, r.err);
      assert.match(r.err, /neither "kustomize" nor "kubectl" is on PATH: install kustomize/);
      assert.ok(r.err.includes(NO_BUILDER_MESSAGE));
    }
  });

  test("a failing build: the builder's exit status and its stderr", async () => {
    const theirs = spawnSync(findKubectl('1.33'), ['kustomize', path.join(root, 'broken')], { encoding: 'utf8' });
    assert.equal(theirs.status, 1);
    const r = await runCli(['apply', '--server-side', '-k', 'broken'], root, env(builderBin));
    assert.equal(r.code, 1);
    assert.equal(
      r.err,
      `error: building the kustomization in 'broken' failed: \`kubectl kustomize ${path.join(root, 'broken')}\` exited with status 1:\n${theirs.stderr.trimEnd()}\n`,
    );
    const d = await runCli(['diff', '-k', 'broken'], root, env(builderBin));
    assert.equal(d.code, 2);
    assert.match(d.err, /^error: building the kustomization in 'broken' failed: .* exited with status 1:\n/);
  });

  test('kustomize is preferred when both are on PATH; kubectl otherwise; nothing without either', () => {
    const both = path.join(root, 'both');
    fs.mkdirSync(both);
    fs.symlinkSync(findKubectl('1.33'), path.join(both, 'kubectl'));
    fs.writeFileSync(path.join(both, 'kustomize'), '', { mode: 0o755 });
    const preferred = findKustomizeBuilder(`${noBin}${path.delimiter}${both}`);
    assert.equal(preferred?.program, path.join(both, 'kustomize'));
    assert.deepEqual(preferred?.args('/d'), ['build', '/d']);
    const fallback = findKustomizeBuilder(builderBin);
    assert.equal(fallback?.program, path.join(builderBin, 'kubectl'));
    assert.deepEqual(fallback?.args('/d'), ['kustomize', '/d']);
    assert.equal(findKustomizeBuilder(noBin), undefined);
  });

  test('the folder never reaches a shell', async () => {
    const odd = '$(touch pwned);touch pwned2';
    write(`${odd}/kustomization.yaml`, 'resources: [cm.yaml]\n');
    write(`${odd}/cm.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: built}\n');
    // The build succeeds; the objects are then mapped, which needs the (absent) server.
    const r = await runCli(['apply', '--server-side', '-k', odd], root, env(builderBin));
    assert.equal(r.code, 1);
    assert.match(r.err, /127\.0\.0\.1:1/);
    assert.equal(fs.existsSync(path.join(root, 'pwned')), false);
    assert.equal(fs.existsSync(path.join(root, 'pwned2')), false);
  });
});
