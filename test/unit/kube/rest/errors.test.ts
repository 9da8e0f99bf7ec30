// Typed errors from the API server's real Failure Status bodies (recorded in ../shared/k8s/manifests/kubectl-validate)
// and client-go's generic errors for bodies that are not a Status.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  StatusError,
  isAlreadyExists,
  isConflict,
  isExpiredOrGone,
  isForbidden,
  isGone,
  isInternalError,
  isInvalid,
  isNotFound,
  isTooManyRequests,
  isUnauthorized,
  newGenericServerResponse,
  type Status,
} from '../../../../kube/rest/errors';
import { sharedK8s } from '../discovery/recordedServer';

function recordedStatuses(): { file: string; status: Status }[] {
  const dir = path.join(sharedK8s(), 'manifests', 'kubectl-validate');
  const out: { file: string; status: Status }[] = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('error_') && n.endsWith('.yaml'))) {
    const comment = fs
      .readFileSync(path.join(dir, f), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('#'))
      .map((l) => l.replace(/^# ?/, ''))
      .join('\n');
    const start = comment.indexOf('{');
    if (start < 0) continue;
    try {
      out.push({ file: f, status: JSON.parse(comment.slice(start)) as Status });
    } catch {
      // comment holds more than one JSON document; not used here
    }
  }
  return out;
}

describe("StatusError from the server's own Failure statuses", () => {
  const statuses = recordedStatuses();
  it('finds the recorded statuses', () => assert.ok(statuses.length >= 5, `only ${statuses.length}`));
  for (const { file, status } of statuses) {
    it(`${file}: reason ${status.reason}, code ${status.code}, message and causes kept`, () => {
      const err = new StatusError(status);
      assert.equal(err.message, status.message);
      assert.equal(err.reason, status.reason);
      assert.equal(err.code, status.code);
      assert.deepEqual(err.causes, status.details?.causes ?? []);
      assert.equal(isInvalid(err), status.reason === 'Invalid');
      assert.equal(isInternalError(err), status.reason === 'InternalError');
      assert.equal(isNotFound(err), false);
    });
  }
});

describe('predicates fall back to the HTTP code only for unknown reasons (client-go)', () => {
  it('unknown reason + 404 is NotFound; a known other reason with 404 is not', () => {
    assert.equal(isNotFound(new StatusError({ status: 'Failure', reason: 'SomethingNew', code: 404 })), true);
    assert.equal(isNotFound(new StatusError({ status: 'Failure', reason: 'Forbidden', code: 404 })), false);
  });
  it('Expired and Gone both mean relist', () => {
    assert.equal(isExpiredOrGone(new StatusError({ status: 'Failure', reason: 'Expired', code: 410 })), true);
    assert.equal(isGone(new StatusError({ status: 'Failure', reason: 'Gone', code: 410 })), true);
  });
});

describe('newGenericServerResponse (no Status body)', () => {
  it('409 on POST is AlreadyExists, otherwise Conflict', () => {
    assert.equal(
      isAlreadyExists(newGenericServerResponse(409, 'POST', { group: '', resource: 'pods' }, 'p', '', 0, true)),
      true,
    );
    assert.equal(
      isConflict(newGenericServerResponse(409, 'PUT', { group: '', resource: 'pods' }, 'p', '', 0, true)),
      true,
    );
  });
  it('messages name verb, resource and name like client-go', () => {
    const e = newGenericServerResponse(
      404,
      'GET',
      { group: 'apps', resource: 'deployments' },
      'web',
      'unknown',
      0,
      true,
    );
    assert.equal(e.message, 'the server could not find the requested resource (get deployments.apps web)');
    assert.deepEqual(e.causes, [{ reason: 'UnexpectedServerResponse', message: 'unknown' }]);
  });
  it('403 keeps the server text; 5xx quotes it', () => {
    assert.equal(
      newGenericServerResponse(403, 'GET', undefined, '', 'forbidden: no', 0, true).message,
      'forbidden: no',
    );
    assert.equal(
      newGenericServerResponse(502, 'GET', undefined, '', 'bad gateway', 0, true).message,
      'an error on the server ("bad gateway") has prevented the request from succeeding',
    );
  });
  it('429 and 401 map to their reasons and keep Retry-After', () => {
    const e = newGenericServerResponse(
      429,
      'GET',
      undefined,
      '',
      'Too many requests, please try again later.',
      3,
      true,
    );
    assert.equal(isTooManyRequests(e), true);
    assert.equal(e.details?.retryAfterSeconds, 3);
    assert.equal(isUnauthorized(newGenericServerResponse(401, 'GET', undefined, '', '', 0, true)), true);
    assert.equal(isForbidden(newGenericServerResponse(401, 'GET', undefined, '', '', 0, true)), false);
  });
});
