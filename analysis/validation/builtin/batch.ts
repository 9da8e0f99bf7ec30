// pkg/apis/batch/validation: the Job and CronJob counts that must not be negative (restart policies are checked
// with the pod template, in core.ts), and the labels a Job's generated name gives its pod template.
import { isPlainObject } from '../../documents/manifest';
import { labelValue } from './names';
import type { NonNegativeFields, Obj, Problems } from './problems';

export const BATCH_NON_NEGATIVE: NonNegativeFields = {
  Job: [
    ['spec', 'parallelism'],
    ['spec', 'completions'],
    ['spec', 'backoffLimit'],
    ['spec', 'ttlSecondsAfterFinished'],
  ],
  CronJob: [
    ['spec', 'startingDeadlineSeconds'],
    ['spec', 'successfulJobsHistoryLimit'],
    ['spec', 'failedJobsHistoryLimit'],
    ['spec', 'jobTemplate', 'spec', 'parallelism'],
    ['spec', 'jobTemplate', 'spec', 'completions'],
    ['spec', 'jobTemplate', 'spec', 'backoffLimit'],
  ],
};

/**
 * A Job named by generateName: the server makes the name (the prefix, at most 58 bytes, and 5 random lower-case
 * letters and digits) before validation, and the Job strategy labels the pod template with it (job-name,
 * batch.kubernetes.io/job-name) unless the selector is manual. An invalid prefix thus makes invalid labels too.
 */
export function checkBatchKind(pr: Problems, obj: Obj, kind: string): void {
  if (kind !== 'Job' || !isPlainObject(obj.metadata) || !isPlainObject(obj.spec)) return;
  const { name, generateName } = obj.metadata;
  if ((typeof name === 'string' && name !== '') || typeof generateName !== 'string' || generateName === '') return;
  if (obj.spec.manualSelector === true) return;
  const generated = `${generateName.slice(0, 58)}xxxxx`;
  for (const msg of labelValue(generated))
    pr.invalidPrinted(
      ['spec', 'template', 'labels'],
      `${JSON.stringify(generateName.slice(0, 58))} + 5 random characters (the generated name)`,
      msg,
    );
}
