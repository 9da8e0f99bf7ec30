// The OpenAPI rules a CRD schema must follow besides being structural, ported from
// k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation/validation.go
// (ValidateCustomResourceDefinitionOpenAPISchema and specStandardValidatorV3): known types, unsupported
// keywords, properties vs additionalProperties, x-kubernetes-list-type/map-type/list-map-keys consistency,
// defaults where they cannot apply, and the fields of x-kubernetes-validations rules.
import { re2Error } from '../re2';
import { CrdErrors, CrdPath } from './errors';
import { hasCelType } from './celRules';
import { validFieldPath } from './fieldPath';
import {
  additionalSchemaOf,
  asSchema,
  isSet,
  isTrue,
  itemsOf,
  propertiesOf,
  Schema,
  schemaList,
  stringList,
  typeOf,
} from './jsonSchema';

const OPENAPI_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const RULE_REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);

interface Context {
  /** Why `default` is not allowed here (top-level metadata, additionalProperties of metadata), if it is not. */
  forbiddenDefaults?: string;
  insideResourceMeta: boolean;
  /**
   * CELSchemaContext.MaxCardinality: how many times this schema's values can occur, the product of the
   * maxItems/maxProperties above it (1 at the root); null when something above is unbounded; undefined where
   * the server keeps no CEL context (inside allOf, not, ...).
   */
  cardinality?: number | null;
  /**
   * specStandardValidatorV3's uncorrelatableOldSelfValidationPath: the highest list (not a list-map) or map of an
   * unknown map type above, below which old and new values cannot be paired, so rules may not use oldSelf.
   */
  oldSelfForbiddenAt?: CrdPath;
  /**
   * CELSchemaContext.TypeInfo inside a rule scope (at or below a schema with rules): 'broken' once a schema from the
   * scope's top down has no CEL type (SchemaDeclType is nil: no type, an unknown one, a list or map of such).
   */
  typeInfo?: 'ok' | 'broken';
}

/** One x-kubernetes-validations entry to compile once the schema around it is known to be valid. */
export interface RuleSite {
  schema: Schema;
  path: CrdPath;
  /** See Context.cardinality. */
  cardinality: number | null;
  /** The root of the resource or of an embedded resource (its CEL type has apiVersion, kind and metadata). */
  resourceRoot: boolean;
  /** See Context.oldSelfForbiddenAt. */
  oldSelfForbiddenAt?: CrdPath;
  /** The server cannot build the rules' types: they are refused with an internal error, not compiled. */
  typeInfoBroken: boolean;
}

/** extractMaxElements: by how much a schema multiplies the occurrences of its children. */
function childCardinality(parent: Schema, ctx: Context): number | null | undefined {
  if (ctx.cardinality === undefined || ctx.cardinality === null) return ctx.cardinality;
  const type = typeOf(parent);
  let factor: number | null = 1;
  const bound = (v: unknown) => (typeof v === 'number' ? Math.max(0, Math.trunc(v)) : null);
  if (type === 'object' && isSet(parent, 'additionalProperties')) factor = bound(parent.maxProperties);
  else if (type === 'array') factor = bound(parent.maxItems);
  return factor === null ? null : ctx.cardinality * factor;
}

/**
 * Walks the schema; returns the number of schema errors found at `p` or below (CEL rules of a level are only
 * compiled when there are none, as on the server) through `errors`, and collects the rule sites.
 */
