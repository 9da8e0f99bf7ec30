/**
 * How integration tests find the shared test cluster that test/run-all.sh (through
 * with-cluster) started: KUBESENSE_TEST_KUBECONFIG. Missing under CI=true is a failure;
 * elsewhere the test is skipped with a message saying how to run it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';

export interface ClusterEnv {
  /** Kubeconfig with contexts admin (current), cert-user, restricted. */
  kubeconfig: string;
  /** https://127.0.0.1:PORT */
  server: string;
  /** The cluster's data directory (holds ca.crt, proxy.crt, proxy.key, cluster.log). */
  dir: string;
}

/** For one test: the cluster, or undefined after marking the test skipped (outside CI). */
export function clusterEnv(t: TestContext): ClusterEnv | undefined {
  const env = findClusterEnv();
  if (!env)
    t.skip(`${missingReason()}; run through 'node out/test/cluster/withCluster.js -- node --test ...' or 'npm test'`);
  return env;
}

/** For suites and hooks: the cluster, or undefined outside CI; throws under CI=true. */
export function findClusterEnv(): ClusterEnv | undefined {
  const kubeconfig = process.env.KUBESENSE_TEST_KUBECONFIG;
  if (!kubeconfig || !fs.existsSync(kubeconfig)) {
    if (process.env.CI === 'true') throw new Error(`${missingReason()}: integration tests need the test cluster in CI`);
    return undefined;
  }
  return {
    kubeconfig,
    server: process.env.KUBESENSE_TEST_SERVER ?? '',
    dir: path.dirname(kubeconfig),
  };
}

function missingReason(): string {
  const kubeconfig = process.env.KUBESENSE_TEST_KUBECONFIG;
  return kubeconfig ? `KUBESENSE_TEST_KUBECONFIG=${kubeconfig} does not exist` : 'KUBESENSE_TEST_KUBECONFIG is not set';
}
