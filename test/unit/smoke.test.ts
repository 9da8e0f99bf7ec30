import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../cli/main';

test('unknown CLI command exits 1', async () => {
  assert.equal(await main(['nope']), 1);
});
