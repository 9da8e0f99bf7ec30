// The "Kubernetes (kubesense)" output channel. Everything written here is safe to paste into an issue:
// request lines come through kube/rest's redacting logger, never with tokens or keys.
import * as vscode from 'vscode';

export const OUTPUT_CHANNEL_NAME = 'Kubernetes (kubesense)';

export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
}
