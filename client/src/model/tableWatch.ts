// An informer per expanded kind whose objects are server-side Table rows: the same list+watch as
// `kubectl get -w`, so every kind (CRD printer columns too) arrives with its columns already computed.
// kube/cache's Informer does the list/watch/relist; this file adapts Table responses to it and feeds
// the explorer's LiveObjectList.
import { Informer } from '../../../kube/cache/informer';
import type { ListerWatcher, ListOptions, ObjectList, WatchEvent, WatchOptions } from '../../../kube/cache/types';
import type { RESTClient } from '../../../kube/rest/client';
import { isStatusObject, type Status } from '../../../kube/rest/errors';
import type { ExplorerResource } from './kinds';
import type { LiveObjectList } from './liveList';
import type { LiveWatch, WatchTableOptions } from './ports';
import {
  objectKey,
  TABLE_ACCEPT,
  type ObjectRow,
  type PartialObjectMetadata,
  type TableColumn,
  type TableResponse,
} from './table';

/** A Table row as an informer item: metadata for keys and resourceVersions, cells for display. */
export interface TableRowObject {
  metadata: PartialObjectMetadata;
  cells: unknown[];
}

/** Columns for servers that answer with plain objects (an aggregated API without Table support). */
export const FALLBACK_COLUMNS: TableColumn[] = [
  { name: 'Name', type: 'string', format: 'name', priority: 0 },
  { name: 'Age', type: 'string', priority: 0 },
];

type ListOrTable = TableResponse & { items?: { metadata?: PartialObjectMetadata }[] };

function fromObject(obj: { metadata?: PartialObjectMetadata } | undefined): TableRowObject | undefined {
  const md = obj?.metadata;
  return md?.name ? { metadata: md, cells: [md.name, ''] } : undefined;
}

function toItems(response: ListOrTable): TableRowObject[] {
  const out: TableRowObject[] = [];
  if (response.kind !== 'Table' && Array.isArray(response.items)) {
    for (const item of response.items) {
      const row = fromObject(item);
      if (row) out.push(row);
    }
    return out;
  }
  for (const row of response.rows ?? []) {
    const md = row.object?.metadata;
    if (md?.name) out.push({ metadata: md, cells: row.cells });
  }
  return out;
}

export function toRow(item: TableRowObject): ObjectRow {
  const md = item.metadata;
  return {
    key: objectKey(md.namespace, md.name!),
    name: md.name!,
    namespace: md.namespace,
    uid: md.uid,
    resourceVersion: md.resourceVersion,
    creationTimestamp: md.creationTimestamp,
    deletionTimestamp: md.deletionTimestamp,
    cells: item.cells,
    // Rows are made as the list page or watch event arrives: the server printed their cells just now.
    receivedAt: Date.now(),
  };
}

/** Lists and watches one resource as Table rows. `onColumns` receives the column definitions as they arrive. */
export class TableListerWatcher implements ListerWatcher<TableRowObject> {
  constructor(
    private readonly client: RESTClient,
    private readonly resource: ExplorerResource,
    private readonly namespace: string | undefined,
    private readonly onPage: (rows: TableRowObject[], columns: TableColumn[] | undefined, first: boolean) => void,
    private readonly onWatchOpened: () => void = () => {},
    private readonly listTimeoutMs = 0,
  ) {}

  private request() {
    const gv = this.client.forGroupVersion({ group: this.resource.group, version: this.resource.version });
    const req = gv.get().setHeader('Accept', TABLE_ACCEPT).resource(this.resource.resource);
    if (this.namespace !== undefined && this.resource.namespaced) req.namespace(this.namespace);
    return req;
  }

  async list(options: ListOptions, signal?: AbortSignal): Promise<ObjectList<TableRowObject>> {
    const table = await this.request()
      .params({
        limit: options.limit,
        continue: options.continue,
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        resourceVersion: options.resourceVersion,
        resourceVersionMatch: options.resourceVersionMatch,
      })
      .timeout(this.listTimeoutMs)
      .signal(signal)
      .do<ListOrTable>();
    const items = toItems(table);
    const columns = table.kind === 'Table' ? (table.columnDefinitions ?? undefined) : FALLBACK_COLUMNS;
    this.onPage(items, columns, !options.continue);
    return { metadata: table.metadata, items };
  }

