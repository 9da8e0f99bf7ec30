// The name the API server generates from generateName, printed in field errors as the server prints it (Go's %q of
// the prefix's bytes, cut at 58 bytes even inside a rune), for metadata.name and for a Job's pod template labels.
// Each expectation was probed with a dry-run create on kube-apiserver 1.35 (the random suffix written out here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorMessages, storeFor } from './sharedData';

const store = storeFor('1.35');
const errors = (o: unknown) => errorMessages(store, o);

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const generated = (quoted: string) => `${quoted} + 5 random characters (the generated name)`;

const job = (generateName: string) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { generateName, namespace: 'default' },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } } },
});

test("a Job's generated name is printed as Go's %q in metadata.name and in the pod template's labels", async () => {
  // Quotes, backslashes and non-ASCII letters: both quotings agree.
  const plain = String.raw`"Ab\"é\\-"`;
  assert.deepEqual(await errors(job('Ab"é\\-')), [
    `metadata.generateName: Invalid value: ${plain}: ${SUBDOMAIN}`,
    `metadata.name: Invalid value: ${generated(plain)}: ${SUBDOMAIN}`,
    `spec.template.labels: Invalid value: ${generated(plain)}: ${LABEL}`,
  ]);
  // A control character, a no-break space and a line separator: Go escapes them as \x01, \u00a0 and \u2028, which
  // JSON.stringify writes as \u0001 or leaves as they are.
  const escaped = String.raw`"a\x01\u00a0\u2028-"`;
  assert.deepEqual(await errors(job('a\x01\u00a0\u2028-')), [
    `metadata.generateName: Invalid value: ${escaped}: ${SUBDOMAIN}`,
    `metadata.name: Invalid value: ${generated(escaped)}: ${SUBDOMAIN}`,
    `spec.template.labels: Invalid value: ${generated(escaped)}: ${LABEL}`,
  ]);
});

test('the generated name keeps 58 bytes of the prefix: a rune cut in two is printed as its first byte', async () => {
  const cut = `"${'a'.repeat(57)}\\xc3"`;
  assert.deepEqual(await errors(job(`${'a'.repeat(57)}é-`)), [
    `metadata.generateName: Invalid value: "${'a'.repeat(57)}é-": ${SUBDOMAIN}`,
    `metadata.name: Invalid value: ${generated(cut)}: ${SUBDOMAIN}`,
    `spec.template.labels: Invalid value: ${generated(cut)}: ${LABEL}`,
  ]);
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: `a${'é'.repeat(30)}` } };
  assert.deepEqual(await errors({ ...configMap, metadata: { ...configMap.metadata, namespace: 'default' } }), [
    `metadata.generateName: Invalid value: "a${'é'.repeat(30)}": ${SUBDOMAIN}`,
    `metadata.name: Invalid value: ${generated(`"a${'é'.repeat(28)}\\xc3"`)}: ${SUBDOMAIN}`,
  ]);
});

test('58 two-byte letters keep 29 of them: the generated label value fits in 63 bytes (no length error)', async () => {
  const kept = `"${'é'.repeat(29)}"`;
  assert.deepEqual(await errors(job('é'.repeat(58))), [
    `metadata.generateName: Invalid value: "${'é'.repeat(58)}": ${SUBDOMAIN}`,
    `metadata.name: Invalid value: ${generated(kept)}: ${SUBDOMAIN}`,
    `spec.template.labels: Invalid value: ${generated(kept)}: ${LABEL}`,
  ]);
});

test("generateName's trailing '-' is masked as apimachinery masks it: its last two bytes become 'a'", async () => {
  const configMap = (generateName: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { generateName, namespace: 'default' },
  });
  // `a@-` is checked as `aa` (valid); the name generated from it, `a@-xxxxx`, is not.
  for (const prefix of ['a@-', 'a_-'])
    assert.deepEqual(await errors(configMap(prefix)), [
      `metadata.name: Invalid value: ${generated(`"${prefix}"`)}: ${SUBDOMAIN}`,
    ]);
  // `é-` keeps the first byte of é (`\xc3a`), and a lone `-` is not masked: both refused.
  for (const prefix of ['é-', '-'])
    assert.deepEqual(await errors(configMap(prefix)), [
      `metadata.generateName: Invalid value: "${prefix}": ${SUBDOMAIN}`,
      `metadata.name: Invalid value: ${generated(`"${prefix}"`)}: ${SUBDOMAIN}`,
    ]);
  assert.deepEqual(await errors(configMap('ab-')), []);
});

test("an RBAC kind's name rule ignores that generateName is a prefix: '.' is refused there too", async () => {
  const role = (generateName: string) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { generateName, namespace: 'default' },
  });
  assert.deepEqual(await errors(role('.')), [`metadata.generateName: Invalid value: ".": may not be '.'`]);
  assert.deepEqual(await errors(role('a/')), [
    `metadata.generateName: Invalid value: "a/": may not contain '/'`,
    `metadata.name: Invalid value: ${generated('"a/"')}: may not contain '/'`,
  ]);
});
