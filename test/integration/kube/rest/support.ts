// Shared setup for the REST/discovery/OpenAPI integration tests: RestConfigs for the test cluster's contexts
// (through the kubeconfig module, as the product does) and a private namespace per test file.
import { findClusterEnv, type ClusterEnv } from '../../../cluster/env';
import { DiscoveryClient } from '../../../../kube/discovery/client';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { RESTClient } from '../../../../kube/rest/client';
import type { RestConfig } from '../../../../kube/rest/config';
import { isNotFound } from '../../../../kube/rest/errors';

export interface Cluster {
  env: ClusterEnv;
  config(context?: 'admin' | 'cert-user' | 'restricted', kubeconfig?: string): RestConfig;
  core(config?: RestConfig): RESTClient;
}

/** Why a test skipped: no cluster outside CI (under CI=true, cluster() throws instead, failing the suite). */
export const NO_CLUSTER =
  "KUBESENSE_TEST_KUBECONFIG is not set; run through 'node out/test/cluster/withCluster.js -- node --test ...' or 'npm test'";

/** For before() hooks: the cluster, or undefined outside CI; throws under CI=true. */
export function cluster(): Cluster | undefined {
  const env = findClusterEnv();
  if (!env) return undefined;
  const config = (context: 'admin' | 'cert-user' | 'restricted' = 'admin', kubeconfig = env.kubeconfig) =>
    // Generous limits: tests make many requests and must not be slowed by the default 5 QPS unless testing it.
    ({ ...restConfigFromFile(kubeconfig, context), qps: 200, burst: 400 });
  return {
    env,
    config,
    core: (c = config()) => new RESTClient(c, { groupVersion: { group: '', version: 'v1' } }),
  };
}

export async function createNamespace(core: RESTClient, prefix: string): Promise<string> {
  const name = `${prefix}-${process.pid}-${Date.now().toString(36)}`;
  await core.post().resource('namespaces').body({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }).do();
  return name;
}

export async function deleteNamespace(core: RESTClient, name: string): Promise<void> {
  try {
    await core.delete().resource('namespaces').name(name).do();
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

export function configMap(name: string, data: Record<string, string> = {}, labels: Record<string, string> = {}) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

/** A schema-less namespaced CRD's names (kubectl's short names and categories optional). */
export interface CRDNames {
  plural: string;
  singular: string;
  kind: string;
  shortNames?: string[];
  categories?: string[];
}

/**
 * Creates `<plural>.<group>` (served as v1) and waits until the server's discovery lists it (it appears
 * asynchronously). Resolves to the function that deletes it.
 */
export async function createServedCRD(
  config: RestConfig,
  group: string,
  names: CRDNames,
): Promise<() => Promise<void>> {
  const ext = new RESTClient(config, { groupVersion: { group: 'apiextensions.k8s.io', version: 'v1' } });
  const name = `${names.plural}.${group}`;
  await ext
    .post()
    .resource('customresourcedefinitions')
    .body({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name },
      spec: {
        group,
        scope: 'Namespaced',
        names,
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        ],
      },
    })
    .do();
  const remove = async () => {
    try {
      await ext.delete().resource('customresourcedefinitions').name(name).do();
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  };
  const live = new DiscoveryClient(config);
  const served = async () =>
    (await live.serverGroupsAndResources()).resources.some(
      (l) => l.groupVersion === `${group}/v1` && l.resources?.some((x) => x.name === names.plural),
    );
  const deadline = Date.now() + 60_000;
  while (!(await served())) {
    if (Date.now() > deadline) throw new Error(`${names.plural}.${group}/v1 not in discovery after 60 s`);
    await new Promise((res) => setTimeout(res, 100));
  }
  return remove;
}

/** Polls `cond` until it holds; the bound only keeps a broken test from hanging the suite. */
export async function waitUntil(cond: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}
