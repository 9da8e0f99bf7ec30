// Where unit tests find the repository and the shared real Kubernetes data.
import * as path from 'node:path';

/** Repository root (tests run from out/test/unit/client/model). */
export const repoRoot = path.resolve(__dirname, '../../../../..');
export const sharedK8s = path.resolve(repoRoot, '../shared/k8s');
