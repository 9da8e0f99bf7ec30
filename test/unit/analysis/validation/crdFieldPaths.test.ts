// The paths a CRD names inside its own schema — a CEL rule's fieldPath, a selectable field's jsonPath — read as
// apiextensions-apiserver's cel.ValidFieldPath reads them (crd/fieldPath.ts). Every expected message is
// kube-apiserver 1.35's answer to the same CRD (server-side dry-run create, strict), recorded while probing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { storeFor } from './sharedData';

type Obj = Record<string, unknown>;
const store = storeFor('1.35');

const SPEC_PROPERTIES: Obj = {
  a: { type: 'string' },
  n: { type: 'number' },
  i: { type: 'integer' },
  b: { type: 'boolean' },
  o: { type: 'object' },
  e: { type: 'object' },
  list: { type: 'array', items: { type: 'object', properties: { b: { type: 'string' } } } },
  m: { type: 'object', additionalProperties: { type: 'string' } },
  p: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
};

function schema(extra: Obj = {}, rules?: Obj[]): Obj {
  const spec: Obj = { type: 'object', properties: { ...SPEC_PROPERTIES, ...extra } };
  if (rules) spec['x-kubernetes-validations'] = rules;
  return { openAPIV3Schema: { type: 'object', properties: { spec } } };
}

function crd(versions: Obj[]): Obj {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions },
  };
}

function version(name: string, storage: boolean, extra: Obj = {}): Obj {
  return { name, served: true, storage, schema: schema(), ...extra };
}

async function errors(o: Obj): Promise<string[]> {
  const ds = await validate(parseManifestFile(JSON.stringify(o, null, 2), 'crd.json'), store);
  return ds.filter((d) => d.severity === 'error').map((d) => d.message);
}

const RULE = 'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0]';

test("a CEL rule's fieldPath: Go's tokens (no trimming, no list index, no step into preserved fields)", async () => {
  const invalid = [' .a', '.a ', '[0]', '.list[0]', '.p.x', '.e.x', "[ 'a' ]", 'a', '.', '.a.', '..a', '.a.b'];
  const valid = ['.a', "['a']", '.m.x', ".m['x']", '.e'];
  for (const fieldPath of invalid)
    assert.deepEqual(
      await errors(crd([version('v1', true, { schema: schema({}, [{ rule: 'true', fieldPath }]) })])),
      [`${RULE}.fieldPath: Invalid value: ${JSON.stringify(fieldPath)}: must be a valid path`],
      fieldPath,
    );
  for (const fieldPath of valid)
    assert.deepEqual(
      await errors(crd([version('v1', true, { schema: schema({}, [{ rule: 'true', fieldPath }]) })])),
      [],
      fieldPath,
    );
});

test("a rule's blank message or fieldPath: the server's words", async () => {
  assert.deepEqual(await errors(crd([version('v1', true, { schema: schema({}, [{ rule: 'true', message: ' ' }]) })])), [
    `${RULE}.message: Invalid value: " ": must be non-empty if specified`,
  ]);
  assert.deepEqual(
    await errors(crd([version('v1', true, { schema: schema({}, [{ rule: 'true', fieldPath: ' ' }]) })])),
    [
      `${RULE}.fieldPath: Invalid value: " ": must be non-empty if specified`,
      `${RULE}.fieldPath: Invalid value: " ": must be a valid path`,
    ],
  );
});

test('selectableFields: declared string, boolean or integer fields outside metadata, at most 8, each once', async () => {
  const sel = (...paths: string[]) => ({ selectableFields: paths.map((jsonPath) => ({ jsonPath })) });
  const typeDetail =
    'must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.';
  const cases: [Obj[], string[]][] = [
    [[version('v1', true, sel('.spec.a'))], []],
    [[version('v1', true, sel('.spec.m.k'))], []],
    [
      [version('v1', true, sel('.spec.n'))],
      [`spec.selectableFields[0].jsonPath: Invalid value: ".spec.n": ${typeDetail}`],
    ],
    [
      [version('v1', true, sel('.spec.o'))],
      [`spec.selectableFields[0].jsonPath: Invalid value: ".spec.o": ${typeDetail}`],
    ],
    [
      [version('v1', true, sel('.spec.x'))],
      [
        'spec.selectableFields[0].jsonPath: Invalid value: ".spec.x": is an invalid path: does not refer to a valid field',
      ],
    ],
    [
      [version('v1', true, sel(".spec['a']"))],
      [
        'spec.selectableFields[0].jsonPath: Invalid value: ".spec[\'a\']": is an invalid path: array notation is not allowed',
      ],
    ],
    [
      [version('v1', true, sel('spec.a'))],
      ['spec.selectableFields[0].jsonPath: Invalid value: "spec.a": is an invalid path: expected [ or . but got: spec'],
    ],
    [[version('v1', true, sel(''))], ['spec.selectableFields[0].jsonPath: Required value']],
    [
      [version('v1', true, sel('.spec.a', '.spec.a'))],
      ['spec.selectableFields[1].jsonPath: Duplicate value: ".spec.a"'],
    ],
    [
      [
        version(
          'v1',
          true,
          sel(...['a', 'i', 'b', 'm.k1', 'm.k2', 'm.k3', 'm.k4', 'm.k5', 'm.k6'].map((x) => `.spec.${x}`)),
        ),
      ],
      ['spec.selectableFields: Too many: 9: must have at most 8 items'],
    ],
    // Versions with the same schema but different selectable fields: the schema moves to spec.validation, the
    // fields stay per version, where the server finds no schema.
    [
      [version('v1', true, sel('.spec.a')), version('v2', false, sel('.spec.b'))],
      [
        'spec.versions[0].selectableFields: Invalid value: "": may only be set when `version.schema.openAPIV3Schema` is not included',
        'spec.versions[1].selectableFields: Invalid value: "": may only be set when `version.schema.openAPIV3Schema` is not included',
      ],
    ],
    [
      [
        version('v1', true, sel('.spec.x')),
        version('v2', false, { ...sel('.spec.b'), schema: schema({ z: { type: 'string' } }) }),
      ],
      [
        'spec.versions[0].selectableFields[0].jsonPath: Invalid value: ".spec.x": is an invalid path: does not refer to a valid field',
      ],
    ],
    [
      [version('v1', true, sel('.spec.n')), version('v2', false, sel('.spec.n'))],
      [`spec.selectableFields[0].jsonPath: Invalid value: ".spec.n": ${typeDetail}`],
    ],
    [[version('v1', true, { selectableFields: [] }), version('v2', false)], []],
  ];
  for (const [versions, expected] of cases)
    assert.deepEqual(await errors(crd(versions)), expected, JSON.stringify(versions.map((v) => v.selectableFields)));
});
