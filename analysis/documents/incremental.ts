// Incremental parsing: a multi-document file is cut at its `---` markers and each piece is parsed on its own,
// so an edit re-parses only the document it touches; unchanged pieces reuse the previous version's AST,
// shifted to their new offsets. A `---` at column 0 always starts a document in YAML (it cannot continue a
// block scalar or a quoted string), so the cut never changes what the YAML means.
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node } from 'yaml';

export interface Chunk {
  start: number;
  end: number;
}

/** Pieces of text, each starting at a `---` marker line (the first one at 0). Undefined: parse whole. */
export function splitAtDocumentMarkers(text: string): Chunk[] | undefined {
  // Directives (%YAML, %TAG) belong to the document after them: parse such files in one piece.
  if (hasDirectiveLine(text)) return undefined;
  const chunks: Chunk[] = [];
  const re = /^---(?=[ \t\r\n]|$)/gm;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m.index > start) chunks.push({ start, end: m.index });
    start = m.index;
  }
  chunks.push({ start, end: text.length });
  return chunks;
}

/**
 * A `%` at the start of a line, as `/^%/m` finds it (after \n, \r, U+2028 or U+2029): looking only at the few `%`
 * of a file (`25%`, `%20`) is cheaper than the regular expression's scan of every line.
 */
function hasDirectiveLine(text: string): boolean {
  for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
    const before = i === 0 ? 0x0a : text.charCodeAt(i - 1);
    if (before === 0x0a || before === 0x0d || before === 0x2028 || before === 0x2029) return true;
  }
  return false;
}

/** Move every offset of a parsed document by delta (in place). */
export function shiftDocument(doc: Document.Parsed, delta: number): void {
  if (delta === 0) return;
  const r = doc.range as unknown as number[];
  for (let i = 0; i < r.length; i++) r[i] += delta;
  for (const e of [...doc.errors, ...doc.warnings]) {
    e.pos[0] += delta;
    e.pos[1] += delta;
  }
  const seen = new Set<unknown>();
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (isPair(n)) {
      visit(n.key);
      visit(n.value);
      return;
    }
    const node = n as Node;
    if (node.range) for (let i = 0; i < node.range.length; i++) (node.range as number[])[i] += delta;
    if (isMap(node) || isSeq(node)) for (const it of node.items) visit(it);
    else if (isScalar(node) || isAlias(node)) return;
  };
  visit(doc.contents);
}
