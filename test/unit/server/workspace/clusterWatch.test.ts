// ClusterWatch: when the connected cluster's schemas are probed. The probe is the request for the OpenAPI v3 root,
// so every extra probe is an extra request to the user's API server.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterWatch, probeTimeoutMs } from '../../../../server/src/workspace/clusterWatch';
import type { ClusterConnection, ClusterProbe } from '../../../../server/src/workspace/cluster';

/** A connection whose probes answer `answers` in turn (the last one repeating), counting them. */
function connection(answers: ClusterProbe[]): { cluster: ClusterConnection; probes: () => number } {
  let n = 0;
  const cluster = {
    probeSchemas: async () => answers[Math.min(n++, answers.length - 1)],
  } as unknown as ClusterConnection;
  return { cluster, probes: () => n };
}

describe('ClusterWatch', () => {
  test('a probe waits 4 s for the OpenAPI root, or KUBESENSE_PROBE_TIMEOUT_MS; its timeout reaches the probe', async () => {
    assert.equal(probeTimeoutMs({}), 4_000);
    assert.equal(probeTimeoutMs({ KUBESENSE_PROBE_TIMEOUT_MS: '60000' }), 60_000);
    assert.equal(probeTimeoutMs({ KUBESENSE_PROBE_TIMEOUT_MS: 'soon' }), 4_000);
    const asked: number[] = [];
    const cluster = {
      probeSchemas: async (ms: number) => (asked.push(ms), { state: 'live' }),
    } as unknown as ClusterConnection;
    const saved = process.env.KUBESENSE_PROBE_TIMEOUT_MS;
    process.env.KUBESENSE_PROBE_TIMEOUT_MS = '60000';
    const watch = new ClusterWatch(cluster, () => undefined);
    try {
      await watch.probe();
      assert.deepEqual(asked, [60_000]);
    } finally {
      watch.dispose();
      if (saved === undefined) delete process.env.KUBESENSE_PROBE_TIMEOUT_MS;
      else process.env.KUBESENSE_PROBE_TIMEOUT_MS = saved;
    }
  });

  test('connectivity events before the first probe has answered probe nothing: the first probe will tell', async () => {
    const { cluster, probes } = connection([{ state: 'live' }]);
    const watch = new ClusterWatch(cluster, () => undefined);
    try {
      // A namespaces list succeeding while the session is still starting (it fetches them at once).
      watch.connectivityChanged();
      watch.connectivityChanged();
      assert.equal(probes(), 0);
      assert.deepEqual(await watch.probe(), { state: 'live' });
      assert.equal(probes(), 1);
      // Once a probe has answered, events count again (a failed fetch may mean the cluster went away).
      watch.connectivityChanged();
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(probes(), 2, 'while live, an event still re-probes (a failed fetch may mean it went away)');
    } finally {
      watch.dispose();
    }
  });

  test('after a probe found the cluster away, an event probes again at once and a live answer is reported', async () => {
    const { cluster, probes } = connection([
      { state: 'unreachable', reason: 'cannot reach https://x' },
      { state: 'live' },
    ]);
    const results: [string, boolean][] = [];
    const watch = new ClusterWatch(cluster, (probe, changed) => results.push([probe.state, changed]));
    try {
      assert.equal((await watch.probe()).state, 'unreachable');
      watch.connectivityChanged();
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(probes(), 2);
      assert.deepEqual(results, [
        ['unreachable', true],
        ['live', true],
      ]);
    } finally {
      watch.dispose();
    }
  });
});
