// pkg/apis/policy/validation: PodDisruptionBudget minAvailable / maxUnavailable.
import { isPlainObject } from '../../documents/manifest';
import { PERCENT, PERCENT_MESSAGE, type Obj, type Problems } from './problems';

export function checkPolicyKind(pr: Problems, obj: Obj, kind: string): void {
  if (kind === 'PodDisruptionBudget') checkPodDisruptionBudget(pr, obj);
}

function checkPodDisruptionBudget(pr: Problems, obj: Obj): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  if (!spec) return;
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    pr.invalid(['spec'], spec, 'minAvailable and maxUnavailable cannot be both set');
  }
  for (const field of ['minAvailable', 'maxUnavailable']) {
    const v = spec[field];
    if (typeof v === 'number' && v < 0) pr.invalid(['spec', field], v, 'must be greater than or equal to 0');
    if (typeof v === 'string') {
      if (!PERCENT.test(v)) {
        pr.invalid(['spec', field], v, PERCENT_MESSAGE);
      } else if (Number(v.slice(0, -1)) > 100) pr.invalid(['spec', field], v, 'must not be greater than 100%');
    }
  }
}
