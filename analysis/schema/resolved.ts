// One kind's schema with its group/version's components, so $refs resolve: what hover, completion and
// validation read. `kubectl explain` semantics: walk properties/items/additionalProperties through refs.
import type { FieldPath } from '../documents/path';
import { GroupVersionDocument, GroupVersionKind, OpenAPISchema, SchemaSource } from './types';

const REF_PREFIX = '#/components/schemas/';

/** What hover/completion need about one field. */
export interface FieldInfo {
  path: FieldPath;
  /** `string`, `integer`, `object`, `[]Container`, `map[string]string`, `int-or-string`... */
  type: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  default?: unknown;
  /** Required property names of this (object) field. */
  required: string[];
  /** Property names -> schema (dereferenced) of this (object) field. */
  properties: Record<string, OpenAPISchema>;
  /** For arrays: the item schema (dereferenced). */
  items?: OpenAPISchema;
  schema: OpenAPISchema;
}

export class ResolvedSchema {
  readonly apiVersion: string;
  readonly root: OpenAPISchema;

  constructor(
    readonly gvk: GroupVersionKind,
    /** Components key of the root, e.g. io.k8s.api.apps.v1.Deployment. */
    readonly schemaName: string,
    /** The whole group/version document (shared by all kinds of that group/version). */
    readonly document: GroupVersionDocument,
    /** Name of the source that served it (for messages). */
    readonly source: string,
    /** True for CustomResourceDefinition schemas (validated by the API server from OpenAPI alone). */
    readonly isCustomResource: boolean,
    /** The source that served it, asked for what documents do not say (a kind's scope). */
    private readonly origin?: Pick<SchemaSource, 'clusterScoped'>,
  ) {
    this.apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    this.root = this.components[schemaName] ?? {};
  }

  /** Whether the kind is cluster-scoped, when its source can say (OpenAPI documents never do). */
  async clusterScoped(): Promise<boolean | undefined> {
    return this.origin?.clusterScoped?.(this.apiVersion, this.gvk.kind).catch(() => undefined);
  }

  get components(): Record<string, OpenAPISchema> {
    return this.document.components?.schemas ?? {};
  }

  /**
   * Follow `$ref` and the `allOf: [{$ref}]` wrapper Kubernetes uses to attach description/default to a ref;
   * the wrapper's own description wins (it is the field's, not the type's).
   */
  deref(schema: OpenAPISchema | undefined): OpenAPISchema | undefined {
    let s = schema;
    let description = s?.description;
    let defaultValue = s?.default;
    for (let hops = 0; s && hops < 32; hops++) {
      if (s.$ref) {
        s = this.lookup(s.$ref);
      } else if (s.allOf && s.allOf.length === 1 && !s.properties && !s.type) {
        s = s.allOf[0];
      } else break;
      description ??= s?.description;
      defaultValue ??= s?.default;
    }
    if (!s) return undefined;
    if (description === s.description && defaultValue === s.default) return s;
    return { ...s, description, default: defaultValue };
  }

  lookup(ref: string): OpenAPISchema | undefined {
    return ref.startsWith(REF_PREFIX) ? this.components[ref.slice(REF_PREFIX.length)] : undefined;
  }

