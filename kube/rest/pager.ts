// List paging (client-go tools/pager): fetch `limit` items at a time following `continue`; when the token
// has expired (410), fall back to one full list, as the pager's FullListIfExpired does.
import { isExpiredOrGone } from './errors';
import type { KubeObject } from './watch';
import type { ListMeta, ListOptions } from '../apimachinery/meta';

export type { ListMeta, ListOptions } from '../apimachinery/meta';

export interface KubeList<T = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

export type PageFn<T> = (options: ListOptions, signal?: AbortSignal) => Promise<KubeList<T>>;

/** client-go's default page size. */
export const DEFAULT_PAGE_SIZE = 500;

export interface PagerOptions {
  pageSize?: number;
  signal?: AbortSignal;
  /** false = surface the expired-token error instead of relisting. */
  fullListIfExpired?: boolean;
  /** Called for each page as it arrives (progress). */
  onPage?(itemsSoFar: number): void;
}

/** Fetch every page and return one list whose metadata comes from the last page. */
export async function listAllPages<T>(
  fn: PageFn<T>,
  options: ListOptions = {},
  pager: PagerOptions = {},
): Promise<KubeList<T>> {
  const pageSize = options.limit ?? pager.pageSize ?? DEFAULT_PAGE_SIZE;
  const requested = { ...options, limit: pageSize > 0 ? pageSize : undefined };
  // Pages after the first must not send resourceVersion (the continue token pins it).
  let opts: ListOptions = { ...requested };
  const items: T[] = [];
  let first: KubeList<T> | undefined;
  for (;;) {
    if (pager.signal?.aborted) throw pager.signal.reason;
    let page: KubeList<T>;
    try {
      page = await fn(opts, pager.signal);
    } catch (err) {
      if (!opts.continue || pager.fullListIfExpired === false || !isExpiredOrGone(err)) throw err;
      // The snapshot our token pointed at is gone: one unpaginated list at the originally requested version.
      const full = await fn({ ...options, limit: undefined, continue: undefined }, pager.signal);
      pager.onPage?.(full.items?.length ?? 0);
      return { ...full, items: full.items ?? [] };
    }
    first ??= page;
    items.push(...(page.items ?? []));
    pager.onPage?.(items.length);
    const token = page.metadata?.continue;
    if (!token)
      return {
        ...page,
        apiVersion: first.apiVersion,
        kind: first.kind,
        items,
        metadata: { ...page.metadata, continue: undefined },
      };
    opts = { ...requested, continue: token, resourceVersion: undefined, resourceVersionMatch: undefined };
  }
}

/** Stream pages one by one (constant memory for huge lists). Restarts are not possible here: an expired token throws. */
export async function* listPages<T>(
  fn: PageFn<T>,
  options: ListOptions = {},
  pager: PagerOptions = {},
): AsyncGenerator<KubeList<T>> {
  const pageSize = options.limit ?? pager.pageSize ?? DEFAULT_PAGE_SIZE;
  let opts: ListOptions = { ...options, limit: pageSize > 0 ? pageSize : undefined };
  for (;;) {
    if (pager.signal?.aborted) throw pager.signal.reason;
    const page = await fn(opts, pager.signal);
    yield page;
    const token = page.metadata?.continue;
    if (!token) return;
    opts = {
      ...options,
      limit: opts.limit,
      continue: token,
      resourceVersion: undefined,
      resourceVersionMatch: undefined,
    };
  }
}
