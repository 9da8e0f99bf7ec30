// Field names and values that are also names of Object.prototype's members (`constructor`, `toString`, `__proto__`,
// `hasOwnProperty`, ...): a schema declares a field only by its own `properties`, and tables keyed by a value hold
// only their own keys. Each expectation is kube-apiserver 1.35's answer to a dry-run create (fieldValidation=Strict).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { CrdSchemaSource, DirectorySchemaSource, SchemaStore } from '../../../../analysis/schema';
import { validate } from '../../../../analysis/validation';
import { errorMessages, openapiDir, storeFor, widgetCrd } from './sharedData';

const store = storeFor('1.35');

/** The error messages of a document written as JSON text (an object literal cannot hold an own `__proto__`). */
async function errorsOfText(text: string, on: SchemaStore = store): Promise<string[]> {
  const ds = await validate(parseManifestFile(text, 'case.json'), on);
  return ds
    .filter((d) => d.severity === 'error')
    .map((d) => d.message)
    .sort();
}

/** The prototype names as fields of `at`, null-valued and not (null ones are found apart from the schema check). */
const PROTOTYPE_FIELDS =
  '"constructor":null,"toString":null,"__proto__":{"x":1},"hasOwnProperty":"x","valueOf":{"a":null},"isPrototypeOf":[null]';
const UNKNOWN = (at: string) =>
  ['__proto__', 'constructor', 'hasOwnProperty', 'isPrototypeOf', 'toString', 'valueOf'].map(
    (f) => `unknown field "${at}.${f}"`,
  );

test('a built-in kind: fields named as Object.prototype members are unknown fields, null-valued ones too', async () => {
  const deployment = `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"default"},
    "spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},
      "spec":{"containers":[{"name":"c","image":"i","constructor":null,"toString":1}]}},${PROTOTYPE_FIELDS}}}`;
  assert.deepEqual(
    await errorsOfText(deployment),
    [
      ...UNKNOWN('spec'),
      'unknown field "spec.template.spec.containers[0].constructor"',
      'unknown field "spec.template.spec.containers[0].toString"',
    ].sort(),
  );
});

function crdStore(crd: string): SchemaStore {
  const crds = new CrdSchemaSource();
  crds.setText('crd.yaml', crd);
  return new SchemaStore([crds as never, new DirectorySchemaSource(openapiDir('1.35'))]);
}

test('a custom resource: undeclared fields named as Object.prototype members are unknown fields', async () => {
  const crd = widgetCrd(`            type: object
            properties:
              size: {type: integer}
              items:
                type: array
                items: {type: object, properties: {name: {type: string}}}`);
  const widget = `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"default"},
    "spec":{"size":1,"items":[{"name":"a","constructor":null,"toString":1}],${PROTOTYPE_FIELDS}}}`;
  assert.deepEqual(
    await errorsOfText(widget, crdStore(crd)),
    [...UNKNOWN('spec'), 'unknown field "spec.items[0].constructor"', 'unknown field "spec.items[0].toString"'].sort(),
  );
});

test('a custom resource: declared fields named as Object.prototype members are defaulted and typed as declared', async () => {
  const crd = widgetCrd(`            type: object
            x-kubernetes-validations:
            - rule: self.constructor == "z"
            properties:
              constructor: {type: string, default: "x"}
              toString:
                type: object
                properties:
                  valueOf: {type: string}`);
  // The default applies (the rule sees "x"); an absent toString is absent, not Object.prototype.toString.
  assert.deepEqual(
    await errorsOfText(
      '{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"default"},"spec":{}}',
      crdStore(crd),
    ),
    ['spec: Invalid value: failed rule: self.constructor == "z"'],
  );
});

test('a custom resource naming an Object.prototype member only deep down: absent there is absent, required is required', async () => {
  // Validators test fields as own keys only where a kind's schema names such a member (schemaValidator.ts): the
  // name is looked for at every depth, in properties and in required.
  const crd = widgetCrd(`            type: object
            properties:
              items:
                type: array
                items:
                  type: object
                  required: [name, valueOf]
                  properties:
                    name: {type: string}
                    valueOf: {type: string}
                    nested: {type: object, properties: {hasOwnProperty: {type: integer}}}`);
  const widget = (item: string) =>
    `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"default"},"spec":{"items":[${item}]}}`;
  assert.deepEqual(await errorsOfText(widget('{"name":"a","valueOf":"v","nested":{}}'), crdStore(crd)), []);
  assert.deepEqual(await errorsOfText(widget('{"name":"a","nested":{}}'), crdStore(crd)), [
    'spec.items[0].valueOf: Required value',
  ]);
  assert.deepEqual(
    await errorsOfText(widget('{"name":"a","valueOf":1,"nested":{"hasOwnProperty":"x"}}'), crdStore(crd)),
    [
      'spec.items[0].nested.hasOwnProperty: Invalid value: "string": spec.items[0].nested.hasOwnProperty in body must be of type integer: "string"',
      'spec.items[0].valueOf: Invalid value: "integer": spec.items[0].valueOf in body must be of type string: "integer"',
    ],
  );
});

test("a CRD default must hold the object's required fields, toString included", async () => {
  const crd = widgetCrd(`            type: object
            properties:
              toString:
                type: object
                default: {}
                required: [valueOf]
                properties:
                  valueOf: {type: string}`);
  assert.deepEqual(await errorsOfText(crd), [
    'spec.validation.openAPIV3Schema.properties[spec].properties[toString].default.valueOf: Required value',
  ]);
});

test('values named as Object.prototype members: an enum value, ConfigMap keys, a Secret type', async () => {
  const errors = (o: unknown) => errorMessages(store, o);
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      containers: [{ name: 'c', image: 'i' }],
      tolerations: [{ key: 'k', operator: 'toString', effect: 'NoSchedule' }],
    },
  };
  assert.deepEqual(await errors(pod), [
    'spec.tolerations[0].operator: Unsupported value: "toString": supported values: "Equal", "Exists"',
  ]);
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'default' },
    data: { constructor: 'x', toString: 'y' },
    binaryData: { a: 'eA==' },
  };
  assert.deepEqual(await errors(configMap), []);
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'default' },
    type: 'constructor',
    data: { a: 'eA==' },
  };
  assert.deepEqual(await errors(secret), []);
});
