// Drives `kubesense lsp --stdio` like an editor: open, edit, complete, hover, symbols, code actions, settings.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeAction, CompletionItem, DocumentSymbol, Hover, MarkupContent, TextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fork } from 'node:child_process';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { LspClient, kubesenseServerCommand, positionOf, repoRoot, sharedK8s } from './harness';
import { main } from '../../../cli/main';

const schemaDirectory = path.join(sharedK8s, 'openapi-v3', '1.35');
const settings = { kubesense: { schemaDirectory, kubernetesVersion: '1.35' } };

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: IfNotPresent
        ports:
        - containerPort: 80
          protocol: TCP
`;

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), edits);
}

function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

function hoverText(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  return (h.contents as MarkupContent).value;
}

describe('kubesense lsp --stdio', () => {
  let client: LspClient;

  before(async () => {
    client = new LspClient(kubesenseServerCommand(), { settings });
    const init = await client.initialize();
    assert.equal(init.serverInfo?.name, 'kubesense');
    assert.equal(
      init.capabilities.textDocumentSync &&
        typeof init.capabilities.textDocumentSync === 'object' &&
        init.capabilities.textDocumentSync.change,
      2,
      'incremental sync',
    );
  });

  after(async () => {
    await client.stop();
    assert.equal(client.stderr().includes('Error'), false, client.stderr());
  });

  test('open publishes diagnostics for the version; an incremental edit that fixes the problem clears them', async () => {
    const uri = 'file:///work/dup.yaml';
    const text = DEPLOYMENT.replace('  name: web\n', '  name: web\n  name: web2\n');
    let t = performance.now();
    await client.open(uri, text, 1);
    const first = await client.waitForDiagnostics(uri, t, 1);
    assert.equal(first.params.version, 1);
    const dup = first.params.diagnostics.find((d) => d.code === 'duplicate-key');
    assert.ok(dup, JSON.stringify(first.params.diagnostics));
    assert.deepEqual(dup.range.start, { line: 4, character: 2 });
    // delete the duplicate line with a range edit, as an editor does
    t = performance.now();
    await client.change(uri, 2, [
      { range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, text: '' },
    ]);
    const second = await client.waitForDiagnostics(uri, t, 2);
    assert.equal(second.params.version, 2);
    assert.deepEqual(
      second.params.diagnostics.filter((d) => d.code === 'duplicate-key'),
      [],
    );
    await client.close(uri);
  });

  test('editing one document of a multi-document file: the others keep their diagnostics, moved with the text', async () => {
    const uri = 'file:///work/multi.yaml';
    const bad = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  count: 1\n`;
    const text = ['---\n' + bad('a'), '---\n' + bad('b'), '---\n' + bad('c')].join('');
    let t = performance.now();
    await client.open(uri, text, 1);
    const before = await client.waitForDiagnostics(uri, t, 1);
    const lines = (ds: typeof before.params.diagnostics) =>
      ds
        .filter((d) => /data(\.|\[)count/.test(d.message))
        .map((d) => d.range.start.line)
        .sort((x, y) => x - y);
    assert.deepEqual(lines(before.params.diagnostics), [6, 13, 20]);
    // Two lines added to the first document; the same name twice makes a cross-document finding appear.
    t = performance.now();
    await client.change(uri, 2, [
      {
        range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
        text: '  labels:\n    tier: web\n',
      },
    ]);
    const after = await client.waitForDiagnostics(uri, t, 2);
    assert.deepEqual(lines(after.params.diagnostics), [8, 15, 22]);
    t = performance.now();
    await client.change(uri, 3, [
      { range: { start: { line: 13, character: 8 }, end: { line: 13, character: 9 } }, text: 'a' },
    ]);
    const dup = await client.waitForDiagnostics(uri, t, 3);
    assert.ok(
      dup.params.diagnostics.some((d) => /already defined at line/.test(d.message)),
      JSON.stringify(dup.params.diagnostics),
    );
    t = performance.now();
    await client.change(uri, 4, [
      { range: { start: { line: 13, character: 8 }, end: { line: 13, character: 9 } }, text: 'b' },
    ]);
    const undup = await client.waitForDiagnostics(uri, t, 4);
    assert.equal(
      undup.params.diagnostics.some((d) => /already defined at line/.test(d.message)),
      false,
    );
    assert.deepEqual(lines(undup.params.diagnostics), [8, 15, 22]);
    await client.close(uri);
  });

  test('completion of keys inside a container: required first, snippets for lists and objects, present keys left out', async () => {
    const uri = 'file:///work/complete.yaml';
    const text = DEPLOYMENT.replace(
      '        imagePullPolicy: IfNotPresent\n',
      '        imagePullPolicy: IfNotPresent\n        \n',
    );
    await client.open(uri, text);
    const pos = positionOf(text, 'IfNotPresent\n        \n', 'IfNotPresent\n        '.length);
    const items = await client.completion(uri, pos);
    const names = labels(items);
    for (const expected of ['env', 'resources', 'livenessProbe', 'volumeMounts', 'command', 'securityContext'])
      assert.ok(names.includes(expected), `missing ${expected}`);
    for (const present of ['name', 'image', 'imagePullPolicy', 'ports'])
      assert.ok(!names.includes(present), `${present} is already set`);
    const env = items.find((i) => i.label === 'env')!;
    assert.match((env.textEdit as { newText: string }).newText, /^env:\n- name: \$1/); // EnvVar requires name
    const resources = items.find((i) => i.label === 'resources')!;
    assert.match((resources.textEdit as { newText: string }).newText, /^resources:\n {2}/);
    assert.equal(resources.insertTextFormat, 2);
    await client.close(uri);
  });

  test('required keys sort first', async () => {
    const uri = 'file:///work/required.yaml';
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  \n';
    await client.open(uri, text);
    const items = await client.completion(uri, { line: 5, character: 2 });
    const sorted = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
    assert.deepEqual(
      sorted
        .slice(0, 2)
        .map((i) => i.label)
        .sort(),
      ['selector', 'template'],
    );
    assert.ok(items.find((i) => i.label === 'replicas'));
    await client.close(uri);
  });

  test('value completion: enums, booleans, apiVersions and the kinds each serves', async () => {
    const uri = 'file:///work/values.yaml';
    const text =
      'apiVersion: \nkind: Deployment\nspec:\n  template:\n    spec:\n      restartPolicy: \n      hostNetwork: \n';
    await client.open(uri, text);
    const apiVersions = labels(await client.completion(uri, { line: 0, character: 12 }));
    assert.ok(
      apiVersions.includes('apps/v1') && apiVersions.includes('v1') && apiVersions.includes('batch/v1'),
      apiVersions.join(','),
    );
    await client.change(uri, 2, [
      { range: { start: { line: 0, character: 12 }, end: { line: 0, character: 12 } }, text: 'apps/v1' },
    ]);
    const kinds = await client.completion(uri, { line: 1, character: 6 });
    const appsKinds = kinds.filter((k) => k.detail === 'apps/v1').map((k) => k.label);
    assert.deepEqual([...appsKinds].sort(), [
      'ControllerRevision',
      'DaemonSet',
      'Deployment',
      'ReplicaSet',
      'StatefulSet',
    ]);
    const restart = labels(await client.completion(uri, { line: 5, character: 21 }));
    assert.deepEqual([...restart].sort(), ['Always', 'Never', 'OnFailure']);
    const bool = labels(await client.completion(uri, { line: 6, character: 19 }));
    assert.deepEqual(bool, ['true', 'false']);
    await client.close(uri);
  });

  test('new-resource snippets at the root of an empty document', async () => {
    const uri = 'file:///work/new.yaml';
    await client.open(uri, '');
    const items = await client.completion(uri, { line: 0, character: 0 });
    const deployment = items.find((i) => i.label === 'Deployment');
    assert.ok(deployment, labels(items).slice(0, 20).join(','));
    const snippet = (deployment.textEdit as { newText: string }).newText;
    assert.match(
      snippet,
      /^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n {2}name: \$\{1:name\}\nspec:\n {2}selector:/,
    );
    assert.ok(items.find((i) => i.label === 'ConfigMap'));
    await client.close(uri);
  });

  test('hover shows path, type and description like kubectl explain', async () => {
    const uri = 'file:///work/hover.yaml';
    await client.open(uri, DEPLOYMENT);
    const replicas = hoverText(await client.hover(uri, positionOf(DEPLOYMENT, 'replicas', 2)));
    assert.match(replicas, /KIND: {7}Deployment/);
    assert.match(replicas, /FIELD: replicas <integer>/);
    assert.match(replicas, /PATH: {2}spec\.replicas/);
    assert.match(replicas, /Number of desired pods/);
    const image = hoverText(await client.hover(uri, positionOf(DEPLOYMENT, 'image:', 1)));
    assert.match(image, /PATH: {2}spec\.template\.spec\.containers\.image/);
    assert.match(image, /Container image name/);
    const containers = hoverText(await client.hover(uri, positionOf(DEPLOYMENT, 'containers:', 1)));
    assert.match(containers, /FIELD: containers <\[\]Container>/);
    assert.match(containers, /`name` \\<string\\> \*\*required\*\*/);
    assert.equal(await client.hover(uri, { line: 0, character: 0 }).then((h) => h !== null), true);
    await client.close(uri);
  });

  test('document symbols: one per object, Kind/name, from a real multi-document file', async () => {
    const file = path.join(sharedK8s, 'corpus/microservices-demo/release/kubernetes-manifests.yaml');
    const text = readFileSync(file, 'utf8');
    const uri = 'file:///work/microservices.yaml';
    await client.open(uri, text);
    const symbols = (await client.documentSymbols(uri)) as DocumentSymbol[];
    const expected = [...text.matchAll(/^kind: (\w+)\nmetadata:\n {2}name: ([\w-]+)/gm)].map((m) => `${m[1]}/${m[2]}`);
    assert.ok(expected.length > 10);
    assert.deepEqual(
      symbols.map((s) => s.name),
      expected,
    );
    assert.ok(symbols.every((s) => s.children && s.children.some((c) => c.name === 'metadata')));
    await client.close(uri);
  });

  test('code actions: one quick fix per fix validation attached; applying it clears the diagnostic', async () => {
    const uri = 'file:///work/fixes.yaml';
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  enabled: yes\n---\napiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: old\n';
    let t = performance.now();
    await client.open(uri, text, 1);
    const first = await client.waitForDiagnostics(uri, t, 1);
    const yes = first.params.diagnostics.find((d) => /"yes"/.test(d.message));
    assert.ok(yes, JSON.stringify(first.params.diagnostics));
    const quote = (await client.codeActions(uri, yes.range, [yes])) as CodeAction[];
    assert.equal(quote.length, 1, JSON.stringify(quote));
    assert.equal(quote[0].kind, 'quickfix');
    const edits = quote[0].edit!.changes![uri];
    const fixed = applyEdits(text, edits);
    assert.match(fixed, /enabled: "yes"|enabled: 'yes'/);

    const old = first.params.diagnostics.find((d) => d.range.start.line === 7);
    assert.ok(old, JSON.stringify(first.params.diagnostics));
    const move = (await client.codeActions(uri, old.range, [old])) as CodeAction[];
    const toApps = move.find((a) => /apps\/v1/.test(a.title));
    assert.ok(toApps, JSON.stringify(move));
    const moved = applyEdits(fixed, toApps.edit!.changes![uri]);
    assert.match(moved, /^apiVersion: apps\/v1\nkind: Deployment/m);

    t = performance.now();
    await client.change(uri, 2, [{ text: moved }]);
    const after = await client.waitForDiagnostics(uri, t, 2);
    assert.equal(
      after.params.diagnostics.some((d) => /"yes"/.test(d.message)),
      false,
    );
    assert.equal(
      after.params.diagnostics.some((d) => d.range.start.line === 7 && d.code === 'removed-api'),
      false,
    );
    await client.close(uri);
  });

  test('a cancelled request answers (cancelled or result) and the server keeps serving', async () => {
    const uri = 'file:///work/cancel.yaml';
    await client.open(uri, DEPLOYMENT);
    const source = client.cancellable();
    const pending = client.completion(uri, { line: 7, character: 2 }, source.token);
    source.cancel();
    await pending.then(
      () => undefined,
      (err: { code?: number }) => assert.equal(err.code, -32800),
    );
    const again = await client.completion(uri, { line: 7, character: 2 });
    assert.ok(Array.isArray(again));
    await client.close(uri);
  });

  test('requests on documents the server does not know answer empty', async () => {
    assert.deepEqual(await client.completion('file:///nope.yaml', { line: 0, character: 0 }), []);
    assert.equal(await client.hover('file:///nope.yaml', { line: 0, character: 0 }), null);
  });

  test('schema load reports window/workDoneProgress begin and end', () => {
    assert.ok(client.progressCreated.length >= 1);
    const kinds = client.progress.map((p) => (p.value as { kind: string }).kind);
    assert.equal(kinds[0], 'begin');
    assert.ok(kinds.includes('end'));
  });
});

