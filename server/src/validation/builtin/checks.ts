// What the API server checks in Go beyond OpenAPI, for the common cases: object metadata (names, labels,
// annotations), pod templates (container names/images/ports/resources, volumes), workload selectors,
// services and config keys. Messages follow kubernetes/pkg/apis/*/validation.
import { FieldPath, formatPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import type { FieldProblem } from '../schema-validator';
import { formatValue } from '../messages';
import { parseQuantity } from '../quantity';
import { checkName, dns1123Label, labelValue, nameRuleFor, portName, qualifiedName } from './names';

type Obj = Record<string, unknown>;

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

class Problems {
  readonly list: FieldProblem[] = [];
  constructor(private readonly base: FieldPath) {}
  baseOf(): FieldPath {
    return this.base;
  }
  notFound(path: FieldPath, value: unknown): void {
    const p = [...this.base, ...path];
    this.list.push({ code: 'invalid', path: p, message: `${formatPath(p)}: Not found: ${formatValue(value)}` });
  }
  invalid(path: FieldPath, value: unknown, detail: string): void {
    const p = [...this.base, ...path];
    this.list.push({
      code: 'invalid',
      path: p,
      message: `${formatPath(p)}: Invalid value: ${formatValue(value)}: ${detail}`,
    });
  }
  required(path: FieldPath, detail = ''): void {
    const p = [...this.base, ...path];
    this.list.push({
      code: 'required',
      path: p,
      message: `${formatPath(p)}: Required value${detail ? `: ${detail}` : ''}`,
      onKey: true,
    });
  }
  duplicate(path: FieldPath, value: unknown): void {
    const p = [...this.base, ...path];
    this.list.push({ code: 'duplicate', path: p, message: `${formatPath(p)}: Duplicate value: ${formatValue(value)}` });
  }
  tooLong(path: FieldPath, detail: string): void {
    const p = [...this.base, ...path];
    this.list.push({ code: 'too-long', path: p, message: `${formatPath(p)}: Too long: ${detail}` });
  }
}

export interface ObjectCheckContext {
  group: string;
  kind: string;
  isCustomResource: boolean;
}

/** Hand-written checks for one object (value already without nulls). */
export function checkObject(obj: unknown, ctx: ObjectCheckContext, base: FieldPath = []): FieldProblem[] {
  const pr = new Problems(base);
  if (!isPlainObject(obj)) return pr.list;
  checkMetadata(pr, obj, ctx);
  if (!ctx.isCustomResource) {
    for (const [path, podSpec] of podSpecsOf(obj, ctx)) {
      checkPodSpec(pr, path, podSpec);
      checkTemplateRestartPolicy(pr, path, podSpec, ctx);
    }
    for (const [path, meta] of templateMetadataOf(obj, ctx)) checkLabelsAndAnnotations(pr, path, meta);
    checkWorkload(pr, obj, ctx);
    checkNonNegative(pr, obj, ctx);
    if (ctx.group === '' && ctx.kind === 'Service') checkService(pr, obj);
    if (
      ctx.group === '' &&
      ctx.kind === 'ReplicationController' &&
      isPlainObject(obj.spec) &&
      isPlainObject(obj.spec.selector)
    ) {
      checkLabels(pr, ['spec', 'selector'], obj.spec.selector);
    }
    if (ctx.group === '' && (ctx.kind === 'ConfigMap' || ctx.kind === 'Secret')) checkConfigKeys(pr, obj);
    if (ctx.group === '' && ctx.kind === 'Secret') checkSecretType(pr, obj);
  }
  return pr.list;
}

function checkMetadata(pr: Problems, obj: Obj, ctx: ObjectCheckContext): void {
  const md = obj.metadata;
  if (!isPlainObject(md)) {
    if (md === undefined) pr.required(['metadata', 'name'], 'name or generateName is required');
    return;
  }
  const name = md.name;
  if (typeof name === 'string' && name !== '') {
    const rule = ctx.kind === 'CustomResourceDefinition' ? 'subdomain' : nameRuleFor(ctx.group, ctx.kind);
    for (const msg of checkName(rule, name)) pr.invalid(['metadata', 'name'], name, msg);
  } else if (name === undefined || name === '') {
    if (typeof md.generateName !== 'string' || md.generateName === '')
      pr.required(['metadata', 'name'], 'name or generateName is required');
  }
  if (typeof md.namespace === 'string' && md.namespace !== '') {
    for (const msg of dns1123Label(md.namespace)) pr.invalid(['metadata', 'namespace'], md.namespace, msg);
  }
  checkLabelsAndAnnotations(pr, ['metadata'], md);
  if (Array.isArray(md.finalizers)) {
    md.finalizers.forEach((f, i) => {
      if (typeof f !== 'string') return;
      const errs = qualifiedName(f);
      for (const msg of errs) pr.invalid(['metadata', 'finalizers', i], f, msg);
      // Built-in types also require a domain-qualified name unless it is one of Kubernetes' own.
      if (errs.length === 0 && !ctx.isCustomResource && !f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
        pr.invalid(
          ['metadata', 'finalizers', i],
          f,
          'name is neither a standard finalizer name nor is it fully qualified',
        );
      }
    });
  }
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

function checkLabelsAndAnnotations(pr: Problems, path: FieldPath, md: Obj): void {
  if (isPlainObject(md.labels)) checkLabels(pr, [...path, 'labels'], md.labels);
  if (isPlainObject(md.annotations)) {
    let total = 0;
    for (const [k, v] of Object.entries(md.annotations)) {
      for (const msg of qualifiedName(k.toLowerCase())) pr.invalid([...path, 'annotations'], k, msg);
      total += k.length + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT)
      pr.tooLong([...path, 'annotations'], `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`);
  }
}

function checkLabels(pr: Problems, path: FieldPath, labels: Obj): void {
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of qualifiedName(k)) pr.invalid(path, k, msg);
    if (typeof v === 'string') for (const msg of labelValue(v)) pr.invalid(path, v, msg);
  }
}

