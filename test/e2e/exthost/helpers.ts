// Shared helpers for the extension-host suites: wait on VS Code events, never on sleeps.
import * as vscode from 'vscode';

export const extensionId = 'kubesense.kubesense';

export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the extension-host tests need the sample workspace opened as a folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function activatedExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`extension ${extensionId} is not loaded`);
  await extension.activate();
  return extension;
}

/** Resolves with the document's diagnostics once `accept` says they are the expected ones. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 45_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (accept(diagnostics)) {
        done();
        resolve(diagnostics);
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      const got = vscode.languages
        .getDiagnostics(uri)
        .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
      reject(new Error(`timed out waiting for diagnostics on ${uri.path}; have: ${JSON.stringify(got)}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

/** Retries a provider query until it returns something acceptable: the server answers once its schemas load. */
export async function untilProvided<T>(
  query: () => Thenable<T>,
  accept: (value: T) => boolean,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  // Each round waits for the server's answer (not a timer), so this paces itself on the language server.
  while (Date.now() < deadline) {
    last = await query();
    if (accept(last)) return last;
    await new Promise<void>((resolve) => {
      const once = vscode.languages.onDidChangeDiagnostics(() => {
        once.dispose();
        resolve();
      });
      setTimeout(() => {
        once.dispose();
        resolve();
      }, 1000);
    });
  }
  throw new Error(`no acceptable answer within ${timeoutMs / 1000}s; last: ${JSON.stringify(last)?.slice(0, 500)}`);
}
