// Shared setup for the REST/discovery/OpenAPI integration tests: RestConfigs for the test cluster's contexts
// (through the kubeconfig module, as the product does) and a private namespace per test file.
import { findClusterEnv, type ClusterEnv } from '../../cluster/env';
import { restConfigFromFile } from '../../../kube/kubeconfig';
import { RESTClient } from '../../../kube/rest/client';
import type { RestConfig } from '../../../kube/rest/config';
import { isNotFound } from '../../../kube/rest/errors';

export interface Cluster {
  env: ClusterEnv;
  config(context?: 'admin' | 'cert-user' | 'restricted', kubeconfig?: string): RestConfig;
  core(config?: RestConfig): RESTClient;
}

/** Why a test skipped: no cluster outside CI (under CI=true, cluster() throws instead, failing the suite). */
export const NO_CLUSTER =
  "KUBESENSE_TEST_KUBECONFIG is not set; run through 'node out/test/cluster/with-cluster.js -- node --test ...' or 'npm test'";

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
