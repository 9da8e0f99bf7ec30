// Mutations of real CustomResourceDefinitions that give a property a default its own schema refuses: against
// its pattern, format, length, bounds, item count, CEL rules, or with a field pruning would drop deep inside.
// The default is derived from the schema found; which verdict and message are right is the API server's call.
import type { CrdMutation } from './crdMutations';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first schema below spec (depth first) matching `pred`, in the first version. */
function first(crd: Obj, pred: (s: Obj) => boolean): Obj | undefined {
  const v = (((crd.spec as Obj).versions as Obj[] | undefined) ?? [])[0];
  const root = (v?.schema as Obj | undefined)?.openAPIV3Schema;
  if (!isObj(root) || !isObj(root.properties) || !isObj(root.properties.spec)) return undefined;
  let hit: Obj | undefined;
  const walk = (s: Obj) => {
    if (hit) return;
    if (pred(s)) hit = s;
    for (const c of Object.values(isObj(s.properties) ? s.properties : {})) if (isObj(c)) walk(c);
    if (isObj(s.items)) walk(s.items);
  };
  walk(root.properties.spec);
  return hit;
}

const noDefault = (s: Obj) => s.default === undefined && !s['x-kubernetes-int-or-string'];
const on =
  (pred: (s: Obj) => boolean, value: (s: Obj) => unknown): ((crd: Obj) => boolean) =>
  (crd) => {
    const s = first(crd, (x) => noDefault(x) && pred(x));
    if (!s) return false;
    s.default = value(s);
    return true;
  };

// Value validations under allOf/anyOf/oneOf/not (only value checks, as structural schemas allow), added to a plain
// string field (no pattern, enum, format, length or CEL rule of its own), and a default that fails or passes them:
// on the field itself, on the object holding it, on the object holding a list of such strings.
const plainString = (s: Obj) =>
  noDefault(s) &&
  s.type === 'string' &&
  !s.pattern &&
  !s.enum &&
  !s.format &&
  !s['x-kubernetes-validations'] &&
  s.maxLength === undefined &&
  s.minLength === undefined;
const TWO = () => [{ pattern: '^a' }, { maxLength: 2 }];
const junction =
  (kw: 'allOf' | 'anyOf' | 'oneOf' | 'not', value: unknown): ((crd: Obj) => boolean) =>
  (crd) => {
    const s = first(crd, plainString);
    if (!s) return false;
    s[kw] = kw === 'not' ? { pattern: '^a' } : TWO();
    s.default = value;
    return true;
  };
/** An object without a default, required fields or rules of its own, whose property `k` matches `child`. */
const holder = (crd: Obj, child: (c: Obj) => boolean): [Obj, string, Obj] | undefined => {
  let found: [Obj, string, Obj] | undefined;
  first(crd, (s) => {
    if (
      !noDefault(s) ||
      s.type !== 'object' ||
      s.required ||
      s['x-kubernetes-validations'] ||
      s['x-kubernetes-preserve-unknown-fields'] ||
      !isObj(s.properties)
    )
      return false;
    const hit = Object.entries(s.properties).find(([, c]) => isObj(c) && child(c));
    if (hit) found = [s, hit[0], hit[1] as Obj];
    return hit !== undefined;
  });
  return found;
};
const nested =
  (value: unknown): ((crd: Obj) => boolean) =>
  (crd) => {
    const h = holder(crd, plainString);
    if (!h) return false;
    h[2].oneOf = TWO();
    h[0].default = { [h[1]]: value };
    return true;
  };
const inList =
  (values: string[]): ((crd: Obj) => boolean) =>
  (crd) => {
    const h = holder(
      crd,
      (c) =>
        c.type === 'array' &&
        !c['x-kubernetes-validations'] &&
        c.maxItems === undefined &&
        c.minItems === undefined &&
        isObj(c.items) &&
        plainString(c.items),
    );
    if (!h) return false;
    (h[2].items as Obj).anyOf = TWO();
    h[0].default = { [h[1]]: values };
    return true;
  };

/**
 * An object default failing both branches of an anyOf/oneOf whose first branch passes fewer checks than the second
 * (kube-openapi's MatchCount picks the second; both have one error).
 */
const bestBranch =
  (kw: 'anyOf' | 'oneOf'): ((crd: Obj) => boolean) =>
  (crd) => {
    const h = holder(crd, plainString);
    if (!h) return false;
    h[0][kw] = [{ minProperties: 2 }, { properties: { [h[1]]: { maxLength: 2 } } }];
    h[0].default = { [h[1]]: 'zzzz' };
    return true;
  };

