// Every manifest of kubectl-validate's test cases: each starts with the response a real API server gave.
// We must report that error at that field, and nothing at all on the documents the server accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { sharedK8s, storeFor } from './sharedData';

const dir = path.join(sharedK8s, 'manifests/kubectl-validate');
const store = storeFor('1.35', ['crds/kubectl-validate/crds']);

interface Cause {
  field?: string;
  message: string;
}
interface Expected {
  status: 'Success' | 'Failure' | 'None';
  causes: Cause[];
}

/** The JSON in the leading `# ` comment block of a document chunk. */
function expectedOf(chunk: string): Expected {
  const lines: string[] = [];
  for (const line of chunk.split('\n')) {
    if (line.startsWith('#')) lines.push(line.replace(/^# ?/, ''));
    else if (line.trim() === '' && lines.length === 0) continue;
    else break;
  }
  const text = lines.join('\n');
  const end = text.lastIndexOf('}');
  if (!text.trimStart().startsWith('{') || end < 0) return { status: 'None', causes: [] };
  const status = JSON.parse(text.slice(0, end + 1)) as { status: string; details?: { causes?: Cause[] } };
  return { status: status.status === 'Success' ? 'Success' : 'Failure', causes: status.details?.causes ?? [] };
}

function matches(cause: Cause, d: { field?: string; message: string; code: string }): boolean {
  // go-yaml counts the line of a duplicate key from the start of the request body, which the test harness prefixed.
  // kubectl-validate's own wrapper text around the server's message is not part of the API server's error.
  const causeMessage = cause.message.replace(/^line \d+: /, '').replace(/^failed to retrieve validator: /, '');
  const sameMessage =
    d.message.includes(causeMessage) || (/unknown field/.test(cause.message) && d.code === 'unknown-field');
  return sameMessage && (cause.field === undefined || d.field === cause.field);
}

// Where the recorded response is not what a real 1.35 API server says. configmap.yaml's finalizer
// "finalizers.compute.linkedin.com" is not domain-qualified: kube-apiserver 1.35 of test/cluster rejects it
// (`name is neither a standard finalizer name nor is it fully qualified`, seen in the agreement test).
const REAL_SERVER_REJECTS: Record<string, string> = { 'configmap.yaml': 'metadata.finalizers[0]' };

for (const name of fs.readdirSync(dir).sort()) {
  test(`kubectl-validate case ${name}`, async () => {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const file = parseManifestFile(text, name);
    const diagnostics = (await validate(file, store)).filter((d) => d.severity !== 'information');
    const chunks = text.split(/^---[ \t]*$/m);
    // A chunk-per-document mapping holds when the file does not start with `---` (empty.yaml does).
    const expectations = chunks.map(expectedOf);
    let failures = 0;
    file.documents.forEach((doc, i) => {
      const exp = expectations[chunks.length === file.documents.length ? i : Math.min(i + 1, chunks.length - 1)] ?? {
        status: 'None',
        causes: [],
      };
      const mine = diagnostics.filter((d) => d.documentIndex === doc.index);
      if (exp.status === 'Failure') {
        failures++;
        assert.ok(
          mine.some((d) => d.severity === 'error'),
          `document ${i}: the API server rejected it, we found nothing`,
        );
        for (const cause of exp.causes) {
          assert.ok(
            mine.some((d) => matches(cause, d)),
            `document ${i}: missing ${JSON.stringify(cause)}; we said ${JSON.stringify(mine.map((d) => [d.field, d.message]))}`,
          );
        }
      } else if (REAL_SERVER_REJECTS[name]) {
        assert.deepEqual(
          mine.map((d) => d.field),
          [REAL_SERVER_REJECTS[name]],
        );
        assert.match(mine[0].message, /name is neither a standard finalizer name nor is it fully qualified/);
      } else {
        assert.deepEqual(
          mine.map((d) => d.message),
          [],
          `document ${i}: the API server accepted it`,
        );
      }
    });
    // error_api_deprecation.yaml.disabled holds a valid apps/v1 Deployment under a stray non-JSON comment
    // (the reason upstream disabled it): the API server accepts it, and so do we.
    if (name.startsWith('error_') && !name.endsWith('.disabled'))
      assert.ok(failures > 0, 'an error_ case must expect a failure');
  });
}

test('the causes are reported at the field itself (line of the offending key/value)', async () => {
  const text = fs.readFileSync(path.join(dir, 'error_enum_invalid.yaml'), 'utf8');
  const file = parseManifestFile(text, 'x');
  const [d] = await validate(file, store);
  assert.equal(text.split('\n')[d.range.start.line].trim(), '- protocol: udp # should be UDP');
  assert.equal(text.slice(d.offsets.start, d.offsets.end), 'udp');
});
