// The extension's container terminal (client/src/model/containerTerminal.ts) against the real cluster, outside
// VS Code: shell choice and fallback, keystrokes, resize, exit codes, no shell, forbidden, closing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findClusterEnv } from '../../../cluster/env';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { RESTClient } from '../../../../kube/rest/client';
import {
  ContainerTerminal,
  type TerminalOptions,
  type TerminalOutcome,
  type TerminalTarget,
} from '../../../../client/src/model/containerTerminal';
import { createExecFixture, deleteExecFixture, type ExecFixture } from './fixture';

const env = findClusterEnv();

class Screen {
  text = '';
  outcome?: TerminalOutcome;
  write(t: string) {
    this.text += t;
  }
  ended(o: TerminalOutcome) {
    this.outcome = o;
  }
  async until(what: string, cond: () => boolean, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen: ${JSON.stringify(this.text)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('container terminal (extension model)', { skip: !env }, () => {
  let f: ExecFixture;
  let rest: RESTClient;
  let target: TerminalTarget;
  before(async () => {
    f = await createExecFixture(env!, 'it-terminal');
    rest = new RESTClient(restConfigFromFile(env!.kubeconfig));
    target = { namespace: f.namespace, pod: f.two, container: 'second' };
  });
  after(() => deleteExecFixture(env!, f));

  const open = (options: TerminalOptions = {}, client = rest, t = target) => {
    const screen = new Screen();
    const term = new ContainerTerminal(client, t, screen, options);
    return { screen, term, done: term.open({ width: 90, height: 20 }) };
  };

  test('a shell: keystrokes typed before it is ready, output, resize, and the exit code at the end', async () => {
    const { screen, term, done } = open();
    // The size and the keystrokes travel on separate streams, either may land first: the shell waits (up to 20 s)
    // for the size to change from the one given before printing it.
    const sizeOtherThan = (size: string) =>
      `n=0; while [ "$(stty size)" = "${size}" ] && [ $n -lt 200 ]; do sleep 0.1; n=$((n+1)); done; stty size`;
    term.input(`echo "[$((6*7))] in $KUBESENSE_CONTAINER"; ${sizeOtherThan('0 0')}\r`);
    await screen.until(
      'first output',
      () => screen.text.includes('[42] in second') && screen.text.includes('\n20 90\r'),
    );
    assert.match(screen.text, /\n20 90\r/, 'the size given at open reached the terminal');
    term.resize({ width: 132, height: 43 });
    term.input(`${sizeOtherThan('20 90')}\r`);
    await screen.until('resized', () => screen.text.includes('\n43 132\r'));
    term.input('exit 3\r');
    await done;
    assert.deepEqual(screen.outcome, { kind: 'exited', exitCode: 3, label: 'exit 3' });
    assert.match(screen.text, /\[\/bin\/bash exited with code 3\]/);
  });

  test('falls back to the next shell when the first does not exist', async () => {
    const { screen, term, done } = open({ shells: ['/no/such/bash', '/bin/sh'] });
    term.input('echo "bash:[${BASH_VERSION}]"; exit\r');
    await done;
    assert.deepEqual(screen.outcome, { kind: 'exited', exitCode: 0, label: 'exited' });
    assert.match(screen.text, /bash:\[\]/, 'sh ran, not bash');
    assert.match(screen.text, /\[\/bin\/sh exited with code 0\]/);
  });

  test('a container without any of the shells: a clear message, not a dead terminal', async () => {
    const { screen, done } = open({ shells: ['/no/such/bash', '/no/such/sh'] });
    await done;
    assert.equal(screen.outcome?.kind, 'failed');
    assert.equal(screen.outcome?.label, 'no shell');
    assert.match(screen.text, /This container has no shell: tried \/no\/such\/bash, \/no\/such\/sh in /);
  });

  test('a command instead of a shell', async () => {
    const { screen, done } = open({ command: ['sh', '-c', 'echo from-command; exit 0'] });
    await done;
    assert.deepEqual(screen.outcome, { kind: 'exited', exitCode: 0, label: 'exited' });
    assert.match(screen.text, /^from-command\r\n/);
  });

  test('exec forbidden: the server message in the terminal', async () => {
    const restricted = new RESTClient(restConfigFromFile(env!.kubeconfig, 'restricted'));
    const { screen, done } = open({}, restricted, { namespace: 'team-a', pod: 'anything', container: 'app' });
    await done;
    assert.equal(screen.outcome?.kind, 'failed');
    assert.match(screen.text, /Not allowed to open a terminal in team-a\/anything, container app: .*forbidden/);
  });

  test('a container that does not exist: the server error in the terminal', async () => {
    const { screen, done } = open({}, rest, { ...target, container: 'nope' });
    await done;
    assert.equal(screen.outcome?.kind, 'failed');
    assert.match(screen.text, /container nope is not valid for pod two/);
  });

  test('closing the terminal ends the session without reporting a failure', async () => {
    const { screen, term, done } = open();
    term.input('echo ready\r');
    await screen.until('shell ready', () => screen.text.includes('ready\r\n'));
    let returned = false;
    let failure: unknown;
    void done.then(
      () => (returned = true),
      (e: unknown) => ((failure = e), (returned = true)),
    );
    term.close();
    await screen.until('open() to return after close()', () => returned);
    assert.equal(failure, undefined, 'open() returns, not throws, after close()');
    assert.equal(screen.outcome, undefined, 'a closed terminal is not told it ended');
  });
});
