// Completion: keys of the mapping under the cursor (required first, snippets for objects and lists), enum and
// boolean values, apiVersion values and the kinds each serves, and new-resource snippets per kind.
import {
  CompletionItem,
  CompletionItemKind,
  CompletionList,
  InsertTextFormat,
  MarkupKind,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver-types';
import type { OpenAPISchema } from '../schema';
import { propertySchema } from '../schema/types';
import type { ResolvedSchema } from '../schema/resolved';
import type { ParsedDocument } from '../documents/documentCache';
import type { ManifestDocument } from '../documents';
import type { KindEntry, LanguageEngine } from '../engine/engine';
import { cursorContext, CursorContext, siblingKeys } from './yamlContext';
import { lineCache } from './lines';
import { enumValues } from './enumHints';
import { codeSpan, descriptionMarkdown, escapeMarkdown } from './markdown';

const MAX_ITEMS = 500;

/** Fields whose values name objects of one kind, which completion can offer from the cluster. */
export type NamedReference = 'namespaces' | 'configmaps' | 'secrets' | 'serviceaccounts';

/** Names that exist in the connected cluster (waited for briefly); undefined while the first fetch is in flight. */
export type ClusterNames = (
  ref: NamedReference,
  namespace: string | undefined,
  signal: AbortSignal,
) => Promise<string[] | undefined>;

/** Names the workspace defines for the field at `path` of a document's value (the reference index's answer). */
export type WorkspaceNames = (
  value: unknown,
  path: (string | number)[],
) => { kind: string; names: string[] } | undefined;

export async function provideCompletion(
  doc: ParsedDocument,
  params: { position: Position },
  engine: LanguageEngine,
  signal: AbortSignal,
  names?: ClusterNames,
  workspaceNames?: WorkspaceNames,
): Promise<CompletionItem[] | CompletionList> {
  const { position } = params;
  const lines = lineCache(doc);
  const offset = doc.text.offsetAt(position);
  const mdoc = doc.file.documentAt(offset);
  const firstLine = mdoc ? doc.file.positionAt(mdoc.range.start).line : 0;
  const lastLine = mdoc ? doc.file.positionAt(mdoc.range.end).line : lines.length - 1;
  const ctx = cursorContext(lines, position.line, position.character, Math.min(firstLine, position.line));
  if (!ctx) return [];
  const replace: Range = { start: { line: position.line, character: ctx.prefixStartCol }, end: position };
  const apiVersion = mdoc?.apiVersion;
  const kind = mdoc?.kind;

  if (ctx.mode === 'value' && ctx.path.length === 0 && ctx.key === 'apiVersion') {
    return apiVersionItems(await engine.kinds(), kind, replace);
  }
  if (ctx.mode === 'value' && ctx.path.length === 0 && ctx.key === 'kind') {
    return kindItems(await engine.kinds(), apiVersion, replace, apiVersionEditor(doc, mdoc, position.line, ctx.keyCol));
  }
  if (signal.aborted) return [];

  const schema = apiVersion && kind ? await engine.schemaFor(apiVersion, kind) : undefined;
  if (ctx.mode === 'key') {
    if (!schema) {
      if (ctx.path.length > 0) return [];
      return rootItems(await engine.kinds(), engine, ctx, replace, lines, position.line, firstLine, lastLine, signal);
    }
    return keyItems(schema, ctx, replace, lines, position.line, firstLine, lastLine);
  }
  if (!ctx.key) return [];
  const ref = names ? referenceAt(ctx.path, ctx.key) : undefined;
  const fromSchema = schema ? valueItems(schema, [...ctx.path, ctx.key], replace) : [];
  const inWorkspace = mdoc && workspaceNames ? workspaceNames(mdoc.value, [...ctx.path, ctx.key]) : undefined;
  const fromWorkspace = (inWorkspace?.names ?? []).map((n): CompletionItem => ({
    label: n,
    kind: CompletionItemKind.Reference,
    detail: `${inWorkspace!.kind} in the workspace`,
    textEdit: { range: replace, newText: quoteIfNeeded(n) },
  }));
  if (!ref || !names) return [...fromSchema, ...fromWorkspace];
  const found = await names(ref, mdoc?.namespace, signal);
  const known = new Set(fromWorkspace.map((i) => i.label));
  const items = [
    ...fromSchema,
    ...fromWorkspace,
    ...(found ?? [])
      .filter((n) => !known.has(n))
      .map((n): CompletionItem => ({
        label: n,
        kind: CompletionItemKind.Reference,
        detail: `${REFERENCE_LABEL[ref]} in the cluster`,
        textEdit: { range: replace, newText: quoteIfNeeded(n) },
      })),
  ];
  // Still fetching after the wait: tell the client to ask again as the user types, by then the names are there.
  return found === undefined ? { isIncomplete: true, items } : items;
}

const REFERENCE_LABEL: Record<NamedReference, string> = {
  namespaces: 'Namespace',
  configmaps: 'ConfigMap',
  secrets: 'Secret',
  serviceaccounts: 'ServiceAccount',
};

/** Fields that name another object: `metadata.namespace`, `configMapKeyRef.name`, `serviceAccountName`… */
export function referenceAt(path: (string | number)[], key: string): NamedReference | undefined {
  const parent = path[path.length - 1];
  const grand = path[path.length - 2];
  if (key === 'namespace') return 'namespaces';
  if (key === 'serviceAccountName' || key === 'serviceAccount') return 'serviceaccounts';
  if (key === 'name' && (parent === 'configMap' || parent === 'configMapRef' || parent === 'configMapKeyRef'))
    return 'configmaps';
  if (key === 'secretName' && parent === 'secret') return 'secrets';
  if (key === 'name' && (parent === 'secretRef' || parent === 'secretKeyRef')) return 'secrets';
  if (key === 'name' && typeof parent === 'number' && grand === 'imagePullSecrets') return 'secrets';
  return undefined;
}

function keyItems(
  schema: ResolvedSchema,
  ctx: CursorContext,
  replace: Range,
  lines: string[],
  line: number,
  firstLine: number,
  lastLine: number,
): CompletionItem[] {
  const info = schema.describe(ctx.path);
  if (!info) return [];
  const present = siblingKeys(lines, line, ctx.keyCol, firstLine, lastLine);
  const required = new Set(info.required);
  const items: CompletionItem[] = [];
  for (const [name, prop] of Object.entries(info.properties)) {
    if (present.has(name)) continue;
    if (ctx.path.length === 0 && name === 'status') continue; // the server ignores status on create
    const isRequired = required.has(name);
    items.push({
      label: name,
      kind: CompletionItemKind.Property,
      detail: `${schema.typeName(prop)}${isRequired ? ' (required)' : ''}`,
      documentation: prop.description
        ? { kind: MarkupKind.Markdown, value: descriptionMarkdown(prop.description) }
        : undefined,
      sortText: `${isRequired ? '0' : '1'}${name}`,
      filterText: name,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: replace, newText: keySnippet(schema, name, prop) },
      ...(prop.description?.startsWith('Deprecated') ? { tags: [1] } : {}),
    });
  }
  // Maps with free keys (labels, annotations, data): nothing to suggest beyond what is typed.
  return items;
}

