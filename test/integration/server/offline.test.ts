// The language server in front of the real kube-apiserver through the fault proxy: when the cluster's OpenAPI v3
// cannot be read (connections reset, too slow, 403, not served) it validates with the cluster's cached documents,
// else the cached upstream schemas — valid manifests stay clean, real errors still show — says which source is in
// use (kubesense/schemaSource, hover footer), and switches back to the cluster when it returns.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MarkupContent } from 'vscode-languageserver/node';
import { findClusterEnv, type ClusterEnv } from '../../cluster/env';
import { FaultProxy } from '../../cluster/faults/proxy';
import type { FaultRule } from '../../cluster/faults/rules';
import { LspClient, kubesenseServerCommand, positionOf } from '../../unit/server/harness';
import {
  BAD_DEPLOYMENT,
  linkUpstreamSchemas,
  recordSchemaSources,
  VALID_POD,
  type SchemaSourceStatus,
} from '../../unit/server/offlineFixtures';

describe('language server with the cluster away (fault proxy)', () => {
  let env: ClusterEnv | undefined;
  let proxy: FaultProxy;
  let scratch: string;
  let upstreamCache: string;

  before(async () => {
    env = findClusterEnv();
    if (!env) return;
    proxy = await FaultProxy.start({ kubeconfig: env.kubeconfig });
    scratch = mkdtempSync(path.join(os.tmpdir(), 'kubesense-lsp-offline-'));
    upstreamCache = path.join(scratch, 'kubesense-cache');
    linkUpstreamSchemas(upstreamCache);
  });

  after(async () => {
    if (!env) return;
    await proxy.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /**
   * A server on the proxy's admin context; `home` holds the cluster's OpenAPI disk cache (~/.kube/cache). Its probe
   * waits up to a minute for the OpenAPI root (`probeTimeoutMs`), so a loaded machine's slow answer is not taken for
   * a slow cluster (or a 403 for a timeout); only the "slow" fault keeps the 4 s default it is about.
   */
  function startServer(home: string, probeTimeoutMs = 60_000) {
    const command = kubesenseServerCommand();
    const env = { ...command.env, HOME: home, KUBESENSE_CACHE: upstreamCache };
    const client = new LspClient(
      { ...command, env: { ...env, KUBESENSE_PROBE_TIMEOUT_MS: String(probeTimeoutMs) } },
      { settings: { kubesense: { kubeconfig: proxy.kubeconfig('admin'), context: 'admin' } } },
    );
    return { client, statuses: recordSchemaSources(client) };
  }

  async function waitForStatus(
    statuses: SchemaSourceStatus[],
    kind: string,
    timeoutMs = 60_000,
  ): Promise<SchemaSourceStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = statuses.at(-1);
      if (last?.kind === kind) return last;
      if (Date.now() > deadline) throw new Error(`no schema source "${kind}"; got ${JSON.stringify(statuses)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The valid Pod is clean and the Deployment's real error shows. */
  async function assertValidates(client: LspClient, tag: string): Promise<void> {
    const pod = `file:///work/${tag}/pod.yaml`;
    const deployment = `file:///work/${tag}/deployment.yaml`;
    await client.open(pod, VALID_POD, 1);
    await client.open(deployment, BAD_DEPLOYMENT, 1);
    await client.waitForDiagnosticsMatching(pod, (d) => d.length === 0, 60_000);
    const bad = await client.waitForDiagnosticsMatching(deployment, (d) => d.length > 0, 60_000);
    assert.deepEqual(
      bad.map((d) => [d.severity, d.range.start.line]),
      [[1, 5]],
      JSON.stringify(bad),
    );
    assert.match(bad[0].message, /spec\.replicas/);
    // Before the fix, the Pod got `no matches for kind "Pod" in version "v1"`: it must never have been red.
    for (const event of client.diagnostics.filter((e) => e.params.uri === pod))
      assert.deepEqual(event.params.diagnostics, [], JSON.stringify(event.params.diagnostics));
  }

  async function hoverFooter(client: LspClient, tag: string): Promise<string> {
    const hover = await client.hover(`file:///work/${tag}/pod.yaml`, positionOf(VALID_POD, 'image', 1));
    const markdown = (hover?.contents as MarkupContent | undefined)?.value ?? '';
    return markdown.split('\n').at(-1) ?? '';
  }

  const faults: { name: string; rule: FaultRule; problem: RegExp; probeTimeoutMs?: number }[] = [
    {
      name: 'forbidden (403 on /openapi)',
      rule: { path: /^\/openapi\//, times: Infinity, fault: { type: 'anonymous' } },
      problem: /forbidden|not allowed.*system:anonymous/,
    },
    {
      name: 'without OpenAPI v3 (404)',
      rule: { path: /^\/openapi\/v3/, times: Infinity, fault: { type: 'not-served' } },
      problem: /does not serve OpenAPI v3/,
    },
    {
      name: 'slow (the root takes 8 s)',
      rule: { path: '/openapi/v3', times: Infinity, fault: { type: 'delay', ms: 8_000 } },
      problem: /did not answer within 4 s/,
      probeTimeoutMs: 4_000,
    },
    {
      name: 'unreachable (every connection reset)',
      rule: { times: Infinity, fault: { type: 'reset', when: 'before-forward' } },
      // The client retries the resets until its request timeout (10 s), well within the probe's.
      problem: /timed out|did not answer|reset|socket hang up|cannot reach/i,
    },
  ];

  for (const { name, rule, problem, probeTimeoutMs } of faults) {
    test(`${name}, nothing cached: the cached upstream schemas of kubernetesVersion`, async (t) => {
      if (!env) return t.skip('no test cluster');
      proxy.clearRules();
      proxy.addRule(rule);
      const home = mkdtempSync(path.join(scratch, 'home-'));
      const { client, statuses } = startServer(home, probeTimeoutMs);
      try {
        await client.initialize();
        await assertValidates(client, 'upstream');
        const status = await waitForStatus(statuses, 'upstream');
        assert.equal(status.source, `schema folder ${path.join(upstreamCache, 'openapi-v3', '1.35')}`);
        assert.equal(status.cluster, 'cluster (context "admin")');
        assert.match(status.clusterProblem ?? '', problem);
        assert.equal(await hoverFooter(client, 'upstream'), `Schema source: \`${status.source}\``);
      } finally {
        proxy.clearRules();
        await client.stop();
      }
    });
  }

  test('live, then 403: the cluster’s cached documents, then the cluster again when it returns', async (t) => {
    if (!env) return t.skip('no test cluster');
    proxy.clearRules();
    const home = mkdtempSync(path.join(scratch, 'home-'));

    // Live: the cluster's own schemas, with one root request (no extra probe request on the happy path).
    proxy.clearRequests();
    const live = startServer(home);
    try {
      await live.client.initialize();
      await assertValidates(live.client, 'live');
      const status = await waitForStatus(live.statuses, 'cluster');
      assert.equal(status.clusterProblem, undefined);
      assert.equal(await hoverFooter(live.client, 'live'), 'Schema source: `cluster (context "admin")`');
      assert.equal(proxy.count({ method: 'GET', path: '/openapi/v3' }), 1);
    } finally {
      await live.client.stop();
    }

    // 403 on /openapi: what the cluster served last time, from the disk cache.
    const forbidden = proxy.addRule({ path: /^\/openapi\//, times: Infinity, fault: { type: 'anonymous' } });
    const { client, statuses } = startServer(home);
    try {
      await client.initialize();
      await assertValidates(client, 'cached');
      const cached = await waitForStatus(statuses, 'cluster-cache');
      assert.equal(cached.source, 'last known schemas of cluster (context "admin")');
      assert.match(cached.clusterProblem ?? '', /forbidden|not allowed/);
      assert.equal(
        await hoverFooter(client, 'cached'),
        'Schema source: `last known schemas of cluster (context "admin")`',
      );

      // The cluster returns: the periodic re-probe (backoff from 1 s doubling to 30 s) switches back — within 30 s
      // of the removal, and more on a loaded machine.
      forbidden.remove();
      const back = await waitForStatus(statuses, 'cluster', 120_000);
      assert.equal(back.clusterProblem, undefined);
      assert.equal(await hoverFooter(client, 'cached'), 'Schema source: `cluster (context "admin")`');
      const deployment = 'file:///work/cached/deployment.yaml';
      const after = await client.waitForDiagnosticsMatching(deployment, (d) => d.length === 1, 30_000);
      assert.match(after[0].message, /spec\.replicas/);
    } finally {
      await client.stop();
    }
  });

  test('the cluster goes away mid-session: a group not loaded yet is never "no matches", then falls back', async (t) => {
    if (!env) return t.skip('no test cluster');
    proxy.clearRules();
    const { client, statuses } = startServer(mkdtempSync(path.join(scratch, 'home-')));
    try {
      await client.initialize();
      await assertValidates(client, 'midway');
      await waitForStatus(statuses, 'cluster');
      // policy/v1 is not among the groups loaded up front: its document is fetched only now, and refused.
      proxy.addRule({ path: /^\/openapi\//, times: Infinity, fault: { type: 'anonymous' } });
      const pdb = 'file:///work/midway/pdb.yaml';
      await client.open(
        pdb,
        'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: web}}\n',
        1,
      );
      const status = await waitForStatus(statuses, 'cluster-cache');
      assert.match(status.clusterProblem ?? '', /forbidden|not allowed/);
      await client.waitForDiagnosticsMatching(pdb, (d) => d.length === 0, 30_000);
      for (const event of client.diagnostics.filter((e) => e.params.uri === pdb))
        assert.ok(
          event.params.diagnostics.every((d) => d.severity !== 1),
          JSON.stringify(event.params.diagnostics),
        );
    } finally {
      proxy.clearRules();
      await client.stop();
    }
  });
});
