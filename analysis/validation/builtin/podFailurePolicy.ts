// A Job's podFailurePolicy as validatePodFailurePolicy (pkg/apis/batch/validation) checks it: at most 20 rules,
// each with a known action (FailIndex only with backoffLimitPerIndex) and exactly one of onExitCodes (an operator,
// 1–255 ordered unique exit codes, no 0 with In, a container of the template) and onPodConditions (at most 20,
// qualified-name types; an empty status is defaulted to True). The template must then restart Never, and pods are
// replaced only once Failed.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { qualifiedName } from './names';
import type { Obj, Problems } from './problems';

const MAX_RULES = 20;
const MAX_EXIT_CODES = 255;
const MAX_CONDITION_PATTERNS = 20;
const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
/** sets.List printed with %q: `["Count" "FailIndex" …]`. */
const goQuotedList = (values: string[]) => `valid values: [${values.map((v) => JSON.stringify(v)).join(' ')}]`;

/** `p`: the Job spec's path (`spec`, or a CronJob's `spec.jobTemplate.spec`). */
export function checkPodFailurePolicy(pr: Problems, p: FieldPath, spec: Obj): void {
  const policy = spec.podFailurePolicy;
  if (!isPlainObject(policy)) return;
  const podSpec = isPlainObject(spec.template) && isPlainObject(spec.template.spec) ? spec.template.spec : {};
  const rules = Array.isArray(policy.rules) ? policy.rules : [];
  const rulesPath = [...p, 'podFailurePolicy', 'rules'];
  if (rules.length > MAX_RULES) pr.tooMany(rulesPath, rules.length, MAX_RULES);
  const containerNames = new Set<unknown>();
  for (const list of [podSpec.containers, podSpec.initContainers])
    if (Array.isArray(list)) for (const c of list) if (isPlainObject(c)) containerNames.add(c.name ?? '');
  rules.forEach((rule, i) => {
    if (isPlainObject(rule)) checkRule(pr, [...rulesPath, i], rule, spec, containerNames);
  });
  // The template's other restart policies are refused whatever the policy (checkTemplateRestartPolicy, core.ts).
  if (podSpec.restartPolicy === 'OnFailure')
    pr.invalid(
      [...p, 'template', 'spec', 'restartPolicy'],
      'OnFailure',
      'only "Never" is supported when podFailurePolicy is specified',
    );
  if (spec.podReplacementPolicy === 'TerminatingOrFailed')
    pr.unsupported([...p, 'podReplacementPolicy'], spec.podReplacementPolicy, ['Failed']);
}

function checkRule(pr: Problems, at: FieldPath, rule: Obj, spec: Obj, containerNames: Set<unknown>): void {
  const action = rule.action ?? '';
  if (action === '') pr.required([...at, 'action'], goQuotedList(ACTIONS));
  else if (action === 'FailIndex' && spec.backoffLimitPerIndex == null)
    pr.invalid([...at, 'action'], action, 'requires the backoffLimitPerIndex to be set');
  // Other unknown actions: the enum.
  const onExitCodes = isPlainObject(rule.onExitCodes) ? rule.onExitCodes : undefined;
  const conditions = Array.isArray(rule.onPodConditions) ? rule.onPodConditions : [];
  if (onExitCodes) checkExitCodes(pr, [...at, 'onExitCodes'], onExitCodes, containerNames);
  if (conditions.length > MAX_CONDITION_PATTERNS)
    pr.tooMany([...at, 'onPodConditions'], conditions.length, MAX_CONDITION_PATTERNS);
  conditions.forEach((c, j) => {
    const type = isPlainObject(c) && typeof c.type === 'string' ? c.type : '';
    for (const msg of qualifiedName(type)) pr.invalid([...at, 'onPodConditions', j, 'type'], type, msg);
    const status = isPlainObject(c) ? c.status : undefined;
    if (typeof status === 'string' && status !== '' && !CONDITION_STATUSES.includes(status))
      pr.unsupported([...at, 'onPodConditions', j, 'status'], status, CONDITION_STATUSES);
  });
  if (onExitCodes && conditions.length > 0)
    pr.invalidOmittingValue(at, 'specifying both OnExitCodes and OnPodConditions is not supported');
  if (!onExitCodes && conditions.length === 0)
    pr.invalidOmittingValue(at, 'specifying one of OnExitCodes and OnPodConditions is required');
}

function checkExitCodes(pr: Problems, at: FieldPath, req: Obj, containerNames: Set<unknown>): void {
  const operator = req.operator ?? '';
  if (operator === '') pr.required([...at, 'operator'], goQuotedList(OPERATORS));
  if (req.containerName != null && !containerNames.has(req.containerName))
    pr.invalid(
      [...at, 'containerName'],
      req.containerName,
      'must be one of the container or initContainer names in the pod template',
    );
  const values = Array.isArray(req.values) ? req.values : [];
  if (values.length === 0)
    pr.invalid([...at, 'values'], Array.isArray(req.values) ? [] : null, 'at least one value is required');
  else if (values.length > MAX_EXIT_CODES) pr.tooMany([...at, 'values'], values.length, MAX_EXIT_CODES);
  const seen = new Set<unknown>();
  let ordered = true;
  values.forEach((v, j) => {
    if (operator === 'In' && v === 0) pr.invalid([...at, 'values', j], v, 'must not be 0 for the In operator');
    if (seen.has(v)) pr.duplicate([...at, 'values', j], v);
    else seen.add(v);
    if (j > 0 && typeof v === 'number' && typeof values[j - 1] === 'number' && (values[j - 1] as number) > v)
      ordered = false;
  });
  if (!ordered) pr.invalid([...at, 'values'], values, 'must be ordered');
}
