// The explorer model's roots and selection logic from real kubeconfig files on disk (no cluster: the
// session factory must never be called for what is tested here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExplorerModel } from '../../../../client/src/model/explorer';
import { loadSnapshot } from '../../../../client/src/model/kubeconfigSnapshot';

function files(): { dir: string; a: string; b: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-model-'));
  const a = path.join(dir, 'a.yaml');
  const b = path.join(dir, 'b.yaml');
  fs.writeFileSync(
    a,
    'apiVersion: v1\nkind: Config\ncurrent-context: prod\nclusters:\n- name: prod\n  cluster: {server: "https://prod.example:6443"}\nusers:\n- name: me\n  user: {token: t}\ncontexts:\n- name: prod\n  context: {cluster: prod, user: me, namespace: web}\n',
  );
  fs.writeFileSync(
    b,
    'apiVersion: v1\nkind: Config\ncurrent-context: dev\ncontexts:\n- name: dev\n  context: {cluster: prod, user: me}\n- name: prod\n  context: {cluster: other, user: me}\n',
  );
  return { dir, a, b };
}

const noSessions = () => Promise.reject(new Error('the model must not connect for this test'));

test('contexts from two files: first file wins per entry and for current-context; files are named', async () => {
  const { dir, a, b } = files();
  try {
    const model = new ExplorerModel({ sessions: noSessions });
    model.setKubeconfig(loadSnapshot([a, b]));
    const roots = await model.children();
    assert.deepEqual(
      roots.map((r) => model.view(r).label),
      ['dev', 'prod'],
    );
    const prod = model.view(roots[1]!);
    assert.equal(prod.description, '● current · a.yaml');
    assert.match(prod.tooltip!, /prod\.example:6443/);
    assert.match(prod.tooltip!, /namespace: `web`/);
    assert.equal(model.view(roots[0]!).description, 'b.yaml');
    assert.equal(model.effectiveNamespace('prod'), 'web');
    assert.equal(model.effectiveNamespace('dev'), 'default');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('editor-only context and namespace override the kubeconfig without touching it', async () => {
  const { dir, a, b } = files();
  try {
    const model = new ExplorerModel({ sessions: noSessions });
    model.setKubeconfig(loadSnapshot([a, b]));
    model.selection.context = 'dev';
    model.selection.namespaces.set('dev', 'tools');
    assert.equal(model.effectiveContext()?.name, 'dev');
    assert.equal(model.effectiveNamespace('dev'), 'tools');
    const roots = await model.children();
    // Exactly one context is in use (the editor's); the kubeconfig's current-context is marked apart.
    const dev = model.view(roots[0]!);
    const prod = model.view(roots[1]!);
    assert.equal(dev.description, '● in editor · b.yaml');
    assert.equal(prod.description, 'kubeconfig current-context · a.yaml');
    assert.deepEqual(
      roots.map((r) => model.view(r).icon?.id),
      ['vm-active', 'vm'],
    );
    assert.equal(prod.contextValue, 'kubesense.context.current', 'Use Context stays hidden for the file’s current');
    // The chosen context disappears from the files: the choice is dropped, the kubeconfig's current applies.
    fs.writeFileSync(b, 'apiVersion: v1\nkind: Config\ncontexts: []\n');
    model.setKubeconfig(loadSnapshot([a, b]));
    assert.equal(model.effectiveContext()?.name, 'prod');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a broken kubeconfig becomes one error item naming the file, not an exception', async () => {
  const { dir, a } = files();
  try {
    fs.writeFileSync(a, 'apiVersion: v1\nkind: Config\ncontexts: {not: a list}\n');
    const model = new ExplorerModel({ sessions: noSessions });
    model.setKubeconfig(loadSnapshot([a]));
    const roots = await model.children();
    assert.equal(roots.length, 1);
    const v = model.view(roots[0]!);
    assert.match(v.label, /^Kubeconfig error: /);
    assert.ok(v.label.includes(a) || (v.tooltip ?? '').includes(a), 'the file is named');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a session is kept across unrelated kubeconfig edits and replaced when its credentials change', () => {
  const { dir, a, b } = files();
  try {
    // Sessions that never connect: only their identity matters here.
    const model = new ExplorerModel({ sessions: () => new Promise(() => {}) });
    model.setKubeconfig(loadSnapshot([a, b]));
    const first = model.session('prod');
    assert.equal(model.session('prod'), first, 'one session per context');
    fs.appendFileSync(b, '- name: added\n  context: {cluster: prod, user: me}\n');
    model.setKubeconfig(loadSnapshot([a, b]));
    assert.equal(model.session('prod'), first, 'another context added: prod keeps its session');
    fs.writeFileSync(a, fs.readFileSync(a, 'utf8').replace('token: t', 'token: renewed'));
    model.setKubeconfig(loadSnapshot([a, b]));
    assert.notEqual(model.session('prod'), first, 'a renewed token makes a new session');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
