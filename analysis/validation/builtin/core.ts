// pkg/apis/core/validation for the common cases: pod specs wherever a kind keeps one (containers, ports,
// resources, probes and hooks, security context ids, tolerations, volumes and mounts) and their restart policy,
// Services, ConfigMap/Secret keys, typed Secrets and ReplicationController selectors.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { parseQuantity } from '../../../kube/util/quantity';
import { checkLimitRange } from './limitRanges';
import { checkSecretType } from './secretTypes';
import { checkLabels } from './meta';
import { endpointIPProblems } from './legacyIP';
import { checkServiceClusterIPs } from './serviceClusterIPs';
import { checkSecurityProfiles } from './securityProfiles';
import { checkContainerSecurityContext } from './containerSecurityContext';
import { checkPodOS, checkWindowsOptions } from './windowsPods';
import { checkNodeTaints } from './nodeTaints';
import { checkResourceQuotaScopes } from './resourceQuota';
import { checkPodPriority } from './podPriority';
import { checkHostPorts } from './hostPorts';
import { checkPodHostSettings } from './podHostSettings';
import { dns1123Label, dns1123Subdomain, portName, qualifiedName } from './names';
import { checkPodResources } from './podResources';
import { checkPodScheduling } from './podScheduling';
import { badEnvVarName, checkEnvFrom, checkKeySelectors, configMapKey, ENV_NAME_MESSAGE } from './containerEnv';
import { checkFieldRef, checkResourceFieldRef, ENV_FIELD_PATHS } from './downwardAPI';
import { checkVolumeSource, localDescendingPath } from './volumeSources';
import { KindTable } from './kindTable';
import type { PodName } from './ephemeralClaims';
import {
  validPort,
  valueAt,
  type NonNegativeFields,
  type Obj,
  type ObjectCheckContext,
  type Problems,
} from './problems';

export const CORE_NON_NEGATIVE: NonNegativeFields = {
  ReplicationController: [['spec', 'minReadySeconds']],
};

/** The core group's kind-specific checks. */
export function checkCoreKind(pr: Problems, obj: Obj, kind: string): void {
  if (kind === 'Service') checkService(pr, obj);
  if (kind === 'ReplicationController') checkReplicationController(pr, obj);
  if (kind === 'ConfigMap' || kind === 'Secret') checkConfigKeys(pr, obj);
  if (kind === 'Secret') checkSecretType(pr, obj);
  if (kind === 'Node') checkNodeTaints(pr, obj);
  if (kind === 'ResourceQuota') checkResourceQuotaScopes(pr, obj);
  if (kind === 'Pod') checkPodPriority(pr, obj);
  if (kind === 'LimitRange') checkLimitRange(pr, obj);
}

/**
 * ValidateReplicationControllerSpec after SetDefaults_ReplicationController (an empty selector becomes the template's
 * labels): a selector and a template are required.
 */
function checkReplicationController(pr: Problems, obj: Obj): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  if (isPlainObject(spec.selector)) checkLabels(pr, ['spec', 'selector'], spec.selector);
  const template = isPlainObject(spec.template) ? spec.template : undefined;
  const labels = template && isPlainObject(template.metadata) ? template.metadata.labels : undefined;
  const given = isPlainObject(spec.selector) ? spec.selector : {};
  const selector = Object.keys(given).length ? given : isPlainObject(labels) ? labels : {};
  if (Object.keys(selector).length === 0) pr.required(['spec', 'selector']);
  if (!template) pr.required(['spec', 'template']);
}

/** The kinds that keep a pod template at `spec.template`. */
const WORKLOADS: [group: string, kind: string][] = [
  ['', 'ReplicationController'],
  ['apps', 'Deployment'],
  ['apps', 'ReplicaSet'],
  ['apps', 'StatefulSet'],
  ['apps', 'DaemonSet'],
  ['batch', 'Job'],
];

/** Where each kind keeps its pod specs. */
const POD_SPEC_PATHS = new KindTable<string[][]>([
  ['', 'Pod', [['spec']]],
  ['', 'PodTemplate', [['template', 'spec']]],
  ...WORKLOADS.map(([g, k]): [string, string, string[][]] => [g, k, [['spec', 'template', 'spec']]]),
  ['batch', 'CronJob', [['spec', 'jobTemplate', 'spec', 'template', 'spec']]],
]);

/** Where each kind keeps the metadata of its templates. */
const TEMPLATE_METADATA_PATHS = new KindTable<string[][]>([
  ['', 'PodTemplate', [['template', 'metadata']]],
  ...WORKLOADS.map(([g, k]): [string, string, string[][]] => [g, k, [['spec', 'template', 'metadata']]]),
  [
    'batch',
    'CronJob',
    [
      ['spec', 'jobTemplate', 'metadata'],
      ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
    ],
  ],
]);

