// The pure parts of kube/portforward: kubectl's port and address syntax and its choice of pod. The texts
// and the whole command are checked against kubectl.1.33 on the cluster (test/integration/portforward).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { joinHostPort, mostActivePod, parseAddresses, parsePorts } from '../../../kube/portforward';

describe('parsePorts (client-go parsePorts)', () => {
  test('LOCAL:REMOTE, REMOTE, and :REMOTE for a free port', () => {
    assert.deepEqual(parsePorts(['8080:80', '9000', ':5432']), [
      { local: 8080, remote: 80 },
      { local: 9000, remote: 9000 },
      { local: 0, remote: 5432 },
    ]);
  });
  test("Go's error texts", () => {
    assert.throws(() => parsePorts(['1:2:3']), /^Error: invalid port format '1:2:3'$/);
    assert.throws(
      () => parsePorts(['x:80']),
      /error parsing local port 'x': strconv.ParseUint: parsing "x": invalid syntax/,
    );
    assert.throws(
      () => parsePorts(['80:y']),
      /error parsing remote port 'y': strconv.ParseUint: parsing "y": invalid syntax/,
    );
    assert.throws(() => parsePorts(['65536']), /parsing "65536": value out of range/);
    assert.throws(() => parsePorts(['8080:0']), /^Error: remote port must be > 0$/);
  });
});

describe('parseAddresses (client-go parseAddresses)', () => {
  test('localhost is both loopbacks, sorted as strings, duplicates once', () => {
    assert.deepEqual(
      parseAddresses(['localhost', '127.0.0.1', '0.0.0.0']).map((a) => [a.address, a.family, a.failureMode]),
      [
        ['0.0.0.0', 4, 'any'],
        ['127.0.0.1', 4, 'any'],
        ['::1', 6, 'all'],
      ],
    );
    assert.throws(() => parseAddresses(['example.com']), /^Error: example.com is not a valid IP$/);
    assert.equal(joinHostPort('::1', 80), '[::1]:80');
  });
});

describe('mostActivePod (reversed controller.ActivePods, as kubectl GetFirstPod)', () => {
  const pod = (
    name: string,
    o: { node?: string; phase?: string; ready?: string; restarts?: number; created?: string },
  ) => ({
    metadata: { name, creationTimestamp: o.created ?? '2026-12-01T00:00:00Z' },
    spec: { nodeName: o.node ?? 'n1' },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: o.ready }] : [],
      containerStatuses: [{ restartCount: o.restarts ?? 0 }],
    },
  });
  test('assigned > unassigned, Running > Pending, ready > not, ready longer, fewer restarts, older', () => {
    const pick = (...pods: ReturnType<typeof pod>[]) => mostActivePod(pods)?.metadata.name;
    assert.equal(pick(pod('a', { node: '' }), pod('b', {})), 'b');
    assert.equal(pick(pod('a', { phase: 'Pending' }), pod('b', {})), 'b');
    assert.equal(pick(pod('a', {}), pod('b', { ready: '2026-12-01T00:00:00Z' })), 'b');
    assert.equal(pick(pod('a', { ready: '2026-12-02T00:00:00Z' }), pod('b', { ready: '2026-12-01T00:00:00Z' })), 'b');
    assert.equal(pick(pod('a', { restarts: 3 }), pod('b', { restarts: 1 })), 'b');
    assert.equal(
      pick(pod('a', { created: '2026-12-03T00:00:00Z' }), pod('b', { created: '2026-12-02T00:00:00Z' })),
      'b',
    );
    assert.equal(mostActivePod([]), undefined);
  });
});
