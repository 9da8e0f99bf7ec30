// Document symbols from the feature provider directly, table-style: one symbol per object named `Kind/name`,
// its apiVersion and namespace as detail, its top-level keys as children, and ranges the outline can select.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import { provideDocumentSymbols } from '../../../../analysis/features/symbols';
import { parsed } from './fixtures';

interface SymbolCase {
  name: string;
  doc: string;
  /** Per object: name, detail, kind, children's names, and the text the selection range covers. */
  symbols: Array<{ name: string; detail: string; kind: SymbolKind; children: string[]; selects: string }>;
}

const cases: SymbolCase[] = [
  {
    name: 'one object: Kind/name, apiVersion and namespace, top-level keys',
    doc: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  replicas: 2\n',
    symbols: [
      {
        name: 'Deployment/web',
        detail: 'apps/v1 · namespace prod',
        kind: SymbolKind.Class,
        children: ['apiVersion', 'kind', 'metadata', 'spec'],
        selects: 'web',
      },
    ],
  },
  {
    name: 'several documents, empty ones left out',
    doc: '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n',
    symbols: [
      {
        name: 'ConfigMap/a',
        detail: 'v1',
        kind: SymbolKind.Class,
        children: ['apiVersion', 'kind', 'metadata'],
        selects: 'a',
      },
      {
        name: 'Service/b',
        detail: 'v1',
        kind: SymbolKind.Class,
        children: ['apiVersion', 'kind', 'metadata'],
        selects: 'b',
      },
    ],
  },
  {
    name: 'no name: the kind is the selection',
    doc: 'apiVersion: v1\nkind: Namespace\n',
    symbols: [
      {
        name: 'Namespace',
        detail: 'v1',
        kind: SymbolKind.Class,
        children: ['apiVersion', 'kind'],
        selects: 'Namespace',
      },
    ],
  },
  {
    name: 'a mapping without kind is a numbered document',
    doc: 'foo: 1\nbar: 2\n',
    symbols: [
      {
        name: 'document 1',
        detail: '',
        kind: SymbolKind.Object,
        children: ['foo', 'bar'],
        selects: 'foo: 1\nbar: 2\n',
      },
    ],
  },
  {
    name: 'a document that is not a mapping has no symbol',
    doc: '- a\n- b\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n',
    symbols: [
      {
        name: 'Secret/s',
        detail: 'v1',
        kind: SymbolKind.Class,
        children: ['apiVersion', 'kind', 'metadata'],
        selects: 's',
      },
    ],
  },
];

function textOf(text: string, range: DocumentSymbol['range']): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(offset(range.start), offset(range.end));
}

for (const c of cases) {
  test(`symbols: ${c.name}`, () => {
    const symbols = provideDocumentSymbols(parsed(c.doc));
    assert.deepEqual(
      symbols.map((s) => ({
        name: s.name,
        detail: s.detail,
        kind: s.kind,
        children: (s.children ?? []).map((ch) => ch.name),
        selects: textOf(c.doc, s.selectionRange),
      })),
      c.symbols,
    );
    for (const s of symbols)
      for (const ch of s.children ?? []) assert.ok(textOf(c.doc, ch.range).startsWith(ch.name), ch.name);
  });
}
