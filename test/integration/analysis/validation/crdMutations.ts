// Mutations of real CustomResourceDefinitions, each breaking one rule of apiextensions-apiserver's CRD
// validation. A mutation returns false when the CRD has no place to apply it. Which verdict and fields are
// right is decided by the API server at test time, never here.
type Obj = Record<string, unknown>;
type Schema = Obj;

export interface CrdMutation {
  name: string;
  apply(crd: Obj): boolean;
}

function spec(crd: Obj): Obj {
  return crd.spec as Obj;
}
function versions(crd: Obj): Obj[] {
  return (spec(crd).versions as Obj[] | undefined) ?? [];
}
function rootSchema(crd: Obj): Schema | undefined {
  return ((versions(crd)[0]?.schema as Obj | undefined)?.openAPIV3Schema as Schema | undefined) ?? undefined;
}

/**
 * Depth-first over properties/items below the root's `spec` (or the root): the first schema matching that no
 * CEL rule of an ancestor mentions (changing its shape would break that rule's types: a second finding).
 */
function find(crd: Obj, pred: (s: Schema, name: string) => boolean): Schema | undefined {
  const root = rootSchema(crd);
  if (!root) return undefined;
  const start = ((root.properties as Obj | undefined)?.spec as Schema | undefined) ?? root;
  const walk = (s: Schema, name: string, depth: number, rules: string): Schema | undefined => {
    if (depth > 12) return undefined;
    if (pred(s, name) && !new RegExp(`\\b${name}\\b`).test(rules)) return s;
    const inner = rules + JSON.stringify(s['x-kubernetes-validations'] ?? '');
    for (const [k, v] of Object.entries((s.properties as Obj | undefined) ?? {})) {
      const hit = walk(v as Schema, k, depth + 1, inner);
      if (hit) return hit;
    }
    if (s.items && typeof s.items === 'object') return walk(s.items as Schema, name, depth + 1, inner);
    return undefined;
  };
  return walk(start, 'spec', 0, '');
}

const plain = (s: Schema) =>
  !s['x-kubernetes-int-or-string'] &&
  !s['x-kubernetes-preserve-unknown-fields'] &&
  !s['x-kubernetes-embedded-resource'];
const stringField = (s: Schema) => s.type === 'string' && plain(s) && !s.anyOf && !s.allOf && !s.oneOf;
const objectWithProps = (s: Schema) =>
  s.type === 'object' && !!s.properties && Object.keys(s.properties as Obj).length > 0 && plain(s);
const arrayOfObjects = (s: Schema) =>
  s.type === 'array' &&
  !!s.items &&
  (s.items as Schema).type === 'object' &&
  !!(s.items as Schema).properties &&
  !s['x-kubernetes-list-type'];

/** CEL rules at or below: a changed shape there changes their types and cost, a second finding. */
function hasRules(s: unknown): boolean {
  return JSON.stringify(s).includes('"x-kubernetes-validations"');
}

function onSchema(pred: (s: Schema) => boolean, f: (s: Schema) => void): (crd: Obj) => boolean {
  return (crd) => {
    const s = find(crd, (x) => pred(x) && !hasRules(x));
    if (!s) return false;
    f(s);
    return true;
  };
}

function onRoot(f: (root: Schema, crd: Obj) => boolean | void): (crd: Obj) => boolean {
  return (crd) => {
    const root = rootSchema(crd);
    if (!root) return false;
    return f(root, crd) !== false;
  };
}

/** The given x-kubernetes-validations on an object (with properties) of the CRD. */
function rulesOn(rules: Obj[]): (crd: Obj) => boolean {
  return onSchema(objectWithProps, (s) => (s['x-kubernetes-validations'] = rules));
}

function firstStringKey(s: Schema): string | undefined {
  return Object.entries((s.properties as Obj) ?? {}).find(([, v]) => (v as Schema).type === 'string')?.[0];
}

