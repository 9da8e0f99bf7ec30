// What the API server checks in Go beyond OpenAPI, for the common cases: object metadata (names, labels,
// annotations), pod templates (container names/images/ports/resources, volumes), workload selectors,
// services and config keys. Messages follow kubernetes/pkg/apis/*/validation.
import { FieldPath, formatPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import type { FieldProblem } from '../schema-validator';
import { formatValue } from '../messages';
import { parseQuantity } from '../../../../kube/util/quantity';
import { checkName, dns1123Label, dns1123Subdomain, labelValue, nameRuleFor, portName, qualifiedName } from './names';

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
  /** `field`: where the server reports it, when that is a parent of the value (the range stays on the value). */
  invalid(path: FieldPath, value: unknown, detail: string, field?: FieldPath): void {
    const p = [...this.base, ...path];
    const f = field ? formatPath([...this.base, ...field]) : undefined;
    this.list.push({
      code: 'invalid',
      path: p,
      field: f,
      message: `${f ?? formatPath(p)}: Invalid value: ${formatValue(value)}: ${detail}`,
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
      checkPodSpec(pr, path, podSpec, ctx);
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
    if (ctx.group === 'rbac.authorization.k8s.io') {
      checkRbacBinding(pr, obj, ctx.kind);
      checkRbacRules(pr, obj, ctx.kind);
    }
    if (ctx.group === 'networking.k8s.io' && ctx.kind === 'NetworkPolicy') checkNetworkPolicy(pr, obj);
    if (ctx.group === 'networking.k8s.io' && ctx.kind === 'IngressClass') checkIngressClass(pr, obj);
    if (ctx.group === 'policy' && ctx.kind === 'PodDisruptionBudget') checkPodDisruptionBudget(pr, obj);
    if (ctx.group === 'apiregistration.k8s.io' && ctx.kind === 'APIService') checkApiService(pr, obj);
    checkRollingUpdate(pr, obj, ctx);
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
    else {
      // A prefix may end in '-' (the server appends random characters); apimachinery masks it before checking.
      const rule = ctx.kind === 'CustomResourceDefinition' ? 'subdomain' : nameRuleFor(ctx.group, ctx.kind);
      const masked = md.generateName.endsWith('-') ? `${md.generateName.slice(0, -1)}a` : md.generateName;
      for (const msg of checkName(rule, masked)) pr.invalid(['metadata', 'generateName'], md.generateName, msg);
    }
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

function checkPodSpec(pr: Problems, base: FieldPath, spec: Obj, ctx: ObjectCheckContext): void {
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
      // Only pods themselves: templates of workloads are not checked for this (seen against kube-apiserver 1.35).
      else if (ctx.kind === 'Pod' && typeof c.image === 'string' && c.image.trim() !== c.image) {
        pr.invalid([...p, 'image'], c.image, 'must not have leading or trailing whitespace');
      }
      checkSecurityContextIds(pr, [...p, 'securityContext'], c.securityContext);
      checkContainerPorts(pr, p, c);
      checkResources(pr, [...p, 'resources'], c.resources, ctx.kind === 'Pod');
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
  for (const field of ['serviceAccountName', 'serviceAccount']) {
    const sa = spec[field];
    if (typeof sa === 'string' && sa !== '')
      for (const msg of dns1123Subdomain(sa)) pr.invalid([...base, field], sa, msg);
  }
  checkSecurityContextIds(pr, [...base, 'securityContext'], spec.securityContext);
  if (Array.isArray(spec.tolerations)) {
    spec.tolerations.forEach((t, i) => {
      if (!isPlainObject(t)) return;
      const p = [...base, 'tolerations', i];
      if (t.operator === 'Exists' && typeof t.value === 'string' && t.value !== '') {
        pr.invalid([...p, 'operator'], t.value, "value must be empty when `operator` is 'Exists'");
      }
      if (typeof t.key === 'string' && t.key !== '')
        for (const msg of qualifiedName(t.key)) pr.invalid([...p, 'key'], t.key, msg);
      if ((t.key === undefined || t.key === '') && t.operator !== 'Exists') {
        pr.invalid(
          [...p, 'operator'],
          t.operator ?? '',
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        );
      }
    });
  }
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

function checkResources(pr: Problems, base: FieldPath, resources: unknown, defaultsRequests: boolean): void {
  if (!isPlainObject(resources)) return;
  const limits = isPlainObject(resources.limits) ? resources.limits : {};
  const given = isPlainObject(resources.requests) ? resources.requests : {};
  // Pod defaulting copies limits into missing requests before validation (not done for templates).
  const requests = defaultsRequests ? { ...limits, ...given } : given;
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
  for (const [section, map] of [
    ['limits', limits],
    ['requests', requests],
  ] as const) {
    for (const name of Object.keys(map)) {
      if (name.includes('/') || STANDARD_CONTAINER_RESOURCES.has(name) || /^hugepages-/.test(name)) continue;
      pr.invalid([...base, section, name], name, 'must be a standard resource type or fully qualified');
      pr.invalid([...base, section, name], name, 'must be a standard resource for containers');
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
      // The server reports the requests map (reqPath), not the entry, and the quantity as a string.
      pr.invalid([...base, 'requests', name], String(req), `must be less than or equal to ${name} limit of ${lim}`, [
        ...base,
        'requests',
      ]);
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
    if ((type === 'ClusterIP' || type === 'ExternalName') && typeof port.nodePort === 'number' && port.nodePort !== 0) {
      const np = [...p, 'nodePort'];
      pr.list.push({
        code: 'invalid',
        path: np,
        message: `${formatPath(np)}: Forbidden: may not be used when \`type\` is '${type}'`,
      });
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
  if (obj.kind === 'ConfigMap' && isPlainObject(obj.data) && isPlainObject(obj.binaryData)) {
    for (const key of Object.keys(obj.data)) {
      if (key in obj.binaryData) pr.invalid(['data', key], key, 'duplicate of key present in binaryData');
    }
  }
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
      for (const msg of errs) pr.invalid([field, key], key, msg);
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

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** runAsUser / runAsGroup are int64 in the API but must fit a non-negative int32. */
function checkSecurityContextIds(pr: Problems, path: FieldPath, sc: unknown): void {
  if (!isPlainObject(sc)) return;
  for (const field of ['runAsUser', 'runAsGroup', 'fsGroup']) {
    const v = sc[field];
    if (typeof v === 'number' && (v < 0 || v > 2147483647))
      pr.invalid([...path, field], v, 'must be between 0 and 2147483647, inclusive');
  }
}

function checkRbacBinding(pr: Problems, obj: Obj, kind: string): void {
  if (kind !== 'RoleBinding' && kind !== 'ClusterRoleBinding') return;
  const supportedRoles = kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  const unsupported = (path: FieldPath, v: unknown, allowed: string[]): void => {
    pr.list.push({
      code: 'enum',
      path,
      message: `${formatPath(path)}: Unsupported value: ${formatValue(v)}: supported values: ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
    });
  };
  if (isPlainObject(obj.roleRef)) {
    const k = obj.roleRef.kind;
    if (typeof k === 'string' && !supportedRoles.includes(k)) unsupported(['roleRef', 'kind'], k, supportedRoles);
    const g = obj.roleRef.apiGroup;
    if (typeof g === 'string' && g !== 'rbac.authorization.k8s.io')
      unsupported(['roleRef', 'apiGroup'], g, ['rbac.authorization.k8s.io']);
  }
  if (Array.isArray(obj.subjects)) {
    obj.subjects.forEach((subject, i) => {
      if (!isPlainObject(subject) || typeof subject.kind !== 'string') return;
      if (!['ServiceAccount', 'User', 'Group'].includes(subject.kind))
        unsupported(['subjects', i, 'kind'], subject.kind, ['ServiceAccount', 'User', 'Group']);
    });
  }
}

const PERCENT = /^[0-9]+%$/;

/** maxSurge / maxUnavailable given as strings must be percentages. */
function checkRollingUpdate(pr: Problems, obj: Obj, ctx: ObjectCheckContext): void {
  if (ctx.group !== 'apps') return;
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  const strategyField = ctx.kind === 'Deployment' ? 'strategy' : 'updateStrategy';
  const strategy = spec && isPlainObject(spec[strategyField]) ? spec[strategyField] : undefined;
  const ru = strategy && isPlainObject(strategy.rollingUpdate) ? strategy.rollingUpdate : undefined;
  if (!ru) return;
  for (const field of ['maxSurge', 'maxUnavailable']) {
    const v = ru[field];
    if (typeof v === 'string' && !PERCENT.test(v)) {
      pr.invalid(
        ['spec', strategyField, 'rollingUpdate', field],
        v,
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      );
    }
  }
}

function checkRbacRules(pr: Problems, obj: Obj, kind: string): void {
  if ((kind !== 'Role' && kind !== 'ClusterRole') || !Array.isArray(obj.rules)) return;
  obj.rules.forEach((rule, i) => {
    if (!isPlainObject(rule)) return;
    const p = ['rules', i];
    if (Array.isArray(rule.verbs) && rule.verbs.length === 0)
      pr.required([...p, 'verbs'], 'verbs must contain at least one value');
    const urls = Array.isArray(rule.nonResourceURLs) ? rule.nonResourceURLs : [];
    if (urls.length === 0) return;
    if (kind === 'Role')
      pr.invalid([...p, 'nonResourceURLs'], urls, 'namespaced rules cannot apply to non-resource URLs');
    else if (
      (Array.isArray(rule.resources) && rule.resources.length > 0) ||
      (Array.isArray(rule.apiGroups) && rule.apiGroups.length > 0)
    ) {
      pr.invalid([...p, 'nonResourceURLs'], urls, 'rules cannot apply to both regular resources and non-resource URLs');
    }
  });
}

function isCidr(s: string): boolean {
  const m = /^(.*)\/(\d{1,3})$/.exec(s);
  if (!m) return false;
  const bits = Number(m[2]);
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(m[1]);
  if (v4) return bits <= 32;
  const v6 = m[1].includes(':') && /^[0-9a-fA-F:.]+$/.test(m[1]) && (m[1].match(/::/g) ?? []).length <= 1;
  return v6 && bits <= 128;
}

function checkNetworkPolicy(pr: Problems, obj: Obj): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  for (const direction of ['ingress', 'egress']) {
    const rules = spec[direction];
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule, i) => {
      if (!isPlainObject(rule)) return;
      const ports = Array.isArray(rule.ports) ? rule.ports : [];
      ports.forEach((port, j) => {
        if (isPlainObject(port) && typeof port.port === 'number' && !validPort(port.port)) {
          pr.invalid(['spec', direction, i, 'ports', j, 'port'], port.port, 'must be between 1 and 65535, inclusive');
        }
      });
      const peers = rule[direction === 'ingress' ? 'from' : 'to'];
      if (!Array.isArray(peers)) return;
      peers.forEach((peer, j) => {
        const block = isPlainObject(peer) && isPlainObject(peer.ipBlock) ? peer.ipBlock : undefined;
        if (!block) return;
        const p = ['spec', direction, i, direction === 'ingress' ? 'from' : 'to', j, 'ipBlock'];
        if (typeof block.cidr === 'string' && !isCidr(block.cidr)) {
          pr.invalid([...p, 'cidr'], block.cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
        }
        if (Array.isArray(block.except)) {
          block.except.forEach((e, k) => {
            if (typeof e === 'string' && !isCidr(e))
              pr.invalid([...p, 'except', k], e, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
          });
        }
      });
    });
  }
}

const DOMAIN_PREFIXED_PATH = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[^\s]+$/;

function checkIngressClass(pr: Problems, obj: Obj): void {
  const controller = isPlainObject(obj.spec) ? obj.spec.controller : undefined;
  if (typeof controller === 'string' && controller !== '' && !DOMAIN_PREFIXED_PATH.test(controller)) {
    pr.invalid(['spec', 'controller'], controller, 'must be a domain-prefixed path (such as "acme.io/foo")');
  }
}

function checkPodDisruptionBudget(pr: Problems, obj: Obj): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  if (!spec) return;
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    pr.invalid(['spec'], spec, 'minAvailable and maxUnavailable cannot be both set');
  }
  for (const field of ['minAvailable', 'maxUnavailable']) {
    const v = spec[field];
    if (typeof v === 'number' && v < 0) pr.invalid(['spec', field], v, 'must be greater than or equal to 0');
    if (typeof v === 'string') {
      if (!PERCENT.test(v)) {
        pr.invalid(
          ['spec', field],
          v,
          "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        );
      } else if (Number(v.slice(0, -1)) > 100) pr.invalid(['spec', field], v, 'must not be greater than 100%');
    }
  }
}

function checkApiService(pr: Problems, obj: Obj): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  if (!spec) return;
  const g = spec.groupPriorityMinimum;
  if (typeof g === 'number' && (g <= 0 || g >= 20000))
    pr.invalid(['spec', 'groupPriorityMinimum'], g, 'must be positive and less than 20000');
  const v = spec.versionPriority;
  if (typeof v === 'number' && (v <= 0 || v >= 1000))
    pr.invalid(['spec', 'versionPriority'], v, 'must be positive and less than 1000');
}