export function podSpecsOf(obj: Obj, ctx: ObjectCheckContext): [FieldPath, Obj][] {
  return objectsAt(obj, POD_SPEC_PATHS.get(ctx.group, ctx.kind));
}

export function templateMetadataOf(obj: Obj, ctx: ObjectCheckContext): [FieldPath, Obj][] {
  return objectsAt(obj, TEMPLATE_METADATA_PATHS.get(ctx.group, ctx.kind));
}

/** The objects found at paths (each path a copy: callers may keep or extend it). */
function objectsAt(obj: Obj, paths: string[][] | undefined): [FieldPath, Obj][] {
  const out: [FieldPath, Obj][] = [];
  if (!paths) return out;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i];
    const cur = valueAt(obj, path);
    if (isPlainObject(cur)) out.push([[...path], cur]);
  }
  return out;
}

/**
 * The volumes a StatefulSet's controller adds to its pods, one per volumeClaimTemplate: the server validates the
 * template as if it had them (mounts may name them), in place of any pod volume of the same name.
 */
export function claimTemplateVolumes(obj: Obj, ctx: ObjectCheckContext): Set<string> {
  const names = new Set<string>();
  if (ctx.group !== 'apps' || ctx.kind !== 'StatefulSet') return names;
  const templates = valueAt(obj, ['spec', 'volumeClaimTemplates']);
  if (!Array.isArray(templates)) return names;
  for (const t of templates) {
    const name = isPlainObject(t) && isPlainObject(t.metadata) ? t.metadata.name : undefined;
    if (typeof name === 'string' && name !== '') names.add(name);
  }
  return names;
}

export function checkPodSpec(
  pr: Problems,
  base: FieldPath,
  spec: Obj,
  ctx: ObjectCheckContext,
  addedVolumes: Set<string> = new Set(),
  podName?: PodName,
): void {
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number' && (deadline < 1 || deadline > 2147483647))
    pr.invalid([...base, 'activeDeadlineSeconds'], deadline, 'must be between 1 and 2147483647, inclusive');
  // validateContainers: a pod has at least one container (an empty list as well as none).
  if (Array.isArray(spec.containers) && spec.containers.length === 0) pr.required([...base, 'containers']);
  if (typeof spec.runtimeClassName === 'string')
    for (const msg of dns1123Subdomain(spec.runtimeClassName))
      pr.invalid([...base, 'runtimeClassName'], spec.runtimeClassName, msg);
  checkPodSpecNames(pr, base, spec);
  checkPodScheduling(pr, base, spec);
  const names = new Set<string>();
  for (let k = 0; k < ALL_CONTAINER_LISTS.length; k++) {
    const listName = ALL_CONTAINER_LISTS[k];
    const list = spec[listName];
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const c: unknown = list[i];
      if (isPlainObject(c)) checkContainer(pr, [...base, listName, i], c, listName, names, spec, ctx);
    }
  }
  checkHostPorts(pr, base, spec, ctx.kind === 'Pod');
  checkPodResources(pr, base, spec);
  if (isPlainObject(spec.nodeSelector)) checkLabels(pr, [...base, 'nodeSelector'], spec.nodeSelector);
  for (let k = 0; k < SERVICE_ACCOUNT_FIELDS.length; k++) {
    const field = SERVICE_ACCOUNT_FIELDS[k];
    const sa = spec[field];
    if (typeof sa === 'string' && sa !== '') {
      const errs = dns1123Subdomain(sa);
      for (let n = 0; n < errs.length; n++) pr.invalid([...base, field], sa, errs[n]);
    }
  }
  if (isPlainObject(spec.securityContext)) {
    const at = [...base, 'securityContext'];
    checkSecurityContextIds(pr, at, spec.securityContext);
    checkSecurityProfiles(pr, at, spec.securityContext);
    if (Array.isArray(spec.securityContext.sysctls)) checkSysctls(pr, [...at, 'sysctls'], spec.securityContext.sysctls);
    checkWindowsOptions(pr, at, spec.securityContext.windowsOptions);
  }
  checkPodOS(pr, base, spec);
  if (Array.isArray(spec.tolerations)) checkTolerations(pr, base, spec.tolerations);
  // Which volumes the server keeps, and so which mounts find theirs, is decided after every check of the object
  // (volumeReferences.ts): here what is found of each mount and volume alone.
  for (let k = 0; k < MOUNTING_CONTAINER_LISTS.length; k++) {
    const listName = MOUNTING_CONTAINER_LISTS[k];
    const list = spec[listName];
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const c: unknown = list[i];
      if (isPlainObject(c) && Array.isArray(c.volumeMounts))
        checkVolumeMounts(pr, base, listName, i, c.volumeMounts, c);
    }
  }
  const volumes = spec.volumes;
  if (Array.isArray(volumes)) {
    // The server validates the added volumes first, then the pod's own that they do not replace.
    let index = addedVolumes.size;
    for (const v of volumes) {
      if (isPlainObject(v) && typeof v.name === 'string' && addedVolumes.has(v.name)) continue;
      const i = index++;
      if (!isPlainObject(v)) continue;
      checkVolumeSource(pr, [...base, 'volumes', i], v, ctx.kind === 'Pod', podName);
      if (typeof v.name !== 'string') continue;
      if (v.name === '') pr.required([...base, 'volumes', i, 'name']);
      else for (const msg of dns1123Label(v.name)) pr.invalid([...base, 'volumes', i, 'name'], v.name, msg);
    }
  }
}

