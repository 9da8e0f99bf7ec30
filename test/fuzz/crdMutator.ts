// Random, seeded mutations of real CustomResourceDefinitions, for differential tests of kubesense's CRD checks
// against the real API server and for crash hunting: at a random schema node a keyword is added, removed,
// misspelt or given a value of another type (and the odd values each keyword invites: unknown type names, bad
// patterns, list-map keys that are not there, CEL rules with odd messages, fieldPaths, reasons); at the CRD level
// names, group, scope, versions (served, storage, name, deprecated), conversion, subresources (scale paths) and
// printer columns are changed; anywhere, a value is replaced by one of another type. Deterministic: the same seed
// and CRD give the same mutant, and each edit is described so a finding replays by hand. Knows nothing of the
// validator under test.
type Obj = Record<string, unknown>;
type Path = (string | number)[];

export interface CrdMutant {
  crd: Obj;
  /** What was done where, e.g. `retype maxLength → "no" at spec.versions[0]…properties[spec]`. */
  edits: string[];
}

const pick = <T>(random: () => number, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Values of each JSON type; a replacement is drawn from a type other than the current one. */
const VALUES_BY_TYPE: Record<string, () => unknown[]> = {
  string: () => ['', 'no', 'x', 'true', '1', 'string', 'object', '.spec.x', 'self.x > 0', 'a b'],
  number: () => [0, 7, -1, 1.5, 1e21, 2147483648],
  boolean: () => [true, false],
  null: () => [null],
  list: () => [[], ['x'], [1], [{}], [null], [true]],
  object: () => [{}, { x: 1 }, { type: 'string' }, { rule: 'true' }, { '': {} }],
};

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'object' : typeof v;
}

function otherTypeValue(random: () => number, current: unknown): unknown {
  const types = Object.keys(VALUES_BY_TYPE).filter((t) => t !== jsonType(current));
  return structuredClone(pick(random, VALUES_BY_TYPE[pick(random, types)]()));
}

const RULES = [
  { rule: 'true' },
  { rule: 'self.x == 1' },
  { rule: '' },
  { rule: 'self ==' },
  { rule: 'has(self.spec)' },
  { rule: 'size(self) > 0' },
  { rule: 'self == oldSelf' },
  { rule: 'self == oldSelf', optionalOldSelf: true },
  { rule: 'true', optionalOldSelf: true },
  { rule: 'true', message: '' },
  { rule: 'true', message: false },
  { rule: 'true', message: 'a\nb' },
  { rule: 'true', message: '   ' },
  { rule: 'true', message: 'x'.repeat(3000) },
  { rule: 'true', messageExpression: '"x"' },
  { rule: 'true', messageExpression: '1' },
  { rule: 'true', messageExpression: '' },
  { rule: 'true', messageExpression: 'self.x' },
  { rule: 'true', message: 'm', messageExpression: '"x"' },
  { rule: 'true', fieldPath: '.spec' },
  { rule: 'true', fieldPath: 'spec' },
  { rule: 'true', fieldPath: '.x' },
  { rule: 'true', fieldPath: '' },
  { rule: 'true', fieldPath: "['a']" },
  { rule: 'true', reason: 'FieldValueInvalid' },
  { rule: 'true', reason: 'FieldValueForbidden' },
  { rule: 'true', reason: 'Bogus' },
  { rule: 'true', reason: '' },
  { message: 'no rule' },
  {},
];

