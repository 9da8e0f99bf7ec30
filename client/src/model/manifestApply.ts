// "Apply File" and "Diff with Cluster" for a manifest in an editor: every document of the text is mapped to its
// resource through the session's REST mapper (namespace defaulted as kubectl does), then server-side applied or
// dry-run and diffed with kube/apply, the same code as `kubesense apply --server-side` and `kubesense diff`.
import {
  ApplyConflictError,
  diffTexts,
  dryRunDiff,
  readManifests,
  resolveTarget,
  serverSideApply,
  type ApplyTarget,
  type DiffTexts,
  type ManifestObject,
} from '../../../kube/apply';
import { errorMessage } from '../../../kube/util/errors';
import type { ContextConnection } from './ports';
import { ACTION_TIMEOUT_MS, FIELD_MANAGER } from './contextConnection';

export interface ManifestDocument {
  manifest: ManifestObject;
  /** Set when the document maps to a resource the cluster serves. */
  target?: ApplyTarget;
  /** Why it cannot be applied (unknown kind, no name, namespace…). */
  error?: string;
}

/** The documents of a manifest text, each mapped for the session's cluster. Unreadable YAML throws. */
export async function planManifest(
  text: string,
  source: string,
  session: ContextConnection,
  defaultNamespace: string,
): Promise<ManifestDocument[]> {
  const mapper = session.objectMapper();
  const docs: ManifestDocument[] = [];
  for (const manifest of readManifests(text, source)) {
    try {
      docs.push({ manifest, target: await resolveTarget(manifest.object, mapper, { namespace: defaultNamespace }) });
    } catch (err) {
      docs.push({ manifest, error: errorMessage(err) });
    }
  }
  return docs;
}

/** `Deployment shop/web` (kind, namespace, name) for messages and picks. */
export function describeDocument(doc: ManifestDocument): string {
  const o = doc.manifest.object;
  const ns = doc.target ? doc.target.namespace : (o.metadata?.namespace ?? '');
  return `${o.kind ?? '?'} ${ns ? `${ns}/` : ''}${o.metadata?.name ?? '(no name)'}`;
}

/** kubectl's line for an applied object: `deployment.apps/web serverside-applied`. */
export function appliedLine(target: ApplyTarget, dryRun = false): string {
  const { group, kind } = target.mapping.groupVersionKind;
  return `${kind.toLowerCase()}${group ? `.${group}` : ''}/${target.name} serverside-applied${dryRun ? ' (server dry run)' : ''}`;
}

export interface ApplyOutcome {
  doc: ManifestDocument;
  ok: boolean;
  /** Field-ownership conflict: "Force" can take the fields over. */
  conflict?: ApplyConflictError;
  error?: string;
}

/** Applies the documents in order; one failing does not stop the others (as kubectl). */
export async function applyDocuments(
  session: ContextConnection,
  docs: ManifestDocument[],
  options: { force?: boolean; dryRun?: boolean; signal?: AbortSignal; onNext?: (doc: ManifestDocument) => void },
): Promise<ApplyOutcome[]> {
  const outcomes: ApplyOutcome[] = [];
  for (const doc of docs) {
    if (options.signal?.aborted) break;
    options.onNext?.(doc);
    if (!doc.target) {
      outcomes.push({ doc, ok: false, error: doc.error });
      continue;
    }
    try {
      await serverSideApply(session.client, doc.target, {
        fieldManager: FIELD_MANAGER,
        force: options.force,
        dryRun: options.dryRun,
        signal: options.signal,
        timeoutMs: ACTION_TIMEOUT_MS,
      });
      outcomes.push({ doc, ok: true });
    } catch (err) {
      if (err instanceof ApplyConflictError) outcomes.push({ doc, ok: false, conflict: err, error: err.message });
      else outcomes.push({ doc, ok: false, error: errorMessage(err) });
    }
  }
  return outcomes;
}

/** "other-tool owns .data.mode; kubectl (scale) owns .spec.replicas" */
export function conflictSummary(err: ApplyConflictError): string {
  return err.managers
    .map((m) => {
      const mine = err.conflicts.filter((c) => c.manager === m);
      const via = mine[0]?.subresource ? ` (${mine[0].subresource})` : '';
      return `${m}${via} owns ${mine.map((c) => c.field).join(', ')}`;
    })
    .join('; ');
}

export interface DocumentDiff extends DiffTexts {
  /** False when the object does not exist yet (the left side is empty). */
  exists: boolean;
  unchanged: boolean;
}

/** Live object vs. server dry-run of the document, as kubectl diff --server-side prints them. */
export async function diffDocument(
  session: ContextConnection,
  doc: ManifestDocument,
  options: { force?: boolean; signal?: AbortSignal } = {},
): Promise<DocumentDiff> {
  if (!doc.target) throw new Error(doc.error ?? 'the document cannot be mapped to a resource');
  const diff = await dryRunDiff(session.client, doc.target, {
    fieldManager: FIELD_MANAGER,
    force: options.force,
    signal: options.signal,
    timeoutMs: ACTION_TIMEOUT_MS,
  });
  const texts = diffTexts(diff);
  return { ...texts, exists: diff.live !== undefined, unchanged: texts.live === texts.merged };
}