const ALL_CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
const MOUNTING_CONTAINER_LISTS = ['initContainers', 'containers'];
const SERVICE_ACCOUNT_FIELDS = ['serviceAccountName', 'serviceAccount'];
const INIT_CONTAINER_FORBIDDEN = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'];
const LIFECYCLE_HOOKS = ['postStart', 'preStop'];

/** One container `c` at `p` (item of `listName`); `names`: the pod's container names so far. */
function checkContainer(
  pr: Problems,
  p: FieldPath,
  c: Obj,
  listName: string,
  names: Set<string>,
  spec: Obj,
  ctx: ObjectCheckContext,
): void {
  // An empty name is a missing one (Go cannot tell them apart).
  if (c.name === '') pr.required([...p, 'name']);
  if (typeof c.name === 'string' && c.name !== '') {
    const errs = dns1123Label(c.name);
    for (let k = 0; k < errs.length; k++) pr.invalid([...p, 'name'], c.name, errs[k]);
    if (names.has(c.name)) pr.duplicate([...p, 'name'], c.name);
    names.add(c.name);
  }
  if (c.image === undefined || c.image === '') pr.required([...p, 'image']);
  // Only pods themselves: templates of workloads are not checked for this (seen against kube-apiserver 1.35).
  else if (ctx.kind === 'Pod' && typeof c.image === 'string' && c.image.trim() !== c.image) {
    pr.invalid([...p, 'image'], c.image, 'must not have leading or trailing whitespace');
  }
  // Paths are made only for what a container has (each check below passes over a value that is no object).
  if (isPlainObject(c.securityContext)) {
    const at = [...p, 'securityContext'];
    checkSecurityContextIds(pr, at, c.securityContext);
    checkSecurityProfiles(pr, at, c.securityContext);
    checkContainerSecurityContext(pr, at, c.securityContext, spec);
    checkWindowsOptions(pr, at, c.securityContext.windowsOptions);
  }
  if (Array.isArray(c.ports)) checkContainerPorts(pr, p, c.ports);
  if (isPlainObject(c.resources)) checkResources(pr, p, c.resources, ctx.kind === 'Pod');
  // validateInitContainers: an init container that is no sidecar (restartPolicy Always) has no probes or
  // lifecycle hooks, and they are not validated further.
  if (listName === 'initContainers' && c.restartPolicy !== 'Always') {
    for (let k = 0; k < INIT_CONTAINER_FORBIDDEN.length; k++)
      if (isPlainObject(c[INIT_CONTAINER_FORBIDDEN[k]]))
        pr.forbidden(
          [...p, INIT_CONTAINER_FORBIDDEN[k]],
          'may not be set for init containers without restartPolicy=Always',
        );
  } else {
    for (let k = 0; k < PROBES.length; k++) {
      const probe = PROBES[k];
      const handler = c[probe];
      if (!isPlainObject(handler)) continue;
      const at = [...p, probe];
      checkHandler(pr, at, handler, PROBE_HANDLERS);
      checkProbeNumbers(pr, at, handler, probe, listName === 'containers');
    }
    if (isPlainObject(c.lifecycle))
      for (let k = 0; k < LIFECYCLE_HOOKS.length; k++) {
        const hook = LIFECYCLE_HOOKS[k];
        const handler = c.lifecycle[hook];
        if (!isPlainObject(handler)) continue;
        const at = [...p, 'lifecycle', hook];
        if (checkHandler(pr, at, handler, LIFECYCLE_HANDLERS) === 'sleep')
          checkSleep(pr, at, handler, spec.terminationGracePeriodSeconds);
      }
  }
  if (Array.isArray(c.envFrom)) checkEnvFrom(pr, [...p, 'envFrom'], c.envFrom);
  if (Array.isArray(c.env)) checkEnv(pr, p, c.env);
}

/** A container's env (`p`: the container's path): names, and each valueFrom's source. */
function checkEnv(pr: Problems, p: FieldPath, env: unknown[]): void {
  for (let j = 0; j < env.length; j++) {
    const e: unknown = env[j];
    if (!isPlainObject(e)) continue;
    if (isPlainObject(e.valueFrom)) checkEnvValueFrom(pr, [...p, 'env', j, 'valueFrom'], e);
    if (e.name === '') pr.required([...p, 'env', j, 'name']);
    if (typeof e.name !== 'string' || e.name === '') continue;
    if (badEnvVarName(e.name)) pr.invalid([...p, 'env', j, 'name'], e.name, ENV_NAME_MESSAGE);
  }
}

