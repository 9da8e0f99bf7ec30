// Issue 12 (LSP cold start with a live cluster as the schema source): the cluster publishes `+enum` values the
// upstream documents lack, so its kinds' validators are used without their enums (shipped, built from the upstream
// documents) with the enums checked apart (enumSplit.ts). On every object of every YAML file under ../shared/k8s,
// and a copy with its enum values spoiled, the result must be exactly what a validator compiled now from the
// cluster's documents gives: verdict, ajv errors, diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { shipValidators } from '../../../../analysis/validation/shipValidators';
import { clusterEnv } from '../../../cluster/env';
import { downloadClusterSchemas } from '../../../cluster/openapiDocuments';
import { compareWithFreshCompile } from '../../../unit/analysis/validation/freshCompileAgreement';
import { openapiDir } from '../../../unit/analysis/validation/sharedData';

test("the cluster's documents: validators shipped from upstream, enums apart, judge as a fresh compile", async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-enum-split-cluster-'));
  const docs = path.join(scratch, 'openapi');
  const shipped = path.join(scratch, 'shipped');
  downloadClusterSchemas(env.kubeconfig, docs);
  await shipValidators(openapiDir('1.35'), shipped, '1.35');
  const r = await compareWithFreshCompile(docs, shipped, path.join(scratch, 'cache'));
  t.diagnostic(
    `${r.compared} compared, ${r.invalid} invalid, ${r.enumRefused} refused by an enum, ${r.kinds.size} kinds, ${r.splitKinds.size} split`,
  );
  assert.ok(r.compared > 800, `compared ${r.compared}`);
  assert.ok(r.kinds.size > 20, `${r.kinds.size} kinds`);
  // Built-in kinds only: CRDs other tests installed in the shared cluster are in its documents too, and nothing
  // is shipped for them.
  const upstream = openapiDir('1.35');
  const builtIn = (kind: string): boolean => {
    const gv = kind.split(' ')[0];
    return fs.existsSync(
      gv.includes('/') ? path.join(upstream, 'apis', `${gv}.json`) : path.join(upstream, 'api', `${gv}.json`),
    );
  };
  assert.deepEqual(
    [...r.kinds].filter((k) => builtIn(k) && !r.shippedKinds.has(k)),
    [],
    'every built-in kind without enums: shipped',
  );
  for (const kind of [
    'v1 io.k8s.api.core.v1.Pod',
    'apps/v1 io.k8s.api.apps.v1.Deployment',
    'v1 io.k8s.api.core.v1.Service',
  ])
    assert.ok(r.splitKinds.has(kind), `${kind}: enums checked apart`);
  assert.ok(r.enumRefused > 50, `${r.enumRefused} objects refused by an enum (answered by the validator with enums)`);
});
