// pkg/apis/batch/validation: the Job and CronJob counts that must not be negative (restart policies are checked
// with the pod template, in core.ts).
import type { NonNegativeFields } from './problems';

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
