// kubectl and the API server read each `---` piece with go-yaml v2, which refuses some YAML the `yaml` package and
// js-yaml read (a tab before a comment, a `...` with no document before it, an empty key after a comment) and reads
// only the first node of some they refuse (`- a\nb: 1` is the list [a] to it; the rest is never parsed). The port of
// go-yaml's parser (kube/util/go/yamlSyntax.ts) decides those pieces; the screen below keeps it off the pieces
// manifests are made of, where the readers provably agree (goParity.test.ts: real YAML and seeded mutations).
import { goYAMLFirstDocument } from '../../kube/util/go';
import { subsetDocumentReading } from './fastValues';

/** A `---` marker line (comments allowed): kubectl does not send it. */
const MARKER = /^---[ \t]*(?:#[^\n]*)?\n/;

/** Where the piece text[start, end) starts as kubectl sends it: after its `---` marker line. */
export function goPieceStart(text: string, start: number, end: number): number {
  const marker = MARKER.exec(text.slice(start, Math.min(end, start + 4096)));
  return marker ? start + marker[0].length : start;
}

/**
 * go-yaml's reading of the piece text[start, end): its syntax error (`yaml: line N: …`, N counted from `from`), or
 * the offset in text where the document it reads ends (what follows is never parsed).
 */
export function goReading(
  text: string,
  start: number,
  end: number,
): { from: number; error: string } | { from: number; end: number } {
  const from = goPieceStart(text, start, end);
  const r = goYAMLFirstDocument(text.slice(from, end));
  return 'error' in r ? { from, error: r.error } : { from, end: from + r.end };
}

/**
 * False when go-yaml reads the piece as kubesense's readers do, as the fast subset reader's answering it proves
 * (block mappings and lists of plain, one-line quoted and block scalars, no tabs: the same in every reader).
 * Costs a subset reading (~1/20 of a `yaml` parse); callers that read the piece with it already know the answer.
 */
export function mayDifferFromGoYAML(piece: string): boolean {
  return subsetDocumentReading(piece) === undefined;
}

/**
 * The piece ends the text on a line with content and no line break after it, and holds a block scalar indicator:
 * a block scalar ending there keeps no final line break in go-yaml (the other readers add one; see
 * lastLineWithoutBreak).
 */
export function mayEndInBlockScalar(text: string, piece: string, end: number): boolean {
  return end === text.length && lastLineWithoutBreak(text) && (piece.includes('|') || piece.includes('>'));
}

/** The text's last line has content and no line break after it. */
export function lastLineWithoutBreak(text: string): boolean {
  const end = text.charCodeAt(text.length - 1);
  if (end === 0x0a || end === 0x0d || text.length === 0) return false; // most files: no scan
  const last = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return /\S/.test(text.slice(last + 1));
}

/**
 * kubectl's own reading of a stream (apimachinery's YAMLReader) splits it at every line starting with `---` and
 * refuses one with anything but a comment after it (`--- |`, `---x`): `invalid Yaml document separator: |`. The
 * first such line of the piece text[start, end), with kubectl's words, or undefined.
 */
export function separatorProblem(
  text: string,
  start: number,
  end: number,
): { offset: number; message: string } | undefined {
  let at = start;
  if (!text.startsWith('---', at)) {
    const next = text.indexOf('\n---', at);
    if (next < 0 || next >= end) return undefined;
    at = next + 1;
  }
  for (;;) {
    const lineEnd = text.indexOf('\n', at);
    const rest = text.slice(at + 3, lineEnd < 0 || lineEnd > end ? end : lineEnd).trim();
    if (rest !== '' && !rest.startsWith('#'))
      return { offset: at, message: `invalid Yaml document separator: ${rest}` };
    const next = text.indexOf('\n---', at + 3);
    if (next < 0 || next >= end) return undefined;
    at = next + 1;
  }
}