  /** The (dereferenced) schema of the field at path; numbers index into arrays, strings into maps too. */
  schemaAt(path: FieldPath): OpenAPISchema | undefined {
    let s = this.deref(this.root);
    for (const seg of path) {
      if (!s) return undefined;
      if (typeof seg === 'number') {
        s = this.deref(s.items);
      } else if (hasProperty(s, seg)) {
        s = this.deref(s.properties![seg]);
      } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        s = this.deref(s.additionalProperties);
      } else if (s.items && /^\d+$/.test(seg)) {
        s = this.deref(s.items);
      } else {
        return undefined;
      }
    }
    return s;
  }

  /**
   * The path as the API server prints it: struct fields as `.name`, map keys as `[key]` (field.Path.Key), so
   * `resources.limits[cpu]` and `data[app.conf]`, except in a CR's own schema, where kube-openapi prints
   * `labels.app` too — but not for a CEL rule's error (`goKeys`): apiextensions-apiserver builds those paths with
   * field.Path.Key, `[key]`. Falls back to formatPath's guess where the schema ends.
   */
  fieldPath(path: FieldPath, goKeys = false): string {
    let s = this.deref(this.root);
    let out = '';
    for (const seg of path) {
      if (typeof seg === 'number') {
        out += `[${seg}]`;
        s = s ? this.deref(s.items) : undefined;
      } else if (s && hasProperty(s, seg)) {
        out += out === '' ? seg : `.${seg}`;
        s = this.deref(s.properties![seg]);
      } else if (s && s.additionalProperties && typeof s.additionalProperties === 'object') {
        // kube-openapi (a CR's own schema) joins map keys with '.'; Go validation (built-ins, metadata) as [key].
        out += this.isCustomResource && !goKeys && path[0] !== 'metadata' ? `.${seg}` : `[${seg}]`;
        s = this.deref(s.additionalProperties);
      } else {
        s = undefined;
        out += /^[A-Za-z0-9_$-]+$/.test(seg) ? (out === '' ? seg : `.${seg}`) : `[${seg}]`;
      }
    }
    return out;
  }

  /** Field documentation for hover/completion, or undefined when the path is not in the schema. */
  describe(path: FieldPath): FieldInfo | undefined {
    const schema = this.schemaAt(path);
    if (!schema) return undefined;
    const properties: Record<string, OpenAPISchema> = {};
    for (const [k, v] of Object.entries(schema.properties ?? {})) properties[k] = this.deref(v) ?? v;
    return {
      path,
      type: this.typeName(schema),
      description: schema.description,
      format: schema.format,
      enum: schema.enum,
      default: schema.default,
      required: schema.required ?? [],
      properties,
      items: this.deref(schema.items),
      schema,
    };
  }

  /** A Go-like type name as `kubectl explain` prints it. */
  typeName(schema: OpenAPISchema | undefined, depth = 0): string {
    const s = this.deref(schema);
    if (!s) return 'unknown';
    if (s['x-kubernetes-int-or-string'] || s.format === 'int-or-string') return 'IntOrString';
    if (s.type === 'array') return `[]${depth > 3 ? 'Object' : this.typeName(s.items, depth + 1)}`;
    if (s.type === 'object' || s.properties) {
      if (s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties) {
        return `map[string]${depth > 3 ? 'Object' : this.typeName(s.additionalProperties, depth + 1)}`;
      }
      const ref = refName(schema, this);
      return ref ?? 'Object';
    }
    if (s.oneOf && s.oneOf.some((o) => o.type === 'number')) return 'Quantity';
    if (s.type === 'string' && s.format === 'date-time') return 'Time';
    if (s.type === 'integer') return s.format === 'int64' ? 'integer' : 'integer';
    if (s.type === 'number') return 'number';
    if (s.type === 'boolean') return 'boolean';
    if (s.type === 'string') return 'string';
    if (s['x-kubernetes-preserve-unknown-fields']) return 'Object';
    return s.type ?? 'Object';
  }
}

function refName(schema: OpenAPISchema | undefined, r: ResolvedSchema): string | undefined {
  let s = schema;
  for (let hops = 0; s && hops < 8; hops++) {
    if (s.$ref) return s.$ref.slice(s.$ref.lastIndexOf('.') + 1);
    if (s.allOf && s.allOf.length === 1) s = s.allOf[0];
    else break;
  }
  void r;
  return undefined;
}

/**
 * Whether the schema declares the field itself: a CRD file's `properties` can be anything (`properties: 7`, where `in`
 * throws), and a field named `constructor` or `toString` is not declared by Object.prototype.
 */
function hasProperty(s: OpenAPISchema, name: string): boolean {
  const props = s.properties;
  return !!props && typeof props === 'object' && Object.prototype.hasOwnProperty.call(props, name);
}
