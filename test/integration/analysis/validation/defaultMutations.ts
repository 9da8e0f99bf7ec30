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
]; // prettier-ignore
