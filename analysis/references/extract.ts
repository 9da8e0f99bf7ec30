// What one Kubernetes object defines and references, read from its value. Pure: no I/O, no positions (paths
// only; the index turns them into ranges when someone asks).
import type { FieldPath } from '../documents';
import { BUILTIN_GROUPS } from '../schema/builtinGroups';
import {
  groupOf,
  KindScopes,
  LabelSelector,
  NameReference,
  ObjectKey,
  PodTemplate,
  ReferenceRule,
  SelectorReference,
  ServicePort,
} from './model';

export interface ObjectFacts {
  key: ObjectKey;
  /** Where the object is in its document: [] for a document's own object, ['items', i] in a List. */
  root: FieldPath;
  references: NameReference[];
  selectors: SelectorReference[];
  podTemplates: PodTemplate[];
  servicePorts: ServicePort[];
  /** Objects a controller makes from this one (a cert-manager Certificate's Secret): they count as defined. */
  produces: ObjectKey[];
}

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v) ?? {})) if (typeof x === 'string') out[k] = x;
  return out;
}

/** Where each workload kind keeps its pod template (Pod: the object itself). */
const POD_TEMPLATE_PATHS: Record<string, FieldPath> = {
  '/Pod': [],
  '/PodTemplate': ['template'],
  '/ReplicationController': ['spec', 'template'],
  'apps/Deployment': ['spec', 'template'],
  'apps/ReplicaSet': ['spec', 'template'],
  'apps/StatefulSet': ['spec', 'template'],
  'apps/DaemonSet': ['spec', 'template'],
  'batch/Job': ['spec', 'template'],
  'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
};

/**
 * Roles kube-apiserver creates at start (its bootstrap RBAC policy): bindings to them need no definition. Every
 * `system:` ClusterRole is one (or an aggregate the controllers keep), as are the four user-facing ones.
 */
const BOOTSTRAP_CLUSTER_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);
const BOOTSTRAP_ROLES = new Set([
  'kube-system/extension-apiserver-authentication-reader',
  'kube-system/system::leader-locking-kube-controller-manager',
  'kube-system/system::leader-locking-kube-scheduler',
  'kube-system/system:controller:bootstrap-signer',
  'kube-system/system:controller:cloud-provider',
  'kube-system/system:controller:token-cleaner',
  'kube-public/system:controller:bootstrap-signer',
]);

function bootstrapRole(kind: string, name: string | undefined, namespace: string): boolean {
  if (!name) return false;
  if (kind === 'ClusterRole') return name.startsWith('system:') || BOOTSTRAP_CLUSTER_ROLES.has(name);
  return BOOTSTRAP_ROLES.has(`${namespace}/${name}`);
}

/** How deep into a custom resource's spec embedded pod templates are looked for. */
const CUSTOM_TEMPLATE_DEPTH = 4;

/** Priority classes every cluster has: referring to them never needs a definition. */
const BUILTIN_PRIORITY_CLASSES = new Set(['system-cluster-critical', 'system-node-critical']);

/**
 * The facts of one object. `defaultNamespace` is where an object without `metadata.namespace` goes (the
 * context's namespace, else "default"), as the API server would place it.
 */
