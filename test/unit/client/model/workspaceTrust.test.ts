// The workspace-trust policy (client/src/model/workspaceTrust.ts), table-style: trusted and untrusted
// workspaces × exec credential plugins, the kubeconfig setting and what the language server gets. The
// exec rows resolve a real kubeconfig file through the explorer's connection factory, as activate() wires it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  kubeconfigFiles,
  RESTRICTED_SETTINGS,
  workspaceTrustPolicy,
  type ScopedSetting,
} from '../../../../client/src/model/workspaceTrust';
import { SETTINGS, setting } from '../../../../protocol/settings';
import { repoRoot } from './paths';
import { loadSnapshot } from '../../../../client/src/model/kubeconfigSnapshot';
import { contextConnectionFactory } from '../../../../client/src/model/contextConnectionFactory';
import { classifyFailure } from '../../../../client/src/model/errors';

const execKubeconfig = `apiVersion: v1
kind: Config
current-context: cloud
clusters:
- name: c
  cluster: {server: "https://cloud.example:6443"}
users:
- name: sso
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: cloud-login, args: [token], interactiveMode: Never}
- name: static
  user: {token: t}
contexts:
- name: cloud
  context: {cluster: c, user: sso}
- name: plain
  context: {cluster: c, user: static}
`;

test('exec credential plugins: allowed only in a trusted workspace (explorer sessions and language server)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-trust-'));
  try {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, execKubeconfig);
    const snapshot = loadSnapshot([file]);
    const cases: { trusted: boolean; context: string; resolves: boolean; failure?: string }[] = [
      { trusted: true, context: 'cloud', resolves: true },
      { trusted: false, context: 'cloud', resolves: false, failure: 'untrusted' },
      // A static token needs no plugin: untrusted workspaces still browse such clusters.
      { trusted: true, context: 'plain', resolves: true },
      { trusted: false, context: 'plain', resolves: true },
    ];
    for (const c of cases) {
      const policy = workspaceTrustPolicy(c.trusted);
      assert.equal(policy.execPlugins, c.trusted);
      const connect = contextConnectionFactory({
        loaded: () => snapshot.loaded,
        allowExecPlugins: () => policy.execPlugins,
        execPath: async () => undefined,
        env: {},
      });
      const ctx = snapshot.contexts.find((x) => x.name === c.context)!;
      const what = `${c.trusted ? 'trusted' : 'untrusted'} ${c.context}`;
      if (c.resolves) {
        const connection = await connect(ctx);
        assert.equal(connection.server, 'https://cloud.example:6443', what);
      } else {
        const err = await connect(ctx).then(
          () => assert.fail(`${what}: resolved`),
          (e: unknown) => e,
        );
        assert.equal(classifyFailure(err).kind, c.failure, what);
        assert.match(String(err), /cloud-login/, `${what} names the plugin`);
      }
      // The language server: no PATH for plugins and no cluster at all when untrusted.
      assert.equal(policy.serverExecPath('/opt/cloud/bin'), c.trusted ? '/opt/cloud/bin' : undefined, what);
      assert.equal(policy.serverContext(c.context), c.trusted ? c.context : '', what);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the kubeconfig setting: every scope when trusted, only the user’s own value when not', () => {
  const scopes = {
    none: undefined,
    user: { globalValue: ['/home/me/.kube/work'] },
    workspace: { globalValue: ['/home/me/.kube/work'], workspaceValue: ['./repo-kubeconfig'] },
    folder: { workspaceValue: ['./repo-kubeconfig'], workspaceFolderValue: ['./folder-kubeconfig'] },
    onlyWorkspace: { workspaceValue: ['./repo-kubeconfig'] },
  } satisfies Record<string, ScopedSetting<string[]> | undefined>;
  const cases: [keyof typeof scopes, boolean, string[] | undefined][] = [
    ['none', true, undefined],
    ['none', false, undefined],
    ['user', true, ['/home/me/.kube/work']],
    ['user', false, ['/home/me/.kube/work']],
    ['workspace', true, ['./repo-kubeconfig']],
    ['workspace', false, ['/home/me/.kube/work']],
    ['folder', true, ['./folder-kubeconfig']],
    ['folder', false, undefined],
    ['onlyWorkspace', true, ['./repo-kubeconfig']],
    ['onlyWorkspace', false, undefined],
  ];
  for (const [scope, trusted, want] of cases)
    assert.deepEqual(
      workspaceTrustPolicy(trusted).settingValue(scopes[scope]),
      want,
      `${scope}, ${trusted ? 'trusted' : 'untrusted'}`,
    );
});

