// kubesense's version and the User-Agent built from it (client-go: rest.DefaultKubernetesUserAgent).
import * as fs from 'fs';
import * as path from 'path';

let cached: string | undefined;
let root: string | null | undefined;

/** The folder of the package.json named kubesense that ships with this code (found by walking up from here). */
export function kubesensePackageRoot(): string | undefined {
  if (root === undefined) {
    root = null;
    for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
        if (pkg.name === 'kubesense') {
          root = dir;
          break;
        }
      } catch {
        // keep walking up
      }
    }
  }
  return root ?? undefined;
}

/** Version from the package.json that ships with this code. */
export function kubesenseVersion(): string {
  if (cached) return cached;
  cached = '0.0.0';
  const dir = kubesensePackageRoot();
  try {
    if (dir)
      cached =
        (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version || cached;
  } catch {
    // no version to tell
  }
  return cached;
}

/** Go's GOOS/GOARCH spelling, so server-side logs read like every other client's. */
function goOS(): string {
  return process.platform === 'win32' ? 'windows' : process.platform;
}
function goArch(): string {
  const map: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' };
  return map[process.arch] ?? process.arch;
}

/** `kubesense/<version> (<os>/<arch>)` */
export function defaultUserAgent(): string {
  return `kubesense/${kubesenseVersion()} (${goOS()}/${goArch()})`;
}
