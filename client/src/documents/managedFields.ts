// "Show Managed Fields" / "Hide Managed Fields" on a read-only YAML view: the same object at an address whose query
// asks for `metadata.managedFields` (hidden by default, as `kubectl get -o yaml` hides them since 1.21).
import * as vscode from 'vscode';
import { SHOW_MANAGED_FIELDS_QUERY } from '../model/objectYaml';
import { RESOURCE_SCHEME } from './resourceDocuments';

/** Context key: the active editor is a YAML view that shows managed fields (package.json menus read it). */
export const MANAGED_FIELDS_SHOWN_KEY = 'kubesense.managedFieldsShown';

function isYamlView(uri: vscode.Uri): boolean {
  return uri.scheme === RESOURCE_SCHEME && uri.path.endsWith('.yaml');
}

export function registerManagedFieldsToggle(): vscode.Disposable[] {
  const updateContextKey = (editor: vscode.TextEditor | undefined) =>
    void vscode.commands.executeCommand(
      'setContext',
      MANAGED_FIELDS_SHOWN_KEY,
      !!editor && isYamlView(editor.document.uri) && editor.document.uri.query === SHOW_MANAGED_FIELDS_QUERY,
    );
  const toggle = async (show: boolean, arg: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || !isYamlView(uri)) {
      void vscode.window.showInformationMessage('Open an object as YAML (read-only) from the Clusters view first.');
      return;
    }
    const target = uri.with({ query: show ? SHOW_MANAGED_FIELDS_QUERY : '' });
    if (target.toString() === uri.toString()) return;
    const old = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), {
      preview: old?.isPreview ?? true,
      viewColumn: old?.group.viewColumn,
    });
    // The same object in the same place: the view replaces the one it was toggled from.
    if (old) await vscode.window.tabGroups.close(old, true);
    updateContextKey(editor);
  };
  updateContextKey(vscode.window.activeTextEditor);
  return [
    vscode.window.onDidChangeActiveTextEditor(updateContextKey),
    vscode.commands.registerCommand('kubesense.showManagedFields', (arg) => toggle(true, arg)),
    vscode.commands.registerCommand('kubesense.hideManagedFields', (arg) => toggle(false, arg)),
  ];
}
