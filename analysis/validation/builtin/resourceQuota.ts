// A ResourceQuota's scopes and scope selector (validateResourceQuotaScopes, validateScopedResourceSelectorRequirement):
// Go checks the scope names and operators itself, not as an enum (emptyEnums.ts), and reports a bad scope at the
// list, printing the whole list, and the selector's errors without an index. Messages the server prints twice are
// printed once (its error list is aggregated).
import { isPlainObject } from '../../documents/manifest';
import { formatValue } from '../messages';
import type { Obj, Problems } from './problems';

const POD_COUNT = ['pods'];
const POD_COMPUTE = ['cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory'];
const PVC = ['persistentvolumeclaims', 'requests.storage'];
/** The hard resources each standard scope applies to (IsResourceQuotaScopeValidForResource). */
const SCOPE_RESOURCES: Record<string, string[]> = {
  Terminating: [...POD_COUNT, ...POD_COMPUTE],
  NotTerminating: [...POD_COUNT, ...POD_COMPUTE],
  NotBestEffort: [...POD_COUNT, ...POD_COMPUTE],
  PriorityClass: [...POD_COUNT, ...POD_COMPUTE],
  CrossNamespacePodAffinity: [...POD_COUNT, ...POD_COMPUTE],
  BestEffort: POD_COUNT,
  VolumeAttributesClass: PVC,
};
const SCOPES_WITHOUT_VALUES = [
  'BestEffort',
  'NotBestEffort',
  'Terminating',
  'NotTerminating',
  'CrossNamespacePodAffinity',
];
const CONFLICTING = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
];
/** IsStandardQuotaResourceName: the resources the scopes are checked against. */
const STANDARD_RESOURCES = new Set([
  ...POD_COUNT,
  ...POD_COMPUTE,
  ...PVC,
  'ephemeral-storage',
  'requests.ephemeral-storage',
  'limits.ephemeral-storage',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'services.nodeports',
  'services.loadbalancers',
]);

function standardScope(scope: string): boolean {
  return Object.hasOwn(SCOPE_RESOURCES, scope);
}

function standardResource(name: string): boolean {
  return STANDARD_RESOURCES.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

/** Whether a scope may limit the spec's hard resources (an unknown scope is only "unsupported"). */
function appliesToHard(scope: string, hard: string[]): boolean {
  const allowed = standardScope(scope) ? SCOPE_RESOURCES[scope] : undefined;
  return !allowed || hard.every((k) => !standardResource(k) || allowed.includes(k));
}

export function checkResourceQuotaScopes(pr: Problems, obj: Obj): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  if (!spec) return;
  const hard = isPlainObject(spec.hard) ? Object.keys(spec.hard) : [];
  const scopes = Array.isArray(spec.scopes) ? spec.scopes : undefined;
  if (scopes) {
    const names = scopes.map((s) => (typeof s === 'string' ? s : ''));
    names.forEach((scope, i) => {
      if (!standardScope(scope)) pr.invalid(['spec', 'scopes', i], scopes, 'unsupported scope', 'spec.scopes');
      if (!appliesToHard(scope, hard))
        pr.invalid(['spec', 'scopes', i], scopes, 'unsupported scope applied to resource', 'spec.scopes');
    });
    if (CONFLICTING.some((pair) => pair.every((s) => names.includes(s))))
      pr.invalid(['spec', 'scopes'], scopes, 'conflicting scopes');
  }
  const selector = isPlainObject(spec.scopeSelector) ? spec.scopeSelector : undefined;
  if (!selector) return;
  const base = ['spec', 'scopeSelector', 'matchExpressions'];
  const at = base.join('.');
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  const scopeNames: string[] = [];
  expressions.forEach((e, i) => {
    const req = isPlainObject(e) ? e : {};
    const scope = typeof req.scopeName === 'string' ? req.scopeName : '';
    const operator = typeof req.operator === 'string' ? req.operator : '';
    const values = Array.isArray(req.values) ? req.values : undefined;
    const p = [...base, i];
    if (!standardScope(scope)) pr.invalid([...p, 'scopeName'], scope, 'unsupported scope', `${at}.scopeName`);
    if (!appliesToHard(scope, hard))
      pr.invalidPrinted(p, goScopeSelector(expressions), 'unsupported scope applied to resource', base);
    if (SCOPES_WITHOUT_VALUES.includes(scope) && operator !== 'Exists')
      pr.invalid(
        [...p, 'operator'],
        operator,
        "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
        `${at}.operator`,
      );
    if (operator === 'In' || operator === 'NotIn') {
      if (!values?.length)
        pr.required(
          [...p, 'values'],
          "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
          `${at}.values`,
        );
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values?.length)
        pr.invalid(
          [...p, 'values'],
          values,
          "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
          `${at}.values`,
        );
    } else pr.invalid([...p, 'operator'], operator, 'not a valid selector operator', `${at}.operator`);
    scopeNames.push(scope);
  });
  // Go prints the spec's scopes here, not the selector's.
  if (CONFLICTING.some((pair) => pair.every((s) => scopeNames.includes(s))))
    pr.invalidPrinted(base, formatValue(spec.scopes), 'conflicting scopes');
}

/** The internal ScopeSelector as field.Invalid prints it: Go field names, absent values null. */
function goScopeSelector(expressions: unknown[]): string {
  const MatchExpressions = expressions.map((e) => {
    const req = isPlainObject(e) ? e : {};
    return {
      ScopeName: typeof req.scopeName === 'string' ? req.scopeName : '',
      Operator: typeof req.operator === 'string' ? req.operator : '',
      Values: Array.isArray(req.values) ? req.values : null,
    };
  });
  return JSON.stringify({ MatchExpressions });
}
