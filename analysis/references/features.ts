// Editor features over the reference index: go to definition, find references, the references CodeLens, rename,
// document links, workspace symbols and names for completion. Plain LSP data; the session wires them.
import {
  CodeLens,
  DocumentLink,
  Location,
  Position,
  Range,
  SymbolInformation,
  SymbolKind,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { FieldPath } from '../documents';
import { extractObjects } from './extract';
import { IndexedObject, Located, namePath, ReferenceIndex } from './index';
import { describeKey, ObjectKey } from './model';
import type { LiveObjects } from './live';

/** Client command behind the CodeLens: (uri, position, locations) in LSP shapes; the extension shows the peek view. */
export const SHOW_REFERENCES_COMMAND = 'kubesense.showReferences';
/** The extension's scheme for read-only views of live objects (client/src/model/uris.ts builds the same paths). */
export const LIVE_OBJECT_SCHEME = 'kubesense';
const MAX_SYMBOLS = 1000;

function nameLocation(index: ReferenceIndex, o: IndexedObject): Location {
  return { uri: o.uri, range: index.rangeOf(o, namePath(o), true) };
}

/** The object a position names: its own (on metadata.name) or the target of a reference there. */
function targetAt(located: Located | undefined): ObjectKey | undefined {
  if (located?.what === 'definition') return located.object.facts.key;
  if (located?.what === 'reference') return located.site.ref.target;
  return undefined;
}

/** `kubesense:/<context>/<group|_core>/<version>/<resource>/<namespace|_>/<name>.yaml`, the explorer's YAML view. */
export function liveObjectUri(
  context: string,
  a: { group: string; version: string; resource: string; namespace?: string; name: string },
): string {
  const enc = encodeURIComponent;
  return `${LIVE_OBJECT_SCHEME}:/${enc(context)}/${enc(a.group || '_core')}/${enc(a.version)}/${enc(a.resource)}/${enc(a.namespace ?? '_')}/${enc(a.name)}.yaml`;
}

export async function provideDefinition(
  index: ReferenceIndex,
  uri: string,
  offset: number,
  live: LiveObjects | undefined,
  signal: AbortSignal,
): Promise<Location[]> {
  const located = index.locate(uri, offset);
  if (located?.what === 'selector') {
    const { selector } = located.site;
    // The labels the selector matched, in each workload's pod template.
    return index.templatesMatching(selector.namespace, selector.selector).map((o) => ({
      uri: o.uri,
      range: index.rangeOf(o, [...o.facts.podTemplates[0]!.path, 'metadata', 'labels']),
    }));
  }
  if (located?.what !== 'reference') return [];
  const target = located.site.ref.target;
  const local = [...index.definitionsOf(target), ...index.producersOf(target)];
  if (local.length > 0) return local.map((o) => nameLocation(index, o));
  if (!live) return [];
  const exists = await live.get(target, signal);
  if (!exists.known || !exists.value) return [];
  const mapping = await live.mapping(target.group, target.kind, signal);
  if (!mapping) return [];
  const r = mapping.resource;
  return [
    {
      uri: liveObjectUri(live.context, {
        group: r.group,
        version: r.version,
        resource: r.resource,
        namespace: target.namespace || undefined,
        name: target.name,
      }),
      range: Range.create(0, 0, 0, 0),
    },
  ];
}

/** Every place that names the object: references by name, selectors matching a workload, and its definitions. */
export function referenceLocations(index: ReferenceIndex, key: ObjectKey, includeDeclaration: boolean): Location[] {
  const out: Location[] = [];
  for (const site of index.referencesOf(key))
    out.push({ uri: site.source.uri, range: index.rangeOf(site.source, site.ref.path, true) });
  for (const def of index.definitionsOf(key))
    for (const s of index.selectorsMatching(def))
      out.push({ uri: s.source.uri, range: index.rangeOf(s.source, s.selector.path) });
  out.sort(byPosition);
  if (includeDeclaration) for (const def of index.definitionsOf(key)) out.push(nameLocation(index, def));
  return dedupe(out);
}

export function provideReferences(
  index: ReferenceIndex,
  uri: string,
  offset: number,
  includeDeclaration: boolean,
): Location[] {
  const located = index.locate(uri, offset);
  if (located?.what === 'selector') {
    const { selector } = located.site;
    return index.templatesMatching(selector.namespace, selector.selector).map((o) => nameLocation(index, o));
  }
  const key = targetAt(located);
  return key ? referenceLocations(index, key, includeDeclaration) : [];
}

/** "3 references" above every object of the file. */
export function provideCodeLenses(index: ReferenceIndex, uri: string): CodeLens[] {
  return index.objectsOf(uri).map((o) => {
    const locations = referenceLocations(index, o.facts.key, false);
    const at = index.rangeOf(o, namePath(o), true);
    const n = locations.length;
    return {
      range: at,
      command: {
        title: `${n} reference${n === 1 ? '' : 's'}`,
        command: n > 0 ? SHOW_REFERENCES_COMMAND : '',
        arguments: n > 0 ? [uri, at.start, locations] : undefined,
      },
    };
  });
}

export function prepareRename(
  index: ReferenceIndex,
  uri: string,
  offset: number,
): { range: Range; placeholder: string } | null {
  const located = index.locate(uri, offset);
  if (located?.what === 'definition')
    return {
      range: index.rangeOf(located.object, namePath(located.object), true),
      placeholder: located.object.facts.key.name,
    };
  if (located?.what === 'reference')
    return {
      range: index.rangeOf(located.site.source, located.site.ref.path, true),
      placeholder: located.site.ref.target.name,
    };
  return null;
}

/** Renames the object (every definition of its key) and every reference by name to it. */
export function provideRename(
  index: ReferenceIndex,
  uri: string,
  offset: number,
  newName: string,
): WorkspaceEdit | null {
  const key = targetAt(index.locate(uri, offset));
  if (!key) return null;
  const changes: Record<string, TextEdit[]> = {};
  const add = (u: string, range: Range) => (changes[u] ??= []).push({ range, newText: newName });
  for (const def of index.definitionsOf(key)) add(def.uri, index.rangeOf(def, namePath(def), true));
  for (const site of index.referencesOf(key)) add(site.source.uri, index.rangeOf(site.source, site.ref.path, true));
  for (const [u, edits] of Object.entries(changes))
    changes[u] = dedupeEdits(edits).sort((a, b) => byPosition({ uri: u, range: a.range }, { uri: u, range: b.range }));
  return { changes };
}

/** Links on referenced names that resolve to a workspace object. */
export function provideDocumentLinks(index: ReferenceIndex, uri: string): DocumentLink[] {
  const out: DocumentLink[] = [];
  for (const o of index.objectsOf(uri))
    for (const ref of o.facts.references) {
      const target = index.definitionsOf(ref.target)[0];
      if (!target || target === o) continue;
      const line = index.rangeOf(target, namePath(target)).start.line + 1;
      out.push({
        range: index.rangeOf(o, ref.path, true),
        target: `${target.uri}#L${line}`,
        tooltip: `Go to ${describeKey(ref.target)}`,
      });
    }
  return out.sort((a, b) => byPosition({ uri, range: a.range }, { uri, range: b.range }));
}

/** Ctrl+T: objects whose `Kind/name` contains the query's characters in order (as VS Code filters). */
export function provideWorkspaceSymbols(index: ReferenceIndex, query: string): SymbolInformation[] {
  const q = query.toLowerCase().replace(/\s+/g, '');
  const out: SymbolInformation[] = [];
  for (const o of index.allObjects()) {
    const k = o.facts.key;
    const label = `${k.kind}/${k.name}`;
    if (q && !subsequence(q, label.toLowerCase())) continue;
    out.push({
      name: label,
      kind: SymbolKind.Object,
      containerName: k.namespace || undefined,
      location: nameLocation(index, o),
    });
    if (out.length >= MAX_SYMBOLS) break;
  }
  return out;
}

/**
 * Names for completion at a field (`path` ends with the field's key): what kind the field references, found by
 * extracting the object with a placeholder there, and the names of that kind the workspace defines.
 */
export function referencedNames(
  index: ReferenceIndex,
  value: unknown,
  path: FieldPath,
): { kind: string; names: string[] } | undefined {
  const SENTINEL = '\u0000kubesense-completion';
  const probe = setAt(value, path, SENTINEL);
  if (!probe) return undefined;
  const ref = extractObjects(probe, index.defaultNamespace, index.scopes)
    .flatMap((f) => f.references)
    .find((r) => r.target.name === SENTINEL);
  if (!ref) return undefined;
  const t = ref.target;
  return { kind: t.kind, names: index.namesOf(t.group, t.kind, t.namespace) };
}

function setAt(value: unknown, path: FieldPath, leaf: string): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const a = Array.isArray(value) ? [...(value as unknown[])] : [];
    a[head] = setAt(a[head], rest, leaf);
    return a;
  }
  const o = value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as object) } : {};
  (o as Record<string, unknown>)[head!] = setAt((o as Record<string, unknown>)[head!], rest, leaf);
  return o;
}

function subsequence(q: string, s: string): boolean {
  let i = 0;
  for (const c of s) if (c === q[i]) i++;
  return i === q.length;
}

/** Files in order, then positions: a stable order for peek views and edits. */
function byPosition(a: Location, b: Location): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

function dedupe(list: Location[]): Location[] {
  const seen = new Set<string>();
  return list.filter((l) => {
    const k = `${l.uri}|${l.range.start.line}:${l.range.start.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function dedupeEdits(edits: TextEdit[]): TextEdit[] {
  return edits.filter((e, i) => edits.findIndex((x) => samePosition(x.range.start, e.range.start)) === i);
}
