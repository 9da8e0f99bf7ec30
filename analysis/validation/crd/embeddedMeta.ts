// The TypeMeta and ObjectMeta of (embedded) resources inside a CRD default, as
// k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta checks them before the schema does: Coerce (the
// first value that does not decode: a non-string apiVersion or kind, metadata that is no ObjectMeta in Go's JSON)
// and Validate (apiVersion and kind required and well formed, metadata as ValidateObjectMeta with a path-segment
// name). Each error has its field relative to where the walk started, and its body (`Invalid value: …`).
import { Problems } from '../builtin/problems';
import { checkLabelsAndAnnotations } from '../builtin/meta';
import { dns1035Label, dns1123Label, pathSegmentName, qualifiedName } from '../builtin/names';
import { formatValue } from '../messages';
import { goJson } from './errors';
import { additionalSchemaOf, isTrue, itemsOf, propertiesOf, Schema } from './jsonSchema';

export interface MetaError {
  /** The field path, relative (`metadata.labels`, `t.kind`, `[0].apiVersion`). */
  field: string;
  body: string;
}

/** A field.Error as Go prints it: `<field>: <body>`. */
export function metaErrorText(e: MetaError): string {
  return e.field ? `${e.field}: ${e.body}` : e.body;
}

/** field.ErrorList.ToAggregate().Error(): one error as it is, several in brackets, duplicates once. */
export function aggregateText(errors: MetaError[]): string {
  const texts = [...new Set(errors.map(metaErrorText))];
  return texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
}

/** A value as field.Invalid prints it: Go's JSON (map keys sorted) for objects and lists. */
export function goValue(v: unknown): string {
  return v !== null && typeof v === 'object' ? goJson(sortedDeep(v)) : formatValue(v);
}

export function sortedDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedDeep);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortedDeep((v as Record<string, unknown>)[k])]),
    );
  return v;
}

const join = (base: string, k: string) => (base ? `${base}.${k}` : k);
const invalid = (field: string, v: unknown, detail: string): MetaError => ({
  field,
  body: `Invalid value: ${goValue(v)}: ${detail}`,
});

/** The schema a map entry or list item of `x` follows (properties, then additionalProperties; items). */
function childSchema(s: Schema, key: string): Schema | undefined {
  return new Map(propertiesOf(s)).get(key) ?? additionalSchemaOf(s);
}

/** objectmeta.Coerce: the first value (in Go's walk) that does not decode, or undefined. */
export function coerceError(x: unknown, s: Schema, field: string, resourceRoot: boolean): MetaError | undefined {
  const walk = (v: unknown, sc: Schema | undefined, f: string, root: boolean, depth: number): MetaError | undefined => {
    if (!sc || depth > 64) return undefined;
    if (Array.isArray(v)) {
      const items = itemsOf(sc);
      for (let i = 0; i < v.length; i++) {
        const e = walk(v[i], items, `${f}[${i}]`, false, depth + 1);
        if (e) return e;
      }
      return undefined;
    }
    if (v === null || typeof v !== 'object') return undefined;
    const embedded = root || isTrue(sc['x-kubernetes-embedded-resource']);
    for (const [k, c] of Object.entries(v as Record<string, unknown>)) {
      if (embedded && (k === 'apiVersion' || k === 'kind') && typeof c !== 'string')
        return invalid(join(f, k), c, 'must be a string');
      if (embedded && k === 'metadata') {
        const decode = objectMetaDecodeError(c);
        if (decode) return invalid(join(f, 'metadata'), c, decode);
      }
      const e = walk(c, childSchema(sc, k), join(f, k), false, depth + 1);
      if (e) return e;
    }
    return undefined;
  };
  return walk(x, s, field, resourceRoot, 0);
}

