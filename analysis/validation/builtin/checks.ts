// What the API server checks in Go beyond OpenAPI, for the common cases, split per API group as Kubernetes'
// pkg/apis/<group>/validation is: object metadata for every object (meta.ts), pod templates wherever a kind
// keeps one (core.ts), then each group's own kinds. Messages follow the Go validators word for word.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import type { FieldProblem } from '../schemaValidator';
import { checkAdmissionRegistrationKind } from './admissionregistration';
import { checkApiRegistrationKind } from './apiregistration';
import { checkAutoscalingKind } from './autoscaling';
import { checkCertificatesKind } from './certificates';
import {
  APPS_NON_NEGATIVE,
  checkControllerRevision,
  checkRollingUpdate,
  checkWorkload,
  podTemplateUnchecked,
} from './apps';
import { BATCH_NON_NEGATIVE, checkBatchKind } from './batch';
import {
  CORE_NON_NEGATIVE,
  checkCoreKind,
  checkPodSpec,
  claimTemplateVolumes,
  checkTemplateRestartPolicy,
  podSpecsOf,
  templateMetadataOf,
} from './core';
import { checkLabelSelectors } from './labelSelectors';
import { checkLabelsAndAnnotations, checkMetadata } from './meta';
import { checkNetworkingKind } from './networking';
import { checkPolicyKind } from './policy';
import { checkEndpointSlice } from './endpointSlices';
import { Problems, checkNonNegative, type NonNegativeFields, type Obj } from './problems';
import { checkClaims } from './claims';
import { checkPersistentVolume } from './persistentVolumes';
import { checkRbacKind } from './rbac';
import { checkStorageKind } from './storage';
import { checkReviewKind, isReviewKind } from './reviews';
import { checkPriorityClass } from './priorityClass';
import { checkRuntimeClass } from './runtimeClass';
import { checkServiceSpecFields } from './serviceSpec';
import { checkCronJob } from './cronJobs';
import { checkUpdateStrategies } from './updateStrategies';
import { checkCreatedClaimReferences, podNameBeside } from './ephemeralClaims';
import { checkTemplateActiveDeadline, ownTemplateRulesRun } from './workloadTemplates';

export type { ObjectCheckContext } from './problems';
import type { ObjectCheckContext } from './problems';

/** Each group's kind-specific checks, run after the checks every object or pod template gets. */
const GROUP_CHECKS: Record<string, (pr: Problems, obj: Obj, kind: string) => void> = {
  '': (pr, obj, kind) => {
    checkCoreKind(pr, obj, kind);
    if (kind === 'Service') checkServiceSpecFields(pr, obj);
  },
  apps: (pr, obj, kind) => {
    checkRollingUpdate(pr, obj, kind);
    checkUpdateStrategies(pr, obj, kind);
    checkControllerRevision(pr, obj, kind);
  },
  batch: (pr, obj, kind) => {
    checkBatchKind(pr, obj, kind);
    if (kind === 'CronJob') checkCronJob(pr, obj);
  },
  autoscaling: checkAutoscalingKind,
  'certificates.k8s.io': checkCertificatesKind,
  'rbac.authorization.k8s.io': checkRbacKind,
  'networking.k8s.io': checkNetworkingKind,
  policy: checkPolicyKind,
  'storage.k8s.io': checkStorageKind,
  'apiregistration.k8s.io': checkApiRegistrationKind,
  'admissionregistration.k8s.io': checkAdmissionRegistrationKind,
  'scheduling.k8s.io': (pr, obj, kind) => kind === 'PriorityClass' && checkPriorityClass(pr, obj),
  'discovery.k8s.io': (pr, obj, kind) => kind === 'EndpointSlice' && checkEndpointSlice(pr, obj),
  'node.k8s.io': (pr, obj, kind) => kind === 'RuntimeClass' && checkRuntimeClass(pr, obj),
};

const NON_NEGATIVE: Record<string, NonNegativeFields> = {
  '': CORE_NON_NEGATIVE,
  apps: APPS_NON_NEGATIVE,
  batch: BATCH_NON_NEGATIVE,
};

/** Hand-written checks for one object (value already without nulls). */
export function checkObject(obj: unknown, ctx: ObjectCheckContext, base: FieldPath = []): FieldProblem[] {
  const pr = new Problems(base);
  if (!isPlainObject(obj)) return pr.list;
  if (!ctx.isCustomResource && isReviewKind(ctx.group, ctx.kind)) {
    checkReviewKind(pr, obj, ctx.group, ctx.kind);
    return pr.list;
  }
  checkMetadata(pr, obj, ctx);
  if (ctx.isCustomResource) return pr.list;
  const podSpecs = podSpecsOf(obj, ctx);
  const templates = templateMetadataOf(obj, ctx);
  if (podSpecs.length || templates.length) checkTemplates(pr, obj, ctx, podSpecs, templates);
  checkWorkload(pr, obj, ctx);
  checkLabelSelectors(pr, obj, ctx.group);
  const nonNegative = NON_NEGATIVE[ctx.group]?.[ctx.kind];
  if (nonNegative) checkNonNegative(pr, obj, nonNegative);
  GROUP_CHECKS[ctx.group]?.(pr, obj, ctx.kind);
  checkClaims(pr, obj, ctx.group, ctx.kind);
  if (ctx.group === '' && ctx.kind === 'PersistentVolume' && isPlainObject(obj.spec))
    checkPersistentVolume(pr, obj, obj.spec);
  return pr.list;
}

/** The pod specs and template metadata of a kind that keeps them. */
function checkTemplates(
  pr: Problems,
  obj: Obj,
  ctx: ObjectCheckContext,
  podSpecs: [FieldPath, Obj][],
  templates: [FieldPath, Obj][],
): void {
  // A Deployment's, ReplicaSet's or StatefulSet's selector that does not convert: the server skips its pod template.
  const skipTemplate = podTemplateUnchecked(obj, ctx);
  for (let i = 0; i < podSpecs.length; i++) {
    const path = podSpecs[i][0];
    const podSpec = podSpecs[i][1];
    const skipped = skipTemplate && path[0] === 'spec' && path[1] === 'template';
    if (!skipped) {
      const podName = podNameBeside(obj, path);
      checkPodSpec(pr, path, podSpec, ctx, claimTemplateVolumes(obj, ctx), podName);
      checkCreatedClaimReferences(pr, path, podSpec, podName);
    }
    // A StatefulSet checks its template's restart policy and deadline outside the template's skipped validation.
    if (skipped && !ownTemplateRulesRun(ctx)) continue;
    checkTemplateRestartPolicy(pr, path, podSpec, ctx);
    checkTemplateActiveDeadline(pr, path, podSpec, ctx);
  }
  for (let i = 0; i < templates.length; i++) {
    const path = templates[i][0];
    const meta = templates[i][1];
    if (skipTemplate && path[0] === 'spec' && path[1] === 'template') continue;
    const podTemplate = path[path.length - 2] === 'template';
    checkLabelsAndAnnotations(pr, path, meta, podTemplate ? path.slice(0, -1) : undefined);
  }
}
