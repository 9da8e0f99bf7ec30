// Code actions: one quick fix per fix validation attached to a diagnostic (quote a YAML 1.1 scalar, move a
// deprecated apiVersion to the served one, …), plus "apply all" of a kind when several are in the file.
import {
  CodeAction,
  CodeActionContext,
  CodeActionKind,
  Diagnostic,
  Range,
  TextEdit,
} from 'vscode-languageserver-types';
import type { KubeDiagnostic, KubeFix } from '../validation/types';
import type { ParsedDocument } from '../documents/documentCache';
import { DIAGNOSTIC_SOURCE, toLspDiagnostic } from './diagnostics';

export function provideCodeActions(
  doc: ParsedDocument,
  params: { range: Range; context: CodeActionContext },
  published: KubeDiagnostic[],
): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k))) return [];
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  // Fixes for the diagnostics the client sent (it echoes ours back), else for ours that touch the range.
  const requested = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
  const targets: { lsp: Diagnostic; fix: KubeFix }[] = [];
  for (const d of requested) {
    const ours = published.find((p) => p.fix && sameRange(p.range, d.range) && p.message === d.message);
    const fix = ours?.fix ?? (d.data as { fix?: KubeFix } | undefined)?.fix;
    if (fix) targets.push({ lsp: d, fix });
  }
  if (requested.length === 0) {
    for (const p of published)
      if (p.fix && overlaps(p.range, params.range)) targets.push({ lsp: toLspDiagnostic(p), fix: p.fix });
  }
  for (const { lsp, fix } of targets) {
    const key = `${fix.title}|${JSON.stringify(fix.edits)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [lsp],
      isPreferred: fix.preferred,
      edit: { changes: { [doc.uri]: fix.edits } },
    });
  }
  // Same kind of fix elsewhere in the file: offer them all at once.
  for (const kind of new Set(targets.map((t) => t.fix.kind))) {
    const all = published.filter((p) => p.fix?.kind === kind);
    if (all.length < 2) continue;
    const edits: TextEdit[] = dedupeEdits(all.flatMap((p) => p.fix!.edits));
    actions.push({
      title: `${kind === 'quote-scalar' ? 'Quote all YAML 1.1 scalars' : 'Move all deprecated apiVersions'} in this file (${all.length})`,
      kind: CodeActionKind.QuickFix,
      diagnostics: all.map(toLspDiagnostic),
      edit: { changes: { [doc.uri]: edits } },
    });
  }
  return actions;
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

function overlaps(a: Range, b: Range): boolean {
  const le = (x: Range['start'], y: Range['start']) =>
    x.line < y.line || (x.line === y.line && x.character <= y.character);
  return le(a.start, b.end) && le(b.start, a.end);
}

/** Drop duplicate and overlapping edits (LSP requires non-overlapping edits in one WorkspaceEdit). */
function dedupeEdits(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && overlaps(last.range, e.range)) continue;
    out.push(e);
  }
  return out;
}
