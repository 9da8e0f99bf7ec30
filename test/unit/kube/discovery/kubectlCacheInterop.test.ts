// Our disk cache against kubectl 1.33's, both ways, on the same recorded server responses:
// the files must be byte-identical, and each side must answer from the other's cache without a request.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DiskCachedDiscoveryClient,
  DiscoveryClient,
  discoveryCacheDirFor,
  isGroupDiscoveryFailed,
  newCachedDiscovery,
} from '../../../../kube/discovery';
import type { RestConfig } from '../../../../kube/rest/config';
import { startRecordedServer, type Mode, type RecordedServer } from './recordedServer';
import { findKubectl } from '../../../cluster/kubectl';

function kubectlPath(): string | undefined {
  try {
    return findKubectl('1.33');
  } catch {
    return undefined;
  }
}
const KUBECTL = kubectlPath();

/** Async on purpose: the recorded server lives in this process and must keep answering while kubectl runs. */
async function kubectl(
  server: string,
  cacheDir: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-kc-'));
  const kc = path.join(dir, 'config');
  fs.writeFileSync(
    kc,
    `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${server}"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`,
  );
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(KUBECTL!, [`--kubeconfig=${kc}`, `--cache-dir=${cacheDir}`, ...args], {
        env: { ...process.env, HOME: dir },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

for (const mode of ['aggregated', 'legacy'] as Mode[]) {
  describe(
    `discovery disk cache interop with kubectl 1.33 (${mode} discovery)`,
    { skip: !KUBECTL && 'kubectl.1.33 not found (see test/cluster/kubectl.ts)' },
    () => {
      let server: RecordedServer;
      let tmp: string;
      let config: RestConfig;
      before(async () => {
        server = await startRecordedServer(mode);
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-disc-'));
        config = { host: server.url, tls: {} };
      });
      after(async () => {
        await server.close();
        fs.rmSync(tmp, { recursive: true, force: true });
      });

      it('writes the same files, byte for byte, with the same modes as kubectl', async () => {
        const kubectlCache = path.join(tmp, 'kubectl');
        const ourCache = path.join(tmp, 'ours');
        const r = await kubectl(server.url, kubectlCache, ['api-resources']);
        if (mode === 'aggregated') assert.equal(r.code, 0, r.stderr);
        const d = newCachedDiscovery(config, { cacheDir: ourCache, memory: false });
        const prefs = await d.serverPreferredResources();
        assert.equal(mode === 'legacy', isGroupDiscoveryFailed(prefs.error), String(prefs.error));

        const kubectlDir = discoveryCacheDirFor(server.url, kubectlCache);
        const ourDir = discoveryCacheDirFor(server.url, ourCache);
        assert.match(path.basename(ourDir), /^127\.0\.0\.1_\d+$/);
        const theirs = filesUnder(kubectlDir);
        assert.ok(theirs.includes('servergroups.json'), `kubectl wrote ${theirs.join(', ')}`);
        assert.deepEqual(filesUnder(ourDir), theirs);
        for (const f of theirs) {
          assert.equal(
            fs.readFileSync(path.join(ourDir, f), 'utf8'),
            fs.readFileSync(path.join(kubectlDir, f), 'utf8'),
            f,
          );
          assert.equal(
            fs.statSync(path.join(ourDir, f)).mode & 0o777,
            fs.statSync(path.join(kubectlDir, f)).mode & 0o777,
            `mode of ${f}`,
          );
        }
        assert.equal(fs.statSync(ourDir).mode & 0o777, fs.statSync(kubectlDir).mode & 0o777);
      });

      it('answers from a cache kubectl wrote, with zero discovery requests', async () => {
        const kubectlCache = path.join(tmp, 'kubectl');
        const live = await new DiscoveryClient(config).serverGroupsAndResources();
        const before = server.count();
        const cached = new DiskCachedDiscoveryClient(
          new DiscoveryClient(config),
          discoveryCacheDirFor(server.url, kubectlCache),
        );
        const fromCache = await cached.serverGroupsAndResources();
        const expectedRequests = mode === 'legacy' ? (live.error?.groups.size ?? 0) : 0; // failed GVs are never cached, by kubectl or us
        assert.equal(
          server.count() - before,
          expectedRequests,
          server.requests
            .slice(before)
            .map((q) => q.path)
            .join(' '),
        );
        assert.deepEqual(
          fromCache.groups.map((g) => g.name),
          live.groups.map((g) => g.name),
        );
        const names = (lists: typeof live.resources) =>
          lists.flatMap((l) => (l.resources ?? []).map((r) => `${l.groupVersion}/${r.name}:${r.kind}`)).sort();
        assert.deepEqual(names(fromCache.resources), names(live.resources));
        assert.equal(cached.fresh(), false, 'data from files we did not write is not fresh');
      });

      // With partial (legacy) discovery kubectl invalidates and refetches everything by design, so the
      // zero-request check only means something when discovery is complete.
      it(
        'kubectl answers from a cache we wrote, with zero discovery requests',
        { skip: mode === 'legacy' && 'kubectl refetches on partial discovery' },
        async () => {
          const ourCache = path.join(tmp, 'ours');
          const before = server.count();
          // --cached: without it api-resources invalidates the cache on purpose.
          const r = await kubectl(server.url, ourCache, ['api-resources', '--cached', '-o', 'name']);
          const discoveryRequests = server.requests
            .slice(before)
            .filter((q) => q.path === '/api' || q.path.startsWith('/api/') || q.path.startsWith('/apis'));
          assert.equal(discoveryRequests.length, 0, discoveryRequests.map((q) => q.path).join(' '));
          assert.match(r.stdout, /deployments\.apps/);
        },
      );

      it("files older than the 6 h TTL are ignored (kubectl's rule, by mtime)", async () => {
        const kubectlCache = path.join(tmp, 'kubectl');
        const sixHoursOneMinute = (6 * 60 + 1) * 60 * 1000;
        const stale = new DiskCachedDiscoveryClient(
          new DiscoveryClient(config),
          discoveryCacheDirFor(server.url, kubectlCache),
          {
            now: () => Date.now() + sixHoursOneMinute,
          },
        );
        const before = server.count();
        await stale.serverGroups();
        assert.ok(server.count() > before, 'expired cache must go to the server');
        const fresh = new DiskCachedDiscoveryClient(
          new DiscoveryClient(config),
          discoveryCacheDirFor(server.url, kubectlCache),
          {
            now: () => Date.now() + 5 * 60 * 60 * 1000,
          },
        );
        const again = server.count();
        await fresh.serverGroups();
        assert.equal(server.count(), again);
      });

      it('invalidate() makes the next call refetch and rewrite the files', async () => {
        const ourCache = path.join(tmp, 'ours');
        const d = new DiskCachedDiscoveryClient(
          new DiscoveryClient(config),
          discoveryCacheDirFor(server.url, ourCache),
        );
        await d.serverGroups();
        assert.equal(d.fresh(), false);
        const before = server.count();
        d.invalidate();
        await d.serverGroups();
        assert.ok(server.count() > before, 'invalidated cache must go to the server');
        assert.equal(d.fresh(), true);
      });
    },
  );
}
