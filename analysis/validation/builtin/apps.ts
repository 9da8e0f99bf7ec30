// pkg/apis/apps/validation for the common cases: replicas, selectors that must match the template's labels,
// rolling-update percentages and the counts that must not be negative.
import { isPlainObject } from '../../documents/manifest';
import { checkLabels } from './meta';
import { dns1123Label, labelValue, qualifiedName } from './names';
import {
  PERCENT,
  PERCENT_MESSAGE,
  type NonNegativeFields,
  type Obj,
  type ObjectCheckContext,
  type Problems,
} from './problems';

export const APPS_NON_NEGATIVE: NonNegativeFields = {
  Deployment: [
    ['spec', 'minReadySeconds'],
    ['spec', 'revisionHistoryLimit'],
    ['spec', 'progressDeadlineSeconds'],
  ],
  ReplicaSet: [['spec', 'minReadySeconds']],
  StatefulSet: [
    ['spec', 'minReadySeconds'],
    ['spec', 'revisionHistoryLimit'],
  ],
  DaemonSet: [
    ['spec', 'minReadySeconds'],
    ['spec', 'revisionHistoryLimit'],
  ],
};

const SELECTOR_WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

export function checkWorkload(pr: Problems, obj: Obj, ctx: ObjectCheckContext): void {
  const isSelectorWorkload = ctx.group === 'apps' && SELECTOR_WORKLOADS.has(ctx.kind);
  const spec = obj.spec;
  if (!isPlainObject(spec)) return;
  if (typeof spec.replicas === 'number' && spec.replicas < 0)
    pr.invalid(['spec', 'replicas'], spec.replicas, 'must be greater than or equal to 0');
  if (ctx.group === 'apps' && ctx.kind === 'Deployment') checkProgressDeadline(pr, spec);
  // ValidateStatefulSetSpec: the governing Service's name, a DNS label.
  if (ctx.group === 'apps' && ctx.kind === 'StatefulSet' && typeof spec.serviceName === 'string' && spec.serviceName)
    for (const msg of dns1123Label(spec.serviceName)) pr.invalid(['spec', 'serviceName'], spec.serviceName, msg);
  // ValidatePodTemplateSpecForRC: a non-empty selector map matches the template's labels (an empty one is
  // defaulted from them).
  if (ctx.group === '' && ctx.kind === 'ReplicationController' && isPlainObject(spec.selector)) {
    const wanted = Object.entries(spec.selector);
    if (wanted.length && isPlainObject(spec.template)) {
      const labels = templateLabels(spec.template);
      if (!wanted.every(([k, v]) => labels[k] === v)) templateLabelsMismatch(pr, spec.template);
    }
  }
  if (!isSelectorWorkload) return;
  const selector = spec.selector;
  // A missing selector (reported by the schema: required) selects nothing, so the server also finds that it
  // does not match the template's labels; apps/v1beta1 defaulted it from them instead.
  const missing = selector === undefined || selector === null;
  if (missing && obj.apiVersion !== 'apps/v1beta1' && isPlainObject(spec.template))
    return templateLabelsMismatch(pr, spec.template);
  if (!isPlainObject(selector)) return;
  const matchLabels = isPlainObject(selector.matchLabels) ? selector.matchLabels : {};
  const hasExpressions = Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0;
  checkLabels(pr, ['spec', 'selector', 'matchLabels'], matchLabels);
  if (Object.keys(matchLabels).length === 0 && !hasExpressions) {
    pr.invalid(['spec', 'selector'], selector, `empty selector is invalid for ${ctx.kind.toLowerCase()}`);
    return;
  }
  // LabelSelectorAsSelector refuses it: Deployments and ReplicaSets say so, a StatefulSet without a detail, a
  // DaemonSet not at all (the template's labels are then not matched).
  if (!selectorConverts(matchLabels, selector.matchExpressions)) {
    const printed = goLabelSelector(matchLabels, selector.matchExpressions);
    if (ctx.kind === 'Deployment' || ctx.kind === 'ReplicaSet')
      pr.invalid(['spec', 'selector'], printed, 'invalid label selector');
    else if (ctx.kind === 'StatefulSet') pr.invalid(['spec', 'selector'], printed, '');
    return;
  }
  const template = isPlainObject(spec.template) ? spec.template : undefined;
  if (!template) return;
  const labels = templateLabels(template);
  const matches = Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
  const expressions = hasExpressions ? (selector.matchExpressions as unknown[]) : [];
  // A selector that does not convert (a malformed requirement) is reported as such, never as a mismatch.
  if (!matches || expressions.some((e) => requirementMatches(e, labels) === false)) {
    if (!expressions.some((e) => requirementMatches(e, labels) === undefined)) templateLabelsMismatch(pr, template);
  }
}

