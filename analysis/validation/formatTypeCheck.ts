// kube-openapi's type check of a custom resource's value at a schema with a format (validate/type.go,
// typeValidator.Validate), which apiextensions-apiserver runs with only the formats it supports kept: at a schema
// whose type is not number or integer, a string or an array (Go kinds String and Slice) passes whatever the type
// (`cidr: ["x"]` at `type: string, format: cidr` is accepted, and so is "10.0.0.0/8" at `type: object, format: cidr`);
// any other value of another type is "must be of type <format>" with Go's format of the value (`"int64"`,
// `"float64"`, `""` for a bool or an object). Probed on kube-apiserver 1.35.

/** apiextensions-apiserver's supportedVersionedFormats up to 1.35, as StripUnsupportedFormatsPostProcessorForVersion
 * compares them (dashes removed): any other format is dropped before validation. */
const SUPPORTED_FORMATS = new Set([
  'bsonobjectid',
  'uri',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'cidr',
  'mac',
  'uuid',
  'uuid3',
  'uuid4',
  'uuid5',
  'isbn',
  'isbn10',
  'isbn13',
  'creditcard',
  'ssn',
  'hexcolor',
  'rgbcolor',
  'byte',
  'password',
  'date',
  'duration',
  'datetime',
  'k8sshortname',
  'k8slongname',
]);

/** The format kube-openapi keeps for a CR's schema, or undefined when it drops it (unsupported, or none). */
export function supportedCrFormat(format: unknown): string | undefined {
  return typeof format === 'string' && SUPPORTED_FORMATS.has(format.replace(/-/g, '')) ? format : undefined;
}

/**
 * The JSON Schema types a CR's value may have at a schema of `type` and `format`: strings and arrays added where
 * kube-openapi lets them through, else `type` as it is.
 */
export function crTypesWithFormat(type: string, format: unknown): string | string[] {
  if (type === 'number' || type === 'integer' || !supportedCrFormat(format)) return type;
  return [...new Set([type, 'string', 'array'])];
}

/** Go's format of a decoded JSON value as typeValidator.schemaInfoForType names it (`""` for bools and objects). */
export function goValueFormat(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? 'int64' : 'float64';
  return '';
}

/** Go's %T of a decoded JSON value. */
function goTypeName(value: unknown): string {
  if (Array.isArray(value)) return '[]interface {}';
  if (value && typeof value === 'object') return 'map[string]interface {}';
  if (typeof value === 'number') return goValueFormat(value);
  return typeof value === 'boolean' ? 'bool' : 'string';
}

/**
 * UnstructuredToVal's error for a value of another kind than its schema's type, which only such a formatted schema
 * lets through to CEL (apiserver/pkg/cel/common/valuesunstructured.go): a rule using it fails with
 * `<this> evaluating rule: …`. Undefined where the value fits its schema.
 */
export function celDataError(value: unknown, type: unknown): string | undefined {
  const kind = Array.isArray(value) ? 'array' : value !== null && typeof value === 'object' ? 'object' : typeof value;
  switch (type) {
    case 'object':
      return kind === 'object' ? undefined : 'invalid data, expected a map for the provided schema with type=object';
    case 'array':
      return kind === 'array' ? undefined : 'invalid data, expected an array for the provided schema with type=array';
    case 'string':
      return kind === 'string' ? undefined : `invalid data, expected string, got ${goTypeName(value)}`;
    case 'boolean':
      return kind === 'boolean' ? undefined : `invalid data, expected bool, got ${goTypeName(value)}`;
    default:
      return undefined;
  }
}
