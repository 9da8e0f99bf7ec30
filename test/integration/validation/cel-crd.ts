// The CRD with CEL rules of kubectl-validate's test cases, installed in the shared test cluster (idempotent).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RESTClient } from '../../../kube/rest/client';
import { StatusError } from '../../../kube/rest/errors';
import { parseManifestFile } from '../../../server/src/documents';

type Obj = Record<string, unknown>;
const shared = path.resolve(__dirname, '../../../..', '../shared/k8s');

export async function installCelBasicCrd(rest: RESTClient): Promise<void> {
  const text = fs.readFileSync(path.join(shared, 'crds/kubectl-validate/crds/cel_basic.yaml'), 'utf8');
  const crd = parseManifestFile(text, 'cel_basic.yaml').manifests[0].value as Obj;
  try {
    await rest.post().absPath('apis', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions').body(crd).do();
  } catch (e) {
    if (!(e instanceof StatusError && e.reason === 'AlreadyExists')) throw e;
  }
  for (let i = 0; i < 100; i++) {
    const got = await rest
      .get()
      .absPath('apis', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'celbasics.stable.example.com')
      .do<Obj>();
    const conditions = ((got.status as Obj | undefined)?.conditions ?? []) as Obj[];
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('CRD celbasics.stable.example.com never became Established');
}
