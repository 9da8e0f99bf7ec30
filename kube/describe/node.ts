// The Node describer: conditions, capacity, system info, and what the node's non-terminated pods request.
import type * as coordination from '../typed/generated/types/api/coordination/v1';
import type * as core from '../typed/generated/types/api/core/v1';
import { isForbidden } from '../rest/errors';
import { humanDuration } from '../util/duration';
import { milliValue, sumQuantities, wholeValue } from '../util/quantity';
import type { Describer } from './types';
import { getObject, gvr, writeEvents } from './core';
import { searchEvents, type CoreEvent } from './events';
import {
  LEVEL_0,
  LEVEL_1,
  cmp,
  goSorted,
  printAnnotationsMultiline,
  printLabelsMultiline,
  rfc1123z,
  tabbedString,
  type PrefixWriter,
} from './writer';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return goSorted(roles);
}

function taintString(t: core.Taint): string {
  const value = t.value ? `=${t.value}` : '';
  if (!t.effect) return t.value ? `${t.key}${value}:` : t.key;
  return `${t.key}${value}:${t.effect}`;
}

type Resources = Record<string, string | number>;

/** resourcehelper.PodRequestsAndLimits: containers summed, the largest init container if larger, plus overhead. */
function podRequestsAndLimits(pod: core.Pod): {
  reqs: Record<string, (string | number)[]>;
  limits: Record<string, (string | number)[]>;
} {
  const collect = (pick: (r: core.ResourceRequirements | undefined) => Resources | undefined) => {
    const out: Record<string, (string | number)[]> = {};
    for (const c of pod.spec?.containers ?? [])
      for (const [k, v] of Object.entries(pick(c.resources) ?? {})) (out[k] ??= []).push(v);
    for (const c of pod.spec?.initContainers ?? [])
      for (const [k, v] of Object.entries(pick(c.resources) ?? {}))
        if (milliValue(v) > milliValue(sumQuantities(out[k] ?? []))) out[k] = [v];
    for (const [k, v] of Object.entries(pod.spec?.overhead ?? {})) (out[k] ??= []).push(v);
    return out;
  };
  return { reqs: collect((r) => r?.requests), limits: collect((r) => r?.limits) };
}

const pct = (part: bigint, whole: bigint) => (whole === 0n ? 0 : Math.trunc((Number(part) / Number(whole)) * 100));

