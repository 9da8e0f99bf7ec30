// OpenAPI 3.0 (Kubernetes flavour) -> JSON Schema draft-07 for ajv, following how the API server reads it:
// - unknown fields are errors (strict field validation) unless x-kubernetes-preserve-unknown-fields;
// - x-kubernetes-int-or-string / IntOrString accept integer or string; Quantity accepts string or number;
// - x-kubernetes-embedded-resource objects also hold apiVersion/kind/metadata;
// - OpenAPI 3.0's boolean exclusiveMinimum/Maximum become draft-07 numbers;
// - null values are removed before validation (Go decoding / CRD pruning), so `nullable` needs no translation.
// Value validations inside allOf/anyOf/oneOf/not never add additionalProperties:false (structural schemas
// forbid types there; only the structural level decides what fields exist).
import type { OpenAPISchema } from '../schema/types';
import { applyEmptyEnumVerdicts } from './builtin/emptyEnums';
import { GO_MICRO_TIME_FORMAT, GO_TIME_FORMAT } from './formats';
import { re2Error } from './re2';
import { crTypesWithFormat } from './formatTypeCheck';

export type JsonSchema = Record<string, unknown>;

const REF_PREFIX = '#/components/schemas/';
export const DEFINITIONS_PREFIX = '#/definitions/';

/** Formats that must never reject anything (they only describe). */
const DESCRIPTIVE_FORMATS = new Set(['int-or-string', 'double', 'float', 'password', '']);

/** Components borrowed from the built-in documents (ObjectMeta and its parts), decoded by Go even in a CR. */
const GO_TYPED_PREFIX = 'io.k8s.apimachinery.';

/**
 * Required fields the API server's defaulting fills in before it validates (pkg/apis/<group>/v1/defaults.go), so
 * leaving them out is no error: a RoleBinding's or ClusterRoleBinding's `roleRef.apiGroup` (SetDefaults_RoleBinding,
 * found by the differential fuzzer; the server accepts the object and stores rbac.authorization.k8s.io).
 */
const DEFAULTED_REQUIRED: Record<string, string[]> = {
  // `kind` is not defaulted: left out, it is "" and builtin/rbac.ts reports it as the server does (Unsupported value).
  'io.k8s.api.rbac.v1.RoleRef': ['apiGroup', 'kind'],
  // Not defaulted, but reported by a hand-written check as the server reports them (builtin/admissionregistration.ts:
  // name and namespace swapped; builtin/core.ts: a Service port left out is 0, and so is the targetPort made from it).
  'io.k8s.api.admissionregistration.v1.ServiceReference': ['name', 'namespace'],
  'io.k8s.api.core.v1.ServicePort': ['port'],
  // builtin/nodeTaints.ts: reported under metadata.taints, as the server does.
  'io.k8s.api.core.v1.Taint': ['key', 'effect'],
  // builtin/apiregistration.ts: an absent priority is 0, "must be positive".
  'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceSpec': ['groupPriorityMinimum', 'versionPriority'],
  // Not defaulted, but Go's zero value passes validation (probed on kube-apiserver 1.35: a PriorityClass without
  // `value` is 0, a ControllerRevision without `revision` is 0, a CSINode without `drivers` or a LimitRange without `limits` has none).
  'io.k8s.api.scheduling.v1.PriorityClass': ['value'],
  'io.k8s.api.apps.v1.ControllerRevision': ['revision'],
  'io.k8s.api.storage.v1.CSINodeSpec': ['drivers'],
  'io.k8s.api.core.v1.LimitRangeSpec': ['limits'],
  // A CRD version's `served` left out is false (accepted); `storage` too, and crd/definition.ts then reports what the
  // server does: the versions need exactly one storage version.
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion': ['served', 'storage'],
  // A probe's or hook's HTTP header without a value is sent empty; validateHTTPGetAction checks only the name, at
  // the list (builtin/core.ts).
  'io.k8s.api.core.v1.HTTPHeader': ['name', 'value'],
  // A seccomp or AppArmor profile's type left out is "": builtin/securityProfiles.ts reports it with Go's detail.
  'io.k8s.api.core.v1.SeccompProfile': ['type'],
  'io.k8s.api.core.v1.AppArmorProfile': ['type'],
  // A host alias' IP left out is "": builtin/podHostSettings.ts reports it as Go does (not a valid IP).
  'io.k8s.api.core.v1.HostAlias': ['ip'],
  // A Job's podFailurePolicy as Go checks it (builtin/podFailurePolicy.ts): no rules is accepted, an absent action,
  // operator or exit codes has Go's detail, a condition's absent type is "" (not a qualified name).
  'io.k8s.api.batch.v1.PodFailurePolicy': ['rules'],
  'io.k8s.api.batch.v1.PodFailurePolicyRule': ['action'],
  'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement': ['operator', 'values'],
  'io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern': ['type'],
  // Volume sources as validateVolumeSource and validatePersistentVolumeSpec check them (builtin/
  // inTreeVolumeSources.ts): an iSCSI lun left out is 0, a ScaleIO secretRef is never checked, a Quobyte registry
  // and node selector terms are Required with Go's detail.
  'io.k8s.api.core.v1.ISCSIVolumeSource': ['lun'],
  'io.k8s.api.core.v1.ISCSIPersistentVolumeSource': ['lun'],
  'io.k8s.api.core.v1.ScaleIOVolumeSource': ['secretRef'],
  'io.k8s.api.core.v1.ScaleIOPersistentVolumeSource': ['secretRef'],
  'io.k8s.api.core.v1.QuobyteVolumeSource': ['registry'],
  'io.k8s.api.core.v1.NodeSelector': ['nodeSelectorTerms'],
};