/** Plausible and implausible values per schema keyword (beside the values of another type retype draws). */
const KEYWORD_VALUES: Record<string, () => unknown[]> = {
  type: () => ['string', 'object', 'array', 'integer', 'number', 'boolean', 'null', 'strng', 'Object', '', 'int'],
  format: () => ['int32', 'int64', 'date-time', 'byte', 'uuid', 'bogus', '', 'email', 'duration', 'quantity'],
  enum: () => [[], ['a'], [1], ['a', 'a'], [null], [{}], 'a'],
  default: () => ['a', 1, true, null, [], {}, { x: 1 }, ['a']],
  pattern: () => ['^a$', '(', '[a-z]+', '\\d', '(?=x)', '', '\\p{L}'],
  items: () => [{ type: 'string' }, {}, [{ type: 'string' }], { type: 'object' }, true],
  properties: () => [{}, { a: { type: 'string' } }, { a: {} }, { 'a.b': { type: 'string' } }, { a: 1 }],
  additionalProperties: () => [true, false, { type: 'string' }, {}],
  required: () => [[], ['a'], ['a', 'a'], 'a', [1], ['']],
  nullable: () => [true, false],
  'x-kubernetes-preserve-unknown-fields': () => [true, false],
  'x-kubernetes-embedded-resource': () => [true, false],
  'x-kubernetes-int-or-string': () => [true, false],
  'x-kubernetes-list-type': () => ['atomic', 'set', 'map', 'bogus', ''],
  'x-kubernetes-list-map-keys': () => [['name'], [], ['a', 'a'], ['missing'], 'name'],
  'x-kubernetes-map-type': () => ['atomic', 'granular', 'bogus'],
  'x-kubernetes-validations': () => [...RULES.map((r) => [r]), [], [RULES[0], RULES[0]]],
  minimum: () => [0, -1, 1.5, 10, 1e21],
  maximum: () => [0, -1, 1.5, 10, 1e21],
  exclusiveMinimum: () => [true, false],
  exclusiveMaximum: () => [true, false],
  minLength: () => [0, -1, 1.5, 3, 2 ** 53],
  maxLength: () => [0, -1, 1.5, 3, 2 ** 53],
  minItems: () => [0, -1, 3],
  maxItems: () => [0, -1, 1.5, 3, 2 ** 53],
  minProperties: () => [0, -1, 3],
  maxProperties: () => [0, -1, 1.5, 3],
  multipleOf: () => [0, -1, 2, 0.5],
  uniqueItems: () => [true, false],
  allOf: () => [
    [{ required: ['a'] }],
    [{ type: 'string' }],
    [],
    [{ properties: { a: { type: 'string' } } }],
    [{ pattern: '^a' }],
    [{ default: 1 }],
    [{ description: 'x' }],
  ],
  anyOf: () => [
    [{ required: ['a'] }, { required: ['b'] }],
    [{ type: 'string' }, { type: 'integer' }],
    [],
    [{ maxLength: 3 }],
  ],
  oneOf: () => [[{ required: ['a'] }, { required: ['b'] }], [{ type: 'string' }], [], [{ minimum: 1 }]],
  not: () => [{ required: ['a'] }, { type: 'string' }, {}, { 'x-kubernetes-validations': [{ rule: 'true' }] }],
  $ref: () => ['#/definitions/x', ''],
  description: () => ['', 'd'],
  title: () => ['t'],
  example: () => ['e', 1, {}],
  externalDocs: () => [{ url: 'https://example.com' }, {}],
  id: () => ['x'],
  $schema: () => ['http://json-schema.org/draft-04/schema#'],
  definitions: () => [{ x: { type: 'string' } }],
  dependencies: () => [{ a: ['b'] }],
  additionalItems: () => [true, false],
  patternProperties: () => [{ '^a': { type: 'string' } }],
};

const MISSPELT: Record<string, string[]> = {
  type: ['Type', 'typ', 'types'],
  properties: ['propertys', 'Properties', 'property'],
  required: ['requried', 'require'],
  items: ['item', 'Items'],
  enum: ['enums', 'Enum'],
  'x-kubernetes-list-type': ['x-kubernetes-list-typ', 'x-kubernetes-listType'],
  'x-kubernetes-validations': ['x-kubernetes-validation', 'x_kubernetes_validations'],
};

interface Node {
  schema: Obj;
  path: Path;
}

