// Language client round trips: the bundled server answers diagnostics, completion, hover and code actions
// for the sample workspace's manifests (schemas from the test cluster).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedExtension, untilProvided, waitForDiagnostics, workspaceFile } from './helpers';

describe('language client', () => {
  before(async () => {
    await activatedExtension();
  });

  it('reports the type error in pod-with-errors.yaml on the containerPort value', async () => {
    const uri = workspaceFile('pod-with-errors.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('containerPort: "http"'));
    const diagnostics = await waitForDiagnostics(uri, (all) => all.some((d) => d.range.start.line === line));
    const onPort = diagnostics.find((d) => d.range.start.line === line)!;
    assert.equal(onPort.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(
      document.getText(onPort.range).replace(/"/g, ''),
      'http',
      `range covers ${document.getText(onPort.range)}`,
    );
    assert.match(onPort.message, /integer/i);
  });

  it('completes container fields inside spec.template.spec.containers[0]', async () => {
    const uri = workspaceFile('deployment.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const imageLine = document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('image: nginx'));
    const indent = document.lineAt(imageLine).firstNonWhitespaceCharacterIndex;
    const position = new vscode.Position(imageLine + 1, indent);
    await editor.edit((edit) => edit.insert(new vscode.Position(imageLine + 1, 0), ' '.repeat(indent) + '\n'));
    const list = await untilProvided(
      () =>
        vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position),
      (result) => (result?.items ?? []).some((item) => labelOf(item) === 'imagePullPolicy'),
    );
    const labels = list.items.map(labelOf);
    for (const field of ['imagePullPolicy', 'resources', 'env', 'livenessProbe']) {
      assert.ok(labels.includes(field), `completion lacks ${field}: ${labels.slice(0, 40).join(', ')}`);
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('hovers spec.replicas with its schema description', async () => {
    const uri = workspaceFile('deployment.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.trim().startsWith('replicas:'));
    const position = new vscode.Position(line, document.lineAt(line).firstNonWhitespaceCharacterIndex + 2);
    const hovers = await untilProvided(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position),
      (result) => (result ?? []).length > 0,
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /desired pods/i);
  });

  it('offers a quick fix that rewrites the removed policy/v1beta1 apiVersion', async () => {
    const uri = workspaceFile('pdb-deprecated.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await waitForDiagnostics(uri, (all) => all.some((d) => d.range.start.line === 0));
    const range = new vscode.Range(0, 12, 0, 12);
    const actions = await untilProvided(
      () =>
        vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          uri,
          range,
          vscode.CodeActionKind.QuickFix.value,
        ),
      (result) => (result ?? []).some((a) => a.edit !== undefined && /policy\/v1\b/.test(a.title)),
    );
    const fix = actions.find((a) => a.edit !== undefined && /policy\/v1\b/.test(a.title))!;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.equal(document.lineAt(0).text, 'apiVersion: policy/v1');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

describe('custom resources from workspace CRD files', () => {
  it('validates widget.yaml against crds/widget-crd.yaml (spec.size must be an integer)', async () => {
    await activatedExtension();
    const uri = workspaceFile('widget.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('size: "large"'));
    const diagnostics = await waitForDiagnostics(uri, (all) => all.some((d) => d.range.start.line === line));
    const onSize = diagnostics.find((d) => d.range.start.line === line)!;
    assert.match(onSize.message, /spec\.size/);
    assert.match(onSize.message, /integer/);
    // The API server accepts the rest of this object (checked with kubectl apply --dry-run=server): apiVersion,
    // kind and metadata are implicit in every custom resource, and green is in the CRD's enum.
    const extra = diagnostics.filter((d) => d.range.start.line !== line).map((d) => d.message);
    assert.deepEqual(extra, [], `problems the API server does not report: ${extra.join('; ')}`);
  });
});

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}
