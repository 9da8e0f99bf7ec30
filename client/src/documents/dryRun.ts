// "Dry-Run Active Document on Cluster": asks the language server for a server-side dry-run. The setting gates it
// (a dry-run sends the document to the cluster, where admission webhooks see it); when it is off, the message
// offers to turn it on in place instead of naming a setting to go and find.
import * as vscode from 'vscode';
import type { KubesenseLanguageClient } from '../languageClient';
import { DRY_RUN_REQUEST, setting, type DryRunParams, type DryRunResult } from '../../../protocol';
import type { Log } from '../output';
import { errorMessage } from '../../../kube/util/errors';

const SECTION = 'kubesense';
/** `kubesense.dryRun.enabled` (protocol/settings.ts; `setting` throws for an undeclared name). */
const ENABLED = setting('dryRun.enabled');
export const ENABLE_DRY_RUN = 'Enable Dry-Run';

/** True when dry-run is on, or the user turned it on from the message just now. */
async function ensureEnabled(languageClient: KubesenseLanguageClient): Promise<boolean> {
  const config = vscode.workspace.getConfiguration(SECTION);
  if (config.get<boolean>(ENABLED.key, ENABLED.default as boolean)) return true;
  const choice = await vscode.window.showWarningMessage(
    `Server-side dry-run is turned off (setting "${SECTION}.${ENABLED.key}"). It sends the document to the current ` +
      'cluster as a dry-run apply: nothing is stored, but admission webhooks see it.',
    ENABLE_DRY_RUN,
    'Open Setting',
  );
  if (choice === 'Open Setting')
    void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.${ENABLED.key}`);
  if (choice !== ENABLE_DRY_RUN) return false;
  await config.update(ENABLED.key, true, vscode.ConfigurationTarget.Global);
  // The server pulls settings on this notification and holds the request until it has them.
  languageClient.settingsChanged();
  return true;
}

export async function dryRunActiveDocument(languageClient: KubesenseLanguageClient, log: Log): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'yaml') {
    void vscode.window.showInformationMessage('Open a Kubernetes YAML manifest to dry-run it.');
    return;
  }
  const client = languageClient.running;
  if (!client) {
    void vscode.window.showWarningMessage(
      'The kubesense language server is not running (see "kubesense.validation.enabled").',
    );
    return;
  }
  if (!(await ensureEnabled(languageClient))) return;
  const uri = editor.document.uri.toString();
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Server-side dry-run', cancellable: true },
    async (_p, token) => {
      try {
        const result = await client.sendRequest<DryRunResult>(
          DRY_RUN_REQUEST.method,
          { uri } satisfies DryRunParams,
          token,
        );
        const failed = result.outcomes.filter((o) => !o.ok);
        const describe = (o: DryRunResult['outcomes'][number]) =>
          `${o.object?.kind ?? 'document'} ${o.object?.metadata?.name ?? `#${o.documentIndex + 1}`}`;
        for (const o of result.outcomes)
          log.info(`dry-run [${result.context}] ${describe(o)}: ${o.ok ? 'ok' : o.message}`);
        if (failed.length === 0)
          void vscode.window.showInformationMessage(
            `Dry-run on "${result.context}": ${result.outcomes.length} object(s) accepted by the server.`,
          );
        else
          void vscode.window
            .showErrorMessage(
              `Dry-run on "${result.context}": ${failed.length} of ${result.outcomes.length} rejected — ${describe(failed[0]!)}: ${failed[0]!.message ?? ''}`,
              'Show Output',
            )
            .then((c) => c && log.show(true));
      } catch (err) {
        if (token.isCancellationRequested) return;
        log.error(`dry-run: ${errorMessage(err)}`);
        void vscode.window.showErrorMessage(`Dry-run failed: ${errorMessage(err)}`);
      }
    },
  );
}
