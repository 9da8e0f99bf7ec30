// The fast reader of `kubesense check` reads documents whose only YAML 1.1 surprises are plain null words
// (`creationTimestamp: null`, as kubectl writes it) without the AST, unless a null word can matter: then the
// diagnostics are those of the full reader, warning and quote fix included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { storeFor } from './sharedData';

const deployment = (extra: string): string =>
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  creationTimestamp: null\nspec:\n' +
  '  selector:\n    matchLabels: {app: web}\n' +
  extra +
  '  template:\n    metadata:\n      labels: {app: web}\n      creationTimestamp: null\n' +
  '    spec:\n      containers:\n      - name: web\n        image: nginx\n        resources: {}\nstatus: {}\n';

test('null words where they cannot matter: no AST built, nothing reported, as the full reader says', async () => {
  const store = storeFor('1.35');
  const text = deployment('');
  const fast = parseManifestFile(text, 'd.yaml', { fastValues: true });
  const full = parseManifestFile(text, 'd.yaml');
  assert.deepEqual(await validate(fast, store), await validate(full, store));
  assert.deepEqual(await validate(full, store), []);
  // Still pending after validation: the AST was never needed.
  assert.deepEqual(fast.documents[0].nullValuePaths(), [
    ['metadata', 'creationTimestamp'],
    ['spec', 'template', 'metadata', 'creationTimestamp'],
  ]);
});

test("a null word where the schema takes an int-or-string: the full reader's warning and fix", async () => {
  const store = storeFor('1.35');
  const text = deployment('  strategy:\n    rollingUpdate:\n      maxSurge: ~\n      maxUnavailable: 1\n');
  const fast = parseManifestFile(text, 'd.yaml', { fastValues: true });
  const full = parseManifestFile(text, 'd.yaml');
  const expected = await validate(full, store);
  assert.ok(
    expected.some((d) => d.code === 'yaml11-scalar' && d.fix),
    `the full reader warns: ${JSON.stringify(expected.map((d) => d.message))}`,
  );
  assert.deepEqual(await validate(fast, store), expected);
});
