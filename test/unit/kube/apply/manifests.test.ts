// kube/apply's manifest reader: kubectl's document splitting, Go YAML values, List flattening, errors by source.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyBody, conflictsOf, readManifests, splitYamlDocuments } from '../../../../kube/apply';
import { StatusError } from '../../../../kube/rest/errors';

describe('readManifests', () => {
  test('splits on --- lines (with or without a comment), skips empty documents, keeps first lines', () => {
    const text = [
      '# leading comment',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      '--- # second',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: b}',
      'data: {text: "--- not a separator"}',
      '---x',
      '',
    ].join('\n');
    assert.deepEqual(
      splitYamlDocuments(text).map((d) => d.line),
      [0, 5, 6],
    );
    const objects = readManifests(text.replace('---x', '---'), 'f.yaml');
    assert.deepEqual(
      objects.map((o) => [o.object.metadata?.name, o.documentIndex, o.line, o.source]),
      [
        ['a', 0, 0, 'f.yaml'],
        ['b', 2, 6, 'f.yaml'],
      ],
    );
  });

  test("YAML 1.1 values as Go reads them, and a List's items as separate objects", () => {
    const [list0, list1] = readManifests(
      'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: cm-x}, data: {on: yes, mode: "yes"}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: cm-y}}\n',
      'STDIN',
    );
    assert.equal(list0?.object.metadata?.name, 'cm-x');
    // yaml.v2 reads the key `on` as the boolean true (sigs.k8s.io/yaml makes it "true"); quoted stays a string.
    assert.deepEqual(list0?.object.data, { true: true, mode: 'yes' });
    assert.equal(list1?.object.metadata?.name, 'cm-y');
  });

  test('integers beyond 2^53 go to the server digit for digit', () => {
    const [o] = readManifests('apiVersion: v1\nkind: X\nmetadata: {name: big}\nspec: {big: 9007199254740993}\n', 'f');
    assert.match(applyBody(o!.object), /"big":9007199254740993\}/);
  });

  test('a document without kind is refused with its source named', () => {
    assert.throws(
      () => readManifests('apiVersion: v1\nmetadata: {name: a}\n', 'dir/a.yaml'),
      /"dir\/a\.yaml": Object 'Kind' is missing/,
    );
  });
});

describe('conflictsOf', () => {
  test('reads managers, subresources and fields from FieldManagerConflict causes', () => {
    const err = new StatusError({
      code: 409,
      reason: 'Conflict',
      message: 'Apply failed with 2 conflicts: ...',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl" with subresource "scale" using apps/v1',
            field: '.spec.replicas',
          },
          { reason: 'FieldManagerConflict', message: 'conflict with "helm \\"x\\""', field: '.data.a' },
        ],
      },
    });
    assert.deepEqual(conflictsOf(err), [
      { manager: 'kubectl', subresource: 'scale', apiVersion: 'apps/v1', field: '.spec.replicas' },
      { manager: 'helm "x"', subresource: undefined, apiVersion: undefined, field: '.data.a' },
    ]);
    assert.equal(conflictsOf(new StatusError({ code: 409, reason: 'AlreadyExists', message: 'exists' })), undefined);
  });
});
