// Pure parts of the end-to-end harness: the pinned toolchain versions and `npm start`'s arguments.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readVersions } from '../../e2e/harness/toolchain';
import { parseStartArgs } from '../../e2e/start';

test('versions.env pins code-server 4.139.1 on Node 24', () => {
  const versions = readVersions();
  assert.equal(versions.CODE_SERVER_VERSION, '4.139.1');
  assert.match(versions.NODE_VERSION, /^24\.\d+\.\d+$/);
});

test('a versions file without a pin is an error naming the file and key', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-versions-')), 'versions.env');
  fs.writeFileSync(file, 'NODE_VERSION=24.0.0\n');
  assert.throws(
    () => readVersions(file),
    (e: Error) => e.message.includes(file) && e.message.includes('CODE_SERVER_VERSION'),
  );
});

test('npm start arguments: defaults, values in both spellings, errors name the flag', () => {
  assert.deepEqual(parseStartArgs([]), { port: 0 });
  assert.deepEqual(parseStartArgs(['--kubeconfig', 'a.yaml:b.yaml', '--port=8080']), {
    kubeconfig: 'a.yaml:b.yaml',
    port: 8080,
  });
  assert.equal(parseStartArgs(['--workspace', 'x']).workspace, path.resolve('x'));
  assert.throws(() => parseStartArgs(['--port', 'http']), /--port/);
  assert.throws(() => parseStartArgs(['--kubeconfig']), /--kubeconfig needs a value/);
  assert.throws(() => parseStartArgs(['--bogus']), /unknown option --bogus/);
});