export function extractObject(value: unknown, defaultNamespace: string, scopes: KindScopes): ObjectFacts | undefined {
  const o = obj(value);
  if (!o) return undefined;
  const apiVersion = str(o.apiVersion);
  const kind = str(o.kind);
  const md = obj(o.metadata);
  const name = str(md?.name);
  if (!apiVersion || !kind || !name) return undefined;
  const group = groupOf(apiVersion);
  const namespace = scopes.clusterScoped(group, kind) ? '' : (str(md?.namespace) ?? defaultNamespace);
  const facts: ObjectFacts = {
    key: { group, kind, namespace, name },
    root: [],
    references: [],
    selectors: [],
    podTemplates: [],
    servicePorts: [],
    produces: [],
  };
  // Namespaced targets of a cluster-scoped object have no namespace to inherit: the default one is the best guess.
  const ns = namespace || defaultNamespace;
  const ref = (
    rule: ReferenceRule,
    tgroup: string,
    tkind: string,
    tname: unknown,
    path: FieldPath,
    extra: Partial<NameReference> & { namespace?: string } = {},
  ): NameReference | undefined => {
    const n = str(tname);
    if (!n) return undefined;
    const { namespace: tns, ...rest } = extra;
    const r: NameReference = {
      rule,
      target: {
        group: tgroup,
        kind: tkind,
        namespace: scopes.clusterScoped(tgroup, tkind) ? '' : (tns ?? ns),
        name: n,
      },
      path,
      ...rest,
    };
    facts.references.push(r);
    return r;
  };

  for (const [i, owner] of arr(md?.ownerReferences).entries()) {
    const or = obj(owner);
    const okind = str(or?.kind);
    if (or && okind)
      ref('owner', groupOf(str(or.apiVersion)), okind, or.name, ['metadata', 'ownerReferences', i, 'name']);
  }

  const templatePath = POD_TEMPLATE_PATHS[`${group}/${kind}`];
  if (templatePath) {
    const template = obj(at(o, templatePath));
    if (template) podTemplate(template, templatePath, facts, ref);
  } else if (!BUILTIN_GROUPS.has(group)) {
    customPodTemplates(o.spec, ['spec'], facts, ref, CUSTOM_TEMPLATE_DEPTH);
  }
  const spec = obj(o.spec);
  switch (`${group}/${kind}`) {
    case 'apps/StatefulSet':
      for (const [i, t] of arr(spec?.volumeClaimTemplates).entries())
        pvcSpec(obj(obj(t)?.spec), ['spec', 'volumeClaimTemplates', i, 'spec'], ref);
      break;
    case '/PersistentVolumeClaim':
      pvcSpec(spec, ['spec'], ref);
      ref('persistent-volume', '', 'PersistentVolume', spec?.volumeName, ['spec', 'volumeName']);
      break;
    case '/PersistentVolume': {
      ref('storage-class', 'storage.k8s.io', 'StorageClass', spec?.storageClassName, ['spec', 'storageClassName']);
      const claim = obj(spec?.claimRef);
      // A claimRef reserves the volume for a claim that may well be created later, elsewhere.
      ref('persistent-volume-claim', '', 'PersistentVolumeClaim', claim?.name, ['spec', 'claimRef', 'name'], {
        namespace: str(claim?.namespace) ?? ns,
        optional: 'a claimRef reserves the volume for a claim that may be created later',
      });
      break;
    }
    case '/Service': {
      const selector = stringMap(spec?.selector);
      if (Object.keys(selector).length > 0 && str(spec?.type) !== 'ExternalName')
        facts.selectors.push({
          rule: 'service-selector',
          namespace: ns,
          selector: { matchLabels: selector, matchExpressions: [] },
          path: ['spec', 'selector'],
        });
      for (const [i, p] of arr(spec?.ports).entries()) {
        const po = obj(p);
        if (!po) continue;
        const tp = po.targetPort;
        facts.servicePorts.push({
          index: i,
          name: str(po.name),
          port: typeof po.port === 'number' ? po.port : undefined,
          targetPort: typeof tp === 'number' || (typeof tp === 'string' && tp !== '') ? tp : undefined,
        });
      }
      break;
    }
    case 'networking.k8s.io/Ingress':
    case 'extensions/Ingress':
      ingress(spec, ref);
      break;
    case 'autoscaling/HorizontalPodAutoscaler':
    case 'autoscaling.k8s.io/VerticalPodAutoscaler': {
      const t = obj(spec?.[kind === 'VerticalPodAutoscaler' ? 'targetRef' : 'scaleTargetRef']);
      const field = kind === 'VerticalPodAutoscaler' ? 'targetRef' : 'scaleTargetRef';
      const tkind = str(t?.kind);
      if (tkind) ref('scale-target', groupOf(str(t?.apiVersion)), tkind, t?.name, ['spec', field, 'name']);
      break;
    }
    case 'policy/PodDisruptionBudget': {
      const sel = labelSelector(spec?.selector);
      if (sel) facts.selectors.push({ rule: 'pdb-selector', namespace: ns, selector: sel, path: ['spec', 'selector'] });
      break;
    }
    case 'rbac.authorization.k8s.io/RoleBinding':
    case 'rbac.authorization.k8s.io/ClusterRoleBinding': {
      const roleRef = obj(o.roleRef);
      const rkind = str(roleRef?.kind);
      if (rkind === 'Role' || rkind === 'ClusterRole')
        ref('role', 'rbac.authorization.k8s.io', rkind, roleRef?.name, ['roleRef', 'name'], {
          ...(bootstrapRole(rkind, str(roleRef?.name), ns)
            ? { optional: 'a role kube-apiserver creates at start (bootstrap RBAC)' }
            : {}),
        });
      for (const [i, s] of arr(o.subjects).entries()) {
        const so = obj(s);
        if (str(so?.kind) !== 'ServiceAccount') continue;
        // A ClusterRoleBinding's ServiceAccount subject must name its namespace; a RoleBinding's defaults to its own.
        const sns = str(so?.namespace) ?? (kind === 'RoleBinding' ? ns : undefined);
        if (sns)
          ref('service-account', '', 'ServiceAccount', so?.name, ['subjects', i, 'name'], defaultSa(so?.name, sns));
      }
      break;
    }
    case '/ServiceAccount':
      for (const [i, s] of arr(o.secrets).entries())
        ref('secret', '', 'Secret', obj(s)?.name, ['secrets', i, 'name'], {
          optional: 'the token controller creates the Secrets a ServiceAccount lists',
        });
      for (const [i, s] of arr(o.imagePullSecrets).entries())
        ref('secret', '', 'Secret', obj(s)?.name, ['imagePullSecrets', i, 'name']);
      break;
    case '/Secret': {
      const sa = str(stringMap(md?.annotations)['kubernetes.io/service-account.name']);
      if (str(o.type) === 'kubernetes.io/service-account-token' && sa)
        ref(
          'service-account',
          '',
          'ServiceAccount',
          sa,
          ['metadata', 'annotations', 'kubernetes.io/service-account.name'],
          defaultSa(sa, ns),
        );
      break;
    }
    case 'cert-manager.io/Certificate': {
      // cert-manager writes the certificate into this Secret: it exists once the Certificate is applied.
      const secretName = str(spec?.secretName);
      if (secretName) facts.produces.push({ group: '', kind: 'Secret', namespace: ns, name: secretName });
      break;
    }
    case 'bitnami.com/SealedSecret':
      facts.produces.push({ group: '', kind: 'Secret', namespace: ns, name });
      break;
    case 'external-secrets.io/ExternalSecret': {
      const target = str(obj(spec?.target)?.name) ?? name;
      facts.produces.push({ group: '', kind: 'Secret', namespace: ns, name: target });
      break;
    }
  }
  return facts;
}

