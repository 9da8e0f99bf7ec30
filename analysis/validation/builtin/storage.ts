// pkg/apis/storage/validation for what OpenAPI does not say: a CSIDriver's volume lifecycle modes.
import { isPlainObject } from '../../documents/manifest';
import type { Obj, Problems } from './problems';

const LIFECYCLE_MODES = ['Persistent', 'Ephemeral'];

export function checkStorageKind(pr: Problems, obj: Obj, kind: string): void {
  if (kind !== 'CSIDriver' || !isPlainObject(obj.spec)) return;
  const modes = obj.spec.volumeLifecycleModes;
  if (!Array.isArray(modes)) return;
  // validateVolumeLifecycleModes reports at the list, not the item (a null item is Go's "").
  for (const mode of modes)
    if (typeof mode === 'string' && !LIFECYCLE_MODES.includes(mode))
      pr.unsupported(['spec', 'volumeLifecycleModes'], mode, LIFECYCLE_MODES);
}
