// Mutations of the fields that CEL rules constrain, generated from a CRD schema and a valid object: the
// properties a rule names are removed or added (mutual exclusion, required-if), constrained strings get
// values rules tend to refuse, constrained lists are emptied. Deterministic: the same input gives the same cases.
type Obj = Record<string, unknown>;

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  enum?: unknown[];
  default?: unknown;
  'x-kubernetes-validations'?: { rule: string }[];
}

export interface CelMutation {
  name: string;
  object: Obj;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The openAPIV3Schema of the CRD version an object is written in. */
export function crdSchemaFor(crds: Obj[], apiVersion: string, kind: string): Schema | undefined {
  for (const crd of crds) {
    const spec = crd.spec as Obj;
    const names = spec.names as Obj;
    if (names.kind !== kind) continue;
    for (const v of (spec.versions ?? []) as Obj[]) {
      if (`${spec.group}/${v.name}` === apiVersion) return (v.schema as Obj | undefined)?.openAPIV3Schema as Schema;
    }
  }
  return undefined;
}

function sample(s: Schema | undefined): unknown {
  if (!s) return 'x';
  if (s.enum?.length) return s.enum[0];
  switch (s.type) {
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return 'x';
  }
}

/** Properties a rule names on self: `self.a`, `has(self.a)`, `self.?a`. */
function namedProperties(rule: string): string[] {
  return [...new Set([...rule.matchAll(/\bself\.\??([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))];
}

export function celMutations(object: Obj, schema: Schema, limit: number): CelMutation[] {
  const out: CelMutation[] = [];
  const seen = new Set<string>();
  const add = (
    name: string,
    path: (string | number)[],
    change: (parent: Obj | unknown[], key: string | number) => void,
  ) => {
    if (out.length >= limit || seen.has(name)) return;
    seen.add(name);
    const copy = structuredClone(object);
    let cur: unknown = copy;
    for (const seg of path.slice(0, -1)) cur = (cur as Record<string | number, unknown>)[seg];
    change(cur as Obj | unknown[], path[path.length - 1]);
    out.push({ name, object: copy });
  };
  const walk = (v: unknown, s: Schema | undefined, path: (string | number)[], depth: number): void => {
    if (!s || depth > 24 || out.length >= limit) return;
    const rules = s['x-kubernetes-validations'] ?? [];
    const where = path.join('.') || '(root)';
    if (rules.length && isObj(v) && s.properties) {
      for (const r of rules) {
        for (const p of namedProperties(r.rule)) {
          if (!s.properties[p] || s.properties[p].default !== undefined) continue;
          if (p in v) add(`CEL: remove ${where}.${p}`, [...path, p], (o, k) => delete (o as Obj)[k as string]);
          else
            add(`CEL: add ${where}.${p}`, [...path, p], (o, k) => ((o as Obj)[k as string] = sample(s.properties![p])));
        }
      }
    }
    if (rules.length && typeof v === 'string' && path.length) {
      add(`CEL: empty string at ${where}`, path, (o, k) => ((o as Obj)[k as string] = ''));
      add(`CEL: odd string at ${where}`, path, (o, k) => ((o as Obj)[k as string] = 'Not Valid/..'));
    }
    if (rules.length && Array.isArray(v) && v.length && path.length) {
      add(`CEL: empty list at ${where}`, path, (o, k) => ((o as Obj)[k as string] = []));
      add(`CEL: repeated item at ${where}`, path, (o, k) => ((o as Obj)[k as string] = [...v, v[0]]));
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, s.items, [...path, i], depth + 1));
    else if (isObj(v))
      for (const [k, x] of Object.entries(v)) {
        const ps =
          s.properties?.[k] ?? (isObj(s.additionalProperties) ? (s.additionalProperties as Schema) : undefined);
        walk(x, ps, [...path, k], depth + 1);
      }
  };
  walk(object, schema, [], 0);
  return out;
}

/**
 * Mutations of scalars that an enclosing object's CEL rules name: each other value of an enum (rules often tie a
 * `type` to which sibling must be set) and, for integers, the schema's minimum and maximum.
 */
export function celScalarMutations(object: Obj, schema: Schema & { minimum?: number }, limit: number): CelMutation[] {
  const out: CelMutation[] = [];
  const set = (name: string, path: (string | number)[], value: unknown) => {
    if (out.length >= limit) return;
    const copy = structuredClone(object);
    let cur: unknown = copy;
    for (const seg of path.slice(0, -1)) cur = (cur as Record<string | number, unknown>)[seg];
    (cur as Record<string | number, unknown>)[path[path.length - 1]] = value;
    out.push({ name, object: copy });
  };
  const walk = (v: unknown, s: Schema | undefined, path: (string | number)[], rules: string, depth: number): void => {
    if (!s || depth > 24 || out.length >= limit) return;
    const key = path[path.length - 1];
    const where = path.join('.');
    const named = typeof key === 'string' && new RegExp(`\\b${key}\\b`).test(rules);
    if (named && typeof v === 'string' && s.enum)
      for (const e of s.enum.filter((e) => e !== v).slice(0, 2))
        set(`CEL: enum ${JSON.stringify(e)} at ${where}`, path, e);
    if (named && typeof v === 'number' && s.type === 'integer') {
      const bounds = s as { minimum?: number; maximum?: number };
      if (bounds.minimum !== undefined && bounds.minimum !== v) set(`CEL: minimum at ${where}`, path, bounds.minimum);
      if (bounds.maximum !== undefined && bounds.maximum !== v) set(`CEL: maximum at ${where}`, path, bounds.maximum);
    }
    const inner = rules + (s['x-kubernetes-validations'] ?? []).map((r) => r.rule).join('\n');
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, s.items, [...path, i], inner, depth + 1));
    else if (isObj(v))
      for (const [k, x] of Object.entries(v)) {
        const ps =
          s.properties?.[k] ?? (isObj(s.additionalProperties) ? (s.additionalProperties as Schema) : undefined);
        walk(x, ps, [...path, k], inner, depth + 1);
      }
  };
  walk(object, schema, [], '', 0);
  return out;
}