/**
 * Fields OpenAPI leaves optional that Go's validation requires with a plain `Required value`, keyed by the type
 * name without its version (`io.k8s.api.resource.DeviceSelector`): a DeviceSelector's `cel` (validateSelector; the
 * union's only member), in a DeviceClass and in a claim's requests alike.
 */
const GO_REQUIRED: Record<string, string[]> = {
  'io.k8s.api.resource.DeviceSelector': ['cel'],
};
const VERSION_SEGMENT = /\.v\d+(?:(?:alpha|beta)\d+)?\./;

/** metav1.Time and MicroTime are decoded by Go's time.Parse (goTime.ts), not checked as OpenAPI's date-time. */
const GO_TIME_FORMATS: Record<string, string> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': GO_TIME_FORMAT,
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': GO_MICRO_TIME_FORMAT,
};

export function translateComponents(
  schemas: Record<string, OpenAPISchema>,
  customResource = false,
  translated?: ReadonlyMap<string, JsonSchema>,
): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [name, s] of Object.entries(schemas))
    out[name] = translated?.get(name) ?? translateDefinition(name, s, customResource);
  return out;
}

/** One component as translateComponents translates it (a definition depends on its own schema only). */
export function translateDefinition(name: string, s: OpenAPISchema, customResource = false): JsonSchema {
  const out = translate(s, false, customResource && !name.startsWith(GO_TYPED_PREFIX));
  applyEmptyEnumVerdicts(name, out); // "" accepted or refused as the server does
  if (GO_TIME_FORMATS[name] && out.format === 'date-time') out.format = GO_TIME_FORMATS[name];
  const defaulted = DEFAULTED_REQUIRED[name];
  if (defaulted && Array.isArray(out.required))
    out.required = (out.required as string[]).filter((f) => !defaulted.includes(f));
  const goRequired = GO_REQUIRED[name.replace(VERSION_SEGMENT, '.')];
  if (goRequired) out.required = [...new Set([...((out.required as string[] | undefined) ?? []), ...goRequired])];
  // A CR's int32/int64 only describe: kube-openapi checks formats of strings, and no Go type holds the value.
  if (customResource && !name.startsWith(GO_TYPED_PREFIX)) dropIntegerFormats(out);
  return out;
}

function dropIntegerFormats(s: unknown): void {
  if (Array.isArray(s)) s.forEach(dropIntegerFormats);
  else if (s && typeof s === 'object') {
    const o = s as JsonSchema;
    if (o.format === 'int32' || o.format === 'int64') delete o.format;
    for (const v of Object.values(o)) dropIntegerFormats(v);
  }
}

/**
 * An embedded resource's metadata in a CRD: ObjectMeta's fields, any other is unknown (the API server names it under
 * strict field validation); their values are left to the server's ObjectMeta coercion.
 */
const EMBEDDED_METADATA: OpenAPISchema = {
  type: 'object',
  properties: Object.fromEntries(
    [
      'name',
      'generateName',
      'namespace',
      'selfLink',
      'uid',
      'resourceVersion',
      'generation',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'labels',
      'annotations',
      'ownerReferences',
      'finalizers',
      'managedFields',
    ].map((k) => [k, { 'x-kubernetes-preserve-unknown-fields': true }]),
  ),
};