/**
 * ValidateDeploymentSpec: the progress deadline (defaulted to 600 in apps/v1) is longer than minReadySeconds (0 when
 * absent), or a rollout could never be seen to progress.
 */
function checkProgressDeadline(pr: Problems, spec: Obj): void {
  const deadline = spec.progressDeadlineSeconds === undefined ? 600 : spec.progressDeadlineSeconds;
  const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
  if (typeof deadline === 'number' && deadline <= minReady)
    pr.invalid(['spec', 'progressDeadlineSeconds'], deadline, 'must be greater than minReadySeconds');
}

/**
 * ValidatePodTemplateSpecForReplicaSet (the pod template's whole validation) runs only when the selector converts:
 * a Deployment's, ReplicaSet's or StatefulSet's template is not checked beside a selector that does not.
 */
export function podTemplateUnchecked(obj: Obj, ctx: ObjectCheckContext): boolean {
  if (ctx.group !== 'apps' || !(ctx.kind === 'Deployment' || ctx.kind === 'ReplicaSet' || ctx.kind === 'StatefulSet'))
    return false;
  const selector = isPlainObject(obj.spec) ? obj.spec.selector : undefined;
  if (!isPlainObject(selector)) return false;
  const matchLabels = isPlainObject(selector.matchLabels) ? selector.matchLabels : {};
  return !selectorConverts(matchLabels, selector.matchExpressions);
}

/** metav1.LabelSelectorAsSelector succeeds: labels.NewRequirement accepts every matchLabels entry and expression. */
function selectorConverts(matchLabels: Obj, expressions: unknown): boolean {
  for (const k in matchLabels) {
    const v = matchLabels[k];
    if (qualifiedName(k).length || (typeof v === 'string' && labelValue(v).length)) return false;
  }
  if (!Array.isArray(expressions)) return true;
  for (const e of expressions) {
    if (!isPlainObject(e)) continue;
    const values = Array.isArray(e.values) ? e.values : [];
    const op = e.operator;
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) return false;
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length !== 0) return false;
    } else return false;
    if (qualifiedName(typeof e.key === 'string' ? e.key : '').length) return false;
    if (values.some((v) => typeof v === 'string' && labelValue(v).length)) return false;
  }
  return true;
}

/** The selector as Go's JSON prints a *metav1.LabelSelector: matchLabels' keys sorted, empty fields left out. */
function goLabelSelector(matchLabels: Obj, expressions: unknown): Obj {
  const out: Obj = {};
  const keys = Object.keys(matchLabels).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length) out.matchLabels = Object.fromEntries(keys.map((k) => [k, matchLabels[k] ?? '']));
  if (Array.isArray(expressions) && expressions.length)
    out.matchExpressions = expressions.map((e) => {
      const r: Obj = isPlainObject(e) ? e : {};
      const req: Obj = { key: r.key ?? '', operator: r.operator ?? '' };
      if (Array.isArray(r.values) && r.values.length) req.values = r.values;
      return req;
    });
  return out;
}