/** `name: $1`, `enabled: ${1|true,false|}`, `spec:\n  $1`, `containers:\n- name: $1\n  image: $2`. */
export function keySnippet(schema: ResolvedSchema, name: string, prop: OpenAPISchema): string {
  const key = snippetEscape(/^[A-Za-z0-9_./-]+$/.test(name) ? name : JSON.stringify(name));
  const s = schema.deref(prop) ?? prop;
  const values = enumValues(s);
  if (values && values.length <= 20 && values.every((v) => typeof v === 'string')) {
    return `${key}: \${1|${(values as string[]).map(choiceEscape).join(',')}|}`;
  }
  if (s.type === 'boolean') return `${key}: \${1|true,false|}`;
  if (s.type === 'array') {
    const item = schema.deref(s.items);
    if (item && (item.properties || item.type === 'object')) {
      const req = (item.required ?? []).filter((r) => propertySchema(item, r));
      if (req.length === 0) return `${key}:\n- $0`;
      const body = req.map((r, i) => `${i === 0 ? '- ' : '  '}${snippetEscape(r)}: $${i + 1}`).join('\n');
      return `${key}:\n${body}`;
    }
    return `${key}:\n- $0`;
  }
  if (s.properties || (s.type === 'object' && !s['x-kubernetes-preserve-unknown-fields'])) {
    const req = (s.required ?? []).filter((r) => propertySchema(s, r));
    if (req.length === 0) return `${key}:\n  $0`;
    return `${key}:\n${req.map((r, i) => `  ${snippetEscape(r)}: $${i + 1}`).join('\n')}`;
  }
  return `${key}: $0`;
}

