// Builds, from the OpenAPI v3 documents in ../shared/k8s/openapi-v3/<version>/, the Kubernetes JSON schema that
// yaml-language-server users load: the layout of yannh/kubernetes-json-schema's `<version>-standalone-strict/`
// (openapi2jsonschema --kubernetes --strict): `all.json` is a oneOf of $refs into `_definitions.json`; every
// object with properties gets additionalProperties: false (strict); every kind's apiVersion and kind properties
// get an enum of their group/version and kind. The bench serves these two files at the URLs
// yaml-language-server asks for when `yaml.schemas` maps the `kubernetes` keyword (offline, no download).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export interface KubernetesJsonSchema {
  /** `all.json`: a oneOf of every kind. */
  all: JsonObject;
  /** `_definitions.json`: { definitions: { <openapi name>: schema } }. */
  definitions: JsonObject;
}

function listJsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listJsonFiles(full));
    else if (entry.endsWith('.json')) out.push(full);
  }
  return out.sort();
}

function rewrite(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewrite);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      out[key] = value.replace('#/components/schemas/', '#/definitions/');
    } else if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(value)) props[name] = rewrite(sub);
      out[key] = props;
    } else {
      out[key] = rewrite(value);
    }
  }
  // openapi2jsonschema --strict
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

export function buildKubernetesJsonSchema(openapiDir: string): KubernetesJsonSchema {
  const definitions: JsonObject = {};
  const kinds: string[] = [];
  for (const file of listJsonFiles(openapiDir)) {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { components?: { schemas?: Record<string, JsonObject> } };
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      if (definitions[name]) continue; // shared types (ObjectMeta…) repeat in every group's document
      const converted = rewrite(schema) as JsonObject;
      const gvks = (schema['x-kubernetes-group-version-kind'] ?? []) as unknown as Gvk[];
      const props = converted.properties as JsonObject | undefined;
      if (gvks.length > 0 && props?.apiVersion && props?.kind) {
        const apiVersions = [...new Set(gvks.map((g) => (g.group ? `${g.group}/${g.version}` : g.version)))];
        const kindNames = [...new Set(gvks.map((g) => g.kind))];
        props.apiVersion = { ...(props.apiVersion as JsonObject), enum: apiVersions };
        props.kind = { ...(props.kind as JsonObject), enum: kindNames };
        // Only resources users write (not the WatchEvent/DeleteOptions envelopes every group repeats).
        if (
          !kindNames.some(
            (k) =>
              k === 'WatchEvent' ||
              k === 'DeleteOptions' ||
              k === 'Status' ||
              k === 'APIResourceList' ||
              k === 'APIGroup' ||
              k === 'APIGroupList' ||
              k === 'APIVersions',
          )
        ) {
          kinds.push(name);
        }
      }
      definitions[name] = converted;
    }
  }
  return {
    all: { oneOf: kinds.map((name) => ({ $ref: `_definitions.json#/definitions/${name}` })) },
    definitions: { definitions },
  };
}
