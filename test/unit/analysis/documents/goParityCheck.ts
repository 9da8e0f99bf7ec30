// One `---` piece of a file as kubesense reads it, and how that reading differs from go-yaml's (sigs.k8s.io/yaml,
// what kubectl and the API server read manifests with): shared by the go-yaml parity tests.
import { parseManifestFile, type ManifestDocument } from '../../../../analysis/documents';
import { marshalJSON, type GoJSONValue } from '../../../../kube/util/go';
import { isGoSyntaxError } from '../../kube/util/go/goyamlVectors';

export interface Piece {
  file: number;
  text: string;
  doc: ManifestDocument;
  /** Where the piece starts in its file. */
  start: number;
}

/** The piece of a document kubectl sends: from the line after its `---` marker. */
export function pieces(text: string, fileIndex: number, fastValues: boolean): Piece[] {
  const file = parseManifestFile(text, 'f.yaml', { fastValues });
  return file.documents
    .filter((d) => !d.readAsJSON)
    .map((doc) => {
      const marker = /^---[ \t]*(?:#[^\n]*)?\n/.exec(text.slice(doc.range.start, doc.range.end));
      const start = doc.range.start + (marker ? marker[0].length : 0);
      return {
        file: fileIndex,
        text: text.slice(start, doc.range.end),
        doc,
        start,
      };
    });
}

/** How a document's reading differs from go-yaml's ("" when it does not). */
export function difference(p: Piece, go: { values: string[]; error: string }): string {
  const syntax = p.doc.problems.find((x) => x.code === 'yaml-syntax' && x.severity === 'error');
  // kubectl's stream reader refuses a `---` line with more than a comment after it before go-yaml reads anything.
  const separator = /^---(.*)$/m.exec(
    p.doc.source.split('\n').filter((l) => /^---/.test(l) && !/^---\s*(#.*)?$/.test(l))[0] ?? '',
  );
  if (separator) {
    const want = `invalid Yaml document separator: ${separator[1].trim()}`;
    return syntax?.message === want ? '' : `kubectl refuses (${want}), ours ${syntax?.message ?? 'reads'}`;
  }
  const goError = go.error.replace(/^error converting YAML to JSON: /, '');
  if (goError && !isGoSyntaxError(goError)) return ''; // decode-level (JSON of .inf, invalid map keys): not syntax
  if (goError === 'yaml: control characters are not allowed') return syntax ? '' : 'go refuses, ours reads';
  if (goError) {
    if (!syntax) return `go refuses (${goError}), ours reads`;
    const m = /^yaml: (?:line (\d+): )?([^]*)$/.exec(goError)!;
    if (syntax.message !== m[2]) return `words: go ${JSON.stringify(goError)} ours ${JSON.stringify(syntax.message)}`;
    // Lines as go-yaml counts them (a lone CR ends one too), from the piece's start; an error past the end is shown
    // on the last line.
    const goLines = (t: string) => t.split(/\r\n?|[\n\u0085\u2028\u2029]/).length;
    const line = goLines(p.doc.file.text.slice(p.start, syntax.range.start));
    const last = goLines(p.text.replace(/(?:\r\n?|[\n\u0085\u2028\u2029])$/, ''));
    if (m[1] !== undefined && line !== Math.min(Number(m[1]), last))
      return `line: go ${JSON.stringify(goError)} ours on line ${line}`;
    return '';
  }
  if (syntax) return `go reads, ours refuses (${syntax.message})`;
  const ours = p.doc.value === null ? [] : [marshalJSON(p.doc.value as GoJSONValue)];
  const want = go.values.filter((v) => v !== 'null');
  return JSON.stringify(ours) === JSON.stringify(want) ? '' : `values: go ${want[0]} ours ${ours[0]}`;
}
