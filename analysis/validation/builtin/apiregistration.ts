// kube-aggregator's apiregistration validation: APIService priorities.
import { isPlainObject } from '../../documents/manifest';
import type { Obj, Problems } from './problems';

export function checkApiRegistrationKind(pr: Problems, obj: Obj, kind: string): void {
  if (kind === 'APIService') checkApiService(pr, obj);
}

function checkApiService(pr: Problems, obj: Obj): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  if (!spec) return;
  const g = spec.groupPriorityMinimum;
  if (typeof g === 'number' && (g <= 0 || g >= 20000))
    pr.invalid(['spec', 'groupPriorityMinimum'], g, 'must be positive and less than 20000');
  const v = spec.versionPriority;
  if (typeof v === 'number' && (v <= 0 || v >= 1000))
    pr.invalid(['spec', 'versionPriority'], v, 'must be positive and less than 1000');
}
