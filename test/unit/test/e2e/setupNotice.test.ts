// `npm start` on a fresh machine installs Debian packages as root: test/e2e/setup.sh must say what it will
// install and why before apt-get runs. The real script runs with apt-get and dpkg-query replaced on PATH by
// recorders (nothing is installed), so the order of what it prints and what it runs is observed.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../client/model/paths';

const isRoot = process.getuid?.() === 0;

function runSetup(env: Record<string, string>): { output: string; status: number | null } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-setup-notice-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  // Nothing installed; apt-get writes into the same stream as the script, then fails so the run stops there.
  fs.writeFileSync(path.join(bin, 'dpkg-query'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'apt-get'), '#!/bin/sh\necho "APT-GET RAN: $*"\nexit 3\n', { mode: 0o755 });
  try {
    const r = spawnSync('bash', [path.join(repoRoot, 'test/e2e/setup.sh')], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, KUBESENSE_CACHE: path.join(dir, 'cache'), ...env },
      encoding: 'utf8',
    });
    return { output: `${r.stdout}${r.stderr}`, status: r.status };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test(
  'setup.sh names each Debian package and why before apt-get runs as root',
  { skip: !isRoot && 'needs root' },
  () => {
    const { output } = runSetup({});
    const apt = output.indexOf('APT-GET RAN');
    assert.ok(apt > 0, `apt-get was run:\n${output}`);
    const before = output.slice(0, apt);
    assert.match(before, /apt-get.*root|root.*apt-get/i);
    for (const [pkg, why] of [
      ['chromium', /browser/],
      ['g\\+\\+', /native/],
      ['libkrb5-dev', /kerberos/],
    ] as const)
      assert.match(before, new RegExp(`- ${pkg}: .*${why.source}`), `${pkg} and why, before apt-get:\n${before}`);
  },
);

test('KUBESENSE_NO_APT=1 stops before installing anything', { skip: !isRoot && 'needs root' }, () => {
  const { output, status } = runSetup({ KUBESENSE_NO_APT: '1' });
  assert.notEqual(status, 0);
  assert.doesNotMatch(output, /APT-GET RAN/);
  assert.match(output, /KUBESENSE_NO_APT is set: not installing; run: apt-get install chromium/);
});
