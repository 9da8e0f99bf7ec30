// A file's documents are validated kind by kind (validate.ts: one validator hot at a time), yet each document's
// diagnostics must be exactly those it gets validated on its own, reported in document order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate, type KubeDiagnostic } from '../../../../analysis/validation';
import { listFiles, sharedK8s, storeFor } from './sharedData';
import { prng } from '../../seeded';

/** The notes on objects defined twice in a file: made for the whole file whichever documents are validated. */
const sameObjectTwice = (d: KubeDiagnostic) => d.code === 'duplicate' && d.severity === 'information';

test('documents taken by kind: the diagnostics of each validated alone, in document order', async () => {
  const store = storeFor('1.35');
  // Real objects, valid (the corpus) and not (kubectl-validate's cases), half and half, shuffled into files of a dozen.
  const pools: string[][] = [];
  for (const dir of ['corpus', 'manifests/kubectl-validate']) {
    const pool: string[] = [];
    for (const name of listFiles(path.join(sharedK8s, dir), (f) => /\.ya?ml$/.test(f)))
      for (const doc of parseManifestFile(fs.readFileSync(name, 'utf8'), name).documents)
        if (doc.role === 'object') pool.push(doc.source.replace(/^---[^\n]*\n/, '').replace(/\n*$/, '\n'));
    pools.push(pool);
  }
  const next = prng(2026);
  const random = (n: number): number => Math.floor(next() * n);
  let diagnostics = 0;
  let kinds = 0;
  for (let round = 0; round < 15; round++) {
    const pick = (pool: string[]) => pool[random(pool.length)];
    const text = Array.from({ length: 12 }, () => pick(pools[random(2)])).join('---\n');
    const file = parseManifestFile(text, `mixed-${round}.yaml`, { fastValues: true });
    const whole = (await validate(file, store)).filter((d) => !sameObjectTwice(d));
    const alone: KubeDiagnostic[] = [];
    for (const doc of file.documents)
      alone.push(...(await validate(file, store, { documentIndexes: [doc.index] })).filter((d) => !sameObjectTwice(d)));
    assert.deepEqual(whole, alone, text);
    diagnostics += whole.length;
    kinds += new Set(whole.map((d) => file.documents[d.documentIndex].kind)).size;
  }
  // Most files hold problems of several kinds (whose order the kind-by-kind walk changes).
  assert.ok(diagnostics > 40 && kinds > 25, `${diagnostics} diagnostics of ${kinds} kinds compared`);
});

test('documents taken by kind: a file of mixed kinds with problems in several of them', async () => {
  const store = storeFor('1.35');
  const text = [
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: -1, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}}\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\ndata: {k: 1}\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: e}\nspec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: c}}, spec: {containers: []}}}\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n',
  ].join('---\n');
  const file = parseManifestFile(text, 'mixed.yaml', { fastValues: true });
  const diagnostics = await validate(file, store);
  const order = diagnostics.filter((d) => !sameObjectTwice(d)).map((d) => d.documentIndex);
  assert.deepEqual(
    order,
    [...order].sort((a, b) => a - b),
  );
  assert.deepEqual(new Set(order), new Set([0, 1, 2, 3, 4]));
  // The note on the second Bad_Name comes last, as before (after every document's own diagnostics).
  assert.equal(diagnostics[diagnostics.length - 1].code, 'duplicate');
  assert.equal(diagnostics[diagnostics.length - 1].documentIndex, 4);
});

test('the same object twice: same group (any version), kind, namespace ("default" as none) and name', async () => {
  const store = storeFor('1.35');
  const obj = (apiVersion: string, kind: string, ns?: string) =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n${ns ? `  namespace: ${ns}\n` : ''}`;
  const notes = async (...docs: string[]) =>
    (await validate(parseManifestFile(docs.join('---\n'), 'twice.yaml', { fastValues: true }), store))
      .filter(sameObjectTwice)
      .map((d) => `${d.range.start.line}: ${d.message}`);
  assert.deepEqual(await notes(obj('apps/v1', 'Deployment'), obj('apps/v1beta2', 'Deployment', 'default')), [
    '8: metadata.name: Duplicate value: "x": Deployment "x" is already defined at line 1 of this file (the last one wins)',
  ]);
  // The third is the first's twin (the second is another object): its note names the first. (Lines from 0.)
  assert.deepEqual(await notes(obj('v1', 'ConfigMap', 'a'), obj('v1', 'ConfigMap', 'b'), obj('v1', 'ConfigMap', 'a')), [
    '15: metadata.name: Duplicate value: "x": ConfigMap "x" in namespace "a" is already defined at line 1 of this file (the last one wins)',
  ]);
  // Group and kind are compared as they are, not as one joined text (`a` + `b|c` against `a|b` + `c`).
  assert.deepEqual(await notes(obj('a/v1', 'b|c'), obj('a|b/v1', 'c')), []);
  assert.deepEqual(await notes(obj('v1', 'Secret'), obj('apps/v1', 'Secret'), obj('v1', 'ConfigMap')), []);
});