/** Where each kind keeps its PodSpec. */
function podSpecsOf(obj: Obj, ctx: ObjectCheckContext): [FieldPath, Obj][] {
  const out: [FieldPath, Obj][] = [];
  const at = (path: string[]): void => {
    let cur: unknown = obj;
    for (const seg of path) cur = isPlainObject(cur) ? cur[seg] : undefined;
    if (isPlainObject(cur)) out.push([path, cur]);
  };
  const k = `${ctx.group}/${ctx.kind}`;
  if (k === '/Pod') at(['spec']);
  else if (k === '/PodTemplate') at(['template', 'spec']);
  else if (
    k === '/ReplicationController' ||
    ['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'apps/DaemonSet', 'batch/Job'].includes(k)
  )
    at(['spec', 'template', 'spec']);
  else if (k === 'batch/CronJob') at(['spec', 'jobTemplate', 'spec', 'template', 'spec']);
  return out;
}

function templateMetadataOf(obj: Obj, ctx: ObjectCheckContext): [FieldPath, Obj][] {
  const out: [FieldPath, Obj][] = [];
  const at = (path: string[]): void => {
    let cur: unknown = obj;
    for (const seg of path) cur = isPlainObject(cur) ? cur[seg] : undefined;
    if (isPlainObject(cur)) out.push([path, cur]);
  };
  const k = `${ctx.group}/${ctx.kind}`;
  if (k === '/PodTemplate') at(['template', 'metadata']);
  else if (
    k === '/ReplicationController' ||
    ['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'apps/DaemonSet', 'batch/Job'].includes(k)
  )
    at(['spec', 'template', 'metadata']);
  else if (k === 'batch/CronJob') {
    at(['spec', 'jobTemplate', 'metadata']);
    at(['spec', 'jobTemplate', 'spec', 'template', 'metadata']);
  }
  return out;
}

function checkPodSpec(pr: Problems, base: FieldPath, spec: Obj): void {
  const names = new Map<string, true>();
  for (const listName of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = spec[listName];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (!isPlainObject(c)) return;
      const p = [...base, listName, i];
      if (typeof c.name === 'string' && c.name !== '') {
        for (const msg of dns1123Label(c.name)) pr.invalid([...p, 'name'], c.name, msg);
        if (names.has(c.name)) pr.duplicate([...p, 'name'], c.name);
        names.set(c.name, true);
      }
      if (c.image === undefined || c.image === '') pr.required([...p, 'image']);
      else if (typeof c.image === 'string' && c.image.trim() !== c.image)
        pr.invalid([...p, 'image'], c.image, 'must not have leading or trailing whitespace');
      checkContainerPorts(pr, p, c);
      checkResources(pr, [...p, 'resources'], c.resources);
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'])
        checkHandler(pr, [...p, probe], c[probe], PROBE_HANDLERS);
      if (isPlainObject(c.lifecycle))
        for (const hook of ['postStart', 'preStop'])
          checkHandler(pr, [...p, 'lifecycle', hook], c.lifecycle[hook], LIFECYCLE_HANDLERS);
      if (Array.isArray(c.env)) {
        c.env.forEach((e, j) => {
          if (!isPlainObject(e) || typeof e.name !== 'string' || e.name === '') return;
          if (!/^[\x20-\x7e]+$/.test(e.name) || e.name.includes('=')) {
            pr.invalid(
              [...p, 'env', j, 'name'],
              e.name,
              "a valid environment variable name must consist only of printable ASCII characters other than '='",
            );
          }
        });
      }
    });
  }
  if (isPlainObject(spec.nodeSelector)) checkLabels(pr, [...base, 'nodeSelector'], spec.nodeSelector);
  const volumeNames = new Set(
    Array.isArray(spec.volumes) ? spec.volumes.map((v) => (isPlainObject(v) ? v.name : undefined)) : [],
  );
  for (const listName of ['initContainers', 'containers']) {
    const list = spec[listName];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (!isPlainObject(c) || !Array.isArray(c.volumeMounts)) return;
      c.volumeMounts.forEach((m, j) => {
        if (isPlainObject(m) && typeof m.name === 'string' && m.name !== '' && !volumeNames.has(m.name))
          pr.notFound([...base, listName, i, 'volumeMounts', j, 'name'], m.name);
      });
    });
  }
  const volumes = spec.volumes;
  if (Array.isArray(volumes)) {
    const seen = new Set<string>();
    volumes.forEach((v, i) => {
      if (!isPlainObject(v) || typeof v.name !== 'string') return;
      const p = [...base, 'volumes', i, 'name'];
      for (const msg of dns1123Label(v.name)) pr.invalid(p, v.name, msg);
      if (seen.has(v.name)) pr.duplicate(p, v.name);
      seen.add(v.name);
    });
  }
}

