// The lines of a parsed document version, split once and shared by completion requests on that version.
import type { ParsedDocument } from '../documents/documentCache';

const cache = new WeakMap<ParsedDocument, string[]>();

export function lineCache(doc: ParsedDocument): string[] {
  let lines = cache.get(doc);
  if (!lines) {
    lines = doc.file.text.split(/\r?\n/);
    cache.set(doc, lines);
  }
  return lines;
}
