// The Markdown escaping every hover and completion goes through, rendered by a CommonMark renderer: what goes in
// as text comes out as the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeBlock, codeSpan, descriptionMarkdown, escapeMarkdown } from '../../../../analysis/features/markdown';
import { md, shownText as shown } from '../../renderedMarkdown';

const plainTexts = [
  '<string>',
  'map[string]<[]Container>',
  'matches *.example.com and *.example.org',
  'a_b_c and __init__',
  '&lt; is an entity, & is not',
  '# not a heading',
  '> not a quote',
  'a | b | c',
  '~~not struck~~',
  'back\\slash \\<',
  'one ` backtick',
];

for (const text of plainTexts) {
  test(`escapeMarkdown: ${JSON.stringify(text)} renders as itself`, () => {
    assert.equal(shown(escapeMarkdown(text)), text);
  });
}

test('codeSpan: a fence longer than any backtick run inside', () => {
  assert.equal(codeSpan('Always'), '`Always`');
  assert.equal(codeSpan('a`b'), '``a`b``');
  assert.equal(codeSpan('`x`'), '`` `x` ``');
  assert.equal(shown(codeSpan('a``b<c>')), 'a``b<c>');
});

test('codeBlock: no line inside can close the fence', () => {
  assert.deepEqual(codeBlock(['KIND: Pod']), ['```', 'KIND: Pod', '```']);
  const lines = ['FIELD: odd```name <string>'];
  assert.deepEqual(codeBlock(lines), ['````', ...lines, '````']);
  assert.equal(shown(codeBlock(lines).join('\n')), lines[0]);
});

test('descriptionMarkdown keeps upstream code spans, list items and URLs; escapes the rest', () => {
  assert.equal(
    descriptionMarkdown("Selects `metadata.labels['<KEY>']` or <name>; see https://k8s.io/docs/a_b#c_d"),
    "Selects `metadata.labels['<KEY>']` or \\<name\\>; see https://k8s.io/docs/a_b#c_d",
  );
  assert.equal(
    descriptionMarkdown('Possible enum values:\n - `"Always"` means *always*.\n - `"Never"`'),
    'Possible enum values:\n - `"Always"` means \\*always\\*.\n - `"Never"`',
  );
  assert.match(
    md.render(descriptionMarkdown('see https://k8s.io/docs/a_b#c_d')),
    /href="https:\/\/k8s\.io\/docs\/a_b#c_d"/,
  );
  // An unclosed backtick is text, and what follows it is still escaped.
  assert.equal(shown(descriptionMarkdown('one ` then <tag>')), 'one ` then <tag>');
});
