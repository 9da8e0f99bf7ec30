// ValidatePodSpec's placement and DNS fields (pkg/apis/core/validation): node affinity terms and their
// requirements, pod (anti-)affinity terms' weights, topology keys and namespaces, topology spread constraints, and
// dnsConfig. (Label selectors inside them are labelSelectors.ts'; enums the schema's or enums.ts'.)
import { type FieldPath, formatPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { parseIPSloppy, INVALID_IP } from './legacyIP';
import { dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from './names';
import type { Obj, Problems } from './problems';

const WEIGHT = 'must be in the range 1-100';
const NOT_POSITIVE = 'must be greater than zero';
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARS = 2048;
// IsDNS1123SubdomainWithUnderscore (RelaxedDNSSearchValidation is on in 1.35).
const SUBDOMAIN_WITH_UNDERSCORE = /^_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$/;
const SUBDOMAIN_WITH_UNDERSCORE_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')";

export function checkPodScheduling(pr: Problems, base: FieldPath, spec: Obj): void {
  if (isPlainObject(spec.affinity)) checkAffinity(pr, [...base, 'affinity'], spec.affinity);
  if (Array.isArray(spec.topologySpreadConstraints))
    checkTopologySpread(pr, [...base, 'topologySpreadConstraints'], spec.topologySpreadConstraints);
  checkDNSConfig(pr, base, spec);
}

function checkAffinity(pr: Problems, p: FieldPath, affinity: Obj): void {
  const node = affinity.nodeAffinity;
  if (isPlainObject(node)) {
    const required = node.requiredDuringSchedulingIgnoredDuringExecution;
    if (isPlainObject(required)) {
      const at = [...p, 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'];
      const terms = Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms : [];
      if (terms.length === 0) pr.required(at, 'must have at least one node selector term');
      terms.forEach((t, i) => nodeSelectorTerm(pr, [...at, i], t, true));
    }
    const preferred = node.preferredDuringSchedulingIgnoredDuringExecution;
    if (Array.isArray(preferred))
      preferred.forEach((t, i) => {
        if (!isPlainObject(t)) return;
        const at = [...p, 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i];
        weight(pr, [...at, 'weight'], t.weight);
        // Preferred terms' values may be invalid label values (ValidateNodeSelectorTerm with allow = true).
        nodeSelectorTerm(pr, [...at, 'preference'], t.preference, false);
      });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = affinity[kind];
    if (!isPlainObject(a)) continue;
    const required = a.requiredDuringSchedulingIgnoredDuringExecution;
    if (Array.isArray(required))
      required.forEach((t, i) =>
        podAffinityTerm(pr, [...p, kind, 'requiredDuringSchedulingIgnoredDuringExecution', i], t),
      );
    const preferred = a.preferredDuringSchedulingIgnoredDuringExecution;
    if (Array.isArray(preferred))
      preferred.forEach((t, i) => {
        if (!isPlainObject(t)) return;
        const at = [...p, kind, 'preferredDuringSchedulingIgnoredDuringExecution', i];
        weight(pr, [...at, 'weight'], t.weight);
        podAffinityTerm(pr, [...at, 'podAffinityTerm'], t.podAffinityTerm);
      });
  }
}

function weight(pr: Problems, p: FieldPath, w: unknown): void {
  // Go's zero value (left out) is out of range too.
  const value = typeof w === 'number' ? w : 0;
  if (value <= 0 || value > 100) pr.invalid(p, value, WEIGHT);
}

/** ValidateNodeSelectorTerm (a pod's node affinity, a PersistentVolume's): label and field requirements. */
export function nodeSelectorTerm(pr: Problems, p: FieldPath, term: unknown, checkValues: boolean): void {
  if (!isPlainObject(term)) return;
  if (Array.isArray(term.matchFields)) nodeFieldRequirements(pr, [...p, 'matchFields'], term.matchFields);
  if (!Array.isArray(term.matchExpressions)) return;
  term.matchExpressions.forEach((rq, j) => {
    if (!isPlainObject(rq)) return;
    const at = [...p, 'matchExpressions', j];
    const values = Array.isArray(rq.values) ? rq.values : [];
    const op = rq.operator;
    if ((op === 'In' || op === 'NotIn') && values.length === 0)
      pr.required([...at, 'values'], "must be specified when `operator` is 'In' or 'NotIn'");
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0)
      pr.forbidden([...at, 'values'], "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    if ((op === 'Gt' || op === 'Lt') && values.length !== 1)
      pr.required([...at, 'values'], "must be specified single value when `operator` is 'Lt' or 'Gt'");
    const key = typeof rq.key === 'string' ? rq.key : '';
    for (const msg of qualifiedName(key)) pr.invalid([...at, 'key'], key, msg);
    if (checkValues)
      values.forEach((v, k) => {
        if (typeof v === 'string') for (const msg of labelValue(v)) pr.invalid([...at, 'values', k], v, msg);
      });
  });
}

/**
 * ValidateNodeFieldSelectorRequirement: In or NotIn with one value (another operator the schema's enum lists is
 * Invalid; one it does not list is the enum's), and `metadata.name` the only key, its values node names.
 */
function nodeFieldRequirements(pr: Problems, p: FieldPath, list: unknown[]): void {
  list.forEach((rq, j) => {
    if (!isPlainObject(rq)) return;
    const values = Array.isArray(rq.values) ? rq.values : [];
    const op = rq.operator;
    if (op === 'In' || op === 'NotIn') {
      if (values.length !== 1)
        pr.required(
          [...p, j, 'values'],
          "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
        );
    } else if (op === 'Exists' || op === 'DoesNotExist' || op === 'Gt' || op === 'Lt')
      pr.invalid([...p, j, 'operator'], op, 'not a valid selector operator');
    const key = typeof rq.key === 'string' ? rq.key : '';
    if (key !== 'metadata.name') pr.invalid([...p, j, 'key'], key, 'not a valid field selector key');
    else
      values.forEach((v, k) => {
        if (typeof v === 'string') for (const msg of dns1123Subdomain(v)) pr.invalid([...p, j, 'values', k], v, msg);
      });
  });
}

/** validatePodAffinityTerm: namespaces (reported at `namespace`), a topology key given and a label key. */
function podAffinityTerm(pr: Problems, p: FieldPath, term: unknown): void {
  if (!isPlainObject(term)) return;
  if (Array.isArray(term.namespaces))
    for (const ns of term.namespaces)
      if (typeof ns === 'string') for (const msg of dns1123Label(ns)) pr.invalid([...p, 'namespace'], ns, msg);
  const key = typeof term.topologyKey === 'string' ? term.topologyKey : '';
  if (key === '') pr.required([...p, 'topologyKey'], 'can not be empty');
  for (const msg of qualifiedName(key)) pr.invalid([...p, 'topologyKey'], key, msg);
}

/** validateTopologySpreadConstraints: maxSkew and minDomains positive, a topology key, no repeated key and action. */
function checkTopologySpread(pr: Problems, p: FieldPath, constraints: unknown[]): void {
  constraints.forEach((c, i) => {
    if (!isPlainObject(c)) return;
    const at = [...p, i];
    const skew = typeof c.maxSkew === 'number' ? c.maxSkew : 0;
    if (skew <= 0) pr.invalid([...at, 'maxSkew'], skew, NOT_POSITIVE);
    const key = typeof c.topologyKey === 'string' ? c.topologyKey : '';
    if (key === '') pr.required([...at, 'topologyKey'], 'can not be empty');
    const action = typeof c.whenUnsatisfiable === 'string' ? c.whenUnsatisfiable : '';
    const repeated = constraints
      .slice(i + 1)
      .some((o) => isPlainObject(o) && (o.topologyKey ?? '') === key && (o.whenUnsatisfiable ?? '') === action);
    if (repeated)
      pr.duplicatePrinted(
        at,
        JSON.stringify(`{${key}, ${action}}`),
        '',
        `${formatPath(at)}.{topologyKey, whenUnsatisfiable}`,
      );
    if (typeof c.minDomains === 'number') {
      if (c.minDomains <= 0) pr.invalid([...at, 'minDomains'], c.minDomains, NOT_POSITIVE);
      if (action !== 'DoNotSchedule')
        pr.invalid(
          [...at, 'minDomains'],
          c.minDomains,
          `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`,
        );
    }
  });
}

/** validatePodDNSConfig: with dnsPolicy None a config and a nameserver; IPs, search domains, option names. */
function checkDNSConfig(pr: Problems, base: FieldPath, spec: Obj): void {
  const config = isPlainObject(spec.dnsConfig) ? spec.dnsConfig : undefined;
  if (!config && spec.dnsPolicy !== 'None') return; // most pods: nothing to check
  const p = [...base, 'dnsConfig'];
  const nameservers = config && Array.isArray(config.nameservers) ? config.nameservers : [];
  if (spec.dnsPolicy === 'None') {
    if (!config) return pr.required(p, 'must provide `dnsConfig` when `dnsPolicy` is None');
    if (nameservers.length === 0)
      return pr.required([...p, 'nameservers'], 'must provide at least one DNS nameserver when `dnsPolicy` is None');
  }
  if (!config) return;
  if (nameservers.length > MAX_NAMESERVERS)
    pr.invalid([...p, 'nameservers'], nameservers, `must not have more than ${MAX_NAMESERVERS} nameservers`);
  nameservers.forEach((ns, i) => {
    if (typeof ns === 'string' && !parseIPSloppy(ns)) pr.invalid([...p, 'nameservers', i], ns, INVALID_IP);
  });
  const searches = Array.isArray(config.searches) ? config.searches.filter((s) => typeof s === 'string') : [];
  if (searches.length > MAX_SEARCHES)
    pr.invalid([...p, 'searches'], searches, `must not have more than ${MAX_SEARCHES} search paths`);
  if (searches.join(' ').length > MAX_SEARCH_CHARS)
    pr.invalid(
      [...p, 'searches'],
      searches,
      `must not have more than ${MAX_SEARCH_CHARS} characters (including spaces) in the search list`,
    );
  searches.forEach((s, i) => {
    if (s === '.') return;
    const search = s.endsWith('.') ? s.slice(0, -1) : s;
    const at = [...p, 'searches', i];
    if (Buffer.byteLength(search) > 253) pr.invalid(at, search, 'must be no more than 253 characters');
    if (!SUBDOMAIN_WITH_UNDERSCORE.test(search)) pr.invalid(at, search, SUBDOMAIN_WITH_UNDERSCORE_MESSAGE);
  });
  if (Array.isArray(config.options))
    config.options.forEach((o, i) => {
      const name = isPlainObject(o) && typeof o.name === 'string' ? o.name : '';
      if (name === '') pr.required([...p, 'options', i], 'must not be empty');
    });
}