type RefFn = (
  rule: ReferenceRule,
  group: string,
  kind: string,
  name: unknown,
  path: FieldPath,
  extra?: Partial<NameReference> & { namespace?: string },
) => NameReference | undefined;

function at(o: Obj, path: FieldPath): unknown {
  let v: unknown = o;
  for (const seg of path) v = Array.isArray(v) ? v[seg as number] : obj(v)?.[seg];
  return v;
}

function defaultSa(name: unknown, namespace: string): Partial<NameReference> & { namespace: string } {
  // Every namespace has a "default" ServiceAccount, made by the service account controller.
  return name === 'default' ? { namespace, optional: 'every namespace has a "default" ServiceAccount' } : { namespace };
}

function optionalRef(o: Obj | undefined): Partial<NameReference> {
  return o?.optional === true ? { optional: 'the reference is marked `optional: true`' } : {};
}

function podTemplate(template: Obj, base: FieldPath, facts: ObjectFacts, ref: RefFn): void {
  const spec = obj(template.spec);
  const labels = stringMap(obj(template.metadata)?.labels);
  const portNames = new Set<string>();
  facts.podTemplates.push({ labels, portNames, path: base });
  if (!spec) return;
  const s = [...base, 'spec'];
  const sa = spec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount';
  ref('service-account', '', 'ServiceAccount', spec[sa], [...s, sa], defaultSa(spec[sa], facts.key.namespace));
  for (const [i, p] of arr(spec.imagePullSecrets).entries())
    ref('secret', '', 'Secret', obj(p)?.name, [...s, 'imagePullSecrets', i, 'name']);
  const pc = str(spec.priorityClassName);
  ref('priority-class', 'scheduling.k8s.io', 'PriorityClass', pc, [...s, 'priorityClassName'], {
    ...(pc && BUILTIN_PRIORITY_CLASSES.has(pc) ? { optional: 'a priority class every cluster has' } : {}),
  });
  ref('runtime-class', 'node.k8s.io', 'RuntimeClass', spec.runtimeClassName, [...s, 'runtimeClassName']);
  for (const [i, v] of arr(spec.volumes).entries()) {
    const vol = obj(v);
    if (!vol) continue;
    const vp = [...s, 'volumes', i];
    const cm = obj(vol.configMap);
    ref('configmap', '', 'ConfigMap', cm?.name, [...vp, 'configMap', 'name'], optionalRef(cm));
    const sec = obj(vol.secret);
    ref('secret', '', 'Secret', sec?.secretName, [...vp, 'secret', 'secretName'], optionalRef(sec));
    ref('persistent-volume-claim', '', 'PersistentVolumeClaim', obj(vol.persistentVolumeClaim)?.claimName, [
      ...vp,
      'persistentVolumeClaim',
      'claimName',
    ]);
    for (const [j, src] of arr(obj(vol.projected)?.sources).entries()) {
      const so = obj(src);
      const pcm = obj(so?.configMap);
      ref(
        'configmap',
        '',
        'ConfigMap',
        pcm?.name,
        [...vp, 'projected', 'sources', j, 'configMap', 'name'],
        optionalRef(pcm),
      );
      const psec = obj(so?.secret);
      ref('secret', '', 'Secret', psec?.name, [...vp, 'projected', 'sources', j, 'secret', 'name'], optionalRef(psec));
    }
  }
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const [i, c] of arr(spec[list]).entries()) {
      const co = obj(c);
      if (!co) continue;
      const cp = [...s, list, i];
      for (const p of arr(co.ports)) {
        const pn = str(obj(p)?.name);
        if (pn) portNames.add(pn);
      }
      for (const [j, e] of arr(co.env).entries()) {
        const vf = obj(obj(e)?.valueFrom);
        const cmk = obj(vf?.configMapKeyRef);
        ref(
          'configmap',
          '',
          'ConfigMap',
          cmk?.name,
          [...cp, 'env', j, 'valueFrom', 'configMapKeyRef', 'name'],
          optionalRef(cmk),
        );
        const sk = obj(vf?.secretKeyRef);
        ref('secret', '', 'Secret', sk?.name, [...cp, 'env', j, 'valueFrom', 'secretKeyRef', 'name'], optionalRef(sk));
      }
      for (const [j, e] of arr(co.envFrom).entries()) {
        const eo = obj(e);
        const cmr = obj(eo?.configMapRef);
        ref('configmap', '', 'ConfigMap', cmr?.name, [...cp, 'envFrom', j, 'configMapRef', 'name'], optionalRef(cmr));
        const sr = obj(eo?.secretRef);
        ref('secret', '', 'Secret', sr?.name, [...cp, 'envFrom', j, 'secretRef', 'name'], optionalRef(sr));
      }
    }
  }
}

