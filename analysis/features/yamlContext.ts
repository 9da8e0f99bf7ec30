// Where the cursor is in a YAML document, read from the text's indentation rather than the AST: while typing,
// the line under the cursor is usually incomplete (`    rep`), which the parser reads as something else.
// Only the lines of the cursor's YAML document are scanned, so the cost is bounded by one document.

export interface LineShape {
  indent: number;
  /** True for `- …` lines. */
  isItem: boolean;
  /** Column where the item's content (or the line's content) starts. */
  contentCol: number;
  /** `key` of `key:` / `key: value` at contentCol, if any. */
  key?: string;
  /** True when the key has a value on the same line (not a block opener). */
  hasInlineValue: boolean;
  blank: boolean;
}

const KEY_RE = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\]},&*!|>%@`-][^#]*?|-[^\s#][^#]*?)\s*:(?:\s+(.*))?$/;

export function shapeOf(line: string): LineShape {
  const indent = line.length - line.trimStart().length;
  let rest = line.slice(indent);
  if (rest === '' || rest.startsWith('#'))
    return { indent, isItem: false, contentCol: indent, hasInlineValue: false, blank: true };
  let isItem = false;
  let contentCol = indent;
  if (rest === '-' || rest.startsWith('- ')) {
    isItem = true;
    const afterDash = rest.slice(1);
    const pad = afterDash.length - afterDash.trimStart().length;
    contentCol = indent + 1 + pad;
    rest = afterDash.trimStart();
  }
  const m = KEY_RE.exec(rest.replace(/\s+#.*$/, '').trimEnd());
  if (!m) return { indent, isItem, contentCol, hasInlineValue: rest !== '', blank: false };
  let key = m[1];
  if ((key.startsWith('"') && key.endsWith('"')) || (key.startsWith("'") && key.endsWith("'"))) key = key.slice(1, -1);
  const value = (m[2] ?? '').trim();
  const blockOpener = value === '' || /^[|>][-+0-9]*$/.test(value) || /^&\S+$/.test(value);
  return { indent, isItem, contentCol, key, hasInlineValue: !blockOpener || /^[|>]/.test(value), blank: false };
}

export interface CursorContext {
  /** Path of the mapping whose keys are being completed (or that holds the key whose value is completed). */
  path: (string | number)[];
  /** Completing a key (`  rep|`) or a value (`  replicas: |`). */
  mode: 'key' | 'value';
  /** For value mode: the key whose value is typed. */
  key?: string;
  /** The word being typed (replaced by the completion). */
  prefix: string;
  prefixStartCol: number;
  /** Column at which keys of the mapping sit. */
  keyCol: number;
  /** The cursor line starts a new list item (`- |`). */
  newItem: boolean;
}

/**
 * Context of the cursor at (line, character); `lines` are the whole text's lines and `firstLine` the first line
 * of the cursor's YAML document (the scan never crosses into another document).
 */
export function cursorContext(
  lines: string[],
  line: number,
  character: number,
  firstLine: number,
): CursorContext | undefined {
  const full = lines[line] ?? '';
  const before = full.slice(0, character);
  if (/(^|\s)#/.test(before.replace(/"[^"]*"|'[^']*'/g, ''))) return undefined; // inside a comment
  const shape = shapeOf(before);
  let mode: 'key' | 'value' = 'key';
  let key: string | undefined;
  let prefix: string;
  let prefixStartCol: number;
  const keyCol = shape.contentCol;
  // `key: partial` -> value completion; `partial` -> key completion.
  const valueMatch =
    /^(\s*(?:-\s+)?)((?:"[^"]*"|'[^']*'|[^\s:#][^:#]*?))\s*:\s+(\S*)$/.exec(before) ??
    /^(\s*(?:-\s+)?)((?:"[^"]*"|'[^']*'|[^\s:#][^:#]*?))\s*:$/.exec(before);
  if (valueMatch) {
    mode = 'value';
    key = valueMatch[2].replace(/^["']|["']$/g, '');
    prefix = valueMatch[3] ?? '';
    prefixStartCol = character - prefix.length;
  } else {
    const word = /[^\s-][^\s]*$/.exec(before.slice(shape.contentCol));
    prefix = word ? word[0] : '';
    prefixStartCol = character - prefix.length;
    if (before.slice(shape.contentCol, prefixStartCol).trim() !== '') return undefined; // `key: value more`
  }

  const path: (string | number)[] = [];
  let need = keyCol;
  let listDash = -1;
  let seekingList = false;
  if (shape.isItem) {
    seekingList = true;
    listDash = shape.indent;
  }
  const suffix: (string | number)[] = shape.isItem ? [0] : [];
  for (let i = line - 1; i >= firstLine && (need > 0 || seekingList); i--) {
    const s = shapeOf(lines[i]);
    if (s.blank) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(lines[i])) break;
    if (seekingList) {
      if (s.isItem && s.indent === listDash) continue;
      if (s.indent > listDash) continue;
      if (!s.isItem && s.key !== undefined && !s.hasInlineValue && s.indent <= listDash) {
        path.unshift(s.key);
        need = s.indent;
        seekingList = false;
        continue;
      }
      return undefined;
    }
    if (s.indent >= need) continue;
    if (s.isItem) {
      if (s.contentCol > need) return undefined;
      if (s.contentCol < need) {
        // `- key:` opening a mapping under the item's first key
        if (s.key === undefined || s.hasInlineValue) return undefined;
        path.unshift(s.key);
      }
      path.unshift(0);
      seekingList = true;
      listDash = s.indent;
      continue;
    }
    if (s.key === undefined || s.hasInlineValue) return undefined;
    path.unshift(s.key);
    need = s.indent;
  }
  if (seekingList) return undefined;
  return { path: [...path, ...suffix], mode, key, prefix, prefixStartCol, keyCol, newItem: shape.isItem };
}

/** Keys already present in the mapping the cursor is in (same column, same block), for filtering. */
export function siblingKeys(
  lines: string[],
  line: number,
  keyCol: number,
  firstLine: number,
  lastLine: number,
): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let i = from; i >= firstLine && i <= lastLine; i += step) {
      const s = shapeOf(lines[i]);
      if (s.blank) continue;
      if (/^(---|\.\.\.)(\s|$)/.test(lines[i])) return;
      if (s.isItem && s.contentCol === keyCol) {
        if (step < 0 && s.key) keys.add(s.key); // upwards: our item starts here; downwards: the next item
        return;
      }
      if (s.indent < keyCol) return;
      if (s.indent === keyCol && !s.isItem && s.key) keys.add(s.key);
    }
  };
  scan(line - 1, -1);
  scan(line + 1, 1);
  return keys;
}
