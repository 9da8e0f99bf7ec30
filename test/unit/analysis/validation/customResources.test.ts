// Custom resources (CEL rules, pruning, metadata) validated offline from a CRD file, reduced by hand from differences with the real
// kube-apiserver 1.35 that test/cluster/widerCrdCorpus.ts found on real projects' CRDs (each expectation is the
// server's verdict on the same CRD and object).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { CrdSchemaSource, DirectorySchemaSource, SchemaStore } from '../../../../analysis/schema';
import { validate } from '../../../../analysis/validation';
import { openapiDir, widgetCrd } from './sharedData';

async function errors(crd: string, object: string): Promise<string[]> {
  const crds = new CrdSchemaSource();
  crds.setText('crd.yaml', crd);
  const store = new SchemaStore([crds as never, new DirectorySchemaSource(openapiDir('1.35'))]);
  const ownCrd = (await validate(parseManifestFile(crd, 'crd.yaml'), store)).filter((d) => d.severity === 'error');
  const found = (await validate(parseManifestFile(object, 'widget.yaml'), store)).filter((d) => d.severity === 'error');
  return [...ownCrd, ...found].map((d) => d.message);
}

const WIDGET = (spec: string) => `apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: default}
spec: ${spec}
`;

test('has() on a field of an indexed or computed operand (cel-go accepts any operand before the field)', async () => {
  const crd = widgetCrd(`            type: object
            x-kubernetes-validations:
            - rule: "size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path == '/'"
              message: a single match's path must be /
            properties:
              matches:
                type: array
                maxItems: 8
                items:
                  type: object
                  properties:
                    path: {type: string, maxLength: 64}`);
  assert.deepEqual(await errors(crd, WIDGET('{matches: [{path: /}]}')), []);
  assert.deepEqual(await errors(crd, WIDGET('{matches: [{}]}')), []);
  assert.deepEqual(await errors(crd, WIDGET('{matches: [{path: /a}]}')), [
    "spec: Invalid value: a single match's path must be /",
  ]);
});

test('an object schema without properties keeps no field (pruned; strict validation names each unknown)', async () => {
  const crd = widgetCrd(`            type: object
            properties:
              resources:
                type: array
                items: {type: object}
              template:
                type: object
                properties:
                  metadata: {type: object}
              free:
                type: object
                x-kubernetes-preserve-unknown-fields: true
              labels:
                type: object
                additionalProperties: {type: string}`);
  assert.deepEqual(
    await errors(
      crd,
      WIDGET('{resources: [{kind: A}], template: {metadata: {labels: {a: b}}}, free: {x: 1}, labels: {a: b}}'),
    ),
    ['unknown field "spec.resources[0].kind"', 'unknown field "spec.template.metadata.labels"'],
  );
  assert.deepEqual(await errors(crd, WIDGET('{resources: [{}], template: {metadata: {}}}')), []);
});

test("a custom resource's ownerReferences as ObjectMeta's Go validation checks them", async () => {
  const crd = widgetCrd('            type: object');
  const owned = (refs: string) => `apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: default, ownerReferences: ${refs}}
`;
  assert.deepEqual(await errors(crd, owned('[{apiVersion: v1, kind: Pod, name: p}]')), [
    'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
  ]);
  assert.deepEqual(await errors(crd, owned('[{apiVersion: a/b/c, kind: Pod, name: p, uid: x}]')), [
    'metadata.ownerReferences.apiVersion: Invalid value: "a/b/c": version must not be empty',
  ]);
  const twoControllers =
    '[{apiVersion: v1, kind: Pod, name: p, uid: x, controller: true}, {apiVersion: v1, kind: Pod, name: q, uid: u2, controller: true}]';
  const found = await errors(crd, owned(twoControllers));
  assert.equal(found.length, 1);
  assert.match(
    found[0],
    /Only one reference can have Controller set to true. Found "true" in references for Pod\/p and Pod\/q$/,
  );
  // the same uid twice: accepted by the server (ObjectMeta is Go-typed; its list-map keys are not enforced)
  assert.deepEqual(
    await errors(
      crd,
      owned('[{apiVersion: v1, kind: Pod, name: p, uid: x}, {apiVersion: v1, kind: Pod, name: q, uid: x}]'),
    ),
    [],
  );
});

