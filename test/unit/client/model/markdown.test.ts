// Names in the tree's and status bar's Markdown tooltips, rendered by a CommonMark renderer: a context or object
// name comes out as the same text, whatever punctuation it holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMd, mdCode } from '../../../../client/src/model/markdown';
import { contextStatusView } from '../../../../client/src/model/contextStatus';
import { codeSpanTexts as codeSpans, shownText as shown } from '../../renderedMarkdown';

const names = ['kind-dev', 'a`b', '``x``', '`lead', 'trail`', 'a*b*c', 'x_y_z', ' spaced ', '<admin>', 'a|b'];

for (const name of names) {
  test(`mdCode: ${JSON.stringify(name)} is one code span of exactly that text`, () => {
    assert.deepEqual(codeSpans(`context ${mdCode(name)} here`), [name]);
  });
  test(`escapeMd: ${JSON.stringify(name)} renders as itself`, () => {
    assert.equal(shown(`(${escapeMd(name)})`), `(${name})`);
  });
}

test('status bar tooltip: a context name with backticks and emphasis keeps the namespace and file as code', () => {
  const view = contextStatusView({ name: 'dev`*prod*', file: '/home/u/.kube/con`fig' }, 'team_a', false);
  assert.deepEqual(codeSpans(view.tooltip.split('\n\n')[0]), ['dev`*prod*', 'team_a']);
  assert.deepEqual(codeSpans(view.tooltip.split('\n\n')[1]), ['/home/u/.kube/con`fig']);
  assert.equal(view.text, '$(cloud) dev`*prod* / team_a');
});
