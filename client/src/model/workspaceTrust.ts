// What an untrusted workspace may not do, in one place: run exec credential plugins (explorer sessions
// and the language server), redirect the kubeconfig through workspace settings, or give the language
// server cluster access. Plain data in, decisions out (no vscode import), so the table is unit-tested.

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
  /** The context the language server uses ('' = no cluster access at all). */
  serverContext(explorerContext: string | undefined): string;
  /** The PATH the language server runs exec plugins with (the login shell's), or undefined for none. */
  serverExecPath(loginPath: string | undefined): string | undefined;
}

export function workspaceTrustPolicy(trusted: boolean): WorkspaceTrustPolicy {
  return {
    trusted,
    execPlugins: trusted,
    settingValue: (s) => (trusted ? (s?.workspaceFolderValue ?? s?.workspaceValue ?? s?.globalValue) : s?.globalValue),
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
