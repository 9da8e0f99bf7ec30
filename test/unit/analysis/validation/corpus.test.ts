// Real-world manifests: no diagnostic anywhere except the real problems listed (and named) here.
// kubeconform/kubeval fixtures that are invalid on purpose are asserted explicitly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { listFiles, sharedK8s, storeFor } from './sharedData';

const corpus = path.join(sharedK8s, 'corpus');

// `file:line code field` of every error and warning we expect, with why it is a real problem.
const EXPECTED_PROBLEMS = [
  // containerPort 80/TCP listed twice (http and https): ports is a list-map keyed by containerPort+protocol.
  'ingress-nginx/deploy/static/provider/aws/nlb-with-tls-termination/deploy.yaml:481 duplicate spec.template.spec.containers[0].ports[1]',
  // apiextensions.k8s.io/v1beta1 is not served since 1.22 (target 1.35).
  'kubeconform/fixtures/crd_schema.yaml:3 removed-api apiVersion',
  // `containers` twice in one mapping; DaemonSet has no replicas; the template has no labels for the selector.
  'kubeconform/fixtures/duplicate_property.yaml:16 duplicate-key ',
  'kubeconform/fixtures/duplicate_property.yaml:7 unknown-field spec.replicas',
  'kubeconform/fixtures/duplicate_property.yaml:11 invalid spec.template.metadata.labels',
  'kubeconform/fixtures/extra_property.yaml:7 unknown-field spec.replicas',
  'kubeconform/fixtures/extra_property.yaml:11 invalid spec.template.metadata.labels',
  // The same object defined twice in one file (kubeval's duplicate check; information, the server accepts each).
  'kubeconform/fixtures/duplicates-non-namespaced.yaml:25 duplicate metadata.name',
  'kubeconform/fixtures/duplicates-with-namespace.yaml:27 duplicate metadata.name',
  'kubeconform/fixtures/duplicates.yaml:26 duplicate metadata.name',
  'kubeconform/fixtures/duplicates-skipped-kinds.yaml:26 duplicate metadata.name',
  // A kind v1 does not serve (kubeconform skips it with -skip).
  'kubeconform/fixtures/duplicates-skipped-kinds.yaml:4 unknown-kind kind',
  'kubeconform/fixtures/duplicates-skipped-kinds.yaml:24 unknown-kind kind',
  // The deliberately invalid fixtures: replicas given as a string, `templates` typo (so a ReplicationController
  // without its required template), port as a string.
  'kubeconform/fixtures/invalid.yaml:9 unknown-field spec.templates',
  'kubeconform/fixtures/invalid.yaml:6 type spec.replicas',
  'kubeconform/fixtures/invalid.yaml:5 required spec.template',
  'kubeconform/fixtures/list_invalid.yaml:29 unknown-field items[1].spec.templates',
  'kubeconform/fixtures/list_invalid.yaml:26 type items[1].spec.replicas',
  'kubeconform/fixtures/list_invalid.yaml:25 required items[1].spec.template',
  'kubeconform/fixtures/multi_invalid.yaml:12 type spec.ports[0].port',
  'kubeconform/fixtures/missing_apiversion.yaml:1 missing-kind ',
  // apps/v1beta1 is gone since 1.16, and it is the same apps Deployment as the one above it.
  'kubeconform/fixtures/same-kind-different-api.yaml:29 removed-api apiVersion',
  'kubeconform/fixtures/same-kind-different-api.yaml:32 duplicate metadata.name',
  // kubeval's copies of the same cases.
  'kubeval/fixtures/duplicates-non-namespaced.yaml:25 duplicate metadata.name',
  'kubeval/fixtures/duplicates-skipped-kinds.yaml:4 unknown-kind kind',
  'kubeval/fixtures/duplicates-skipped-kinds.yaml:24 unknown-kind kind',
  'kubeval/fixtures/duplicates-skipped-kinds.yaml:26 duplicate metadata.name',
  'kubeval/fixtures/duplicates-with-namespace.yaml:27 duplicate metadata.name',
  'kubeval/fixtures/duplicates.yaml:26 duplicate metadata.name',
  'kubeval/fixtures/invalid.yaml:9 unknown-field spec.templates',
  'kubeval/fixtures/invalid.yaml:6 type spec.replicas',
  'kubeval/fixtures/invalid.yaml:5 required spec.template',
  'kubeval/fixtures/list_invalid.yaml:29 unknown-field items[1].spec.templates',
  'kubeval/fixtures/list_invalid.yaml:26 type items[1].spec.replicas',
  'kubeval/fixtures/list_invalid.yaml:25 required items[1].spec.template',
  'kubeval/fixtures/multi_invalid.yaml:12 type spec.ports[0].port',
  'kubeval/fixtures/same-kind-different-api.yaml:29 removed-api apiVersion',
  'kubeval/fixtures/same-kind-different-api.yaml:32 duplicate metadata.name',
  // kubeval's fixtures from 2019 use extensions/v1beta1 and apps/v1beta1, removed in 1.16.
  'kubeval/fixtures/extra_property.yaml:2 removed-api apiVersion',
  'kubeval/fixtures/null_array.yaml:2 removed-api apiVersion',
  'kubeval/fixtures/valid.json:2 removed-api apiVersion',
  // `livenessProbe: {}` and `readinessProbe: {}` decode to probes without a handler: "must specify a handler type".
  'kubeval/fixtures/valid.json:21 required spec.template.spec.containers[0].livenessProbe',
  'kubeval/fixtures/valid.json:29 required spec.template.spec.containers[0].readinessProbe',
].sort();

