// Redirects as Go's http.Client follows them, against the real API server: an OpenAPI v3 document asked for by an
// outdated hash (the root was read before a CRD changed it) is answered 301 with the current one's address.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RESTClient } from '../../../../kube/rest/client';
import { StatusError } from '../../../../kube/rest/errors';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { cluster, NO_CLUSTER } from './support';

test(
  'a GET answered 301 within the server follows it, as client-go does',
  { skip: cluster() ? false : NO_CLUSTER },
  async () => {
    const c = cluster()!;
    const rest = new RESTClient(c.config());
    try {
      const logged: { url: string; status?: number }[] = [];
      const logging = new RESTClient(c.config(), { logger: (e) => logged.push({ url: e.url, status: e.status }) });
      const body = await logging.get().absPath('/openapi/v3/api/v1').param('hash', 'outdated').raw();
      const doc = JSON.parse(body.toString('utf8')) as { openapi?: string; paths?: Record<string, unknown> };
      assert.match(doc.openapi ?? '', /^3\./);
      assert.ok(doc.paths && '/api/v1/namespaces' in doc.paths);
      // The server did redirect (else this test proves nothing): the first answer was a 301.
      assert.equal(logged[0]?.status, 301, JSON.stringify(logged));
      assert.match(logged[1]?.url ?? '', /\/openapi\/v3\/api\/v1\?hash=[A-F0-9]+/i);
      // Writes are not redirected: a POST to the same address is the server's own answer, not a followed one.
      const posted = await rest
        .post()
        .absPath('/openapi/v3/api/v1')
        .param('hash', 'outdated')
        .body({})
        .raw()
        .catch((e: unknown) => e);
      assert.ok(posted instanceof StatusError, String(posted));
    } finally {
      closeIdleConnections();
    }
  },
);
