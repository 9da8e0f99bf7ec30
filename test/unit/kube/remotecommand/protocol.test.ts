// The channel framing and the error-channel decoding of exec/attach (client-go's errorDecoderV4/V1 rules).
// The statuses are the shapes the kubelet writes (remotecommand.NonZeroExitCodeReason with an ExitCode cause);
// the real ones are exercised end to end in test/integration/kube/remotecommand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Channel,
  decodeErrorChannel,
  decodeFrame,
  encodeClose,
  encodeFrame,
  encodeResize,
  RemoteCommandFailedError,
  RemoteCommandProtocolError,
  STREAM_PROTOCOL_V1,
  STREAM_PROTOCOL_V2,
  STREAM_PROTOCOL_V3,
  STREAM_PROTOCOL_V4,
  STREAM_PROTOCOL_V5,
  DEFAULT_PROTOCOLS,
  supportsClose,
  supportsResize,
} from '../../../../kube/remotecommand/protocol';
import { isInternalError, StatusError } from '../../../../kube/rest/errors';

const json = (o: unknown) => Buffer.from(JSON.stringify(o));

test('v5 is offered first, then the older protocols newest first', () => {
  assert.deepEqual(DEFAULT_PROTOCOLS, [
    'v5.channel.k8s.io',
    'v4.channel.k8s.io',
    'v3.channel.k8s.io',
    'v2.channel.k8s.io',
    'channel.k8s.io',
  ]);
});

test('frames are one channel byte and the payload; strings are UTF-8', () => {
  assert.deepEqual([...encodeFrame(Channel.Stdin, 'hé')], [0, 0x68, 0xc3, 0xa9]);
  assert.deepEqual([...encodeFrame(Channel.Stdin, new Uint8Array([0, 255]))], [0, 0, 255]);
  assert.deepEqual([...encodeFrame(Channel.Stdin, '')], [0]);
  const f = decodeFrame(Buffer.from([2, 0x65, 0x72, 0x72]));
  assert.equal(f.channel, Channel.Stderr);
  assert.equal(f.data.toString(), 'err');
  assert.throws(() => decodeFrame(Buffer.alloc(0)), /empty message/);
});

test('stdin close is [255, 0]; resize is channel 4 with Go field names, clamped to uint16', () => {
  assert.deepEqual([...encodeClose(Channel.Stdin)], [255, 0]);
  const r = encodeResize({ width: 120, height: 40 });
  assert.equal(r[0], 4);
  assert.equal(r.subarray(1).toString(), '{"Width":120,"Height":40}');
  assert.equal(encodeResize({ width: 70000.7, height: -3 }).subarray(1).toString(), '{"Width":65535,"Height":0}');
});

test('which protocols know resize and close', () => {
  assert.ok(supportsClose(STREAM_PROTOCOL_V5));
  assert.ok(!supportsClose(STREAM_PROTOCOL_V4));
  for (const p of [STREAM_PROTOCOL_V5, STREAM_PROTOCOL_V4, STREAM_PROTOCOL_V3]) assert.ok(supportsResize(p), p);
  for (const p of [STREAM_PROTOCOL_V2, STREAM_PROTOCOL_V1, '']) assert.ok(!supportsResize(p), p);
});

test('v4/v5 status: success and an empty channel are exit code 0', () => {
  for (const p of [STREAM_PROTOCOL_V5, STREAM_PROTOCOL_V4]) {
    assert.deepEqual(decodeErrorChannel(p, json({ metadata: {}, status: 'Success' })), { exitCode: 0 });
    assert.deepEqual(decodeErrorChannel(p, Buffer.alloc(0)), { exitCode: 0 });
  }
});

test('v4/v5 status: NonZeroExitCode with an ExitCode cause is the exit code', () => {
  const status = (code: string) =>
    json({
      metadata: {},
      status: 'Failure',
      message: `command terminated with non-zero exit code: exit status ${code}`,
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: code }] },
    });
  assert.deepEqual(decodeErrorChannel(STREAM_PROTOCOL_V5, status('3')), { exitCode: 3 });
  assert.deepEqual(decodeErrorChannel(STREAM_PROTOCOL_V4, status('255')), { exitCode: 255 });
  assert.throws(() => decodeErrorChannel(STREAM_PROTOCOL_V5, status('256')), /invalid exit code value "256"/);
  assert.throws(() => decodeErrorChannel(STREAM_PROTOCOL_V5, status('x')), RemoteCommandProtocolError);
  assert.throws(
    () => decodeErrorChannel(STREAM_PROTOCOL_V5, json({ status: 'Failure', reason: 'NonZeroExitCode' })),
    /error stream protocol error: details must be set/,
  );
  assert.throws(
    () =>
      decodeErrorChannel(
        STREAM_PROTOCOL_V5,
        json({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'Other' }] } }),
      ),
    /no ExitCode cause given/,
  );
});

test('v4/v5 status: any other failure is a RemoteCommandFailedError carrying the status', () => {
  const message = 'Internal error occurred: error executing command in container: not found';
  let err: unknown;
  try {
    decodeErrorChannel(STREAM_PROTOCOL_V5, json({ status: 'Failure', message, reason: 'InternalError', code: 500 }));
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof RemoteCommandFailedError);
  assert.ok(err instanceof StatusError);
  assert.equal(err.message, message);
  assert.ok(isInternalError(err));
});

test('v4/v5 status: not JSON or an unknown status is a protocol error', () => {
  assert.throws(
    () => decodeErrorChannel(STREAM_PROTOCOL_V5, Buffer.from('oops')),
    /error stream protocol error: .* in "oops"/,
  );
  assert.throws(() => decodeErrorChannel(STREAM_PROTOCOL_V5, json({ status: 'Pending' })), /unknown error/);
  assert.throws(() => decodeErrorChannel(STREAM_PROTOCOL_V5, Buffer.from('null')), RemoteCommandProtocolError);
});

test('older protocols carry plain error text', () => {
  for (const p of [STREAM_PROTOCOL_V3, STREAM_PROTOCOL_V2, STREAM_PROTOCOL_V1]) {
    assert.throws(() => decodeErrorChannel(p, Buffer.from('boom')), /error executing remote command: boom/);
    assert.deepEqual(decodeErrorChannel(p, Buffer.alloc(0)), { exitCode: 0 });
  }
});
