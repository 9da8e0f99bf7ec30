// Lint: typescript-eslint's recommended rules, plus the layering invariants of ARCHITECTURE.md.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '**/*.js', '**/*.mjs', 'kube/protobuf/generated/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // kube/ is an editor-agnostic client library; server/ speaks only LSP.
    files: ['kube/**/*.ts', 'server/**/*.ts', 'cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only client/ may import the vscode API.' }] }],
    },
  },
  {
    files: ['kube/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'kube/ knows nothing of editors.' }],
        patterns: [{ group: ['**/server/**', '**/client/**', 'vscode-languageserver*', 'vscode-languageclient*'], message: 'kube/ knows nothing of editors.' }],
      }],
    },
  },
  {
    // protocol/ is the contract between extension, server and CLI: plain types and data, importable by all of them.
    // Only its own files and Node's built-ins (the generator script writes package.json).
    files: ['protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!\\./|node:)', message: 'protocol/ imports nothing but its own files and node: built-ins.' }],
      }],
    },
  },
  {
    // client/src/model/ is the extension's logic without the editor: testable in plain Node, no vscode API.
    files: ['client/src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'client/src/model/ holds editor-free logic; the vscode API belongs in client/src/ outside model/.' }],
        patterns: [{ group: ['vscode-languageclient*'], message: 'client/src/model/ holds editor-free logic.' }],
      }],
    },
  },
);
