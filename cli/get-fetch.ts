// What `kubesense get` asks the server: collection and object requests, chunked lists (limit/continue) and
// the resourceVersion a --watch-only starts from.
import type { RESTMapping } from '../kube/mapper';
import type { Request } from '../kube/rest/request';
import type { KubeList } from '../kube/rest/pager';
import type { KubeSession } from './kube-session';
import type { GetOptions } from './get-options';

export function collectionRequest(session: KubeSession, m: RESTMapping, namespace: string): Request {
  const gv = { group: m.resource.group, version: m.resource.version };
  const req = session.rest.forGroupVersion(gv).get();
  if (m.scope === 'namespace' && namespace) req.namespace(namespace);
  return req.resource(m.resource.resource);
}

export async function fetchPages<T>(
  fetch: (
    continueToken: string | undefined,
  ) => Promise<T & { metadata?: { continue?: string; resourceVersion?: string } }>,
  onPage: (page: T) => void,
): Promise<string> {
  let token: string | undefined;
  let rv = '';
  do {
    const page = await fetch(token);
    onPage(page);
    token = page.metadata?.continue || undefined;
    rv = page.metadata?.resourceVersion ?? rv;
  } while (token);
  return rv;
}

export function listParams(opts: GetOptions, token: string | undefined): Record<string, string | number | undefined> {
  return {
    labelSelector: opts.selector || undefined,
    fieldSelector: opts.fieldSelector || undefined,
    // kubectl does not chunk when sorting: it sorts what one answer holds.
    limit: opts.chunkSize > 0 && !opts.sortBy ? opts.chunkSize : undefined,
    continue: token,
  };
}

export async function currentResourceVersion(
  session: KubeSession,
  m: RESTMapping,
  namespace: string,
  opts: GetOptions,
): Promise<string> {
  const list = await collectionRequest(session, m, namespace)
    .params({ labelSelector: opts.selector || undefined, fieldSelector: opts.fieldSelector || undefined, limit: 1 })
    .do<KubeList>();
  return list.metadata?.resourceVersion ?? '';
}
