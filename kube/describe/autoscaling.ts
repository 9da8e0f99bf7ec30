// The HorizontalPodAutoscaler describer (autoscaling/v2): metrics as "current / target", behavior, conditions.
import type * as autoscaling from '../typed/generated/types/api/autoscaling/v2';
import type { Describer } from './types';
import { eventsFor, getObject, gvr, writeEvents } from './core';
import {
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  LEVEL_3,
  printAnnotationsMultiline,
  printLabelsMultiline,
  rfc1123z,
  tabbedString,
  type PrefixWriter,
} from './writer';

/** Quantity.String() of a possibly nil *Quantity. */
const q = (v: string | number | undefined | null) => (v === undefined || v === null ? '<nil>' : String(v));

export const describeHorizontalPodAutoscaler: Describer = async (ctx, namespace, name) => {
  const hpa = await getObject<autoscaling.HorizontalPodAutoscaler>(
    ctx,
    gvr('autoscaling', 'v2', 'horizontalpodautoscalers'),
    namespace,
    name,
  );
  const events = await eventsFor(ctx, { ...hpa, kind: 'HorizontalPodAutoscaler' });
  const md = hpa.metadata ?? {};
  const spec = hpa.spec ?? ({} as autoscaling.HorizontalPodAutoscalerSpec);
  const status = hpa.status ?? ({} as autoscaling.HorizontalPodAutoscalerStatus);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(md.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Reference:\t${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}\n`);
    w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
    (spec.metrics ?? []).forEach((metric, i) => describeMetric(w, metric, status.currentMetrics?.[i]));
    w.write(LEVEL_0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
    if (spec.behavior) {
      w.write(LEVEL_0, 'Behavior:\n');
      printDirectionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
      printDirectionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
    }
    w.write(LEVEL_0, `${spec.scaleTargetRef?.kind ?? ''} pods:\t`);
    w.write(LEVEL_0, `${status.currentReplicas ?? 0} current / ${status.desiredReplicas ?? 0} desired\n`);
    if (status.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------\t-------\n');
      for (const c of status.conditions)
        w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    writeEvents(w, events, ctx);
  });
};

function describeMetric(
  w: PrefixWriter,
  metric: autoscaling.MetricSpec,
  current: autoscaling.MetricStatus | undefined,
): void {
  switch (metric.type) {
    case 'External': {
      const m = metric.external!;
      if (m.target.averageValue !== undefined) {
        const cur = current?.external?.current.averageValue;
        w.write(
          LEVEL_1,
          `${JSON.stringify(m.metric.name)} (target average value):\t${cur !== undefined ? String(cur) : '<unknown>'} / ${q(m.target.averageValue)}\n`,
        );
      } else {
        const cur = current?.external ? q(current.external.current.value) : '<unknown>';
        w.write(LEVEL_1, `${JSON.stringify(m.metric.name)} (target value):\t${cur} / ${q(m.target.value)}\n`);
      }
      return;
    }
    case 'Pods': {
      const m = metric.pods!;
      const cur = current?.pods ? q(current.pods.current.averageValue) : '<unknown>';
      w.write(LEVEL_1, `${JSON.stringify(m.metric.name)} on pods:\t${cur} / ${q(m.target.averageValue)}\n`);
      return;
    }
    case 'Object': {
      const m = metric.object!;
      w.write(LEVEL_1, `"${m.metric.name}" on ${m.describedObject.kind}/${m.describedObject.name} `);
      if (m.target.type === 'AverageValue') {
        const cur = current?.object ? q(current.object.current.averageValue) : '<unknown>';
        w.write(LEVEL_0, `(target average value):\t${cur} / ${q(m.target.averageValue)}\n`);
      } else {
        const cur = current?.object ? q(current.object.current.value) : '<unknown>';
        w.write(LEVEL_0, `(target value):\t${cur} / ${q(m.target.value)}\n`);
      }
      return;
    }
    case 'Resource':
    case 'ContainerResource': {
      const m = metric.type === 'Resource' ? metric.resource! : metric.containerResource!;
      const cur = metric.type === 'Resource' ? current?.resource : current?.containerResource;
      const container =
        metric.type === 'ContainerResource' ? ` of container "${metric.containerResource!.container}"` : '';
      w.write(LEVEL_1, `resource ${m.name}${container} on pods`);
      if (m.target.averageValue !== undefined) {
        w.write(LEVEL_0, `:\t${cur ? q(cur.current.averageValue) : '<unknown>'} / ${q(m.target.averageValue)}\n`);
      } else {
        const util = cur?.current.averageUtilization;
        const currentText = cur && util !== undefined ? `${util}% (${q(cur.current.averageValue)})` : '<unknown>';
        const target = m.target.averageUtilization !== undefined ? `${m.target.averageUtilization}%` : '<auto>';
        w.write(LEVEL_1, `(as a percentage of request):\t${currentText} / ${target}\n`);
      }
      return;
    }
    default:
      w.write(LEVEL_1, `<unknown metric type ${JSON.stringify(metric.type)}>\n`);
  }
}

function printDirectionBehavior(
  w: PrefixWriter,
  direction: string,
  rules: autoscaling.HPAScalingRules | undefined,
): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined)
    w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if (rules.policies?.length) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of rules.policies)
      w.write(LEVEL_3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}
