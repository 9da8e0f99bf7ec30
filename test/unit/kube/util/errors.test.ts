// errorMessage/errorStack: the text of anything thrown, as the inline copies they replace produced it.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorMessage, errorStack } from '../../../../kube/util/errors';

test('errorMessage: an Error gives its message, anything else is stringified', () => {
  assert.equal(errorMessage(new TypeError('bad input')), 'bad input');
  assert.equal(errorMessage('plain string'), 'plain string');
  assert.equal(errorMessage(42), '42');
  assert.equal(errorMessage(undefined), 'undefined');
});

test('errorStack: an Error gives its stack, or its message without one; anything else is stringified', () => {
  const e = new Error('boom');
  assert.equal(errorStack(e), e.stack);
  const bare = new Error('no stack');
  bare.stack = undefined;
  assert.equal(errorStack(bare), 'no stack');
  assert.equal(errorStack({ toString: () => 'custom' }), 'custom');
});
