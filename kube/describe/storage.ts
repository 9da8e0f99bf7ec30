// Describers for storage: PersistentVolumeClaim (with the pods using it), PersistentVolume, CSINode,
// VolumeAttributesClass.
import type * as core from '../typed/generated/types/api/core/v1';
import type * as storage from '../typed/generated/types/api/storage/v1';
import { humanDuration } from '../util/duration';
import type { Describer } from './types';
import { eventsFor, getObject, gvr, listObjects, writeEvents } from './core';
import { persistentVolumeClaimClass } from './workloads';
import {
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  LEVEL_3,
  LEVEL_4,
  cmp,
  formatLabels,
  goSlice,
  goSorted,
  printAnnotationsMultiline,
  printLabelsMultiline,
  rfc1123z,
  tabbedString,
  type PrefixWriter,
} from './writer';

/** storageutil.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, each once. */
export function accessModesString(modes: string[] | undefined): string {
  const m = new Set(modes ?? []);
  return [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ]
    .filter(([mode]) => m.has(mode!))
    .map(([, short]) => short)
    .join(',');
}

const since = (t: string) => humanDuration(Date.now() - Date.parse(t));

export const describePersistentVolumeClaim: Describer = async (ctx, namespace, name) => {
  const pvc = await getObject<core.PersistentVolumeClaim>(
    ctx,
    gvr('', 'v1', 'persistentvolumeclaims'),
    namespace,
    name,
  );
  const nsPods = await listObjects<core.Pod>(ctx, gvr('', 'v1', 'pods'), namespace);
  // Pods mounting the claim, then pods owning it (a generic ephemeral volume's claim), each once.
  const pods = nsPods.filter((p) =>
    (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata?.name),
  );
  const usedBy = [...pods];
  for (const ref of pvc.metadata?.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue;
    const owner = nsPods.find((p) => p.metadata?.uid === ref.uid);
    if (owner && !usedBy.some((p) => p.metadata?.uid === owner.metadata?.uid)) usedBy.push(owner);
  }
  const events = await eventsFor(ctx, { ...pvc, kind: 'PersistentVolumeClaim' });
  return tabbedString((w) => {
    printPersistentVolumeClaim(w, pvc, true, ctx.now());
    w.write(LEVEL_0, 'Used By:\t');
    const names = usedBy.map((p) => p.metadata?.name ?? '').sort(cmp);
    if (names.length === 0) w.writeLine('<none>');
    names.forEach((n, i) => w.write(LEVEL_0, i === 0 ? `${n}\n` : `\t${n}\n`));
    const conditions = pvc.status?.conditions ?? [];
    if (conditions.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
    }
    writeEvents(w, events, ctx);
  });
};

/** printPersistentVolumeClaim: a full claim, or (isFull false) a claim template inside a pod's volume. */
export function printPersistentVolumeClaim(
  w: PrefixWriter,
  pvc: core.PersistentVolumeClaim,
  isFull: boolean,
  now: number,
): void {
  const md = pvc.metadata ?? {};
  const spec = pvc.spec ?? {};
  if (isFull) {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
  }
  w.write(LEVEL_0, `StorageClass:\t${persistentVolumeClaimClass(pvc)}\n`);
  if (isFull) {
    if (md.deletionTimestamp)
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${humanDuration(now - Date.parse(md.deletionTimestamp))})\n`);
    else w.write(LEVEL_0, `Status:\t${pvc.status?.phase ?? ''}\n`);
  }
  w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', md.labels);
  printAnnotationsMultiline(w, 'Annotations', md.annotations);
  if (isFull) w.write(LEVEL_0, `Finalizers:\t${goSlice(md.finalizers)}\n`);
  let capacity = '';
  let accessModes = '';
  if (spec.volumeName) {
    accessModes = accessModesString(pvc.status?.accessModes);
    const storage = pvc.status?.capacity?.storage;
    capacity = storage === undefined ? '0' : String(storage);
  }
  w.write(LEVEL_0, `Capacity:\t${capacity}\n`);
  w.write(LEVEL_0, `Access Modes:\t${accessModes}\n`);
  if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
  if (spec.dataSource) {
    w.write(LEVEL_0, 'DataSource:\n');
    if (spec.dataSource.apiGroup !== undefined) w.write(LEVEL_1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${spec.dataSource.kind}\n`);
    w.write(LEVEL_1, `Name:\t${spec.dataSource.name}\n`);
  }
}

