// What an untrusted workspace may not do, in one place: run exec credential plugins (explorer sessions
// and the language server), redirect the kubeconfig through workspace settings, or give the language
// server cluster access. Plain data in, decisions out (no vscode import), so the table is unit-tested.

/**
 * The `kubesense.*` settings a cloned repository must not choose, with why: they pick the cluster, the credentials or
 * the programs that run, or make kubesense read files outside the workspace. package.json lists the same keys in
 * `capabilities.untrustedWorkspaces.restrictedConfigurations` (a unit test keeps the two equal), so VS Code drops
 * their workspace values in Restricted Mode; `configValue` applies the same rule where kubesense reads them.
 */
export const RESTRICTED_SETTINGS: Readonly<Record<string, string>> = {
  kubeconfig: 'chooses the kubeconfig files: clusters, credentials, exec credential plugins',
  context: 'chooses the cluster and credentials the language server uses (editors other than VS Code)',
  'explorer.execPluginPath': 'chooses the PATH exec credential plugins are looked up on',
  schemaDirectory: 'reads schema files from any folder',
  crds: 'reads the files its globs match, which may lie outside the workspace',
  'dryRun.enabled': "sends the workspace's documents to the cluster",
};

/** A setting as VS Code's `inspect()` reports it, one value per scope. */
export interface ScopedSetting<T> {
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export interface WorkspaceTrustPolicy {
  readonly trusted: boolean;
  /** Exec credential plugins may run (kubeconfig users with `exec:`). */
  readonly execPlugins: boolean;
  /**
   * The value of a machine-sensitive setting (e.g. `kubesense.kubeconfig`): the most specific scope when
   * trusted; only the user's own (global) value otherwise, since a cloned repository must not pick the
   * files whose credentials run.
   */
  settingValue<T>(setting: ScopedSetting<T> | undefined): T | undefined;
  /**
   * `kubesense.<key>` as the policy allows it: `get()` (VS Code's merged value) unless the key is in
   * RESTRICTED_SETTINGS and the workspace is untrusted, then the user's own value (undefined: the default).
   */
  configValue<T>(key: string, inspect: () => ScopedSetting<T> | undefined, get: () => T): T | undefined;
  /** The context the language server uses ('' = no cluster access at all). */
  serverContext(explorerContext: string | undefined): string;
  /** The PATH the language server runs exec plugins with (the login shell's), or undefined for none. */
  serverExecPath(loginPath: string | undefined): string | undefined;
}

export function workspaceTrustPolicy(trusted: boolean): WorkspaceTrustPolicy {
  const settingValue = <T>(s: ScopedSetting<T> | undefined): T | undefined =>
    trusted ? (s?.workspaceFolderValue ?? s?.workspaceValue ?? s?.globalValue) : s?.globalValue;
  return {
    trusted,
    execPlugins: trusted,
    settingValue,
    configValue: (key, inspect, get) =>
      trusted || !Object.hasOwn(RESTRICTED_SETTINGS, key) ? get() : settingValue(inspect()),
    serverContext: (context) => (trusted ? (context ?? '') : ''),
    serverExecPath: (loginPath) => (trusted ? loginPath : undefined),
  };
}

/**
 * The kubeconfig files to merge: the setting's paths (`~` expanded), else KUBECONFIG exported only by the
 * login shell (when the process has none); empty = the loader's default (KUBECONFIG, then ~/.kube/config).
 */
export function kubeconfigFiles(
  setting: readonly unknown[] | undefined,
  env: { HOME?: string; KUBECONFIG?: string },
  loginKubeconfig: string | undefined,
  delimiter: string,
): string[] {
  const fromSetting = (setting ?? [])
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .map((p) => p.replace(/^~(?=$|\/)/, env.HOME ?? '~'));
  if (fromSetting.length > 0) return fromSetting;
  if (!env.KUBECONFIG && loginKubeconfig) return loginKubeconfig.split(delimiter).filter(Boolean);
  return [];
}