/** Whether labels satisfy a LabelSelectorRequirement; undefined when it is malformed (no selector results). */
function requirementMatches(e: unknown, labels: Obj): boolean | undefined {
  if (!isPlainObject(e) || typeof e.key !== 'string') return undefined;
  const values = Array.isArray(e.values) ? e.values : [];
  const has = Object.prototype.hasOwnProperty.call(labels, e.key);
  switch (e.operator) {
    case 'In':
      return values.length ? has && values.includes(labels[e.key]) : undefined;
    case 'NotIn':
      return values.length ? !has || !values.includes(labels[e.key]) : undefined;
    case 'Exists':
      return values.length ? undefined : has;
    case 'DoesNotExist':
      return values.length ? undefined : !has;
    default:
      return undefined;
  }
}

function templateLabels(template: Obj): Obj {
  const tmd = isPlainObject(template.metadata) ? template.metadata : undefined;
  return tmd && isPlainObject(tmd.labels) ? tmd.labels : {};
}

/** The server prints the labels as Go's JSON of the map (keys sorted; `null` when there are none). */
function templateLabelsMismatch(pr: Problems, template: Obj): void {
  const tmd = isPlainObject(template.metadata) ? template.metadata : undefined;
  const labels = tmd && isPlainObject(tmd.labels) ? tmd.labels : undefined;
  const sorted = labels && Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  pr.invalid(['spec', 'template', 'metadata', 'labels'], sorted ?? null, '`selector` does not match template `labels`');
}

/** maxSurge / maxUnavailable given as strings must be percentages, as integers not negative. */
export function checkRollingUpdate(pr: Problems, obj: Obj, kind: string): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  const strategyField = kind === 'Deployment' ? 'strategy' : 'updateStrategy';
  const strategy = spec && isPlainObject(spec[strategyField]) ? spec[strategyField] : undefined;
  const ru = strategy && isPlainObject(strategy.rollingUpdate) ? strategy.rollingUpdate : undefined;
  if (!ru) return;
  for (const field of ['maxSurge', 'maxUnavailable']) {
    const v = ru[field];
    if (typeof v === 'string' && !PERCENT.test(v)) {
      pr.invalid(['spec', strategyField, 'rollingUpdate', field], v, PERCENT_MESSAGE);
    }
    // ValidatePositiveIntOrPercent: an integer is not negative.
    if (typeof v === 'number' && v < 0)
      pr.invalid(['spec', strategyField, 'rollingUpdate', field], v, 'must be greater than or equal to 0');
  }
  if (kind === 'DaemonSet' && (strategy?.type === undefined || strategy.type === 'RollingUpdate'))
    checkDaemonSetSurge(pr, ru);
}

/**
 * ValidateRollingUpdateDaemonSet: exactly one of maxSurge and maxUnavailable is non-zero, after defaulting (an
 * absent maxUnavailable is 1, an absent maxSurge 0).
 */
function checkDaemonSetSurge(pr: Problems, ru: Obj): void {
  const path = ['spec', 'updateStrategy', 'rollingUpdate'];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable ?? 1) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge ?? 0) !== 0;
  if (hasUnavailable && hasSurge)
    pr.invalid([...path, 'maxSurge'], ru.maxSurge, 'may not be set when maxUnavailable is non-zero');
  else if (!hasUnavailable && !hasSurge) pr.required([...path, 'maxUnavailable'], 'cannot be 0 when maxSurge is 0');
}

/** getIntOrPercentValue: a percentage's number, else intstr's IntValue (a string that is no integer is 0). */
function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return 0;
  if (PERCENT.test(v)) return Number(v.slice(0, -1));
  return /^[-+]?[0-9]+$/.test(v) ? Number(v) : 0;
}

/** ValidateControllerRevisionCreate: `data` must be a JSON object (its `revision` may be left 0). */
export function checkControllerRevision(pr: Problems, obj: Obj, kind: string): void {
  if (kind !== 'ControllerRevision') return;
  if (obj.data === undefined || obj.data === null) pr.required(['data'], 'data is mandatory');
  else if (!isPlainObject(obj.data)) pr.required(['data'], 'data must be a valid JSON object');
}
