// Enum values for completion. Schemas from a live API server carry `enum`; the published builtin documents
// (kubectl-validate's) do not, but the field descriptions name the values: upstream's "Possible enum values:"
// list, or prose such as "One of Always, Never, IfNotPresent." / "Must be UDP, TCP, or SCTP.". Prose is used
// only when every listed word is an identifier, so sentences that merely resemble the pattern are ignored.
import type { OpenAPISchema } from '../schema';

const cache = new WeakMap<OpenAPISchema, string[] | null>();
const PROSE =
  /(?:One of|Must be one of|Must be|Valid (?:values|options) are|Possible values are|Can be one of)[:]?\s+([^.\n]+)\./i;
const TOKEN = /^["'`]?([A-Za-z][A-Za-z0-9-]*)["'`]?$/;

export function enumValues(schema: OpenAPISchema): unknown[] | undefined {
  if (schema.enum && schema.enum.length > 0) return schema.enum;
  if (schema.type !== 'string' || !schema.description) return undefined;
  let hit = cache.get(schema);
  if (hit === undefined) {
    hit = fromDescription(schema.description) ?? null;
    cache.set(schema, hit);
  }
  return hit ?? undefined;
}

export function fromDescription(description: string): string[] | undefined {
  const upstream = /Possible enum values:\n((?:\s*- `"[^"]*"`.*\n?)+)/.exec(description);
  if (upstream) {
    const values = [...upstream[1].matchAll(/- `"([^"]*)"`/g)].map((m) => m[1]);
    if (values.length > 0) return values;
  }
  const prose = PROSE.exec(description);
  if (!prose) return undefined;
  const parts = prose[1]
    .split(/,|\bor\b|\band\b/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const values: string[] = [];
  for (const p of parts) {
    const m = TOKEN.exec(p);
    if (!m) return undefined;
    values.push(m[1]);
  }
  return values.length >= 2 ? [...new Set(values)] : undefined;
}