function valueItems(schema: ResolvedSchema, path: (string | number)[], replace: Range): CompletionItem[] {
  const s = schema.schemaAt(path);
  if (!s) return [];
  const items: CompletionItem[] = [];
  const values: unknown[] = enumValues(s) ?? (s.type === 'boolean' ? [true, false] : []);
  values.forEach((v, i) => {
    const text = typeof v === 'string' ? quoteIfNeeded(v) : String(v);
    items.push({
      label: String(v),
      kind: CompletionItemKind.EnumMember,
      sortText: String(i).padStart(4, '0'),
      textEdit: { range: replace, newText: text },
    });
  });
  if (
    s.default !== undefined &&
    (typeof s.default === 'string' || typeof s.default === 'number' || typeof s.default === 'boolean') &&
    !values.includes(s.default)
  ) {
    items.push({
      label: String(s.default),
      kind: CompletionItemKind.Value,
      detail: 'default',
      textEdit: { range: replace, newText: String(s.default) },
    });
  }
  return items;
}

function apiVersionItems(kinds: KindEntry[], kind: string | undefined, replace: Range): CompletionItem[] {
  const byApiVersion = new Map<string, string[]>();
  for (const k of kinds) {
    const list = byApiVersion.get(k.apiVersion) ?? [];
    list.push(k.kind);
    byApiVersion.set(k.apiVersion, list);
  }
  const items: CompletionItem[] = [];
  let i = 0;
  for (const [apiVersion, served] of byApiVersion) {
    const servesKind = kind !== undefined && served.includes(kind);
    items.push({
      label: apiVersion,
      kind: CompletionItemKind.Module,
      detail: servesKind ? `serves ${kind}` : `${served.length} kinds`,
      documentation: {
        kind: MarkupKind.Markdown,
        value: `Kinds served by ${codeSpan(apiVersion)}: ${escapeMarkdown(served.slice(0, 60).join(', '))}${served.length > 60 ? ', …' : ''}`,
      },
      sortText: `${kind === undefined || servesKind ? '0' : '1'}${String(i++).padStart(4, '0')}`,
      textEdit: { range: replace, newText: apiVersion },
    });
  }
  return items;
}

/**
 * The edit that makes the document's `apiVersion` the given one: its value replaced (the key kept), or, when the
 * document has no `apiVersion` key, the key added above `kind` (on `kindLine`, at the key's column).
 */
function apiVersionEditor(
  doc: ParsedDocument,
  mdoc: ManifestDocument | undefined,
  kindLine: number,
  keyCol: number,
): (apiVersion: string) => TextEdit {
  const key = mdoc?.keyOf(['apiVersion'])?.range;
  if (!key) {
    const at = { line: kindLine, character: keyCol };
    return (v) => TextEdit.insert(at, `apiVersion: ${v}\n${' '.repeat(keyCol)}`);
  }
  // From the key's end (the colon included) to the value's end, so `apiVersion:` with no value gets its space.
  const value = mdoc?.nodeOf(['apiVersion'])?.range;
  const colon = doc.file.text.indexOf(':', key[1]);
  const end = value && value[1] > colon ? value[1] : colon + 1;
  const range = doc.file.toRange({ start: key[1], end });
  return (v) => TextEdit.replace(range, `: ${v}`);
}

/**
 * Kinds: those of the document's apiVersion first. Choosing a kind that apiVersion does not serve (or with no
 * apiVersion yet) also sets apiVersion to the kind's, so the document names a served pair.
 */
function kindItems(
  kinds: KindEntry[],
  apiVersion: string | undefined,
  replace: Range,
  setApiVersion: (apiVersion: string) => TextEdit,
): CompletionItem[] {
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const k of kinds) {
    const matches = apiVersion === undefined || k.apiVersion === apiVersion;
    if (seen.has(k.kind) && !matches) continue;
    if (apiVersion !== undefined && !matches && kinds.some((o) => o.kind === k.kind && o.apiVersion === apiVersion))
      continue;
    seen.add(k.kind);
    items.push({
      label: k.kind,
      kind: CompletionItemKind.Class,
      detail: k.apiVersion,
      sortText: `${matches ? '0' : '1'}${k.kind}`,
      textEdit: { range: replace, newText: k.kind },
      ...(k.apiVersion !== apiVersion ? { additionalTextEdits: [setApiVersion(k.apiVersion)] } : {}),
    });
    if (items.length >= MAX_ITEMS) break;
  }
  return items;
}

