// Every `kubesense.<setting>` that a message, log line or error names is a setting package.json declares: a user
// told to set an undeclared name finds nothing in the Settings editor. Identifiers (a whole string literal such as
// a command id, a context key or a memento key) are not mentions; text with spaces is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../model/paths';
import { sourceFiles, stringLiterals } from './sourceText';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, unknown> } };
};
const declared = new Set(Object.keys(pkg.contributes.configuration.properties));

/** Setting names mentioned in prose (a literal with whitespace in it). */
export function settingMentions(literal: string): string[] {
  if (!/\s/.test(literal)) return [];
  return [...literal.matchAll(/\bkubesense\.[A-Za-z][\w.]*/g)].map((m) => m[0].replace(/\.+$/, ''));
}

test('the mention extractor reads prose, not identifiers or comments', () => {
  const literals = stringLiterals(
    'x.ts',
    [
      '// see kubesense.inComment for details',
      "const id = 'kubesense.someCommand';",
      "throw new Error('dry-run is turned off (kubesense.dryRun)');",
      'log(`kubesense.crdFiles: ${g} does not exist`);',
      'say(\'Set "kubesense.schemaDirectory" to a folder.\');',
    ].join('\n'),
  );
  assert.deepEqual(
    literals.flatMap((l) => settingMentions(l.text)),
    ['kubesense.dryRun', 'kubesense.crdFiles', 'kubesense.schemaDirectory'],
  );
});

test('every kubesense.* setting named in server, client and CLI text is declared in package.json', () => {
  const undeclared: string[] = [];
  let mentions = 0;
  for (const dir of ['protocol', 'analysis', 'server/src', 'client/src', 'cli']) {
    for (const file of sourceFiles(path.join(repoRoot, dir))) {
      for (const literal of stringLiterals(file, fs.readFileSync(file, 'utf8'))) {
        for (const name of settingMentions(literal.text)) {
          mentions++;
          if (!declared.has(name)) undeclared.push(`${path.relative(repoRoot, file)}:${literal.line}: ${name}`);
        }
      }
    }
  }
  assert.deepEqual(undeclared, [], `settings named but not declared:\n${undeclared.join('\n')}`);
  assert.ok(mentions >= 4, `only ${mentions} mentions found: is the scan reading the sources?`);
});

test('menus offer dry-run only while its setting is on, and every config.* in a when clause is declared', () => {
  const contributes = (
    JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    }
  ).contributes;
  const entries = Object.values(contributes.menus).flat();
  const dryRun = entries.filter((m) => m.command === 'kubesense.dryRunActiveDocument');
  assert.ok(dryRun.length >= 2, 'editor context menu and command palette');
  for (const m of dryRun) assert.match(m.when ?? '', /(^|&& *)config\.kubesense\.dryRun\.enabled( *&&|$)/, m.when);
  for (const m of entries)
    for (const [, name] of (m.when ?? '').matchAll(/\bconfig\.(kubesense\.[\w.]+)/g))
      assert.ok(declared.has(name!), `${m.command}: ${name} in "${m.when}" is not a declared setting`);
});