export const CRD_MUTATIONS: CrdMutation[] = [
  // Structural schema rules
  { name: 'field without type', apply: onSchema(stringField, (s) => delete s.type) },
  { name: 'misspelled type', apply: onSchema(stringField, (s) => (s.type = 'strng')) },
  { name: 'type null', apply: onSchema(stringField, (s) => (s.type = 'null')) },
  { name: 'type in capitals', apply: onSchema(stringField, (s) => (s.type = 'String')) },
  {
    name: 'properties with additionalProperties',
    apply: onSchema(objectWithProps, (s) => (s.additionalProperties = { type: 'string' })),
  },
  {
    name: 'properties with additionalProperties: true (allowed)',
    apply: onSchema(objectWithProps, (s) => (s.additionalProperties = true)),
  },
  {
    name: 'description and type inside anyOf',
    apply: onSchema(stringField, (s) => (s.anyOf = [{ type: 'string', description: 'x' }, { minLength: 1 }])),
  },
  {
    name: 'default and nullable inside allOf',
    apply: onSchema(stringField, (s) => (s.allOf = [{ default: 'a', nullable: true }])),
  },
  {
    name: 'x-kubernetes extensions inside oneOf',
    apply: onSchema(objectWithProps, (s) => (s.oneOf = [{ 'x-kubernetes-map-type': 'atomic', required: [] }])),
  },
  {
    name: 'additionalProperties inside not',
    apply: onSchema(objectWithProps, (s) => (s.not = { additionalProperties: { type: 'string' } })),
  },
  {
    name: 'x-kubernetes-validations inside anyOf',
    apply: onSchema(stringField, (s) => (s.anyOf = [{ 'x-kubernetes-validations': [{ rule: 'true' }] }])),
  },
  {
    name: 'int-or-string anyOf pattern (allowed)',
    apply: onSchema(stringField, (s) => {
      delete s.type;
      delete s.format;
      delete s.pattern;
      delete s.enum;
      delete s.maxLength;
      delete s.minLength;
      s['x-kubernetes-int-or-string'] = true;
      s.anyOf = [{ type: 'integer' }, { type: 'string' }];
    }),
  },
  {
    name: 'additionalProperties at the root',
    apply: onRoot((r) => void (r.additionalProperties = { type: 'string' })),
  },
  { name: 'root type array', apply: onRoot((r) => void (r.type = 'array')) },
  { name: 'root without type', apply: onRoot((r) => void delete r.type) },
  { name: 'nullable root', apply: onRoot((r) => void (r.nullable = true)) },
  {
    name: 'metadata restricted beyond name',
    apply: onRoot((r) => {
      (r.properties as Obj).metadata = { type: 'object', properties: { labels: { type: 'object' } } };
    }),
  },
  {
    name: 'metadata name restricted (allowed)',
    apply: onRoot((r) => {
      (r.properties as Obj).metadata = { type: 'object', properties: { name: { type: 'string', maxLength: 60 } } };
    }),
  },
  {
    name: 'default in top-level metadata',
    apply: onRoot((r) => {
      (r.properties as Obj).metadata = { type: 'object', properties: { name: { type: 'string', default: 'x' } } };
    }),
  },
  { name: 'kind typed as integer', apply: onRoot((r) => void ((r.properties as Obj).kind = { type: 'integer' })) },
  {
    name: 'value validation naming an undeclared root property',
    apply: onRoot((r) => void (r.anyOf = [{ properties: { undeclared: { minLength: 1 } } }])),
  },
  {
    name: 'metadata in a nested context',
    apply: onRoot((r) => void (r.anyOf = [{ properties: { metadata: { minProperties: 1 } } }])),
  },
  {
    name: 'array without items',
    apply: onSchema(
      (s) => s.type === 'array' && plain(s) && !!s.items,
      (s) => delete s.items,
    ),
  },
  {
    name: 'items as an array',
    apply: onSchema(
      (s) => s.type === 'array' && !!s.items && plain(s),
      (s) => (s.items = [s.items]),
    ),
  },
  {
    name: 'uniqueItems',
    apply: onSchema(
      (s) => s.type === 'array' && !!s.items,
      (s) => (s.uniqueItems = true),
    ),
  },
  {
    name: 'patternProperties',
    apply: onSchema(objectWithProps, (s) => (s.patternProperties = { '^a': { type: 'string' } })),
  },
  { name: 'definitions', apply: onSchema(objectWithProps, (s) => (s.definitions = { a: { type: 'string' } })) },
  { name: 'dependencies', apply: onSchema(objectWithProps, (s) => (s.dependencies = { a: ['b'] })) },
  {
    name: 'additionalItems',
    apply: onSchema(
      (s) => s.type === 'array' && !!s.items,
      (s) => (s.additionalItems = false),
    ),
  },
  { name: 'id', apply: onSchema(stringField, (s) => (s.id = 'x')) },
  // x-kubernetes-* consistency
  {
    name: 'preserve-unknown-fields false',
    apply: onSchema(objectWithProps, (s) => (s['x-kubernetes-preserve-unknown-fields'] = false)),
  },
  { name: 'preserve-unknown-fields without type (allowed)', apply: onSchema(objectWithProps, (s) => { delete s.type; s['x-kubernetes-preserve-unknown-fields'] = true; }) }, // prettier-ignore
  { name: 'int-or-string with preserve-unknown-fields', apply: onSchema(stringField, (s) => { s['x-kubernetes-int-or-string'] = true; s['x-kubernetes-preserve-unknown-fields'] = true; delete s.type; }) }, // prettier-ignore
  {
    name: 'embedded resource on a string',
    apply: onSchema(stringField, (s) => (s['x-kubernetes-embedded-resource'] = true)),
  },
  {
    name: 'embedded resource without properties',
    apply: onSchema(stringField, (s) => {
      for (const k of Object.keys(s)) delete s[k];
      Object.assign(s, { type: 'object', 'x-kubernetes-embedded-resource': true });
    }),
  },
  {
    name: 'embedded resource with preserve-unknown-fields (allowed)',
    apply: onSchema(stringField, (s) => {
      for (const k of Object.keys(s)) delete s[k];
      Object.assign(s, {
        type: 'object',
        'x-kubernetes-embedded-resource': true,
        'x-kubernetes-preserve-unknown-fields': true,
      });
    }),
  },
  { name: 'map-type unknown', apply: onSchema(objectWithProps, (s) => (s['x-kubernetes-map-type'] = 'merge')) },
  { name: 'map-type on a string', apply: onSchema(stringField, (s) => (s['x-kubernetes-map-type'] = 'atomic')) },
  { name: 'list-type on a string', apply: onSchema(stringField, (s) => (s['x-kubernetes-list-type'] = 'atomic')) },
  {
    name: 'list-type unknown',
    apply: onSchema(
      (s) => s.type === 'array' && !!s.items,
      (s) => (s['x-kubernetes-list-type'] = 'bag'),
    ),
  },
  { name: 'list-type map without keys', apply: onSchema(arrayOfObjects, (s) => (s['x-kubernetes-list-type'] = 'map')) },
  {
    name: 'list-map key neither required nor defaulted',
    apply: (crd) => {
      const s = find(crd, (x) => arrayOfObjects(x) && !hasRules(x) && !!firstStringKey(x.items as Schema));
      if (!s) return false;
      const items = s.items as Schema;
      const key = firstStringKey(items)!;
      items.required = ((items.required as string[] | undefined) ?? []).filter((r) => r !== key);
      if (!(items.required as string[]).length) delete items.required;
      delete (items.properties as Obj as Record<string, Schema>)[key].default;
      s['x-kubernetes-list-type'] = 'map';
      s['x-kubernetes-list-map-keys'] = [key];
      return true;
    },
  },
  {
    name: 'list-map key required (allowed)',
    apply: (crd) => {
      const s = find(crd, (x) => arrayOfObjects(x) && !hasRules(x) && !!firstStringKey(x.items as Schema));
      if (!s) return false;
      const items = s.items as Schema;
      const key = firstStringKey(items)!;
      items.required = [...new Set([...((items.required as string[] | undefined) ?? []), key])];
      s['x-kubernetes-list-type'] = 'map';
      s['x-kubernetes-list-map-keys'] = [key];
      return true;
    },
  },
  {
    name: 'list-map key not a property',
    apply: onSchema(arrayOfObjects, (s) => {
      s['x-kubernetes-list-type'] = 'map';
      s['x-kubernetes-list-map-keys'] = ['noSuchKey'];
    }),
  },
  {
    name: 'list-map-keys without list-type',
    apply: onSchema(arrayOfObjects, (s) => (s['x-kubernetes-list-map-keys'] = ['name'])),
  },
  { name: 'list-type map of strings', apply: onSchema((s) => s.type === 'array' && (s.items as Schema | undefined)?.type === 'string', (s) => { s['x-kubernetes-list-type'] = 'map'; s['x-kubernetes-list-map-keys'] = ['a']; }) }, // prettier-ignore
  { name: 'set of granular objects', apply: onSchema(arrayOfObjects, (s) => (s['x-kubernetes-list-type'] = 'set')) },
  { name: 'set with nullable items', apply: onSchema((s) => s.type === 'array' && (s.items as Schema | undefined)?.type === 'string', (s) => { s['x-kubernetes-list-type'] = 'set'; (s.items as Schema).nullable = true; }) }, // prettier-ignore
  // defaults
  {
    name: 'default of the wrong type',
    apply: onSchema(
      (s) => s.type === 'integer' && plain(s),
      (s) => (s.default = 'three'),
    ),
  },
  {
    name: 'default outside the enum',
    apply: onSchema(
      (s) => stringField(s) && Array.isArray(s.enum),
      (s) => (s.default = 'noSuchValue'),
    ),
  },
  {
    name: 'default with an unknown field',
    apply: onSchema(objectWithProps, (s) => (s.default = { noSuchField: 'x' })),
  },
  {
    name: 'default object of the wrong shape',
    apply: onSchema(
      (s) => objectWithProps(s) && !!firstStringKey(s),
      (s) => (s.default = { [firstStringKey(s)!]: 5 }),
    ),
  },
  {
    name: 'default list of the wrong items',
    apply: onSchema(
      (s) => s.type === 'array' && (s.items as Schema | undefined)?.type === 'string',
      (s) => (s.default = [1]),
    ),
  },
  {
    name: 'default in the enum (allowed)',
    apply: onSchema(
      (s) => stringField(s) && Array.isArray(s.enum),
      (s) => (s.default = (s.enum as string[])[0]),
    ),
  },
  // x-kubernetes-validations
  {
    name: 'CEL rule with a syntax error',
    apply: rulesOn([{ rule: 'self.size() >' }]),
  },
  {
    name: 'CEL messageExpression with a syntax error',
    apply: rulesOn([{ rule: 'true', messageExpression: '"a" +' }]),
  },
  {
    name: 'CEL rule empty',
    apply: rulesOn([{ rule: ' ' }]),
  },
  {
    name: 'CEL message with a line break',
    apply: rulesOn([{ rule: 'true', message: 'a\nb' }]),
  },
  {
    name: 'CEL multi-line rule without message',
    apply: rulesOn([{ rule: 'true &&\ntrue' }]),
  },
  {
    name: 'CEL reason unknown',
    apply: rulesOn([{ rule: 'true', reason: 'FieldValueBad' }]),
  },
  {
    name: 'CEL fieldPath not in the schema',
    apply: rulesOn([{ rule: 'true', fieldPath: '.noSuchField' }]),
  },
  {
    name: 'CEL fieldPath to a property (allowed)',
    apply: (crd) => {
      const s = find(crd, (x) => objectWithProps(x) && !hasRules(x) && !!firstStringKey(x));
      if (!s) return false;
      s['x-kubernetes-validations'] = [{ rule: 'true', fieldPath: `.${firstStringKey(s)}` }];
      return true;
    },
  },
  { name: 'CEL rule selecting an undeclared field', apply: rulesOn([{ rule: 'has(self.noSuchField) || self.noSuchOther == 1' }]) }, // prettier-ignore
  {
    name: 'CEL rule selecting a declared field (allowed)',
    apply: (crd) => {
      const s = find(
        crd,
        (x) =>
          objectWithProps(x) && !hasRules(x) && !!firstStringKey(x) && /^[a-z][A-Za-z0-9]*$/.test(firstStringKey(x)!),
      );
      if (!s) return false;
      s['x-kubernetes-validations'] = [{ rule: `!has(self.${firstStringKey(s)}) || self.${firstStringKey(s)} != ''` }];
      return true;
    },
  },
  // CRD-level rules
  {
    name: 'name not plural.group',
    apply: (crd) => void ((crd.metadata as Obj).name = `x${(crd.metadata as Obj).name}`) !== null,
  },
  { name: 'group without a dot', apply: (crd) => { spec(crd).group = 'example'; (crd.metadata as Obj).name = `${(spec(crd).names as Obj).plural}.example`; return true; } }, // prettier-ignore
  { name: 'group with capitals', apply: (crd) => { spec(crd).group = 'Example.com'; (crd.metadata as Obj).name = `${(spec(crd).names as Obj).plural}.Example.com`; return true; } }, // prettier-ignore
  { name: 'protected group without approval', apply: (crd) => { spec(crd).group = 'x.k8s.io'; (crd.metadata as Obj).name = `${(spec(crd).names as Obj).plural}.x.k8s.io`; return true; } }, // prettier-ignore
  { name: 'scope unknown', apply: (crd) => void (spec(crd).scope = 'Global') !== null },
  { name: 'no storage version', apply: (crd) => { versions(crd).forEach((v) => (v.storage = false)); return true; } }, // prettier-ignore
  { name: 'two storage versions', apply: (crd) => { if (versions(crd).length < 2) { versions(crd).push({ ...structuredClone(versions(crd)[0]), name: 'v9' }); } versions(crd).forEach((v) => (v.storage = true)); return true; } }, // prettier-ignore
  { name: 'duplicate version names', apply: (crd) => { versions(crd).push({ ...structuredClone(versions(crd)[0]), storage: false }); return true; } }, // prettier-ignore
  { name: 'version name not a DNS label', apply: (crd) => void (versions(crd)[0].name = 'V1') !== null },
  { name: 'version without schema', apply: (crd) => void delete versions(crd)[0].schema !== null },
  {
    name: 'deprecationWarning on a current version',
    apply: (crd) => void (versions(crd)[0].deprecationWarning = 'old') !== null,
  },
  { name: 'plural with capitals', apply: (crd) => { const n = spec(crd).names as Obj; n.plural = `${n.plural}S`; (crd.metadata as Obj).name = `${n.plural}.${spec(crd).group}`; return true; } }, // prettier-ignore
  { name: 'kind equals listKind', apply: (crd) => { const n = spec(crd).names as Obj; n.listKind = n.kind; return true; } }, // prettier-ignore
  { name: 'kind with a dot', apply: (crd) => void ((spec(crd).names as Obj).kind = 'Foo.Bar') !== null },
  { name: 'shortName with underscore', apply: (crd) => void ((spec(crd).names as Obj).shortNames = ['a_b']) !== null },
  { name: 'category with capitals', apply: (crd) => void ((spec(crd).names as Obj).categories = ['All']) !== null },
  { name: 'printer column type unknown', apply: (crd) => { versions(crd).forEach((v) => (v.additionalPrinterColumns = [{ name: 'A', type: 'text', jsonPath: '.spec' }])); return true; } }, // prettier-ignore
  { name: 'printer column format unknown', apply: (crd) => { versions(crd).forEach((v) => (v.additionalPrinterColumns = [{ name: 'A', type: 'string', format: 'uuid', jsonPath: '.spec' }])); return true; } }, // prettier-ignore
  { name: 'printer column jsonPath without a dot', apply: (crd) => { versions(crd).forEach((v) => (v.additionalPrinterColumns = [{ name: 'A', type: 'string', jsonPath: 'spec' }])); return true; } }, // prettier-ignore
  {
    name: 'printer column on one of two versions',
    apply: (crd) => {
      versions(crd).push({ ...structuredClone(versions(crd)[0]), name: 'v9', storage: false });
      versions(crd)[0].additionalPrinterColumns = [{ name: 'A', type: 'str', jsonPath: 'spec' }];
      return true;
    },
  },
  {
    name: 'schema error in one of two versions',
    apply: (crd) => {
      versions(crd).push({ ...structuredClone(versions(crd)[0]), name: 'v9', storage: false });
      const root = rootSchema(crd);
      if (!root) return false;
      root.uniqueItems = true;
      return true;
    },
  },
  { name: 'scale path outside spec', apply: (crd) => { versions(crd).forEach((v) => (v.subresources = { ...((v.subresources as Obj) ?? {}), scale: { specReplicasPath: '.status.replicas', statusReplicasPath: 'status.replicas' } })); return true; } }, // prettier-ignore
  { name: 'status subresource with anyOf at the root', apply: (crd) => { versions(crd).forEach((v) => (v.subresources = { status: {} })); const r = rootSchema(crd); if (!r) return false; r.anyOf = [{ required: ['spec'] }]; return !!(r.properties as Obj).spec; } }, // prettier-ignore
  { name: 'conversion strategy unknown', apply: (crd) => void (spec(crd).conversion = { strategy: 'Magic' }) !== null },
  {
    name: 'conversion webhook without client config',
    apply: (crd) =>
      void (spec(crd).conversion = { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'] } }) !== null,
  },
  { name: 'conversion webhook with unknown review version', apply: (crd) => void (spec(crd).conversion = { strategy: 'Webhook', webhook: { clientConfig: { url: 'https://a.example.com/convert' }, conversionReviewVersions: ['v2'] } }) !== null }, // prettier-ignore
  { name: 'conversion None with webhook', apply: (crd) => void (spec(crd).conversion = { strategy: 'None', webhook: { clientConfig: { url: 'https://a.example.com/convert' }, conversionReviewVersions: ['v1'] } }) !== null }, // prettier-ignore
  { name: 'preserveUnknownFields true', apply: (crd) => void (spec(crd).preserveUnknownFields = true) !== null },
];