/** At the root of a document without apiVersion/kind: the two keys, and a new-resource snippet per kind. */
async function rootItems(
  kinds: KindEntry[],
  engine: LanguageEngine,
  ctx: CursorContext,
  replace: Range,
  lines: string[],
  line: number,
  firstLine: number,
  lastLine: number,
  signal: AbortSignal,
): Promise<CompletionItem[]> {
  const present = siblingKeys(lines, line, ctx.keyCol, firstLine, lastLine);
  const items: CompletionItem[] = [];
  for (const key of ['apiVersion', 'kind'])
    if (!present.has(key))
      items.push({
        label: key,
        kind: CompletionItemKind.Property,
        sortText: `0${key}`,
        textEdit: { range: replace, newText: `${key}: ` },
        command: { title: 'suggest', command: 'editor.action.triggerSuggest' },
      });
  if (ctx.keyCol !== 0 || present.size > 0) return items;
  // Newest version of each kind first (store order: GA before beta before alpha).
  const seen = new Set<string>();
  for (const k of kinds) {
    if (signal.aborted) break;
    if (seen.has(k.kind)) continue;
    seen.add(k.kind);
    items.push({
      label: k.kind,
      kind: CompletionItemKind.Snippet,
      detail: `new ${k.kind} (${k.apiVersion})`,
      sortText: `2${k.kind}`,
      filterText: k.kind,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: replace, newText: await resourceSnippet(engine, k) },
    });
    if (items.length >= MAX_ITEMS) break;
  }
  return items;
}

const snippetCache = new WeakMap<LanguageEngine, Map<string, string>>();

/** apiVersion, kind, metadata.name and the required fields of the kind (two levels), as a snippet. */
export async function resourceSnippet(engine: LanguageEngine, k: KindEntry): Promise<string> {
  let cache = snippetCache.get(engine);
  if (!cache) snippetCache.set(engine, (cache = new Map()));
  const key = `${k.apiVersion}|${k.kind}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const schema = await engine.schemaFor(k.apiVersion, k.kind).catch(() => undefined);
  let n = 1;
  const out = [`apiVersion: ${k.apiVersion}`, `kind: ${k.kind}`, 'metadata:', `  name: \${${n++}:name}`];
  if (schema) {
    const root = schema.deref(schema.root);
    const top = root?.properties ?? {};
    const body = (s: OpenAPISchema | undefined, indent: string, depth: number) => {
      const d = schema.deref(s);
      if (!d?.properties || depth > 2) return;
      for (const r of d.required ?? []) {
        const p = schema.deref(propertySchema(d, r));
        if (!p) continue;
        if (p.properties && depth < 2) {
          out.push(`${indent}${r}:`);
          const before = out.length;
          body(p, indent + '  ', depth + 1);
          if (out.length === before) out.push(`${indent}  \${${n++}}`);
        } else if (p.type === 'array') {
          out.push(`${indent}${r}:`, `${indent}- \${${n++}}`);
        } else {
          out.push(`${indent}${r}: \${${n++}}`);
        }
      }
    };
    for (const section of ['spec', 'data', 'rules', 'subjects', 'roleRef', 'webhooks']) {
      if (!top[section]) continue;
      const s = schema.deref(top[section]);
      if (section === 'spec' || (root?.required ?? []).includes(section)) {
        if (s?.type === 'array') out.push(`${section}:`, `- \${${n++}}`);
        else {
          out.push(`${section}:`);
          const before = out.length;
          body(top[section], '  ', 1);
          if (out.length === before) out.push(`  \${${n++}}`);
        }
      }
    }
  }
  const text = out.join('\n') + '\n$0';
  cache.set(key, text);
  return text;
}

function snippetEscape(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

function choiceEscape(text: string): string {
  return text.replace(/[,|$}\\]/g, '\\$&');
}

/** Strings that YAML 1.1 would read as something else get quotes. */
function quoteIfNeeded(v: string): string {
  if (
    v === '' ||
    /^(y|n|yes|no|on|off|true|false|null|~)$/i.test(v) ||
    /^[-+.\d]/.test(v) ||
    /[:#{}[\],&*!|>'"%@`]/.test(v)
  )
    return JSON.stringify(v);
  return v;
}
