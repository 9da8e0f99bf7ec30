// Transport mechanics over a local server replaying recorded discovery documents: headers we send,
// gzip bodies, and a body cut short (Content-Length not reached) being retried for a GET only.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { RESTClient } from '../../../../kube/rest/client';
import { TransportError } from '../../../../kube/rest/errors';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { sharedK8s, startRecordedServer, type RecordedServer } from '../discovery/recordedServer';

describe('transport over a recorded server', () => {
  let server: RecordedServer;
  const recorded = () => fs.readFileSync(path.join(sharedK8s(), 'discovery', 'api__v1.json'));
  let truncateNext = 0;
  before(async () => {
    server = await startRecordedServer('legacy', (req, res) => {
      if (req.url === '/gz/api/v1') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
        res.end(zlib.gzipSync(recorded()));
        return true;
      }
      if (req.url?.startsWith('/cut/api/v1') && truncateNext > 0) {
        truncateNext--;
        const body = recorded();
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
        res.write(body.subarray(0, 100));
        setTimeout(() => res.socket?.destroy(), 20);
        return true;
      }
      if (req.url?.startsWith('/cut/api/v1')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(recorded());
        return true;
      }
      return false;
    });
  });
  after(async () => {
    await server.close();
    closeIdleConnections();
  });

  it('sends User-Agent, Accept, Accept-Encoding, basic auth and impersonation headers', async () => {
    const client = new RESTClient(
      {
        host: server.url,
        tls: {},
        username: 'u',
        password: 'p',
        impersonate: { userName: 'jane', groups: ['a', 'b'], extra: { 'scopes/x': ['1'] } },
      },
      { groupVersion: { group: '', version: 'v1' } },
    );
    await client.get().do();
    const h = server.requests[server.requests.length - 1].headers;
    assert.match(String(h['user-agent']), /^kubesense\/\S+ \(\w+\/\w+\)$/);
    assert.equal(h['accept'], 'application/json');
    assert.equal(h['accept-encoding'], 'gzip');
    assert.equal(h['authorization'], `Basic ${Buffer.from('u:p').toString('base64')}`);
    assert.equal(h['impersonate-user'], 'jane');
    assert.equal(h['impersonate-group'], 'a, b');
    assert.equal(h['impersonate-extra-scopes%2fx'], '1');
  });

  it('decodes gzip bodies', async () => {
    const client = new RESTClient({ host: server.url, tls: {} });
    const list = await client.get().absPath('/gz/api/v1').do();
    assert.deepEqual(list, JSON.parse(recorded().toString('utf8')));
  });

  it('a body cut short is retried for GET, and is an error for POST', async () => {
    const client = new RESTClient({ host: server.url, tls: {} });
    truncateNext = 1;
    const before = server.count(/^\/cut/);
    const list = await client.get().absPath('/cut/api/v1').do();
    assert.deepEqual(list, JSON.parse(recorded().toString('utf8')));
    assert.equal(server.count(/^\/cut/) - before, 2);
    truncateNext = 1;
    await assert.rejects(
      client.post().absPath('/cut/api/v1').body({}).do(),
      (e) => e instanceof TransportError && /unexpected EOF|reading response/.test((e as Error).message),
    );
  });
});