/** Every schema object of every version: properties, items, additionalProperties, junctions, not. */
function schemaNodes(crd: Obj): Node[] {
  const out: Node[] = [];
  const walk = (s: unknown, path: Path, depth: number) => {
    if (!isObj(s) || depth > 40) return;
    out.push({ schema: s, path });
    if (isObj(s.properties))
      for (const [k, v] of Object.entries(s.properties)) walk(v, [...path, 'properties', k], depth + 1);
    if (Array.isArray(s.items)) s.items.forEach((v, i) => walk(v, [...path, 'items', i], depth + 1));
    else walk(s.items, [...path, 'items'], depth + 1);
    walk(s.additionalProperties, [...path, 'additionalProperties'], depth + 1);
    walk(s.not, [...path, 'not'], depth + 1);
    for (const j of ['allOf', 'anyOf', 'oneOf'])
      if (Array.isArray(s[j])) (s[j] as unknown[]).forEach((v, i) => walk(v, [...path, j, i], depth + 1));
  };
  const versions = (crd.spec as Obj | undefined)?.versions;
  if (Array.isArray(versions))
    versions.forEach((v, i) =>
      walk(
        (v as Obj | undefined)?.schema && ((v as Obj).schema as Obj).openAPIV3Schema,
        ['spec', 'versions', i, 'schema', 'openAPIV3Schema'],
        0,
      ),
    );
  return out;
}

/** Every (container, key) of the CRD, for the type-agnostic edits. */
function allSlots(v: unknown, path: Path, out: { parent: Obj | unknown[]; key: string | number; path: Path }[]) {
  if (Array.isArray(v))
    v.forEach((x, i) => {
      out.push({ parent: v, key: i, path: [...path, i] });
      allSlots(x, [...path, i], out);
    });
  else if (isObj(v))
    for (const [k, x] of Object.entries(v)) {
      out.push({ parent: v, key: k, path: [...path, k] });
      allSlots(x, [...path, k], out);
    }
  return out;
}

export function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

type Edit = (crd: Obj, random: () => number) => string | undefined;

const schemaEdit: Edit = (crd, random) => {
  const nodes = schemaNodes(crd);
  if (nodes.length === 0) return undefined;
  const { schema, path } = pick(random, nodes);
  const at = pathText(path);
  const present = Object.keys(schema);
  const op = pick(random, ['add', 'add', 'add', 'retype', 'delete', 'misspell', 'rename-property']);
  if (op === 'add' || present.length === 0) {
    const key = pick(random, Object.keys(KEYWORD_VALUES));
    const value = structuredClone(pick(random, KEYWORD_VALUES[key]()));
    schema[key] = value;
    return `set ${key} ${show(value)} at ${at}`;
  }
  const key = pick(random, present);
  if (op === 'retype') {
    const value = otherTypeValue(random, schema[key]);
    schema[key] = value;
    return `retype ${key} → ${show(value)} at ${at}`;
  }
  if (op === 'delete') {
    delete schema[key];
    return `delete ${key} at ${at}`;
  }
  if (op === 'misspell') {
    const to = pick(random, MISSPELT[key] ?? [`${key}s`, key.toUpperCase()]);
    schema[to] = schema[key];
    delete schema[key];
    return `rename ${key} → ${to} at ${at}`;
  }
  const props = isObj(schema.properties) ? Object.keys(schema.properties) : [];
  if (props.length === 0) return undefined;
  const from = pick(random, props);
  const to = pick(random, ['', 'a.b', 'a b', '-x', 'metadata', 'apiVersion', 'x-y', '__x__', 'in', 'self']);
  const properties = schema.properties as Obj;
  if (to in properties) return undefined;
  properties[to] = properties[from];
  delete properties[from];
  return `rename property ${from} → ${JSON.stringify(to)} at ${at}`;
};

function versionsOf(crd: Obj): Obj[] {
  const v = (crd.spec as Obj | undefined)?.versions;
  return Array.isArray(v) ? (v.filter(isObj) as Obj[]) : [];
}

