import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSettings } from '../../../../protocol/settings';

// Editors other than VS Code send the settings under the names package.json declares.
test('dry-run is read under the server name and the declared kubesense.dryRun.enabled', () => {
  const cases: [unknown, boolean][] = [
    [{ kubesense: { dryRun: false } }, false],
    [{ kubesense: { dryRun: { enabled: false } } }, false],
    [{ kubesense: { dryRun: { enabled: true } } }, true],
    [{ kubesense: { 'dryRun.enabled': false } }, false],
    [{ 'kubesense.dryRun.enabled': false }, false],
    [{ dryRun: { enabled: 'no' } }, readSettings({}).dryRun.enabled],
  ];
  for (const [raw, want] of cases) assert.equal(readSettings(raw).dryRun.enabled, want, JSON.stringify(raw));
});

test('declared names crds and manifests are read like crdFiles and manifestFiles', () => {
  const s = readSettings({ kubesense: { crds: ['a/**/*.yaml'], manifests: 'm.yaml' } });
  assert.deepEqual(s.crds, ['a/**/*.yaml']);
  assert.deepEqual(s.manifests, ['m.yaml']);
});
