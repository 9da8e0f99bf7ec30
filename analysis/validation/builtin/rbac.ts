// pkg/apis/rbac/validation: role references and subjects of bindings, and rules of Roles and ClusterRoles.
import { isPlainObject } from '../../documents/manifest';
import type { FieldPath } from '../../documents/path';
import { dns1123Subdomain } from './names';
import type { Obj, Problems } from './problems';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export function checkRbacKind(pr: Problems, obj: Obj, kind: string): void {
  checkRbacBinding(pr, obj, kind);
  checkRbacRules(pr, obj, kind);
}

function checkRbacBinding(pr: Problems, obj: Obj, kind: string): void {
  if (kind !== 'RoleBinding' && kind !== 'ClusterRoleBinding') return;
  const supportedRoles = kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (isPlainObject(obj.roleRef)) {
    const k = obj.roleRef.kind === undefined ? '' : obj.roleRef.kind; // Go's zero value when left out
    if (typeof k === 'string' && !supportedRoles.includes(k)) pr.unsupported(['roleRef', 'kind'], k, supportedRoles);
    const g = obj.roleRef.apiGroup;
    if (typeof g === 'string' && g !== 'rbac.authorization.k8s.io')
      pr.unsupported(['roleRef', 'apiGroup'], g, ['rbac.authorization.k8s.io']);
  }
  if (Array.isArray(obj.subjects)) {
    obj.subjects.forEach((subject, i) => {
      if (!isPlainObject(subject) || typeof subject.kind !== 'string') return;
      checkSubject(pr, subject, ['subjects', i], kind === 'RoleBinding');
    });
  }
}

/**
 * ValidateRoleBindingSubject, after SetDefaults_Subject (an empty apiGroup becomes "" for a ServiceAccount and
 * rbac.authorization.k8s.io for a User or Group): a ServiceAccount of a ClusterRoleBinding names its namespace.
 */
function checkSubject(pr: Problems, subject: Obj, p: FieldPath, namespacedBinding: boolean): void {
  const apiGroup = typeof subject.apiGroup === 'string' ? subject.apiGroup : '';
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

function checkRbacRules(pr: Problems, obj: Obj, kind: string): void {
  if ((kind !== 'Role' && kind !== 'ClusterRole') || !Array.isArray(obj.rules)) return;
  obj.rules.forEach((rule, i) => {
    if (!isPlainObject(rule)) return;
    const p = ['rules', i];
    if (Array.isArray(rule.verbs) && rule.verbs.length === 0)
      pr.required([...p, 'verbs'], 'verbs must contain at least one value');
    const urls = Array.isArray(rule.nonResourceURLs) ? rule.nonResourceURLs : [];
    if (urls.length === 0) return;
    if (kind === 'Role')
      pr.invalid([...p, 'nonResourceURLs'], urls, 'namespaced rules cannot apply to non-resource URLs');
    else if (
      (Array.isArray(rule.resources) && rule.resources.length > 0) ||
      (Array.isArray(rule.apiGroups) && rule.apiGroups.length > 0)
    ) {
      pr.invalid([...p, 'nonResourceURLs'], urls, 'rules cannot apply to both regular resources and non-resource URLs');
    }
  });
}
