// Lint: typescript-eslint's recommended rules, plus the layering invariants of ARCHITECTURE.md.
import tseslint from 'typescript-eslint';

// analysis/ is the language intelligence without an LSP connection (rust-analyzer's `ide` crate): server/ and cli/
// call it, it never calls them, and it speaks LSP only through plain data types (vscode-languageserver-types).
const ANALYSIS_IMPORTS = {
  paths: [{ name: 'vscode', message: 'analysis/ knows nothing of editors.' }],
  patterns: [
    {
      group: [
        'vscode-languageserver',
        'vscode-languageserver/*',
        'vscode-languageserver-protocol*',
        'vscode-languageclient*',
      ],
      message: 'analysis/ has no LSP connection: use the plain types of vscode-languageserver-types.',
    },
    {
      regex: '(^|/)(server|cli|client)(/|$)',
      message: 'analysis/ is called by server/ and cli/, never the other way round.',
    },
  ],
};
// Inside analysis/, imports go one way, so its folders cannot form a cycle: each may import only the folders
// before it (documents ← schema ← validation ← references ← files ← engine ← features).
const ANALYSIS_LAYERS = ['documents', 'schema', 'validation', 'references', 'files', 'engine', 'features'];
const analysisLayerRules = ANALYSIS_LAYERS.slice(0, -1).map((layer, i) => ({
  files: [`analysis/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: ANALYSIS_IMPORTS.paths,
        patterns: [
          ...ANALYSIS_IMPORTS.patterns,
          {
            regex: `^(\\.\\./)+(${ANALYSIS_LAYERS.slice(i + 1).join('|')})(/|$)`,
            message: `analysis/${layer}/ may import only ${
              ANALYSIS_LAYERS.slice(0, i)
                .map((l) => `${l}/`)
                .join(', ') || 'kube/ and protocol/'
            } (analysis/ imports go one way).`,
          },
        ],
      },
    ],
  },
}));

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
        patterns: [{ group: ['**/server/**', '**/analysis/**', '**/client/**', 'vscode-languageserver*', 'vscode-languageclient*'], message: 'kube/ knows nothing of editors.' }],
      }],
    },
  },
  { files: ['analysis/**/*.ts'], rules: { 'no-restricted-imports': ['error', ANALYSIS_IMPORTS] } },
  ...analysisLayerRules,
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
