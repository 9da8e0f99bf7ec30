// pkg/apis/autoscaling/validation: a HorizontalPodAutoscaler's replica bounds (minReplicas defaults to 1 first) and
// its object references.
import { isPlainObject } from '../../documents/manifest';
import type { FieldPath } from '../../documents/path';
import { pathSegmentName } from './names';
import type { Obj, Problems } from './problems';

export function checkAutoscalingKind(pr: Problems, obj: Obj, kind: string): void {
  if (kind !== 'HorizontalPodAutoscaler' || !isPlainObject(obj.spec)) return;
  const spec = obj.spec;
  // The scale target needs an API group, except a ReplicationController's (the one scalable core kind); a metric's
  // described object may be in the core group (registry/autoscaling/horizontalpodautoscaler/strategy.go).
  const target = spec.scaleTargetRef === undefined ? {} : spec.scaleTargetRef;
  if (isPlainObject(target))
    checkObjectReference(pr, target, ['spec', 'scaleTargetRef'], target.kind === 'ReplicationController');
  if (Array.isArray(spec.metrics))
    spec.metrics.forEach((m, i) => {
      if (isPlainObject(m) && isPlainObject(m.object) && isPlainObject(m.object.describedObject))
        checkObjectReference(pr, m.object.describedObject, ['spec', 'metrics', i, 'object', 'describedObject'], true);
    });
  const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
  if (min < 1) pr.invalid(['spec', 'minReplicas'], min, 'must be greater than or equal to 1');
  // Scaling to zero needs an Object or External metric (autoscaling/v1 has no metrics: never).
  const metrics = Array.isArray(spec.metrics) ? spec.metrics : [];
  if (min === 0 && !metrics.some((m) => isPlainObject(m) && (m.type === 'Object' || m.type === 'External')))
    pr.forbidden(
      ['spec', 'metrics'],
      'must specify at least one Object or External metric to support scaling to zero replicas',
    );
  if (typeof spec.maxReplicas !== 'number') return;
  if (spec.maxReplicas < 1) pr.invalid(['spec', 'maxReplicas'], spec.maxReplicas, 'must be greater than 0');
  if (spec.maxReplicas < min)
    pr.invalid(['spec', 'maxReplicas'], spec.maxReplicas, 'must be greater than or equal to `minReplicas`');
}

/**
 * ValidateCrossVersionObjectReference's checks of kind and name (an absent one is OpenAPI's Required value already)
 * and of apiVersion, absent or not: schema.ParseGroupVersion, then the group unless allowed empty.
 */
function checkObjectReference(pr: Problems, ref: Obj, p: FieldPath, allowEmptyGroup: boolean): void {
  for (const key of ['kind', 'name'] as const) {
    const v = ref[key];
    // An absent one is OpenAPI's Required value already; a present "" is Go's too.
    if (v === '') pr.required([...p, key]);
    else if (typeof v === 'string') for (const msg of pathSegmentName(v)) pr.invalid([...p, key], v, msg);
  }
  const apiVersion = ref.apiVersion === undefined ? '' : ref.apiVersion;
  if (typeof apiVersion !== 'string') return;
  const error = apiVersionError(apiVersion, allowEmptyGroup);
  if (error) pr.invalid([...p, 'apiVersion'], apiVersion, error);
}

/** ValidateAPIVersion: "" and "/" parse as the empty group version; more than one slash does not parse. */
function apiVersionError(apiVersion: string, allowEmptyGroup: boolean): string | undefined {
  const slashes = apiVersion.split('/').length - 1;
  if (slashes > 1) return `unexpected GroupVersion string: ${apiVersion}`;
  const group = slashes === 1 ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return !allowEmptyGroup && group === '' ? 'apiVersion must specify API group' : undefined;
}
