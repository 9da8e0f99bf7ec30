// pkg/apis/autoscaling/validation: a HorizontalPodAutoscaler's replica bounds (minReplicas defaults to 1 first).
import { isPlainObject } from '../../documents/manifest';
import type { Obj, Problems } from './problems';

export function checkAutoscalingKind(pr: Problems, obj: Obj, kind: string): void {
  if (kind !== 'HorizontalPodAutoscaler' || !isPlainObject(obj.spec)) return;
  const spec = obj.spec;
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
