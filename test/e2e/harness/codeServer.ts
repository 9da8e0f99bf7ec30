// Starts code-server (the real VS Code server + workbench) on 127.0.0.1 with an ephemeral port and fresh
// user-data/extensions folders, with kubesense loaded unpacked from the build output.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findToolchain, repoRoot, type Toolchain } from './toolchain';

export interface CodeServerOptions {
  /** Folder opened in the workbench. */
  workspace: string;
  /** Extension folder (package.json + bundled main) registered as installed; default: the repo.
   *  null: none (extension-host tests load it as a development extension instead). */
  extensionPath?: string | null;
  /** Extra environment for code-server and, through it, the extension host (KUBECONFIG, HOME, ...). */
  env?: NodeJS.ProcessEnv;
  /** Extra VS Code server flags, passed as `--vscode-option X`. */
  vscodeOptions?: string[];
  /** User settings merged over the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Folder for user-data, extensions, logs; a fresh temp folder by default. */
  stateDir?: string;
  /** Fixed port (npm start --port); default 0 = ephemeral. */
  port?: number;
  /** Where code-server's output goes besides the in-memory log (npm start shows it on failure). */
  logFile?: string;
}

export interface CodeServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Workbench URL with the workspace folder opened. */
  workbenchUrl(query?: Record<string, string>): string;
  stateDir: string;
  userDataDir: string;
  extensionsDir: string;
  toolchain: Toolchain;
  /** Everything code-server printed so far (for failure reports). */
  output(): string;
  /** Settles when the server process exits (with its exit code or signal). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

// Keeps the workbench quiet and deterministic: no welcome page, no telemetry, no update or
// recommendation popups, no AI side panel, everything trusted (the trust tests set their own).
export const quietSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
  // Terminal text in the DOM (not a WebGL canvas), so scenarios can read a terminal's output.
  'terminal.integrated.gpuAcceleration': 'off',
};

function extensionIdentity(extensionPath: string): { id: string; version: string } {
  const manifestPath = path.join(extensionPath, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
    publisher?: string;
    name?: string;
    version?: string;
    main?: string;
  };
  if (!manifest.publisher || !manifest.name || !manifest.version) {
    throw new Error(`${manifestPath}: publisher, name and version are required to load the extension`);
  }
  if (manifest.main && !fs.existsSync(path.resolve(extensionPath, manifest.main))) {
    throw new Error(`${manifestPath}: main ${manifest.main} does not exist; build first (npm run build)`);
  }
  return { id: `${manifest.publisher}.${manifest.name}`, version: manifest.version };
}

/** Registers the unpacked extension in the profile's manifest, the way an install would, without copying it. */
function registerExtension(extensionsDir: string, extensionPath: string): void {
  const { id, version } = extensionIdentity(extensionPath);
  // VS Code resolves relativeLocation against the extensions folder, so the folder there is a symlink.
  const folderName = `${id}-${version}`;
  const linked = path.join(extensionsDir, folderName);
  fs.symlinkSync(path.resolve(extensionPath), linked, 'dir');
  const entry = {
    identifier: { id },
    version,
    location: { $mid: 1, scheme: 'file', path: linked },
    relativeLocation: folderName,
    metadata: { installedTimestamp: Date.now(), source: 'resource', pinned: true },
  };
  fs.writeFileSync(path.join(extensionsDir, 'extensions.json'), JSON.stringify([entry]));
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const toolchain = findToolchain();
  const stateDir = options.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-code-server-'));
  const userDataDir = path.join(stateDir, 'user-data');
  const extensionsDir = path.join(stateDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true, mode: 0o700 });
  fs.mkdirSync(extensionsDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...quietSettings, ...options.settings }, null, 2),
  );
  if (options.extensionPath !== null) registerExtension(extensionsDir, options.extensionPath ?? repoRoot);
  // An explicit config file keeps code-server from creating ~/.config/code-server/config.yaml with a password.
  const configFile = path.join(stateDir, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');

  const args = [
    toolchain.codeServerEntry,
    '--config',
    configFile,
    '--bind-addr',
    `127.0.0.1:${options.port ?? 0}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    ...(options.vscodeOptions ?? []).flatMap((option) => ['--vscode-option', option]),
    // Debugging aid: KUBESENSE_E2E_LOG=debug also turns on the extension's debug-level output channel.
    ...(process.env.KUBESENSE_E2E_LOG ? ['--log', process.env.KUBESENSE_E2E_LOG] : []),
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    // code-server must run on Node 24; the extension host it spawns inherits this PATH entry too.
    PATH: `${path.dirname(toolchain.node)}:${options.env?.PATH ?? process.env.PATH ?? ''}`,
    // Extension gallery lookups go to a dead loopback address instead of open-vsx.org: no network leaves
    // the machine, and nothing is installed from a marketplace.
    EXTENSIONS_GALLERY: JSON.stringify({
      serviceUrl: 'http://127.0.0.1:9/gallery',
      itemUrl: 'http://127.0.0.1:9/items',
    }),
    VSCODE_CLI: undefined,
    ELECTRON_RUN_AS_NODE: undefined,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];

  // Its own process group, so stop() reaches the extension host and language server it spawns.
  const child = spawn(toolchain.node, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
  let output = '';
  const logStream = options.logFile ? fs.createWriteStream(options.logFile) : undefined;
  const record = (chunk: Buffer) => {
    output += chunk.toString();
    logStream?.write(chunk);
  };
  child.stdout!.on('data', record);
  child.stderr!.on('data', record);

  const origin = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        cleanup();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`code-server exited (${signal ?? code}) before listening:\n${output.slice(-4000)}`));
    };
    const cleanup = () => {
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', onExit);
  });

  const workspace = path.resolve(options.workspace);
  return {
    origin,
    workbenchUrl(query = {}) {
      const params = new URLSearchParams({ folder: workspace, ...query });
      return `${origin}/?${params.toString()}`;
    },
    stateDir,
    userDataDir,
    extensionsDir,
    toolchain,
    output: () => output,
    exited,
    stop: () => stopProcessGroup(child).finally(() => logStream?.end()),
  };
}

/** SIGTERM to code-server's whole process group (server, extension host, language server), then SIGKILL. */
export async function stopProcessGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), graceMs);
  });
  if (await Promise.race([exited.then(() => false), timedOut])) {
    signalGroup('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
  // Children that outlived the server (extension host) go too.
  signalGroup('SIGKILL');
}