/** Controllers restart their pods themselves: workloads need Always, Jobs OnFailure or Never (default Always). */
function checkTemplateRestartPolicy(pr: Problems, base: FieldPath, spec: Obj, ctx: ObjectCheckContext): void {
  const k = `${ctx.group}/${ctx.kind}`;
  const policy = typeof spec.restartPolicy === 'string' && spec.restartPolicy !== '' ? spec.restartPolicy : undefined;
  const p = [...base, 'restartPolicy'];
  if (
    ['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'apps/DaemonSet', '/ReplicationController'].includes(k)
  ) {
    if (policy !== undefined && policy !== 'Always') {
      const full = [...pr.baseOf(), ...p];
      pr.list.push({
        code: 'enum',
        path: full,
        message: `${formatPath(full)}: Unsupported value: ${JSON.stringify(policy)}: supported values: "Always"`,
      });
    }
  } else if (k === 'batch/Job' || k === 'batch/CronJob') {
    const full = [...pr.baseOf(), ...p];
    if (policy === undefined)
      pr.list.push({
        code: 'required',
        path: full,
        message: `${formatPath(full)}: Required value: valid values: "OnFailure", "Never"`,
        onKey: true,
      });
    else if (policy !== 'OnFailure' && policy !== 'Never') {
      pr.list.push({
        code: 'enum',
        path: full,
        message: `${formatPath(full)}: Unsupported value: ${JSON.stringify(policy)}: supported values: "OnFailure", "Never"`,
      });
    }
  }
}

function checkContainerPorts(pr: Problems, base: FieldPath, c: Obj): void {
  if (!Array.isArray(c.ports)) return;
  const names = new Set<string>();
  c.ports.forEach((port, i) => {
    if (!isPlainObject(port)) return;
    const p = [...base, 'ports', i];
    if (typeof port.containerPort === 'number' && !validPort(port.containerPort)) {
      pr.invalid([...p, 'containerPort'], port.containerPort, 'must be between 1 and 65535, inclusive');
    }
    if (typeof port.hostPort === 'number' && port.hostPort !== 0 && !validPort(port.hostPort)) {
      pr.invalid([...p, 'hostPort'], port.hostPort, 'must be between 1 and 65535, inclusive');
    }
    if (typeof port.name === 'string' && port.name !== '') {
      for (const msg of portName(port.name)) pr.invalid([...p, 'name'], port.name, msg);
      if (names.has(port.name)) pr.duplicate([...p, 'name'], port.name);
      names.add(port.name);
    }
  });
}

function checkResources(pr: Problems, base: FieldPath, resources: unknown): void {
  if (!isPlainObject(resources)) return;
  const limits = isPlainObject(resources.limits) ? resources.limits : {};
  const requests = isPlainObject(resources.requests) ? resources.requests : {};
  for (const [section, map] of [
    ['limits', limits],
    ['requests', requests],
  ] as const) {
    for (const [name, q] of Object.entries(map)) {
      if (typeof q !== 'string' && typeof q !== 'number') continue;
      const v = parseQuantity(q);
      if (v !== undefined && v < 0)
        pr.invalid([section, name].length ? [...base, section, name] : base, q, 'must be greater than or equal to 0');
    }
  }
  for (const [name, req] of Object.entries(requests)) {
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
      pr.invalid([...base, 'requests', name], req, `must be less than or equal to ${name} limit of ${lim}`);
    }
  }
}

