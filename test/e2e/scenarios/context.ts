// What every scenario gets: the open session plus facts about the seeded test cluster.
import type { Session } from '../harness/session';

export interface E2eContext {
  session: Session;
  /** kubectl used as the reference for writes and to change the cluster under the tree. */
  kubectl: string;
}

export const kubectlPath = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

/** Fails with the reason when the scenario needs the test cluster and the run has none. */
export function requireCluster(ctx: E2eContext) {
  const kubeconfigs = ctx.session.kubeconfigs;
  if (!kubeconfigs) {
    throw new Error(
      'KUBESENSE_TEST_KUBECONFIG is not set: run the suite inside the test cluster wrapper, e.g. ' +
        '`node out/test/cluster/withCluster.js --seed -- node out/test/e2e/run.js`',
    );
  }
  return kubeconfigs;
}
