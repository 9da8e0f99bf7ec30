// Reading a CRD's openAPIV3Schema as it is written (raw JSON: any field may hold anything).

export type Schema = Record<string, unknown>;

export function asSchema(v: unknown): Schema | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Schema) : undefined;
}

export function typeOf(s: Schema): string {
  return typeof s.type === 'string' ? s.type : '';
}

export function propertiesOf(s: Schema): [string, Schema][] {
  const p = asSchema(s.properties);
  if (!p) return [];
  return Object.entries(p).flatMap(([k, v]) => {
    // Go decodes a null property into an empty JSONSchemaProps.
    const child = v === null ? {} : asSchema(v);
    return child ? [[k, child] as [string, Schema]] : [];
  });
}

export function schemaList(v: unknown): Schema[] {
  return Array.isArray(v) ? v.map((x) => asSchema(x) ?? {}) : [];
}

/** `items` when it is one schema (an array of schemas is rejected elsewhere). */
export function itemsOf(s: Schema): Schema | undefined {
  return asSchema(s.items);
}

/** `additionalProperties` as a schema, or undefined for a boolean/absent value. */
export function additionalSchemaOf(s: Schema): Schema | undefined {
  return asSchema(s.additionalProperties);
}

export function isTrue(v: unknown): boolean {
  return v === true;
}

export function isSet(s: Schema, key: string): boolean {
  return s[key] !== undefined && s[key] !== null;
}

export function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * The JSON names of JSONSchemaProps' fields. Below items and additionalProperties the server decodes a schema
 * without strictness (their published OpenAPI has no schema), so any other key there is dropped, not refused.
 */
export const SCHEMA_PROPS_FIELDS: ReadonlySet<string> = new Set([
  'id', '$schema', '$ref', 'description', 'type', 'format', 'title', 'default', 'maximum', 'exclusiveMaximum',
  'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems',
  'multipleOf', 'enum', 'maxProperties', 'minProperties', 'required', 'items', 'allOf', 'oneOf', 'anyOf', 'not',
  'properties', 'additionalProperties', 'patternProperties', 'dependencies', 'additionalItems', 'definitions',
  'externalDocs', 'example', 'nullable', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string', 'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type',
  'x-kubernetes-validations',
]); // prettier-ignore
