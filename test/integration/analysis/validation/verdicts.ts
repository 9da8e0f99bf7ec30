// Both sides of an agreement case: the real API server's verdict (server-side dry-run create, strict field
// validation) and kubesense's (validate() over a SchemaStore), with the fields each names. Shared by the
// agreement tests and the differential fuzzer so they judge alike.
import { RESTClient } from '../../../../kube/rest/client';
import { StatusError } from '../../../../kube/rest/errors';
import { DiscoveryClient, serverGroupsAndResources } from '../../../../kube/discovery';
import { parseManifestFile } from '../../../../analysis/documents';
import type { SchemaStore } from '../../../../analysis/schema';
import { validate } from '../../../../analysis/validation';
import { crdRuleCosts } from '../../../../analysis/validation/crd';
import { adminClient, dryRunCreate } from './celCrd';

type Obj = Record<string, unknown>;
type RestConfig = NonNullable<ReturnType<typeof adminClient>>['config'];
export const NAMESPACE = 'default';

export interface Verdict {
  rejected: boolean;
  fields: string[];
  message: string;
  /** The server's: its Status reason (Invalid, BadRequest, Forbidden…) and causes as `field: message`. */
  reason?: string;
  causes?: string[];
}

export interface Cause {
  field: string;
  message: string;
}

export interface Served {
  resource: string;
  namespaced: boolean;
}

export function withNamespace(o: Obj, namespaced: boolean, keep = false): Obj {
  const copy = structuredClone(o);
  const md = (copy.metadata ?? (copy.metadata = {})) as Obj;
  if (namespaced) md.namespace = keep && typeof md.namespace === 'string' ? md.namespace : NAMESPACE;
  else delete md.namespace;
  return copy;
}

/** The objects of a document: a List's items, or the document itself. */
export function listItems(doc: { kind?: string; value: unknown }): Obj[] {
  const items = (doc.value as Obj | undefined)?.items;
  return doc.kind?.endsWith('List') && Array.isArray(items) ? (items as Obj[]) : [doc.value as Obj];
}

/** Runs fn over items with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function unknownFieldsOf(message: string): string[] {
  return [...message.matchAll(/unknown field "([^"]+)"/g)].map((m) => m[1]);
}

/**
 * The server's verdict on `o` (routed by its apiVersion and namespace); `body` is the exact text to send when it
 * is not JSON.stringify(o) (duplicate keys, number literals JavaScript cannot hold).
 */
export async function serverVerdict(rest: RESTClient, o: Obj, mapping: Served, body?: string): Promise<Verdict> {
  const [group, version] = String(o.apiVersion).includes('/')
    ? String(o.apiVersion).split('/')
    : ['', String(o.apiVersion)];
  const base = group ? ['apis', group, version] : ['api', version];
  // An empty namespace is the request's (kubectl sends it to the current one), as for an object without one.
  const ns = String((o.metadata as Obj | undefined)?.namespace || NAMESPACE);
  const segs = mapping.namespaced ? [...base, 'namespaces', ns, mapping.resource] : [...base, mapping.resource];
  try {
    await dryRunCreate(rest, segs, body ?? o);
    return { rejected: false, fields: [], message: '' };
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    // AlreadyExists comes after validation passed (cluster-scoped objects the seed created).
    if (e.reason === 'AlreadyExists') return { rejected: false, fields: [], message: e.message };
    // "<nil>" is the object itself; the note that CEL rules were skipped is not a finding of its own.
    const causes = e.causes.filter((c) => !/some validation rules were not checked/.test(c.message ?? ''));
    const fields = [
      ...causes.map((c) => (c.field === '<nil>' ? '' : (c.field ?? ''))).filter(Boolean),
      ...unknownFieldsOf(e.message),
    ];
    // With generateName the server also reports the random name it made from it: not a separate finding.
    const own = fields.includes('metadata.generateName') ? fields.filter((f) => f !== 'metadata.name') : fields;
    return {
      rejected: true,
      fields: [...new Set(own)],
      message: e.message,
      reason: e.reason,
      causes: causes.map((c) => (c.field && c.field !== '<nil>' ? `${c.field}: ${c.message}` : (c.message ?? ''))),
    };
  }
}

/** Our verdict on `o`, or on `text` (the same document as the server was sent) when given. */
export async function ourVerdict(store: SchemaStore, o: Obj, text?: string): Promise<Verdict> {
  const file = parseManifestFile(text ?? JSON.stringify(o, null, 2), 'case.json');
  const errors = (await validate(file, store)).filter((d) => d.severity === 'error');
  return {
    rejected: errors.length > 0,
    fields: errors.map((d) => d.field ?? ''),
    message: errors.map((d) => d.message).join('; '),
  };
}

