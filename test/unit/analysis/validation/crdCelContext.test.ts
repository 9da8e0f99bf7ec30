// Where a CRD's x-kubernetes-validations rules are compiled and in which context (found by the CRD differential
// fuzzer, seeds 2–6): field selection through optionals, oldSelf below lists and maps whose old values cannot be
// paired, optionalOldSelf on rules without oldSelf, and rules the server cannot type at all. Every expected message
// is kube-apiserver 1.35's answer to the same CRD (server-side dry-run create, strict), recorded while probing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderedErrorMessages, storeFor, widgetCrdObject } from './sharedData';

type Obj = Record<string, unknown>;
const store = storeFor('1.35');
const SPEC = 'spec.validation.openAPIV3Schema.properties[spec]';

const messages = (spec: Obj) => orderedErrorMessages(store, widgetCrdObject(spec));

const obj = (properties: Obj, extra: Obj = {}): Obj => ({ type: 'object', properties, ...extra });
const rules = (rule: string, extra: Obj = {}): Obj => ({ 'x-kubernetes-validations': [{ rule, ...extra }] });
const printed = (rule: string, optionalOldSelf: boolean | null = null) =>
  `{"Rule":${JSON.stringify(rule)},"Message":"","MessageExpression":"","Reason":null,"FieldPath":"",` +
  `"OptionalOldSelf":${optionalOldSelf}}`;
const COST =
  'estimated rule cost exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, ' +
  'maxProperties, and maxLength where arrays, maps, and strings are declared)';
const TOTAL_COST = `x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`;

test('a field selected through an optional is checked against the optional value type', async () => {
  const ab = obj({ a: obj({ b: { type: 'string' } }) });
  const undefinedField = (rule: string, column: number, field: string, optionalOldSelf: boolean | null = null) =>
    `${SPEC}.x-kubernetes-validations[0].rule: Invalid value: ${printed(rule, optionalOldSelf)}: compilation failed: ` +
    `ERROR: <input>:1:${column}: ${field}\n | ${rule}\n | ${'.'.repeat(column - 1)}^`;
  for (const [rule, column] of [
    ["self.?a.?c.orValue('') == ''", 8],
    ["self.?a.c.orValue('') == ''", 8],
  ] as const)
    assert.deepEqual(await messages({ ...ab, ...rules(rule) }), [undefinedField(rule, column, "undefined field 'c'")]);
  assert.deepEqual(await messages({ ...ab, ...rules("self.?a.b.orValue('') == ''") }), []);
  const onString = "self.?a.b.orValue('') == ''";
  assert.deepEqual(await messages({ ...obj({ a: { type: 'string' } }), ...rules(onString) }), [
    undefinedField(onString, 8, "type 'string' does not support field selection"),
  ]);
  // oldSelf with optionalOldSelf is an optional too (found: a field renamed under a transition rule's chain)
  const transition = "oldSelf.?a.?c.orValue('') == self.?a.?b.orValue('')";
  assert.deepEqual(await messages({ ...ab, ...rules(transition, { optionalOldSelf: true }) }), [
    undefinedField(transition, 11, "undefined field 'c'", true),
    `${SPEC}.x-kubernetes-validations[0].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule`,
  ]);
});

test('oldSelf is refused below a list that is not a list-map, and below a map of an unknown map type', async () => {
  const within = (at: string) => `oldSelf cannot be used on the uncorrelatable portion of the schema within ${at}`;
  const self = 'self == oldSelf';
  assert.deepEqual(await messages(obj({ a: { type: 'array', items: obj({ v: { type: 'string' } }, rules(self)) } })), [
    `${SPEC}.properties[a].items.x-kubernetes-validations[0].rule: Invalid value: "${self}": ${within(`${SPEC}.properties[a]`)}`,
  ]);
  // deep below, and below nested lists, the highest list is named
  const deep = `${SPEC}.properties[a].items.properties[b].properties[c].x-kubernetes-validations[0].rule`;
  assert.deepEqual(
    await messages(obj({ a: { type: 'array', items: obj({ b: obj({ c: { type: 'string', ...rules(self) } }) }) } })),
    [
      `${deep}: Forbidden: ${COST}`,
      `${deep}: Invalid value: "${self}": ${within(`${SPEC}.properties[a]`)}`,
      `${deep}: Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema`,
      `spec.validation.openAPIV3Schema: Forbidden: ${TOTAL_COST}`,
    ],
  );
  const nested = `${SPEC}.properties[a].items.items.x-kubernetes-validations[0].rule`;
  const nestedMessages = await messages(
    obj({ a: { type: 'array', items: { type: 'array', items: { type: 'string', ...rules(self) } } } }),
  );
  assert.ok(nestedMessages.includes(`${nested}: Invalid value: "${self}": ${within(`${SPEC}.properties[a]`)}`));
  // a set's items too (optionalOldSelf changes nothing)
  const optional = "oldSelf.orValue('') == self";
  assert.ok(
    (
      await messages(
        obj({
          a: {
            type: 'array',
            'x-kubernetes-list-type': 'set',
            items: { type: 'string', ...rules(optional, { optionalOldSelf: true }) },
          },
        }),
      )
    ).includes(
      `${SPEC}.properties[a].items.x-kubernetes-validations[0].rule: Invalid value: "${optional}": ${within(`${SPEC}.properties[a]`)}`,
    ),
  );
  assert.deepEqual(
    await messages(obj({ a: obj({ b: { type: 'string', ...rules(self) } }, { 'x-kubernetes-map-type': 'foo' }) })),
    [
      `${SPEC}.properties[a].x-kubernetes-map-type: Unsupported value: "foo": supported values: "atomic", "granular"`,
      `${SPEC}.properties[a].properties[b].x-kubernetes-validations[0].rule: Invalid value: "${self}": ${within(`${SPEC}.properties[a]`)}`,
    ],
  );
  // accepted: a list-map's items; a map's values; oldSelf only in a string or in the messageExpression
  assert.deepEqual(
    await messages(
      obj({
        a: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['k'],
          items: obj({ k: { type: 'string' } }, { required: ['k'], ...rules(self) }),
        },
      }),
    ),
    [],
  );
  assert.ok(
    !(await messages(obj({ a: { type: 'object', additionalProperties: { type: 'string', ...rules(self) } } }))).some(
      (m) => m.includes('uncorrelatable'),
    ),
  );
  const list = (extra: Obj) => obj({ a: { type: 'array', items: { type: 'string', ...extra } } });
  assert.deepEqual(await messages(list(rules("self != 'oldSelf'"))), []);
  assert.deepEqual(await messages(list(rules("self != ''", { messageExpression: 'string(oldSelf)' }))), []);
});

