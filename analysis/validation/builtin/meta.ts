// Object metadata as apimachinery's ValidateObjectMeta checks it: names per kind, generateName, namespace, labels,
// annotations (keys and total size), finalizers and owner references.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import {
  checkName,
  checkNamePrefix,
  dns1123Label,
  generatedName,
  labelValue,
  nameRuleFor,
  qualifiedName,
} from './names';
import type { Obj, ObjectCheckContext, Problems } from './problems';

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function checkMetadata(pr: Problems, obj: Obj, ctx: ObjectCheckContext): void {
  const md = obj.metadata;
  if (!isPlainObject(md)) {
    if (md === undefined && !namedOnCreate(ctx)) pr.required(['metadata', 'name'], 'name or generateName is required');
    return;
  }
  const name = md.name;
  const rule = ctx.kind === 'CustomResourceDefinition' ? 'subdomain' : nameRuleFor(ctx.group, ctx.kind);
  if (typeof name === 'string' && name !== '') {
    const errs = checkName(rule, name);
    for (let i = 0; i < errs.length; i++) pr.invalid(['metadata', 'name'], name, errs[i]);
  } else if (
    (name === undefined || name === '') &&
    (typeof md.generateName !== 'string' || md.generateName === '') &&
    !namedOnCreate(ctx)
  )
    pr.required(['metadata', 'name'], 'name or generateName is required');
  // generateName is checked even beside a name (ValidateObjectMeta), as a prefix (random characters follow).
  if (typeof md.generateName === 'string' && md.generateName !== '' && checksGenerateName(ctx)) {
    for (const msg of checkNamePrefix(rule, md.generateName))
      pr.invalid(['metadata', 'generateName'], md.generateName, msg);
  }
  // Without a name the server generates one before validating it: an invalid prefix makes an invalid name too.
  if ((name === undefined || name === '') && typeof md.generateName === 'string' && md.generateName !== '') {
    const generated = generatedName(md.generateName);
    // Reported where the user wrote it (generateName), printed under metadata.name as the server prints it.
    for (const msg of checkName(rule, generated.checked))
      pr.invalidPrinted(['metadata', 'generateName'], generated.printed, msg, ['metadata', 'name']);
  }
  if (typeof md.namespace === 'string' && md.namespace !== '') {
    // kubectl sends it as written and says nothing; the server drops it, so it is never invalid there.
    if (ctx.clusterScoped)
      pr.note(['metadata', 'namespace'], `ignored: ${ctx.kind} is cluster-scoped (the API server drops the namespace)`);
    else {
      const errs = dns1123Label(md.namespace);
      for (let i = 0; i < errs.length; i++) pr.invalid(['metadata', 'namespace'], md.namespace, errs[i]);
    }
  }
  // A negative generation is refused unless create resets it to 1 first (custom resources and the kinds below).
  if (typeof md.generation === 'number' && md.generation < 0 && !ctx.isCustomResource && !resetsGeneration(ctx))
    pr.invalid(['metadata', 'generation'], md.generation, 'must be greater than or equal to 0');
  checkLabelsAndAnnotations(pr, METADATA, withDefaultedLabels(md, obj, ctx));
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
  if (Array.isArray(md.ownerReferences)) checkOwnerReferences(pr, md.ownerReferences);
}

const METADATA: FieldPath = ['metadata'];

