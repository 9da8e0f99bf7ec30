// The Priority admission plugin (plugin/pkg/admission/priority, on by default) on a Pod's create: it computes the
// pod's priority and preemption policy from its PriorityClass and refuses a pod that gives other values itself.
// Before validation, so the server answers with this alone. Only what every cluster computes the same is checked:
// the two system classes, and no class at all — a cluster without a globalDefault PriorityClass (the usual case)
// gives priority 0 and PreemptLowerPriority there; another class' value is known only to the cluster.
import { isPlainObject } from '../../documents/manifest';
import type { Obj, Problems } from './problems';

/** pkg/apis/scheduling/v1's systemPriorityClasses (their preemptionPolicy is the defaulted PreemptLowerPriority). */
const COMPUTED: Record<string, number> = {
  '': 0,
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};
const PREEMPTION_POLICY = 'PreemptLowerPriority';

export function checkPodPriority(pr: Problems, obj: Obj): void {
  const spec = obj.spec;
  if (!isPlainObject(spec) || (spec.priority === undefined && spec.preemptionPolicy === undefined)) return;
  const className = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
  if (!Object.hasOwn(COMPUTED, className)) return;
  const computed = COMPUTED[className];
  if (Number.isInteger(spec.priority) && spec.priority !== computed)
    pr.forbidden(
      ['spec', 'priority'],
      `the integer value of priority (${spec.priority as number}) must not be provided in pod spec; priority admission controller computed ${computed} from the given PriorityClass name`,
    );
  else if (typeof spec.preemptionPolicy === 'string' && spec.preemptionPolicy !== PREEMPTION_POLICY)
    pr.forbidden(
      ['spec', 'preemptionPolicy'],
      `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${PREEMPTION_POLICY} from the given PriorityClass name`,
    );
}
