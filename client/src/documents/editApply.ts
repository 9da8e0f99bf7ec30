// Editable copies of live objects: opened as YAML files of an in-memory file system (editedCopyFs.ts), applied with
// server-side apply only after the user saw the diff the server itself computed (a dry-run) and confirmed. The
// question is a notification, not a modal dialog, so the diff stays readable while the user decides.
import * as vscode from 'vscode';
import { isConflict } from '../../../kube/rest/errors';
import { classifyFailure } from '../model/errors';
import type { ExplorerModel } from '../model/explorer';
import type { ExplorerResource } from '../model/kinds';
import {
  editableCopy,
  editedCopyPath,
  parseEditedCopy,
  toYaml,
  type KubeObjectJson,
  type ObjectIdentity,
} from '../model/objectYaml';
import type { ObjectAddress } from '../model/uris';
import type { Log } from '../output';
import { EDITED_COPY_SCHEME, type EditedCopyFileSystem } from './editedCopyFs';
import type { DiffDocumentProvider } from './resourceDocuments';
import { errorMessage } from '../../../kube/util/errors';

interface EditSession {
  address: ObjectAddress;
  resource: ExplorerResource;
  identity: ObjectIdentity;
}

export const EDITED_COPY_CONTEXT_KEY = 'kubesense.editedCopyActive';

/** What the diff compares: the user's fields, without server bookkeeping that always differs. */
function comparable(obj: KubeObjectJson): KubeObjectJson {
  const copy = structuredClone(obj);
  if (copy.metadata) {
    delete copy.metadata.managedFields;
    delete copy.metadata.resourceVersion;
    delete copy.metadata.generation;
  }
  return copy;
}