test("an embedded resource's metadata holds ObjectMeta's fields only", async () => {
  const crd = widgetCrd(`            type: object
            properties:
              embedded:
                type: object
                x-kubernetes-embedded-resource: true
                properties:
                  spec: {type: object, x-kubernetes-preserve-unknown-fields: true}`);
  assert.deepEqual(
    await errors(crd, WIDGET('{embedded: {apiVersion: v1, kind: X, metadata: {name: x, labels: {a: b}, foo: 1}}}')),
    ['unknown field "spec.embedded.metadata.foo"'],
  );
});

test('an unknown field is named by its keys joined with dots, whatever characters a key holds', async () => {
  const crd = widgetCrd(`            type: object
            properties:
              status: {type: object, properties: {ready: {type: boolean}}}`);
  const file = parseManifestFile(WIDGET('{status: {"(conditions[?type == \'X\'])": {a: 1}, ready: true}}'), 'w.yaml');
  const crds = new CrdSchemaSource();
  crds.setText('crd.yaml', crd);
  const store = new SchemaStore([crds as never, new DirectorySchemaSource(openapiDir('1.35'))]);
  const found = (await validate(file, store)).filter((d) => d.severity === 'error');
  assert.deepEqual(
    found.map((d) => [d.field, d.message]),
    [["spec.status.(conditions[?type == 'X'])", `unknown field "spec.status.(conditions[?type == 'X'])"`]],
  );
});

test("`||` and `&&` whose operands both fail report the first one's error, as cel-go does", async () => {
  // gateway-api's Gateway TLS rule: `size(self.certificateRefs) > 0 || size(self.options) > 0`, neither set.
  const rule = (r: string) => `            type: object
            x-kubernetes-validations:
            - {rule: "${r}", message: nope}
            properties:
              a: {type: string, maxLength: 8}
              b: {type: string, maxLength: 8}
              c: {type: string, maxLength: 8}`;
  const noSuchKey = (k: string) => `spec: Invalid value: "object": no such key: ${k} evaluating rule: nope`;
  const or = widgetCrd(rule('size(self.a) > 0 || size(self.b) > 0'));
  assert.deepEqual(await errors(or, WIDGET('{}')), [noSuchKey('a')]);
  const and = widgetCrd(rule("self.a == 'x' && self.b == 'y'"));
  assert.deepEqual(await errors(and, WIDGET('{}')), [noSuchKey('a')]);
  assert.deepEqual(await errors(and, WIDGET('{b: "y"}')), [noSuchKey('a')]);
  assert.deepEqual(await errors(and, WIDGET('{a: "x"}')), [noSuchKey('b')]);
  // A deciding operand wins over the other's error.
  assert.deepEqual(await errors(and, WIDGET('{b: "n"}')), ['spec: Invalid value: nope']);
  assert.deepEqual(await errors(widgetCrd(rule("self.a == 'x' || self.b == ''")), WIDGET('{b: ""}')), []);
  const chain = widgetCrd(rule("self.a == 'x' || self.b == 'y' || self.c == 'z'"));
  assert.deepEqual(await errors(chain, WIDGET('{c: "q"}')), [noSuchKey('a')]);
  assert.deepEqual(await errors(chain, WIDGET('{b: "q"}')), [noSuchKey('a')]);
});

