// compareKubeVersions remembers each version it parses (it runs once per validated object): the answers must be
// those of comparing the texts, whatever was asked before, and however many versions were asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareKubeVersions } from '../../../../analysis/validation/deprecations';

const sign = (n: number) => Math.sign(n);

test('minor versions compare numerically; a leading v and patch parts are ignored', () => {
  assert.equal(sign(compareKubeVersions('1.35', '1.9')), 1);
  assert.equal(sign(compareKubeVersions('1.9', '1.35')), -1);
  assert.equal(compareKubeVersions('v1.27', '1.27.3'), 0);
  assert.equal(sign(compareKubeVersions('2.0', '1.99')), 1);
  assert.equal(compareKubeVersions('1', '1.0'), 0);
  assert.equal(sign(compareKubeVersions('', '1.0')), -1);
});

test('a remembered version answers per version, not per pair asked before', () => {
  // The same left side against different right sides, and each side in both positions.
  assert.equal(sign(compareKubeVersions('1.30', '1.29')), 1);
  assert.equal(sign(compareKubeVersions('1.30', '1.31')), -1);
  assert.equal(compareKubeVersions('1.30', '1.30'), 0);
  assert.equal(sign(compareKubeVersions('1.31', '1.30')), 1);
  assert.equal(sign(compareKubeVersions('1.29', '1.30')), -1);
});

test('answers stay right past the number of versions remembered', () => {
  for (let round = 0; round < 2; round++)
    for (let minor = 0; minor < 200; minor++) {
      assert.equal(sign(compareKubeVersions(`1.${minor}`, '1.100')), sign(minor - 100), `1.${minor}`);
      assert.equal(sign(compareKubeVersions(`v1.${minor}.7`, `1.${minor + 1}`)), -1, `v1.${minor}.7`);
    }
});