export function checkTolerations(pr: Problems, base: FieldPath, tolerations: unknown[]): void {
  for (let i = 0; i < tolerations.length; i++) {
    const t: unknown = tolerations[i];
    if (!isPlainObject(t)) continue;
    if (t.operator === 'Exists' && typeof t.value === 'string' && t.value !== '') {
      pr.invalid([...base, 'tolerations', i, 'operator'], t.value, "value must be empty when `operator` is 'Exists'");
    }
    if (typeof t.key === 'string' && t.key !== '')
      for (const msg of qualifiedName(t.key)) pr.invalid([...base, 'tolerations', i, 'key'], t.key, msg);
    if (typeof t.tolerationSeconds === 'number' && t.effect !== 'NoExecute')
      pr.invalid(
        [...base, 'tolerations', i, 'effect'],
        t.effect ?? '',
        "effect must be 'NoExecute' when `tolerationSeconds` is set",
      );
    if ((t.key === undefined || t.key === '') && t.operator !== 'Exists') {
      pr.invalid(
        [...base, 'tolerations', i, 'operator'],
        t.operator ?? '',
        'operator must be Exists when `key` is empty, which means "match all values and all keys"',
      );
    }
  }
}

/** A container's volumeMounts (the container is item `i` of `listName` in the pod spec at `base`). */
function checkVolumeMounts(
  pr: Problems,
  base: FieldPath,
  listName: string,
  i: number,
  mounts: unknown[],
  container: Obj,
): void {
  const mountPaths = new Set<string>();
  for (let j = 0; j < mounts.length; j++) {
    const m: unknown = mounts[j];
    if (!isPlainObject(m)) continue;
    if (mountHasChecks(m)) checkVolumeMount(pr, [...base, listName, i, 'volumeMounts'], j, m, container);
    // ValidateVolumeMounts: one mount per path in a container.
    const mountPath = typeof m.mountPath === 'string' ? m.mountPath : '';
    if (mountPaths.has(mountPath))
      pr.invalid([...base, listName, i, 'volumeMounts', j, 'mountPath'], mountPath, 'must be unique');
    mountPaths.add(mountPath);
  }
}

/** Whether checkVolumeMount may find anything in a mount (most have a name, a path and nothing else to check). */
function mountHasChecks(m: Obj): boolean {
  return (
    m.name === '' ||
    m.mountPath === '' ||
    (typeof m.subPath === 'string' && m.subPath !== '') ||
    (typeof m.subPathExpr === 'string' && m.subPathExpr !== '') ||
    m.mountPropagation === 'Bidirectional' ||
    typeof m.recursiveReadOnly === 'string'
  );
}

const RECURSIVE_READ_ONLY = ['Disabled', 'Enabled', 'IfPossible'];

/**
 * ValidateVolumeMounts of one mount `m` (item `j` of the list at `list`): name and path given, sub-paths below the
 * volume, propagation and recursive read-only. Go reports the last three at the list's path, not the item's.
 */
function checkVolumeMount(pr: Problems, list: FieldPath, j: number, m: Obj, container: Obj): void {
  const p = [...list, j];
  if (m.name === '') pr.required([...p, 'name']);
  if (m.mountPath === '') pr.required([...p, 'mountPath']);
  const subPath = typeof m.subPath === 'string' ? m.subPath : '';
  if (subPath) localDescendingPath(pr, [...p, 'subPath'], subPath, [...list, 'subPath']);
  if (typeof m.subPathExpr === 'string' && m.subPathExpr !== '') {
    if (subPath) pr.invalid([...p, 'subPathExpr'], m.subPathExpr, 'subPathExpr and subPath are mutually exclusive');
    localDescendingPath(pr, [...p, 'subPathExpr'], m.subPathExpr, [...list, 'subPathExpr']);
  }
  const security = isPlainObject(container.securityContext) ? container.securityContext : {};
  if (m.mountPropagation === 'Bidirectional' && security.privileged !== true)
    pr.forbidden(
      [...p, 'mountPropagation'],
      'Bidirectional mount propagation is available only to privileged containers',
      [...list, 'mountPropagation'],
    );
  // (An unsupported value is reported at the item, as enums are, and moved to the list's path with them.)
  if (typeof m.recursiveReadOnly === 'string' && !RECURSIVE_READ_ONLY.includes(m.recursiveReadOnly))
    pr.unsupported([...p, 'recursiveReadOnly'], m.recursiveReadOnly, RECURSIVE_READ_ONLY);
  if (m.recursiveReadOnly === 'Enabled' || m.recursiveReadOnly === 'IfPossible') {
    const at = [...list, 'recursiveReadOnly'];
    if (m.readOnly !== true)
      pr.forbidden([...p, 'recursiveReadOnly'], 'may only be specified when readOnly is true', at);
    if (typeof m.mountPropagation === 'string' && m.mountPropagation !== 'None')
      pr.forbidden(
        [...p, 'recursiveReadOnly'],
        'may only be specified when mountPropagation is None or not specified',
        at,
      );
  }
}