describe('without any schema', () => {
  test('says so once, plainly, and still checks YAML', async () => {
    const base = kubesenseServerCommand();
    const emptyCache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-lsp-empty-cache-'));
    const client = new LspClient(
      { ...base, env: { ...base.env, KUBESENSE_CACHE: emptyCache } },
      { settings: { kubesense: {} } },
    );
    try {
      await client.initialize();
      const a = 'file:///work/a.yaml';
      const b = 'file:///work/b.yaml';
      let t = performance.now();
      await client.open(a, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n');
      const d = await client.waitForDiagnostics(a, t, 1);
      assert.ok(d.params.diagnostics.some((x) => x.code === 'duplicate-key'));
      t = performance.now();
      await client.open(b, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
      await client.waitForDiagnostics(b, t, 1);
      const warnings = client.messages.filter((m) => /no Kubernetes schema/.test(m.message));
      assert.equal(warnings.length, 1, JSON.stringify(client.messages));
      assert.match(warnings[0].message, /kubesense\.schemaDirectory/);
    } finally {
      await client.stop();
    }
  });
});

describe('upstream schemas downloaded before (no cluster, no schema folder)', () => {
  test('the cached documents of kubernetesVersion serve as schemas, without a download', async () => {
    const base = kubesenseServerCommand();
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-lsp-cache-'));
    fs.mkdirSync(path.join(cache, 'openapi-v3'));
    // The download lays documents out as ../shared/k8s/openapi-v3/<version>; a link stands in for it.
    fs.symlinkSync(path.join(sharedK8s, 'openapi-v3', '1.27'), path.join(cache, 'openapi-v3', '1.27'));
    const client = new LspClient(
      { ...base, env: { ...base.env, KUBESENSE_CACHE: cache } },
      { settings: { kubesense: { kubernetesVersion: '1.27' } } },
    );
    try {
      await client.initialize();
      const uri = 'file:///work/upstream.yaml';
      const t = performance.now();
      await client.open(uri, DEPLOYMENT.replace('replicas: 2', 'replicas: two'), 1);
      const d = await client.waitForDiagnostics(uri, t, 1);
      assert.ok(
        d.params.diagnostics.some((x) => /spec\.replicas/.test(x.message)),
        JSON.stringify(d.params.diagnostics),
      );
      assert.equal(client.messages.filter((m) => /no Kubernetes schema/.test(m.message)).length, 0);
    } finally {
      await client.stop();
    }
  });
});

describe('kubesense lsp --stdio --schema-dir (editor without settings)', () => {
  test('flags are the defaults: schemas load, hover and diagnostics work', async () => {
    const base = kubesenseServerCommand();
    const client = new LspClient(
      { ...base, args: [...base.args, '--schema-dir', schemaDirectory, '--kube-version', '1.35'] },
      { settings: {} },
    );
    try {
      await client.initialize();
      const uri = 'file:///work/flags.yaml';
      const t = performance.now();
      await client.open(uri, DEPLOYMENT.replace('replicas: 2', 'replicas: two'), 1);
      const d = await client.waitForDiagnostics(uri, t, 1);
      assert.ok(
        d.params.diagnostics.some((x) => /spec\.replicas/.test(x.message)),
        JSON.stringify(d.params.diagnostics),
      );
      assert.match(
        hoverText(await client.hover(uri, positionOf(DEPLOYMENT, 'replicas', 2))),
        /FIELD: replicas <integer>/,
      );
      assert.equal(client.messages.length, 0, JSON.stringify(client.messages));
    } finally {
      await client.stop();
    }
  });
});

describe('over Node IPC (how the extension starts it)', () => {
  test('initialize, open and hover through process.send', async () => {
    const child = fork(path.join(repoRoot, 'out/server/src/server.js'), ['--node-ipc'], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const published: PublishDiagnosticsParams[] = [];
    const gotDiagnostics = new Promise<void>((resolve) =>
      connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        published.push(p);
        resolve();
      }),
    );
    connection.onRequest('workspace/configuration', () => [{ schemaDirectory }]);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    try {
      await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: { workspace: { configuration: true } },
      });
      await connection.sendNotification('initialized', {});
      const uri = 'file:///work/ipc.yaml';
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version: 1, text: DEPLOYMENT },
      });
      await gotDiagnostics;
      assert.equal(published[0].uri, uri);
      const hover = await connection.sendRequest<Hover | null>('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(DEPLOYMENT, 'replicas', 2),
      });
      assert.match(hoverText(hover), /FIELD: replicas <integer>/);
      await connection.sendRequest('shutdown');
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await connection.sendNotification('exit');
      await exited;
    } finally {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    }
  });
});

describe('kubesense lsp (CLI)', () => {
  test('without --stdio it is a usage error', async () => {
    let err = '';
    const code = await main(['lsp'], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => ((err += s), true) },
      env: {},
      cwd: process.cwd(),
    });
    assert.equal(code, 1);
    assert.match(err, /--stdio/);
  });
});
