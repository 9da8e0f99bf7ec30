// Seeded syntax mutations of real YAML for the go-yaml parity tests: the edits people make by hand (flow
// collections, indentation, tabs, quotes, anchors, `---` separators, a BOM, comments), inserted at a random place or
// at the start of a random line, one to three per text.
import { mutate, reindentLine } from '../../kube/util/go/goyamlVectors';

const ANYWHERE = [
  '[',
  ']',
  '{',
  '}',
  ', ',
  ',',
  '[a, b]',
  '{a: 1}',
  '{a: [1, {b: c}]}',
  '[]',
  '{}',
  '\t',
  ' \t',
  '"',
  "'",
  '"x"',
  "'it''s'",
  '\\',
  '&a ',
  '*a',
  '&a',
  '<<: *a\n',
  ' #',
  '#',
  ' # c',
  ':',
  ': ',
  '? ',
  '- ',
  '|',
  '>',
  '|-\n',
  '\n',
  '\r\n',
  '%',
  '@',
  '`',
  '!',
  '!!str ',
  '...',
  '---',
  '--- ',
];

const LINE_STARTS = [
  '---\n',
  '--- \n',
  '--- # c\n',
  '---x\n',
  '--- a\n',
  '--- |\n',
  '...\n',
  '\t',
  '  ',
  ' ',
  '# c\n',
  '- ',
  '%YAML 1.1\n',
  '? ',
  ': ',
  '[\n',
  '{\n',
];

export function parityMutation(text: string, rand: () => number): string {
  if (rand() < 0.25) return mutate(text, rand);
  // A byte order mark where editors put one (go-yaml reads one elsewhere as content, kubesense as nothing).
  if (rand() < 0.03) text = '\ufeff' + text;
  const edits = 1 + Math.floor(rand() * 3);
  for (let j = 0; j < edits; j++) {
    const at = Math.floor(rand() * text.length);
    const kind = rand();
    if (kind < 0.55) {
      text = text.slice(0, at) + ANYWHERE[Math.floor(rand() * ANYWHERE.length)] + text.slice(at);
    } else if (kind < 0.85) {
      const lineStart = text.lastIndexOf('\n', at) + 1;
      text = text.slice(0, lineStart) + LINE_STARTS[Math.floor(rand() * LINE_STARTS.length)] + text.slice(lineStart);
    } else if (kind < 0.95) {
      // Re-indent a line by one to three columns either way.
      text = reindentLine(text, at, Math.floor(rand() * 7) - 3);
    } else {
      text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 3));
    }
  }
  return text;
}
