// Re-validate only the YAML documents of a multi-document file whose text changed: results are remembered per
// document text, stored relative to the document's first line, and shifted to wherever the document now sits.
import type { KubeDiagnostic } from '../../../analysis/validation/types';
import type { ParsedDocument } from '../../../analysis/documents/documentCache';

interface Remembered {
  generation: number;
  diagnostics: KubeDiagnostic[]; // relative: lines from the document's first line, offsets from its start
}

interface Anchor {
  line: number;
  offset: number;
}

export interface Plan {
  /** Documents whose previous diagnostics are still valid: [document index, remembered relative diagnostics]. */
  reuse: [number, KubeDiagnostic[]][];
  /** Documents to validate now. */
  toValidate: number[];
}

export class DiagnosticsMemo {
  private readonly byUri = new Map<string, Map<string, Remembered>>();

  plan(doc: ParsedDocument, generation: number): Plan {
    const remembered = this.byUri.get(doc.uri);
    const reuse: [number, KubeDiagnostic[]][] = [];
    const toValidate: number[] = [];
    doc.file.documents.forEach((d, i) => {
      const key = this.keyOf(doc, i);
      const hit = key !== undefined ? remembered?.get(key) : undefined;
      if (hit && hit.generation === generation) reuse.push([i, hit.diagnostics]);
      else toValidate.push(i);
    });
    return { reuse, toValidate };
  }

  /** Combine reused and fresh diagnostics (absolute positions) and remember the fresh ones. */
  merge(
    doc: ParsedDocument,
    generation: number,
    reuse: [number, KubeDiagnostic[]][],
    fresh: KubeDiagnostic[],
    validated: number[],
  ): KubeDiagnostic[] {
    const next = new Map<string, Remembered>();
    const out: KubeDiagnostic[] = [];
    const validatedSet = new Set(validated);
    const freshByDoc = new Map<number, KubeDiagnostic[]>();
    for (const d of fresh) {
      // Per-document results of documents not asked about are the reused copies; cross-document ones are fresh.
      if (d.documentIndex >= 0 && !validatedSet.has(d.documentIndex) && !isCrossDocument(d)) continue;
      out.push(d);
      if (d.documentIndex < 0 || isCrossDocument(d)) continue;
      const list = freshByDoc.get(d.documentIndex) ?? [];
      list.push(d);
      freshByDoc.set(d.documentIndex, list);
    }
    for (const index of validated) {
      const key = this.keyOf(doc, index);
      if (key === undefined) continue;
      const anchor = this.anchorOf(doc, index);
      next.set(key, {
        generation,
        diagnostics: (freshByDoc.get(index) ?? []).map((d) => shift(d, -anchor.line, -anchor.offset)),
      });
    }
    for (const [index, relative] of reuse) {
      const key = this.keyOf(doc, index)!;
      const anchor = this.anchorOf(doc, index);
      next.set(key, { generation, diagnostics: relative });
      for (const d of relative) out.push({ ...shift(d, anchor.line, anchor.offset), documentIndex: index });
    }
    this.byUri.set(doc.uri, next);
    return out;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  clear(): void {
    this.byUri.clear();
  }

  /** The document's own text (plus what decides how the file is read); undefined when it is not line-aligned. */
  private keyOf(doc: ParsedDocument, index: number): string | undefined {
    const d = doc.file.documents[index];
    const text = doc.file.text;
    if (d.range.start > 0 && text.charCodeAt(d.range.start - 1) !== 10) return undefined;
    return `${doc.file.exclusion ?? ''}\u0000${text.slice(d.range.start, d.range.end)}`;
  }

  private anchorOf(doc: ParsedDocument, index: number): Anchor {
    const start = doc.file.documents[index].range.start;
    return { line: doc.file.positionAt(start).line, offset: start };
  }
}

/**
 * Checks that look across documents (the same object twice in one file) run over the whole file on every
 * validation, so they are never remembered per document.
 */
export function isCrossDocument(d: KubeDiagnostic): boolean {
  return d.code === 'duplicate' && d.path?.length === 2 && d.path[0] === 'metadata' && d.path[1] === 'name';
}

function shift(d: KubeDiagnostic, lines: number, offset: number): KubeDiagnostic {
  const fix = d.fix
    ? {
        ...d.fix,
        edits: d.fix.edits.map((e) => ({
          ...e,
          range: {
            start: { line: e.range.start.line + lines, character: e.range.start.character },
            end: { line: e.range.end.line + lines, character: e.range.end.character },
          },
        })),
      }
    : undefined;
  // go-yaml's wording names the line in the text (`line 12: key "a" already set in map`): it moves too.
  const message =
    lines === 0 ? d.message : d.message.replace(/^line (\d+):/, (_, n: string) => `line ${Number(n) + lines}:`);
  return {
    ...d,
    message,
    range: {
      start: { line: d.range.start.line + lines, character: d.range.start.character },
      end: { line: d.range.end.line + lines, character: d.range.end.character },
    },
    offsets: { start: d.offsets.start + offset, end: d.offsets.end + offset },
    ...(fix ? { fix } : {}),
  };
}
