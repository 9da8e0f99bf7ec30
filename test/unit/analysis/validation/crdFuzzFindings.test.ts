// CRD differences found by the CRD differential fuzzer (test/integration/analysis/validation/crdDifferential.test.ts)
// and closed: Go's decoding below items/additionalProperties, $schema and $ref, root metadata's example, a second
// storage version of the same name, conversion webhook URLs and services. Every expected verdict and message is
// kube-apiserver 1.35's answer to the same CRD (server-side dry-run create, strict), recorded while probing; where
// the server refuses the request while decoding (a BadRequest without causes) only the verdict and field are ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { storeFor, widgetCrdObject } from './sharedData';

type Obj = Record<string, unknown>;
const store = storeFor('1.35');
const ROOT = 'spec.validation.openAPIV3Schema';
const WRITTEN = 'spec.versions[0].schema.openAPIV3Schema';

const crd = widgetCrdObject;

const plain = (): Obj => ({ type: 'object', properties: { a: { type: 'string' } } });
const list = (items: unknown): Obj => ({ type: 'object', properties: { a: { type: 'array', items } } });

async function errors(o: Obj): Promise<{ field: string; message: string }[]> {
  const ds = await validate(parseManifestFile(JSON.stringify(o, null, 2), 'crd.json'), store);
  return ds.filter((d) => d.severity === 'error').map((d) => ({ field: d.field ?? '', message: d.message }));
}

const messages = async (o: Obj) => (await errors(o)).map((e) => e.message);

test('below items and additionalProperties the server decodes Go types (its published schema has none there)', async () => {
  // Server: 400 "json: cannot unmarshal array into Go struct field JSONSchemaProps…items.description of type string".
  assert.deepEqual(await messages(crd(list({ type: 'string', description: [1] }))), [
    `${WRITTEN}.properties[spec].properties[a].items.description: Invalid value: "array": ${WRITTEN}.properties[spec].properties[a].items.description in body must be of type string: "array"`,
  ]);
  // Server: 400 "json: cannot unmarshal number into Go struct field …additionalProperties.description of type string".
  assert.equal(
    (await errors(crd({ type: 'object', additionalProperties: { type: 'string', description: 1 } }))).length,
    1,
  );
  // Server: 400 "json: cannot unmarshal object into … required of type string", deep below items.
  assert.deepEqual(
    (await errors(crd(list({ type: 'object', properties: { b: { type: 'object', required: [{}] } } })))).map(
      (e) => e.field,
    ),
    [`${WRITTEN}.properties[spec].properties[a].items.properties[b].required[0]`],
  );
  // Server: 400 "boolean or JSON schema expected".
  for (const additionalProperties of [7, 'x', []])
    assert.deepEqual(await messages(crd({ type: 'object', additionalProperties })), [
      `${WRITTEN}.properties[spec].additionalProperties: Invalid value: ${JSON.stringify(additionalProperties)}: boolean or JSON schema expected`,
    ]);
  // Decoding there is not strict: an unknown keyword below items is accepted (server: accepted).
  assert.deepEqual(await messages(crd(list({ type: 'string', bogus: 1 }))), []);
  assert.deepEqual(await messages(crd({ type: 'object', additionalProperties: null })), []);
});

test('an items that is neither a schema nor a list of them is none', async () => {
  for (const items of [7, 'x', true])
    assert.deepEqual(await messages(crd(list(items))), [
      `${ROOT}.properties[spec].properties[a].items: Required value: must be specified`,
    ]);
});

test('$schema anywhere (NewStructural) and $ref, even empty, are refused', async () => {
  assert.deepEqual(
    await messages(
      crd({
        type: 'object',
        properties: { a: { type: 'string', $schema: 'http://json-schema.org/draft-04/schema#' } },
      }),
    ),
    [`${ROOT}: Invalid value: "": OpenAPIV3Schema 'schema' is not supported`],
  );
  assert.deepEqual(await messages(crd({ ...plain(), $ref: '' })), [
    `${ROOT}.properties[spec].$ref: Forbidden: $ref is not supported`,
  ]);
});

