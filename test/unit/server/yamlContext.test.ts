// Where the cursor is, read from indentation while the line under it is still being typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cursorContext, siblingKeys } from '../../../analysis/features/yamlContext';
import { fromDescription } from '../../../analysis/features/enumHints';

const POD = [
  'apiVersion: v1', //      0
  'kind: Pod', //           1
  'spec:', //               2
  '  containers:', //       3
  '  - name: web', //       4
  '    image: nginx', //    5
  '    ', //                6  <- new key in the container
  '    ports:', //          7
  '    - containerPort: 80', // 8
  '      prot', //          9  <- typing a key in a port
  '  volumes:', //          10
  '  - configMap:', //      11
  '      na', //            12 <- key under configMap of a list item
  '  restartPolicy: Nev', // 13 <- value
  '  -', //                 14 <- a new list item under spec? (invalid: spec is a map)
];

test('key completion paths through lists, list items and nested mappings', () => {
  assert.deepEqual(cursorContext(POD, 6, 4, 0)?.path, ['spec', 'containers', 0]);
  const port = cursorContext(POD, 9, 10, 0);
  assert.deepEqual(port?.path, ['spec', 'containers', 0, 'ports', 0]);
  assert.equal(port?.prefix, 'prot');
  assert.deepEqual(cursorContext(POD, 12, 8, 0)?.path, ['spec', 'volumes', 0, 'configMap']);
});

test('value completion names the key and the mapping holding it', () => {
  const v = cursorContext(POD, 13, 20, 0);
  assert.equal(v?.mode, 'value');
  assert.equal(v?.key, 'restartPolicy');
  assert.deepEqual(v?.path, ['spec']);
  assert.equal(v?.prefix, 'Nev');
  const root = cursorContext(['apiVersion: '], 0, 12, 0);
  assert.deepEqual([root?.mode, root?.key, root?.path], ['value', 'apiVersion', []]);
});

test('inside comments and after a complete value there is nothing to complete', () => {
  assert.equal(cursorContext(['# a comment'], 0, 5, 0), undefined);
  assert.equal(cursorContext(['a: b c'], 0, 6, 0), undefined); // a value of several words is prose
  assert.equal(cursorContext(['spec:', '  replicas: 1', '    x'], 2, 5, 0), undefined); // under a scalar
});

test('the scan stops at the document start', () => {
  const lines = ['a:', '  b: 1', '---', '  c'];
  assert.deepEqual(cursorContext(lines, 3, 3, 3)?.path, []);
});

test('keys already present in the same mapping are found above and below, not in the next list item', () => {
  const keys = siblingKeys(POD, 6, 4, 0, POD.length - 1);
  assert.deepEqual([...keys].sort(), ['image', 'name', 'ports']);
  const item2 = ['containers:', '- name: a', '  image: x', '- name: b', '  '];
  assert.deepEqual([...siblingKeys(item2, 4, 2, 0, 4)].sort(), ['name']);
});

test('enum values from descriptions: upstream lists and plain prose, never loose sentences', () => {
  assert.deepEqual(fromDescription('Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always.'), [
    'Always',
    'Never',
    'IfNotPresent',
  ]);
  assert.deepEqual(fromDescription('Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".'), [
    'UDP',
    'TCP',
    'SCTP',
  ]);
  assert.deepEqual(fromDescription('x\n\nPossible enum values:\n - `"Always"` means a\n - `"Never"` means b'), [
    'Always',
    'Never',
  ]);
  assert.equal(fromDescription('Must be a DNS_LABEL. Cannot be updated.'), undefined);
  assert.equal(fromDescription('One of: an empty string (default) or Memory.'), undefined);
});