const POD_SPEC_NAME_RULES: [string, (v: string) => string[]][] = [
  ['nodeName', dns1123Subdomain],
  ['hostname', dns1123Label],
  ['subdomain', dns1123Label],
  ['priorityClassName', dns1123Subdomain],
];

/** The names ValidatePodSpec checks beside the containers' and volumes' (each only when given). */
function checkPodSpecNames(pr: Problems, base: FieldPath, spec: Obj): void {
  for (let k = 0; k < POD_SPEC_NAME_RULES.length; k++) {
    const field = POD_SPEC_NAME_RULES[k][0];
    const rule = POD_SPEC_NAME_RULES[k][1];
    const v = spec[field];
    if (typeof v === 'string' && v !== '') for (const msg of rule(v)) pr.invalid([...base, field], v, msg);
  }
  if (Array.isArray(spec.readinessGates))
    spec.readinessGates.forEach((g, i) => {
      const type = isPlainObject(g) && typeof g.conditionType === 'string' ? g.conditionType : '';
      for (const msg of qualifiedName(type)) pr.invalid([...base, 'readinessGates', i, 'conditionType'], type, msg);
    });
  if (Array.isArray(spec.schedulingGates)) {
    const seen = new Set<string>();
    spec.schedulingGates.forEach((g, i) => {
      const name = isPlainObject(g) && typeof g.name === 'string' ? g.name : '';
      // Reported at the item, not its name.
      for (const msg of qualifiedName(name)) pr.invalid([...base, 'schedulingGates', i], name, msg);
      if (seen.has(name)) pr.duplicate([...base, 'schedulingGates', i], name);
      seen.add(name);
    });
  }
  checkPodHostSettings(pr, base, spec);
}

const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

/** validateSysctls: names given, sysctl-shaped (at most 253 characters), unique. */
function checkSysctls(pr: Problems, p: FieldPath, sysctls: unknown[]): void {
  const names = new Set<string>();
  sysctls.forEach((s, i) => {
    const name = isPlainObject(s) && typeof s.name === 'string' ? s.name : '';
    const at = [...p, i, 'name'];
    if (name === '') pr.required(at);
    else if (name.length > 253 || !SYSCTL_NAME.test(name))
      pr.invalid(
        at,
        name,
        'must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$',
      );
    else if (names.has(name)) pr.duplicate(at, name);
    names.add(name);
  });
}

/** validateSleepAction: 0 to the pod's grace period (30 s when left out), printed in the message. */
function checkSleep(pr: Problems, p: FieldPath, handler: unknown, grace: unknown): void {
  const sleep = isPlainObject(handler) && isPlainObject(handler.sleep) ? handler.sleep : undefined;
  if (!sleep || typeof sleep.seconds !== 'number') return;
  const period = typeof grace === 'number' ? grace : 30;
  if (sleep.seconds < 0 || sleep.seconds > period)
    pr.invalid(
      [...p, 'sleep'],
      sleep.seconds,
      `must be non-negative and less than terminationGracePeriodSeconds (${period})`,
    );
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];

const ENV_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];

/** validateEnvVarValueFrom: exactly one source, and no `value` beside it (the value printed is ""). */
function checkEnvValueFrom(pr: Problems, p: FieldPath, env: Obj): void {
  const from = env.valueFrom as Obj;
  if (isPlainObject(from.fieldRef)) checkFieldRef(pr, [...p, 'fieldRef'], from.fieldRef, ENV_FIELD_PATHS);
  if (isPlainObject(from.resourceFieldRef))
    checkResourceFieldRef(pr, [...p, 'resourceFieldRef'], from.resourceFieldRef, false);
  checkKeySelectors(pr, p, from);
  const sources = ENV_SOURCES.filter((s) => isPlainObject(from[s])).length;
  if (sources === 0)
    pr.invalid(
      p,
      '',
      'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`',
    );
  else if (typeof env.value === 'string' && env.value !== '')
    pr.invalid(p, '', 'may not be specified when `value` is not empty');
  else if (sources > 1) pr.invalid(p, '', 'may not have more than one field specified at a time');
}

/** Controllers restart their pods themselves: workloads need Always, Jobs OnFailure or Never (default Always). */
export function checkTemplateRestartPolicy(pr: Problems, base: FieldPath, spec: Obj, ctx: ObjectCheckContext): void {
  const rule = RESTART_POLICIES.get(ctx.group, ctx.kind);
  if (!rule) return;
  const policy = typeof spec.restartPolicy === 'string' && spec.restartPolicy !== '' ? spec.restartPolicy : undefined;
  if (rule === 'workload') {
    if (policy !== undefined && policy !== 'Always') pr.unsupported([...base, 'restartPolicy'], policy, ['Always']);
  } else if (policy === undefined) pr.required([...base, 'restartPolicy'], 'valid values: "OnFailure", "Never"');
  else if (policy !== 'OnFailure' && policy !== 'Never')
    pr.unsupported([...base, 'restartPolicy'], policy, ['OnFailure', 'Never']);
}

