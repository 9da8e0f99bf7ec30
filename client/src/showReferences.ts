// The server's references CodeLens names `kubesense.showReferences` with LSP-shaped arguments; VS Code's peek view
// (`editor.action.showReferences`) wants its own types, so this converts them (glue only).
import * as vscode from 'vscode';

interface LspPosition {
  line: number;
  character: number;
}
interface LspLocation {
  uri: string;
  range: { start: LspPosition; end: LspPosition };
}

/** Must equal SHOW_REFERENCES_COMMAND in analysis/references/features.ts. */
export const SHOW_REFERENCES_COMMAND = 'kubesense.showReferences';

const position = (p: LspPosition) => new vscode.Position(p.line, p.character);

export function registerShowReferences(): vscode.Disposable {
  return vscode.commands.registerCommand(
    SHOW_REFERENCES_COMMAND,
    (uri: string, at: LspPosition, locations: LspLocation[]) =>
      vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(uri),
        position(at),
        locations.map(
          (l) =>
            new vscode.Location(
              vscode.Uri.parse(l.uri),
              new vscode.Range(position(l.range.start), position(l.range.end)),
            ),
        ),
      ),
  );
}