export const describePersistentVolume: Describer = async (ctx, _namespace, name) => {
  const pv = await getObject<core.PersistentVolume>(ctx, gvr('', 'v1', 'persistentvolumes'), '', name);
  const events = await eventsFor(ctx, { ...pv, kind: 'PersistentVolume' });
  const md = pv.metadata ?? {};
  const spec = pv.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goSlice(md.finalizers)}\n`);
    const beta = md.annotations?.['volume.beta.kubernetes.io/storage-class'];
    w.write(LEVEL_0, `StorageClass:\t${beta ?? spec.storageClassName ?? ''}\n`);
    if (md.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(md.deletionTimestamp)})\n`);
    else w.write(LEVEL_0, `Status:\t${pv.status?.phase ?? ''}\n`);
    w.write(
      LEVEL_0,
      `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`,
    );
    w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModesString(spec.accessModes)}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    w.write(LEVEL_0, `Capacity:\t${spec.capacity?.storage !== undefined ? String(spec.capacity.storage) : '0'}\n`);
    printVolumeNodeAffinity(w, spec.nodeAffinity);
    w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ''}\n`);
    w.write(LEVEL_0, 'Source:\n');
    const field = (k: string, v: unknown) => `    ${k}:\t${String(v)}\n`;
    if (spec.hostPath)
      w.write(
        LEVEL_2,
        `Type:\tHostPath (bare host directory volume)\n${field('Path', spec.hostPath.path)}${field('HostPathType', spec.hostPath.type ?? '<none>')}`,
      );
    else if (spec.nfs)
      w.write(
        LEVEL_2,
        `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n${field('Server', spec.nfs.server)}${field('Path', spec.nfs.path)}${field('ReadOnly', Boolean(spec.nfs.readOnly))}`,
      );
    else if (spec.local)
      w.write(
        LEVEL_2,
        `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n${field('Path', spec.local.path)}`,
      );
    else if (spec.csi) {
      w.write(
        LEVEL_2,
        `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n${field('Driver', spec.csi.driver)}${field('FSType', spec.csi.fsType ?? '')}${field('VolumeHandle', spec.csi.volumeHandle)}${field('ReadOnly', Boolean(spec.csi.readOnly))}`,
      );
      printCSIVolumeAttributes(w, spec.csi.volumeAttributes);
    } else w.write(LEVEL_1, '<unknown>\n');
    writeEvents(w, events, ctx);
  });
};

/** kubectl's CSI attribute list, whose every line (the first too) carries its level's indentation again. */
export function printCSIVolumeAttributes(w: PrefixWriter, attributes: Record<string, string> | undefined): void {
  w.write(LEVEL_2, 'VolumeAttributes:\t');
  const keys = goSorted(Object.keys(attributes ?? {}));
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) {
      w.write(LEVEL_2, '');
      w.write(LEVEL_2, '\t');
    }
    const line = `${k}=${attributes![k]}`;
    w.write(
      LEVEL_2,
      Buffer.byteLength(line) > 140 ? `${Buffer.from(line).subarray(0, 140).toString()}...\n` : `${line}\n`,
    );
  });
}

function printVolumeNodeAffinity(w: PrefixWriter, affinity: core.VolumeNodeAffinity | undefined): void {
  w.write(LEVEL_0, 'Node Affinity:\t');
  if (!affinity?.required) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  w.write(LEVEL_1, 'Required Terms:\t');
  const terms = affinity.required.nodeSelectorTerms ?? [];
  if (terms.length === 0) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  terms.forEach((term, i) => {
    w.write(LEVEL_2, `Term ${i}:\t`);
    const reqs = term.matchExpressions ?? [];
    if (reqs.length === 0) w.writeLine('<none>');
    reqs.forEach((r, j) => {
      if (j !== 0) w.write(LEVEL_2, '\t');
      let expr = `${r.key} ${r.operator.toLowerCase()}`;
      if (r.values?.length) expr += ` [${r.values.join(', ')}]`;
      w.write(LEVEL_0, `${expr}\n`);
    });
  });
}

export const describeCSINode: Describer = async (ctx, _namespace, name) => {
  const csi = await getObject<storage.CSINode>(ctx, gvr('storage.k8s.io', 'v1', 'csinodes'), '', name);
  const events = await eventsFor(ctx, { ...csi, kind: 'CSINode' });
  const md = csi.metadata ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(md.creationTimestamp)}\n`);
    w.write(LEVEL_0, 'Spec:\n');
    // Go's nil test: a list sent empty comes back null from the API, and prints no "Drivers:" line.
    if (csi.spec?.drivers) {
      w.write(LEVEL_1, 'Drivers:\n');
      for (const d of csi.spec.drivers) {
        w.write(LEVEL_2, `${d.name}:\n`);
        w.write(LEVEL_3, `Node ID:\t${d.nodeID}\n`);
        if (d.allocatable?.count !== undefined) {
          w.write(LEVEL_3, 'Allocatables:\n');
          w.write(LEVEL_4, `Count:\t${d.allocatable.count}\n`);
        }
        if (d.topologyKeys) w.write(LEVEL_3, `Topology Keys:\t${goSlice(d.topologyKeys)}\n`);
      }
    }
    writeEvents(w, events, ctx);
  });
};

export const describeVolumeAttributesClass: Describer = async (ctx, _namespace, name) => {
  const vac = await getObject<storage.VolumeAttributesClass>(
    ctx,
    gvr('storage.k8s.io', 'v1', 'volumeattributesclasses'),
    '',
    name,
  );
  const events = await eventsFor(ctx, { ...vac, kind: 'VolumeAttributesClass' });
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${vac.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(vac.metadata?.annotations)}\n`);
    w.write(LEVEL_0, `DriverName:\t${vac.driverName}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabels(vac.parameters)}\n`);
    writeEvents(w, events, ctx);
  });
};
