// ValidateVolumes keeps only the volumes without any error — their source's (from the schema or the Go checks),
// their name's, a duplicate name — and containers' mounts and devices are then looked up among those kept: a mount
// of a dropped volume is "Not found" too. So this runs after every other check of the object, over all problems.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import type { FieldProblem } from '../schemaValidator';
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
  problems.push(...volumeReferenceProblems(obj, ctx, base, problems));
  withGoVolumeFieldNames(problems);
}

/** The problems that depend on which volumes the server keeps, for each pod spec of a built-in object. */
function volumeReferenceProblems(
  obj: unknown,
  ctx: ObjectCheckContext,
  base: FieldPath,
  found: readonly FieldProblem[],
): FieldProblem[] {
  const pr = new Problems(base);
  if (!isPlainObject(obj) || ctx.isCustomResource) return pr.list;
  // A StatefulSet's claim templates are volumes the server adds first (core.ts numbers the pod's own after them).
  const added = claimTemplateVolumes(obj, ctx);
  for (const [at, spec] of podSpecsOf(obj, ctx)) {
    const kept = new Map<string, Obj>();
    for (const name of added) if (dns1123Label(name).length === 0) kept.set(name, { persistentVolumeClaim: {} });
    const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
    let index = added.size;
    volumes.forEach((v, own) => {
      if (isPlainObject(v) && typeof v.name === 'string' && added.has(v.name)) return;
      const i = index++;
      if (!isPlainObject(v)) return;
      const name = typeof v.name === 'string' ? v.name : '';
      // The schema reports at the volume's own index, the Go checks at the server's (they differ only after claim
      // templates).
      const volumesAt = [...base, ...at, 'volumes'];
      if (hasError(found, [...volumesAt, i]) || (own !== i && hasError(found, [...volumesAt, own]))) return;
      if (name === '' || dns1123Label(name).length) return;
      if (kept.has(name)) {
        pr.duplicate([...at, 'volumes', i, 'name'], name);
        return;
      }
      kept.set(name, v);
    });
    for (const listName of ['initContainers', 'containers']) {
      const list = spec[listName];
      if (!Array.isArray(list)) continue;
      list.forEach((c, i) => {
        if (!isPlainObject(c)) return;
        for (const [field, devices] of [
          ['volumeMounts', false],
          ['volumeDevices', true],
        ] as const) {
          const refs = c[field];
          if (!Array.isArray(refs)) continue;
          refs.forEach((ref, j) => {
            if (!isPlainObject(ref) || typeof ref.name !== 'string') return;
            const p = [...at, listName, i, field, j, 'name'];
            const volume = kept.get(ref.name);
            if (!volume) pr.notFound(p, ref.name);
            // ValidateVolumeDevices: a block device comes from a claim.
            else if (devices && !isPlainObject(volume.persistentVolumeClaim) && !isPlainObject(volume.ephemeral))
              pr.invalid(
                p,
                ref.name,
                'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
              );
          });
        }
      });
    }
  }
  return pr.list;
}

function hasError(found: readonly FieldProblem[], prefix: FieldPath): boolean {
  return found.some(
    (f) =>
      (f.severity === undefined || f.severity === 'error') &&
      f.path.length >= prefix.length &&
      prefix.every((s, k) => f.path[k] === s),
  );
}
