// Hover: the field's path, type and description, laid out like `kubectl explain KIND.path`.
import { Hover, MarkupKind, Position } from 'vscode-languageserver-types';
import { formatPath } from '../documents';
import type { ParsedDocument } from '../documents/documentCache';
import type { LanguageEngine } from '../engine/engine';
import { enumValues } from './enumHints';
import { codeBlock, codeSpan, descriptionMarkdown, escapeMarkdown } from './markdown';

const MAX_FIELDS_LISTED = 30;

export async function provideHover(
  doc: ParsedDocument,
  position: Position,
  engine: LanguageEngine,
  signal: AbortSignal,
): Promise<Hover | null> {
  const offset = doc.text.offsetAt(position);
  const mdoc = doc.file.documentAt(offset);
  if (!mdoc?.apiVersion || !mdoc.kind) return null;
  const loc = mdoc.locate(offset);
  if (!loc || loc.path.length === 0) return null;
  // Read positions before awaiting: a newer parse may reuse (and shift) this version's nodes meanwhile.
  const range = loc.node.range ? doc.file.toRange({ start: loc.node.range[0], end: loc.node.range[1] }) : undefined;
  const schema = await engine.schemaFor(mdoc.apiVersion, mdoc.kind);
  if (!schema || signal.aborted) return null;
  // On a scalar inside a list of scalars, explain the list field.
  let path = loc.path;
  while (path.length > 0 && typeof path[path.length - 1] === 'number') path = path.slice(0, -1);
  const info = schema.describe(path);
  if (!info) return null;
  const { group, version } = schema.gvk;
  const field = formatPath(path.map((seg) => (typeof seg === 'number' ? 0 : seg))).replace(/\[0\]/g, '');
  const header: string[] = [];
  if (group) header.push(`GROUP:      ${group}`);
  header.push(
    `KIND:       ${schema.gvk.kind}`,
    `VERSION:    ${version}`,
    '',
    `FIELD: ${String(path[path.length - 1])} <${info.type}>`,
  );
  const parent = path.slice(0, -1);
  const parentInfo = parent.length >= 0 ? schema.describe(parent) : undefined;
  const required = parentInfo?.required.includes(String(path[path.length - 1]));
  header.push(`PATH:  ${field}${required ? ' (required)' : ''}`);
  const lines = codeBlock(header);
  if (info.description) lines.push('', descriptionMarkdown(info.description));
  const values = enumValues(info.schema);
  if (values?.length) lines.push('', `Possible values: ${values.map((v) => codeSpan(String(v))).join(', ')}`);
  if (info.default !== undefined && typeof info.default !== 'object')
    lines.push('', `Default: ${codeSpan(String(info.default))}`);
  const fieldSchema = info.items && Object.keys(info.properties).length === 0 ? schema.describe([...path, 0]) : info;
  const fieldNames = Object.keys(fieldSchema?.properties ?? {});
  if (fieldSchema && fieldNames.length > 0) {
    const req = new Set(fieldSchema.required);
    const shown = fieldNames
      .slice(0, MAX_FIELDS_LISTED)
      .map(
        (n) =>
          `- ${codeSpan(n)} ${escapeMarkdown(`<${schema.typeName(fieldSchema.properties[n])}>`)}${req.has(n) ? ' **required**' : ''}`,
      );
    lines.push('', 'FIELDS:', ...shown);
    if (fieldNames.length > MAX_FIELDS_LISTED) lines.push(`- … ${fieldNames.length - MAX_FIELDS_LISTED} more`);
  }
  lines.push('', schemaSourceFooter(schema.source));
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, ...(range ? { range } : {}) };
}

/** Where the schema came from (the live cluster, its cached documents, a folder…), so a fallback is visible. */
function schemaSourceFooter(source: string): string {
  return `Schema source: ${codeSpan(source)}`;
}
