// Writing kubeconfig: the right file (as kubectl chooses it), client-go's lock, atomic 0600 writes, and everything
// we did not change (comments, key order, unknown fields) left exactly as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setContext, setContextNamespace, useContext } from '../../../../kube/kubeconfig/modify';
import { loadKubeconfig } from '../../../../kube/kubeconfig/loader';

const FIRST = `# Company clusters — do not remove this comment
apiVersion: v1
kind: Config
x-team-owner: platform   # unknown field, kept
current-context: dev
contexts:
  # the dev context
  - name: dev
    context:
      user: dev-user      # user first: order kept
      cluster: dev
      namespace: default
clusters:
  - name: dev
    cluster: {server: "https://dev:6443"}
users:
  - name: dev-user
    user: {token: dev-token}
`;
const SECOND = `apiVersion: v1
kind: Config
contexts:
- name: prod
  context: {cluster: prod, user: prod-user}
clusters:
- name: prod
  cluster: {server: "https://prod:6443"}
users:
- name: prod-user
  user: {token: prod-token}
`;

function setup(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-write-'));
  fs.writeFileSync(path.join(dir, 'first'), FIRST, { mode: 0o644 });
  fs.writeFileSync(path.join(dir, 'second'), SECOND, { mode: 0o644 });
  return { dir, env: { KUBECONFIG: `${path.join(dir, 'first')}:${path.join(dir, 'second')}`, HOME: dir } };
}

test('use-context writes current-context into the default file, changing only that line', () => {
  const { dir, env } = setup();
  const res = useContext({ env }, 'prod');
  assert.equal(res.file, path.join(dir, 'first'));
  const after = fs.readFileSync(path.join(dir, 'first'), 'utf8');
  assert.equal(after, FIRST.replace('current-context: dev', 'current-context: prod'));
  assert.equal(fs.readFileSync(path.join(dir, 'second'), 'utf8'), SECOND);
  assert.equal(fs.statSync(path.join(dir, 'first')).mode & 0o777, 0o600);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['first', 'second'], 'no lock or temp files left');
  assert.equal(loadKubeconfig({ env }).config.currentContext, 'prod');
  assert.throws(() => useContext({ env }, 'nope'), { message: 'no context exists with the name: "nope"' });
});

test('set-context --current --namespace edits the context in the file that defined it', () => {
  const { dir, env } = setup();
  useContext(loadKubeconfig({ env }), 'prod');
  const res = setContextNamespace(loadKubeconfig({ env }), undefined, 'payments');
  assert.deepEqual(res, { name: 'prod', existed: true, file: path.join(dir, 'second') });
  const second = fs.readFileSync(path.join(dir, 'second'), 'utf8');
  assert.equal(
    second,
    SECOND.replace(
      'context: {cluster: prod, user: prod-user}',
      'context: {cluster: prod, user: prod-user, namespace: payments}',
    ),
  );
  assert.equal(loadKubeconfig({ env }).config.contexts.get('prod')!.namespace, 'payments');
  // Changing the dev context's namespace keeps comments and key order of first.
  setContext({ env }, { name: 'dev', namespace: 'team-x' });
  assert.equal(
    fs.readFileSync(path.join(dir, 'first'), 'utf8'),
    FIRST.replace('current-context: dev', 'current-context: prod').replace('namespace: default', 'namespace: team-x'),
  );
  // A new context goes to the default file, appended to its list in the list's own style.
  const before = fs.readFileSync(path.join(dir, 'first'), 'utf8');
  const created = setContext({ env }, { name: 'new', cluster: 'dev', user: 'dev-user' });
  assert.deepEqual(created, { name: 'new', existed: false, file: path.join(dir, 'first') });
  assert.equal(
    fs.readFileSync(path.join(dir, 'first'), 'utf8'),
    before.replace(
      '      namespace: team-x\n',
      '      namespace: team-x\n  - name: new\n    context:\n      cluster: dev\n      user: dev-user\n',
    ),
  );
  assert.equal(loadKubeconfig({ env }).config.contexts.get('new')!.cluster, 'dev');
  // An empty namespace removes the key (kubectl omits empty fields).
  const withNew = fs.readFileSync(path.join(dir, 'first'), 'utf8');
  setContext({ env }, { name: 'dev', namespace: '' });
  assert.equal(fs.readFileSync(path.join(dir, 'first'), 'utf8'), withNew.replace('      namespace: team-x\n', ''));
  assert.equal(loadKubeconfig({ env }).config.contexts.get('dev')!.namespace, '');
});

test('a stale <file>.lock makes the write fail without touching the file', () => {
  const { dir, env } = setup();
  const lock = path.join(dir, 'second.lock');
  fs.writeFileSync(lock, '');
  const old = new Date(Date.now() - 10 * 60_000);
  fs.utimesSync(lock, old, old);
  assert.throws(() => useContext({ env }, 'prod'), {
    message: new RegExp(`^open ${path.join(dir, 'second')}\\.lock: file exists: the lock is stale`),
  });
  assert.equal(fs.readFileSync(path.join(dir, 'first'), 'utf8'), FIRST);
  assert.ok(!fs.existsSync(path.join(dir, 'first.lock')), 'locks taken before the failure are released');
});

test('a symlinked kubeconfig is written through the link; a JSON kubeconfig stays JSON', () => {
  const { dir } = setup();
  fs.mkdirSync(path.join(dir, 'real'));
  fs.renameSync(path.join(dir, 'first'), path.join(dir, 'real', 'config'));
  fs.symlinkSync(path.join(dir, 'real', 'config'), path.join(dir, 'link'));
  useContext({ explicitPath: path.join(dir, 'link') }, 'dev');
  setContextNamespace({ explicitPath: path.join(dir, 'link') }, 'dev', 'linked');
  assert.ok(fs.lstatSync(path.join(dir, 'link')).isSymbolicLink());
  assert.match(fs.readFileSync(path.join(dir, 'real', 'config'), 'utf8'), /namespace: linked/);
  const json = path.join(dir, 'kc.json');
  fs.writeFileSync(
    json,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      contexts: [{ name: 'j', context: { cluster: 'c', user: 'u' } }],
      'x-extra': 1,
    }),
  );
  useContext({ explicitPath: json }, 'j');
  const parsed = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.equal(parsed['current-context'], 'j');
  assert.equal(parsed['x-extra'], 1);
});