test("root metadata's example and externalDocs restrict nothing", async () => {
  const withMetadata = (metadata: Obj) =>
    crd(plain(), (c) => {
      const root = ((c.spec as Obj).versions as Obj[])[0].schema as Obj;
      ((root.openAPIV3Schema as Obj).properties as Obj).metadata = metadata;
    });
  assert.deepEqual(await messages(withMetadata({ type: 'object', example: 1, externalDocs: { url: 'x' } })), []);
  assert.deepEqual(await messages(withMetadata({ type: 'object', description: 'd' })), [
    `${ROOT}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
  ]);
});

test("root metadata's zero values: only a string's, a bool's and an appended list's are unspecified", async () => {
  const withMetadata = (metadata: Obj) =>
    crd(plain(), (c) => {
      const root = ((c.spec as Obj).versions as Obj[])[0].schema as Obj;
      ((root.openAPIV3Schema as Obj).properties as Obj).metadata = metadata;
    });
  const forbidden = `${ROOT}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`;
  // Server (dry-run create): Forbidden for each of these — pointers and slices NewStructural copies as decoded.
  for (const extra of [
    { maximum: 0 },
    { minimum: 0 },
    { minLength: 0 },
    { minItems: 0 },
    { minProperties: 0 },
    { multipleOf: 0 },
    { required: [] },
    { 'x-kubernetes-list-map-keys': [] },
    { 'x-kubernetes-validations': [] },
    { additionalProperties: false },
    { additionalProperties: true },
    { not: {} },
  ])
    assert.deepEqual(await messages(withMetadata({ type: 'object', ...extra })), [forbidden], JSON.stringify(extra));
  // Server: accepted — Go's zero values, and lists built by append.
  for (const extra of [
    { enum: [] },
    { allOf: [] },
    { anyOf: [] },
    { properties: {} },
    { format: '' },
    { description: '' },
    { title: '' },
    { nullable: false },
    { uniqueItems: false },
  ])
    assert.deepEqual(await messages(withMetadata({ type: 'object', ...extra })), [], JSON.stringify(extra));
  // Server: the invariant beside the list type's own errors.
  assert.ok((await messages(withMetadata({ type: 'object', 'x-kubernetes-map-type': '' }))).includes(forbidden));
});

test('a second storage version of the same name is a storage version not stored', async () => {
  const dup = crd(plain(), (c) => {
    const versions = (c.spec as Obj).versions as Obj[];
    versions.push(structuredClone(versions[0]));
  });
  assert.ok(
    (await messages(dup)).includes('status.storedVersions: Invalid value: ["v1"]: must have the storage version v1'),
  );
});

test("a conversion webhook's URL and service, as ValidateWebhookURL/ValidateWebhookService read them", async () => {
  const conv = (clientConfig: Obj) =>
    crd(plain(), (c) => {
      (c.spec as Obj).conversion = { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'], clientConfig } };
    });
  const at = 'spec.conversion.webhookClientConfig';
  const form = '; desired format: https://host[/path]';
  const cases: [Obj, string[]][] = [
    [{ url: 'https://x' }, []],
    [{ url: 'HTTPS://x' }, []],
    [{ url: 'https://x/a b' }, []],
    [{ url: 'http://x' }, [`${at}.url: Invalid value: "http": 'https' is the only allowed URL scheme${form}`]],
    [
      { url: 'x' },
      [
        `${at}.url: Invalid value: "": 'https' is the only allowed URL scheme${form}`,
        `${at}.url: Invalid value: "": host must be specified${form}`,
      ],
    ],
    [{ url: 'https://' }, [`${at}.url: Invalid value: "": host must be specified${form}`]],
    [{ url: 'https://u:p@x/a' }, [`${at}.url: Invalid value: "u:p": user information is not permitted in the URL`]],
    [{ url: 'https://x/a?b=c' }, [`${at}.url: Invalid value: "b=c": query parameters are not permitted in the URL`]],
    [{ url: 'https://x/a#f' }, [`${at}.url: Invalid value: "f": fragments are not permitted in the URL`]],
    [
      { url: '://x' },
      [`${at}.url: Required value: url must be a valid URL: parse "://x": missing protocol scheme${form}`],
    ],
    [
      { service: { name: 'a', namespace: 'b', port: 0 } },
      [`${at}.service.port: Invalid value: 0: port is not valid: must be between 1 and 65535, inclusive`],
    ],
    [{ service: { name: 'a', namespace: 'b', path: '/a/' } }, []],
    [
      { service: { name: 'a', namespace: 'b', path: 'a' } },
      [
        `${at}.service.path: Invalid value: "a": must start with a '/'`,
        `${at}.service.path: Invalid value: "a": segment[0] may not be empty`,
      ],
    ],
    [
      { service: { name: 'a', namespace: 'b', path: '/a//b' } },
      [`${at}.service.path: Invalid value: "/a//b": segment[1] may not be empty`],
    ],
  ];
  for (const [clientConfig, expected] of cases)
    assert.deepEqual(
      (await messages(conv(clientConfig))).filter((m) => m.startsWith(at)),
      expected,
      JSON.stringify(clientConfig),
    );
  // The server calls ValidateWebhookService with name and namespace swapped: a missing namespace is reported at name.
  assert.deepEqual(
    (await messages(conv({ service: { namespace: 'a' } }))).filter((m) => m.startsWith(at)),
    [`${at}.service.namespace: Required value`],
  );
  assert.deepEqual(
    (await messages(conv({ service: { name: 'a' } }))).filter((m) => m.startsWith(at)),
    [`${at}.service.name: Required value`],
  );
});

test("a CEL rule selecting a field of a string, int, list or timestamp: cel-go's compile error", async () => {
  const withRule = (rule: string, a: Obj) =>
    crd({ type: 'object', properties: { a: { ...a, 'x-kubernetes-validations': [{ rule }] } } });
  const compileError = (rule: string, column: number, type: string) =>
    `${ROOT}.properties[spec].properties[a].x-kubernetes-validations[0].rule: Invalid value: ` +
    `{"Rule":${JSON.stringify(rule)},"Message":"","MessageExpression":"","Reason":null,"FieldPath":"","OptionalOldSelf":null}: ` +
    `compilation failed: ERROR: <input>:1:${column}: type '${type}' does not support field selection\n | ${rule}\n | ${'.'.repeat(column - 1)}^`;
  const cases: [string, Obj, number, string][] = [
    ['has(self.spec)', { type: 'string' }, 4, 'string'],
    ['self.spec == 1', { type: 'string' }, 5, 'string'],
    ['has(self.x)', { type: 'integer' }, 4, 'int'],
    ['has(self.x)', { type: 'array', items: { type: 'string' } }, 4, 'list(string)'],
    ['has(self.x)', { type: 'string', format: 'date-time' }, 4, 'timestamp'],
  ];
  for (const [rule, a, column, type] of cases)
    assert.deepEqual(
      await messages(withRule(rule, a)),
      [compileError(rule, column, type)],
      `${rule} on ${JSON.stringify(a)}`,
    );
  // A map's keys are fields to CEL (server: accepted).
  assert.deepEqual(
    await messages(
      withRule('has(self.x) && self.x == "a"', { type: 'object', additionalProperties: { type: 'string' } }),
    ),
    [],
  );
});

test("int-or-string's anyOf pattern is compared as Go compares converted schemas (example, externalDocs, zero values dropped)", async () => {
  const port = (extra: Obj) =>
    crd({
      type: 'object',
      properties: {
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer', ...extra }, { type: 'string' }] },
      },
    });
  for (const extra of [{ externalDocs: {} }, { example: 1 }, { description: '' }, { nullable: false }])
    assert.deepEqual(await messages(port(extra)), [], JSON.stringify(extra));
  const at = `${ROOT}.properties[spec].properties[port]`;
  assert.deepEqual((await messages(port({ description: 'd' }))).sort(), [
    `${at}.anyOf[0].description: Forbidden: must be empty to be structural`,
    `${at}.anyOf[0].type: Forbidden: must be empty to be structural`,
    `${at}.anyOf[1].type: Forbidden: must be empty to be structural`,
  ]);
});

test("a resource's (root or embedded) default needs its apiVersion and kind, which pruning keeps", async () => {
  const rootDefault = (d: Obj) =>
    crd(plain(), (c) => {
      const v = ((c.spec as Obj).versions as Obj[])[0].schema as Obj;
      (v.openAPIV3Schema as Obj).default = d;
    });
  assert.deepEqual(await messages(rootDefault({})), [
    `${ROOT}.default.apiVersion: Required value`,
    `${ROOT}.default.kind: Required value`,
  ]);
  assert.deepEqual(await messages(rootDefault({ apiVersion: 'v1', kind: 'A' })), []);
  assert.deepEqual(await messages(rootDefault({ apiVersion: 'v1', kind: '' })), [
    `${ROOT}.default.kind: Invalid value: "": must not be empty`,
  ]);
  assert.deepEqual(await messages(rootDefault({ apiVersion: 'a/b/c', kind: 'A' })), [
    `${ROOT}.default.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c`,
  ]);
  assert.deepEqual(await messages(rootDefault({ apiVersion: 'v1', kind: 'A', x: 1 })), [
    `${ROOT}.default: Invalid value: {"apiVersion":"v1","kind":"A","x":1}: must not have unknown fields`,
  ]);
  const embedded = (d: Obj) =>
    crd({
      type: 'object',
      properties: {
        e: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
          default: d,
        },
      },
    });
  assert.deepEqual(await messages(embedded({})), [
    `${ROOT}.properties[spec].properties[e].default.apiVersion: Required value`,
    `${ROOT}.properties[spec].properties[e].default.kind: Required value`,
  ]);
  assert.deepEqual(await messages(embedded({ apiVersion: 'v1', kind: 'A', x: 1 })), []);
});

test('an empty short name or category is an invalid label; a null property is an empty schema', async () => {
  const label =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, " +
    "and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
  const names = (extra: Obj) =>
    crd(plain(), (c) => {
      Object.assign((c.spec as Obj).names as Obj, extra);
    });
  assert.deepEqual(await messages(names({ shortNames: [''] })), [
    `spec.names.shortNames[0]: Invalid value: "": ${label}`,
  ]);
  assert.deepEqual(await messages(names({ categories: ['', 'x'] })), [
    `spec.names.categories[0]: Invalid value: "": ${label}`,
  ]);
  assert.deepEqual(await messages(crd({ type: 'object', properties: { a: null } })), [
    `${ROOT}.properties[spec].properties[a].type: Required value: must not be empty for specified object fields`,
  ]);
});

test('a null property below items or additionalProperties is an empty schema too (seeds 2, 3, 5)', async () => {
  assert.deepEqual(await messages(crd(list({ type: 'object', properties: { v: null } }))), [
    `${ROOT}.properties[spec].properties[a].items.properties[v].type: Required value: must not be empty for specified object fields`,
  ]);
  assert.deepEqual(
    await messages(crd({ type: 'object', additionalProperties: { type: 'object', properties: { v: null } } })),
    [
      `${ROOT}.properties[spec].additionalProperties.properties[v].type: Required value: must not be empty for specified object fields`,
    ],
  );
});

test('a schema NewStructural cannot convert gets no structural, defaults or CEL checks (seed 5)', async () => {
  const unsupported = `${ROOT}: Invalid value: "": OpenAPIV3Schema 'schema' is not supported`;
  // $schema is reported by nothing else: the server's only cause, whatever else is wrong
  assert.deepEqual(
    await messages(crd({ type: 'object', properties: { a: { $schema: 'x', type: 'string' }, b: {} } })),
    [unsupported],
  );
  assert.deepEqual(
    await messages(
      crd(plain(), (c) => {
        const version = ((c.spec as Obj).versions as Obj[])[0];
        const root = (version.schema as Obj).openAPIV3Schema as Obj;
        (root.properties as Obj).metadata = { type: 'object', $schema: 'http://json-schema.org/draft-04/schema#' };
      }),
    ),
    [unsupported],
  );
  assert.deepEqual(
    await messages(
      crd({
        type: 'object',
        properties: { a: { type: 'string', $schema: 'x', 'x-kubernetes-validations': [{ rule: 'self.foo' }] } },
      }),
    ),
    [unsupported],
  );
  assert.deepEqual(
    await messages(crd({ type: 'object', properties: { a: { type: 'string', not: { $schema: 'x' } } } })),
    [unsupported],
  );
  // the other refusals are reported where they are, alone: the missing type of b is not checked
  assert.deepEqual(await messages(crd({ type: 'object', properties: { a: { id: 'x', type: 'string' }, b: {} } })), [
    `${ROOT}.properties[spec].properties[a].id: Forbidden: id is not supported`,
  ]);
  assert.deepEqual(
    await messages(
      crd({
        type: 'object',
        properties: {
          a: { type: 'object', 'x-kubernetes-preserve-unknown-fields': false },
          b: { type: 'string', default: 1 },
        },
      }),
    ),
    [
      `${ROOT}.properties[spec].properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined`,
    ],
  );
  // `$ref: ""` is refused, but converts: the structural checks still run
  assert.deepEqual(await messages(crd({ type: 'object', properties: { a: { $ref: '', type: 'string' }, b: {} } })), [
    `${ROOT}.properties[spec].properties[b].type: Required value: must not be empty for specified object fields`,
    `${ROOT}.properties[spec].properties[a].$ref: Forbidden: $ref is not supported`,
  ]);
});

test('below items a key that is no schema field is dropped by decoding: an int-or-string anyOf stays one (seed 10)', async () => {
  const intOrString = (extra: Obj) => ({
    'x-kubernetes-int-or-string': true,
    anyOf: [{ type: 'integer' }, { type: 'string', ...extra }],
  });
  assert.deepEqual(
    await messages(crd(list({ type: 'object', properties: { q: intOrString({ bogusField: 1 }) } }))),
    [],
  );
  // a schema field there is kept: the branch is no plain type any more
  const q = `${ROOT}.properties[spec].properties[a].items.properties[q]`;
  assert.deepEqual(await messages(crd(list({ type: 'object', properties: { q: intOrString({ pattern: 'a' }) } }))), [
    `${q}.anyOf[0].type: Forbidden: must be empty to be structural`,
    `${q}.anyOf[1].type: Forbidden: must be empty to be structural`,
  ]);
});

test('with a status subresource, the root schema fields a Go zero value does not hide: false pointers and empty lists (CRD differential seed 20)', async () => {
  const withRoot = (extra: Obj) =>
    crd(plain(), (c) => {
      const v = ((c.spec as Obj).versions as Obj[])[0];
      v.subresources = { status: {} };
      Object.assign((v.schema as Obj).openAPIV3Schema as Obj, extra);
    });
  const onlyAllowed = (m: string) =>
    m.startsWith(`${ROOT}: Invalid value: `) &&
    m.endsWith('fields are allowed at the root of the schema if the status subresource is enabled');
  // Server (dry-run create): the root is refused for each; maximum 0 is an allowed root field (accepted).
  for (const extra of [
    { additionalProperties: false },
    { enum: [] },
    { allOf: [] },
    { 'x-kubernetes-list-map-keys': [] },
  ])
    assert.ok((await messages(withRoot(extra))).some(onlyAllowed), JSON.stringify(extra));
  assert.deepEqual(await messages(withRoot({ maximum: 0 })), []);
});
