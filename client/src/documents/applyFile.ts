// "Apply File to Cluster" and "Diff File with Cluster" for a manifest (the active editor, or a file from the
// Explorer's context menu; unsaved changes included). Logic is in model/manifestApply.ts; this is the VS Code side:
// progress, the Force offer on field-ownership conflicts, a pick when a file holds several objects, the diff editor
// (live object on the left, the server's dry-run result on the right) through the edit flow's DiffDocumentProvider.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ApplyConflictError, ManifestError } from '../../../kube/apply';
import { errorMessage } from '../../../kube/util/errors';
import { classifyFailure } from '../model/errors';
import type { ExplorerModel } from '../model/explorer';
import {
  appliedLine,
  applyDocuments,
  conflictSummary,
  describeDocument,
  diffDocument,
  planManifest,
  type ApplyOutcome,
  type ManifestDocument,
} from '../model/manifestApply';
import type { ContextConnection } from '../model/ports';
import type { Log } from '../output';
import { escapeThemeIcons } from '../model/themeIcons';
import { DIFF_SCHEME, type DiffDocumentProvider } from './resourceDocuments';

export const FORCE = 'Force';
export const DIFF_WITH_FORCE = 'Diff with Force';
const SHOW_OUTPUT = 'Show Output';

interface Manifest {
  text: string;
  /** File name for messages. */
  name: string;
}

async function manifestFor(uri: vscode.Uri | undefined): Promise<Manifest | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || (document.languageId !== 'yaml' && document.languageId !== 'json')) {
    void vscode.window.showInformationMessage('Open a Kubernetes manifest (YAML or JSON) to apply or diff it.');
    return undefined;
  }
  return { text: document.getText(), name: path.basename(document.uri.path) };
}

