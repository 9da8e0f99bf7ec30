import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loginShellEnv, loginShellPath, mergePaths } from '../../../../client/src/model/shellPath';

test(
  'reads PATH from a real login shell, past whatever its profile prints',
  { skip: process.platform === 'win32' || !fs.existsSync('/bin/bash') },
  async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-home-'));
    try {
      // What installers of gcloud/aws/kubelogin append to a profile, plus a chatty banner.
      fs.writeFileSync(
        path.join(home, '.bash_profile'),
        'echo "Welcome back"\nexport PATH="$HOME/google-cloud-sdk/bin:$PATH"\n',
      );
      const result = await loginShellPath({ shell: '/bin/bash', env: { HOME: home, PATH: '/usr/bin:/bin' } });
      assert.ok(result, 'a PATH was read');
      assert.equal(result!.split(':')[0], path.join(home, 'google-cloud-sdk/bin'));
      assert.ok(!result!.includes('Welcome'));
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  },
);

test(
  'a KUBECONFIG exported only in the login profile is found; unset variables stay absent',
  { skip: process.platform === 'win32' || !fs.existsSync('/bin/bash') },
  async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-home-'));
    try {
      fs.writeFileSync(
        path.join(home, '.profile'),
        'export KUBECONFIG="$HOME/.kube/a.yaml:$HOME/.kube/b.yaml"\nexport EMPTY=\n',
      );
      const env = await loginShellEnv(['KUBECONFIG', 'EMPTY', 'NOT_SET_ANYWHERE'], {
        shell: '/bin/bash',
        env: { HOME: home, PATH: '/usr/bin:/bin' },
      });
      assert.deepEqual(env, { KUBECONFIG: `${home}/.kube/a.yaml:${home}/.kube/b.yaml`, EMPTY: '' });
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  },
);

test('a shell that fails or is missing yields undefined instead of hanging', async () => {
  assert.equal(await loginShellPath({ shell: '/nonexistent/shell', env: {} }), undefined);
  assert.equal(await loginShellPath({ env: {} }), undefined, 'no SHELL set');
});

test('login-shell entries come first, duplicates dropped', () => {
  assert.equal(mergePaths('/opt/gcloud/bin:/usr/bin', '/usr/bin:/bin', ':'), '/opt/gcloud/bin:/usr/bin:/bin');
  assert.equal(mergePaths(undefined, '/usr/bin', ':'), '/usr/bin');
});
