// The upstream schema download (no cluster, no schema folder) against the real upstream files: Kubernetes'
// api/openapi-spec/v3 of k8s.io/kubernetes v1.35.4, as the Go module proxy delivered it to the test cluster's build.
// A local HTTP server answers GitHub's two URLs from that folder (the contents listing carries only the file
// names, which is all the download reads), so the whole path runs: listing, per-file fetch, layout, atomic rename,
// private modes, then `kubesense check` on the result.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../../cli/main';
import { downloadUpstreamSchemas, hasUpstreamSchemas } from '../../../../analysis/schema/sources/upstream';

const MODULE = 'k8s.io/kubernetes@v1.35.4'; // the version test/cluster/build.sh builds
const SPEC = 'api/openapi-spec/v3';

function upstreamSpecDir(): string | undefined {
  try {
    const modCache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
    const dir = path.join(modCache, MODULE, SPEC);
    return fs.existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

describe('upstream OpenAPI v3 download', () => {
  const specDir = upstreamSpecDir();
  const skip =
    specDir || process.env.CI === 'true'
      ? false
      : `${MODULE} is not in the Go module cache (bash test/cluster/build.sh puts it there)`;
  let server: http.Server;
  let base = '';
  let cache = '';
  /** Per-file overrides for the failure tests. */
  const broken = new Map<string, { status: number; body: string }>();

  // Only GitHub's two hosts go to the local server; anything else would be a test bug.
  const localFetch: typeof fetch = (input, init) => {
    const url = String(input);
    const local = url
      .replace('https://api.github.com/', `${base}/api.github.com/`)
      .replace('https://raw.githubusercontent.com/', `${base}/raw.githubusercontent.com/`);
    assert.notEqual(local, url, `unexpected URL ${url}`);
    return fetch(local, init);
  };

  before(async () => {
    if (!specDir) {
      if (process.env.CI === 'true')
        throw new Error(`${MODULE} is not in the Go module cache; run test/cluster/build.sh`);
      return;
    }
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-upstream-'));
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://local');
      if (url.pathname === `/api.github.com/repos/kubernetes/kubernetes/contents/${SPEC}`) {
        // Only the tag this folder is; any other ref is unknown, as on GitHub.
        if (url.searchParams.get('ref') !== 'v1.35.0') {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"No commit found for the ref"}');
          return;
        }
        const listing = fs.readdirSync(specDir).map((name) => ({ name, path: `${SPEC}/${name}`, type: 'file' }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(listing));
        return;
      }
      const prefix = `/raw.githubusercontent.com/kubernetes/kubernetes/v1.35.0/${SPEC}/`;
      const name = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
      const override = broken.get(name);
      if (override) {
        res.writeHead(override.status).end(override.body);
        return;
      }
      const file = path.join(specDir, path.basename(name));
      if (!name || !fs.existsSync(file)) {
        res.writeHead(404).end('404: Not Found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
    if (cache) fs.rmSync(cache, { recursive: true, force: true });
  });

  test('downloads every group-version into the schema-folder layout, privately and atomically', { skip }, async () => {
    const progress: number[] = [];
    const dir = await downloadUpstreamSchemas(cache, '1.35', {
      fetch: localFetch,
      onProgress: (done, total) => progress.push(done / total),
    });
    assert.equal(dir, path.join(cache, 'openapi-v3', '1.35'));
    assert.ok(hasUpstreamSchemas(cache, '1.35'));
    assert.equal(progress.at(-1), 1);
    assert.deepEqual(
      fs.readFileSync(path.join(dir, 'apis', 'apps', 'v1.json')),
      fs.readFileSync(path.join(specDir!, 'apis__apps__v1_openapi.json')),
    );
    assert.ok(fs.existsSync(path.join(dir, 'api', 'v1.json')));
    // The non-group-version files (api_openapi.json, version_openapi.json, …) are not part of the layout.
    assert.ok(!fs.existsSync(path.join(dir, 'api_openapi.json')));
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(dir, 'api', 'v1.json')).mode & 0o777, 0o600);
    assert.deepEqual(
      fs.readdirSync(path.dirname(dir)).filter((n) => n.includes('.tmp-')),
      [],
      'no temporary folder left behind',
    );
  });

  test('the downloaded folder validates manifests like any schema folder', { skip }, async () => {
    const manifest = path.join(cache, 'bad.yaml');
    fs.writeFileSync(
      manifest,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: "two"\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n',
    );
    let stdout = '';
    const code = await main(['check', manifest, '--schema-dir', path.join(cache, 'openapi-v3', '1.35')], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => undefined },
      env: { ...process.env, KUBESENSE_OFFLINE: '1' },
      cwd: cache,
    });
    assert.equal(code, 1);
    assert.match(stdout, /bad\.yaml:6:13: .*spec\.replicas/);
  });

  test('a failed file leaves the previous download in place and nothing half-written', { skip }, async () => {
    const before = fs.readFileSync(path.join(cache, 'openapi-v3', '1.35', 'apis', 'apps', 'v1.json'));
    broken.set('apis__batch__v1_openapi.json', { status: 500, body: 'upstream trouble' });
    try {
      await assert.rejects(
        downloadUpstreamSchemas(cache, '1.35', { fetch: localFetch }),
        /GET https:\/\/raw\.githubusercontent\.com\/kubernetes\/kubernetes\/v1\.35\.0\/api\/openapi-spec\/v3\/apis__batch__v1_openapi\.json: HTTP 500/,
      );
      broken.set('apis__batch__v1_openapi.json', { status: 200, body: '<html>rate limited</html>' });
      await assert.rejects(downloadUpstreamSchemas(cache, '1.35', { fetch: localFetch }), SyntaxError);
    } finally {
      broken.clear();
    }
    assert.deepEqual(fs.readFileSync(path.join(cache, 'openapi-v3', '1.35', 'apis', 'apps', 'v1.json')), before);
    assert.ok(hasUpstreamSchemas(cache, '1.35'));
    assert.deepEqual(
      fs.readdirSync(path.join(cache, 'openapi-v3')).filter((n) => n.includes('.tmp-')),
      [],
    );
  });

  test('a version that does not exist upstream is a clear error', { skip }, async () => {
    await assert.rejects(
      downloadUpstreamSchemas(cache, '1.99', { fetch: localFetch }),
      /GET https:\/\/api\.github\.com\/repos\/kubernetes\/kubernetes\/contents\/api\/openapi-spec\/v3\?ref=v1\.99\.0: HTTP 404/,
    );
    assert.ok(!hasUpstreamSchemas(cache, '1.99'));
  });
});
