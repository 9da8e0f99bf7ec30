// The pure parts of the container terminal: what the user typed as a command, and which containers are offered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';
import type { Pod } from '../../../../kube/typed/generated/types/api/core/v1';
import { splitCommandLine, terminalContainers, terminalName } from '../../../../client/src/model/containerTerminal';

test('a typed command splits into words with shell-like quoting and no expansion', () => {
  assert.deepEqual(splitCommandLine('python3'), ['python3']);
  assert.deepEqual(splitCommandLine('  sh -c "ps aux | head"  '), ['sh', '-c', 'ps aux | head']);
  assert.deepEqual(splitCommandLine(`echo 'a  b' "c \\"d\\"" e\\ f $HOME`), ['echo', 'a  b', 'c "d"', 'e f', '$HOME']);
  assert.deepEqual(splitCommandLine(`printf ''`), ['printf', '']);
  assert.deepEqual(splitCommandLine(''), []);
  assert.throws(() => splitCommandLine('echo "open'), /unterminated " quote/);
});

test('containers offered for a terminal: the default first, then the others with what they are', () => {
  const pod = {
    metadata: { name: 'p', annotations: { 'kubectl.kubernetes.io/default-container': 'app' } },
    spec: {
      containers: [{ name: 'sidecar' }, { name: 'app' }],
      initContainers: [{ name: 'setup' }],
      ephemeralContainers: [{ name: 'debugger' }],
    },
    status: {
      containerStatuses: [
        { name: 'sidecar', state: { running: {} } },
        { name: 'app', state: { running: {} } },
      ],
    },
  } as unknown as Pod;
  assert.deepEqual(terminalContainers(pod), [
    { name: 'app', isDefault: true, note: undefined },
    { name: 'sidecar', isDefault: false, note: undefined },
    { name: 'setup', isDefault: false, note: 'init container' },
    { name: 'debugger', isDefault: false, note: 'ephemeral container' },
  ]);
  const waiting = {
    ...pod,
    status: { containerStatuses: [{ name: 'app', state: { waiting: {} } }] },
  } as unknown as Pod;
  assert.equal(terminalContainers(waiting)[0].note, 'not running');
});

test('terminal names: the pod alone when it has one container', () => {
  assert.equal(terminalName({ namespace: 'n', pod: 'web-1', container: 'app' }, 1), 'web-1');
  assert.equal(terminalName({ namespace: 'n', pod: 'web-1', container: 'app' }, 2), 'web-1/app');
});

test('the tree offers Open Terminal and Run Command in Terminal… on pods only', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { menus: Record<string, { command: string; when?: string }[]> };
  };
  const offered = (contextValue: string) =>
    pkg.contributes.menus['view/item/context']
      .filter((m) => {
        const re = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(m.when ?? '')?.[1];
        return re !== undefined && new RegExp(re).test(contextValue);
      })
      .map((m) => m.command);
  for (const cmd of ['kubesense.openTerminal', 'kubesense.runInTerminal']) {
    assert.ok(offered('kubesense.object.pod.deletable.patchable').includes(cmd), `${cmd} on a pod`);
    assert.ok(!offered('kubesense.object.deletable.patchable').includes(cmd), `${cmd} not on other objects`);
    assert.ok(!offered('kubesense.object.secret.deletable.patchable').includes(cmd), `${cmd} not on a Secret`);
  }
});
