// CustomResourceDefinition checks where the editor and `kubesense check` meet them: diagnostics at the written
// field, in the server's paths and words, with or without schemas; every real CRD in ../shared stays clean.
// (Agreement with the real API server, rule by rule: test/integration/analysis/validation/crdAgreement.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../../cli/main';
import { parseManifestFile } from '../../../../analysis/documents';
import { SchemaStore } from '../../../../analysis/schema';
import { validate } from '../../../../analysis/validation';
import { listFiles, openapiDir, sharedK8s, storeFor } from './sharedData';

const BROKEN = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: "self.size >"
            properties:
              size: {type: strng}
              ports:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  properties:
                    name: {type: string}
`;

test('a broken CRD: the API server messages at the fields that are wrong', async () => {
  const file = parseManifestFile(BROKEN, 'widgets.yaml');
  const ds = (await validate(file, storeFor('1.35'))).filter((d) => d.severity === 'error');
  const byField = new Map(ds.map((d) => [d.field, d]));
  const type = byField.get('spec.validation.openAPIV3Schema.properties[spec].properties[size].type');
  assert.ok(type, ds.map((d) => d.message).join('\n'));
  assert.equal(
    type.message,
    'spec.validation.openAPIV3Schema.properties[spec].properties[size].type: Unsupported value: "strng": supported values: "array", "boolean", "integer", "number", "object", "string"',
  );
  const line = (text: string) => BROKEN.split('\n').findIndex((l) => l.includes(text));
  assert.deepEqual(type.range.start, { line: line('size: {type: strng}'), character: 27 });
  assert.equal(BROKEN.slice(type.offsets.start, type.offsets.end), 'strng');

  const key = byField.get(
    'spec.validation.openAPIV3Schema.properties[spec].properties[ports].items.properties[name].default',
  );
  assert.ok(key, ds.map((d) => d.message).join('\n'));
  assert.match(
    key.message,
    /Required value: this property is in x-kubernetes-list-map-keys, so it must have a default/,
  );
  assert.equal(key.range.start.line, line('name: {type: string}'));
  // A schema with structural errors has no CEL types: the server does not compile its rules, nor do we.
  assert.ok(!ds.some((d) => d.field?.includes('x-kubernetes-validations')), 'CEL not compiled');
  assert.equal(ds.length, 2, ds.map((d) => d.message).join('\n'));
});

test('CEL rules that do not compile, once the schema is structural', async () => {
  const text = BROKEN.replace('{type: strng}', '{type: string}').replace(
    'name: {type: string}',
    'name: {type: string, default: a}',
  );
  const ds = (await validate(parseManifestFile(text, 'w.yaml'), storeFor('1.35'))).filter(
    (d) => d.severity === 'error',
  );
  assert.equal(ds.length, 1, ds.map((d) => d.message).join('\n'));
  assert.equal(ds[0].field, 'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule');
  assert.match(ds[0].message, /Invalid value: \{"Rule":"self\.size \\u003e",.*\}: compilation failed: /);
  assert.equal(
    ds[0].range.start.line,
    text.split('\n').findIndex((l) => l.includes('rule: "self.size >"')),
  );
  const undeclared = text.replace('self.size >', 'has(self.sise)');
  const [u] = (await validate(parseManifestFile(undeclared, 'w.yaml'), storeFor('1.35'))).filter(
    (d) => d.severity === 'error',
  );
  assert.match(
    u.message,
    /compilation failed: ERROR: <input>:1:4: undefined field 'sise'\n \| has\(self\.sise\)\n \| \.\.\.\^$/,
  );
});

test('patterns RE2 rejects: in matches (compilation), find (program instantiation) and OpenAPI pattern', async () => {
  // the server's words, from celRe2.test.ts against the real API server
  const fine = BROKEN.replace('{type: strng}', '{type: string}').replace(
    'name: {type: string}',
    'name: {type: string, default: a}',
  );
  const errorsOf = async (text: string) =>
    (await validate(parseManifestFile(text, 'w.yaml'), storeFor('1.35'))).filter((d) => d.severity === 'error');
  const [m] = await errorsOf(fine.replace('"self.size >"', `"self.size.matches('a(?=b)')"`));
  assert.match(
    m.message,
    /compilation failed: ERROR: <input>:1:19: invalid matches argument\n \| self\.size\.matches\('a\(\?=b\)'\)\n \| \.{18}\^$/,
  );
  const [f] = await errorsOf(fine.replace('"self.size >"', `"self.size.find('a(?=b)') == ''"`));
  assert.match(
    f.message,
    /: program instantiation failed: error parsing regexp: invalid or unsupported Perl syntax: `\(\?=`$/,
  );
  const [p] = await errorsOf(
    fine.replace('"self.size >"', '"true"').replace('{type: string}', "{type: string, pattern: 'a{1001}'}"),
  );
  assert.equal(p.field, 'spec.validation.openAPIV3Schema.properties[spec].properties[size].pattern');
  assert.match(
    p.message,
    /Invalid value: "a\{1001\}": must be a valid regular expression, but isn't: error parsing regexp: invalid repeat count: `\{1001\}`$/,
  );
});

test('CEL calls the 1.35 environment does not declare, or with argument types no overload takes', async () => {
  const structural = BROKEN.replace('{type: strng}', '{type: string}').replace(
    'name: {type: string}',
    'name: {type: string, default: a}',
  );
  const compileError = async (rule: string) => {
    const text = structural.replace('rule: "self.size >"', `rule: ${JSON.stringify(rule)}`);
    const ds = (await validate(parseManifestFile(text, 'w.yaml'), storeFor('1.35'))).filter(
      (d) => d.severity === 'error',
    );
    assert.equal(ds.length, 1, `${rule}: ${ds.map((d) => d.message).join('\n')}`);
    return ds[0].message.slice(ds[0].message.indexOf('compilation failed: '));
  };
  // the messages and columns are kube-apiserver 1.35's (celCostProbes.test.ts compares them with the server)
  assert.equal(
    await compileError('self.size.startsWith(1)'),
    "compilation failed: ERROR: <input>:1:21: found no matching overload for 'startsWith' applied to 'string.(int)'\n | self.size.startsWith(1)\n | ....................^",
  );
  assert.equal(
    await compileError("self.size.reverse() == ''"),
    "compilation failed: ERROR: <input>:1:18: found no matching overload for 'reverse' applied to 'string.()'\n | self.size.reverse() == ''\n | .................^",
  );
  assert.equal(
    await compileError("self.size.quote() == ''"),
    "compilation failed: ERROR: <input>:1:16: undeclared reference to 'quote' (in container '')\n | self.size.quote() == ''\n | ...............^",
  );
  assert.equal(
    await compileError("[1, 2].indexOf('x') >= 0"),
    "compilation failed: ERROR: <input>:1:15: found no matching overload for 'indexOf' applied to 'list(int).(string)'\n | [1, 2].indexOf('x') >= 0\n | ..............^",
  );
  assert.equal(
    await compileError("sets.contains(self.size, ['a'])"),
    "compilation failed: ERROR: <input>:1:14: found no matching overload for 'sets.contains' applied to '(string, list(string))'\n | sets.contains(self.size, ['a'])\n | .............^",
  );
  // the same calls with the types their overloads take compile
  const ok = structural.replace(
    'rule: "self.size >"',
    `rule: ${JSON.stringify("self.size.startsWith('a') && [1, 2].indexOf(1) >= 0 && ['a'].reverse() == ['a'] && sets.contains(['b'], ['a'])")}`,
  );
  const none = (await validate(parseManifestFile(ok, 'w.yaml'), storeFor('1.35'))).filter(
    (d) => d.severity === 'error',
  );
  assert.deepEqual(
    none.map((d) => d.message),
    [],
  );
});

test('per-version paths when the versions differ; CRD-level rules', async () => {
  const text = BROKEN.replace('{type: strng}', '{type: string}')
    .replace('name: {type: string}', 'name: {type: string, default: a}')
    .replace('self.size >', 'true')
    .replace('name: widgets.example.com', 'name: widget.example.com')
    .concat(
      '  - name: V2\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema: {type: object, uniqueItems: true}\n',
    );
  const ds = (await validate(parseManifestFile(text, 'w.yaml'), storeFor('1.35'))).filter(
    (d) => d.severity === 'error',
  );
  const fields = ds.map((d) => d.field).sort();
  assert.deepEqual(fields, [
    'metadata.name',
    'spec.versions',
    'spec.versions[1].name',
    'spec.versions[1].schema.openAPIV3Schema.uniqueItems',
    'status.storedVersions',
  ]);
  const name = ds.find((d) => d.field === 'metadata.name')!;
  assert.equal(
    name.message,
    'metadata.name: Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group',
  );
});

test('defaults that are not values of their schema', async () => {
  const text = BROKEN.replace('{type: strng}', '{type: integer, default: "3"}').replace(
    'name: {type: string}',
    'name: {type: string, enum: [a, b], default: c}',
  );
  const ds = (await validate(parseManifestFile(text, 'w.yaml'), storeFor('1.35'))).filter(
    (d) => d.severity === 'error',
  );
  const messages = ds.map((d) => d.message).sort();
  const at = 'spec.validation.openAPIV3Schema.properties[spec].properties';
  assert.deepEqual(messages, [
    `${at}[ports].items.properties[name].default: Unsupported value: "c": supported values: "a", "b"`,
    `${at}[size].default: Invalid value: "string":  in body must be of type integer: "string"`,
  ]);
  const size = ds.find((d) => d.field?.includes('[size]'))!;
  assert.equal(text.slice(size.offsets.start, size.offsets.end), '"3"');
});

// The server's answers (kube-apiserver 1.35, dry-run create) to defaults under allOf/anyOf/oneOf/not; the same
// cases are sent to the real server by crdAgreement.test.ts (defaultMutations.ts).
test('defaults judged by the allOf/anyOf/oneOf/not of their schema', async () => {
  const crdWith = (spec: unknown) =>
    JSON.stringify({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'foos.ex.com' },
      spec: {
        group: 'ex.com',
        scope: 'Namespaced',
        names: { plural: 'foos', singular: 'foo', kind: 'Foo', listKind: 'FooList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', properties: { spec } } },
          },
        ],
      },
    });
  const messages = async (spec: unknown) =>
    (await validate(parseManifestFile(crdWith(spec), 'foo.json'), storeFor('1.35')))
      .filter((d) => d.severity === 'error')
      .map((d) => d.message)
      .sort();
  const at = 'spec.validation.openAPIV3Schema.properties[spec].default';
  const two = [{ pattern: '^a' }, { maxLength: 2 }];
  assert.deepEqual(await messages({ type: 'string', anyOf: two, default: 'zzzz' }), [
    `${at}: Invalid value: "": "" must validate at least one schema (anyOf)`,
    `${at}: Invalid value: "zzzz":  in body should match '^a'`,
  ]);
  assert.deepEqual(await messages({ type: 'string', anyOf: two, default: 'ab' }), []);
  assert.deepEqual(await messages({ type: 'string', oneOf: two, default: 'zzzz' }), [
    `${at}: Invalid value: "": "" must validate one and only one schema (oneOf). Found none valid`,
    `${at}: Invalid value: "zzzz":  in body should match '^a'`,
  ]);
  assert.deepEqual(await messages({ type: 'string', oneOf: two, default: 'a' }), [
    `${at}: Invalid value: "": "" must validate one and only one schema (oneOf). Found 2 valid alternatives`,
  ]);
  assert.deepEqual(await messages({ type: 'string', not: { pattern: '^a' }, default: 'abc' }), [
    `${at}: Invalid value: "": "" must not validate the schema (not)`,
  ]);
  assert.deepEqual(await messages({ type: 'string', allOf: two, default: 'zzzz' }), [
    `${at}: Invalid value: "": "" must validate all the schemas (allOf). None validated`,
    `${at}: Invalid value: "zzzz":  in body should match '^a'`,
    `${at}: Too long: may not be more than 2 bytes`,
  ]);
  assert.deepEqual(await messages({ type: 'string', allOf: two, default: 'abcd' }), [
    `${at}: Invalid value: "": "" must validate all the schemas (allOf)`,
    `${at}: Too long: may not be more than 2 bytes`,
  ]);
  // deeper: the junction's name is the path inside the default, its branches' errors are at that path
  const list = { type: 'array', items: { type: 'integer', anyOf: [{ minimum: 5 }, { maximum: 1 }] } };
  assert.deepEqual(await messages({ type: 'object', properties: { l: list }, default: { l: [7, 3] } }), [
    `${at}.l[1]: Invalid value: 3: l[1] in body should be greater than or equal to 5`,
    `${at}: Invalid value: "": "l[1]" must validate at least one schema (anyOf)`,
  ]);
  const items = { type: 'array', items: { type: 'string' }, allOf: [{ items: { pattern: '^a' } }], default: ['b'] };
  assert.deepEqual(await messages(items), [
    `${at}.[0]: Invalid value: "b": [0] in body should match '^a'`,
    `${at}: Invalid value: "": "" must validate all the schemas (allOf). None validated`,
  ]);
  const oneOfOnProperty = {
    type: 'object',
    properties: {
      a: {
        type: 'object',
        properties: { b: { type: 'string' } },
        oneOf: [{ required: ['b'] }, { properties: { b: { maxLength: 1 } } }],
      },
    },
    default: { a: { b: 'xyz' } },
  };
  assert.deepEqual(await messages(oneOfOnProperty), []);
});

test('without any schema source the CRD rules still run', async () => {
  const ds = await validate(parseManifestFile(BROKEN, 'widgets.yaml'), new SchemaStore([]));
  assert.ok(
    ds.some(
      (d) =>
        d.severity === 'error' && d.field === 'spec.validation.openAPIV3Schema.properties[spec].properties[size].type',
    ),
    ds.map((d) => d.message).join('\n'),
  );
});

test('every real CRD in ../shared is accepted (as the API server accepts them)', async () => {
  const files = [
    ...listFiles(path.join(sharedK8s, 'crds'), (f) => /\.ya?ml$/.test(f)),
    ...listFiles(path.join(sharedK8s, 'cel-corpus'), (f) => /\/crds\/.*\.ya?ml$/.test(f)),
  ];
  const store = storeFor('1.35');
  let crds = 0;
  for (const f of files) {
    const file = parseManifestFile(fs.readFileSync(f, 'utf8'), f);
    crds += file.manifests.filter((m) => m.kind === 'CustomResourceDefinition').length;
    const errors = (await validate(file, store)).filter((d) => d.severity === 'error');
    assert.deepEqual(
      errors.map((d) => d.message),
      [],
      f,
    );
  }
  assert.ok(crds >= 40, `found ${crds} CRDs`);
});

test('kubesense check reports CRD problems as file:line:col lines', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-crd-'));
  fs.writeFileSync(path.join(dir, 'widgets.yaml'), BROKEN);
  let stdout = '';
  const code = await main(['check', 'widgets.yaml', '--schema-dir', openapiDir('1.35')], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: () => undefined },
    env: { HOME: os.tmpdir(), KUBECONFIG: '/nonexistent', KUBESENSE_CACHE: path.join(dir, 'cache') },
    cwd: dir,
  });
  assert.equal(code, 1);
  const line = BROKEN.split('\n').findIndex((l) => l.includes('size: {type: strng}')) + 1;
  assert.ok(
    stdout
      .split('\n')
      .includes(
        `widgets.yaml:${line}:28: spec.validation.openAPIV3Schema.properties[spec].properties[size].type: Unsupported value: "strng": supported values: "array", "boolean", "integer", "number", "object", "string" [spec.validation.openAPIV3Schema.properties[spec].properties[size].type]`,
      ),
    stdout,
  );
});

test('versions whose schemas are equal (keys in any order) are checked once, at spec.validation', async () => {
  const sizeOnly = (keys: string) => `    schema:\n      openAPIV3Schema: {${keys}}\n`;
  const crd = (second: string) =>
    BROKEN.replace('{type: strng}', '{type: string}')
      .replace('self.size >', 'true')
      .concat('  - name: v2\n    served: true\n    storage: false\n', second);
  const fields = async (text: string) =>
    (
      await validate(
        parseManifestFile(
          text.replace(
            /openAPIV3Schema:\n(?:        .*\n)+/,
            'openAPIV3Schema: {type: object, properties: {size: {type: strng}}}\n',
          ),
          'w.yaml',
        ),
        storeFor('1.35'),
      )
    )
      .filter((d) => d.severity === 'error')
      .map((d) => d.field)
      .sort();
  const hoisted = 'spec.validation.openAPIV3Schema.properties[size].type';
  assert.deepEqual(await fields(crd(sizeOnly('properties: {size: {type: strng}}, type: object'))), [hoisted]);
  assert.deepEqual(await fields(crd(sizeOnly('properties: {size: {type: strng}}, type: object, nullable: false'))), [
    'spec.versions[0].schema.openAPIV3Schema.properties[size].type',
    'spec.versions[1].schema.openAPIV3Schema.properties[size].type',
  ]);
});
