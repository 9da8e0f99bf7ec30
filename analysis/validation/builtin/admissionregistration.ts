// admissionregistration.k8s.io as pkg/apis/admissionregistration/validation checks it, where it differs from the
// schema: a webhook's service reference, its rules' lists.
import { isPlainObject } from '../../documents/manifest';
import { dns1035Label } from './names';
import type { Obj, Problems } from './problems';

const WEBHOOK_KINDS = new Set(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);

export function checkAdmissionRegistrationKind(pr: Problems, obj: Obj, kind: string): void {
  if (!WEBHOOK_KINDS.has(kind) || !Array.isArray(obj.webhooks)) return;
  const names = new Set<unknown>();
  obj.webhooks.forEach((w, i) => {
    // Webhook names are unique in a configuration.
    if (isPlainObject(w) && typeof w.name === 'string') {
      if (names.has(w.name)) pr.duplicate(['webhooks', i, 'name'], w.name);
      names.add(w.name);
    }
    if (isPlainObject(w) && Array.isArray(w.admissionReviewVersions))
      checkAdmissionReviewVersions(pr, w.admissionReviewVersions, ['webhooks', i, 'admissionReviewVersions']);
    if (isPlainObject(w) && Array.isArray(w.rules))
      w.rules.forEach((r, j) => checkRule(pr, r, ['webhooks', i, 'rules', j]));
    const service = isPlainObject(w) && isPlainObject(w.clientConfig) ? w.clientConfig.service : undefined;
    if (!isPlainObject(service)) return;
    const path = ['webhooks', i, 'clientConfig', 'service'];
    // kube-apiserver 1.35 passes name and namespace to ValidateWebhookService the other way round: an empty
    // namespace is reported at `name`, an empty name at `namespace` (measured; "" counts as missing).
    if (typeof service.namespace !== 'string' || service.namespace === '') pr.required([...path, 'name']);
    if (typeof service.name !== 'string' || service.name === '') pr.required([...path, 'namespace']);
  });
}

/** validateRuleWithOperations: each list given and not empty (Go cannot tell an empty list from none), no "" version. */
function checkRule(pr: Problems, rule: unknown, path: (string | number)[]): void {
  if (!isPlainObject(rule)) return;
  for (const list of ['operations', 'apiGroups', 'apiVersions', 'resources']) {
    const v = rule[list];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) pr.required([...path, list]);
  }
  if (Array.isArray(rule.apiVersions))
    rule.apiVersions.forEach((v, k) => v === '' && pr.required([...path, 'apiVersions', k]));
}

const ACCEPTED_REVIEW_VERSIONS = ['v1', 'v1beta1'];

/** validateAdmissionReviewVersions (a create requires a version the server knows): given, unique, DNS-1035 labels. */
function checkAdmissionReviewVersions(pr: Problems, versions: unknown[], path: (string | number)[]): void {
  if (versions.length === 0) return pr.required(path, `must specify one of ${ACCEPTED_REVIEW_VERSIONS.join(', ')}`);
  const seen = new Set<string>();
  let accepted = false;
  versions.forEach((v, i) => {
    if (typeof v !== 'string') return;
    if (seen.has(v)) return pr.invalid([...path, i], v, 'duplicate version');
    seen.add(v);
    for (const msg of dns1035Label(v)) pr.invalid([...path, i], v, msg);
    if (ACCEPTED_REVIEW_VERSIONS.includes(v)) accepted = true;
  });
  if (!accepted) pr.invalid(path, versions, `must include at least one of ${ACCEPTED_REVIEW_VERSIONS.join(', ')}`);
}