const RESTART_POLICIES = new KindTable<'workload' | 'job'>([
  ['apps', 'Deployment', 'workload'],
  ['apps', 'ReplicaSet', 'workload'],
  ['apps', 'StatefulSet', 'workload'],
  ['apps', 'DaemonSet', 'workload'],
  ['', 'ReplicationController', 'workload'],
  ['batch', 'Job', 'job'],
  ['batch', 'CronJob', 'job'],
]);

function checkContainerPorts(pr: Problems, base: FieldPath, ports: unknown[]): void {
  const names = new Set<string>();
  for (let i = 0; i < ports.length; i++) {
    const port: unknown = ports[i];
    if (!isPlainObject(port)) continue;
    if (typeof port.containerPort === 'number' && !validPort(port.containerPort)) {
      pr.invalid([...base, 'ports', i, 'containerPort'], port.containerPort, 'must be between 1 and 65535, inclusive');
    }
    if (typeof port.hostPort === 'number' && port.hostPort !== 0 && !validPort(port.hostPort)) {
      pr.invalid([...base, 'ports', i, 'hostPort'], port.hostPort, 'must be between 1 and 65535, inclusive');
    }
    if (typeof port.name === 'string' && port.name !== '') {
      const errs = portName(port.name);
      for (let k = 0; k < errs.length; k++) pr.invalid([...base, 'ports', i, 'name'], port.name, errs[k]);
      if (names.has(port.name)) pr.duplicate([...base, 'ports', i, 'name'], port.name);
      names.add(port.name);
    }
  }
}

/** A container's resources (`container`: its path). */
function checkResources(pr: Problems, container: FieldPath, resources: Obj, defaultsRequests: boolean): void {
  const limits = isPlainObject(resources.limits) ? resources.limits : {};
  const given = isPlainObject(resources.requests) ? resources.requests : {};
  // Pod defaulting copies limits into missing requests before validation (not done for templates).
  const requests = defaultsRequests ? { ...limits, ...given } : given;
  const limitNames = Object.keys(limits);
  const requestNames = Object.keys(requests);
  notNegative(pr, container, 'limits', limits, limitNames);
  notNegative(pr, container, 'requests', requests, requestNames);
  standardNames(pr, container, 'limits', limitNames);
  standardNames(pr, container, 'requests', requestNames);
  // A resource that cannot be overcommitted (an extended one, hugepages) needs a limit beside its request.
  for (let k = 0; k < requestNames.length; k++) {
    const name = requestNames[k];
    if (
      limits[name] === undefined &&
      ((name.includes('/') && !name.includes('kubernetes.io/')) || name.startsWith('hugepages-'))
    )
      pr.required([...container, 'resources', 'limits'], 'Limit must be set for non overcommitable resources');
  }
  for (let k = 0; k < requestNames.length; k++) {
    const name = requestNames[k];
    const req = requests[name];
    const lim = limits[name];
    if (
      lim === undefined ||
      (typeof req !== 'string' && typeof req !== 'number') ||
      (typeof lim !== 'string' && typeof lim !== 'number')
    )
      continue;
    const r = parseQuantity(req);
    const l = parseQuantity(lim);
    if (r !== undefined && l !== undefined && r > l) {
      // The server reports the requests map (reqPath), not the entry, and the quantity as a string.
      const at = [...container, 'resources', 'requests'];
      pr.invalid([...at, name], String(req), `must be less than or equal to ${name} limit of ${lim}`, at);
    }
  }
}

function notNegative(pr: Problems, container: FieldPath, section: string, map: Obj, names: string[]): void {
  for (let k = 0; k < names.length; k++) {
    const name = names[k];
    const q = map[name];
    // Only a quantity written with a leading '-' reads as negative: the others are not parsed here.
    if (typeof q === 'string' ? !q.startsWith('-') : typeof q !== 'number') continue;
    const v = parseQuantity(q as string | number);
    if (v !== undefined && v < 0)
      pr.invalid([...container, 'resources', section, name], q, 'must be greater than or equal to 0');
  }
}

function standardNames(pr: Problems, container: FieldPath, section: string, names: string[]): void {
  for (let k = 0; k < names.length; k++) {
    const name = names[k];
    if (isContainerResourceName(name)) continue;
    pr.invalid([...container, 'resources', section, name], name, 'must be a standard resource type or fully qualified');
    pr.invalid([...container, 'resources', section, name], name, 'must be a standard resource for containers');
  }
}

