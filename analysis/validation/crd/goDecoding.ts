// A CRD schema as the server decodes it into Go's JSONSchemaProps. The published OpenAPI gives `items`,
// `additionalProperties`, `additionalItems` and `dependencies` no type (JSONSchemaPropsOrArray/OrBool/
// OrStringArray), so a schema validator checks nothing below them; the server still decodes what is there with
// their UnmarshalJSON (k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1/marshal.go): a value of the wrong
// Go type anywhere below fails the request (unknown fields there do not: that decoding is not strict), and an
// additionalProperties/additionalItems that is neither a boolean nor a schema is "boolean or JSON schema expected".
import { CrdErrors, CrdPath } from './errors';
import { asSchema, Schema } from './jsonSchema';

type GoType = 'string' | 'number' | 'integer' | 'boolean' | 'strings' | 'array' | 'any' | 'object';

/** JSONSchemaProps' plain fields and their Go types (the schema-valued ones are walked below). */
const FIELD_TYPES: Record<string, GoType> = {
  id: 'string',
  $schema: 'string',
  $ref: 'string',
  description: 'string',
  type: 'string',
  format: 'string',
  title: 'string',
  pattern: 'string',
  'x-kubernetes-list-type': 'string',
  'x-kubernetes-map-type': 'string',
  maximum: 'number',
  minimum: 'number',
  multipleOf: 'number',
  maxLength: 'integer',
  minLength: 'integer',
  maxItems: 'integer',
  minItems: 'integer',
  maxProperties: 'integer',
  minProperties: 'integer',
  exclusiveMaximum: 'boolean',
  exclusiveMinimum: 'boolean',
  uniqueItems: 'boolean',
  nullable: 'boolean',
  'x-kubernetes-preserve-unknown-fields': 'boolean',
  'x-kubernetes-embedded-resource': 'boolean',
  'x-kubernetes-int-or-string': 'boolean',
  required: 'strings',
  'x-kubernetes-list-map-keys': 'strings',
  enum: 'array',
  default: 'any',
  example: 'any',
  externalDocs: 'object',
};
const RULE_FIELD_TYPES: Record<string, GoType> = {
  rule: 'string',
  message: 'string',
  messageExpression: 'string',
  reason: 'string',
  fieldPath: 'string',
  optionalOldSelf: 'boolean',
};
const INT64 = 2 ** 63;

/** Decoding problems of one version's openAPIV3Schema (`p` is its path as written: spec.versions[i]…). */
export function goDecodingProblems(root: Schema, p: CrdPath, errors: CrdErrors): void {
  walk(root, p, false, errors, 0);
}

function walk(s: Schema, p: CrdPath, typed: boolean, errors: CrdErrors, depth: number): void {
  if (depth > 100) return;
  // Below a wrapper nothing was type-checked against the published schema: check each field's Go type here.
  if (typed) {
    for (const [k, type] of Object.entries(FIELD_TYPES)) check(s[k], type, p.child(k), errors);
    if (Array.isArray(s['x-kubernetes-validations']))
      s['x-kubernetes-validations'].forEach((r, i) => {
        const rule = asSchema(r);
        const rp = p.index('x-kubernetes-validations', i);
        if (rule) for (const [k, type] of Object.entries(RULE_FIELD_TYPES)) check(rule[k], type, rp.child(k), errors);
        else check(r, 'object', rp, errors);
      });
    else check(s['x-kubernetes-validations'], 'array', p.child('x-kubernetes-validations'), errors);
    const docs = asSchema(s.externalDocs);
    if (docs) for (const k of ['description', 'url']) check(docs[k], 'string', p.child('externalDocs', k), errors);
  }
  const schemaAt = (v: unknown, cp: CrdPath, inner: boolean) => {
    const child = asSchema(v);
    if (child) walk(child, cp, inner, errors, depth + 1);
    else if (inner) check(v, 'object', cp, errors);
  };
  for (const container of ['properties', 'patternProperties', 'definitions']) {
    const map = asSchema(s[container]);
    if (map) for (const [k, v] of Object.entries(map)) schemaAt(v, p.key(container, k), typed);
    else if (typed) check(s[container], 'object', p.child(container), errors);
  }
  for (const junction of ['allOf', 'anyOf', 'oneOf']) {
    const list = s[junction];
    if (Array.isArray(list)) list.forEach((v, i) => schemaAt(v, p.index(junction, i), typed));
    else if (typed) check(list, 'array', p.child(junction), errors);
  }
  schemaAt(s.not, p.child('not'), typed);
  // JSONSchemaPropsOrArray: an object is a schema, an array a list of them, anything else is dropped.
  if (Array.isArray(s.items)) s.items.forEach((v, i) => schemaAt(v, p.index('items', i), true));
  else if (asSchema(s.items)) walk(s.items as Schema, p.child('items'), true, errors, depth + 1);
  // JSONSchemaPropsOrBool: a schema or a boolean, nothing else.
  for (const k of ['additionalProperties', 'additionalItems']) {
    const v = s[k];
    if (asSchema(v)) walk(v as Schema, p.child(k), true, errors, depth + 1);
    else if (v !== undefined && v !== null && typeof v !== 'boolean')
      errors.invalid(p.child(k), v, 'boolean or JSON schema expected');
  }
  // JSONSchemaPropsOrStringArray: a schema or a list of strings; anything else is dropped.
  const deps = asSchema(s.dependencies);
  if (deps)
    for (const [k, v] of Object.entries(deps)) {
      const dp = p.key('dependencies', k);
      if (asSchema(v)) walk(v as Schema, dp, true, errors, depth + 1);
      else if (Array.isArray(v)) check(v, 'strings', dp, errors);
    }
  else if (typed) check(s.dependencies, 'object', p.child('dependencies'), errors);
}

/** A Go type mismatch of `v` (null decodes to the zero value: never one). */
function check(v: unknown, type: GoType, p: CrdPath, errors: CrdErrors): void {
  if (v === undefined || v === null || type === 'any') return;
  if (type === 'strings') {
    if (!Array.isArray(v)) mismatch(v, 'array', p, errors);
    else v.forEach((x, i) => check(x, 'string', p.printedAs(`${p.field}[${i}]`, [...p.doc, i]), errors));
    return;
  }
  const ok =
    type === 'string'
      ? typeof v === 'string'
      : type === 'number'
        ? typeof v === 'number'
        : type === 'integer'
          ? typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < INT64
          : type === 'boolean'
            ? typeof v === 'boolean'
            : type === 'array'
              ? Array.isArray(v)
              : asSchema(v) !== undefined;
  if (!ok) mismatch(v, type, p, errors);
}

function mismatch(v: unknown, type: string, p: CrdPath, errors: CrdErrors): void {
  // An integer beyond int64 is a number to Go as to the server's messages.
  const actual = Array.isArray(v)
    ? 'array'
    : typeof v === 'number'
      ? Number.isInteger(v) && Math.abs(v) < INT64
        ? 'integer'
        : 'number'
      : typeof v;
  errors.printed(p, `Invalid value: "${actual}": ${p.field} in body must be of type ${type}: "${actual}"`);
}
