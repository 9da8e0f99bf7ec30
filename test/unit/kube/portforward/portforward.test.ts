// The pure parts of kube/portforward: kubectl's port and address syntax. The texts
// and the whole command are checked against kubectl.1.33 on the cluster (test/integration/kube/portforward).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { joinHostPort, parseAddresses, parsePorts } from '../../../../kube/portforward';

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
