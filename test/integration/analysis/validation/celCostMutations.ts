// Mutations of real CustomResourceDefinitions that touch the cost and the types of their CEL rules: bounds
// removed (maxItems, maxLength, maxProperties: the estimate then assumes a 3 MiB request), lists that rules
// iterate made unbounded, and rules added that do not type-check against the schema. Which verdict, cost
// factor and message are right is decided by the API server at test time, never here.
import type { CrdMutation } from './crdMutations';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const BOUNDS = ['maxItems', 'maxLength', 'maxProperties'];

function schemas(crd: Obj): Obj[] {
  const versions = ((crd.spec as Obj).versions as Obj[] | undefined) ?? [];
  return versions.flatMap((v) => {
    const s = (v.schema as Obj | undefined)?.openAPIV3Schema;
    return isObj(s) ? [s] : [];
  });
}

/** Every schema node below (properties, items, additionalProperties), depth first. */
function walk(s: Obj, f: (s: Obj, parentHasRules: boolean) => void, parentHasRules = false): void {
  f(s, parentHasRules);
  const here = parentHasRules || Array.isArray(s['x-kubernetes-validations']);
  for (const v of Object.values(isObj(s.properties) ? s.properties : {})) if (isObj(v)) walk(v, f, here);
  if (isObj(s.items)) walk(s.items, f, here);
  if (isObj(s.additionalProperties)) walk(s.additionalProperties, f, here);
}

const hasRules = (s: unknown) => JSON.stringify(s).includes('"x-kubernetes-validations"');

/** The first object (below spec) with a property matching `pred` and no rules of its own or below. */
function objectWithProperty(crd: Obj, pred: (name: string, s: Obj) => boolean): [Obj, string] | undefined {
  for (const root of schemas(crd).slice(0, 1)) {
    const start = isObj(root.properties) && isObj(root.properties.spec) ? root.properties.spec : root;
    let hit: [Obj, string] | undefined;
    walk(start, (s) => {
      if (
        hit ||
        s.type !== 'object' ||
        !isObj(s.properties) ||
        hasRules(s) ||
        s['x-kubernetes-preserve-unknown-fields']
      )
        return;
      const entry = Object.entries(s.properties).find(
        ([k, v]) => /^[a-z][A-Za-z0-9]*$/.test(k) && isObj(v) && pred(k, v),
      );
      if (entry) hit = [s, entry[0]];
    });
    if (hit) return hit;
  }
  return undefined;
}

const plainString = (_: string, s: Obj) => s.type === 'string' && !s.format && !s['x-kubernetes-int-or-string'];
const stringList = (_: string, s: Obj) =>
  s.type === 'array' && isObj(s.items) && plainString('', s.items) && !s['x-kubernetes-list-type'];
const objectList = (_: string, s: Obj) =>
  s.type === 'array' && isObj(s.items) && s.items.type === 'object' && isObj(s.items.properties);

/** Applied to every real CRD with rules that the change touches, not only the first few. */
const ALL = 1000;