/** A LimitRange left without a name (and generateName) is named by its create strategy, a random UUID. */
function namedOnCreate(ctx: ObjectCheckContext): boolean {
  return ctx.group === '' && ctx.kind === 'LimitRange' && !ctx.isCustomResource;
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

// The kinds whose PrepareForCreate sets `Generation = 1` (kubernetes/pkg/registry/*/strategy.go, 1.35), by group.
const GENERATION_RESET: Record<string, string[]> = {
  '': ['Pod', 'PodTemplate', 'ReplicationController'],
  apps: ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  batch: ['CronJob', 'Job'],
  'admissionregistration.k8s.io': [
    'MutatingAdmissionPolicy',
    'MutatingAdmissionPolicyBinding',
    'MutatingWebhookConfiguration',
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
    'ValidatingWebhookConfiguration',
  ],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'discovery.k8s.io': ['EndpointSlice'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'networking.k8s.io': ['Ingress', 'IngressClass', 'NetworkPolicy'],
  policy: ['PodDisruptionBudget'],
  'resource.k8s.io': ['DeviceClass', 'DeviceTaintRule', 'ResourceSlice'],
  'scheduling.k8s.io': ['PriorityClass'],
};

function resetsGeneration(ctx: ObjectCheckContext): boolean {
  return GENERATION_RESET[ctx.group]?.includes(ctx.kind) ?? false;
}

/**
 * apimachinery's ValidateOwnerReferences (custom resources included): each reference names a version, a kind, a
 * name and a uid, no Event owns anything, one controller at most. The server reports the fields without the
 * item's index (`metadata.ownerReferences.uid`); the range stays on the item.
 */
function checkOwnerReferences(pr: Problems, refs: unknown[]): void {
  let firstController = '';
  refs.forEach((ref, i) => {
    if (!isPlainObject(ref)) return;
    const text = (k: string) => (typeof ref[k] === 'string' ? (ref[k] as string) : '');
    const at = (k: string): FieldPath =>
      k in ref ? ['metadata', 'ownerReferences', i, k] : ['metadata', 'ownerReferences', i];
    // schema.FromAPIVersionAndKind: an apiVersion with more than one '/' does not parse, and has no version
    const parts = text('apiVersion').split('/');
    const version = parts.length === 1 ? parts[0] : parts.length === 2 ? parts[1] : '';
    const group = parts.length === 2 ? parts[0] : '';
    if (!version)
      pr.invalid(at('apiVersion'), text('apiVersion'), 'version must not be empty', [
        'metadata',
        'ownerReferences',
        'apiVersion',
      ]);
    for (const k of ['kind', 'name', 'uid'])
      if (!text(k)) pr.invalid(at(k), text(k), 'must not be empty', ['metadata', 'ownerReferences', k]);
    if (group === '' && version === 'v1' && text('kind') === 'Event')
      pr.invalid(['metadata', 'ownerReferences', i], ref, '/v1, Kind=Event is disallowed from being an owner', [
        'metadata',
        'ownerReferences',
      ]);
    if (ref.controller === true) {
      const current = `${text('kind')}/${text('name')}`;
      if (firstController)
        pr.invalid(
          ['metadata', 'ownerReferences', i],
          refs,
          `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ['metadata', 'ownerReferences'],
        );
      else firstController = current;
    }
  });
}

/**
 * `reportedAt`: where the server names them when not under `path` (a pod template's ValidatePodTemplateSpec reports
 * `spec.template.labels`, without `metadata`); ranges stay on the metadata.
 */
export function checkLabelsAndAnnotations(pr: Problems, path: FieldPath, md: Obj, reportedAt?: FieldPath): void {
  if (isPlainObject(md.labels))
    checkLabels(pr, [...path, 'labels'], md.labels, reportedAt && [...reportedAt, 'labels']);
  if (isPlainObject(md.annotations)) {
    const annotations = md.annotations;
    // The size counts values in UTF-8 bytes: at most 3 per UTF-16 unit, so a bound decides nearly always.
    let bound = 0;
    const keys = Object.keys(annotations);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const errs = qualifiedName(k.toLowerCase());
      for (let e = 0; e < errs.length; e++)
        pr.invalid([...path, 'annotations'], k, errs[e], reportedAt && [...reportedAt, 'annotations']);
      const v = annotations[k];
      bound += k.length + (typeof v === 'string' ? v.length * 3 : 0);
    }
    if (bound > TOTAL_ANNOTATION_SIZE_LIMIT && annotationsSize(annotations) > TOTAL_ANNOTATION_SIZE_LIMIT)
      pr.tooLong([...path, 'annotations'], `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`);
  }
}

function annotationsSize(annotations: Obj): number {
  let total = 0;
  for (const [k, v] of Object.entries(annotations))
    total += k.length + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  return total;
}

export function checkLabels(pr: Problems, path: FieldPath, labels: Obj, reportedAt?: FieldPath): void {
  // Indexed loops: this runs for every label of every object, mostly before V8 optimizes it.
  const keys = Object.keys(labels);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = labels[k];
    const keyErrors = qualifiedName(k);
    for (let e = 0; e < keyErrors.length; e++) pr.invalid(path, k, keyErrors[e], reportedAt);
    if (typeof v !== 'string') continue;
    const valueErrors = labelValue(v);
    for (let e = 0; e < valueErrors.length; e++) pr.invalid(path, v, valueErrors[e], reportedAt);
  }
}

/**
 * The labels as v1's defaulting leaves them, which is what the server validates: a Namespace is labelled with its
 * name (`kubernetes.io/metadata.name`, replacing any value given), a ReplicationController without labels gets its
 * template's.
 */
function withDefaultedLabels(md: Obj, obj: Obj, ctx: ObjectCheckContext): Obj {
  if (ctx.group !== '' || ctx.isCustomResource) return md;
  const labels = isPlainObject(md.labels) ? md.labels : {};
  if (ctx.kind === 'Namespace' && typeof md.name === 'string' && md.name !== '')
    return { ...md, labels: { ...labels, 'kubernetes.io/metadata.name': md.name } };
  if (ctx.kind === 'ReplicationController' && Object.keys(labels).length === 0) {
    const spec = isPlainObject(obj.spec) ? obj.spec : {};
    const template = isPlainObject(spec.template) ? spec.template : {};
    const metadata = isPlainObject(template.metadata) ? template.metadata : {};
    if (isPlainObject(metadata.labels)) return { ...md, labels: metadata.labels };
  }
  return md;
}

/**
 * Kinds whose metadata goes through ValidateObjectMetaWithOpts (declarative name validation) never check
 * generateName itself, only the name generated from it (truncated to 58 characters, then 5 random ones): a
 * ReplicationController's or DeviceClass' 300-character generateName is accepted.
 */
function checksGenerateName(ctx: ObjectCheckContext): boolean {
  return !(
    (ctx.group === '' && ctx.kind === 'ReplicationController') ||
    (ctx.group === 'resource.k8s.io' && ctx.kind === 'DeviceClass')
  );
}