function checkService(pr: Problems, obj: Obj): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
  const headless = spec.clusterIP === 'None';
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  if (isPlainObject(spec.selector)) checkLabels(pr, ['spec', 'selector'], spec.selector);
  const external = type === 'NodePort' || type === 'LoadBalancer';
  if (typeof spec.externalTrafficPolicy === 'string' && spec.externalTrafficPolicy !== '' && !external) {
    pr.invalid(
      ['spec', 'externalTrafficPolicy'],
      spec.externalTrafficPolicy,
      'may only be set for externally-accessible services',
    );
  }
  // Only a LoadBalancer with externalTrafficPolicy Local has a health-check node port (NeedsHealthCheck).
  const needsHealthCheck = type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
  if (typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort !== 0 && !needsHealthCheck)
    pr.invalid(
      ['spec', 'healthCheckNodePort'],
      spec.healthCheckNodePort,
      "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
    );
  if (ports.length === 0 && !headless && type !== 'ExternalName') pr.required(['spec', 'ports']);
  checkServiceClusterIPs(pr, spec, type);
  // Each external IP (a null item is Go's "": goZeroItems.ts) is a legacy IP field an endpoint may not use.
  if (Array.isArray(spec.externalIPs))
    spec.externalIPs.forEach((ip, i) => {
      if (typeof ip === 'string')
        for (const msg of endpointIPProblems(ip)) pr.invalid(['spec', 'externalIPs', i], ip, msg);
    });
  const names = new Set<string>();
  const portKeys = new Set<string>();
  for (let i = 0; i < ports.length; i++) {
    const port: unknown = ports[i];
    if (!isPlainObject(port)) continue;
    checkServicePort(pr, ['spec', 'ports', i], port, type, ports.length, names, portKeys);
  }
}

/** One of a Service's ports (`count` of them; `names` and `portKeys`: those of the ports before). */
function checkServicePort(
  pr: Problems,
  p: FieldPath,
  port: Obj,
  type: string,
  count: number,
  names: Set<string>,
  portKeys: Set<string>,
): void {
  if (count > 1 && (port.name === undefined || port.name === '')) pr.required([...p, 'name']);
  if (typeof port.name === 'string' && port.name !== '') {
    const errs = dns1123Label(port.name);
    for (let k = 0; k < errs.length; k++) pr.invalid([...p, 'name'], port.name, errs[k]);
    if (names.has(port.name)) pr.duplicate([...p, 'name'], port.name);
    names.add(port.name);
  }
  if ((type === 'ClusterIP' || type === 'ExternalName') && typeof port.nodePort === 'number' && port.nodePort !== 0)
    pr.forbidden([...p, 'nodePort'], `may not be used when \`type\` is '${type}'`);
  // A port left out is Go's 0 (the schema's `required` is left to this check, which reports it as the server does).
  const number = port.port === undefined ? 0 : port.port;
  if (typeof number === 'number' && !validPort(number))
    pr.invalid([...p, 'port'], number, 'must be between 1 and 65535, inclusive');
  // A targetPort of 0 or "" is defaulted to the port (SetDefaults_Service) before validation: a port out of range
  // is reported at both.
  const targetDefaulted = port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '';
  // (Beyond int32 the port is a decoding error, which stops the request: int64Literals.ts.)
  const decodes = typeof number === 'number' && number >= -2147483648 && number <= 2147483647;
  if (targetDefaulted && decodes && !validPort(number))
    pr.invalid([...p, 'targetPort'], number, 'must be between 1 and 65535, inclusive');
  if (typeof port.targetPort === 'number' && port.targetPort !== 0 && !validPort(port.targetPort))
    pr.invalid([...p, 'targetPort'], port.targetPort, 'must be between 1 and 65535, inclusive');
  if (typeof port.targetPort === 'string' && port.targetPort !== '') {
    const errs = portName(port.targetPort);
    for (let k = 0; k < errs.length; k++) pr.invalid([...p, 'targetPort'], port.targetPort, errs[k]);
  }
  // A single port has no duplicate: its key is not made.
  if (typeof number === 'number' && count > 1) {
    const key = `${number}/${port.protocol ?? 'TCP'}`;
    if (portKeys.has(key)) pr.duplicate(p, { port: number, protocol: port.protocol ?? 'TCP' });
    portKeys.add(key);
  }
}

function checkConfigKeys(pr: Problems, obj: Obj): void {
  if (obj.kind === 'ConfigMap' && isPlainObject(obj.data) && isPlainObject(obj.binaryData)) {
    for (const key of Object.keys(obj.data)) {
      if (Object.hasOwn(obj.binaryData, key)) pr.invalid(['data', key], key, 'duplicate of key present in binaryData');
    }
  }
  for (const field of ['data', 'binaryData', 'stringData']) {
    const m = obj[field];
    if (!isPlainObject(m)) continue;
    for (const key of Object.keys(m)) for (const msg of configMapKey(key)) pr.invalid([field, key], key, msg);
  }
}

const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;
const HTTP_HEADER_NAME_MESSAGE =
  "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

