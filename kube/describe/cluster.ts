// Describers for configuration kinds with short texts: PriorityClass, StorageClass, IngressClass, Role, ClusterRole,
// RoleBinding, ClusterRoleBinding, LimitRange, ResourceQuota.
import type * as core from '../typed/generated/types/api/core/v1';
import type * as networking from '../typed/generated/types/api/networking/v1';
import type * as rbac from '../typed/generated/types/api/rbac/v1';
import type * as scheduling from '../typed/generated/types/api/scheduling/v1';
import type * as storage from '../typed/generated/types/api/storage/v1';
import type { Describer } from './types';
import { QUOTA_SCOPE_HELP, eventsFor, getObject, gvr, limitRangeRows, writeEvents } from './core';
import {
  LEVEL_0,
  LEVEL_1,
  cmp,
  formatLabels,
  goSlice,
  goSorted,
  printAnnotationsMultiline,
  printBoolPtr,
  printLabelsMultiline,
  tabbedString,
} from './writer';

export const describePriorityClass: Describer = async (ctx, _namespace, name) => {
  const pc = await getObject<scheduling.PriorityClass>(
    ctx,
    gvr('scheduling.k8s.io', 'v1', 'priorityclasses'),
    '',
    name,
  );
  const events = await eventsFor(ctx, { ...pc, kind: 'PriorityClass' });
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pc.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Value:\t${pc.value}\n`);
    w.write(LEVEL_0, `GlobalDefault:\t${Boolean(pc.globalDefault)}\n`);
    w.write(LEVEL_0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Description:\t${pc.description ?? ''}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(pc.metadata?.annotations)}\n`);
    writeEvents(w, events, ctx);
  });
};

export const describeStorageClass: Describer = async (ctx, _namespace, name) => {
  const sc = await getObject<storage.StorageClass>(ctx, gvr('storage.k8s.io', 'v1', 'storageclasses'), '', name);
  const events = await eventsFor(ctx, { ...sc, kind: 'StorageClass' });
  const a = sc.metadata?.annotations ?? {};
  const isDefault =
    a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sc.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(sc.metadata?.annotations)}\n`);
    w.write(LEVEL_0, `Provisioner:\t${sc.provisioner}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
    w.write(LEVEL_0, `AllowVolumeExpansion:\t${printBoolPtr(sc.allowVolumeExpansion)}\n`);
    if (!sc.mountOptions?.length) w.write(LEVEL_0, 'MountOptions:\t<none>\n');
    else {
      w.write(LEVEL_0, 'MountOptions:\n');
      for (const o of sc.mountOptions) w.write(LEVEL_1, `${o}\n`);
    }
    if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
    if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
    if (sc.allowedTopologies) {
      w.write(LEVEL_0, 'AllowedTopologies:\t');
      if (sc.allowedTopologies.length === 0) w.writeLine('<none>');
      else {
        w.writeLine('');
        sc.allowedTopologies.forEach((term, i) => {
          w.write(LEVEL_1, `Term ${i}:\t`);
          const reqs = term.matchLabelExpressions ?? [];
          if (reqs.length === 0) w.writeLine('<none>');
          reqs.forEach((r, j) => {
            if (j !== 0) w.write(LEVEL_1, '\t');
            w.write(LEVEL_0, `${r.key} in${r.values.length ? ` [${r.values.join(', ')}]` : ''}\n`);
          });
        });
      }
    }
    writeEvents(w, events, ctx);
  });
};

