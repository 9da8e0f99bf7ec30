// Schema-guided mutations of valid Kubernetes objects, for differential tests against the real API server: each
// mutant breaks (or sits right on) one constraint its schema states — a type, a bound, a length in code points, a
// format, an enum, a required or unknown field, a list-map key — or one the API server applies to every object
// (metadata names, labels, annotations; JSON numbers and duplicate keys). Seeded and deterministic: the same
// seed, object and schema give the same mutants. Knows nothing of the validator under test.
import type { OpenAPISchema } from '../../analysis/schema';
import { type Obj, type Path, fieldPath, isObj, remove, set } from './objectPaths';
import { routingEdits, userErrorEditsAt } from './userErrors';

export { fieldPath };

/** The OpenAPI v3 schema of a built-in kind or a CRD version. */
export type FuzzSchema = OpenAPISchema;

/** Follows `$ref` and single-`allOf` wrappers (OpenAPI v3 of built-in kinds); identity for CRD schemas. */
export type Resolve = (s: FuzzSchema | undefined) => FuzzSchema | undefined;

export type Category =
  | 'wrong-type'
  | 'int-or-string'
  | 'numeric-bound'
  | 'string-length'
  | 'items-count'
  | 'properties-count'
  | 'pattern'
  | 'format'
  | 'enum'
  | 'required'
  | 'unknown-field'
  | 'duplicate-key'
  | 'list-map-duplicate'
  | 'metadata'
  | 'large-number'
  // People's mistakes (userErrors.ts):
  | 'coerced-type'
  | 'empty-value'
  | 'zero-negative'
  | 'bad-name'
  | 'moved-field'
  | 'api-version'
  | 'list-key-duplicate'
  | 'resources'
  | 'selector';

export interface Mutant {
  /** Category and what was done where, e.g. `format: date-time "2024-01-01" at spec.startTime`. */
  names: string[];
  categories: Category[];
  /** The object (markers for raw numbers and duplicate keys inside; send `text`). */
  object: Obj;
  /** The exact JSON document to send and to validate. */
  text: string;
}

/** The seeded generator of the unit tests' generated cases (mulberry32): a failure replays from its seed. */
export { prng as seededRandom } from '../unit/seeded';

const pick = <T>(random: () => number, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

/** A resolver over an OpenAPI v3 document's components. */
export function openapiResolver(components: Record<string, FuzzSchema>): Resolve {
  const resolve: Resolve = (s) => {
    for (let i = 0; s && i < 16; i++) {
      if (s.$ref) {
        const { $ref, ...rest } = s;
        s = { ...components[$ref.replace('#/components/schemas/', '')], ...rest };
      } else if (s.allOf?.length === 1) {
        const { allOf, ...rest } = s;
        s = { ...allOf[0], ...rest };
      } else return s;
    }
    return s;
  };
  return resolve;
}

// Markers that survive JSON.stringify and are rewritten in the text: a number literal JavaScript cannot hold
// (2^53+1, 1e309), and a key written twice.
const RAW = '@@raw@@';
const DUP = '@@dup@@';

/** The document text: JSON with the raw-number and duplicate-key markers written out. */
export function render(o: Obj): string {
  return JSON.stringify(o, null, 2)
    .replace(new RegExp(`"${RAW}([^"]*)"`, 'g'), '$1')
    .replace(new RegExp(`"${DUP}\\d+:`, 'g'), '"');
}

export interface Site {
  path: Path;
  value: unknown;
  present: boolean;
  schema: FuzzSchema | undefined;
}

/** Where a value can go: every present value, and every absent declared property of a present object. */
function sites(object: Obj, schema: FuzzSchema | undefined, resolve: Resolve): Site[] {
  const out: Site[] = [];
  const walk = (v: unknown, raw: FuzzSchema | undefined, path: Path, depth: number) => {
    const s = resolve(raw);
    out.push({ path, value: v, present: true, schema: s });
    if (depth > 30) return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, s?.items, [...path, i], depth + 1));
    else if (isObj(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k.startsWith(DUP)) continue;
        const ps = s?.properties?.[k] ?? (isObj(s?.additionalProperties) ? s.additionalProperties : undefined);
        walk(x, ps, [...path, k], depth + 1);
      }
      for (const [k, ps] of Object.entries(s?.properties ?? {}))
        if (!(k in v)) out.push({ path: [...path, k], value: undefined, present: false, schema: resolve(ps) });
    }
  };
  walk(object, schema, [], 0);
  // apiVersion and kind route the request; changing them tests discovery, not validation.
  return out.filter((s) => s.path.length > 0 && s.path[0] !== 'apiVersion' && s.path[0] !== 'kind');
}

