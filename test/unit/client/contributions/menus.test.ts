// package.json contributions and the extension code agree: every command shown somewhere is declared
// and registered, menus only use declared views, settings have descriptions, grammars exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../model/paths';

interface Pkg {
  main: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    keybindings: { command: string; key: string; when?: string }[];
    views: Record<string, { id: string; name: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    viewsWelcome: { view: string; contents: string }[];
    configuration: { properties: Record<string, { description?: string; markdownDescription?: string }> };
    grammars: { language: string; scopeName: string; path: string }[];
    languages: { id: string }[];
  };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
}

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Pkg;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
}
const source = sourceFiles(path.join(repoRoot, 'client/src'))
  .map((f) => fs.readFileSync(f, 'utf8'))
  .join('\n');

test('every declared command is registered by the extension, and every used command is declared', () => {
  const declared = new Set(pkg.contributes.commands.map((c) => c.command));
  for (const id of declared)
    assert.match(source, new RegExp(`(registerCommand|reg)\\('${id.replace(/\./g, '\\.')}'`), `${id} is registered`);
  const used = [...Object.values(pkg.contributes.menus).flat(), ...pkg.contributes.keybindings].map((m) => m.command);
  for (const id of used) assert.ok(declared.has(id), `${id} is declared`);
  for (const c of pkg.contributes.commands)
    assert.equal(c.category, 'Kubernetes', `${c.command} is grouped in the palette`);
});

test('views, welcome views and icons are consistent', () => {
  const views = Object.values(pkg.contributes.views)
    .flat()
    .map((v) => v.id);
  assert.deepEqual(views, ['kubesense.explorer']);
  for (const w of pkg.contributes.viewsWelcome) assert.ok(views.includes(w.view));
  assert.ok(pkg.contributes.viewsWelcome.some((w) => /No kubeconfig found/.test(w.contents)));
  for (const c of pkg.contributes.viewsContainers.activitybar)
    assert.ok(fs.existsSync(path.join(repoRoot, c.icon)), c.icon);
  for (const m of Object.values(pkg.contributes.menus).flat()) {
    const view = /view == ([\w.]+)/.exec(m.when ?? '')?.[1];
    if (view) assert.ok(views.includes(view), `${m.command} menu uses a declared view`);
  }
  assert.equal(pkg.main, './dist/client/extension.js');
});

test('every setting has a description; untrusted workspaces cannot redirect the kubeconfig', () => {
  for (const [key, p] of Object.entries(pkg.contributes.configuration.properties))
    assert.ok(p.description || p.markdownDescription, `${key} has a description`);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('kubesense.kubeconfig'));
});

test('grammars point at files whose scope names match', () => {
  const languages = new Set(pkg.contributes.languages.map((l) => l.id));
  for (const g of pkg.contributes.grammars) {
    const grammar = JSON.parse(fs.readFileSync(path.join(repoRoot, g.path), 'utf8')) as { scopeName: string };
    assert.equal(grammar.scopeName, g.scopeName);
    assert.ok(languages.has(g.language));
  }
});

test('the output channel command says it shows kubesense’s own log, not pod logs (which Show Logs… opens)', () => {
  const show = pkg.contributes.commands.find((c) => c.command === 'kubesense.showOutput')!;
  assert.equal(show.title, 'Show kubesense Extension Log');
  for (const w of pkg.contributes.viewsWelcome) assert.doesNotMatch(w.contents, /Show Logs/);
  const logs = pkg.contributes.commands.find((c) => c.command === 'kubesense.showLogs')!;
  assert.equal(logs.title, 'Show Logs…');
  // Offered on pods and workloads in the tree (the model marks them `.logs`), and in the palette.
  const menu = pkg.contributes.menus['view/item/context'].find((m) => m.command === 'kubesense.showLogs')!;
  assert.match('kubesense.object.logs.deletable.patchable', new RegExp(/viewItem =~ \/(.*)\//.exec(menu.when!)![1]!));
  assert.doesNotMatch('kubesense.object.deletable.patchable', new RegExp(/viewItem =~ \/(.*)\//.exec(menu.when!)![1]!));
});

test('explorer settings are declared with descriptions and defaults the code reads', () => {
  const props = pkg.contributes.configuration.properties as Record<string, { default?: unknown }>;
  assert.equal(props['kubesense.explorer.hideEmptyKinds']?.default, true);
  assert.equal(props['kubesense.explorer.showOnStartup']?.default, false);
  assert.match(source, /get\('explorer\.hideEmptyKinds', true\)/);
  assert.match(source, /get\('explorer\.showOnStartup', false\)/);
  // The sample workspace `npm start` opens starts on the Kubernetes view.
  const demo = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/e2e/workspace/.vscode/settings.json'), 'utf8'));
  assert.equal(demo['kubesense.explorer.showOnStartup'], true);
});