/** The CRD-level fields and what they are set to. */
const CRD_FIELDS: { path: (crd: Obj, random: () => number) => Path | undefined; values: () => unknown[] }[] = [
  { path: () => ['metadata', 'name'], values: () => ['', 'widgets.example.com', 'x', 'A.b.c'] },
  { path: () => ['metadata', 'generateName'], values: () => ['x-', 'widgets.example.com'] },
  { path: () => ['spec', 'group'], values: () => ['', 'example', 'Example.com', 'a..b', 'k8s.io', 'x.k8s.io'] },
  { path: () => ['spec', 'scope'], values: () => ['Cluster', 'Namespaced', 'namespaced', ''] },
  { path: () => ['spec', 'names', 'plural'], values: () => ['Widgets', '', 'a.b', 'widgets'] },
  { path: () => ['spec', 'names', 'singular'], values: () => ['Widget', '', 'a.b'] },
  { path: () => ['spec', 'names', 'kind'], values: () => ['widget', '', 'Widget', 'A.B'] },
  { path: () => ['spec', 'names', 'listKind'], values: () => ['', 'widgetList', 'WidgetList'] },
  { path: () => ['spec', 'names', 'shortNames'], values: () => [['a', 'a'], ['A'], [''], ['a.b']] },
  { path: () => ['spec', 'names', 'categories'], values: () => [['all'], ['A B'], [''], ['x', 'x']] },
  { path: () => ['spec', 'preserveUnknownFields'], values: () => [true, false] },
  {
    path: () => ['spec', 'conversion'],
    values: () => [
      { strategy: 'None' },
      { strategy: 'Webhook' },
      { strategy: 'Bogus' },
      {
        strategy: 'Webhook',
        webhook: { conversionReviewVersions: ['v1'], clientConfig: { url: 'https://x.example.com' } },
      },
      { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v9'], clientConfig: { url: 'http://x' } } },
      { strategy: 'None', webhook: { conversionReviewVersions: ['v1'] } },
    ],
  },
  { path: (crd, r) => versionPath(crd, r, 'name'), values: () => ['v1', 'V1', '', 'v1.0', 'v2beta1', 'v1alpha'] },
  { path: (crd, r) => versionPath(crd, r, 'served'), values: () => [true, false] },
  { path: (crd, r) => versionPath(crd, r, 'storage'), values: () => [true, false] },
  { path: (crd, r) => versionPath(crd, r, 'deprecated'), values: () => [true, false] },
  { path: (crd, r) => versionPath(crd, r, 'deprecationWarning'), values: () => ['', 'old', 'x'.repeat(300), 'a\tb'] },
  {
    path: (crd, r) => versionPath(crd, r, 'schema'),
    values: () => [{}, { openAPIV3Schema: {} }, { openAPIV3Schema: { type: 'string' } }],
  },
  {
    path: (crd, r) => versionPath(crd, r, 'subresources'),
    values: () => [
      {},
      { status: {} },
      { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
      { scale: { specReplicasPath: 'spec.replicas', statusReplicasPath: '.status.replicas' } },
      {
        scale: {
          specReplicasPath: '.spec',
          statusReplicasPath: '.status.replicas',
          labelSelectorPath: '.status.selector',
        },
      },
      { scale: { specReplicasPath: '.spec.missing', statusReplicasPath: '.spec.replicas' } },
      {
        scale: {
          specReplicasPath: '.spec.replicas',
          statusReplicasPath: '.status.replicas',
          labelSelectorPath: 'status',
        },
      },
      { scale: { specReplicasPath: '.spec.replicas[0]', statusReplicasPath: '.status.replicas' } },
      { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
    ],
  },
  {
    path: (crd, r) => versionPath(crd, r, 'additionalPrinterColumns'),
    values: () => [
      [],
      [{ name: 'A', type: 'string', jsonPath: '.spec.x' }],
      [{ name: 'A', type: 'bogus', jsonPath: '.spec.x' }],
      [{ name: 'A', type: 'string', format: 'bogus', jsonPath: '.spec.x' }],
      [{ name: 'A', type: 'integer', format: 'int64', jsonPath: '.spec.x' }],
      [{ name: 'A', type: 'string', jsonPath: 'spec.x' }],
      [{ name: 'A', type: 'string', jsonPath: '{.spec}' }],
      [{ name: 'A', type: 'string', jsonPath: '.spec[' }],
      [{ name: 'A', type: 'string', jsonPath: '' }],
      [{ name: 'A', type: 'string', jsonPath: '.spec.x', priority: -1 }],
      [{ name: '', type: 'string', jsonPath: '.spec.x' }],
      [
        { name: 'A', type: 'string', jsonPath: '.spec.x' },
        { name: 'A', type: 'date', jsonPath: '.spec.y' },
      ],
      [{ name: 'A', jsonPath: '.spec.x' }],
    ],
  },
  {
    path: (crd, r) => versionPath(crd, r, 'selectableFields'),
    values: () => [[{ jsonPath: '.spec.x' }], [{ jsonPath: '.metadata.name' }], [{ jsonPath: 'spec' }], []],
  },
];

function versionPath(crd: Obj, random: () => number, field: string): Path | undefined {
  const vs = versionsOf(crd);
  if (vs.length === 0) return undefined;
  return ['spec', 'versions', Math.floor(random() * vs.length), field];
}

function setAt(root: Obj, path: Path, value: unknown): boolean {
  let cur: unknown = root;
  for (const seg of path.slice(0, -1)) {
    const next = (cur as Obj)[seg as string];
    if (next === undefined) (cur as Obj)[seg as string] = {};
    cur = (cur as Obj)[seg as string];
    if (cur === null || typeof cur !== 'object') return false;
  }
  (cur as Obj)[path[path.length - 1] as string] = value;
  return true;
}

const crdFieldEdit: Edit = (crd, random) => {
  const f = pick(random, CRD_FIELDS);
  const path = f.path(crd, random);
  if (!path) return undefined;
  const value = structuredClone(pick(random, f.values()));
  if (!setAt(crd, path, value)) return undefined;
  return `set ${pathText(path)} = ${show(value)}`;
};

const versionsEdit: Edit = (crd, random) => {
  const vs = (crd.spec as Obj | undefined)?.versions;
  if (!Array.isArray(vs) || vs.length === 0) return undefined;
  const op = pick(random, ['copy', 'delete', 'empty', 'storage-all', 'storage-none']);
  if (op === 'copy') {
    const copy = structuredClone(vs[0]) as Obj;
    copy.name = pick(random, ['v9', 'v1beta9', String((vs[0] as Obj).name)]);
    copy.storage = pick(random, [true, false]);
    vs.push(copy);
    return `copy versions[0] as ${String(copy.name)} (storage ${String(copy.storage)})`;
  }
  if (op === 'delete') {
    const i = Math.floor(random() * vs.length);
    vs.splice(i, 1);
    return `delete versions[${i}]`;
  }
  if (op === 'empty') {
    (crd.spec as Obj).versions = [];
    return 'versions = []';
  }
  for (const v of vs) if (isObj(v)) v.storage = op === 'storage-all';
  return `every version's storage = ${op === 'storage-all'}`;
};

/** Anywhere in the CRD: a value of another type, a removed key, an unknown key. */
const anywhereEdit: Edit = (crd, random) => {
  const slots = allSlots(crd, [], []).filter((s) => s.path[0] !== 'apiVersion' && s.path[0] !== 'kind');
  if (slots.length === 0) return undefined;
  const s = pick(random, slots);
  const op = pick(random, ['retype', 'retype', 'delete', 'unknown']);
  if (op === 'retype') {
    const value = otherTypeValue(random, (s.parent as Obj)[s.key as string]);
    (s.parent as Obj)[s.key as string] = value;
    return `retype ${pathText(s.path)} → ${show(value)}`;
  }
  if (op === 'delete' && !Array.isArray(s.parent)) {
    delete (s.parent as Obj)[s.key as string];
    return `delete ${pathText(s.path)}`;
  }
  const target = (s.parent as Obj)[s.key as string];
  if (!isObj(target)) return undefined;
  target.bogusField = 'x';
  return `unknown field bogusField at ${pathText(s.path)}`;
};

const EDITS: [Edit, number][] = [
  [schemaEdit, 6],
  [crdFieldEdit, 3],
  [versionsEdit, 1],
  [anywhereEdit, 2],
];

/** One mutant of `crd` with `count` random edits (a copy; the input is not changed). */
export function mutateCrd(crd: Obj, random: () => number, count = 1): CrdMutant {
  const copy = structuredClone(crd);
  const edits: string[] = [];
  const total = EDITS.reduce((n, [, w]) => n + w, 0);
  for (let attempt = 0; edits.length < count && attempt < count * 20; attempt++) {
    let r = random() * total;
    const edit = EDITS.find(([, w]) => (r -= w) < 0)?.[0] ?? schemaEdit;
    const done = edit(copy, random);
    if (done) edits.push(done);
  }
  return { crd: copy, edits };
}
