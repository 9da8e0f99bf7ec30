// Structural schema rules, ported from k8s.io/apiextensions-apiserver/pkg/apiserver/schema/validation.go
// (ValidateStructural): a type at every level, value validations (allOf/anyOf/oneOf/not) that only constrain
// values the structural part already declares, and metadata at a resource's root limited to name/generateName.
import { CrdErrors, CrdPath } from './errors';
import {
  additionalSchemaOf,
  asSchema,
  isSet,
  isTrue,
  itemsOf,
  propertiesOf,
  Schema,
  schemaList,
  SCHEMA_PROPS_FIELDS,
  typeOf,
} from './jsonSchema';

type Level = 'root' | 'items' | 'field';

const EMPTY_TYPE: Record<Level, string> = {
  root: 'must not be empty at the root',
  items: 'must not be empty for specified array items',
  field: 'must not be empty for specified object fields',
};

export function validateStructural(root: Schema, path: CrdPath, errors: CrdErrors): void {
  invariants(root, 'root', path, errors);
  completeness(root, path, errors);
}

function invariants(s: Schema, level: Level, p: CrdPath, errors: CrdErrors): void {
  const type = typeOf(s);
  const items = itemsOf(s);
  // Go decodes an `items` that is neither a schema nor a list of them to none.
  const itemsGiven = items !== undefined || (Array.isArray(s.items) && s.items.length > 0);
  if (type === 'array' && !itemsGiven) errors.required(p.child('items'), 'must be specified');
  if (items) invariants(items, 'items', p.child('items'), errors);
  for (const [k, v] of propertiesOf(s)) invariants(v, 'field', p.key('properties', k), errors);

  if (isSet(s, 'additionalProperties')) {
    if (level === 'root') errors.forbidden(p.child('additionalProperties'), 'must not be used at the root');
    const additional = additionalSchemaOf(s);
    if (additional) invariants(additional, 'field', p.child('additionalProperties'), errors);
  }

  const intOrString = isTrue(s['x-kubernetes-int-or-string']);
  const embedded = isTrue(s['x-kubernetes-embedded-resource']);
  const preserve = isTrue(s['x-kubernetes-preserve-unknown-fields']);
  if (intOrString && preserve)
    errors.invalid(
      p.child('x-kubernetes-preserve-unknown-fields'),
      true,
      'must be false if x-kubernetes-int-or-string is true',
    );
  if (intOrString && embedded)
    errors.invalid(
      p.child('x-kubernetes-embedded-resource'),
      true,
      'must be false if x-kubernetes-int-or-string is true',
    );

  // The two int-or-string spellings kubebuilder writes are allowed to name types inside anyOf.
  valueValidation(s, intOrString && isIntOrStringAnyOf(s), intOrString && isIntOrStringAllOf(s), level, p, errors);

  if (embedded && type !== 'object') {
    const detail = 'must be object if x-kubernetes-embedded-resource is true';
    if (type === '') errors.required(p.child('type'), detail);
    else errors.invalid(p.child('type'), type, detail);
  } else if (type === '' && !embedded && !intOrString && !preserve) {
    errors.required(p.child('type'), EMPTY_TYPE[level]);
  } else if (embedded && isSet(s, 'additionalProperties')) {
    errors.forbidden(p.child('additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set');
  }
  if (level === 'root' && type !== '' && type !== 'object')
    errors.invalid(p.child('type'), type, 'must be object at the root');

  const props = new Map(propertiesOf(s));
  const resourceLevel = level === 'root' || embedded;
  for (const meta of ['kind', 'apiVersion']) {
    const m = props.get(meta);
    if (m && resourceLevel && typeOf(m) !== 'string')
      errors.invalid(p.key('properties', meta).child('type'), typeOf(m), 'must be string');
  }
  const metadata = props.get('metadata');
  if (metadata) metadataInvariants(metadata, resourceLevel, level, p.key('properties', 'metadata'), errors);

  if (embedded && !preserve && props.size === 0)
    errors.required(
      p.child('properties'),
      'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
    );
}

function metadataInvariants(s: Schema, resourceLevel: boolean, level: Level, p: CrdPath, errors: CrdErrors): void {
  if (resourceLevel && typeOf(s) !== 'object') errors.invalid(p.child('type'), typeOf(s), 'must be object');
  if (level !== 'root') return;
  // Only type, default and name/generateName properties are tolerated: everything else would restrict
  // ObjectMeta, which the API server validates on its own.
  const extra = Object.keys(s).filter((k) => {
    if (k === 'type' || k === 'default' || s[k] === undefined || s[k] === null) return false;
    // Not part of a structural schema (NewStructural drops them): they restrict nothing.
    if (k === 'example' || k === 'externalDocs') return false;
    if (k === 'properties')
      return Object.keys(asSchema(s.properties) ?? {}).some((n) => n !== 'name' && n !== 'generateName');
    return !unspecifiedInGo(k, s[k]);
  });
  if (extra.length > 0)
    errors.forbidden(
      p,
      'must not specify anything other than name and generateName, but metadata is implicitly specified',
    );
}

/**
 * Whether NewStructural leaves a present key as Go's zero value, "not specified" for the metadata invariant: a string
 * or bool field's `""`/`false`, and `enum`/`allOf`/`anyOf`/`oneOf` without items (built by append). Pointers (the
 * numeric bounds, `x-kubernetes-list-type`/`map-type`, `not`, `additionalProperties`) and slices copied as decoded
 * (`required`, `x-kubernetes-list-map-keys`, `x-kubernetes-validations`) are specified even as 0, "", false or [].
 */
function unspecifiedInGo(key: string, v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0 && APPENDED_LISTS.has(key);
  return (v === false || v === '') && !POINTER_FIELDS.has(key);
}
const APPENDED_LISTS = new Set(['enum', 'allOf', 'anyOf', 'oneOf']);
const POINTER_FIELDS = new Set(['x-kubernetes-list-type', 'x-kubernetes-map-type', 'additionalProperties']);

/**
 * Equal, as Go compares the converted schemas, to `{type}`: example and externalDocs are not converted, keys that
 * are no JSONSchemaProps field never decoded (where they are refused, strict decoding says so), and null, "" and
 * false are the zero values.
 */
function isOnlyType(s: Schema, type: string): boolean {
  const dropped = (k: string) =>
    k === 'example' ||
    k === 'externalDocs' ||
    !SCHEMA_PROPS_FIELDS.has(k) ||
    s[k] === undefined ||
    s[k] === null ||
    s[k] === '' ||
    s[k] === false;
  return s.type === type && Object.keys(s).every((k) => k === 'type' || dropped(k));
}

function isIntOrStringAnyOf(s: Schema): boolean {
  const anyOf = schemaList(s.anyOf);
  return anyOf.length === 2 && isOnlyType(anyOf[0], 'integer') && isOnlyType(anyOf[1], 'string');
}

function isIntOrStringAllOf(s: Schema): boolean {
  const allOf = schemaList(s.allOf);
  return allOf.length > 0 && isIntOrStringAnyOf(allOf[0]);
}

function valueValidation(
  v: Schema,
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
  level: Level,
  p: CrdPath,
  errors: CrdErrors,
): void {
  if (!skipAnyOf) schemaList(v.anyOf).forEach((x, i) => nested(x, false, false, level, p.index('anyOf', i), errors));
  schemaList(v.allOf).forEach((x, i) =>
    nested(x, skipFirstAllOfAnyOf && i === 0, false, level, p.index('allOf', i), errors),
  );
  schemaList(v.oneOf).forEach((x, i) => nested(x, false, false, level, p.index('oneOf', i), errors));
  const not = asSchema(v.not);
  if (not) nested(not, false, false, level, p.child('not'), errors);
}

/** Inside allOf/anyOf/oneOf/not: only value validations, nothing that changes the shape of the data. */
function nested(
  v: Schema,
  skipAnyOf: boolean,
  skipAllOfAnyOf: boolean,
  level: Level,
  p: CrdPath,
  errors: CrdErrors,
): void {
  valueValidation(v, skipAnyOf, skipAllOfAnyOf, level, p, errors);
  const items = itemsOf(v);
  if (items) nested(items, false, false, level, p.child('items'), errors);
  for (const [k, x] of propertiesOf(v)) nested(x, false, false, 'field', p.key('properties', k), errors);

  if (typeof v.type === 'string' && v.type !== '') errors.forbidden(p.child('type'), 'must be empty to be structural');
  if (isSet(v, 'additionalProperties'))
    errors.forbidden(p.child('additionalProperties'), 'must be undefined to be structural');
  if (isSet(v, 'default')) errors.forbidden(p.child('default'), 'must be undefined to be structural');
  if (typeof v.title === 'string' && v.title !== '')
    errors.forbidden(p.child('title'), 'must be empty to be structural');
  if (typeof v.description === 'string' && v.description !== '')
    errors.forbidden(p.child('description'), 'must be empty to be structural');
  if (isTrue(v.nullable)) errors.forbidden(p.child('nullable'), 'must be false to be structural');
  if (isSet(v, 'x-kubernetes-preserve-unknown-fields'))
    errors.forbidden(p.child('x-kubernetes-preserve-unknown-fields'), 'must be undefined to be structural');
  if (isTrue(v['x-kubernetes-embedded-resource']))
    errors.forbidden(p.child('x-kubernetes-embedded-resource'), 'must be false to be structural');
  if (isTrue(v['x-kubernetes-int-or-string']))
    errors.forbidden(p.child('x-kubernetes-int-or-string'), 'must be false to be structural');
  if (Array.isArray(v['x-kubernetes-list-map-keys']) && v['x-kubernetes-list-map-keys'].length > 0)
    errors.forbidden(p.child('x-kubernetes-list-map-keys'), 'must be empty to be structural');
  if (isSet(v, 'x-kubernetes-list-type'))
    errors.forbidden(p.child('x-kubernetes-list-type'), 'must be undefined to be structural');
  if (isSet(v, 'x-kubernetes-map-type'))
    errors.forbidden(p.child('x-kubernetes-map-type'), 'must be undefined to be structural');
  if (Array.isArray(v['x-kubernetes-validations']) && v['x-kubernetes-validations'].length > 0)
    errors.forbidden(p.child('x-kubernetes-validations'), 'must be empty to be structural');
  // Reasoning about metadata could restrict it in ways the API server does not enforce.
  if (level === 'root' && asSchema(v.properties)?.metadata !== undefined)
    errors.forbidden(p.key('properties', 'metadata'), 'must not be specified in a nested context');
}

/**
 * Every property a value validation names must exist in the structural part. The API server checks this for
 * the value validations of the root schema only.
 */
function completeness(root: Schema, p: CrdPath, errors: CrdErrors): void {
  const check = (v: Schema, s: Schema | undefined, sPath: CrdPath, vPath: CrdPath): void => {
    if (!s) {
      errors.required(sPath, `because it is defined in ${vPath.field}`);
      return;
    }
    forEachValueValidation(v, vPath, (x, xPath) => check(x, s, sPath, xPath));
    const items = itemsOf(v);
    if (items) check(items, itemsOf(s), sPath.child('items'), vPath.child('items'));
    const sProps = new Map(propertiesOf(s));
    for (const [k, x] of propertiesOf(v)) {
      const sp = sProps.get(k);
      const additional = additionalSchemaOf(s);
      if (sp) check(x, sp, sPath.key('properties', k), vPath.key('properties', k));
      else if (additional) check(x, additional, sPath.child('additionalProperties'), vPath.key('properties', k));
      else errors.required(sPath.key('properties', k), `because it is defined in ${vPath.key('properties', k).field}`);
    }
  };
  forEachValueValidation(root, p, (x, xPath) => check(x, root, p, xPath));
}

function forEachValueValidation(v: Schema, p: CrdPath, f: (x: Schema, xPath: CrdPath) => void): void {
  const not = asSchema(v.not);
  if (not) f(not, p.child('not'));
  schemaList(v.allOf).forEach((x, i) => f(x, p.index('allOf', i)));
  schemaList(v.anyOf).forEach((x, i) => f(x, p.index('anyOf', i)));
  schemaList(v.oneOf).forEach((x, i) => f(x, p.index('oneOf', i)));
}

/**
 * Why NewStructural cannot convert the schema, in its words, or undefined. It walks properties, items,
 * additionalProperties, not and the junctions (nested ones too) and refuses the first unsupported keyword it meets;
 * then the server neither checks the structural rules nor the defaults, and compiles no CEL rule.
 */
export function newStructuralError(s: Schema, depth = 0): string | undefined {
  if (depth > 100) return undefined;
  const nonEmpty = (v: unknown) => Object.keys(asSchema(v) ?? {}).length > 0;
  const text = (v: unknown) => typeof v === 'string' && v !== '';
  const unsupported = text(s.id)
    ? 'id'
    : text(s.$schema)
      ? 'schema'
      : text(s.$ref)
        ? '$ref'
        : nonEmpty(s.patternProperties)
          ? 'patternProperties'
          : nonEmpty(s.dependencies)
            ? 'dependencies'
            : isSet(s, 'additionalItems')
              ? 'additionalItems'
              : nonEmpty(s.definitions)
                ? 'definitions'
                : undefined;
  if (unsupported) return `OpenAPIV3Schema '${unsupported}' is not supported`;
  // newValueValidation (not, then the junctions) and newExtensions come before the children proper.
  for (const c of [s.not, ...[s.allOf, s.anyOf, s.oneOf].flatMap((l) => schemaList(l))]) {
    const child = asSchema(c);
    const error = child && newStructuralError(child, depth + 1);
    if (error) return error;
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === false)
    return "internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined";
  if (Array.isArray(s.items) && s.items.length > 0) return "OpenAPIV3Schema 'items' must be a schema, but is an array";
  for (const c of [itemsOf(s), ...propertiesOf(s).map(([, v]) => v), additionalSchemaOf(s)]) {
    const error = c && newStructuralError(c, depth + 1);
    if (error) return error;
  }
  return undefined;
}