export class EditedCopies implements vscode.Disposable {
  private readonly sessions = new Map<string, EditSession>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly model: ExplorerModel,
    private readonly diffs: DiffDocumentProvider,
    private readonly files: EditedCopyFileSystem,
    private readonly log: Log,
  ) {
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor((e) => this.updateContextKey(e)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme !== EDITED_COPY_SCHEME) return;
        this.sessions.delete(d.uri.toString());
        this.files.forget(d.uri);
      }),
    );
  }

  private updateContextKey(editor: vscode.TextEditor | undefined): void {
    void vscode.commands.executeCommand(
      'setContext',
      EDITED_COPY_CONTEXT_KEY,
      !!editor && this.sessions.has(editor.document.uri.toString()),
    );
  }

  async open(address: ObjectAddress, resource: ExplorerResource): Promise<void> {
    const session = await this.model.session(address.context);
    const live = await session.getObject(resource, address.namespace, address.name);
    const kind = String(live.kind ?? (resource.kind || resource.resource));
    const uri = vscode.Uri.from({ scheme: EDITED_COPY_SCHEME, path: editedCopyPath(address, kind) });
    // Already being edited: show that copy with its changes rather than replacing them with the live object.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open && this.sessions.has(uri.toString())) {
      this.updateContextKey(await vscode.window.showTextDocument(open, { preview: false }));
      return;
    }
    const header = `# Edited copy of ${kind} ${address.namespace ? address.namespace + '/' : ''}${address.name} (context ${address.context}).\n# "Apply to Cluster" shows the server's diff and asks before changing anything.\n`;
    this.files.put(uri, header + toYaml(editableCopy(live)));
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'yaml') await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    this.sessions.set(doc.uri.toString(), {
      address,
      resource,
      identity: {
        apiVersion: String(live.apiVersion ?? ''),
        kind: String(live.kind ?? ''),
        name: address.name,
        namespace: address.namespace,
      },
    });
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    this.updateContextKey(editor);
  }

  /** Dry-run, diff, confirm, apply. Returns true when applied. */
  async apply(document: vscode.TextDocument | undefined): Promise<boolean> {
    const edit = document && this.sessions.get(document.uri.toString());
    if (!document || !edit) {
      void vscode.window.showWarningMessage(
        'The active editor is not a kubesense edited copy. Open one with "Edit (Server-Side Apply)…" on an object in the Clusters view.',
      );
      return false;
    }
    const version = document.version;
    let desired: KubeObjectJson;
    try {
      desired = parseEditedCopy(document.getText(), edit.identity);
    } catch (err) {
      void vscode.window.showErrorMessage(`Cannot apply: ${errorMessage(err)}`);
      return false;
    }
    const { address, resource } = edit;
    const what = `${resource.kind || resource.resource} ${address.namespace ? address.namespace + '/' : ''}${address.name}`;
    const session = await this.model.session(address.context);
    // Dry-run first; on a field-ownership conflict ask, then dry-run again with force so the diff shows what forcing does.
    let force = false;
    let preview: { live: KubeObjectJson; result: KubeObjectJson } | undefined;
    for (;;) {
      try {
        preview = await vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: `Server-side dry-run of ${what}`,
            cancellable: true,
          },
          async (_progress, token) => {
            const controller = new AbortController();
            token.onCancellationRequested(() => controller.abort());
            const [live, result] = await Promise.all([
              session.getObject(resource, address.namespace, address.name, controller.signal),
              session.apply(resource, address.namespace, desired, { dryRun: true, force }, controller.signal),
            ]);
            return { live, result };
          },
        );
        break;
      } catch (err) {
        if (isConflict(err) && !force) {
          const choice = await vscode.window.showWarningMessage(
            `Applying ${what} conflicts with fields another field manager owns.`,
            { modal: true, detail: errorMessage(err) },
            'Force (take ownership)',
          );
          if (choice !== 'Force (take ownership)') return false;
          force = true;
          continue;
        }
        const failure = classifyFailure(err);
        this.log.error(`dry-run of ${what} failed: ${failure.detail}`);
        void vscode.window.showErrorMessage(`Dry-run of ${what} failed: ${failure.label}`);
        return false;
      }
    }
    const { live, result } = preview;
    const before = toYaml(comparable(live));
    const afterApply = toYaml(comparable(result));
    if (before === afterApply) {
      void vscode.window.showInformationMessage(`Applying the edited copy would not change ${what}.`);
      return false;
    }
    const left = this.diffs.put(`${address.name}.live.yaml`, before);
    const right = this.diffs.put(`${address.name}.applied.yaml`, afterApply);
    await vscode.commands.executeCommand(
      'vscode.diff',
      left,
      right,
      `${address.name}: live ↔ after apply (server dry-run)`,
      { preview: true },
    );
    const applied = await this.confirmAndApply(edit, desired, what, force);
    await closeDiff(right);
    this.diffs.forget(left);
    this.diffs.forget(right);
    // What the cluster now holds is what the copy says: save it (in memory) so closing it asks nothing.
    if (applied && document.version === version && !document.isClosed) await document.save();
    return applied;
  }

  private async confirmAndApply(
    edit: EditSession,
    desired: KubeObjectJson,
    what: string,
    force: boolean,
  ): Promise<boolean> {
    const { address, resource } = edit;
    // Not modal: a modal dialog would cover the diff the user is asked about.
    const choice = await vscode.window.showWarningMessage(
      `Apply the changes shown in the diff to ${what} in context "${address.context}"? Server-side apply with field manager "kubesense"${force ? ', forcing ownership of conflicting fields' : ''}.`,
      'Apply',
      'Cancel',
    );
    if (choice !== 'Apply') return false;
    const session = await this.model.session(address.context);
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Applying ${what}`, cancellable: true },
        (_p, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return session.apply(resource, address.namespace, desired, { dryRun: false, force }, controller.signal);
        },
      );
    } catch (err) {
      const failure = classifyFailure(err);
      this.log.error(`apply of ${what} failed: ${failure.detail}`);
      void vscode.window.showErrorMessage(`Apply of ${what} failed: ${failure.label}`);
      return false;
    }
    this.log.info(`[${address.context}] applied ${what} (server-side apply${force ? ', forced' : ''})`);
    void vscode.window.showInformationMessage(`Applied ${what}.`);
    return true;
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
  }
}

/** Closes the diff editor of an apply (the tab whose right side is `right`), if it is still open. */
async function closeDiff(right: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === right.toString());
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
}
