// The pod template of a workload as pkg/apis/apps/validation and ValidatePodTemplateSpecForRC check it beyond
// ValidatePodTemplateSpec: no activeDeadlineSeconds (a Deployment's is validated by ReplicaSet's function and says
// so), and what is left of the template when its selector does not convert (apps.ts's podTemplateUnchecked): the
// server skips the template's whole validation then, so only what it finds while decoding remains — strict
// decoding's unknown fields, Go types, quantities and times — and a StatefulSet's own rules, which are outside.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { QUANTITY_ERROR } from '../../../kube/util/quantity';
import type { FieldProblem } from '../schemaValidator';
import { podTemplateUnchecked } from './apps';
import type { Obj, ObjectCheckContext, Problems } from './problems';

/** The kind named in "activeDeadlineSeconds in <kind> is not Supported", by group/kind. */
const ACTIVE_DEADLINE_NOT_SUPPORTED: Record<string, string> = {
  'apps/Deployment': 'ReplicaSet',
  'apps/ReplicaSet': 'ReplicaSet',
  'apps/StatefulSet': 'StatefulSet',
  'apps/DaemonSet': 'DaemonSet',
  '/ReplicationController': 'ReplicationController',
};

/** `spec.template.spec.activeDeadlineSeconds` of a workload: Forbidden, whatever its value. */
export function checkTemplateActiveDeadline(pr: Problems, base: FieldPath, spec: Obj, ctx: ObjectCheckContext): void {
  const named = ACTIVE_DEADLINE_NOT_SUPPORTED[`${ctx.group}/${ctx.kind}`];
  if (!named || spec.activeDeadlineSeconds === undefined || base[0] !== 'spec' || base[1] !== 'template') return;
  pr.forbidden([...base, 'activeDeadlineSeconds'], `activeDeadlineSeconds in ${named} is not Supported`);
}

/** Whether a template's own workload rules still run beside a selector that does not convert (a StatefulSet's). */
export function ownTemplateRulesRun(ctx: ObjectCheckContext): boolean {
  return ctx.group === 'apps' && ctx.kind === 'StatefulSet';
}

/** A problem the server finds while decoding the object, before validation. */
function foundDecoding(p: FieldProblem): boolean {
  if (p.severity === 'warning' || p.severity === 'information') return true;
  if (p.code === 'unknown-field' || p.code === 'type') return true;
  return (
    p.code === 'invalid' &&
    (p.message.includes(QUANTITY_ERROR) ||
      /: parsing time |json: cannot unmarshal | in body must be of type /.test(p.message))
  );
}

/**
 * Drops the schema's problems (enums, required fields, bounds, patterns) inside a pod template whose validation the
 * server skips; what decoding finds stays. Run on the problems found before the hand-written checks.
 */
export function dropUncheckedTemplateProblems(
  problems: FieldProblem[],
  obj: unknown,
  ctx: ObjectCheckContext,
  base: FieldPath,
): void {
  if (!isPlainObject(obj) || ctx.isCustomResource || !podTemplateUnchecked(obj, ctx)) return;
  const inTemplate = (p: FieldProblem) =>
    p.path.length > base.length + 2 &&
    base.every((s, i) => p.path[i] === s) &&
    p.path[base.length] === 'spec' &&
    p.path[base.length + 1] === 'template';
  let kept = 0;
  for (const p of problems) if (!inTemplate(p) || foundDecoding(p)) problems[kept++] = p;
  problems.length = kept;
}
