// CRDs in the shared test cluster for the validation tests: created idempotently, waited on until Established and
// until the cluster's OpenAPI v3 publishes them (a SchemaStore over it is the connected editor's view).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { clusterEnv } from '../../../cluster/env';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { RESTClient } from '../../../../kube/rest/client';
import { StatusError } from '../../../../kube/rest/errors';
import { OpenAPIV3Client } from '../../../../kube/openapi';
import { DiscoveryClient, kindScopes } from '../../../../kube/discovery';
import { parseManifestFile } from '../../../../analysis/documents';
import { clusterSchemaSource, SchemaStore } from '../../../../analysis/schema';
import { validate } from '../../../../analysis/validation';

type Obj = Record<string, unknown>;
type RestConfig = ReturnType<typeof restConfigFromFile>;
const shared = path.resolve(__dirname, '../../../../..', '../shared/k8s');

/** The cluster's admin client without client-side rate limits, or undefined (test skipped) without a cluster. */
export function adminClient(t: TestContext): { config: RestConfig; rest: RESTClient } | undefined {
  const env = clusterEnv(t);
  if (!env) return undefined;
  const config = restConfigFromFile(env.kubeconfig, 'admin');
  config.qps = -1;
  return { config, rest: new RESTClient(config) };
}

/** POST unless it exists already. */
export async function ensure(rest: RESTClient, segs: string[], body: Obj): Promise<void> {
  try {
    await rest
      .post()
      .absPath(...segs)
      .body(body)
      .do();
  } catch (e) {
    if (!(e instanceof StatusError && e.reason === 'AlreadyExists')) throw e;
  }
}

/** Server-side dry-run create with strict field validation (throws the server's StatusError). */
export async function dryRunCreate(rest: RESTClient, segs: string[], body: Obj | string): Promise<void> {
  await rest
    .post()
    .absPath(...segs)
    .param('dryRun', 'All')
    .param('fieldValidation', 'Strict')
    .body(body)
    .do();
}

/**
 * The server's causes (`field: message`) and ours (error diagnostics) for a dry-run create of `object`, a namespaced
 * custom resource of `group`/v1 in `default` (no causes when accepted).
 */
export async function serverAndOurCauses(
  rest: RESTClient,
  store: SchemaStore,
  object: Obj & { apiVersion: string; kind: string },
): Promise<{ server: string[]; ours: string[] }> {
  let server: string[] = [];
  try {
    const plural = `${object.kind.toLowerCase()}s`;
    await dryRunCreate(rest, ['apis', ...object.apiVersion.split('/'), 'namespaces', 'default', plural], object);
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    server = e.causes.map((c) => `${c.field}: ${c.message}`);
  }
  const file = parseManifestFile(JSON.stringify(object), 'object.json');
  const ours = (await validate(file, store)).filter((d) => d.severity === 'error').map((d) => d.message);
  return { server, ours };
}

/** Create CRDs (idempotent); resolves when every one is Established. */
export async function installCrds(rest: RESTClient, crds: Obj[]): Promise<void> {
  await Promise.all(
    crds.map((crd) => ensure(rest, ['apis', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions'], crd)),
  );
  for (const crd of crds) {
    const name = String((crd.metadata as Obj).name);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const got = await rest
        .get()
        .absPath('apis', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions', name)
        .do<Obj>();
      const conditions = ((got.status as Obj | undefined)?.conditions ?? []) as Obj[];
      if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`CRD ${name} not Established after 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A namespaced CRD with one served version `v1` of the given schema (plural: the kind in lower case + s). */
export function namespacedCrd(group: string, kind: string, openAPIV3Schema: Obj): Obj {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural, kind },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }],
    },
  };
}

/** `apis/<group>/<version>` of every served version of the CRDs. */
export function groupVersionPaths(crds: Obj[]): string[] {
  return crds.flatMap((c) =>
    ((c.spec as Obj).versions as Obj[]).filter((v) => v.served).map((v) => `apis/${(c.spec as Obj).group}/${v.name}`),
  );
}

/** A store over the cluster's OpenAPI v3, once it publishes every given group/version (CRDs appear asynchronously). */
export async function clusterStore(config: RestConfig, paths: string[]): Promise<SchemaStore> {
  const openapi = new OpenAPIV3Client(config, { disk: false });
  for (let i = 0; i < 300; i++) {
    const published = await openapi.paths();
    if (paths.every((p) => published.has(p))) break;
    openapi.refresh();
    await new Promise((r) => setTimeout(r, 200));
  }
  const discovery = new DiscoveryClient(config);
  return new SchemaStore([
    clusterSchemaSource(openapi, `cluster ${config.host}`, '1.35', (signal) => kindScopes(discovery, signal)),
  ]);
}

/** The CRD with CEL rules of kubectl-validate's test cases. */
export async function installCelBasicCrd(rest: RESTClient): Promise<void> {
  const text = fs.readFileSync(path.join(shared, 'crds/kubectl-validate/crds/cel_basic.yaml'), 'utf8');
  await installCrds(rest, [parseManifestFile(text, 'cel_basic.yaml').manifests[0].value as Obj]);
}
