// A CRD's defaults that hold or sit inside x-kubernetes-embedded-resource objects, checked as
// structuraldefaulting.ValidateDefaults checks them: the TypeMeta and ObjectMeta of every embedded resource in a
// default (objectmeta.Coerce, then Validate), and a default of an embedded resource's apiVersion, kind or metadata
// inside a stand-in object of that resource ("must result in valid metadata"). Every expected message is
// kube-apiserver 1.35's answer to the same CRD (server-side dry-run create, strict), recorded while probing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderedErrorMessages, storeFor, widgetCrdObject } from './sharedData';

type Obj = Record<string, unknown>;
const store = storeFor('1.35');
const SPEC = 'spec.validation.openAPIV3Schema.properties[spec]';
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, " +
  "and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
  "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const messages = (spec: Obj) => orderedErrorMessages(store, widgetCrdObject(spec));

const obj = (properties: Obj, extra: Obj = {}): Obj => ({ type: 'object', properties, ...extra });
const open = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
/** An embedded resource (a pod template's kind of field); `over` replaces its properties' schemas. */
const embedded = (over: Obj = {}, extra: Obj = {}): Obj => ({
  type: 'object',
  'x-kubernetes-embedded-resource': true,
  ...extra,
  properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: open, spec: open, ...over },
});

test("an embedded resource's apiVersion, kind and metadata defaults are checked in a stand-in resource", async () => {
  const T = `${SPEC}.properties[t]`;
  const meta = (detail: string) => `must result in valid metadata: ${detail}`;
  const cases: [Obj, string[]][] = [
    [
      { apiVersion: { type: 'string', default: '' } },
      [
        `${T}.properties[apiVersion].default: Invalid value: "": ${meta('apiVersion: Invalid value: "": must not be empty')}`,
      ],
    ],
    [
      { apiVersion: { type: 'string', default: 'a/b/c' } },
      [
        `${T}.properties[apiVersion].default: Invalid value: "a/b/c": ${meta('apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c')}`,
      ],
    ],
    [
      { kind: { type: 'string', default: 'Bad_Kind' } },
      [
        `${T}.properties[kind].default: Invalid value: "Bad_Kind": ${meta(`kind: Invalid value: "Bad_Kind": may have mixed case, but should otherwise match: ${DNS1035}`)}`,
      ],
    ],
    // decoding comes first: the server does not get to the schema's type
    [
      { kind: { type: 'string', default: 5 } },
      [`${T}.properties[kind].default: Invalid value: 5: ${meta('kind: Invalid value: 5: must be a string')}`],
    ],
    [{ apiVersion: { type: 'string', default: 'g.io/v1' } }, []],
    [
      { metadata: { ...open, default: { labels: { a: 5 } } } },
      [
        `${T}.properties[metadata].default: Invalid value: {"labels":{"a":5}}: ` +
          meta(
            'metadata: Invalid value: {"labels":{"a":5}}: json: cannot unmarshal number into Go struct field ObjectMeta.labels of type string',
          ),
      ],
    ],
    [
      { metadata: { ...open, default: { generation: -1, finalizers: ['a b'] } } },
      [
        `${T}.properties[metadata].default: Invalid value: {"finalizers":["a b"],"generation":-1}: ` +
          meta(
            `[metadata.generation: Invalid value: -1: must be greater than or equal to 0, metadata.finalizers: Invalid value: "a b": ${QUALIFIED}]`,
          ),
      ],
    ],
    [
      { metadata: { type: 'object', properties: { name: { type: 'string', default: 'a/b' } } } },
      [
        `${T}.properties[metadata].properties[name].default: Invalid value: "a/b": ${meta('metadata.name: Invalid value: "a/b": may not contain \'/\'')}`,
      ],
    ],
    [{ metadata: { ...open, default: { name: 'ok', labels: { a: 'b' } } } }, []],
  ];
  for (const [over, expected] of cases) assert.deepEqual(await messages(obj({ t: embedded(over) })), expected);
  // in list items too
  assert.deepEqual(
    await messages(
      obj({
        l: {
          type: 'array',
          items: {
            ...open,
            'x-kubernetes-embedded-resource': true,
            properties: { kind: { type: 'string', default: 'bad kind' } },
          },
        },
      }),
    ),
    [
      `${SPEC}.properties[l].items.properties[kind].default: Invalid value: "bad kind": ` +
        meta(`kind: Invalid value: "bad kind": may have mixed case, but should otherwise match: ${DNS1035}`),
    ],
  );
});

test('every embedded resource inside a default needs its apiVersion and kind and valid metadata', async () => {
  assert.deepEqual(await messages(obj({ w: obj({ t: embedded() }, { default: { t: {} } }) })), [
    `${SPEC}.properties[w].default.t.apiVersion: Required value`,
    `${SPEC}.properties[w].default.t.kind: Required value`,
  ]);
  assert.deepEqual(await messages(obj({ l: { type: 'array', items: embedded(), default: [{}] } })), [
    `${SPEC}.properties[l].default[0].apiVersion: Required value`,
    `${SPEC}.properties[l].default[0].kind: Required value`,
  ]);
  assert.deepEqual(
    await messages(
      obj({ t: embedded({ inner: embedded() }, { default: { apiVersion: 'v1', kind: 'A', inner: { kind: 'B' } } }) }),
    ),
    [`${SPEC}.properties[t].default.inner.apiVersion: Required value`],
  );
  assert.deepEqual(
    await messages(
      obj({ t: embedded({}, { default: { apiVersion: 'v1', kind: 'A', metadata: { labels: { 'bad key!': 'x' } } } }) }),
    ),
    [`${SPEC}.properties[t].default.metadata.labels: Invalid value: "bad key!": ${QUALIFIED}`],
  );
  assert.deepEqual(
    await messages(obj({ t: embedded({}, { default: { apiVersion: 'v1', kind: 'A', metadata: { name: 5 } } }) })),
    [
      `${SPEC}.properties[t].default.metadata: Invalid value: {"name":5}: json: cannot unmarshal number into Go struct field ObjectMeta.name of type string`,
    ],
  );
});

test('defaults below additionalProperties are not validated by the server', async () => {
  assert.deepEqual(
    await messages(obj({ m: { type: 'object', additionalProperties: { type: 'string', default: 5 } } })),
    [],
  );
});
