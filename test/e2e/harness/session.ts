// One end-to-end session: a private HOME, a copy of the sample workspace, the two-file KUBECONFIG,
// code-server with kubesense, and Chromium showing its workbench.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser, type Browser } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { writeE2eKubeconfigs, type E2eKubeconfigs } from './kubeconfigs';
import { e2eSourceDir } from './toolchain';
import { Workbench } from './workbench';

export interface Session {
  root: string;
  home: string;
  workspace: string;
  kubeconfigs?: E2eKubeconfigs;
  codeServer: CodeServer;
  browser: Browser;
  workbench: Workbench;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** The test cluster's kubeconfig (KUBESENSE_TEST_KUBECONFIG); without it the session has no clusters. */
  clusterKubeconfig?: string;
  settings?: Record<string, unknown>;
  vscodeOptions?: string[];
  /** Extra query parameters for the workbench URL (payload for extension-host tests). */
  query?: (codeServer: CodeServer) => Record<string, string>;
  /** Runs on the page before the workbench loads (exposeFunction for extension-host tests). */
  beforeLoad?: (browser: Browser) => Promise<void>;
  env?: NodeJS.ProcessEnv;
  /** See CodeServerOptions.extensionPath. */
  extensionPath?: string | null;
  /** Wait for the workbench to render (default true). */
  waitForWorkbench?: boolean;
}

export function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

/** Where the workbench's language server keeps downloaded upstream schemas (KUBESENSE_CACHE) in a session. */
export function e2eSchemaCache(home: string): string {
  return path.join(home, '.cache', 'kubesense');
}

export async function openSession(options: SessionOptions = {}): Promise<Session> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-e2e-'));
  const home = path.join(root, 'home');
  const workspace = path.join(root, 'workspace');
  fs.mkdirSync(home, { mode: 0o700 });
  copyDir(path.join(e2eSourceDir, 'workspace'), workspace);

  const kubeconfigs = options.clusterKubeconfig
    ? await writeE2eKubeconfigs(options.clusterKubeconfig, path.join(root, 'kubeconfigs'))
    : undefined;

  const env: NodeJS.ProcessEnv = {
    // A private HOME: nothing from the machine's ~/.kube leaks in, and discovery caches start empty.
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    // The language server's schema cache too (upstream downloads): private, so a scenario can prepare it.
    KUBESENSE_CACHE: e2eSchemaCache(home),
    KUBECONFIG: kubeconfigs?.kubeconfigEnv ?? path.join(home, '.kube', 'config'),
    ...options.env,
  };
  const codeServer = await startCodeServer({
    workspace,
    env,
    settings: options.settings,
    vscodeOptions: options.vscodeOptions,
    extensionPath: options.extensionPath,
    stateDir: path.join(root, 'code-server'),
  });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser({ profileDir: path.join(root, 'chromium') });
    await options.beforeLoad?.(browser);
    const workbench = new Workbench(browser.page);
    await browser.page.goto(codeServer.workbenchUrl(options.query?.(codeServer)));
    if (options.waitForWorkbench !== false) await workbench.waitForReady();
    const opened = browser;
    return {
      root,
      home,
      workspace,
      kubeconfigs,
      codeServer,
      browser: opened,
      workbench,
      async close() {
        await opened.close();
        await codeServer.stop();
        if (!process.env.KUBESENSE_E2E_KEEP) fs.rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await codeServer.stop();
    throw error;
  }
}
