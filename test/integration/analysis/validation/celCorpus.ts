// The CEL corpus (../shared/k8s/cel-corpus): its 30 CRDs installed in the test cluster, its valid and invalid
// objects as agreement cases, and generated mutations of the fields its CEL rules constrain.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RESTClient } from '../../../../kube/rest/client';
import { parseManifestFile } from '../../../../analysis/documents';
import { ensure, installCrds } from './celCrd';

type Obj = Record<string, unknown>;
const corpus = path.resolve(__dirname, '../../../../..', '../shared/k8s/cel-corpus');

/** Namespaces the corpus objects name (its README): a dry-run create in a missing namespace is NotFound. */
const NAMESPACES = [
  'gateway-conformance-infra',
  'envoy-gateway-system',
  'sp-cross-ns',
  'btp-cross-ns-granted',
  'btp-cross-ns-denied',
  'openshift-ingress-operator',
  'hello-openshift',
];

export interface CorpusCase {
  label: string;
  object: Obj;
}

function listYaml(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listYaml(full) : /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}

function docsOf(file: string): Obj[] {
  const parsed = parseManifestFile(fs.readFileSync(file, 'utf8'), file);
  return parsed.documents
    .filter((d) => d.ast.errors.length === 0)
    .map((d) => d.value)
    .filter((v): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v));
}

export function corpusCrds(): Obj[] {
  return ['envoy-gateway', 'openshift-api'].flatMap((p) => listYaml(path.join(corpus, p, 'crds')).flatMap(docsOf));
}

/** Install the corpus CRDs and namespaces (idempotent). */
export async function installCorpus(rest: RESTClient): Promise<void> {
  for (const ns of NAMESPACES)
    await ensure(rest, ['api', 'v1', 'namespaces'], { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await installCrds(rest, corpusCrds());
}

/** The CRDs of kubectl-validate's test cases that its documents use (JobSet). */
export function kubectlValidateCrds(): Obj[] {
  return docsOf(path.resolve(corpus, '../crds/kubectl-validate/crds/jobset.yaml')).filter(
    (d) => d.kind === 'CustomResourceDefinition',
  );
}

/** Every corpus object (valid and invalid; the server decides which is which), named as upstream does. */
export function corpusObjects(): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const project of ['envoy-gateway', 'openshift-api']) {
    for (const kind of ['valid', 'invalid']) {
      const dir = path.join(corpus, project, kind);
      for (const file of listYaml(dir).sort()) {
        docsOf(file).forEach((o, i) => {
          if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return;
          const md = (o.metadata ?? (o.metadata = {})) as Obj;
          if (!md.name && !md.generateName) md.generateName = 'test-';
          out.push({ label: `cel-corpus/${path.relative(corpus, file)}#${i}`, object: o });
        });
      }
    }
  }
  return out;
}
