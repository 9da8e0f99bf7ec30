// Schema sources and the OpenAPI v3 shapes they serve (the layout of the API server's /openapi/v3).

/** An OpenAPI 3.0 schema object as Kubernetes publishes it (with its x-kubernetes-* extensions). */
export interface OpenAPISchema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, OpenAPISchema>;
  additionalProperties?: OpenAPISchema | boolean;
  items?: OpenAPISchema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  allOf?: OpenAPISchema[];
  oneOf?: OpenAPISchema[];
  anyOf?: OpenAPISchema[];
  not?: OpenAPISchema;
  $ref?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  uniqueItems?: boolean;
  multipleOf?: number;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-validations'?: {
    rule: string;
    message?: string;
    messageExpression?: string;
    reason?: string;
    fieldPath?: string;
  }[];
  [extension: string]: unknown;
}

/**
 * The schema `properties` declares for a field: its own keys only, so a field named `constructor`, `toString` or
 * `__proto__` is declared only where the schema names it (not by Object.prototype), as Go's map lookup reads it.
 */
export function propertySchema(s: OpenAPISchema | undefined, name: string): OpenAPISchema | undefined {
  const props = s?.properties;
  return props && typeof props === 'object' && Object.hasOwn(props, name) ? props[name] : undefined;
}

/** One group/version document: `/openapi/v3/apis/<group>/<version>` (or a synthesized one for CRDs). */
export interface GroupVersionDocument {
  components?: { schemas?: Record<string, OpenAPISchema> };
  [key: string]: unknown;
}

export type { GroupVersionKind } from '../../kube/apimachinery/schema';

export interface KindInfo {
  apiVersion: string;
  kind: string;
  /** Components key of the kind's root schema. */
  schemaName: string;
  /** Where it came from (source name). */
  source: string;
}

/**
 * Anything that can serve OpenAPI v3 group/version documents: a schema folder, the cluster (kube/openapi),
 * CRD files. Layers share this interface, as client-go's discovery layers do.
 */
export interface SchemaSource {
  /** Human-readable: `schema folder /x/1.35`, `cluster "kind-dev"`, `CRD file crds/a.yaml`. */
  readonly name: string;
  /** Kubernetes minor version the source describes (e.g. "1.35"), when known. */
  readonly kubernetesVersion?: string;
  /** apiVersions this source serves (`v1`, `apps/v1`, `stable.example.com/v1`). */
  apiVersions(): Promise<string[]>;
  /** The group/version document, or undefined when not served here. */
  load(apiVersion: string): Promise<GroupVersionDocument | undefined>;
  /** Whether a kind served here is cluster-scoped, when the source can say (a cluster's discovery). */
  clusterScoped?(apiVersion: string, kind: string): Promise<boolean | undefined>;
}

/** "group/version", or "version" for the core group. */
export { formatGroupVersion as apiVersionOf } from '../../kube/apimachinery/schema';

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}
