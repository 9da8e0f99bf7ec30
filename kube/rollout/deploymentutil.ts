// The parts of k8s.io/kubectl/pkg/util/deployment that history, undo and describe share: which ReplicaSets a
// Deployment controls, which of them is the new one, and template equality that ignores pod-template-hash.
import type * as apps from '../typed/generated/types/api/apps/v1';
import type * as core from '../typed/generated/types/api/core/v1';

/** The label the deployment controller adds to each ReplicaSet's template (apps/v1 DefaultDeploymentUniqueLabelKey). */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** ReplicaSets (from a list by the Deployment's selector) whose controller is this Deployment, oldest first. */
export function controlledReplicaSets(d: apps.Deployment, candidates: apps.ReplicaSet[]): apps.ReplicaSet[] {
  const owned = candidates.filter((rs) =>
    rs.metadata?.ownerReferences?.some((o) => o.controller && o.uid === d.metadata?.uid),
  );
  // controller.ReplicaSetsByCreationTimestamp: oldest first, then by name.
  return owned.sort((a, b) => {
    const ta = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
    const tb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
    if (ta !== tb) return ta - tb;
    return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
  });
}

/** deploymentutil.FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function splitReplicaSets(
  d: apps.Deployment,
  owned: apps.ReplicaSet[],
): { oldRSs: apps.ReplicaSet[]; newRS: apps.ReplicaSet | undefined } {
  const newRS = owned.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
  return { oldRSs: owned.filter((rs) => rs !== newRS), newRS };
}

/** deploymentutil.EqualIgnoreHash: pod templates equal once the pod-template-hash label is removed. */
export function equalIgnoreHash(a: core.PodTemplateSpec | undefined, b: core.PodTemplateSpec | undefined): boolean {
  return JSON.stringify(canonical(withoutHash(a))) === JSON.stringify(canonical(withoutHash(b)));
}

/** A copy of the template without the pod-template-hash label (an emptied labels map is dropped, as Go's omitempty). */
export function withoutHash(t: core.PodTemplateSpec | undefined): core.PodTemplateSpec {
  if (!t) return {};
  const metadata = { ...(t.metadata ?? {}) };
  if (metadata.labels) {
    const labels = { ...metadata.labels };
    delete labels[POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(labels).length) metadata.labels = labels;
    else delete metadata.labels;
  }
  return { ...t, metadata };
}

/** Key-sorted copy, so equal templates compare equal whatever order the server wrote their fields in. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}
