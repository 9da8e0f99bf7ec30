// What `kubesense get` asks the server: the named objects or chunked lists (limit/continue) of each target,
// as server-side tables or as objects, and the resourceVersion a --watch(-only) starts from.
import type { Unstructured } from '../kube/dynamic/unstructured';
import type { RESTMapping } from '../kube/mapper';
import { formatGroupVersion } from '../kube/apimachinery/schema';
import { TABLE_ACCEPT } from '../kube/apimachinery/meta';
import { isNotFound } from '../kube/rest/errors';
import type { Request } from '../kube/rest/request';
import { protobufWire, typedContentConfig } from '../kube/protobuf/contentType';
import type { KubeList } from '../kube/rest/pager';
import type { ClientFactory } from '../kube/factory';
import type { GetOptions } from './getOptions';
import type { Target } from './resourceArgs';

/** One server answer of a table request: a Table, or an object/list from a server that prints none. */
export interface FetchedTable {
  target: Target;
  table: unknown;
}

/** What was fetched, and the list's resourceVersion (where a --watch continues). Errors go to `errors`. */
export interface Fetched<T> {
  items: T[];
  listRV: string;
}

/**
 * The server-side tables of every target (Accept: as=Table). With --sort-by the rows carry whole objects
 * (includeObject=Object), as kubectl asks, to sort by their fields.
 */
export async function fetchTables(
  factory: ClientFactory,
  targets: Target[],
  namespace: string,
  opts: GetOptions,
  errors: unknown[],
): Promise<Fetched<FetchedTable>> {
  const items: FetchedTable[] = [];
  const includeObject = opts.sortBy ? 'Object' : undefined;
  const listRV = await fetchTargets(factory, targets, namespace, opts, errors, {
    request: (req) => req.setHeader('Accept', TABLE_ACCEPT).params({ includeObject }),
    answer: (target, table) => items.push({ target, table }),
  });
  return { items, listRV };
}

/** Every target's objects, with apiVersion and kind set on list items (kubectl's decoder does that). */
export async function fetchObjects(
  factory: ClientFactory,
  targets: Target[],
  namespace: string,
  opts: GetOptions,
  errors: unknown[],
): Promise<Fetched<Unstructured>> {
  const items: Unstructured[] = [];
  const listRV = await fetchTargets(factory, targets, namespace, opts, errors, {
    request: (req) => req,
    answer: (target, obj, isList) => {
      const m = target.mapping;
      const fill = (o: Unstructured): Unstructured => {
        // Items of typed lists come without apiVersion/kind; kubectl's decoder sets them.
        if (!o.kind) o.kind = m.groupVersionKind.kind;
        if (!o.apiVersion) o.apiVersion = formatGroupVersion(m.groupVersionKind);
        return o;
      };
      if (isList) for (const item of (obj as KubeList<Unstructured>).items ?? []) items.push(fill(item));
      else items.push(fill(obj as Unstructured));
    },
  });
  return { items, listRV };
}

/**
 * The requests of every target in order: each named object (a 404 skipped with --ignore-not-found), else the
 * list page by page; with --watch-only nothing is fetched, only the resourceVersion to watch from.
 */
async function fetchTargets(
  factory: ClientFactory,
  targets: Target[],
  namespace: string,
  opts: GetOptions,
  errors: unknown[],
  as: {
    request: (req: Request) => Request;
    answer: (target: Target, answer: unknown, isList: boolean) => void;
  },
): Promise<string> {
  let listRV = '';
  for (const target of targets) {
    const m = target.mapping;
    if (target.names.length) {
      for (const name of target.names) {
        try {
          const ns = target.namespace ?? namespace;
          const obj = await as.request(collectionRequest(factory, m, ns).name(name)).do<unknown>();
          if (!opts.watchOnly) as.answer(target, obj, false);
        } catch (err) {
          if (opts.ignoreNotFound && isNotFound(err)) continue;
          errors.push(err);
        }
      }
    } else if (!opts.watchOnly) {
      try {
        listRV = await fetchPages<KubeList>(
          (token) =>
            as.request(collectionRequest(factory, m, namespace).params(listParams(opts, token))).do<KubeList>(),
          (page) => as.answer(target, page, true),
        );
      } catch (err) {
        errors.push(err);
      }
    } else {
      listRV = await currentResourceVersion(factory, m, namespace, opts);
    }
  }
  return listRV;
}

export function collectionRequest(factory: ClientFactory, m: RESTMapping, namespace: string): Request {
  const gv = { group: m.resource.group, version: m.resource.version };
  // --content-type=protobuf: client-go's protobuf content config for built-in group-versions (requests that ask
  // for Tables set their own Accept).
  const content = typedContentConfig(factory.restConfig());
  const builtin = content && protobufWire().hasProtobuf(gv.group, gv.version);
  const client = builtin
    ? factory.restClient().forGroupVersion(gv, content.accept, content.contentType)
    : factory.restClient().forGroupVersion(gv);
  const req = client.get();
  if (m.scope === 'namespace' && namespace) req.namespace(namespace);
  return req.resource(m.resource.resource);
}

async function fetchPages<T>(
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

function listParams(opts: GetOptions, token: string | undefined): Record<string, string | number | undefined> {
  return {
    labelSelector: opts.selector || undefined,
    fieldSelector: opts.fieldSelector || undefined,
    // kubectl does not chunk when sorting: it sorts what one answer holds.
    limit: opts.chunkSize > 0 && !opts.sortBy ? opts.chunkSize : undefined,
    continue: token,
  };
}

async function currentResourceVersion(
  factory: ClientFactory,
  m: RESTMapping,
  namespace: string,
  opts: GetOptions,
): Promise<string> {
  const list = await collectionRequest(factory, m, namespace)
    .params({ labelSelector: opts.selector || undefined, fieldSelector: opts.fieldSelector || undefined, limit: 1 })
    .do<KubeList>();
  return list.metadata?.resourceVersion ?? '';
}
