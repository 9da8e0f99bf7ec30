// ValidateVolumes keeps only the volumes without any error — their source's (from the schema or the Go checks),
// their name's, a duplicate name — and containers' mounts and devices are then looked up among those kept: a mount
// of a dropped volume is "Not found" too. So this runs after every other check of the object, over all problems.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import type { FieldProblem } from '../schemaValidator';
import { podTemplateUnchecked } from './apps';
import { claimTemplateVolumes, podSpecsOf } from './core';
import { dns1123Label } from './names';
import { Problems, type Obj, type ObjectCheckContext } from './problems';
import { withGoVolumeFieldNames } from './volumeSources';

/**
 * The last step of a built-in object's checks, after all others: the problems of dropped volumes' references added
 * to `problems`, then the volume fields renamed as Go's validation names them.
 */
export function finishVolumeProblems(
  problems: FieldProblem[],
  obj: unknown,
  ctx: ObjectCheckContext,
  base: FieldPath,
): void {
  const references = volumeReferenceProblems(obj, ctx, base, problems);
  for (const p of references) problems.push(p);
  if (problems.length) withGoVolumeFieldNames(problems);
}

/** The problems that depend on which volumes the server keeps, for each pod spec of a built-in object. */
function volumeReferenceProblems(
  obj: unknown,
  ctx: ObjectCheckContext,
  base: FieldPath,
  found: readonly FieldProblem[],
): readonly FieldProblem[] {
  if (!isPlainObject(obj) || ctx.isCustomResource) return NONE;
  const specs = podSpecsOf(obj, ctx);
  if (specs.length === 0) return NONE;
  const pr = new Problems(base);
  // A StatefulSet's claim templates are volumes the server adds first (core.ts numbers the pod's own after them).
  const added = claimTemplateVolumes(obj, ctx);
  // Most objects have no error: no volume is then dropped for one, and no path need be made to look for it.
  const errors = found.some(isError) ? found : undefined;
  // A template whose validation the server skips (a selector that does not convert) has no volumes checked either.
  const skipTemplate = podTemplateUnchecked(obj, ctx);
  for (let s = 0; s < specs.length; s++) {
    const at = specs[s][0];
    const spec = specs[s][1];
    if (skipTemplate && at[0] === 'spec' && at[1] === 'template') continue;
    const kept = new Map<string, Obj>();
    for (const name of added) if (dns1123Label(name).length === 0) kept.set(name, { persistentVolumeClaim: {} });
    const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
    let index = added.size;
    for (let own = 0; own < volumes.length; own++) {
      const v: unknown = volumes[own];
      if (isPlainObject(v) && typeof v.name === 'string' && added.has(v.name)) continue;
      const i = index++;
      if (!isPlainObject(v)) continue;
      const name = typeof v.name === 'string' ? v.name : '';
      // The schema reports at the volume's own index, the Go checks at the server's (they differ only after claim
      // templates).
      if (errors) {
        const volumesAt = [...base, ...at, 'volumes'];
        if (hasError(errors, [...volumesAt, i]) || (own !== i && hasError(errors, [...volumesAt, own]))) continue;
      }
      if (name === '' || dns1123Label(name).length) continue;
      if (kept.has(name)) {
        pr.duplicate([...at, 'volumes', i, 'name'], name);
        continue;
      }
      kept.set(name, v);
    }
    for (const listName of CONTAINER_LISTS) {
      const list = spec[listName];
      if (!Array.isArray(list)) continue;
      for (let i = 0; i < list.length; i++) {
        const c: unknown = list[i];
        if (!isPlainObject(c)) continue;
        const mounts = c.volumeMounts;
        if (Array.isArray(mounts)) checkReferences(pr, kept, mounts, at, listName, i, false);
        const devices = c.volumeDevices;
        if (Array.isArray(devices)) checkReferences(pr, kept, devices, at, listName, i, true);
      }
    }
  }
  return pr.list;
}

const CONTAINER_LISTS = ['initContainers', 'containers'] as const;
const NONE: readonly FieldProblem[] = [];

/** A container's volumeMounts or volumeDevices: each must name a kept volume (a device, a claim's). */
function checkReferences(
  pr: Problems,
  kept: ReadonlyMap<string, Obj>,
  refs: unknown[],
  at: FieldPath,
  listName: string,
  i: number,
  devices: boolean,
): void {
  for (let j = 0; j < refs.length; j++) {
    const ref: unknown = refs[j];
    if (!isPlainObject(ref) || typeof ref.name !== 'string') continue;
    const volume = kept.get(ref.name);
    // ValidateVolumeDevices: a block device comes from a claim.
    const notClaim =
      devices && !!volume && !isPlainObject(volume.persistentVolumeClaim) && !isPlainObject(volume.ephemeral);
    if (volume && !notClaim) continue;
    const path = [...at, listName, i, devices ? 'volumeDevices' : 'volumeMounts', j, 'name'];
    if (!volume) pr.notFound(path, ref.name);
    else
      pr.invalid(
        path,
        ref.name,
        'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
      );
  }
}

function isError(f: FieldProblem): boolean {
  return f.severity === undefined || f.severity === 'error';
}

function hasError(found: readonly FieldProblem[], prefix: FieldPath): boolean {
  return found.some((f) => isError(f) && f.path.length >= prefix.length && prefix.every((s, k) => f.path[k] === s));
}