export const DEFAULT_MUTATIONS: CrdMutation[] = [
  { name: 'default against the pattern', apply: on((s) => s.type === 'string' && typeof s.pattern === 'string' && !s.enum, () => '#?') },
  { name: 'default longer than maxLength', apply: on((s) => s.type === 'string' && typeof s.maxLength === 'number' && !s.enum && !s.pattern, (s) => 'a'.repeat((s.maxLength as number) + 1)) },
  { name: 'default above maximum', apply: on((s) => s.type === 'integer' && typeof s.maximum === 'number', (s) => (s.maximum as number) + 1) },
  { name: 'default below minimum', apply: on((s) => (s.type === 'integer' || s.type === 'number') && typeof s.minimum === 'number', (s) => (s.minimum as number) - 1) },
  { name: 'default against the format', apply: on((s) => s.type === 'string' && typeof s.format === 'string' && !s.enum, () => 'not valid here') },
  { name: 'default with too many items', apply: on((s) => s.type === 'array' && typeof s.maxItems === 'number' && isObj(s.items) && s.items.type === 'string' && !s.items.enum && !s.items.pattern && !s['x-kubernetes-list-type'], (s) => Array.from({ length: (s.maxItems as number) + 1 }, (_, i) => `v${i}`)) },
  { name: 'default refused by the field CEL rules', apply: on((s) => s.type === 'string' && Array.isArray(s['x-kubernetes-validations']) && !s.enum && !s.pattern, () => '') },
  { name: 'default with an unknown field deep inside', apply: on((s) => s.type === 'object' && isObj(s.properties) && Object.values(s.properties).some((c) => isObj(c) && c.type === 'object' && isObj(c.properties) && !c['x-kubernetes-preserve-unknown-fields']) && !s['x-kubernetes-preserve-unknown-fields'] && !s.required, (s) => { const [k] = Object.entries(s.properties as Obj).find(([, c]) => isObj(c) && c.type === 'object' && isObj(c.properties) && !c['x-kubernetes-preserve-unknown-fields'])!; return { [k]: { zzzUnknown: 1 } }; }) },
  { name: 'default within pattern and length (allowed)', apply: on((s) => s.type === 'string' && !s.pattern && !s.enum && !s.format && !s['x-kubernetes-validations'] && (typeof s.maxLength !== 'number' || s.maxLength >= 1) && (typeof s.minLength !== 'number' || s.minLength <= 1), () => 'a') },
  { name: 'default failing every anyOf branch', apply: junction('anyOf', 'zzzz') },
  { name: 'default passing one anyOf branch (allowed)', apply: junction('anyOf', 'zz') },
  { name: 'default failing every oneOf branch', apply: junction('oneOf', 'zzzz') },
  { name: 'default passing both oneOf branches', apply: junction('oneOf', 'ab') },
  { name: 'default passing exactly one oneOf branch (allowed)', apply: junction('oneOf', 'abcd') },
  { name: 'default matching the not schema', apply: junction('not', 'abc') },
  { name: 'default not matching the not schema (allowed)', apply: junction('not', 'zzz') },
  { name: 'default failing one allOf branch', apply: junction('allOf', 'abcd') },
  { name: 'default failing every allOf branch', apply: junction('allOf', 'zzzz') },
  { name: 'default passing every allOf branch (allowed)', apply: junction('allOf', 'ab') },
  { name: 'object default whose field fails its oneOf', apply: nested('zzzz') },
  { name: 'object default whose field passes its oneOf (allowed)', apply: nested('zz') },
  { name: 'object default whose list item fails the items anyOf', apply: inList(['ab', 'zzzz']) },
  { name: 'object default whose list items pass the items anyOf (allowed)', apply: inList(['ab', 'zz', 'abcd']) },
  { name: 'object default failing both anyOf branches, the second passing more checks', apply: bestBranch('anyOf') },
  { name: 'object default failing both oneOf branches, the second passing more checks', apply: bestBranch('oneOf') },
  { name: 'default longer than maxLength and against the pattern', apply: on((s) => s.type === 'string' && typeof s.maxLength === 'number' && !s.enum && !s.pattern && !s.format && !s['x-kubernetes-validations'], (s) => { s.pattern = '^a'; return 'z'.repeat((s.maxLength as number) + 1); }) },
]; // prettier-ignore
