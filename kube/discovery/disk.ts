// Disk-cached discovery in client-go's layout (discovery/cached/disk), readable and writable by kubectl:
//   <dir>/servergroups.json, <dir>/<group>/<version>/serverresources.json (core: <dir>/v1/…),
// files trusted for a TTL by mtime, written atomically (temp file + rename) with client-go's modes.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { serverGroupsAndResources, serverPreferredNamespacedResources, serverPreferredResources } from './helpers';
import type {
  APIGroup,
  APIGroupList,
  APIResource,
  APIResourceList,
  DiscoveryInterface,
  GroupsAndMaybeResources,
  GroupsAndResources,
  PreferredResources,
  VersionInfo,
} from './types';

/** kubectl's TTL for discovery cache files. */
export const DEFAULT_DISCOVERY_CACHE_TTL_MS = 6 * 60 * 60 * 1000;
/** client-go's modes: directories 0750, files 0660 (chmod'ed explicitly, so not reduced by the umask). */
export const CACHE_DIR_MODE = 0o750;
export const CACHE_FILE_MODE = 0o660;

// Field order as Go's encoder writes them, so our files read like kubectl's.
function encodeGroup(g: APIGroup): unknown {
  const out: Record<string, unknown> = { name: g.name, versions: g.versions ?? null };
  out.preferredVersion = g.preferredVersion ?? { groupVersion: '', version: '' };
  if (g.serverAddressByClientCIDRs?.length) out.serverAddressByClientCIDRs = g.serverAddressByClientCIDRs;
  return out;
}
function encodeResource(r: APIResource): unknown {
  const out: Record<string, unknown> = { name: r.name, singularName: r.singularName ?? '', namespaced: !!r.namespaced };
  if (r.group) out.group = r.group;
  if (r.version) out.version = r.version;
  out.kind = r.kind ?? '';
  out.verbs = r.verbs ?? null;
  if (r.shortNames?.length) out.shortNames = r.shortNames;
  if (r.categories?.length) out.categories = r.categories;
  if (r.storageVersionHash) out.storageVersionHash = r.storageVersionHash;
  return out;
}
export function encodeGroupList(l: APIGroupList): string {
  return JSON.stringify({ kind: 'APIGroupList', apiVersion: 'v1', groups: l.groups.map(encodeGroup) }) + '\n';
}
export function encodeResourceList(l: APIResourceList): string {
  const resources = l.resources && l.resources.length ? l.resources.map(encodeResource) : null;
  return JSON.stringify({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: l.groupVersion, resources }) + '\n';
}

/** Write a file the way client-go does: temp file beside it, chmod, rename over. */
export function writeFileAtomic(
  filename: string,
  data: string | Uint8Array,
  fileMode = CACHE_FILE_MODE,
  dirMode = CACHE_DIR_MODE,
): void {
  const dir = path.dirname(filename);
  fs.mkdirSync(dir, { recursive: true, mode: dirMode });
  const tmp = path.join(dir, `${path.basename(filename)}.${crypto.randomInt(1e9, 1e10)}`);
  try {
    fs.writeFileSync(tmp, data, { mode: fileMode, flag: 'wx' });
    fs.chmodSync(tmp, fileMode);
    fs.renameSync(tmp, filename);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export interface DiskCacheOptions {
  ttlMs?: number;
  /** Called when a cache file cannot be written (the answer is still returned). */
  onWriteError?(file: string, err: Error): void;
  now?(): number;
}

export class DiskCachedDiscoveryClient implements DiscoveryInterface {
  private readonly ttlMs: number;
  private ourFiles = new Set<string>();
  private invalidated = false;
  private isFresh = true;
  private readonly now: () => number;

  constructor(
    readonly delegate: DiscoveryInterface,
    readonly cacheDirectory: string,
    private readonly options: DiskCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_DISCOVERY_CACHE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  private readCached(filename: string): string | undefined {
    const ours = this.ourFiles.has(filename);
    if (this.invalidated && !ours) return undefined;
    let text: string;
    try {
      const st = fs.statSync(filename);
      if (this.now() > st.mtimeMs + this.ttlMs) return undefined;
      text = fs.readFileSync(filename, 'utf8');
    } catch {
      return undefined;
    }
    this.isFresh = this.isFresh && ours;
    return text;
  }

  private writeCached(filename: string, data: string): void {
    try {
      writeFileAtomic(filename, data);
      this.ourFiles.add(filename);
    } catch (e) {
      this.options.onWriteError?.(filename, e as Error);
    }
  }

  private resourcesFile(groupVersion: string): string {
    return path.join(this.cacheDirectory, groupVersion, 'serverresources.json');
  }

  async serverResourcesForGroupVersion(groupVersion: string, signal?: AbortSignal): Promise<APIResourceList> {
    const file = this.resourcesFile(groupVersion);
    const cached = this.readCached(file);
    if (cached !== undefined) {
      const parsed = tryParse<APIResourceList>(cached);
      if (parsed && typeof parsed.groupVersion === 'string') return { ...parsed, resources: parsed.resources ?? null };
    }
    const live = await this.delegate.serverResourcesForGroupVersion(groupVersion, signal);
    // client-go does not cache an empty answer (it may be a group still coming up).
    if (live.resources && live.resources.length) this.writeCached(file, encodeResourceList(live));
    return live;
  }

  async groupsAndMaybeResources(signal?: AbortSignal): Promise<GroupsAndMaybeResources> {
    const file = path.join(this.cacheDirectory, 'servergroups.json');
    const cached = this.readCached(file);
    if (cached !== undefined) {
      const parsed = tryParse<APIGroupList>(cached);
      if (parsed && Array.isArray(parsed.groups))
        return { groups: { groups: parsed.groups }, resources: undefined, failed: new Map() };
    }
    const live = await this.delegate.groupsAndMaybeResources(signal);
    this.writeCached(file, encodeGroupList(live.groups));
    for (const [gv, list] of live.resources ?? []) this.writeCached(this.resourcesFile(gv), encodeResourceList(list));
    return live;
  }

  async serverGroups(signal?: AbortSignal): Promise<APIGroupList> {
    return (await this.groupsAndMaybeResources(signal)).groups;
  }
  // No group retries at this layer (client-go retries only in the network client).
  serverGroupsAndResources(signal?: AbortSignal): Promise<GroupsAndResources> {
    return serverGroupsAndResources(this, signal);
  }
  serverPreferredResources(signal?: AbortSignal): Promise<PreferredResources> {
    return serverPreferredResources(this, signal);
  }
  serverPreferredNamespacedResources(signal?: AbortSignal): Promise<PreferredResources> {
    return serverPreferredNamespacedResources(this, signal);
  }
  serverVersion(signal?: AbortSignal): Promise<VersionInfo> {
    return this.delegate.serverVersion(signal);
  }
  fresh(): boolean {
    return this.isFresh;
  }
  invalidate(): void {
    this.ourFiles = new Set();
    this.isFresh = true;
    this.invalidated = true;
    this.delegate.invalidate();
  }
}

function tryParse<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
