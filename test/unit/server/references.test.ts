// References between objects through the protocol, as an editor uses them: the server indexes the workspace folder
// on its own, answers definition / references / CodeLens / rename / links / symbols / completion across files, and
// keeps reference diagnostics current when another file changes (in the editor or on disk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CodeLens,
  DocumentLink,
  Location,
  Range,
  SymbolInformation,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import { LspClient, kubesenseServerCommand, positionOf, sharedK8s } from './harness';

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
data:
  mode: fast
`;
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx
          ports: [{ name: http, containerPort: 8080 }]
          envFrom:
            - configMapRef:
                name: web-config
      volumes:
        - name: cfg
          configMap:
            name: web-config
        - name: more
          configMap:
            name: extra-config
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: http }]
`;

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-lsp-refs-'));
  fs.writeFileSync(path.join(dir, 'config.yaml'), CONFIG);
  fs.writeFileSync(path.join(dir, 'deploy.yaml'), DEPLOY);
  fs.writeFileSync(path.join(dir, 'service.yaml'), SERVICE);
  return dir;
}

const uriOf = (dir: string, name: string) => pathToFileURL(path.join(dir, name)).href;

async function indexed(client: LspClient): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!client.logs.some((l) => /reference index: \d+ objects/.test(l.message))) {
    if (Date.now() > deadline) throw new Error(`never indexed:\n${client.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function start(dir: string): LspClient {
  return new LspClient(kubesenseServerCommand(), {
    settings: { kubesense: { schemaDirectory: path.join(sharedK8s, 'openapi-v3', '1.35') } },
    workspaceFolder: dir,
  });
}

test('across files: definition, references, CodeLens, rename, links, symbols, completion', async () => {
  const dir = workspace();
  const client = start(dir);
  try {
    const init = await client.initialize();
    assert.equal(init.capabilities.definitionProvider, true);
    assert.deepEqual(init.capabilities.renameProvider, { prepareProvider: true });
    await indexed(client);
    const deploy = uriOf(dir, 'deploy.yaml');
    const config = uriOf(dir, 'config.yaml');
    await client.open(deploy, DEPLOY);

    // Go to Definition on `name: web-config` (envFrom) lands on the ConfigMap's name in config.yaml.
    const onRef = positionOf(DEPLOY, 'web-config', 2);
    const defs = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: deploy },
      position: onRef,
    });
    assert.deepEqual(defs, [{ uri: config, range: range(3, 8, 3, 18) }]);

    // Find All References from the ConfigMap's own name.
    await client.open(config, CONFIG);
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: config },
      position: { line: 3, character: 10 },
      context: { includeDeclaration: true },
    });
    assert.deepEqual(
      refs.map((l) => [path.basename(l.uri), l.range.start.line]),
      [
        ['deploy.yaml', 18],
        ['deploy.yaml', 22],
        ['config.yaml', 3],
      ],
    );
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: config } });
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0]!.command?.title, '2 references');
    assert.equal(lenses[0]!.command?.command, 'kubesense.showReferences');
    const deployLenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: deploy } });
    assert.equal(deployLenses[0]!.command?.title, '1 reference', 'the Service selecting its pods');

    // Rename from a reference: the definition and both references change.
    const prepared = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', {
      textDocument: { uri: deploy },
      position: onRef,
    });
    assert.deepEqual(prepared, { range: range(18, 22, 18, 32), placeholder: 'web-config' });
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: deploy },
      position: onRef,
      newName: 'web-settings',
    });
    assert.deepEqual(edit.changes, {
      [config]: [{ range: range(3, 8, 3, 18), newText: 'web-settings' }],
      [deploy]: [
        { range: range(18, 22, 18, 32), newText: 'web-settings' },
        { range: range(22, 18, 22, 28), newText: 'web-settings' },
      ],
    });
    const none = await client.request<unknown>('textDocument/prepareRename', {
      textDocument: { uri: deploy },
      position: positionOf(DEPLOY, 'nginx'),
    });
    assert.equal(none, null, 'nothing to rename on an image');

    const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: deploy } });
    assert.deepEqual(
      links.map((l) => [l.range.start.line, l.target]),
      [
        [18, `${config}#L4`],
        [22, `${config}#L4`],
      ],
    );

    const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'cmweb' });
    assert.deepEqual(
      symbols.map((s) => [s.name, s.containerName, path.basename(s.location.uri)]),
      [['ConfigMap/web-config', 'shop', 'config.yaml']],
    );

    // Completion of a referenced name from the index.
    const typing = DEPLOY.replace('name: extra-config', 'name: ');
    const draft = uriOf(dir, 'draft.yaml');
    await client.open(draft, typing);
    const items = await client.completion(draft, { line: 25, character: 18 });
    const item = items.find((i) => i.label === 'web-config');
    assert.ok(item, `web-config offered: ${JSON.stringify(items.map((i) => i.label))}`);
    assert.equal(item.detail, 'ConfigMap in the workspace');
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('reference diagnostics follow edits in another file and changes on disk', async () => {
  const dir = workspace();
  const client = start(dir);
  try {
    await client.initialize();
    await indexed(client);
    const deploy = uriOf(dir, 'deploy.yaml');
    const config = uriOf(dir, 'config.yaml');
    await client.open(deploy, DEPLOY);
    // No cluster: a missing ConfigMap is "cannot tell" (information), never a warning.
    const first = await client.waitForDiagnosticsMatching(deploy, (d) =>
      d.some((x) => x.code === 'dangling-reference'),
    );
    assert.deepEqual(
      first.map((d) => [d.code, d.severity, d.range.start.line, d.message]),
      [
        [
          'dangling-reference',
          3,
          25,
          'ConfigMap "shop/extra-config" is not defined in the workspace; no cluster is connected, so whether it exists cannot be told.',
        ],
      ],
    );

    // The ConfigMap is renamed in the editor (not saved): deploy.yaml's references to it are now unknown too.
    await client.open(config, CONFIG);
    await client.change(config, 2, [{ range: range(3, 8, 3, 18), text: 'renamed' }]);
    const after = await client.waitForDiagnosticsMatching(deploy, (d) => d.length === 3);
    assert.deepEqual(
      after.map((d) => d.range.start.line),
      [18, 22, 25],
    );

    // A file created on disk defines extra-config: one event, that file read, the warning gone.
    fs.writeFileSync(path.join(dir, 'extra.yaml'), CONFIG.replace('web-config', 'extra-config'));
    await client.didChangeWatchedFiles([{ uri: uriOf(dir, 'extra.yaml'), type: 1 }]);
    const final = await client.waitForDiagnosticsMatching(deploy, (d) => d.length === 2);
    assert.deepEqual(
      final.map((d) => d.range.start.line),
      [18, 22],
    );
    assert.ok(
      client.registrations.some(
        (r) =>
          r.method === 'workspace/didChangeWatchedFiles' &&
          JSON.stringify(r.registerOptions).includes('**/*.{yaml,yml,json}'),
      ),
      'the server watches manifest files',
    );

    // Rules can be turned off per workspace.
    await client.didChangeConfiguration({
      kubesense: {
        schemaDirectory: path.join(sharedK8s, 'openapi-v3', '1.35'),
        references: { danglingReferences: false },
      },
    });
    await client.waitForDiagnosticsMatching(deploy, (d) => d.length === 0);
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function range(l1: number, c1: number, l2: number, c2: number): Range {
  return { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } };
}