/**
 * `pruned`: the schema is a CRD's (structural), whose objects keep only the fields they declare: one without
 * properties, additionalProperties or x-kubernetes-preserve-unknown-fields holds no field at all (the API server
 * prunes them, and strict field validation names each as unknown). A built-in `type: object` without properties is
 * free-form (RawExtension and the like).
 */
export function translate(s: OpenAPISchema | undefined, inJunction: boolean, pruned = false): JsonSchema {
  if (!s || typeof s !== 'object') return {};
  const out: JsonSchema = {};
  if (s.$ref) {
    out.$ref = s.$ref.startsWith(REF_PREFIX)
      ? DEFINITIONS_PREFIX + escapePointer(s.$ref.slice(REF_PREFIX.length))
      : s.$ref;
    return out;
  }
  const intOrString = s['x-kubernetes-int-or-string'] === true || s.format === 'int-or-string';
  const quantity = !intOrString && isQuantityUnion(s);
  if (intOrString) {
    out.type = ['integer', 'string'];
  } else if (quantity) {
    out.type = ['string', 'number'];
    out.format = 'quantity';
  } else if (s.type) {
    // A CR's string or array passes kube-openapi's type check at a non-numeric schema with a supported format.
    out.type = pruned && typeof s.type === 'string' ? crTypesWithFormat(s.type, s.format) : s.type;
  }

  if (s.format && !intOrString && !quantity && !DESCRIPTIVE_FORMATS.has(s.format)) out.format = s.format;
  if (s.enum) out.enum = s.enum;
  if (typeof s.pattern === 'string' && isUsablePattern(s.pattern)) out.pattern = s.pattern;
  for (const k of ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const) {
    if (typeof s[k] === 'number') out[k] = s[k];
  }
  // kube-openapi refuses every number where the factor is not positive; ajv's `x % 0` is NaN, so 0 fails them all.
  if (typeof s.multipleOf === 'number') out.multipleOf = s.multipleOf > 0 ? s.multipleOf : 0;
  if (s.uniqueItems === true && s['x-kubernetes-list-type'] !== 'set') out.uniqueItems = true; // sets: reported by list checks
  if (typeof s.minimum === 'number') {
    if (s.exclusiveMinimum === true) out.exclusiveMinimum = s.minimum;
    else out.minimum = s.minimum;
  }
  if (typeof s.maximum === 'number') {
    if (s.exclusiveMaximum === true) out.exclusiveMaximum = s.maximum;
    else out.maximum = s.maximum;
  }
  if (s.required?.length) out.required = s.required;

  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  let properties = s.properties;
  if (embedded && !preserve) {
    properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: pruned ? EMBEDDED_METADATA : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      ...properties,
    };
  }
  if (properties) {
    const props: Record<string, JsonSchema> = {};
    for (const [k, v] of Object.entries(properties)) props[k] = translate(v, inJunction, pruned);
    out.properties = props;
  }
  if (s.additionalProperties !== undefined) {
    out.additionalProperties =
      typeof s.additionalProperties === 'boolean'
        ? s.additionalProperties
        : translate(s.additionalProperties, inJunction, pruned);
  } else if ((properties || (pruned && s.type === 'object')) && !preserve && !inJunction) {
    out.additionalProperties = false;
  }
  if (s.items) out.items = translate(s.items, inJunction, pruned);

  // Kubernetes wraps a $ref in allOf to attach a description/default: `allOf: [{$ref}]`.
  if (s.allOf) out.allOf = s.allOf.map((x) => translate(x, inJunction || !isRefOnly(x), pruned));
  if (s.anyOf && !intOrString && !quantity) out.anyOf = s.anyOf.map((x) => translate(x, true, pruned));
  if (s.oneOf && !intOrString && !quantity) out.oneOf = s.oneOf.map((x) => translate(x, true, pruned));
  if (s.not) out.not = translate(s.not, true, pruned);
  return out;
}

function isRefOnly(s: OpenAPISchema): boolean {
  return !!s.$ref && Object.keys(s).length === 1;
}

/** Quantity is published as `oneOf: [{type: string}, {type: number}]`. */
function isQuantityUnion(s: OpenAPISchema): boolean {
  const alts = s.oneOf ?? s.anyOf;
  if (!alts || alts.length !== 2 || s.type) return false;
  const types = alts
    .map((a) => a.type)
    .sort()
    .join(',');
  return types === 'number,string';
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Kubernetes patterns are RE2 (run by re2.ts's openapiPattern); drop one RE2 rejects instead of failing the kind. */
function isUsablePattern(p: string): boolean {
  return re2Error(p) === undefined;
}
