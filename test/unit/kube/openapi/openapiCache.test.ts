// OpenAPI v3 client over the recorded 1.35 documents: lazy per-GV parse, hash-keyed disk cache,
// warm start with one request, and serving from disk when the server is gone.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { OpenAPIV3Client, openAPIPathFor } from '../../../../kube/openapi';
import { TransportError } from '../../../../kube/rest/errors';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { readShared, startRecordedServer } from '../discovery/recordedServer';

describe('OpenAPIV3Client with the recorded documents', () => {
  it('maps group-versions to root paths', () => {
    assert.equal(openAPIPathFor('v1'), 'api/v1');
    assert.equal(openAPIPathFor('apps/v1'), 'apis/apps/v1');
    assert.equal(openAPIPathFor({ group: 'batch', version: 'v1' }), 'apis/batch/v1');
  });

  it('cold, warm and offline', async () => {
    const server = await startRecordedServer('aggregated');
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-oa-'));
    const config = { host: server.url, tls: {} };
    try {
      const cold = new OpenAPIV3Client(config, { cacheDir });
      const doc = await cold.schemaFor('apps/v1');
      assert.deepEqual(doc, readShared('openapi-v3/1.35/apis/apps/v1.json'));
      assert.deepEqual(
        server.requests.map((r) => r.path),
        ['/openapi/v3', '/openapi/v3/apis/apps/v1'],
      );
      const files = fs.readdirSync(path.join(cold.cacheDirectory!, 'apis', 'apps', 'v1'));
      assert.equal(files.length, 1);
      assert.match(files[0], /^[0-9A-F]+\.json$/);
      assert.equal(fs.statSync(path.join(cold.cacheDirectory!, 'apis', 'apps', 'v1', files[0])).mode & 0o777, 0o600);

      const warm = new OpenAPIV3Client(config, { cacheDir });
      const before = server.requests.length;
      assert.deepEqual(await warm.schemaFor('apps/v1'), doc);
      assert.deepEqual(
        server.requests.slice(before).map((r) => r.path),
        ['/openapi/v3'],
      );

      await server.close();
      const offline = new OpenAPIV3Client(config, { cacheDir });
      assert.deepEqual(await offline.schemaFor('apps/v1'), doc);
      assert.equal(offline.offline, true);
      await assert.rejects(offline.schemaFor('v1'), (e) => e instanceof TransportError);
    } finally {
      await server.close().catch(() => undefined);
      fs.rmSync(cacheDir, { recursive: true, force: true });
      closeIdleConnections();
    }
  });
});
