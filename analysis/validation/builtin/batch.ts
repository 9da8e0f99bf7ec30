// pkg/apis/batch/validation: the Job and CronJob counts that must not be negative (restart policies are checked
// with the pod template, in core.ts), the completion-mode rules, and the labels a Job's generated name gives its
// pod template.
import { isPlainObject } from '../../documents/manifest';
import { generatedName, labelValue } from './names';
import { checkPodFailurePolicy } from './podFailurePolicy';
import type { NonNegativeFields, Obj, Problems } from './problems';

export const BATCH_NON_NEGATIVE: NonNegativeFields = {
  Job: [
    ['spec', 'parallelism'],
    ['spec', 'completions'],
    ['spec', 'backoffLimit'],
    ['spec', 'ttlSecondsAfterFinished'],
    ['spec', 'activeDeadlineSeconds'],
    ['spec', 'backoffLimitPerIndex'],
    ['spec', 'maxFailedIndexes'],
  ],
  CronJob: [
    ['spec', 'startingDeadlineSeconds'],
    ['spec', 'successfulJobsHistoryLimit'],
    ['spec', 'failedJobsHistoryLimit'],
    ['spec', 'jobTemplate', 'spec', 'parallelism'],
    ['spec', 'jobTemplate', 'spec', 'completions'],
    ['spec', 'jobTemplate', 'spec', 'backoffLimit'],
    ['spec', 'jobTemplate', 'spec', 'activeDeadlineSeconds'],
    ['spec', 'jobTemplate', 'spec', 'backoffLimitPerIndex'],
    ['spec', 'jobTemplate', 'spec', 'maxFailedIndexes'],
  ],
};

/**
 * A Job named by generateName: the server makes the name (names.ts's generatedName) before validation, and the Job
 * strategy labels the pod template with it (job-name, batch.kubernetes.io/job-name) unless the selector is manual.
 * An invalid prefix thus makes invalid labels too.
 */
export function checkBatchKind(pr: Problems, obj: Obj, kind: string): void {
  if (kind === 'Job' && isPlainObject(obj.spec)) checkJobSpec(pr, ['spec'], obj.spec);
  const jobTemplate = kind === 'CronJob' && isPlainObject(obj.spec) ? obj.spec.jobTemplate : undefined;
  if (isPlainObject(jobTemplate) && isPlainObject(jobTemplate.spec))
    checkJobSpec(pr, ['spec', 'jobTemplate', 'spec'], jobTemplate.spec);
  checkGeneratedJobName(pr, obj, kind);
}

function checkJobSpec(pr: Problems, p: string[], spec: Obj): void {
  checkCompletionMode(pr, p, spec);
  checkPodFailurePolicy(pr, p, spec);
}

const INDEXED_LIMIT = 100_000;
const HIGH_COMPLETIONS_LIMIT = 10_000;

/**
 * ValidateJobSpec's completion-mode rules: per-index backoff, failed-index limits and success policies need the
 * Indexed mode (an absent mode is NonIndexed), which needs completions and bounds parallelism.
 */
function checkCompletionMode(pr: Problems, p: string[], spec: Obj): void {
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const completions = num(spec.completions);
  const parallelism = num(spec.parallelism);
  const perIndex = num(spec.backoffLimitPerIndex);
  const maxFailed = num(spec.maxFailedIndexes);
  if (maxFailed !== undefined && perIndex === undefined)
    pr.required([...p, 'backoffLimitPerIndex'], 'when maxFailedIndexes is specified');
  const mode = spec.completionMode ?? 'NonIndexed';
  if (mode === 'Indexed') {
    if (completions === undefined) pr.required([...p, 'completions'], 'when completion mode is Indexed');
    if (parallelism !== undefined && parallelism > INDEXED_LIMIT)
      pr.invalid(
        [...p, 'parallelism'],
        parallelism,
        `must be less than or equal to ${INDEXED_LIMIT} when completion mode is Indexed`,
      );
    if (completions !== undefined && maxFailed !== undefined && maxFailed > completions)
      pr.invalid([...p, 'maxFailedIndexes'], maxFailed, 'must be less than or equal to completions');
    if (maxFailed !== undefined && maxFailed > INDEXED_LIMIT)
      pr.invalid([...p, 'maxFailedIndexes'], maxFailed, `must be less than or equal to ${INDEXED_LIMIT}`);
    if (completions !== undefined && completions > INDEXED_LIMIT && perIndex !== undefined) {
      const high = `when completions are above ${INDEXED_LIMIT} and used with backoff limit per index`;
      if (maxFailed === undefined)
        pr.required([...p, 'maxFailedIndexes'], `must be specified when completions is above ${INDEXED_LIMIT}`);
      if (parallelism !== undefined && parallelism > HIGH_COMPLETIONS_LIMIT)
        pr.invalid(
          [...p, 'parallelism'],
          parallelism,
          `must be less than or equal to ${HIGH_COMPLETIONS_LIMIT} ${high}`,
        );
      if (maxFailed !== undefined && maxFailed > HIGH_COMPLETIONS_LIMIT)
        pr.invalid(
          [...p, 'maxFailedIndexes'],
          maxFailed,
          `must be less than or equal to ${HIGH_COMPLETIONS_LIMIT} ${high}`,
        );
    }
  } else if (mode === 'NonIndexed') {
    if (perIndex !== undefined)
      pr.invalid([...p, 'backoffLimitPerIndex'], perIndex, 'requires indexed completion mode');
    if (maxFailed !== undefined) pr.invalid([...p, 'maxFailedIndexes'], maxFailed, 'requires indexed completion mode');
  }
  if (mode !== 'Indexed' && isPlainObject(spec.successPolicy))
    pr.invalidPrinted([...p, 'successPolicy'], goSuccessPolicy(spec.successPolicy), 'requires indexed completion mode');
}

/** The server prints the internal SuccessPolicy struct (Go field names, absent pointers null). */
function goSuccessPolicy(policy: Obj): string {
  const rules = Array.isArray(policy.rules) ? policy.rules : null;
  return JSON.stringify({
    Rules:
      rules?.map((r) => ({
        SucceededIndexes: isPlainObject(r) ? (r.succeededIndexes ?? null) : null,
        SucceededCount: isPlainObject(r) ? (r.succeededCount ?? null) : null,
      })) ?? null,
  });
}

function checkGeneratedJobName(pr: Problems, obj: Obj, kind: string): void {
  if (kind !== 'Job' || !isPlainObject(obj.metadata) || !isPlainObject(obj.spec)) return;
  const { name, generateName } = obj.metadata;
  if (obj.spec.manualSelector === true) return;
  // The name labels the pod template too (job-name): a name that is no label value (too long, ".") is refused there.
  if (typeof name === 'string' && name !== '') {
    for (const msg of labelValue(name)) pr.invalid(['spec', 'template', 'labels'], name, msg);
    return;
  }
  if (typeof generateName !== 'string' || generateName === '') return;
  const generated = generatedName(generateName);
  for (const msg of labelValue(generated.checked))
    pr.invalidPrinted(['spec', 'template', 'labels'], generated.printed, msg);
}
