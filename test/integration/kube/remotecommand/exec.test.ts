// kube/remotecommand against the real cluster: the API server's own WebSocket handling (v5, and v4 passed on to
// the kubelet), the kubelet's streaming code and real processes with real exit codes behind it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { findClusterEnv } from '../../../cluster/env';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { RESTClient } from '../../../../kube/rest/client';
import { isBadRequest, isForbidden, isNotFound, StatusError } from '../../../../kube/rest/errors';
import {
  attach,
  exec,
  RemoteCommandFailedError,
  STREAM_PROTOCOL_V4,
  STREAM_PROTOCOL_V5,
  type ExecOptions,
  type RemoteCommandSession,
} from '../../../../kube/remotecommand';
import { createExecFixture, deleteExecFixture, type ExecFixture } from './fixture';

const env = findClusterEnv();

interface Collected {
  session: RemoteCommandSession;
  stdout: () => Buffer;
  stderr: () => string;
}

describe('exec and attach over WebSocket', { skip: !env }, () => {
  let f: ExecFixture;
  let rest: RESTClient;
  before(async () => {
    f = await createExecFixture(env!, 'it-exec');
    rest = new RESTClient(restConfigFromFile(env!.kubeconfig));
  });
  after(() => deleteExecFixture(env!, f));

  async function start(command: string[], o: Partial<ExecOptions> = {}, client = rest): Promise<Collected> {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const session = await exec(client, {
      namespace: f.namespace,
      pod: f.single,
      command,
      onStdout: (d) => out.push(d),
      onStderr: (d) => err.push(d),
      ...o,
    });
    return { session, stdout: () => Buffer.concat(out), stderr: () => Buffer.concat(err).toString('utf8') };
  }

  test('stdout, stderr and exit codes without a TTY (v5)', async () => {
    const ok = await start(['sh', '-c', 'echo out; echo err >&2']);
    assert.equal(ok.session.protocol, STREAM_PROTOCOL_V5);
    assert.deepEqual(await ok.session.done, { exitCode: 0 });
    assert.equal(ok.stdout().toString(), 'out\n');
    assert.equal(ok.stderr(), 'err\n');

    for (const code of [1, 3, 42, 255]) {
      const c = await start(['sh', '-c', `echo before; exit ${code}`]);
      assert.deepEqual(await c.session.done, { exitCode: code }, `exit ${code}`);
      assert.equal(c.stdout().toString(), 'before\n');
    }
  });

  test('the container and environment are the ones asked for', async () => {
    const c = await start(['sh', '-c', 'echo $KUBESENSE_POD $KUBESENSE_CONTAINER'], {
      pod: f.two,
      container: 'second',
    });
    assert.deepEqual(await c.session.done, { exitCode: 0 });
    assert.equal(c.stdout().toString(), `${f.two}/${f.namespace} second\n`);
  });

  test('stdin round trip: 1 MB of random bytes through cat, then stdin EOF (v5 CLOSE) ends it', async () => {
    const data = crypto.randomBytes(1 << 20);
    const c = await start(['cat'], { stdin: true });
    for (let i = 0; i < data.length; i += 64 * 1024) c.session.write(data.subarray(i, i + 64 * 1024));
    c.session.closeStdin();
    assert.deepEqual(await c.session.done, { exitCode: 0 });
    assert.equal(c.stdout().length, data.length);
    assert.ok(c.stdout().equals(data), 'the bytes came back unchanged');
  });

  test('the v4 fallback (the kubelet speaks it behind the API server): output and exit codes', async () => {
    const c = await start(['sh', '-c', 'echo out; echo err >&2; exit 4'], { protocols: [STREAM_PROTOCOL_V4] });
    assert.equal(c.session.protocol, STREAM_PROTOCOL_V4);
    assert.deepEqual(await c.session.done, { exitCode: 4 });
    assert.equal(c.stdout().toString(), 'out\n');
    assert.equal(c.stderr(), 'err\n');
  });

  test('with a TTY: one merged output, a terminal on stdin, exit codes, and resize messages the terminal follows', async () => {
    const merged = await start(['sh', '-c', 'test -t 0 && echo terminal; echo err >&2; exit 5'], { tty: true });
    assert.deepEqual(await merged.session.done, { exitCode: 5 });
    // The PTY turns \n into \r\n, and stderr arrives on the same stream.
    assert.equal(merged.stdout().toString(), 'terminal\r\nerr\r\n');
    assert.equal(merged.stderr(), '');

    const shell = await start(['sh'], { tty: true, stdin: true });
    assert.ok(shell.session.canResize);
    const sizes: [number, number][] = [
      [101, 33],
      [80, 24],
    ];
    let previous = '0 0'; // the PTY's size before the first resize message
    for (const [width, height] of sizes) {
      shell.session.resize({ width, height });
      // Resize and stdin are separate streams behind the API server, either may land first: the shell waits (up to
      // 20 s) for the size to change before printing it. The size is printed after a marker: the terminal echoes the
      // typed line, and the shell's prompt may come before the output.
      shell.session.write(
        `n=0; s="${previous}"; while [ "$(stty size)" = "$s" ] && [ $n -lt 200 ]; do sleep 0.1; n=$((n+1)); done; echo "size=$(stty size)"\n`,
      );
      await waitFor(
        () => shell.stdout().toString().includes(`size=${height} ${width}\r\n`),
        `stty size ${height} ${width}`,
      );
      previous = `${height} ${width}`;
    }
    shell.session.write('exit 6\n');
    assert.deepEqual(await shell.session.done, { exitCode: 6 });
  });

  test('a container that does not exist: the server refuses the upgrade with its StatusError', async () => {
    const err = await start(['true'], { container: 'nope' }).then(
      () => assert.fail('expected a refusal'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof StatusError);
    assert.ok(isBadRequest(err));
    assert.equal(err.message, `container nope is not valid for pod ${f.single}`);

    const missingPod = await start(['true'], { pod: 'no-such-pod' }).then(
      () => assert.fail('expected NotFound'),
      (e: unknown) => e,
    );
    assert.ok(isNotFound(missingPod), String(missingPod));
  });

  test('an executable that does not exist: a RemoteCommandFailedError from the error channel', async () => {
    const c = await start(['/no/such/shell']);
    const err = await c.session.done.then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof RemoteCommandFailedError, String(err));
    assert.match(err.message, /no such file or directory/);
  });

  test('exec is forbidden for a read-only user: 403 as a StatusError', async () => {
    const restricted = new RESTClient(restConfigFromFile(env!.kubeconfig, 'restricted'));
    const err = await start(['true'], { namespace: 'team-a', pod: 'any' }, restricted).then(
      () => assert.fail('expected Forbidden'),
      (e: unknown) => e,
    );
    assert.ok(isForbidden(err), String(err));
  });

  test('client certificate credentials work for the upgrade (context cert-user)', async () => {
    const certUser = new RESTClient(restConfigFromFile(env!.kubeconfig, 'cert-user'));
    const c = await start(['echo', 'cert'], {}, certUser);
    assert.deepEqual(await c.session.done, { exitCode: 0 });
    assert.equal(c.stdout().toString(), 'cert\n');
  });

  test('cancellable: aborting ends a running command and rejects with the reason', async () => {
    const controller = new AbortController();
    const c = await start(['sleep', '120'], { signal: controller.signal });
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('stopped by test')), 200);
    await assert.rejects(c.session.done, /stopped by test/);
    // Ended by the abort, not by the command (the bound is generous for a loaded machine, far below the 120 s).
    assert.ok(Date.now() - started < 60_000);

    const before = new AbortController();
    before.abort(new Error('never started'));
    await assert.rejects(start(['true'], { signal: before.signal }), /never started/);
  });

  test('closing the session from the client ends it', async () => {
    const c = await start(['sleep', '120'], { stdin: true });
    let ended = false;
    void c.session.done.catch(() => undefined).finally(() => (ended = true));
    c.session.close();
    // The server ends the stream; the outcome is whatever it reports, promptly.
    await waitFor(() => ended, 'the session to end');
  });

  test('attach streams the container output', async () => {
    const out: Buffer[] = [];
    const controller = new AbortController();
    const session = await attach(rest, {
      namespace: f.namespace,
      pod: f.single,
      container: 'app',
      signal: controller.signal,
      onStdout: (d) => out.push(d),
      onStderr: (d) => out.push(d),
    });
    assert.equal(session.protocol, STREAM_PROTOCOL_V5);
    await waitFor(() => Buffer.concat(out).length > 0, 'attached output');
    controller.abort();
    await session.done.catch(() => undefined);
  });
});

async function waitFor(cond: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