test('optionalOldSelf, true or false, needs a rule that compiles and uses oldSelf', async () => {
  const at = `${SPEC}.properties[a].x-kubernetes-validations[0]`;
  const notUsed = (v: boolean) =>
    `${at}.optionalOldSelf: Invalid value: ${v}: may not be set if oldSelf is not used in rule`;
  const str = (rule: string, optionalOldSelf: boolean) =>
    messages(obj({ a: { type: 'string', ...rules(rule, { optionalOldSelf }) } }));
  assert.deepEqual(await str("self == 'a'", false), [notUsed(false)]);
  assert.deepEqual(await str("self == 'a'", true), [notUsed(true)]);
  // a rule that does not compile, or is no bool, does not count as using oldSelf
  assert.deepEqual(await str('self == oldSelf', true), [
    `${at}.rule: Invalid value: ${printed('self == oldSelf', true)}: compilation failed: ERROR: <input>:1:6: found no matching overload for '_==_' applied to '(string, optional_type(string))'\n | self == oldSelf\n | .....^`,
    notUsed(true),
  ]);
  assert.deepEqual(await str('oldSelf', true), [
    `${at}.rule: Invalid value: ${printed('oldSelf', true)}: cel expression must evaluate to a bool`,
    notUsed(true),
  ]);
  assert.deepEqual(await str("oldSelf.orValue('') == self", true), []);
});

test('rules the server cannot type (a schema without a CEL type at or above them) are an internal error', async () => {
  const failed = (at: string) =>
    `${at}.x-kubernetes-validations: Internal error: internal error: failed to construct type information for ` +
    'x-kubernetes-validations rules: unable to convert structural schema to CEL declarations';
  const typeless = { 'x-kubernetes-preserve-unknown-fields': true };
  assert.deepEqual(await messages(obj({ a: { ...typeless, ...rules('true') } })), [failed(`${SPEC}.properties[a]`)]);
  assert.deepEqual(await messages(obj({ a: { type: 'array', items: typeless, ...rules('true') } })), [
    failed(`${SPEC}.properties[a]`),
  ]);
  assert.deepEqual(
    await messages(
      obj({
        a: {
          type: 'object',
          ...rules('true'),
          additionalProperties: { ...typeless, properties: { x: { type: 'string', ...rules('true') } } },
        },
      }),
    ),
    [failed(`${SPEC}.properties[a].additionalProperties.properties[x]`), failed(`${SPEC}.properties[a]`)],
  );
  // below a schema with rules, a typeless list item breaks the rules of the items
  assert.deepEqual(
    await messages(obj({ a: { type: 'array', items: { ...typeless, ...rules('true') } } }, rules('true'))),
    [failed(`${SPEC}.properties[a].items`)],
  );
  // an unknown type: its own rules are not compiled (a schema error there), those below fail to type
  assert.deepEqual(
    await messages(
      obj(
        {
          a: {
            type: 'Object',
            'x-kubernetes-list-type': 'atomic',
            items: obj({ x: { type: 'string', ...rules('true') } }, rules('true')),
          },
        },
        rules('true'),
      ),
    ),
    [
      `${SPEC}.properties[a].type: Unsupported value: "Object": supported values: "array", "boolean", "integer", "number", "object", "string"`,
      `${SPEC}.properties[a].type: Invalid value: "Object": must be array if x-kubernetes-list-type is specified`,
      failed(`${SPEC}.properties[a].items.properties[x]`),
      failed(`${SPEC}.properties[a].items`),
    ],
  );
  // no rule above the unknown type: nothing is typed from it
  assert.deepEqual(
    await messages(obj({ a: { type: 'Object', items: obj({ x: { type: 'string', ...rules('true') } }) } })),
    [
      `${SPEC}.properties[a].type: Unsupported value: "Object": supported values: "array", "boolean", "integer", "number", "object", "string"`,
    ],
  );
});
