// Position encodings (LSP 3.17 general.positionEncodings): a client offering UTF-8 or UTF-32 gets columns in it —
// diagnostics out, edits in — on lines where the encodings differ (non-ASCII text before the position).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Diagnostic, InitializeResult } from 'vscode-languageserver/node';
import { LspClient, kubesenseServerCommand, sharedK8s } from './harness';

const settings = { kubesense: { schemaDirectory: path.join(sharedK8s, 'openapi-v3', '1.35') } };
const TEXT = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  labels:
    "😀-ключ": ok
data:
  "😀ключ": 1
`;
const LINES = TEXT.split('\n');
const URI = 'file:///tmp/kubesense-encoding/cm.yaml';

async function diagnosticsWith(
  encodings: string[] | undefined,
): Promise<{ client: LspClient; init: InitializeResult; diagnostics: Diagnostic[] }> {
  const client = new LspClient(kubesenseServerCommand(), { settings });
  const init = await client.initialize({
    capabilities: {
      general: encodings ? { positionEncodings: encodings } : undefined,
      workspace: { configuration: true },
      textDocument: { publishDiagnostics: {} },
    },
  });
  await client.open(URI, TEXT);
  const diagnostics = await client.waitForDiagnosticsMatching(URI, (d) => d.length >= 2);
  return { client, init, diagnostics };
}

const sorted = (d: Diagnostic[]) => [...d].sort((a, b) => a.range.start.line - b.range.start.line);

test('UTF-8 and UTF-32 columns where the client offers them; UTF-16 otherwise', async () => {
  const utf16 = await diagnosticsWith(undefined);
  await utf16.client.stop();
  assert.equal(utf16.init.capabilities.positionEncoding, undefined, 'UTF-16 is the default and needs no answer');
  const reference = sorted(utf16.diagnostics);
  const column = (d: Diagnostic, which: 'start' | 'end') =>
    LINES[d.range[which].line].slice(0, d.range[which].character);
  assert.ok(
    reference.some((d) => /[^\x00-\x7f]/.test(column(d, 'start'))),
    'a diagnostic sits after non-ASCII text, where the encodings differ',
  );

  for (const [offered, chosen, width] of [
    [['utf-8', 'utf-16'], 'utf-8', (s: string) => Buffer.byteLength(s, 'utf8')],
    [['utf-32'], 'utf-32', (s: string) => [...s].length],
    [['utf-16', 'utf-8'], 'utf-16', (s: string) => s.length],
  ] as const) {
    const run = await diagnosticsWith([...offered]);
    try {
      assert.equal(run.init.capabilities.positionEncoding ?? 'utf-16', chosen);
      const got = sorted(run.diagnostics);
      assert.equal(got.length, reference.length);
      for (const [i, d] of got.entries()) {
        assert.equal(d.message, reference[i].message);
        assert.equal(d.range.start.character, width(column(reference[i], 'start')), `${chosen}: ${d.message}`);
        assert.equal(d.range.end.character, width(column(reference[i], 'end')), `${chosen}: ${d.message}`);
      }
      // An edit in the client's columns: replace the `1` after the non-ASCII key by a string.
      const line = 7;
      const at = width(LINES[line].slice(0, LINES[line].indexOf(': 1') + 2));
      await run.client.change(URI, 2, [
        { range: { start: { line, character: at }, end: { line, character: at + 1 } }, text: '"one"' },
      ]);
      const after = await run.client.waitForDiagnosticsMatching(URI, (d) => d.length === reference.length - 1);
      assert.ok(
        reference.some((d) => /must be of type string/.test(d.message)) &&
          after.every((d) => !/must be of type string/.test(d.message)),
        `the type error of the value is gone, nothing else: ${JSON.stringify(after)}`,
      );
    } finally {
      await run.client.stop();
    }
  }
});