  async *watch(options: WatchOptions, signal?: AbortSignal): AsyncIterable<WatchEvent<TableRowObject>> {
    const stream = await this.request()
      .params({
        resourceVersion: options.resourceVersion,
        allowWatchBookmarks: options.allowWatchBookmarks,
        timeoutSeconds: options.timeoutSeconds,
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
      })
      .signal(signal)
      .watch<TableResponse | Status>();
    this.onWatchOpened();
    try {
      for await (const ev of stream) {
        const obj = ev.object;
        if (ev.type === 'ERROR' || isStatusObject(obj)) {
          yield { type: 'ERROR', object: obj as Status };
          continue;
        }
        const table = obj as TableResponse;
        if (table.columnDefinitions?.length) this.onPage([], table.columnDefinitions, false);
        // A server without Table support sends the objects themselves.
        const plain = table.kind !== 'Table' ? fromObject(obj as { metadata?: PartialObjectMetadata }) : undefined;
        const items = table.kind === 'Table' ? toItems(table) : plain ? [plain] : [];
        if (ev.type === 'BOOKMARK' || items.length === 0) {
          // Bookmarks carry only a resourceVersion to resume from.
          const rv =
            table.metadata?.resourceVersion ??
            (obj as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
          yield { type: 'BOOKMARK', object: { metadata: { resourceVersion: rv }, cells: [] } };
          continue;
        }
        for (const item of items) yield { type: ev.type, object: item };
      }
    } finally {
      stream.stop();
    }
  }
}

/**
 * Starts an informer of Table rows into `list`. The first page is shown as soon as it arrives (before the
 * remaining pages), then the informer's events keep the list current one object at a time.
 */
export function watchTable(
  client: RESTClient,
  resource: ExplorerResource,
  namespace: string | undefined,
  list: LiveObjectList,
  options: WatchTableOptions,
): LiveWatch {
  let firstDone = false;
  let synced = false;
  let healthy = true;
  const first = (err?: unknown) => {
    if (firstDone) return;
    firstDone = true;
    options.onFirstResult(err);
  };
  const lw = new TableListerWatcher(
    client,
    resource,
    namespace,
    (rows, columns, firstPage) => {
      if (columns) list.setColumns(columns);
      // The first page of the initial list shows at once; the rest arrives in one batch when the informer
      // has the whole list (re-rendering a growing 10,000-item folder per page would cost more than it shows).
      if (!synced && firstPage) {
        if (list.size > 0) list.replace([]);
        list.addPage(rows.map(toRow));
        first();
      }
    },
    () => {
      // A watch reopened after a failure: the view can drop its error item.
      if (!healthy && synced) {
        healthy = true;
        options.onHealth(undefined);
      }
    },
    options.requestTimeoutMs,
  );
  const informer = new Informer<TableRowObject>(lw, {
    pageSize: options.pageSize,
    onError: (err) => {
      first(err);
      healthy = false;
      options.onHealth(err);
    },
  });
  informer.addEventHandler({
    onAdd: (obj) => list.upsert(toRow(obj)),
    onUpdate: (_old, obj) => list.upsert(toRow(obj)),
    onDelete: (obj) => {
      if (obj.metadata.name) list.remove(objectKey(obj.metadata.namespace, obj.metadata.name));
    },
    onSync: () => {
      // Rows streamed from pages of an abandoned list (continue token expired) are dropped here.
      if (!synced) {
        synced = true;
        for (const key of [...list.keys()]) if (!informer.getByKey(key)) list.remove(key);
      }
      first();
      if (!healthy) {
        healthy = true;
        options.onHealth(undefined);
      }
    },
  });
  informer.start();
  return {
    stop: () => {
      void informer.stop();
    },
  };
}
