// closedPort: a port that refuses connections, and keeps refusing on a busy machine — one the kernel never hands to
// a port-0 listener or an outgoing connection (below the ephemeral range), so no other process gets it by chance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { closedPort, ephemeralPortsStart } from '../../../../cluster/faults/down';

test('closedPort is below the ephemeral range and refuses; port-0 listeners never get it', async () => {
  const port = await closedPort();
  assert.ok(port < ephemeralPortsStart(), `${port} is in the ephemeral range (from ${ephemeralPortsStart()})`);
  // What other processes do meanwhile on a loaded machine: listen on port 0.
  const servers = await Promise.all(
    Array.from({ length: 50 }, async () => {
      const s = net.createServer();
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
      return s;
    }),
  );
  try {
    assert.ok(servers.every((s) => (s.address() as net.AddressInfo).port !== port));
    const err = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => reject(new Error(`port ${port} accepted a connection`)));
      socket.once('error', resolve);
    });
    assert.equal(err.code, 'ECONNREFUSED');
  } finally {
    for (const s of servers) s.close();
  }
});
