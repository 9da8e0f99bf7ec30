// The upstream OpenAPI v3 documents of a Kubernetes release (kubernetes/kubernetes api/openapi-spec/v3 at
// tag v<minor>.0), downloaded once into the cache in the schema-folder layout, then read as a folder.
// Used when neither a cluster nor a schema folder is configured. Tests never reach the network: they point the
// cache at a prepared folder, or (upstreamDownload.test.ts) serve the real upstream files from a local server.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = 'kubernetes/kubernetes';
const SPEC_DIR = 'api/openapi-spec/v3';

export function defaultKubesenseCache(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBESENSE_CACHE || path.join(os.homedir(), '.cache', 'kubesense');
}

/** `<cache>/openapi-v3/<version>`: the same layout as ../shared/k8s/openapi-v3/<version>. */
export function upstreamSchemaDir(cacheRoot: string, version: string): string {
  return path.join(cacheRoot, 'openapi-v3', version);
}

/** True when a complete download is present (the marker is written last). */
export function hasUpstreamSchemas(cacheRoot: string, version: string): boolean {
  const dir = upstreamSchemaDir(cacheRoot, version);
  return fs.existsSync(path.join(dir, '.complete')) || fs.existsSync(path.join(dir, 'api', 'v1.json'));
}

/** `apis__apps__v1_openapi.json` -> `apis/apps/v1.json`; undefined for the non-group-version files. */
export function layoutPathOf(upstreamName: string): string | undefined {
  const m = /^(api|apis)__(.+)_openapi\.json$/.exec(upstreamName);
  if (!m) return undefined;
  const parts = m[2].split('__');
  if (m[1] === 'api' && parts.length === 1) return path.join('api', `${parts[0]}.json`);
  if (m[1] === 'apis' && parts.length === 2) return path.join('apis', parts[0], `${parts[1]}.json`);
  return undefined;
}

export interface DownloadOptions {
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Per request; the whole download of ~40 files is a few MB. */
  timeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Download into a temporary folder beside the target and rename it into place (atomic: a crash never
 * leaves a half folder that looks complete). Private permissions, as every cache here.
 */
export async function downloadUpstreamSchemas(
  cacheRoot: string,
  version: string,
  options: DownloadOptions = {},
): Promise<string> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const tag = `v${version}.0`;
  const get = async (url: string): Promise<Response> => {
    const signal = options.signal
      ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    const res = await doFetch(url, { signal, headers: { 'User-Agent': 'kubesense' } });
    if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
    return res;
  };
  const listing = (await (
    await get(`https://api.github.com/repos/${REPO}/contents/${SPEC_DIR}?ref=${tag}`)
  ).json()) as { name: string }[];
  const files = listing
    .map((f) => ({ name: f.name, rel: layoutPathOf(f.name) }))
    .filter((f): f is { name: string; rel: string } => !!f.rel);
  if (files.length === 0) throw new Error(`no OpenAPI v3 documents found for Kubernetes ${tag}`);
  const target = upstreamSchemaDir(cacheRoot, version);
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const tmp = fs.mkdtempSync(`${target}.tmp-`);
  try {
    let done = 0;
    for (const f of files) {
      const body = await (await get(`https://raw.githubusercontent.com/${REPO}/${tag}/${SPEC_DIR}/${f.name}`)).text();
      JSON.parse(body); // never cache something that is not JSON
      const out = path.join(tmp, f.rel);
      fs.mkdirSync(path.dirname(out), { recursive: true, mode: 0o700 });
      fs.writeFileSync(out, body, { mode: 0o600 });
      options.onProgress?.(++done, files.length);
    }
    fs.writeFileSync(path.join(tmp, '.complete'), `${tag}\n`, { mode: 0o600 });
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(tmp, target);
    return target;
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