export function validateOpenAPISchema(
  s: Schema,
  p: CrdPath,
  errors: CrdErrors,
  rules: RuleSite[],
  isRoot = true,
  ctx: Context = { insideResourceMeta: false, cardinality: 1 },
): void {
  const own = s['x-kubernetes-validations'];
  const inRuleScope = ctx.typeInfo !== undefined || (Array.isArray(own) && own.length > 0);
  const typeInfo = !inRuleScope ? undefined : ctx.typeInfo === 'broken' || !hasCelType(s) ? 'broken' : 'ok';
  const child: Context = { ...ctx, cardinality: childCardinality(s, ctx), typeInfo };
  const noCel: Context = { ...ctx, cardinality: undefined, typeInfo: undefined };
  const before = errors.count;
  keywordRules(s, p, ctx, errors);
  if (isTrue(s.uniqueItems))
    errors.forbidden(
      p.child('uniqueItems'),
      'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
    );
  const patternError = typeof s.pattern === 'string' && s.pattern !== '' ? re2Error(s.pattern) : undefined;
  if (patternError)
    errors.invalid(p.child('pattern'), s.pattern, `must be a valid regular expression, but isn't: ${patternError}`);

  const props = propertiesOf(s);
  if (isSet(s, 'additionalProperties')) {
    if (props.length > 0 && (s.additionalProperties === false || additionalSchemaOf(s)))
      errors.forbidden(p.child('additionalProperties'), 'additionalProperties and properties are mutual exclusive');
    const additional = additionalSchemaOf(s);
    const sub = ctx.insideResourceMeta
      ? { ...child, forbiddenDefaults: 'inside additionalProperties applying to object metadata' }
      : child;
    if (additional) validateOpenAPISchema(additional, p.child('additionalProperties'), errors, rules, false, sub);
  }
  // Properties of a map whose type is neither granular nor atomic cannot be paired with their old values.
  const mapType = s['x-kubernetes-map-type'];
  const correlatableMap = !isSet(s, 'x-kubernetes-map-type') || mapType === 'granular' || mapType === 'atomic';
  for (const [k, v] of props) {
    let sub = correlatableMap ? child : { ...child, oldSelfForbiddenAt: child.oldSelfForbiddenAt ?? p };
    if ((isRoot || isTrue(s['x-kubernetes-embedded-resource'])) && META_FIELDS.has(k)) {
      sub = { ...sub, insideResourceMeta: true };
      if (isRoot) sub = { ...sub, forbiddenDefaults: `in top-level ${k}` };
    }
    validateOpenAPISchema(v, p.key('properties', k), errors, rules, false, sub);
  }
  const not = asSchema(s.not);
  if (not) validateOpenAPISchema(not, p.child('not'), errors, rules, false, noCel);
  for (const kw of ['allOf', 'oneOf', 'anyOf'])
    schemaList(s[kw]).forEach((x, i) => validateOpenAPISchema(x, p.index(kw, i), errors, rules, false, noCel));
  for (const [k, v] of Object.entries(asSchema(s.definitions) ?? {}))
    if (asSchema(v)) validateOpenAPISchema(asSchema(v)!, p.key('definitions', k), errors, rules, false, noCel);
  // Only a list-map's items are paired with their old values (a set's are not, for CEL).
  const itemsCtx =
    s['x-kubernetes-list-type'] === 'map' ? child : { ...child, oldSelfForbiddenAt: child.oldSelfForbiddenAt ?? p };
  const items = itemsOf(s);
  if (items) validateOpenAPISchema(items, p.child('items'), errors, rules, false, itemsCtx);
  else
    schemaList(s.items).forEach((x, i) =>
      validateOpenAPISchema(x, p.index('items', i), errors, rules, false, itemsCtx),
    );

  if (s['x-kubernetes-preserve-unknown-fields'] === false)
    errors.invalid(p.child('x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined');
  extensionRules(s, p, errors);
  mapListKeysRequired(s, p, errors);
  validationRuleFields(s, p, errors);
  // CEL rules of a level with schema errors at or below it are not compiled (their types are unknowable).
  if (Array.isArray(s['x-kubernetes-validations']) && errors.count === before && ctx.cardinality !== undefined)
    rules.push({
      schema: s,
      path: p,
      cardinality: ctx.cardinality,
      resourceRoot: isRoot || isTrue(s['x-kubernetes-embedded-resource']),
      oldSelfForbiddenAt: ctx.oldSelfForbiddenAt,
      typeInfoBroken: typeInfo === 'broken',
    });
}

/** specStandardValidatorV3.validate */
function keywordRules(s: Schema, p: CrdPath, ctx: Context, errors: CrdErrors): void {
  const type = typeOf(s);
  if (type !== '' && !OPENAPI_TYPES.includes(type)) errors.notSupported(p.child('type'), type, OPENAPI_TYPES);
  if (isSet(s, 'default') && ctx.forbiddenDefaults)
    errors.forbidden(p.child('default'), `must not be set ${ctx.forbiddenDefaults}`);
  if (typeof s.id === 'string' && s.id !== '') errors.forbidden(p.child('id'), 'id is not supported');
  if (isSet(s, 'additionalItems')) errors.forbidden(p.child('additionalItems'), 'additionalItems is not supported');
  if (Object.keys(asSchema(s.patternProperties) ?? {}).length > 0)
    errors.forbidden(p.child('patternProperties'), 'patternProperties is not supported');
  if (Object.keys(asSchema(s.definitions) ?? {}).length > 0)
    errors.forbidden(p.child('definitions'), 'definitions is not supported');
  if (isSet(s, 'dependencies')) errors.forbidden(p.child('dependencies'), 'dependencies is not supported');
  // A *string in Go: `$ref: ""` is set too.
  if (isSet(s, '$ref')) errors.forbidden(p.child('$ref'), '$ref is not supported');
  if (type === 'null') errors.forbidden(p.child('type'), 'type cannot be set to null, use nullable as an alternative');
  if (Array.isArray(s.items) && s.items.length > 0)
    errors.forbidden(p.child('items'), 'items must be a schema object and not an array');
  if (ctx.insideResourceMeta && isTrue(s['x-kubernetes-embedded-resource']))
    errors.forbidden(p.child('x-kubernetes-embedded-resource'), 'must not be used inside of resource meta');
}

function extensionRules(s: Schema, p: CrdPath, errors: CrdErrors): void {
  const type = typeOf(s);
  const mapType = s['x-kubernetes-map-type'];
  if (isSet(s, 'x-kubernetes-map-type') && type !== 'object') {
    const detail = 'must be object if x-kubernetes-map-type is specified';
    if (type === '') errors.required(p.child('type'), detail);
    else errors.invalid(p.child('type'), type, detail);
  }
  if (isSet(s, 'x-kubernetes-map-type') && mapType !== 'atomic' && mapType !== 'granular')
    errors.notSupported(p.child('x-kubernetes-map-type'), mapType, ['atomic', 'granular']);

  const listType = s['x-kubernetes-list-type'];
  const hasListType = isSet(s, 'x-kubernetes-list-type');
  const items = itemsOf(s);
  if (hasListType && type !== 'array') {
    const detail = 'must be array if x-kubernetes-list-type is specified';
    if (type === '') errors.required(p.child('type'), detail);
    else errors.invalid(p.child('type'), type, detail);
  } else if (listType === 'set' && items) {
    // Items of a set are compared whole: they must not merge field by field.
    const itemType = typeOf(items);
    const itemList = items['x-kubernetes-list-type'];
    if (itemType === 'array' && isSet(items, 'x-kubernetes-list-type') && itemList !== 'atomic')
      errors.invalid(
        p.child('items', 'x-kubernetes-list-type'),
        itemList,
        'must be atomic as item of a list with x-kubernetes-list-type=set',
      );
    if (itemType === 'object' && items['x-kubernetes-map-type'] !== 'atomic')
      errors.invalid(
        p.child('items', 'x-kubernetes-map-type'),
        itemList ?? null,
        'must be atomic as item of a list with x-kubernetes-list-type=set',
      );
  }
  if (hasListType && listType !== 'atomic' && listType !== 'set' && listType !== 'map')
    errors.notSupported(p.child('x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']);

  const keys = stringList(s['x-kubernetes-list-map-keys']);
  if (keys.length > 0) {
    const detail = 'must be map if x-kubernetes-list-map-keys is non-empty';
    if (!hasListType) errors.required(p.child('x-kubernetes-list-type'), detail);
    else if (listType !== 'map') errors.invalid(p.child('x-kubernetes-list-type'), listType, detail);
  }
  if (listType !== 'map') return;
  if (keys.length === 0)
    errors.required(p.child('x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map');
  if (!isSet(s, 'items')) errors.required(p.child('items'), 'must have a schema if x-kubernetes-list-type is map');
  if (Array.isArray(s.items))
    errors.invalid(p.child('items'), s.items, 'must only have a single schema if x-kubernetes-list-type is map');
  if (!items) return;
  if (typeOf(items) !== 'object') {
    errors.invalid(
      p.child('items', 'type'),
      typeOf(items),
      "must be object if parent array's x-kubernetes-list-type is map",
    );
    return;
  }
  const itemProps = new Map(propertiesOf(items));
  const seen = new Set<string>();
  for (const k of keys) {
    const ks = itemProps.get(k);
    if (ks) {
      const kt = typeOf(ks);
      if (kt === 'array' || kt === 'object')
        errors.invalid(
          p.child('items').key('properties', k).child('type'),
          typeOf(items),
          "must be a scalar type if parent array's x-kubernetes-list-type is map",
        );
    } else errors.invalid(p.child('x-kubernetes-list-map-keys'), keys, 'entries must all be names of item properties');
    if (seen.has(k)) errors.invalid(p.child('x-kubernetes-list-map-keys'), keys, 'must not contain duplicate entries');
    seen.add(k);
  }
}

/** validateMapListKeysMapSet: list-map keys must always be present (required or defaulted), never null. */
function mapListKeysRequired(s: Schema, p: CrdPath, errors: CrdErrors): void {
  const items = itemsOf(s);
  const listType = s['x-kubernetes-list-type'];
  if (!items || (listType !== 'set' && listType !== 'map')) return;
  if (isTrue(items.nullable))
    errors.forbidden(p.child('items', 'nullable'), `cannot be nullable when x-kubernetes-list-type is ${listType}`);
  if (listType !== 'map') return;
  const required = new Set(stringList(items.required));
  const props = new Map(propertiesOf(items));
  for (const k of stringList(s['x-kubernetes-list-map-keys'])) {
    const ks = props.get(k);
    if (!ks) continue;
    const kp = p.child('items').key('properties', k);
    if (!required.has(k) && !isSet(ks, 'default'))
      errors.required(
        kp.child('default'),
        'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
      );
    if (isTrue(ks.nullable))
      errors.forbidden(
        kp.child('nullable'),
        'this property is in x-kubernetes-list-map-keys, so it cannot be nullable',
      );
  }
}

function validationRuleFields(s: Schema, p: CrdPath, errors: CrdErrors): void {
  const rules = Array.isArray(s['x-kubernetes-validations']) ? s['x-kubernetes-validations'] : [];
  rules.forEach((raw, i) => {
    const r = asSchema(raw) ?? {};
    const rp = p.index('x-kubernetes-validations', i);
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const rule = str(r.rule).trim();
    const message = str(r.message);
    const trimmedMessage = message.trim();
    if (rule === '') errors.required(rp.child('rule'), 'rule is not specified');
    else if (message.length > 0 && trimmedMessage === '')
      errors.invalid(rp.child('message'), message, 'must be non-empty if specified');
    else if (/[\n\r]/.test(trimmedMessage))
      errors.invalid(rp.child('message'), message, 'must not contain line breaks');
    else if (/[\n\r]/.test(rule) && trimmedMessage === '')
      errors.required(rp.child('message'), 'message must be specified if rule contains line breaks');
    const messageExpression = str(r.messageExpression);
    if (messageExpression.length > 0 && messageExpression.trim() === '')
      errors.required(rp.child('messageExpression'), 'messageExpression must be non-empty if specified');
    if (isSet(r, 'reason') && !RULE_REASONS.includes(String(r.reason)))
      errors.notSupported(rp.child('reason'), r.reason, RULE_REASONS);
    const fieldPath = str(r.fieldPath);
    if (fieldPath.length > 0 && fieldPath.trim() === '')
      errors.invalid(rp.child('fieldPath'), fieldPath, 'must be non-empty if specified');
    if (/[\n\r]/.test(fieldPath))
      errors.invalid(rp.child('fieldPath'), fieldPath, 'fieldPath must not contain line breaks');
    // Untrimmed, as the server reads it: ' .a' is no path.
    if (fieldPath.length > 0 && 'error' in validFieldPath(fieldPath, s))
      errors.invalid(rp.child('fieldPath'), fieldPath, 'must be a valid path');
  });
}