test('kubeconfig files: the setting, else a login-shell-only KUBECONFIG, else the default', () => {
  const cases: [unknown[] | undefined, { HOME?: string; KUBECONFIG?: string }, string | undefined, string[]][] = [
    [['~/.kube/a', '/etc/b', '', '  ', 3], { HOME: '/home/me' }, '/login/c', ['/home/me/.kube/a', '/etc/b']],
    [['~'], { HOME: '/home/me' }, undefined, ['/home/me']],
    [['~other/x'], { HOME: '/home/me' }, undefined, ['~other/x']],
    [[], {}, '/login/c:/login/d', ['/login/c', '/login/d']],
    [undefined, {}, '/login/c', ['/login/c']],
    // The process already has KUBECONFIG: the loader reads it; the login shell's does not override it.
    [[], { KUBECONFIG: '/env/k' }, '/login/c', []],
    [[], {}, undefined, []],
  ];
  for (const [setting, env, login, want] of cases)
    assert.deepEqual(kubeconfigFiles(setting, env, login, ':'), want, JSON.stringify([setting, env, login]));
});

test('restricted settings: package.json restricts exactly the settings the policy treats as sensitive', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations: string[] } };
  };
  const untrusted = pkg.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, 'limited');
  assert.deepEqual(
    [...untrusted.restrictedConfigurations].sort(),
    Object.keys(RESTRICTED_SETTINGS)
      .map((k) => `kubesense.${k}`)
      .sort(),
  );
  // Every restricted key is a declared setting (a renamed setting cannot silently drop out of the list).
  for (const key of Object.keys(RESTRICTED_SETTINGS)) assert.doesNotThrow(() => setting(key), key);
  // The ones that choose the cluster, the credentials or the programs that run, and those that read outside files.
  for (const key of ['kubeconfig', 'context', 'explorer.execPluginPath', 'schemaDirectory', 'crds', 'dryRun.enabled'])
    assert.ok(Object.hasOwn(RESTRICTED_SETTINGS, key), `kubesense.${key} must be restricted`);
});

test('configValue: a restricted setting from the user’s own scope alone when untrusted, others as VS Code merges them', () => {
  const scoped: ScopedSetting<string> = { globalValue: 'user', workspaceValue: 'repo', workspaceFolderValue: 'folder' };
  const onlyRepo: ScopedSetting<string> = { workspaceValue: 'repo' };
  // What VS Code's get() would answer: the most specific scope.
  const merged = (s: ScopedSetting<string>) => s.workspaceFolderValue ?? s.workspaceValue ?? s.globalValue ?? 'default';
  for (const s of SETTINGS) {
    const restricted = Object.hasOwn(RESTRICTED_SETTINGS, s.key);
    for (const trusted of [true, false]) {
      const policy = workspaceTrustPolicy(trusted);
      const what = `kubesense.${s.key}, ${trusted ? 'trusted' : 'untrusted'}`;
      const value = (v: ScopedSetting<string>) =>
        policy.configValue(
          s.key,
          () => v,
          () => merged(v),
        );
      assert.equal(value(scoped), restricted && !trusted ? 'user' : 'folder', what);
      assert.equal(value(onlyRepo), restricted && !trusted ? undefined : 'repo', what);
    }
  }
});