/**
 * Pods an operator makes from a custom resource: an embedded PodTemplateSpec (`template` with `spec.containers`,
 * as Argo Rollouts or JobSet have) or prometheus-operator's `podMetadata.labels`, whose port names are unknown.
 */
function customPodTemplates(v: unknown, path: FieldPath, facts: ObjectFacts, ref: RefFn, depth: number): void {
  const o = obj(v);
  if (!o || depth < 0) return;
  for (const [k, x] of Object.entries(o)) {
    const xo = obj(x);
    if (!xo) {
      if (Array.isArray(x) && depth > 0)
        x.forEach((item, i) => customPodTemplates(item, [...path, k, i], facts, ref, depth - 1));
      continue;
    }
    if (k === 'template' && Array.isArray(obj(xo.spec)?.containers)) podTemplate(xo, [...path, k], facts, ref);
    else if (k === 'podMetadata' && obj(xo.labels))
      facts.podTemplates.push({ labels: stringMap(xo.labels), path: [...path, k] });
    else customPodTemplates(xo, [...path, k], facts, ref, depth - 1);
  }
}

function pvcSpec(spec: Obj | undefined, base: FieldPath, ref: RefFn): void {
  // storageClassName "" asks for no class at all; unset means the cluster's default class.
  ref('storage-class', 'storage.k8s.io', 'StorageClass', spec?.storageClassName, [...base, 'storageClassName']);
}

