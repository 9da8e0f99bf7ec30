// What `check` remembers between objects to run faster (name rules' and quantities' answers per text, the built-in
// enum checks' plan per document and schema node) must never change an answer: a caller may keep and change what it
// is given, the memories are bounded, and two documents that share a schema node still answer each for itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResolvedSchema } from '../../../../analysis/schema/resolved';
import type { GroupVersionDocument, OpenAPISchema } from '../../../../analysis/schema/types';
import { checkBuiltinEnums } from '../../../../analysis/validation/builtin/enums';
import { dns1123Label, labelValue, qualifiedName } from '../../../../analysis/validation/builtin/names';
import { readQuantity } from '../../../../kube/util/quantity';

test('a name rule gives each caller its own list of errors: changing one changes no later answer', () => {
  const first = qualifiedName('bad key!');
  assert.ok(first.length > 0);
  const expected = [...first];
  first.push('added by a caller');
  first.length = 1;
  assert.deepEqual(qualifiedName('bad key!'), expected);
  const valid = labelValue('fine');
  valid.push('added by a caller');
  assert.deepEqual(labelValue('fine'), []);
});

test('name rules and quantities answer the same after their memories are full and emptied', () => {
  const before = {
    label: dns1123Label('Not_A_Label'),
    key: qualifiedName('example.com/x'),
    quantity: readQuantity('1.5Ki'),
    refused: readQuantity('1Gk'),
  };
  // More distinct texts than either memory keeps.
  for (let i = 0; i < 10_000; i++) {
    dns1123Label(`name-${i}`);
    qualifiedName(`example.com/key-${i}`);
    readQuantity(`${i}m`);
  }
  assert.deepEqual(dns1123Label('Not_A_Label'), before.label);
  assert.deepEqual(qualifiedName('example.com/x'), before.key);
  assert.equal(readQuantity('1.5Ki'), 1536);
  assert.equal(readQuantity('1.5Ki'), before.quantity);
  assert.equal(readQuantity('1Gk'), before.refused);
  assert.equal(readQuantity('9999m'), 9.999);
});

/** A group/version document whose kind holds a ContainerPort (the given node) and whose `Protocol` is `protocol`. */
function documentWith(containerPort: OpenAPISchema, protocol: OpenAPISchema): GroupVersionDocument {
  return {
    components: {
      schemas: {
        'io.k8s.api.core.v1.Holder': {
          type: 'object',
          'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Holder' }],
          properties: { port: { $ref: '#/components/schemas/io.k8s.api.core.v1.ContainerPort' } },
        } as OpenAPISchema,
        'io.k8s.api.core.v1.ContainerPort': containerPort,
        'io.k8s.api.core.v1.Protocol': protocol,
      },
    },
  } as GroupVersionDocument;
}

test('the built-in enum check plans each document apart, also where two documents share a schema node', () => {
  const shared: OpenAPISchema = {
    type: 'object',
    properties: { protocol: { $ref: '#/components/schemas/io.k8s.api.core.v1.Protocol' } },
  };
  // One document publishes the enum (its schema check reports a bad value), the other does not (the built-in check does).
  const publishing = documentWith(shared, { type: 'string', enum: ['SCTP', 'TCP', 'UDP'] });
  const silent = documentWith(shared, { type: 'string' });
  const resolved = (doc: GroupVersionDocument) =>
    new ResolvedSchema({ group: '', version: 'v1', kind: 'Holder' }, 'io.k8s.api.core.v1.Holder', doc, 'test', false);
  const value = { port: { protocol: 'QUIC' } };
  const reported = (doc: GroupVersionDocument) => checkBuiltinEnums(resolved(doc), value).map((p) => p.message);
  const expected = ['port.protocol: Unsupported value: "QUIC": supported values: "SCTP", "TCP", "UDP"'];
  for (const order of [
    [publishing, silent],
    [silent, publishing],
  ]) {
    for (const doc of order) assert.deepEqual(reported(doc), doc === silent ? expected : []);
  }
});