export const CEL_COST_MUTATIONS: (CrdMutation & { crds?: number })[] = [
  {
    name: 'CEL cost: every maxItems, maxLength and maxProperties removed',
    crds: ALL,
    apply: (crd) => {
      let removed = false;
      for (const root of schemas(crd)) {
        if (!hasRules(root)) continue;
        walk(root, (s) => {
          for (const b of BOUNDS) if (b in s) removed = delete s[b];
        });
      }
      return removed;
    },
  },
  {
    name: 'CEL cost: lists holding rules made unbounded',
    crds: ALL,
    apply: (crd) => {
      let removed = false;
      for (const root of schemas(crd))
        walk(root, (s) => {
          if (s.type === 'array' && 'maxItems' in s && hasRules(s.items)) removed = delete s.maxItems;
        });
      return removed;
    },
  },
  {
    name: 'CEL cost: strings compared by rules made unbounded',
    crds: ALL,
    apply: (crd) => {
      let removed = false;
      for (const root of schemas(crd))
        walk(root, (s, parentHasRules) => {
          if (
            (parentHasRules || Array.isArray(s['x-kubernetes-validations'])) &&
            s.type === 'string' &&
            'maxLength' in s
          )
            removed = delete s.maxLength;
        });
      return removed;
    },
  },
  {
    name: 'CEL cost: every item of an unbounded list of strings matched',
    apply: (crd) => {
      const hit = objectWithProperty(crd, stringList);
      if (!hit) return false;
      const [s, p] = hit;
      const list = (s.properties as Obj)[p] as Obj;
      delete list.maxItems;
      delete (list.items as Obj).maxLength;
      s['x-kubernetes-validations'] = [{ rule: `!has(self.${p}) || self.${p}.all(x, x.matches('^[a-z0-9]+$'))` }];
      return true;
    },
  },
  {
    name: 'CEL cost: nested iteration over a bounded list',
    apply: (crd) => {
      const hit = objectWithProperty(crd, stringList);
      if (!hit) return false;
      const [s, p] = hit;
      const list = (s.properties as Obj)[p] as Obj;
      list.maxItems = 2000;
      (list.items as Obj).maxLength = 20;
      s['x-kubernetes-validations'] = [
        { rule: `!has(self.${p}) || self.${p}.all(x, self.${p}.exists_one(y, x == y))` },
      ];
      return true;
    },
  },
  {
    name: 'CEL cost: messageExpression building unbounded strings',
    apply: (crd) => {
      const hit = objectWithProperty(crd, plainString);
      if (!hit) return false;
      const [s, p] = hit;
      delete ((s.properties as Obj)[p] as Obj).maxLength;
      s['x-kubernetes-validations'] = [
        {
          rule: `!has(self.${p}) || self.${p} != 'x'`,
          messageExpression: `self.${p}.split('').map(c, self.${p} + c).join(',')`,
        },
      ];
      return true;
    },
  },
  {
    name: 'CEL type: a string field compared with an int',
    apply: (crd) => {
      const hit = objectWithProperty(crd, plainString);
      if (!hit) return false;
      hit[0]['x-kubernetes-validations'] = [{ rule: `!has(self.${hit[1]}) || self.${hit[1]} == 1` }];
      return true;
    },
  },
  {
    name: 'CEL type: a rule that is not a bool',
    apply: (crd) => {
      const hit = objectWithProperty(crd, plainString);
      if (!hit) return false;
      hit[0]['x-kubernetes-validations'] = [{ rule: `self.${hit[1]}` }];
      return true;
    },
  },
  {
    name: 'CEL type: an undeclared field of a list item',
    apply: (crd) => {
      const hit = objectWithProperty(crd, objectList);
      if (!hit) return false;
      hit[0]['x-kubernetes-validations'] = [
        { rule: `!has(self.${hit[1]}) || self.${hit[1]}.all(x, x.noSuchField == 'a')` },
      ];
      return true;
    },
  },
  {
    name: 'CEL type: a declared field of a list item (allowed)',
    apply: (crd) => {
      const hit = objectWithProperty(
        crd,
        (k, s) =>
          objectList(k, s) &&
          Object.values((s.items as Obj).properties as Obj).some((v) => isObj(v) && plainString('', v)),
      );
      if (!hit) return false;
      const items = ((hit[0].properties as Obj)[hit[1]] as Obj).items as Obj;
      const f = Object.entries(items.properties as Obj).find(
        ([k, v]) => /^[a-z][A-Za-z0-9]*$/.test(k) && isObj(v) && plainString('', v),
      );
      if (!f) return false;
      hit[0]['x-kubernetes-validations'] = [
        { rule: `!has(self.${hit[1]}) || self.${hit[1]}.all(x, !has(x.${f[0]}) || x.${f[0]} != '')` },
      ];
      return true;
    },
  },
];