/** objectmeta.Validate: every (embedded) resource's TypeMeta and ObjectMeta. */
export function metaErrors(x: unknown, s: Schema, field: string, resourceRoot: boolean): MetaError[] {
  const out: MetaError[] = [];
  const walk = (v: unknown, sc: Schema | undefined, f: string, root: boolean, depth: number): void => {
    if (!sc || depth > 64) return;
    if (Array.isArray(v)) {
      const items = itemsOf(sc);
      v.forEach((item, i) => walk(item, items, `${f}[${i}]`, false, depth + 1));
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (root || isTrue(sc['x-kubernetes-embedded-resource'])) out.push(...embeddedResourceErrors(o, f));
    for (const [k, c] of Object.entries(o)) walk(c, childSchema(sc, k), join(f, k), false, depth + 1);
  };
  walk(x, s, field, resourceRoot, 0);
  return out;
}

/** validateEmbeddedResource. */
function embeddedResourceErrors(o: Record<string, unknown>, f: string): MetaError[] {
  const out: MetaError[] = [];
  for (const k of ['apiVersion', 'kind']) if (!(k in o)) out.push({ field: join(f, k), body: 'Required value' });
  if ('apiVersion' in o) {
    const a = o.apiVersion;
    const p = join(f, 'apiVersion');
    if (typeof a !== 'string') out.push(invalid(p, a, 'must be a string'));
    else if (a === '') out.push(invalid(p, a, 'must not be empty'));
    else if (a.split('/').length > 2) out.push(invalid(p, a, `unexpected GroupVersion string: ${a}`));
  }
  if ('kind' in o) {
    const k = o.kind;
    const p = join(f, 'kind');
    if (typeof k !== 'string') out.push(invalid(p, k, 'must be a string'));
    else if (k === '') out.push(invalid(p, k, 'must not be empty'));
    else {
      const errs = dns1035Label(k.toLowerCase());
      if (errs.length) out.push(invalid(p, k, `may have mixed case, but should otherwise match: ${errs.join(',')}`));
    }
  }
  if ('metadata' in o) {
    const decode = objectMetaDecodeError(o.metadata);
    if (decode) out.push(invalid(join(f, 'metadata'), o.metadata, decode));
    else if (o.metadata !== null)
      out.push(...objectMetaErrors(o.metadata as Record<string, unknown>, join(f, 'metadata')));
  }
  return out;
}

/**
 * ValidateObjectMeta as validateEmbeddedResource calls it: the name a path segment ("fakename" when empty), the
 * namespace a DNS label when given, generation not negative, labels, annotations and finalizers.
 */
function objectMetaErrors(md: Record<string, unknown>, f: string): MetaError[] {
  const out: MetaError[] = [];
  const text = (k: string) => (typeof md[k] === 'string' ? (md[k] as string) : '');
  const generateName = text('generateName');
  if (generateName)
    for (const m of pathSegmentName(generateName).filter((x) => !x.startsWith('may not be ')))
      out.push(invalid(join(f, 'generateName'), generateName, m));
  const name = text('name');
  if (name) for (const m of pathSegmentName(name)) out.push(invalid(join(f, 'name'), name, m));
  const namespace = text('namespace');
  if (namespace) for (const m of dns1123Label(namespace)) out.push(invalid(join(f, 'namespace'), namespace, m));
  if (typeof md.generation === 'number' && md.generation < 0)
    out.push(invalid(join(f, 'generation'), md.generation, 'must be greater than or equal to 0'));
  // Labels and annotations as the built-in kinds' metadata: reported without the index, at the map.
  const pr = new Problems([]);
  checkLabelsAndAnnotations(pr, ['metadata'], md);
  for (const p of pr.list) {
    const at = p.message.indexOf(': ');
    const rel = p.message.slice(0, at).replace(/^metadata/, f);
    out.push({ field: rel, body: p.message.slice(at + 2) });
  }
  if (Array.isArray(md.finalizers))
    for (const x of md.finalizers)
      if (typeof x === 'string') for (const m of qualifiedName(x)) out.push(invalid(join(f, 'finalizers'), x, m));
  return out;
}

/** The Go types of the ObjectMeta fields a default may get wrong (others are not checked here). */
const OBJECT_META_TYPES: Record<string, 'string' | 'int64' | 'map' | 'strings'> = {
  annotations: 'map',
  deletionGracePeriodSeconds: 'int64',
  finalizers: 'strings',
  generateName: 'string',
  generation: 'int64',
  labels: 'map',
  name: 'string',
  namespace: 'string',
  resourceVersion: 'string',
  selfLink: 'string',
  uid: 'string',
};
const GO_TYPE_NAMES = { string: 'string', int64: 'int64', map: 'map[string]string', strings: '[]string' };

/**
 * encoding/json's first UnmarshalTypeError decoding `v` into a metav1.ObjectMeta (the server re-encodes the map
 * first, so keys come sorted), or undefined. Null decodes to the zero value.
 */
export function objectMetaDecodeError(v: unknown): string | undefined {
  if (v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v))
    return `json: cannot unmarshal ${jsonKind(v)} into Go value of type v1.ObjectMeta`;
  const field = (name: string, actual: unknown, type: string) =>
    `json: cannot unmarshal ${jsonKind(actual, type === 'int64')} into Go struct field ObjectMeta.${name} of type ${type}`;
  const md = v as Record<string, unknown>;
  for (const k of Object.keys(md).sort()) {
    const type = OBJECT_META_TYPES[k];
    const x = md[k];
    if (!type || x === null) continue;
    if (type === 'string' && typeof x !== 'string') return field(k, x, 'string');
    if (type === 'int64' && !(typeof x === 'number' && Number.isInteger(x))) return field(k, x, 'int64');
    if (type === 'map') {
      if (typeof x !== 'object' || Array.isArray(x)) return field(k, x, GO_TYPE_NAMES.map);
      const entries = x as Record<string, unknown>;
      for (const key of Object.keys(entries).sort())
        if (entries[key] !== null && typeof entries[key] !== 'string') return field(k, entries[key], 'string');
    }
    if (type === 'strings') {
      if (!Array.isArray(x)) return field(k, x, GO_TYPE_NAMES.strings);
      const bad = x.find((i) => i !== null && typeof i !== 'string');
      if (bad !== undefined) return field(k, bad, 'string');
    }
  }
  return undefined;
}

/** encoding/json's name of a JSON value in its errors (`number 1.5` for a number an integer field cannot hold). */
function jsonKind(v: unknown, intTarget = false): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return intTarget && !Number.isInteger(v) ? `number ${v}` : 'number';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}
