// Where test/e2e/setup.sh put the end-to-end toolchain. One source of truth for versions: versions.env.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../../..');
export const e2eSourceDir = path.join(repoRoot, 'test', 'e2e');
export const chromiumPath = '/usr/bin/chromium';

export interface Toolchain {
  codeServerVersion: string;
  nodeVersion: string;
  /** Node 24 binary that code-server runs on (its native modules are built for it). */
  node: string;
  /** code-server's entry script, run with `node`. */
  codeServerEntry: string;
  chromium: string;
}

export function cacheDir(): string {
  return process.env.KUBESENSE_CACHE || path.join(os.homedir(), '.cache', 'kubesense');
}

export function readVersions(file = path.join(e2eSourceDir, 'versions.env')): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(\S+)\s*$/.exec(line);
    if (match) versions[match[1]] = match[2];
  }
  for (const key of ['CODE_SERVER_VERSION', 'NODE_VERSION']) {
    if (!versions[key]) throw new Error(`${file}: ${key} is not set`);
  }
  return versions;
}

/** Locates the installed toolchain; throws naming the missing piece and the command that installs it. */
export function findToolchain(): Toolchain {
  const versions = readVersions();
  const cache = cacheDir();
  const csDir = path.join(cache, `code-server-${versions.CODE_SERVER_VERSION}`);
  const toolchain: Toolchain = {
    codeServerVersion: versions.CODE_SERVER_VERSION,
    nodeVersion: versions.NODE_VERSION,
    node: path.join(cache, `node-${versions.NODE_VERSION}`, 'bin', 'node'),
    codeServerEntry: path.join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: chromiumPath,
  };
  const missing = [
    [toolchain.node, 'Node ' + versions.NODE_VERSION],
    [path.join(csDir, '.kubesense-complete'), 'code-server ' + versions.CODE_SERVER_VERSION],
    [toolchain.codeServerEntry, 'code-server entry script'],
    [toolchain.chromium, 'Chromium'],
  ].filter(([file]) => !fs.existsSync(file));
  if (missing.length > 0) {
    const what = missing.map(([file, name]) => `${name} (${file})`).join(', ');
    throw new Error(`end-to-end toolchain not installed: ${what}. Run: bash test/e2e/setup.sh`);
  }
  return toolchain;
}
