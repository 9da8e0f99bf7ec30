// Addresses of the virtual documents kubesense shows (YAML, describe, events), as plain strings so
// they are built and parsed the same way in tests and in VS Code.
import type { ExplorerResource } from './kinds';

export type ViewKind = 'yaml' | 'describe' | 'events';

const EXTENSIONS: Record<ViewKind, string> = { yaml: '.yaml', describe: '.kdescribe', events: '.kevents' };

export interface ObjectAddress {
  context: string;
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name: string;
}

const enc = encodeURIComponent;

/** `/<context>/<group|_core>/<version>/<resource>/<namespace|_>/<name>.<ext>`: readable in tab titles. */
export function objectPath(a: ObjectAddress, view: ViewKind): string {
  return `/${enc(a.context)}/${enc(a.group || '_core')}/${enc(a.version)}/${enc(a.resource)}/${enc(a.namespace ?? '_')}/${enc(a.name)}${EXTENSIONS[view]}`;
}

export function parseObjectPath(path: string): { address: ObjectAddress; view: ViewKind } {
  const parts = path.split('/');
  if (parts.length !== 7 || parts[0] !== '') throw new Error(`not a kubesense object path: ${path}`);
  const last = parts[6]!;
  const view = (Object.keys(EXTENSIONS) as ViewKind[]).find((v) => last.endsWith(EXTENSIONS[v]));
  if (!view) throw new Error(`unknown view in ${path}`);
  const d = decodeURIComponent;
  const group = d(parts[2]!);
  const namespace = d(parts[5]!);
  return {
    view,
    address: {
      context: d(parts[1]!),
      group: group === '_core' ? '' : group,
      version: d(parts[3]!),
      resource: d(parts[4]!),
      namespace: namespace === '_' ? undefined : namespace,
      name: d(last.slice(0, -EXTENSIONS[view].length)),
    },
  };
}

/** Enough of an ExplorerResource to address requests (kind and verbs are not needed for get). */
export function resourceOf(a: ObjectAddress): ExplorerResource {
  return {
    group: a.group,
    version: a.version,
    resource: a.resource,
    kind: '',
    namespaced: a.namespace !== undefined,
    verbs: [],
  };
}
