// Document symbols: one per object (`Kind/name`), with its top-level fields as children for the outline.
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { isMap, Node } from 'yaml';
import { keyText } from '../documents';
import type { ParsedDocument } from '../documents/documentCache';

export function provideDocumentSymbols(doc: ParsedDocument): DocumentSymbol[] {
  const file = doc.file;
  const out: DocumentSymbol[] = [];
  for (const d of file.documents) {
    if (d.role === 'empty') continue;
    const contents = d.contents;
    if (!contents || !isMap(contents) || !contents.range) continue;
    const range = file.toRange({ start: contents.range[0], end: contents.range[1] });
    const nameNode = d.nodeOf(['metadata', 'name']) ?? d.nodeOf(['kind']) ?? contents;
    const sel = nameNode.range ? file.toRange({ start: nameNode.range[0], end: nameNode.range[1] }) : range;
    const children: DocumentSymbol[] = [];
    for (const pair of contents.items) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (!key?.range) continue;
      const end = value?.range ? value.range[1] : key.range[1];
      children.push({
        name: keyText(key),
        kind: SymbolKind.Field,
        range: file.toRange({ start: key.range[0], end }),
        selectionRange: file.toRange({ start: key.range[0], end: key.range[1] }),
      });
    }
    const title = d.kind ? `${d.kind}${d.name ? `/${d.name}` : ''}` : `document ${d.index + 1}`;
    out.push({
      name: title,
      detail: [d.apiVersion, d.namespace ? `namespace ${d.namespace}` : undefined].filter(Boolean).join(' · '),
      kind: d.kind ? SymbolKind.Class : SymbolKind.Object,
      range,
      selectionRange: containsRange(range, sel) ? sel : range,
      children,
    });
  }
  return out;
}

function containsRange(outer: DocumentSymbol['range'], inner: DocumentSymbol['range']): boolean {
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}
