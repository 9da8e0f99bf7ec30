// A pod's own resources (`spec.resources`, PodLevelResources, on by default in 1.35) as validatePodResources checks
// them: only cpu, memory and hugepages, quantities not negative, requests within limits (a non-overcommitable one
// needs its limit), at least the containers' aggregate requests, and no container limit above the pod's.
import { type FieldPath, formatPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { parseQuantity, sumQuantities } from '../../../kube/util/quantity';
import { qualifiedName } from './names';
import type { Obj, Problems } from './problems';

// helper.IsStandardResourceName (quota names included: they are "standard", then unsupported at pod level).
const STANDARD = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const POD_LEVEL = ['cpu', 'hugepages-', 'memory'];

const hugePages = (name: string) => name.startsWith('hugepages-');
const amount = (q: unknown) => (typeof q === 'string' || typeof q === 'number' ? parseQuantity(q) : undefined);
/** helper.IsOvercommitAllowed: native resources (no domain, or a kubernetes.io one) but hugepages. */
const overcommitAllowed = (name: string) =>
  (!name.includes('/') || name.includes('kubernetes.io/')) && !hugePages(name);

function resourceName(pr: Problems, at: FieldPath, name: string): void {
  if (name.includes('/')) {
    const errs = qualifiedName(name);
    for (const msg of errs) pr.invalid(at, name, msg);
    if (errs.length) return;
  } else if (!STANDARD.has(name) && !hugePages(name) && !name.startsWith('requests.hugepages-')) {
    pr.invalid(at, name, 'must be a standard resource type or fully qualified');
    return;
  }
  if (name !== 'cpu' && name !== 'memory' && !hugePages(name)) pr.unsupported(at, name, POD_LEVEL);
}

/** resourcehelper.AggregateContainerRequests: the containers' sum, or an init container's need when larger. */
function aggregateRequests(spec: Obj): Map<string, (string | number)[]> {
  const requestsOf = (c: unknown): Obj =>
    isPlainObject(c) && isPlainObject(c.resources) && isPlainObject(c.resources.requests) ? c.resources.requests : {};
  const sum = new Map<string, (string | number)[]>();
  const add = (into: Map<string, (string | number)[]>, reqs: Obj) => {
    for (const [k, q] of Object.entries(reqs))
      if (typeof q === 'string' || typeof q === 'number') into.set(k, [...(into.get(k) ?? []), q]);
  };
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) add(sum, requestsOf(c));
  const sidecars = new Map<string, (string | number)[]>();
  const initMax = new Map<string, string>();
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : []) {
    const reqs = requestsOf(c);
    let need: Map<string, (string | number)[]>;
    if (isPlainObject(c) && c.restartPolicy === 'Always') {
      add(sum, reqs);
      add(sidecars, reqs);
      need = sidecars;
    } else {
      need = new Map(sidecars);
      add(need, reqs);
    }
    for (const [k, qs] of need) {
      const total = sumQuantities(qs);
      const prev = initMax.get(k);
      if (prev === undefined || (amount(total) ?? 0) > (amount(prev) ?? 0)) initMax.set(k, total);
    }
  }
  for (const [k, q] of initMax) {
    const total = sum.has(k) ? sumQuantities(sum.get(k)!) : undefined;
    if (total === undefined || (amount(q) ?? 0) > (amount(total) ?? 0)) sum.set(k, [q]);
  }
  return sum;
}

export function checkPodResources(pr: Problems, base: FieldPath, spec: Obj): void {
  const resources = spec.resources;
  if (!isPlainObject(resources)) return;
  const at = [...base, 'resources'];
  if (isPlainObject(spec.os) && spec.os.name === 'windows') {
    pr.forbidden(at, 'may not be set for a windows pod');
    return;
  }
  if (resources.claims != null) pr.forbidden([...at, 'claims'], 'claims may not be set for Resources at pod-level');
  const limits = isPlainObject(resources.limits) ? resources.limits : {};
  const requests = isPlainObject(resources.requests) ? resources.requests : {};
  for (const [section, map] of [
    ['limits', limits],
    ['requests', requests],
  ] as const)
    for (const [name, q] of Object.entries(map)) {
      resourceName(pr, [...at, section, name], name);
      const v = amount(q);
      if (v !== undefined && v < 0) pr.invalid([...at, section, name], q, 'must be greater than or equal to 0');
    }
  for (const [name, q] of Object.entries(requests)) {
    const r = amount(q);
    const l = amount(limits[name]);
    if (limits[name] === undefined) {
      if (!overcommitAllowed(name))
        pr.required([...at, 'limits'], 'Limit must be set for non overcommitable resources');
    } else if (r !== undefined && l !== undefined) {
      if (r !== l && !overcommitAllowed(name))
        pr.invalid([...at, 'requests', name], String(q), `must be equal to ${name} limit of ${limits[name]}`, [
          ...at,
          'requests',
        ]);
      else if (r > l)
        pr.invalid(
          [...at, 'requests', name],
          String(q),
          `must be less than or equal to ${name} limit of ${limits[name]}`,
          [...at, 'requests'],
        );
    }
  }
  for (const [name, qs] of aggregateRequests(spec)) {
    const podRequest = amount(requests[name]);
    const total = sumQuantities(qs);
    if (podRequest !== undefined && (amount(total) ?? 0) > podRequest)
      pr.invalid(
        [...at, 'requests', name],
        String(requests[name]),
        `must be greater than or equal to aggregate container requests of ${total}`,
      );
  }
  (Array.isArray(spec.containers) ? spec.containers : []).forEach((c, i) => {
    if (!isPlainObject(c) || !isPlainObject(c.resources) || !isPlainObject(c.resources.limits)) return;
    for (const [name, q] of Object.entries(c.resources.limits)) {
      const podLimit = amount(limits[name]);
      const v = amount(q);
      if (podLimit !== undefined && v !== undefined && v > podLimit)
        // Reported at the pod's resources, keyed by container and resource (the range stays on the container's).
        pr.invalid(
          [...base, 'containers', i, 'resources', 'limits', name],
          String(q),
          `must be less than or equal to pod limits of ${limits[name]}`,
          `${formatPath([...at, 'containers', i])}[${name}].limits`,
        );
    }
  });
}
