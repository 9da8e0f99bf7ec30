// Where kubectl keeps its caches, so kubectl and kubesense share one discovery cache per server.
import * as os from 'os';
import * as path from 'path';

/** kubectl's --cache-dir default: $KUBECACHEDIR, else ~/.kube/cache. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUBECACHEDIR) return env.KUBECACHEDIR;
  return path.join(env.HOME || os.homedir(), '.kube', 'cache');
}

/**
 * client-go/kubectl computeDiscoverCacheDir: drop the scheme, then replace every character outside
 * [\w/.()] with '_' (Go's \w is ASCII, like JavaScript's without the u flag); path.join cleans the result.
 */
export function computeDiscoverCacheDir(parentDir: string, host: string): string {
  const schemeless = host.replace('https://', '').replace('http://', '');
  const safeHost = schemeless.replace(/[^(\w/.)]/g, '_');
  return path.join(parentDir, safeHost);
}

/** <cacheDir>/discovery/<host dir> for a server. */
export function discoveryCacheDirFor(host: string, cacheDir: string = defaultCacheDir()): string {
  return computeDiscoverCacheDir(path.join(cacheDir, 'discovery'), host);
}
