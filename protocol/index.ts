// The contract between the extension, the language server and the CLI: settings and custom LSP messages.
export * from './settings';
export * from './messages';