// CRDs we have no schema for anywhere in ../shared: told plainly (information), never an error.
const UNKNOWN_CRD_GROUPS = [
  'bitnami.com',
  'gateway.networking.k8s.io',
  'grafana.integreatly.org',
  'networking.istio.io',
  'projectcontour.io',
  'sagemaker.aws.amazon.com',
];

test('corpus: only the named real problems are reported', async () => {
  const store = storeFor('1.35', ['crds', 'corpus/kube-prometheus/manifests/setup']);
  // cache/ and registry/ of kubeconform hold JSON schemas, not manifests.
  const files = listFiles(corpus, (f) => /\.(ya?ml|json)$/.test(f) && !/\/(cache|registry)\//.test(f));
  assert.ok(files.length > 150, `expected the whole corpus, found ${files.length} files`);
  const problems: string[] = [];
  let objects = 0;
  for (const f of files) {
    const file = parseManifestFile(fs.readFileSync(f, 'utf8'), f);
    objects += file.manifests.length;
    for (const d of await validate(file, store)) {
      const rel = path.relative(corpus, f);
      if (d.severity === 'information' && d.code !== 'duplicate') {
        assert.equal(d.code, 'unknown-api-version', `${rel}: ${d.message}`);
        const group = String(file.documents[d.documentIndex].apiVersion).split('/')[0];
        assert.ok(UNKNOWN_CRD_GROUPS.includes(group), `${rel}: unexpected missing schema: ${d.message}`);
        continue;
      }
      problems.push(`${rel}:${d.range.start.line + 1} ${d.code} ${d.field ?? ''}`);
    }
  }
  assert.ok(objects > 400, `expected hundreds of objects, checked ${objects}`);
  assert.deepEqual(problems.sort(), EXPECTED_PROBLEMS);
});

test('corpus: Helm-free kustomization.yaml files are recognised and not checked as objects', () => {
  const kustomizations = listFiles(corpus, (f) => path.basename(f) === 'kustomization.yaml');
  assert.ok(kustomizations.length > 0);
  for (const f of kustomizations) {
    const file = parseManifestFile(fs.readFileSync(f, 'utf8'), f);
    assert.equal(file.exclusion, 'kustomization', f);
  }
});
