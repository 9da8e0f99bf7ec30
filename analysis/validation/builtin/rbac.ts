// pkg/apis/rbac/validation: role references and subjects of bindings, and rules of Roles and ClusterRoles.
import { isPlainObject } from '../../documents/manifest';
import type { FieldPath } from '../../documents/path';
import { dns1123Subdomain, pathSegmentName } from './names';
import type { Obj, Problems } from './problems';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export function checkRbacKind(pr: Problems, obj: Obj, kind: string): void {
  checkRbacBinding(pr, obj, kind);
  checkRbacRules(pr, obj, kind);
}

const ROLE_BINDING_ROLES = ['Role', 'ClusterRole'];
const CLUSTER_ROLE_BINDING_ROLES = ['ClusterRole'];

function checkRbacBinding(pr: Problems, obj: Obj, kind: string): void {
  if (kind !== 'RoleBinding' && kind !== 'ClusterRoleBinding') return;
  const supportedRoles = kind === 'RoleBinding' ? ROLE_BINDING_ROLES : CLUSTER_ROLE_BINDING_ROLES;
  if (isPlainObject(obj.roleRef)) {
    const k = obj.roleRef.kind === undefined ? '' : obj.roleRef.kind; // Go's zero value when left out
    if (typeof k === 'string' && !supportedRoles.includes(k)) pr.unsupported(['roleRef', 'kind'], k, supportedRoles);
    const name = obj.roleRef.name;
    if (name === '') pr.required(['roleRef', 'name']);
    // ValidateRBACName: the role's name is a path segment ('/' and '%' nowhere, never '.' or '..').
    else if (typeof name === 'string')
      for (const msg of pathSegmentName(name)) pr.invalid(['roleRef', 'name'], name, msg);
    const g = obj.roleRef.apiGroup;
    // "" is defaulted to the RBAC group before validation, as an absent one is.
    if (typeof g === 'string' && g !== '' && g !== 'rbac.authorization.k8s.io')
      pr.unsupported(['roleRef', 'apiGroup'], g, ['rbac.authorization.k8s.io']);
  }
  if (Array.isArray(obj.subjects))
    for (let i = 0; i < obj.subjects.length; i++) {
      const subject: unknown = obj.subjects[i];
      if (isPlainObject(subject) && typeof subject.kind === 'string')
        checkSubject(pr, subject, i, kind === 'RoleBinding');
    }
}

/**
 * ValidateRoleBindingSubject, after SetDefaults_Subject (an empty apiGroup becomes "" for a ServiceAccount and
 * rbac.authorization.k8s.io for a User or Group): a ServiceAccount of a ClusterRoleBinding names its namespace.
 */
function checkSubject(pr: Problems, subject: Obj, i: number, namespacedBinding: boolean): void {
  const p: FieldPath = ['subjects', i];
  const apiGroup = typeof subject.apiGroup === 'string' ? subject.apiGroup : '';
  if (subject.name === '') pr.required([...p, 'name']);
  switch (subject.kind) {
    case 'ServiceAccount':
      if (typeof subject.name === 'string' && subject.name !== '')
        for (const msg of dns1123Subdomain(subject.name)) pr.invalid([...p, 'name'], subject.name, msg);
      if (apiGroup !== '') pr.unsupported([...p, 'apiGroup'], apiGroup, ['']);
      if (!namespacedBinding && (typeof subject.namespace !== 'string' || subject.namespace === ''))
        pr.required([...p, 'namespace']);
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== '' && apiGroup !== RBAC_GROUP) pr.unsupported([...p, 'apiGroup'], apiGroup, [RBAC_GROUP]);
      break;
    default:
      pr.unsupported([...p, 'kind'], subject.kind, ['ServiceAccount', 'User', 'Group']);
  }
}

/** A rule's list, absent or null as Go's empty slice. */
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * ValidatePolicyRule: verbs; non-resource URLs (ClusterRoles only) without resources, API groups or resource names;
 * any other rule names at least one API group and one resource.
 */
function checkRbacRules(pr: Problems, obj: Obj, kind: string): void {
  if ((kind !== 'Role' && kind !== 'ClusterRole') || !Array.isArray(obj.rules)) return;
  for (let i = 0; i < obj.rules.length; i++) {
    const rule: unknown = obj.rules[i];
    if (isPlainObject(rule)) checkRule(pr, rule, i, kind);
  }
}

/** Item `i` of a Role's or ClusterRole's rules. */
function checkRule(pr: Problems, rule: Obj, i: number, kind: string): void {
  if (Array.isArray(rule.verbs) && rule.verbs.length === 0)
    pr.required(['rules', i, 'verbs'], 'verbs must contain at least one value');
  const urls = listOf(rule.nonResourceURLs);
  const apiGroups = listOf(rule.apiGroups);
  const resources = listOf(rule.resources);
  if (urls.length > 0) {
    if (kind === 'Role')
      pr.invalid(['rules', i, 'nonResourceURLs'], urls, 'namespaced rules cannot apply to non-resource URLs');
    if (apiGroups.length > 0 || resources.length > 0 || listOf(rule.resourceNames).length > 0)
      pr.invalid(
        ['rules', i, 'nonResourceURLs'],
        urls,
        'rules cannot apply to both regular resources and non-resource URLs',
      );
    return;
  }
  if (apiGroups.length === 0)
    pr.required(['rules', i, 'apiGroups'], 'resource rules must supply at least one api group');
  if (resources.length === 0)
    pr.required(['rules', i, 'resources'], 'resource rules must supply at least one resource');
}
