// `kubesense get --watch / --watch-only`: one watch streamed to the same printers as the initial list.
import { getGroupVersionKind, type Unstructured } from '../kube/dynamic/unstructured';
import { formatGroupVersion } from '../kube/apimachinery/schema';
import { TABLE_ACCEPT } from '../kube/apimachinery/meta';
import type { CommandContext } from './command';
import type { ClientFactory } from '../kube/factory';
import { printJSON, printYAML } from './printers/object';
import { isTable, TablePrinter } from './printers/table';
import { collectionRequest } from './getFetch';
import { fallbackTable, objectPrinter, watchPrinters } from './getPrint';
import { isHumanReadable, type GetOptions } from './getOptions';
import type { Target } from './resourceArgs';

/** --watch / --watch-only: stream changes until interrupted or --request-timeout elapses. */
export async function watchTarget(
  ctx: CommandContext,
  factory: ClientFactory,
  target: Target,
  namespace: string,
  opts: GetOptions,
  resourceVersion: string,
): Promise<void> {
  const m = target.mapping;
  const human = isHumanReadable(opts);
  const print = human ? undefined : objectPrinter(opts);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  const timeoutMs = factory.restConfig().timeout ?? 0;
  const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
  const printer =
    watchPrinters.get(target) ??
    new TablePrinter({
      wide: opts.output === 'wide',
      noHeaders: opts.noHeaders,
      withNamespace: opts.allNamespaces && m.scope === 'namespace',
      showLabels: opts.showLabels,
    });
  // As kubectl: a single object is watched from "0" (the object's own version may be older than the watch
  // window) and the synthetic ADDED event that starts such a watch is not printed; a list is watched from
  // the list's resourceVersion, which yields no synthetic events.
  const single = target.names.length === 1;
  let skipNext = single;
  try {
    const fieldSelectors = [
      opts.fieldSelector,
      target.names.length === 1 ? `metadata.name=${target.names[0]}` : '',
    ].filter(Boolean);
    const req = collectionRequest(factory, m, target.namespace ?? namespace)
      .params({
        labelSelector: opts.selector || undefined,
        fieldSelector: fieldSelectors.join(',') || undefined,
        resourceVersion: single ? '0' : resourceVersion || undefined,
      })
      .signal(controller.signal);
    // A watch has no overall deadline of its own: the timer above ends it.
    req.timeout(0);
    if (human) req.setHeader('Accept', TABLE_ACCEPT);
    const stream = await req.watch<unknown>();
    for await (const event of stream) {
      if (event.type === 'BOOKMARK') continue;
      if (skipNext) {
        skipNext = false;
        continue;
      }
      if (human) {
        const table = isTable(event.object) ? event.object : fallbackTable(event.object);
        ctx.io.stdout.write(printer.print(table));
      } else {
        const o = event.object as Unstructured;
        if (!o.kind) o.kind = m.groupVersionKind.kind;
        if (!o.apiVersion)
          o.apiVersion = formatGroupVersion(getGroupVersionKind(o).kind ? getGroupVersionKind(o) : m.groupVersionKind);
        if (opts.output === 'yaml' || opts.output === 'json') {
          if (!opts.showManagedFields) delete o.metadata?.managedFields;
          ctx.io.stdout.write(opts.output === 'json' ? printJSON(o) : `${printYAML(o)}---\n`);
        } else {
          const { text, error } = print!(o, false);
          ctx.io.stdout.write(text);
          if (error) throw error;
        }
      }
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  } finally {
    if (timer) clearTimeout(timer);
    process.removeListener('SIGINT', onSignal);
  }
}