const PROBE_COUNTS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

/**
 * validateProbe's numbers (none below 0, a grace period above 0); a liveness or startup probe succeeds once
 * (successThreshold 1; 0 is defaulted to 1), and a container's readiness probe has no grace period.
 */
function checkProbeNumbers(pr: Problems, base: FieldPath, probe: unknown, kind: string, container: boolean): void {
  if (!isPlainObject(probe)) return;
  for (let k = 0; k < PROBE_COUNTS.length; k++) {
    const field = PROBE_COUNTS[k];
    const v = probe[field];
    if (typeof v === 'number' && v < 0) pr.invalid([...base, field], v, 'must be greater than or equal to 0');
  }
  const success = probe.successThreshold;
  if (kind !== 'readinessProbe' && typeof success === 'number' && success !== 0 && success !== 1)
    pr.invalid([...base, 'successThreshold'], success, 'must be 1');
  const grace = probe.terminationGracePeriodSeconds;
  if (typeof grace !== 'number') return;
  if (grace <= 0) pr.invalid([...base, 'terminationGracePeriodSeconds'], grace, 'must be greater than 0');
  if (container && kind === 'readinessProbe')
    pr.invalid([...base, 'terminationGracePeriodSeconds'], grace, 'must not be set for readinessProbes');
}

/**
 * validateHandler: probes and lifecycle hooks need a handler; the first one set (in Go's order: exec, httpGet,
 * tcpSocket, grpc, sleep) is validated, each later one is Forbidden and not looked into. Returns the first one's name.
 */
function checkHandler(pr: Problems, path: FieldPath, handler: unknown, kinds: string[]): string | undefined {
  if (!isPlainObject(handler)) return undefined;
  let first: string | undefined;
  for (let n = 0; n < kinds.length; n++) {
    const k = kinds[n];
    if (handler[k] === undefined) continue;
    if (first) pr.forbidden([...path, k], 'may not specify more than 1 handler type');
    else first = k;
  }
  if (!first) {
    pr.required(path, 'must specify a handler type');
    return undefined;
  }
  const action = handler[first];
  if (!isPlainObject(action)) return first;
  // validateExecAction: a command is required (an empty list is none).
  if (first === 'exec' && (!Array.isArray(action.command) || action.command.length === 0))
    pr.required([...path, 'exec', 'command']);
  // validateHTTPGetAction: each header name is an HTTP token, reported at the list (a missing name is "").
  const headers = first === 'httpGet' ? action.httpHeaders : undefined;
  if (Array.isArray(headers))
    for (const h of headers) {
      const name = isPlainObject(h) && typeof h.name === 'string' ? h.name : '';
      if (isPlainObject(h) && !HTTP_HEADER_NAME.test(name))
        pr.invalid([...path, 'httpGet', 'httpHeaders'], name, HTTP_HEADER_NAME_MESSAGE);
    }
  // An httpGet, tcpSocket or grpc handler's port is a number in range or a port name (ValidatePortNumOrName).
  if (first === 'httpGet' || first === 'tcpSocket' || first === 'grpc') {
    const port = action.port;
    if (typeof port === 'number' && !validPort(port))
      pr.invalid([...path, first, 'port'], port, 'must be between 1 and 65535, inclusive');
    if (typeof port === 'string') for (const msg of portName(port)) pr.invalid([...path, first, 'port'], port, msg);
  }
  return first;
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** A name Go's container resource checks accept: fully qualified, a standard container resource, or hugepages. */
export function isContainerResourceName(name: string): boolean {
  return name.includes('/') || STANDARD_CONTAINER_RESOURCES.has(name) || name.startsWith('hugepages-');
}

/** User and group ids (runAsUser, runAsGroup, fsGroup, each supplemental group) are int64 but fit a non-negative int32. */
function checkSecurityContextIds(pr: Problems, path: FieldPath, sc: unknown): void {
  if (!isPlainObject(sc)) return;
  for (let k = 0; k < SECURITY_CONTEXT_IDS.length; k++) {
    const field = SECURITY_CONTEXT_IDS[k];
    if (outOfIdRange(sc[field])) pr.invalid([...path, field], sc[field], ID_RANGE_MESSAGE);
  }
  const groups = sc.supplementalGroups;
  if (Array.isArray(groups))
    for (let i = 0; i < groups.length; i++)
      if (outOfIdRange(groups[i])) pr.invalid([...path, 'supplementalGroups', i], groups[i], ID_RANGE_MESSAGE);
}

const SECURITY_CONTEXT_IDS = ['runAsUser', 'runAsGroup', 'fsGroup'];
const ID_RANGE_MESSAGE = 'must be between 0 and 2147483647, inclusive';
/** A number out of a user or group id's range (what is not a number is the schema's to refuse). */
function outOfIdRange(v: unknown): boolean {
  return typeof v === 'number' && (v < 0 || v > 2147483647);
}