export class ManifestCommands implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly model: ExplorerModel,
    private readonly diffs: DiffDocumentProvider,
    private readonly log: Log,
  ) {
    this.subscriptions.push(
      vscode.commands.registerCommand('kubesense.applyFile', (uri?: vscode.Uri) => this.apply(uri)),
      vscode.commands.registerCommand('kubesense.diffFile', (uri?: vscode.Uri) => this.diff(uri)),
      // Diff sides live in memory until their editor closes.
      vscode.workspace.onDidCloseTextDocument((d) => d.uri.scheme === DIFF_SCHEME && this.diffs.forget(d.uri)),
    );
  }

  /** The context and documents of a manifest, or undefined after telling the user why not. */
  private async plan(
    manifest: Manifest,
    signal: AbortSignal,
  ): Promise<{ session: ContextConnection; context: string; docs: ManifestDocument[] } | undefined> {
    const context = this.model.effectiveContext()?.name;
    if (!context) {
      void vscode.window.showErrorMessage('No Kubernetes context: choose a kubeconfig with a current context first.');
      return undefined;
    }
    try {
      const session = await this.model.session(context);
      if (signal.aborted) return undefined;
      const docs = await planManifest(manifest.text, manifest.name, session, this.model.effectiveNamespace(context));
      if (docs.length === 0) {
        void vscode.window.showWarningMessage(`${manifest.name} holds no Kubernetes objects.`);
        return undefined;
      }
      return { session, context, docs };
    } catch (err) {
      this.reportFailure(`Cannot read ${manifest.name}`, err);
      return undefined;
    }
  }

  private reportFailure(what: string, err: unknown): void {
    const detail = err instanceof ManifestError ? err.message : classifyFailure(err).label;
    this.log.error(`${what}: ${errorMessage(err)}`);
    void vscode.window.showErrorMessage(`${what}: ${detail}`, SHOW_OUTPUT).then((c) => c && this.log.show(true));
  }

  async apply(uri?: vscode.Uri, force = false): Promise<ApplyOutcome[] | undefined> {
    const manifest = await manifestFor(uri);
    if (!manifest) return undefined;
    const run = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Applying ${manifest.name}${force ? ' (forcing conflicts)' : ''}`,
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const plan = await this.plan(manifest, controller.signal);
        if (!plan) return undefined;
        const step = 100 / plan.docs.length;
        const outcomes = await applyDocuments(plan.session, plan.docs, {
          force,
          signal: controller.signal,
          onNext: (doc) => progress.report({ message: describeDocument(doc), increment: step }),
        });
        return { ...plan, outcomes };
      },
    );
    if (!run) return undefined;
    this.report(manifest, run.context, run.outcomes, uri);
    return run.outcomes;
  }

  private report(manifest: Manifest, context: string, outcomes: ApplyOutcome[], uri: vscode.Uri | undefined): void {
    for (const o of outcomes) {
      if (o.ok && o.doc.target) this.log.info(`[${context}] ${appliedLine(o.doc.target)}`);
      else this.log.error(`[${context}] ${describeDocument(o.doc)} from ${manifest.name}: ${o.error ?? 'not applied'}`);
    }
    const applied = outcomes.filter((o) => o.ok);
    const conflicts = outcomes.filter((o) => o.conflict);
    const failed = outcomes.filter((o) => !o.ok && !o.conflict);
    const done = applied.length > 0 ? `${applied.length} of ${outcomes.length} applied. ` : '';
    if (conflicts.length > 0) {
      const summary = conflicts.map((o) => `${describeDocument(o.doc)}: ${conflictSummary(o.conflict!)}`).join('; ');
      void vscode.window
        .showErrorMessage(
          `${done}Applying ${manifest.name} to "${context}" conflicts with other field managers (${summary}). "Force" takes ownership of these fields.`,
          FORCE,
          SHOW_OUTPUT,
        )
        .then((choice) => {
          if (choice === FORCE) void this.apply(uri, true);
          else if (choice === SHOW_OUTPUT) this.log.show(true);
        });
    } else if (failed.length > 0) {
      const first = failed[0]!;
      void vscode.window
        .showErrorMessage(
          `${done}Apply of ${manifest.name} to "${context}": ${failed.length} failed — ${describeDocument(first.doc)}: ${first.error ?? ''}`,
          SHOW_OUTPUT,
        )
        .then((c) => c && this.log.show(true));
    } else {
      const lines = applied.map((o) => appliedLine(o.doc.target!));
      void vscode.window.showInformationMessage(`Applied ${manifest.name} to "${context}": ${lines.join(', ')}`);
    }
  }

  async diff(uri?: vscode.Uri, force = false): Promise<void> {
    const manifest = await manifestFor(uri);
    if (!manifest) return;
    const controller = new AbortController();
    const plan = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading ${manifest.name}`, cancellable: true },
      (_p, token) => {
        token.onCancellationRequested(() => controller.abort());
        return this.plan(manifest, controller.signal);
      },
    );
    if (!plan) return;
    const doc = await pickDocument(plan.docs, manifest.name);
    if (!doc) return;
    if (!doc.target) {
      void vscode.window.showErrorMessage(`Cannot diff ${describeDocument(doc)}: ${doc.error ?? ''}`);
      return;
    }
    const what = describeDocument(doc);
    let result;
    try {
      result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Server-side dry-run of ${what} on "${plan.context}"`,
          cancellable: true,
        },
        (_p, token) => {
          const c = new AbortController();
          token.onCancellationRequested(() => c.abort());
          return diffDocument(plan.session, doc, { force, signal: c.signal });
        },
      );
    } catch (err) {
      const conflict = applyConflict(err);
      if (conflict) {
        const choice = await vscode.window.showErrorMessage(
          `${what} from ${manifest.name} conflicts with other field managers on "${plan.context}" (${conflict}). "${DIFF_WITH_FORCE}" shows what forcing would change.`,
          DIFF_WITH_FORCE,
        );
        if (choice === DIFF_WITH_FORCE) await this.diff(uri, true);
        return;
      }
      this.reportFailure(`Dry-run of ${what} failed`, err);
      return;
    }
    if (result.unchanged) {
      void vscode.window.showInformationMessage(
        `No differences: ${what} on "${plan.context}" already matches ${manifest.name}.`,
      );
      return;
    }
    const name = doc.target.name;
    const left = this.diffs.put(`${name}.live.yaml`, result.live);
    const right = this.diffs.put(`${name}.${path.parse(manifest.name).name}.yaml`, result.merged);
    const title = `${what}: ${result.exists ? `cluster "${plan.context}"` : `not in "${plan.context}" yet`} ↔ ${manifest.name}${force ? ' (forced)' : ''}`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
  }
}

function applyConflict(err: unknown): string | undefined {
  return err instanceof ApplyConflictError ? conflictSummary(err) : undefined;
}

/** One document: the only one, or the user's pick (keyboard-friendly quick pick). */
async function pickDocument(docs: ManifestDocument[], file: string): Promise<ManifestDocument | undefined> {
  if (docs.length === 1) return docs[0];
  const picked = await vscode.window.showQuickPick(
    docs.map((doc) => ({
      label: escapeThemeIcons(describeDocument(doc)),
      description: `document ${doc.manifest.documentIndex + 1}, line ${doc.manifest.line + 1}`,
      detail: doc.error && escapeThemeIcons(doc.error),
      doc,
    })),
    { title: `Diff with Cluster: which object of ${file}?`, placeHolder: 'Type to filter by kind or name' },
  );
  return picked?.doc;
}
