// `kubesense lsp --stdio`: the language server for any LSP editor (Neovim, Helix, Emacs, Zed…).
import * as path from 'node:path';
import type { Command } from './command';
import { UsageError } from './command';
import { SERVER_SETTINGS } from '../protocol/settings';

export const command: Command = {
  name: 'lsp',
  short: 'Run the kubesense language server (Kubernetes manifests) for an editor',
  long:
    'Run the kubesense language server. Editors start it and speak the Language Server Protocol over\n' +
    'standard input and output. Settings come from the editor, section "kubesense" (README "Settings"):\n' +
    wrap(SERVER_SETTINGS.map((s) => s.key).join(', '), 100, '  ') +
    '\nasked for with workspace/configuration, else pushed with didChangeConfiguration or given as\n' +
    'initializationOptions. README "Other editors" has snippets.',
  usage: '--stdio [--schema-dir DIR] [--kube-version 1.35] [--crd PATH]... [--context NAME]',
  examples:
    '  # Neovim: vim.lsp.start({ name = "kubesense", cmd = { "kubesense", "lsp", "--stdio" },\n' +
    '  #   settings = { kubesense = { schemaDirectory = "openapi-v3/1.35" } } })\n  kubesense lsp --stdio',
  flags: [
    { name: 'stdio', kind: 'bool', description: 'Communicate over standard input/output (the only transport)' },
    {
      name: 'schema-dir',
      kind: 'string',
      valueName: 'dir',
      description: 'Default schema folder (OpenAPI v3 layout: api/v1.json, apis/<group>/<version>.json)',
    },
    {
      name: 'kube-version',
      kind: 'string',
      valueName: 'version',
      description: 'Default Kubernetes version the manifests target (e.g. 1.35)',
    },
    {
      name: 'crd',
      kind: 'stringArray',
      valueName: 'path',
      description: 'CRD file or folder whose schemas are used (repeatable)',
    },
  ],
  async run(ctx) {
    if (!ctx.flags.values.get('stdio'))
      throw new UsageError('kubesense lsp needs --stdio (the language server talks LSP over standard input/output)');
    if (ctx.args.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(ctx.args[0])}`);
    // Flags are defaults: settings the editor sends (section "kubesense") win. Keys as protocol/settings.ts declares.
    const defaults: Record<string, unknown> = {};
    const schemaDir = ctx.flags.values.get('schema-dir');
    if (typeof schemaDir === 'string' && schemaDir) defaults.schemaDirectory = path.resolve(ctx.io.cwd, schemaDir);
    const kubeVersion = ctx.flags.values.get('kube-version');
    if (typeof kubeVersion === 'string' && kubeVersion) defaults.kubernetesVersion = kubeVersion;
    const crds = ctx.flags.values.get('crd');
    if (Array.isArray(crds) && crds.length) defaults.crds = crds.map((c) => path.resolve(ctx.io.cwd, String(c)));
    if (ctx.global.context) defaults.context = ctx.global.context;
    if (ctx.global.kubeconfig) defaults.kubeconfig = [path.resolve(ctx.io.cwd, ctx.global.kubeconfig)];
    const { runStdioServer } = await import('../server/src/server');
    runStdioServer(defaults);
    // The server lives until the editor sends `exit` or closes stdin (the connection then ends the process).
    return new Promise<number>(() => undefined);
  },
};

/** Text broken at spaces into lines of at most `width` characters, each after `indent`. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}