export const describeIngressClass: Describer = async (ctx, _namespace, name) => {
  const ic = await getObject<networking.IngressClass>(ctx, gvr('networking.k8s.io', 'v1', 'ingressclasses'), '', name);
  const events = await eventsFor(ctx, { ...ic, kind: 'IngressClass' });
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ic.metadata?.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ic.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', ic.metadata?.annotations);
    w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
    const p = ic.spec?.parameters;
    if (p) {
      w.write(LEVEL_0, 'Parameters:\n');
      if (p.apiGroup !== undefined) w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${p.kind}\n`);
      w.write(LEVEL_1, `Name:\t${p.name}\n`);
    }
    writeEvents(w, events, ctx);
  });
};

/** rbac.BreakdownRule: one rule per group, resource, verb and resource name; one per URL and verb. */
function breakdownRule(rule: rbac.PolicyRule): rbac.PolicyRule[] {
  const out: rbac.PolicyRule[] = [];
  for (const group of rule.apiGroups ?? [])
    for (const resource of rule.resources ?? [])
      for (const verb of rule.verbs ?? []) {
        const names = rule.resourceNames ?? [];
        if (names.length)
          for (const n of names)
            out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [n] });
        else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
  for (const url of rule.nonResourceURLs ?? [])
    for (const verb of rule.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

/**
 * rbac.CompactRules over broken-down rules: those on one group, resource and resource name gather their verbs
 * (URL rules stay apart), then sort.Stable by the rule's protobuf String(), as kubectl orders them.
 */
function compactRules(rules: rbac.PolicyRule[]): rbac.PolicyRule[] {
  const compacted: rbac.PolicyRule[] = [];
  const simple = new Map<string, rbac.PolicyRule>();
  for (const r of rules) {
    if (r.nonResourceURLs?.length) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups, r.resources, r.resourceNames ?? null]);
    const existing = simple.get(key);
    if (existing) existing.verbs = [...existing.verbs, ...r.verbs];
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  const ruleString = (r: rbac.PolicyRule) =>
    `&PolicyRule{Verbs:${goSlice(r.verbs)},APIGroups:${goSlice(r.apiGroups)},Resources:${goSlice(r.resources)},ResourceNames:${goSlice(r.resourceNames)},NonResourceURLs:${goSlice(r.nonResourceURLs)},}`;
  return [...compacted, ...simple.values()].sort((a, b) => cmp(ruleString(a), ruleString(b)));
}

/** CombineResourceGroup: "resource.group/subresource" of a compacted rule's first resource and group. */
function combineResourceGroup(resources: string[] | undefined, groups: string[] | undefined): string {
  if (!resources?.length) return '';
  const [res, sub] = splitOnce(resources[0]!, '/');
  let combined = res;
  if (groups?.length && groups[0]) combined += `.${groups[0]}`;
  return sub === undefined ? combined : `${combined}/${sub}`;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + sep.length)];
}

function roleDescriber(resource: string): Describer {
  return async (ctx, namespace, name) => {
    const role = await getObject<rbac.Role>(ctx, gvr('rbac.authorization.k8s.io', 'v1', resource), namespace, name);
    const rules = compactRules((role.rules ?? []).flatMap(breakdownRule));
    return tabbedString((w) => {
      w.write(LEVEL_0, `Name:\t${role.metadata?.name ?? ''}\n`);
      printLabelsMultiline(w, 'Labels', role.metadata?.labels);
      printAnnotationsMultiline(w, 'Annotations', role.metadata?.annotations);
      w.write(LEVEL_0, 'PolicyRule:\n');
      w.write(LEVEL_1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
      w.write(LEVEL_1, '---------\t-----------------\t--------------\t-----\n');
      for (const r of rules)
        w.write(
          LEVEL_1,
          `${combineResourceGroup(r.resources, r.apiGroups)}\t${goSlice(r.nonResourceURLs)}\t${goSlice(r.resourceNames)}\t${goSlice(r.verbs)}\n`,
        );
    });
  };
}

export const describeRole = roleDescriber('roles');
export const describeClusterRole = roleDescriber('clusterroles');

function bindingDescriber(resource: string): Describer {
  return async (ctx, namespace, name) => {
    const b = await getObject<rbac.RoleBinding>(ctx, gvr('rbac.authorization.k8s.io', 'v1', resource), namespace, name);
    return tabbedString((w) => {
      w.write(LEVEL_0, `Name:\t${b.metadata?.name ?? ''}\n`);
      printLabelsMultiline(w, 'Labels', b.metadata?.labels);
      printAnnotationsMultiline(w, 'Annotations', b.metadata?.annotations);
      w.write(LEVEL_0, 'Role:\n');
      w.write(LEVEL_1, `Kind:\t${b.roleRef.kind}\n`);
      w.write(LEVEL_1, `Name:\t${b.roleRef.name}\n`);
      w.write(LEVEL_0, 'Subjects:\n');
      w.write(LEVEL_1, 'Kind\tName\tNamespace\n');
      w.write(LEVEL_1, '----\t----\t---------\n');
      for (const s of b.subjects ?? []) w.write(LEVEL_1, `${s.kind}\t${s.name}\t${s.namespace ?? ''}\n`);
    });
  };
}

export const describeRoleBinding = bindingDescriber('rolebindings');
export const describeClusterRoleBinding = bindingDescriber('clusterrolebindings');

export const describeLimitRange: Describer = async (ctx, namespace, name) => {
  const lr = await getObject<core.LimitRange>(ctx, gvr('', 'v1', 'limitranges'), namespace, name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${lr.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${lr.metadata?.namespace ?? ''}\n`);
    w.write(LEVEL_0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
    w.write(LEVEL_0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
    limitRangeRows(w, lr, '');
  });
};

export const describeResourceQuota: Describer = async (ctx, namespace, name) => {
  const q = await getObject<core.ResourceQuota>(ctx, gvr('', 'v1', 'resourcequotas'), namespace, name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${q.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${q.metadata?.namespace ?? ''}\n`);
    const scopes = goSorted(q.spec?.scopes ?? []);
    if (scopes.length) {
      w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (QUOTA_SCOPE_HELP[s]) w.write(LEVEL_0, ` * ${QUOTA_SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_0, '--------\t----\t----\n');
    const hard = q.status?.hard ?? {};
    for (const r of goSorted(Object.keys(hard)))
      w.write(LEVEL_0, `${r}\t${String(q.status?.used?.[r] ?? '0')}\t${String(hard[r])}\n`);
  });
};
