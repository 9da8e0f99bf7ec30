import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matches, type FaultRule } from '../../../../cluster/faults/rules';
import { syntheticResponse } from '../../../../cluster/faults/responses';

const fault = { type: 'delay', ms: 0 } as const;
const q = (s: string) => new URLSearchParams(s);

test('a rule without conditions matches every request', () => {
  assert.equal(matches({ fault }, 'DELETE', '/api/v1/namespaces/x', q('')), true);
});

test('method matching ignores case', () => {
  const rule: FaultRule = { method: 'get', fault };
  assert.equal(matches(rule, 'GET', '/api', q('')), true);
  assert.equal(matches(rule, 'POST', '/api', q('')), false);
});

test('a string path is exact, a RegExp path is a pattern', () => {
  assert.equal(matches({ path: '/api/v1/pods', fault }, 'GET', '/api/v1/pods', q('')), true);
  assert.equal(matches({ path: '/api/v1/pods', fault }, 'GET', '/api/v1/pods/x', q('')), false);
  assert.equal(matches({ path: /\/pods$/, fault }, 'GET', '/api/v1/namespaces/a/pods', q('')), true);
  assert.equal(matches({ path: /\/pods$/, fault }, 'GET', '/api/v1/namespaces/a/pods/x', q('')), false);
});

test('query conditions: exact value, pattern, or presence', () => {
  assert.equal(matches({ query: { watch: 'true' }, fault }, 'GET', '/p', q('watch=true&resourceVersion=5')), true);
  assert.equal(matches({ query: { watch: 'true' }, fault }, 'GET', '/p', q('watch=1')), false);
  assert.equal(matches({ query: { watch: /^(true|1)$/ }, fault }, 'GET', '/p', q('watch=1')), true);
  assert.equal(matches({ query: { continue: true }, fault }, 'GET', '/p', q('limit=1&continue=abc')), true);
  assert.equal(matches({ query: { continue: true }, fault }, 'GET', '/p', q('limit=1')), false);
});

test('429 defaults to the priority-and-fairness filter’s plain-text reply', () => {
  const res = syntheticResponse({ code: 429, retryAfterSeconds: 2 });
  assert.equal(res.status, 429);
  assert.equal(res.headers['Retry-After'], '2');
  assert.equal(res.headers['Content-Type'], 'text/plain; charset=utf-8');
  assert.equal(res.body, 'Too many requests, please try again later.\n');
});

test('429 as a Status carries retryAfterSeconds in details, as NewTooManyRequests does', () => {
  const res = syntheticResponse({ code: 429, retryAfterSeconds: 4, body: 'status' });
  const status = JSON.parse(res.body);
  assert.equal(status.reason, 'TooManyRequests');
  assert.deepEqual(status.details, { retryAfterSeconds: 4 });
  assert.equal(status.code, 429);
});

test('500 is shaped as NewInternalError, 503 as NewServiceUnavailable', () => {
  const internal = JSON.parse(syntheticResponse({ code: 500, message: 'boom' }).body);
  assert.deepEqual(internal, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Internal error occurred: boom',
    reason: 'InternalError',
    details: { causes: [{ message: 'boom' }] },
    code: 500,
  });
  const unavailable = syntheticResponse({ code: 503, retryAfterSeconds: 1 });
  assert.equal(unavailable.headers['Retry-After'], '1');
  assert.equal(JSON.parse(unavailable.body).reason, 'ServiceUnavailable');
  assert.equal('Retry-After' in syntheticResponse({ code: 503 }).headers, false);
});