export const describeNode: Describer = async (ctx, _namespace, name) => {
  const node = await getObject<core.Node>(ctx, gvr('', 'v1', 'nodes'), '', name);
  let pods: core.Pod[] | undefined;
  try {
    const list = await ctx.client
      .resource(gvr('', 'v1', 'pods'))
      .namespace('')
      .listAll({
        fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`,
        limit: ctx.settings.chunkSize || undefined,
        signal: ctx.settings.signal,
      });
    pods = list.items as unknown as core.Pod[];
  } catch (err) {
    // Who may read a node but not every pod sees "not authorized" for the pod table.
    if (!isForbidden(err)) throw err;
  }
  let events: CoreEvent[] | undefined;
  if (ctx.settings.showEvents) {
    // Node events carry either the node's UID (controllers) or its name (the kubelet): both are asked for.
    const ref = { kind: 'Node', name, namespace: '', uid: node.metadata?.uid };
    const opts = [ctx.settings.chunkSize, ctx.settings.signal] as const;
    const byUid = await searchEvents(ctx.client, ref, ...opts).catch(() => undefined);
    const byName = await searchEvents(ctx.client, { ...ref, uid: name }, ...opts).catch(() => []);
    events = byUid ? [...byUid, ...byName] : undefined;
  }
  let lease: coordination.Lease | undefined;
  let leaseError: unknown;
  try {
    lease = await getObject<coordination.Lease>(
      ctx,
      gvr('coordination.k8s.io', 'v1', 'leases'),
      'kube-node-lease',
      name,
    );
  } catch (err) {
    leaseError = err;
  }
  const md = node.metadata ?? {};
  const spec = node.spec ?? {};
  const status = node.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    const roles = nodeRoles(md.labels);
    w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(md.creationTimestamp)}\n`);
    w.write(LEVEL_0, 'Taints:\t');
    const taints = [...(spec.taints ?? [])].sort((a, b) => cmp(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
    if (taints.length === 0) w.writeLine('<none>');
    taints.forEach((t, i) => w.write(LEVEL_0, `${i === 0 ? '' : '\t'}${taintString(t)}\n`));
    w.write(LEVEL_0, `Unschedulable:\t${Boolean(spec.unschedulable)}\n`);
    if (lease) {
      w.write(LEVEL_0, 'Lease:\n');
      w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
      w.write(LEVEL_1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`);
      w.write(LEVEL_1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
    } else {
      w.write(LEVEL_0, `Lease:\tFailed to get lease: ${(leaseError as Error).message}\n`);
    }
    const conditions = status.conditions ?? [];
    if (conditions.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    const resourceList = (title: string, list: Resources | undefined) => {
      const names = goSorted(Object.keys(list ?? {}));
      if (!names.length) return;
      w.write(LEVEL_0, `${title}:\n`);
      for (const n of names) w.write(LEVEL_0, `  ${n}:\t${String(list![n])}\n`);
    };
    resourceList('Capacity', status.capacity);
    resourceList('Allocatable', status.allocatable);
    const info: Partial<core.NodeSystemInfo> = status.nodeInfo ?? {};
    w.write(LEVEL_0, 'System Info:\n');
    for (const [label, value] of [
      ['Machine ID', info.machineID],
      ['System UUID', info.systemUUID],
      ['Boot ID', info.bootID],
      ['Kernel Version', info.kernelVersion],
      ['OS Image', info.osImage],
      ['Operating System', info.operatingSystem],
      ['Architecture', info.architecture],
      ['Container Runtime Version', info.containerRuntimeVersion],
      ['Kubelet Version', info.kubeletVersion],
      ['Kube-Proxy Version', info.kubeProxyVersion],
    ])
      w.write(LEVEL_0, `  ${label}:\t${value ?? ''}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if (spec.podCIDRs?.length) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    if (pods) describeNodeResource(w, pods, node, ctx.now());
    else w.write(LEVEL_0, 'Pods:\tnot authorized\n');
    writeEvents(w, events, ctx);
  });
};

function describeNodeResource(w: PrefixWriter, pods: core.Pod[], node: core.Node, now: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const alloc: Resources = Object.keys(node.status?.allocatable ?? {}).length
    ? node.status!.allocatable!
    : (node.status?.capacity ?? {});
  const allocCpu = milliValue(alloc.cpu);
  const allocMem = wholeValue(alloc.memory);
  const totals = { reqs: {} as Record<string, (string | number)[]>, limits: {} as Record<string, (string | number)[]> };
  const cell = (values: (string | number)[] | undefined, whole: bigint, milli: boolean) => {
    const text = sumQuantities(values ?? []);
    return `${text} (${pct(milli ? milliValue(text) : wholeValue(text), whole)}%)`;
  };
  for (const pod of pods) {
    const { reqs, limits } = podRequestsAndLimits(pod);
    for (const [k, v] of Object.entries(reqs)) (totals.reqs[k] ??= []).push(sumQuantities(v));
    for (const [k, v] of Object.entries(limits)) (totals.limits[k] ??= []).push(sumQuantities(v));
    const created = pod.metadata?.creationTimestamp;
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t${cell(reqs.cpu, allocCpu, true)}\t${cell(limits.cpu, allocCpu, true)}\t${cell(reqs.memory, allocMem, false)}\t${cell(limits.memory, allocMem, false)}\t${created ? humanDuration(now - Date.parse(created)) : '<unknown>'}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const allocEph = wholeValue(alloc['ephemeral-storage']);
  w.write(LEVEL_1, `cpu\t${cell(totals.reqs.cpu, allocCpu, true)}\t${cell(totals.limits.cpu, allocCpu, true)}\n`);
  w.write(
    LEVEL_1,
    `memory\t${cell(totals.reqs.memory, allocMem, false)}\t${cell(totals.limits.memory, allocMem, false)}\n`,
  );
  w.write(
    LEVEL_1,
    `ephemeral-storage\t${cell(totals.reqs['ephemeral-storage'], allocEph, false)}\t${cell(totals.limits['ephemeral-storage'], allocEph, false)}\n`,
  );
  const names = goSorted(Object.keys(alloc));
  for (const r of names.filter((n) => n.startsWith('hugepages-'))) {
    const whole = wholeValue(alloc[r]);
    w.write(LEVEL_1, `${r}\t${cell(totals.reqs[r], whole, false)}\t${cell(totals.limits[r], whole, false)}\n`);
  }
  // Extended resources: anything outside the standard names (which have no domain, or a kubernetes.io one).
  for (const r of names.filter((n) => !n.startsWith('hugepages-') && n !== 'pods' && !isStandardResource(n)))
    w.write(LEVEL_1, `${r}\t${sumQuantities(totals.reqs[r] ?? [])}\t${sumQuantities(totals.limits[r] ?? [])}\n`);
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function isStandardResource(name: string): boolean {
  return STANDARD_CONTAINER_RESOURCES.has(name) || name.startsWith('requests.hugepages-');
}
