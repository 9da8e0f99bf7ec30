// Live lookups of references (analysis/references/live.ts) against the real API server: a lookup cancelled by the
// check that started it (a newer check superseded it) is not an answer for the next check, which must ask again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterEnv } from '../../../cluster/env';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { DiscoveryClient } from '../../../../kube/discovery';
import { DynamicClient } from '../../../../kube/dynamic';
import { ClusterObjects } from '../../../../analysis/references/live';

test('a lookup cancelled by a superseded check is asked again by the next one, not cached as "cannot tell"', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const config = restConfigFromFile(env.kubeconfig, 'admin');
  const live = new ClusterObjects('admin', new DiscoveryClient(config), new DynamicClient(config));
  const key = { group: '', kind: 'Namespace', namespace: '', name: 'kube-system' };

  // The first check starts the lookup and is superseded at once.
  const superseded = new AbortController();
  const first = live.get(key, superseded.signal);
  superseded.abort();
  const current = new AbortController();
  const second = live.get(key, current.signal);

  const cancelled = await first;
  assert.equal(cancelled.known, false, 'the superseded check learns nothing');
  const answer = await second;
  assert.ok(answer.known, `the current check asks again: ${answer.known ? '' : answer.reason}`);
  assert.equal((answer.value as { metadata?: { name?: string } } | null)?.metadata?.name, 'kube-system');
  // And the answer is what later checks get.
  const later = await live.get(key, new AbortController().signal);
  assert.ok(later.known && later.value !== null);
});
