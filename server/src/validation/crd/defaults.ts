// Defaults must be valid values of their own schema (structuraldefaulting.ValidateDefaults): the type, the
// enum, required fields, and no field that pruning would drop. The API server runs the full OpenAPI validator on
// each default; this covers the mistakes made in practice (a quoted number, a value outside the enum, a typo).
import { CrdErrors, CrdPath, goJson } from './errors';
import { additionalSchemaOf, isSet, isTrue, itemsOf, propertiesOf, Schema, typeOf } from './json-schema';

export function validateDefaults(s: Schema, p: CrdPath, errors: CrdErrors, underMetadata = false): void {
  if (isSet(s, 'default') && !underMetadata) checkValue(s.default, s, p.child('default'), '', errors);
  for (const [k, v] of propertiesOf(s))
    validateDefaults(v, p.key('properties', k), errors, underMetadata || k === 'metadata');
  const items = itemsOf(s);
  if (items) validateDefaults(items, p.child('items'), errors, underMetadata);
  const additional = additionalSchemaOf(s);
  if (additional) validateDefaults(additional, p.child('additionalProperties'), errors, underMetadata);
}

function actualType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(v: unknown, type: string): boolean {
  const t = actualType(v);
  return t === type || (type === 'number' && t === 'integer');
}

/** `rel` is the path inside the default as kube-openapi prints it (`x`, `[0]`, `a.b`). */
function checkValue(v: unknown, s: Schema, p: CrdPath, rel: string, errors: CrdErrors): void {
  if (v === null || v === undefined || isTrue(s['x-kubernetes-int-or-string'])) return;
  const type = typeOf(s);
  // Like kube-openapi, the enum is checked whatever the type.
  if (Array.isArray(s.enum) && !s.enum.some((e) => goJson(e) === goJson(v)))
    errors.notSupported(
      p,
      v,
      s.enum.map((e) => (typeof e === 'string' ? e : goJson(e))),
    );
  if (type !== '' && !matchesType(v, type)) {
    errors.invalid(p, actualType(v), `${rel} in body must be of type ${type}: "${actualType(v)}"`);
    return;
  }
  if (Array.isArray(v)) {
    const items = itemsOf(s);
    if (items)
      v.forEach((x, i) => checkValue(x, items, new CrdPath([...p.doc], `${p.field}.[${i}]`), `${rel}[${i}]`, errors));
    return;
  }
  if (typeof v !== 'object') return;
  const obj = v as Record<string, unknown>;
  const props = new Map(propertiesOf(s));
  const additional = additionalSchemaOf(s);
  const open = isTrue(s['x-kubernetes-preserve-unknown-fields']) || s.additionalProperties === true || !!additional;
  if (props.size > 0 && !open && Object.keys(obj).some((k) => !props.has(k)))
    errors.invalidPrinted(p, goJson(sortedKeys(obj)), 'must not have unknown fields');
  for (const k of Array.isArray(s.required) ? s.required : [])
    if (typeof k === 'string' && !(k in obj)) errors.required(new CrdPath([...p.doc], `${p.field}.${k}`));
  for (const [k, x] of Object.entries(obj)) {
    const child = props.get(k) ?? additional;
    const childRel = rel ? `${rel}.${k}` : k;
    if (child) checkValue(x, child, new CrdPath([...p.doc], `${p.field}.${k}`), childRel, errors);
  }
}

function sortedKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
}