export type Edit = { category: Category; name: string; apply: (o: Obj) => void };

const raw = (literal: string) => `${RAW}${literal}`;
const show = (v: unknown) => (typeof v === 'string' && v.startsWith(RAW) ? v.slice(RAW.length) : JSON.stringify(v));
const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 37)}…(${s.length})` : s);

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function isIntOrString(s: FuzzSchema | undefined): boolean {
  return !!s && (s['x-kubernetes-int-or-string'] === true || s.format === 'int-or-string');
}

/** Strings of `n` code points made of one character: ASCII, two UTF-16 units (astral) or multi-byte UTF-8. */
function stringOf(n: number, random: () => number): string {
  return pick(random, ['a', 'é', '😀']).repeat(Math.max(0, n));
}

const FORMAT_VALUES: Record<string, unknown[]> = {
  'date-time': [
    '2024-01-01T00:00:00Z',
    '2024-01-01T00:00:00.123456789Z',
    '2024-01-01T00:00:00+01:00',
    '2024-01-01t00:00:00z',
    '2024-01-01 00:00:00Z',
    '2024-01-01',
    '2024-13-01T00:00:00Z',
    'yesterday',
  ],
  date: ['2024-01-01', '2024-02-30', '2024-1-1', '20240101'],
  byte: ['YQ==', 'YQ', 'YQ=', 'Y Q==', '!!!!', ''],
  duration: ['1h', '1h30m', '90s', '1.5h', '1d', '-1s', 'PT1H', '5'],
  int32: [2147483647, 2147483648, -2147483648, -2147483649],
  int64: [raw('9223372036854775807'), raw('9223372036854775808'), raw('-9223372036854775809')],
  ipv4: ['10.0.0.1', '010.0.0.1', '10.0.0.256', '::1'],
  ipv6: ['::1', 'fe80::1%eth0', '10.0.0.1'],
  ip: ['10.0.0.1', '::ffff:10.0.0.1', '10.0.0', 'x'],
  cidr: ['10.0.0.0/8', '10.0.0.1/33', '::/0', '10.0.0.0'],
  uri: ['https://example.com/a', 'not a uri', '/relative'],
  hostname: ['example.com', '-bad.example.com', 'a'.repeat(64)],
  uuid: ['123e4567-e89b-12d3-a456-426614174000', '123e4567e89b12d3a456426614174000', 'x'],
  email: ['a@example.com', 'not-an-email'],
  quantity: ['1.5Gi', '1e3', '0.0001', '1Gb', '-1', 1.5, '+1k', ''],
};

/** The edits that apply at one site, by category. */
function editsAt(site: Site, random: () => number): Edit[] {
  const s = site.schema;
  const where = fieldPath(site.path);
  const out: Edit[] = [];
  const put = (category: Category, what: string, v: unknown) =>
    out.push({ category, name: `${category}: ${what} ${clip(show(v))} at ${where}`, apply: set(site.path, v) });
  if (!s) return out;
  const inMetadata = site.path[0] === 'metadata';

  if (site.present && !inMetadata && (s.type || isIntOrString(s))) {
    const current = jsonType(site.value);
    const others = ['x', 7, true, { a: 1 }, ['x'], null, 1.5].filter(
      (v) => jsonType(v) !== current && !(isIntOrString(s) && (typeof v === 'string' || jsonType(v) === 'integer')),
    );
    put('wrong-type', 'value', pick(random, others));
  }
  if (isIntOrString(s))
    put('int-or-string', 'value', pick(random, [1.5, -1, 0, '80', '-1', '1.5', '', 'http', raw('1.0'), raw('1e2')]));
  if (s.type === 'integer' || s.type === 'number') {
    const exMin = s.exclusiveMinimum ? 1 : 0;
    const exMax = s.exclusiveMaximum ? 1 : 0;
    if (typeof s.minimum === 'number')
      put('numeric-bound', 'minimum', pick(random, [s.minimum - 1, s.minimum, s.minimum + exMin]));
    if (typeof s.maximum === 'number')
      put('numeric-bound', 'maximum', pick(random, [s.maximum + 1, s.maximum, s.maximum - exMax]));
    if (s.format && FORMAT_VALUES[s.format]) put('format', s.format, pick(random, FORMAT_VALUES[s.format]));
    put(
      'large-number',
      'number',
      pick(random, [
        raw('9007199254740993'),
        raw('1e309'),
        raw('-1e309'),
        raw('1.0'),
        raw('1e2'),
        raw('0.5e1'),
        raw('-0'),
      ]),
    );
  }
  if (s.type === 'string' || (site.present && typeof site.value === 'string')) {
    if (typeof s.maxLength === 'number')
      put('string-length', 'maxLength', stringOf(s.maxLength + pick(random, [0, 1]), random));
    if (typeof s.minLength === 'number' && s.minLength > 0)
      put('string-length', 'minLength', stringOf(s.minLength - pick(random, [0, 1]), random));
    if (s.pattern) put('pattern', 'value', pick(random, ['', ' ', 'A_B!', '-x-', 'x'.repeat(300), 'é']));
    if (s.format && FORMAT_VALUES[s.format]) put('format', s.format, pick(random, FORMAT_VALUES[s.format]));
  }
  if (s.enum?.length) {
    const e = pick(random, s.enum);
    const text = String(e);
    const neighbours = [text.toLowerCase(), text.toUpperCase(), `${text}x`, ` ${text}`, '', text.slice(0, -1)].filter(
      (n) => !s.enum!.includes(n),
    );
    if (neighbours.length) put('enum', 'neighbour', pick(random, neighbours));
  }
  if (Array.isArray(site.value) && site.value.length) {
    const items = site.value;
    if (typeof s.maxItems === 'number')
      put(
        'items-count',
        'maxItems',
        Array.from({ length: s.maxItems + 1 }, (_, i) => structuredClone(items[i % items.length])),
      );
    if (typeof s.minItems === 'number' && s.minItems > 0)
      put('items-count', 'minItems', items.slice(0, s.minItems - 1));
    const listType = s['x-kubernetes-list-type'];
    if (listType === 'map' || listType === 'set')
      put('list-map-duplicate', `${listType} item repeated`, [...items, structuredClone(items[0])]);
  }
  if (isObj(site.value)) {
    const entries = Object.entries(site.value).filter(([k]) => !k.startsWith(DUP));
    if (typeof s.maxProperties === 'number' && entries.length)
      put('properties-count', 'maxProperties', {
        ...site.value,
        ...Object.fromEntries(Array.from({ length: s.maxProperties + 1 }, (_, i) => [`k${i}`, entries[0][1]])),
      });
    if (typeof s.minProperties === 'number' && s.minProperties > 0)
      put('properties-count', 'minProperties', Object.fromEntries(entries.slice(0, s.minProperties - 1)));
    for (const r of s.required ?? [])
      if (r in site.value)
        out.push({ category: 'required', name: `required: ${where}.${r} removed`, apply: remove([...site.path, r]) });
    if (entries.length) {
      const [k, v] = pick(random, entries);
      const second = pick(random, [v, 'dup', 2]);
      out.push({
        category: 'duplicate-key',
        name: `duplicate-key: "${k}" again as ${clip(show(second))} at ${where || '(root)'}`,
        apply: set([...site.path, `${DUP}${site.path.length}:${k}`], second),
      });
    }
    const kind = s['x-kubernetes-embedded-resource']
      ? 'embedded resource'
      : s['x-kubernetes-preserve-unknown-fields']
        ? 'preserve-unknown object'
        : s.properties
          ? 'object'
          : undefined;
    if (kind)
      out.push({
        category: 'unknown-field',
        name: `unknown-field: in ${kind} at ${where}`,
        apply: set([...site.path, 'bogusField'], 'x'),
      });
  }
  return out;
}

/** Metadata edits the API server applies to every kind (names, labels, annotations, their lengths). */
function metadataEdits(random: () => number): Edit[] {
  const labelValue = pick(random, ['a'.repeat(63), 'a'.repeat(64), '-x', 'x-', 'a.b_c', '😀', '', 'é'.repeat(40)]);
  const labelKey = pick(random, [
    'a'.repeat(63),
    'a'.repeat(64),
    `${'a'.repeat(253)}/x`,
    `${'a'.repeat(254)}/x`,
    'Example.com/x',
    'example.com/',
    'a/b/c',
    'kubernetes.io/x',
    '_x',
  ]);
  const name = pick(random, [
    'a'.repeat(253),
    'a'.repeat(254),
    'a'.repeat(63),
    'a'.repeat(64),
    'a.b',
    'a..b',
    '-a',
    'A',
    '',
    'é',
    '.',
    '..',
  ]);
  const annotation = pick(random, [
    ['a/b/c', 'x'],
    ['x', 'a'.repeat(256 * 1024 - 1)],
    ['x', 'a'.repeat(256 * 1024)],
    ['x', 'é'.repeat(131_072)],
    ['x', 'é'.repeat(131_071)],
  ]);
  const namespace = pick(random, ['Bad_NS', 'a'.repeat(64), 'default', '']);
  const md = (o: Obj): Obj => (isObj(o.metadata) ? o.metadata : (o.metadata = {}));
  return [
    {
      category: 'metadata',
      name: `metadata: name ${clip(JSON.stringify(name))}`,
      apply: (o) => void (md(o).name = name),
    },
    {
      category: 'metadata',
      name: `metadata: generateName ${clip(JSON.stringify(name))}`,
      apply: (o) => {
        delete md(o).name;
        md(o).generateName = name;
      },
    },
    {
      category: 'metadata',
      name: `metadata: namespace ${clip(JSON.stringify(namespace))}`,
      apply: (o) => void (md(o).namespace = namespace),
    },
    {
      category: 'metadata',
      name: `metadata: label ${clip(JSON.stringify(labelKey))}`,
      apply: (o) => void (md(o).labels = { ...(md(o).labels as Obj), [labelKey]: 'x' }),
    },
    {
      category: 'metadata',
      name: `metadata: label value ${clip(JSON.stringify(labelValue))}`,
      apply: (o) => void (md(o).labels = { ...(md(o).labels as Obj), fuzz: labelValue }),
    },
    {
      category: 'metadata',
      name: `metadata: annotation ${clip(JSON.stringify(annotation[0]))}=${clip(JSON.stringify(annotation[1]))}`,
      apply: (o) => void (md(o).annotations = { ...(md(o).annotations as Obj), [annotation[0]]: annotation[1] }),
    },
    {
      category: 'unknown-field',
      name: 'unknown-field: in metadata',
      apply: (o) => void (md(o).bogusField = 'x'),
    },
    { category: 'unknown-field', name: 'unknown-field: at the top', apply: (o) => void (o.bogusField = 'x') },
  ];
}

/**
 * One mutant of `object`: `count` edits (1 or 2), each from a category drawn uniformly among those that apply, so
 * rare constraints (a maxItems, a pattern) are drawn as often as common ones (a wrong type).
 */
export function mutate(
  object: Obj,
  schema: FuzzSchema | undefined,
  resolve: Resolve,
  random: () => number,
  count: number,
): Mutant | undefined {
  const copy = structuredClone(object);
  const names: string[] = [];
  const categories: Category[] = [];
  for (let n = 0; n < count; n++) {
    const edits = [
      ...metadataEdits(random),
      ...routingEdits(copy, random),
      ...sites(copy, schema, resolve).flatMap((s) => [...editsAt(s, random), ...userErrorEditsAt(s, copy, random)]),
    ];
    const byCategory = new Map<Category, Edit[]>();
    for (const e of edits) byCategory.set(e.category, [...(byCategory.get(e.category) ?? []), e]);
    const category = pick(random, [...byCategory.keys()].sort());
    const edit = pick(random, byCategory.get(category)!);
    edit.apply(copy);
    names.push(edit.name);
    categories.push(edit.category);
  }
  return names.length ? { names, categories, object: copy, text: render(copy) } : undefined;
}
