// Hover: the field's path, type and description, laid out like `kubectl explain KIND.path`.
import { Hover, MarkupKind, Position } from 'vscode-languageserver/node';
import { formatPath } from '../documents';
import type { ParsedDocument } from '../workspace/documentCache';
import type { LanguageEngine } from '../workspace/engine';
import { enumValues } from './enumHints';

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
  const lines: string[] = [];
  lines.push('```');
  if (group) lines.push(`GROUP:      ${group}`);
  lines.push(
    `KIND:       ${schema.gvk.kind}`,
    `VERSION:    ${version}`,
    '',
    `FIELD: ${String(path[path.length - 1])} <${info.type}>`,
  );
  const parent = path.slice(0, -1);
  const parentInfo = parent.length >= 0 ? schema.describe(parent) : undefined;
  const required = parentInfo?.required.includes(String(path[path.length - 1]));
  lines.push(`PATH:  ${field}${required ? ' (required)' : ''}`);
  lines.push('```');
  if (info.description) lines.push('', info.description);
  const values = enumValues(info.schema);
  if (values?.length) lines.push('', `Possible values: ${values.map((v) => `\`${String(v)}\``).join(', ')}`);
  if (info.default !== undefined && typeof info.default !== 'object')
    lines.push('', `Default: \`${String(info.default)}\``);
  const fieldSchema = info.items && Object.keys(info.properties).length === 0 ? schema.describe([...path, 0]) : info;
  const fieldNames = Object.keys(fieldSchema?.properties ?? {});
  if (fieldSchema && fieldNames.length > 0) {
    const req = new Set(fieldSchema.required);
    const shown = fieldNames
      .slice(0, MAX_FIELDS_LISTED)
      .map((n) => `- \`${n}\` <${schema.typeName(fieldSchema.properties[n])}>${req.has(n) ? ' **required**' : ''}`);
    lines.push('', 'FIELDS:', ...shown);
    if (fieldNames.length > MAX_FIELDS_LISTED) lines.push(`- … ${fieldNames.length - MAX_FIELDS_LISTED} more`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, ...(range ? { range } : {}) };
}
