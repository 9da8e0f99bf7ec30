// The review kinds (TokenReview, SelfSubjectReview, the access and rules reviews): the server answers a create of
// them without storing anything, through its own REST handlers rather than the generic registry, so ObjectMeta is
// never validated (no name is needed, labels are not checked). What those handlers check instead
// (pkg/registry/authentication/*, pkg/registry/authorization/*, pkg/apis/authorization/validation) is here.
import { isPlainObject } from '../../documents/manifest';
import type { Obj, Problems } from './problems';

const REVIEW_KINDS: Record<string, string[]> = {
  'authentication.k8s.io': ['SelfSubjectReview', 'TokenReview'],
  'authorization.k8s.io': [
    'LocalSubjectAccessReview',
    'SelfSubjectAccessReview',
    'SelfSubjectRulesReview',
    'SubjectAccessReview',
  ],
};

export function isReviewKind(group: string, kind: string): boolean {
  return REVIEW_KINDS[group]?.includes(kind) ?? false;
}

/** An ObjectMeta field at Go's zero value, as apiequality.Semantic.DeepEqual sees it (an empty map equals nil). */
function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isPlainObject(v) && Object.keys(v).length === 0;
}

export function checkReviewKind(pr: Problems, obj: Obj, group: string, kind: string): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  if (kind === 'TokenReview') {
    // A BadRequest without a field: "token is required for TokenReview in authentication".
    if (typeof spec.token !== 'string' || spec.token === '')
      pr.required(['spec', 'token'], 'token is required for TokenReview in authentication');
    return;
  }
  if (kind === 'SelfSubjectRulesReview') {
    // A BadRequest without a field: "no namespace on request".
    if (typeof spec.namespace !== 'string' || spec.namespace === '')
      pr.required(['spec', 'namespace'], 'no namespace on request');
    return;
  }
  if (group !== 'authorization.k8s.io' || !kind.endsWith('AccessReview')) return;
  const hasResource = isPlainObject(spec.resourceAttributes);
  const hasNonResource = isPlainObject(spec.nonResourceAttributes);
  if (hasResource && hasNonResource)
    pr.invalid(
      ['spec', 'nonResourceAttributes'],
      spec.nonResourceAttributes,
      'cannot be specified in combination with resourceAttributes',
    );
  if (!hasResource && !hasNonResource)
    pr.invalid(
      ['spec', 'resourceAttributes'],
      null,
      'exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  if (kind !== 'SelfSubjectAccessReview' && isZero(spec.user) && isZero(spec.groups))
    pr.invalid(['spec', 'user'], spec.user ?? '', 'at least one of user or group must be specified');
  // metadata must be empty (managedFields aside; a cluster-scoped request's namespace is cleared before), and
  // a LocalSubjectAccessReview may only name its namespace, which its resourceAttributes must repeat.
  const md = isPlainObject(obj.metadata) ? obj.metadata : {};
  const local = kind === 'LocalSubjectAccessReview';
  const set = Object.entries(md).filter(([k, v]) => k !== 'managedFields' && k !== 'namespace' && !isZero(v));
  if (set.length) pr.invalid(['metadata'], md, local ? 'must be empty except for namespace' : 'must be empty');
  if (!local) return;
  if (hasNonResource)
    pr.invalid(['spec', 'nonResourceAttributes'], spec.nonResourceAttributes, 'disallowed on this kind of request');
  const namespace = md.namespace;
  if (hasResource && typeof namespace === 'string' && namespace !== '') {
    const ra = spec.resourceAttributes as Obj;
    const given = typeof ra.namespace === 'string' ? ra.namespace : '';
    if (given !== namespace)
      pr.invalid(['spec', 'resourceAttributes', 'namespace'], given, 'must match metadata.namespace');
  }
}
