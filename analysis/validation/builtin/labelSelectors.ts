// metav1's ValidateLabelSelectorRequirement, for every label selector of a built-in kind the server validates
// (workloads, disruption budgets, network policies, pod affinity and topology spread, webhooks and admission
// bindings, claims, aggregated cluster roles, storage capacities): matchLabels are labels, In/NotIn need values,
// Exists/DoesNotExist take none, the key is a label key. (An unknown operator is the schema's enum; label values of
// matchExpressions are left alone: several callers allow invalid ones.)
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { checkLabels } from './meta';
import { qualifiedName } from './names';
import type { Obj, Problems } from './problems';

// The fields that hold a LabelSelector (HorizontalPodAutoscaler metric selectors are not validated: its group is
// left out below).
const SELECTOR_FIELDS = new Set([
  'selector',
  'podSelector',
  'namespaceSelector',
  'labelSelector',
  'objectSelector',
  'nodeTopology',
]);
const SELECTOR_LISTS = new Set(['clusterRoleSelectors']);
const UNCHECKED_GROUPS = new Set(['autoscaling']);

export function checkLabelSelectors(pr: Problems, obj: Obj, group: string): void {
  if (UNCHECKED_GROUPS.has(group)) return;
  // One shared path, copied only where a selector is found: this runs for every built-in object.
  const path: (string | number)[] = [];
  for (const key in obj) {
    if (key === 'metadata' || key === 'status' || key === 'apiVersion' || key === 'kind') continue;
    path.push(key);
    walk(pr, obj[key], path, key);
    path.pop();
  }
}

function walk(pr: Problems, v: unknown, path: (string | number)[], key: string | number): void {
  if (typeof v !== 'object' || v === null) return;
  if (Array.isArray(v)) {
    const list = typeof key === 'string' && SELECTOR_LISTS.has(key);
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      // (Most lists hold strings or numbers: nothing to look into.)
      if (typeof item !== 'object' || item === null) continue;
      path.push(i);
      if (list && !Array.isArray(item)) checkRequirements(pr, item as Obj, [...path]);
      walk(pr, item, path, i);
      path.pop();
    }
    return;
  }
  const o = v as Obj;
  if (
    typeof key === 'string' &&
    SELECTOR_FIELDS.has(key) &&
    (Array.isArray(o.matchExpressions) || isPlainObject(o.matchLabels))
  )
    checkRequirements(pr, o, [...path]);
  for (const k in o) {
    const child = o[k];
    if (typeof child !== 'object' || child === null) continue;
    path.push(k);
    walk(pr, child, path, k);
    path.pop();
  }
}

function checkRequirements(pr: Problems, selector: Obj, path: FieldPath): void {
  // ValidateLabels: keys and values of matchLabels, reported at the map.
  if (isPlainObject(selector.matchLabels)) checkLabels(pr, [...path, 'matchLabels'], selector.matchLabels);
  const expressions = selector.matchExpressions;
  if (!Array.isArray(expressions)) return;
  expressions.forEach((e, i) => {
    if (!isPlainObject(e)) return;
    const p = [...path, 'matchExpressions', i];
    const values = Array.isArray(e.values) ? e.values.length : 0;
    if ((e.operator === 'In' || e.operator === 'NotIn') && values === 0)
      pr.required([...p, 'values'], "must be specified when `operator` is 'In' or 'NotIn'");
    if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values > 0)
      pr.forbidden([...p, 'values'], "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    if (typeof e.key === 'string') for (const msg of qualifiedName(e.key)) pr.invalid([...p, 'key'], e.key, msg);
  });
}