/** The server's findings as we print them: its causes, or the unknown fields of a strict-decoding refusal. */
export function serverFindings(server: Verdict): string[] {
  if (server.causes?.length) return server.causes;
  return [...server.message.matchAll(/unknown field "[^"]+"/g)].map((m) => m[0]);
}

/**
 * Every finding of the server's is found word for word in our message (but for the random name it made from an
 * invalid generateName, reported again under metadata.name).
 */
export function causesAgree(server: Verdict, ours: Verdict): boolean {
  const generated = server.fields.includes('metadata.generateName');
  return serverFindings(server).every(
    (c) => ours.message.includes(c) || (generated && c.startsWith('metadata.name: ')),
  );
}

/** Our field may be more precise than the server's cause (metadata.labels[x] vs metadata.labels). */
export function fieldCovered(serverField: string, ours: string[]): boolean {
  const norm = (f: string) => f.replace(/^\./, '');
  return ours.some(
    (f) =>
      norm(f) === norm(serverField) ||
      norm(f).startsWith(`${norm(serverField)}[`) ||
      norm(f).startsWith(`${norm(serverField)}.`) ||
      norm(serverField).startsWith(`${norm(f)}.`) ||
      norm(serverField).startsWith(`${norm(f)}[`),
  );
}

/**
 * The kinds the server serves (`group/version|Kind` → resource), once every `expected` one is listed: an
 * Established CRD reaches discovery a little later (seconds on a loaded machine).
 */
export async function servedKinds(config: RestConfig, expected: string[]): Promise<Map<string, Served>> {
  const served = new Map<string, Served>();
  const deadline = Date.now() + 60_000;
  for (;;) {
    served.clear();
    const { resources } = await serverGroupsAndResources(new DiscoveryClient(config));
    for (const list of resources) {
      for (const r of list.resources ?? [])
        if (!r.name.includes('/'))
          served.set(`${list.groupVersion}|${r.kind}`, { resource: r.name, namespaced: r.namespaced });
    }
    if (expected.every((k) => served.has(k)) || Date.now() > deadline) return served;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The server's verdict on creating a CRD (dry-run, strict), cause by cause. */
export async function crdServerCauses(
  rest: RESTClient,
  crd: Obj,
): Promise<{ rejected: boolean; causes: Cause[]; message: string }> {
  try {
    await rest
      .post()
      .absPath('apis', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions')
      .param('dryRun', 'All')
      .param('fieldValidation', 'Strict')
      .body(crd)
      .do();
    return { rejected: false, causes: [], message: '' };
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    if (e.reason === 'AlreadyExists') return { rejected: false, causes: [], message: '' };
    const causes = e.causes.map((c) => ({ field: c.field ?? '', message: c.message ?? '' }));
    return { rejected: true, causes, message: e.message };
  }
}

const CONTRIBUTED =
  'Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema';

/**
 * The server's "contributed to estimated rule cost total" causes that name another rule than ours only because the
 * two tie: the server keeps the four most expensive rules as its walk meets them, and it walks properties in Go's
 * random map order (the same CRD sent ten times gets up to ten different sets), so among rules of equal cost
 * either is the server's answer. Matched one for one with our listed rules of the same estimated cost.
 */
export function tiedCostSwaps(crd: Obj, server: Cause[], ours: { field: string; message: string }[]): Set<string> {
  const listedByUs = (field: string) => ours.some((o) => o.field === field && o.message === `${field}: ${CONTRIBUTED}`);
  const serverOnly = server.filter((c) => c.message === CONTRIBUTED && !listedByUs(c.field)).map((c) => c.field);
  const swapped = new Set<string>();
  if (serverOnly.length === 0) return swapped;
  const listedByServer = new Set(server.filter((c) => c.message === CONTRIBUTED).map((c) => c.field));
  const costs = crdRuleCosts(crd);
  const ourOnlyCosts = ours
    .filter((o) => o.message === `${o.field}: ${CONTRIBUTED}` && !listedByServer.has(o.field))
    .map((o) => costs.get(o.field));
  for (const field of serverOnly) {
    const i = ourOnlyCosts.findIndex((cost) => cost !== undefined && cost === costs.get(field));
    if (i < 0) continue;
    ourOnlyCosts.splice(i, 1);
    swapped.add(field);
  }
  return swapped;
}