test('a status subresource: create deletes status before validating, only its unknown fields are refused', async () => {
  // istio's copies of gateway-api's HTTPRoute/GRPCRoute with a status lacking `controllerName`: accepted.
  const crd = widgetCrd(`            type: object
            properties:
              a: {type: string}
          status:
            type: object
            required: [phase]
            x-kubernetes-validations:
            - {rule: "self.count < 3", message: small count}
            properties:
              phase: {type: string, enum: [Ready]}
              count: {type: integer}
        x-kubernetes-validations:
        - {rule: "!has(self.status)", message: status is gone}
    subresources: {status: {}}`);
  const widget = (status: string) => `${WIDGET('{a: "x"}')}status: ${status}\n`;
  assert.deepEqual(await errors(crd, widget('{count: 5, phase: "Nope"}')), []);
  assert.deepEqual(await errors(crd, widget('"text"')), []);
  assert.deepEqual(await errors(crd, widget('{phase: "Ready", foo: 1}')), ['unknown field "status.foo"']);
  // Without the subresource status is validated like spec.
  const plain = crd
    .replace('    subresources: {status: {}}\n', '')
    .replace(/ {8}x-kubernetes-validations:\n.*gone}\n/, '');
  assert.deepEqual(await errors(plain, widget('{count: 1, phase: "Nope"}')), [
    'status.phase: Unsupported value: "Nope": supported values: "Ready"',
    '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
  ]);
});

test('a CRD rule with fields of the wrong type (message: no, a mapping of rules) is a CRD error, not a crash of its custom resources', async () => {
  const crd = widgetCrd(`            type: object
            x-kubernetes-validations:
            - rule: self.size > 1
              message: no
              messageExpression: 12
              reason: 7
              fieldPath: 3
            properties:
              size: {type: integer}
              inner:
                type: object
                x-kubernetes-validations:
                  rule: self.x == 1
                properties:
                  x: {type: integer}`);
  const crds = new CrdSchemaSource();
  crds.setText('crd.yaml', crd);
  const store = new SchemaStore([crds as never, new DirectorySchemaSource(openapiDir('1.35'))]);
  const ownCrd = await validate(parseManifestFile(crd, 'crd.yaml'), store);
  assert.ok(
    ownCrd.some(
      (d) => d.severity === 'error' && /x-kubernetes-validations\[0\]\.message.*must be of type string/.test(d.message),
    ),
    ownCrd.map((d) => d.message).join('\n'),
  );
  const object = `apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec: {size: 0, inner: {x: 2}}
`;
  const found = (await validate(parseManifestFile(object, 'widget.yaml'), store)).filter((d) => d.severity === 'error');
  // The well-formed part of the rule still runs, with the server's default message; the mapping holds no rule.
  assert.deepEqual(
    found.map((d) => d.message),
    ['spec: Invalid value: failed rule: self.size > 1'],
  );
});

test('a CRD whose `properties` is not a mapping (properties: 7) checks its custom resources instead of throwing', async () => {
  const crd = widgetCrd(`            type: object
            required: [backend]
            properties: 7`);
  const object = `apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec: {size: 3}
`;
  const crds = new CrdSchemaSource();
  crds.setText('crd.yaml', crd);
  const store = new SchemaStore([crds as never, new DirectorySchemaSource(openapiDir('1.35'))]);
  const ownCrd = (await validate(parseManifestFile(crd, 'crd.yaml'), store)).filter((d) => d.severity === 'error');
  assert.ok(
    ownCrd.some((d) => /properties\[spec\]\.properties.*must be of type object/.test(d.message)),
    ownCrd.map((d) => d.message).join('\n'),
  );
  // The server never holds such a CRD; its custom resources are still checked with what can be read of it.
  const found = (await validate(parseManifestFile(object, 'widget.yaml'), store)).filter((d) => d.severity === 'error');
  assert.deepEqual(found.map((d) => d.message).sort(), ['spec.backend: Required value', 'unknown field "spec.size"']);
});

test('every failing CEL rule is reported, identical messages included, as the server lists them', async () => {
  // kube-apiserver 1.35 lists each failing rule as a cause of its own (the RE2 agreement suite: seven rules with
  // message "a" on "abc", seven causes `spec.s: Invalid value: "abc": a`). A built-in kind's identical errors are
  // printed once (certificateRequests.test.ts).
  const crd = widgetCrd(`            type: object
            properties:
              s:
                type: string
                maxLength: 10
                x-kubernetes-validations:
                - {rule: "self != 'abc'", message: a}
                - {rule: "self.size() != 3", message: a}`);
  assert.deepEqual(await errors(crd, WIDGET('{s: abc}')), [
    'spec.s: Invalid value: "abc": a',
    'spec.s: Invalid value: "abc": a',
  ]);
});
