// Read-only virtual documents: an object as YAML, its describe summary, and event lists. Content is
// fetched when VS Code asks; a failure becomes the document's text (commented), not a popup. Describe and
// Events documents stay live while open: a watch on the object and its events redraws them.
import * as vscode from 'vscode';
import { describeAddress, formatEventList, watchView, type LiveView } from '../model/describe';
import { classifyFailure } from '../model/errors';
import type { ExplorerModel } from '../model/explorer';
import { objectViewYaml, SHOW_MANAGED_FIELDS_QUERY } from '../model/objectYaml';
import { objectPath, parseObjectPath, resourceOf, type ObjectAddress, type ViewKind } from '../model/uris';
import type { Log } from '../output';

export const RESOURCE_SCHEME = 'kubesense';
export const DIFF_SCHEME = 'kubesense-diff';

export function resourceUri(address: ObjectAddress, view: ViewKind): vscode.Uri {
  return vscode.Uri.from({ scheme: RESOURCE_SCHEME, path: objectPath(address, view) });
}

export class ResourceDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  /** Live views by document URI, stopped when VS Code closes the document. */
  private readonly live = new Map<string, LiveView>();
  private readonly closeListener: vscode.Disposable;

  constructor(
    private readonly model: ExplorerModel,
    private readonly log: Log,
  ) {
    this.closeListener = vscode.workspace.onDidCloseTextDocument((doc) => {
      this.live.get(doc.uri.toString())?.stop();
      this.live.delete(doc.uri.toString());
    });
  }

  dispose(): void {
    this.closeListener.dispose();
    for (const v of this.live.values()) v.stop();
    this.live.clear();
  }

  /** Starts the watch that keeps an open Describe/Events document current (once per document). */
  private keepLive(
    uri: vscode.Uri,
    client: Parameters<typeof watchView>[0],
    address: ObjectAddress,
    view: 'describe' | 'events',
  ) {
    const key = uri.toString();
    if (this.live.has(key)) return;
    this.live.set(
      key,
      watchView(client, address, view, () => this.emitter.fire(uri)),
    );
  }

  /** Fetch again (the object may have changed since the document was first opened). */
  reload(uri: vscode.Uri): void {
    this.emitter.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    let address: ObjectAddress | undefined;
    try {
      const parsed = parseObjectPath(uri.path);
      address = parsed.address;
      const session = await this.model.session(address.context);
      const resource = resourceOf(address);
      const signal = controller.signal;
      switch (parsed.view) {
        case 'yaml':
          return objectViewYaml(await session.getObject(resource, address.namespace, address.name, signal), {
            showManagedFields: uri.query === SHOW_MANAGED_FIELDS_QUERY,
          });
        case 'describe':
          this.keepLive(uri, session.client, address, 'describe');
          return await describeAddress(session.client, address, signal);
        case 'events': {
          this.keepLive(uri, session.client, address, 'events');
          if (address.resource === 'namespaces')
            return formatEventList(await session.events(address.name, undefined, signal), Date.now());
          const object = await session.getObject(resource, address.namespace, address.name, signal);
          return formatEventList(
            await session.events(address.namespace, object.metadata?.uid as string | undefined, signal),
            Date.now(),
          );
        }
      }
    } catch (err) {
      const failure = classifyFailure(err);
      this.log.error(`${uri.toString()}: ${failure.label}`);
      return [`# ${failure.label}`, ...failure.detail.split('\n').map((l) => `# ${l}`), ''].join('\n');
    } finally {
      sub.dispose();
    }
  }
}

/** In-memory documents for the left/right sides of an apply diff. */
export class DiffDocumentProvider implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private counter = 0;

  put(label: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${++this.counter}/${label}` });
    this.contents.set(uri.toString(), content);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  forget(uri: vscode.Uri): void {
    this.contents.delete(uri.toString());
  }
}