function ingress(spec: Obj | undefined, ref: RefFn): void {
  if (!spec) return;
  ref('ingress-class', 'networking.k8s.io', 'IngressClass', spec.ingressClassName, ['spec', 'ingressClassName']);
  const backend = (b: unknown, path: FieldPath) => {
    const svc = obj(obj(b)?.service);
    if (!svc) return;
    const port = obj(svc.port);
    const value = typeof port?.number === 'number' ? port.number : str(port?.name);
    ref('service', '', 'Service', svc.name, [...path, 'service', 'name'], {
      ...(value !== undefined
        ? { servicePort: { value, path: [...path, 'service', 'port', typeof value === 'number' ? 'number' : 'name'] } }
        : {}),
    });
  };
  backend(spec.defaultBackend, ['spec', 'defaultBackend']);
  for (const [i, r] of arr(spec.rules).entries())
    for (const [j, p] of arr(obj(obj(r)?.http)?.paths).entries())
      backend(obj(p)?.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend']);
  for (const [i, t] of arr(spec.tls).entries())
    ref('secret', '', 'Secret', obj(t)?.secretName, ['spec', 'tls', i, 'secretName']);
}

/**
 * The objects of a document: the object itself, or each item of a List (`kind: List`, `ConfigMapList`...), with
 * paths from the document's root.
 */
export function extractObjects(value: unknown, defaultNamespace: string, scopes: KindScopes): ObjectFacts[] {
  const o = obj(value);
  const kind = str(o?.kind);
  if (o && kind?.endsWith('List') && Array.isArray(o.items)) {
    return o.items.flatMap((item, i) => {
      const f = extractObject(item, defaultNamespace, scopes);
      return f ? [prefixed(f, ['items', i])] : [];
    });
  }
  const f = extractObject(value, defaultNamespace, scopes);
  return f ? [f] : [];
}

function prefixed(f: ObjectFacts, prefix: FieldPath): ObjectFacts {
  const p = (path: FieldPath) => [...prefix, ...path];
  return {
    ...f,
    root: p(f.root),
    references: f.references.map((r) => ({
      ...r,
      path: p(r.path),
      ...(r.servicePort ? { servicePort: { ...r.servicePort, path: p(r.servicePort.path) } } : {}),
    })),
    selectors: f.selectors.map((s) => ({ ...s, path: p(s.path) })),
    podTemplates: f.podTemplates.map((t) => ({ ...t, path: p(t.path) })),
  };
}

/** A metav1.LabelSelector; undefined when absent (a PDB without selector selects nothing). */
export function labelSelector(v: unknown): LabelSelector | undefined {
  const o = obj(v);
  if (!o) return undefined;
  return {
    matchLabels: stringMap(o.matchLabels),
    matchExpressions: arr(o.matchExpressions).flatMap((e) => {
      const eo = obj(e);
      const key = str(eo?.key);
      const operator = str(eo?.operator);
      return key && operator
        ? [{ key, operator, values: arr(eo?.values).filter((x): x is string => typeof x === 'string') }]
        : [];
    }),
  };
}

/** labels.Selector semantics: every matchLabels pair and every expression must hold. */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(labels[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(labels[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** An empty selector: selects everything for a PDB, nothing worth checking for us. */
export function selectorIsEmpty(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels).length === 0 && sel.matchExpressions.length === 0;
}

/** `app=cart,tier in (web)`: a selector as kubectl prints it, for label-selector queries and messages. */
export function selectorString(sel: LabelSelector): string {
  const parts = Object.entries(sel.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator.toLowerCase() === 'in' ? 'in' : 'notin'} (${e.values.join(',')})`);
  }
  return parts.join(',');
}