function checkWorkload(pr: Problems, obj: Obj, ctx: ObjectCheckContext): void {
  const isSelectorWorkload =
    ctx.group === 'apps' && ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(ctx.kind);
  const spec = obj.spec;
  if (!isPlainObject(spec)) return;
  if (typeof spec.replicas === 'number' && spec.replicas < 0)
    pr.invalid(['spec', 'replicas'], spec.replicas, 'must be greater than or equal to 0');
  if (!isSelectorWorkload) return;
  const selector = spec.selector;
  if (!isPlainObject(selector)) return; // a missing selector is reported by the schema (required)
  const matchLabels = isPlainObject(selector.matchLabels) ? selector.matchLabels : {};
  const hasExpressions = Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0;
  checkLabels(pr, ['spec', 'selector', 'matchLabels'], matchLabels);
  if (Object.keys(matchLabels).length === 0 && !hasExpressions) {
    pr.invalid(['spec', 'selector'], selector, `empty selector is invalid for ${ctx.kind.toLowerCase()}`);
    return;
  }
  const template = isPlainObject(spec.template) ? spec.template : undefined;
  const tmd = template && isPlainObject(template.metadata) ? template.metadata : undefined;
  const labels = tmd && isPlainObject(tmd.labels) ? tmd.labels : {};
  if (!template) return;
  const matches = Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
  if (!matches) {
    const shown = `map[string]string{${Object.entries(labels)
      .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
      .join(', ')}}`;
    const p = [...['spec', 'template', 'metadata', 'labels']];
    pr.list.push({
      code: 'invalid',
      path: p,
      message: `${formatPath(p)}: Invalid value: ${shown}: \`selector\` does not match template \`labels\``,
    });
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
  if (ports.length === 0 && !headless && type !== 'ExternalName') pr.required(['spec', 'ports']);
  const names = new Set<string>();
  const portKeys = new Set<string>();
  ports.forEach((port, i) => {
    if (!isPlainObject(port)) return;
    const p = ['spec', 'ports', i];
    if (ports.length > 1 && (port.name === undefined || port.name === '')) pr.required([...p, 'name']);
    if (typeof port.name === 'string' && port.name !== '') {
      for (const msg of dns1123Label(port.name)) pr.invalid([...p, 'name'], port.name, msg);
      if (names.has(port.name)) pr.duplicate([...p, 'name'], port.name);
      names.add(port.name);
    }
    if (typeof port.port === 'number' && !validPort(port.port))
      pr.invalid([...p, 'port'], port.port, 'must be between 1 and 65535, inclusive');
    if (typeof port.targetPort === 'number' && !validPort(port.targetPort))
      pr.invalid([...p, 'targetPort'], port.targetPort, 'must be between 1 and 65535, inclusive');
    if (typeof port.targetPort === 'string') {
      for (const msg of portName(port.targetPort)) pr.invalid([...p, 'targetPort'], port.targetPort, msg);
    }
    const key = `${port.port}/${port.protocol ?? 'TCP'}`;
    if (typeof port.port === 'number') {
      if (portKeys.has(key)) pr.duplicate(p, { port: port.port, protocol: port.protocol ?? 'TCP' });
      portKeys.add(key);
    }
  });
}

function checkConfigKeys(pr: Problems, obj: Obj): void {
  for (const field of ['data', 'binaryData', 'stringData']) {
    const m = obj[field];
    if (!isPlainObject(m)) continue;
    for (const key of Object.keys(m)) {
      const errs: string[] = [];
      if (key.length > 253) errs.push('must be no more than 253 characters');
      if (!CONFIG_KEY.test(key)) {
        errs.push(
          `a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
        );
      }
      if (key === '.' || key === '..') errs.push(`must not be '${key}'`);
      for (const msg of errs) pr.invalid([field], key, msg);
    }
  }
}

function validPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

/** Probes and lifecycle hooks need exactly one handler. */
function checkHandler(pr: Problems, path: FieldPath, handler: unknown, kinds: string[]): void {
  if (!isPlainObject(handler)) return;
  const set = kinds.filter((k) => handler[k] !== undefined);
  const full = [...pr.baseOf(), ...path];
  if (set.length === 0)
    pr.list.push({
      code: 'required',
      path: full,
      message: `${formatPath(full)}: Required value: must specify a handler type`,
      onKey: true,
    });
  else if (set.length > 1) {
    const p = [...full, set[1]];
    pr.list.push({
      code: 'invalid',
      path: p,
      message: `${formatPath(p)}: Forbidden: may not specify more than 1 handler type`,
    });
  }
}

/** Counts and durations the API server requires to be >= 0 (OpenAPI publishes no minimum for them). */
const NON_NEGATIVE: Record<string, string[][]> = {
  'apps/Deployment': [
    ['spec', 'minReadySeconds'],
    ['spec', 'revisionHistoryLimit'],
    ['spec', 'progressDeadlineSeconds'],
  ],
  'apps/ReplicaSet': [['spec', 'minReadySeconds']],
  'apps/StatefulSet': [
    ['spec', 'minReadySeconds'],
    ['spec', 'revisionHistoryLimit'],
  ],
  'apps/DaemonSet': [
    ['spec', 'minReadySeconds'],
    ['spec', 'revisionHistoryLimit'],
  ],
  '/ReplicationController': [['spec', 'minReadySeconds']],
  'batch/Job': [
    ['spec', 'parallelism'],
    ['spec', 'completions'],
    ['spec', 'backoffLimit'],
    ['spec', 'ttlSecondsAfterFinished'],
  ],
  'batch/CronJob': [
    ['spec', 'startingDeadlineSeconds'],
    ['spec', 'successfulJobsHistoryLimit'],
    ['spec', 'failedJobsHistoryLimit'],
    ['spec', 'jobTemplate', 'spec', 'parallelism'],
    ['spec', 'jobTemplate', 'spec', 'completions'],
    ['spec', 'jobTemplate', 'spec', 'backoffLimit'],
  ],
};

function checkNonNegative(pr: Problems, obj: Obj, ctx: ObjectCheckContext): void {
  for (const path of NON_NEGATIVE[`${ctx.group}/${ctx.kind}`] ?? []) {
    let cur: unknown = obj;
    for (const seg of path) cur = isPlainObject(cur) ? cur[seg] : undefined;
    if (typeof cur === 'number' && cur < 0) pr.invalid(path, cur, 'must be greater than or equal to 0');
  }
}

/** Typed secrets must carry their keys (data and stringData together, as the server merges them first). */
const SECRET_TYPE_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

function checkSecretType(pr: Problems, obj: Obj): void {
  const type = typeof obj.type === 'string' ? obj.type : '';
  const keys = new Set([
    ...Object.keys(isPlainObject(obj.data) ? obj.data : {}),
    ...Object.keys(isPlainObject(obj.stringData) ? obj.stringData : {}),
  ]);
  for (const key of SECRET_TYPE_KEYS[type] ?? []) if (!keys.has(key)) pr.required(['data', key]);
  if (type === 'kubernetes.io/service-account-token') {
    const ann = isPlainObject(obj.metadata) && isPlainObject(obj.metadata.annotations) ? obj.metadata.annotations : {};
    if (
      typeof ann['kubernetes.io/service-account.name'] !== 'string' ||
      ann['kubernetes.io/service-account.name'] === ''
    ) {
      pr.required(['metadata', 'annotations', 'kubernetes.io/service-account.name']);
    }
  }
}
