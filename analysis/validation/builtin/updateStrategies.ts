// Workloads' update strategies as pkg/apis/apps/validation checks them after v1 defaulting (beyond the percent and
// sign checks of apps.ts's checkRollingUpdate): a Deployment's Recreate without rollingUpdate, maxUnavailable and
// maxSurge (25% each when left out) not both 0 and maxUnavailable at most 100%; a StatefulSet's rollingUpdate only
// for RollingUpdate, its partition and ordinals.start not negative, its PVC retention policies Retain or Delete
// (maxUnavailable is dropped: the MaxUnavailableStatefulSet gate is off in 1.35); a DaemonSet's two at most 100%.
import { isPlainObject } from '../../documents/manifest';
import { PERCENT, type Obj, type Problems } from './problems';

export function checkUpdateStrategies(pr: Problems, obj: Obj, kind: string): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  if (!spec) return;
  if (kind === 'Deployment') deploymentStrategy(pr, spec);
  else if (kind === 'StatefulSet') statefulSetStrategy(pr, spec);
  else if (kind === 'DaemonSet') daemonSetStrategy(pr, spec);
}

/** getPercentValue: the number of a valid percentage, else undefined. */
function percentValue(v: unknown): number | undefined {
  return typeof v === 'string' && PERCENT.test(v) ? Number(v.slice(0, -1)) : undefined;
}

/** getIntOrPercentValue: a percentage's number, else intstr's IntValue (a string that is no integer is 0). */
function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  const percent = percentValue(v);
  if (percent !== undefined) return percent;
  return typeof v === 'string' && /^[-+]?[0-9]+$/.test(v) ? Number(v) : 0;
}

function notMoreThan100Percent(pr: Problems, path: string[], v: unknown): void {
  const percent = percentValue(v);
  if (percent !== undefined && percent > 100) pr.invalid(path, v, 'must not be greater than 100%');
}

function deploymentStrategy(pr: Problems, spec: Obj): void {
  const strategy = isPlainObject(spec.strategy) ? spec.strategy : {};
  const type = strategy.type === undefined || strategy.type === '' ? 'RollingUpdate' : strategy.type;
  const path = ['spec', 'strategy', 'rollingUpdate'];
  if (type === 'Recreate') {
    if (isPlainObject(strategy.rollingUpdate))
      pr.forbidden(path, "may not be specified when strategy `type` is 'Recreate'");
    return;
  }
  if (type !== 'RollingUpdate') return;
  const ru = isPlainObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  const maxUnavailable = ru.maxUnavailable ?? '25%';
  const maxSurge = ru.maxSurge ?? '25%';
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0)
    pr.invalid([...path, 'maxUnavailable'], maxUnavailable, 'may not be 0 when `maxSurge` is 0');
  notMoreThan100Percent(pr, [...path, 'maxUnavailable'], maxUnavailable);
}

function statefulSetStrategy(pr: Problems, spec: Obj): void {
  const strategy = isPlainObject(spec.updateStrategy) ? spec.updateStrategy : {};
  const type = strategy.type === undefined || strategy.type === '' ? 'RollingUpdate' : strategy.type;
  const ru = isPlainObject(strategy.rollingUpdate) ? strategy.rollingUpdate : undefined;
  const path = ['spec', 'updateStrategy', 'rollingUpdate'];
  if (type === 'OnDelete' && ru) {
    // The internal RollingUpdateStatefulSetStrategy as Go's JSON (maxUnavailable dropped with its gate off).
    const partition = Number.isInteger(ru.partition) ? ru.partition : 0;
    pr.invalidPrinted(
      path,
      `{"Partition":${partition as number},"MaxUnavailable":null}`,
      "only allowed for updateStrategy 'RollingUpdate'",
    );
  } else if (type === 'RollingUpdate' && ru && typeof ru.partition === 'number' && ru.partition < 0)
    pr.invalid([...path, 'partition'], ru.partition, 'must be greater than or equal to 0');
  const ordinals = isPlainObject(spec.ordinals) ? spec.ordinals : undefined;
  if (ordinals && typeof ordinals.start === 'number' && ordinals.start < 0)
    pr.invalid(['spec', 'ordinals', 'start'], ordinals.start, 'must be greater than or equal to 0');
  const retention = isPlainObject(spec.persistentVolumeClaimRetentionPolicy)
    ? spec.persistentVolumeClaimRetentionPolicy
    : undefined;
  for (const when of ['whenDeleted', 'whenScaled']) {
    const v = retention?.[when];
    // "" is defaulted to Retain.
    if (typeof v === 'string' && v !== '' && v !== 'Retain' && v !== 'Delete')
      pr.unsupported(['spec', 'persistentVolumeClaimRetentionPolicy', when], v, ['Retain', 'Delete']);
  }
}

function daemonSetStrategy(pr: Problems, spec: Obj): void {
  const strategy = isPlainObject(spec.updateStrategy) ? spec.updateStrategy : {};
  if (!(strategy.type === undefined || strategy.type === '' || strategy.type === 'RollingUpdate')) return;
  const ru = isPlainObject(strategy.rollingUpdate) ? strategy.rollingUpdate : undefined;
  if (!ru) return;
  const path = ['spec', 'updateStrategy', 'rollingUpdate'];
  notMoreThan100Percent(pr, [...path, 'maxUnavailable'], ru.maxUnavailable);
  notMoreThan100Percent(pr, [...path, 'maxSurge'], ru.maxSurge);
}
