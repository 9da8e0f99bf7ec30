// Names shown where VS Code renders `$(name)` as an icon (status bar text, quick pick items) read as written once
// escaped, while kubesense's own icons stay icons. `shown` is VS Code's renderLabelWithIcons
// (src/vs/base/browser/ui/iconLabel/iconLabels.ts): the same expression, an escaped reference shown as its text
// without the backslash, any other reference an icon (written here as ⟨name⟩).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeThemeIcons } from '../../../../client/src/model/themeIcons';
import { contextStatusView } from '../../../../client/src/model/contextStatus';
import { namespacePickItems, pickForTyped } from '../../../../client/src/model/namespacePick';

const LABEL_WITH_ICONS = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;

function shown(text: string): string {
  return text.replace(LABEL_WITH_ICONS, (_m, escaped: string | undefined, name: string) =>
    escaped ? `$(${name})` : `⟨${name}⟩`,
  );
}

const names = [
  'dev-$(cloud)',
  '$(sync~spin)',
  'a\\$(x)b',
  '\\\\$(x)',
  '$(not an icon)',
  '$(',
  'plain',
  '$$(a)$(b)',
  'x\\',
  '$(a-b)$(c)',
];

for (const name of names) {
  test(`escapeThemeIcons: ${JSON.stringify(name)} is shown as written`, () => {
    assert.equal(shown(escapeThemeIcons(name)), name);
  });
}

test('without the escape, such a name turns into icons (what this guards against)', () => {
  assert.equal(shown('dev-$(cloud)'), 'dev-⟨cloud⟩');
  assert.equal(shown('a\\$(x)b'), 'a$(x)b');
});

test('context status bar: context and namespace names as written, our icons still icons', () => {
  const view = contextStatusView({ name: 'prod-$(warning)', file: '/k/config' }, 'team-$(x)', true);
  assert.equal(shown(view.text), '⟨cloud⟩ prod-$(warning) / team-$(x) ⟨pinned⟩');
  // Accessibility text is read out, not rendered: left as it is.
  assert.equal(view.accessibility, 'kubesense: context prod-$(warning), namespace team-$(x). Click to switch.');
});

test('namespace quick pick: labels shown as written, each choosing its namespace; typing matches the namespace', () => {
  const items = namespacePickItems(['$(x)-ns', 'default'], 'default', '$(typed)');
  assert.deepEqual(
    items.map((i) => [shown(i.label), i.namespace]),
    [
      ['$(x)-ns', '$(x)-ns'],
      ['default', 'default'],
      ['$(typed)', '$(typed)'],
    ],
  );
  assert.equal(pickForTyped(items, '$(x)')?.namespace, '$(x)-ns');
});
