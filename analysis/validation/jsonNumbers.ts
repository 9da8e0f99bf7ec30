// An integer written `1.0`, `1e2` or `-0.0` in a JSON document. Go's decoder refuses such a number for an integer
// field, and the whole object fails to decode with the first one it meets. kubectl reads a JSON file's metadata into
// ObjectMeta itself ("unable to decode"), for custom resources too, and sends the rest re-encoded (`1.0` as `1`); YAML
// becomes JSON with `1`. So in JSON metadata it is an error; at another integer field of a built-in kind, a warning:
// the API server refuses the text as written (a client that sends the file's bytes), kubectl's request passes.
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { FieldPath } from '../documents/path';
import type { ResolvedSchema } from '../schema/resolved';
import { propertySchema, type OpenAPISchema } from '../schema/types';
import type { FieldProblem } from './schemaValidator';

const REF_PREFIX = '#/components/schemas/';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * The problems of such numbers in the object at `base` of a document kubectl reads as JSON (the first in metadata,
 * the first elsewhere).
 */
export function jsonIntegerLiteralProblems(source: string, resolved: ResolvedSchema, base: FieldPath): FieldProblem[] {
  if (!/\d[.eE]/.test(source)) return [];
  let inMetadata: FieldProblem | undefined;
  let elsewhere: FieldProblem | undefined;
  for (const { path, literal } of integralLiterals(source)) {
    if (path.length <= base.length || base.some((seg, i) => path[i] !== seg)) continue;
    const metadata = path[base.length] === 'metadata';
    if (metadata ? inMetadata : elsewhere || resolved.isCustomResource) continue;
    const field = goField(resolved, path.slice(base.length));
    if (!field) continue;
    const message = `json: cannot unmarshal number ${literal} into Go struct field ${field.struct}.${field.dotted} of type ${field.goType}`;
    // Not a `type` problem: quoting it (the YAML 1.1 note's fix) would not help; the number must be written 1.
    if (metadata) inMetadata = { code: 'invalid', path, message };
    else
      elsewhere = {
        code: 'invalid',
        severity: 'warning',
        path,
        message: `${message} (the API server's answer to this JSON as written; kubectl sends it as ${Number(literal)})`,
      };
  }
  return [inMetadata, elsewhere].filter((p): p is FieldProblem => p !== undefined);
}

/** The Go struct holding the field at `path`, the field's dotted JSON path and its Go integer type; undefined unless an integer. */
export function goField(
  resolved: ResolvedSchema,
  path: FieldPath,
): { struct: string; dotted: string; goType: string; intOrString: boolean } | undefined {
  // metadata is ObjectMeta in every kind (a CR's schema may wrap it with its own name constraints).
  const meta = path[0] === 'metadata' && resolved.components[OBJECT_META] !== undefined;
  let raw: OpenAPISchema | undefined = { $ref: REF_PREFIX + (meta ? OBJECT_META : resolved.schemaName) };
  let type = shortName(meta ? OBJECT_META : resolved.schemaName);
  let struct = type;
  for (const seg of meta ? path.slice(1) : path) {
    const s = resolved.deref(raw);
    if (!s) return undefined;
    struct = type;
    raw =
      typeof seg === 'number'
        ? s.items
        : (propertySchema(s, seg) ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined));
    const ref = raw?.$ref ?? (raw?.allOf?.length === 1 ? raw.allOf[0].$ref : undefined);
    if (ref) type = shortName(ref);
  }
  const s = resolved.deref(raw);
  if (!s) return undefined;
  const intOrString = s['x-kubernetes-int-or-string'] === true || s.format === 'int-or-string';
  if (s.type !== 'integer' && !intOrString) return undefined;
  const goType = intOrString ? 'int32' : s.format === 'int32' ? 'int32' : 'int64';
  return { struct, dotted: path.filter((p) => typeof p === 'string').join('.'), goType, intOrString };
}

function shortName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** A plain number scalar of a document, with its path and its text as written. */
export interface NumberLiteral {
  path: (string | number)[];
  literal: string;
  value: number;
}

/**
 * Every plain number scalar of a document text (JSON or YAML), with its path and source, and whether the text is JSON
 * (double-quoted keys throughout). The yaml parser keeps each scalar's source text, so the literal is read from
 * there. One text's answer is remembered: a `kind: List` asks once per item.
 */
export function numberLiterals(text: string): { literals: NumberLiteral[]; json: boolean } {
  if (text === lastText) return lastLiterals;
  const out: NumberLiteral[] = [];
  let json = true; // JSON's keys are double-quoted strings; flow YAML (`{a: 1.0}`) is not what kubectl decodes as JSON
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && typeof key.value === 'string') {
          if (key.type !== 'QUOTE_DOUBLE') json = false;
          walk(pair.value, [...path, key.value]);
        } else json = false;
      }
    } else if (isSeq(node)) node.items.forEach((item, n) => walk(item, [...path, n]));
    else if (
      isScalar(node) &&
      typeof node.value === 'number' &&
      typeof node.source === 'string' &&
      node.type === 'PLAIN'
    )
      out.push({ path, literal: node.source, value: node.value });
  };
  walk(parseDocument(text).contents, []);
  lastText = text;
  lastLiterals = { literals: out, json };
  return lastLiterals;
}
let lastText: string | undefined;
let lastLiterals: { literals: NumberLiteral[]; json: boolean } = { literals: [], json: false };

/** Every number of a JSON text written with a fraction or an exponent yet integral, with its path. */
function integralLiterals(text: string): { path: (string | number)[]; literal: string }[] {
  const { literals, json } = numberLiterals(text);
  return json ? literals.filter((l) => /[.eE]/.test(l.literal) && Number.isInteger(l.value)) : [];
}
