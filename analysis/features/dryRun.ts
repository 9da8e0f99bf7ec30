// Server-side dry-run of the current document against the connected cluster: the API server's own verdict,
// reported in place (its Status causes mapped back to the fields they name).
import { formatPath, ManifestDocument, parsePath } from '../documents';
import type { Status } from '../../kube/apimachinery/meta';
import type { KubeDiagnostic } from '../validation/types';
import type { ParsedDocument } from '../documents/documentCache';
import type { DryRunOutcome, DryRunResult as DryRunAnswer, ServerSettings } from '../../protocol';

/** The answer to `kubesense/dryRun` (protocol/messages.ts), its diagnostics as validation makes them. */
export interface DryRunResult extends DryRunAnswer {
  diagnostics: KubeDiagnostic[];
}

/** A metav1.Status as the API server returns it on failure. */
export type ApiStatus = Status;

/** What a dry-run needs from the cluster side; built from kube/ clients for the configured context. */
export interface DryRunner {
  readonly context: string;
  /** Server-side dry-run create (or update when it exists); resolves with null on success, the Status on rejection. */
  dryRun(object: Record<string, unknown>, signal: AbortSignal): Promise<ApiStatus | null>;
}

export async function runDryRun(
  doc: ParsedDocument,
  settings: ServerSettings,
  runner: DryRunner | undefined,
  connectError: string | undefined,
  isCurrent: () => boolean,
  signal: AbortSignal,
  documentIndex?: number,
): Promise<DryRunResult> {
  if (!settings.dryRun.enabled) throw new Error('server-side dry-run is turned off (setting kubesense.dryRun.enabled)');
  if (!settings.context)
    throw new Error(
      'no cluster is connected: choose a context in the Kubernetes view (other editors: the setting kubesense.context) to dry-run against it',
    );
  if (!runner) throw new Error(`cannot connect to context "${settings.context}": ${connectError ?? 'unknown error'}`);
  // Snapshot first: the values are plain data; the AST may be reused by a newer parse while we wait.
  const targets = doc.file.manifests
    .filter((m) => documentIndex === undefined || m.index === documentIndex)
    .filter((m) => m.value && typeof m.value === 'object' && !Array.isArray(m.value))
    .map((m) => ({
      mdoc: m,
      object: m.value as Record<string, unknown>,
      label: {
        apiVersion: m.apiVersion,
        kind: m.kind,
        metadata: { ...(m.name ? { name: m.name } : {}), ...(m.namespace ? { namespace: m.namespace } : {}) },
      },
    }));
  const outcomes: DryRunOutcome[] = [];
  const rejected: { mdoc: ManifestDocument; status: ApiStatus }[] = [];
  for (const t of targets) {
    signal.throwIfAborted();
    const status = await runner.dryRun(t.object, signal);
    outcomes.push({
      documentIndex: t.mdoc.index,
      object: t.label,
      ok: !status,
      ...(status?.message ? { message: status.message } : {}),
    });
    if (status) rejected.push({ mdoc: t.mdoc, status });
  }
  // Place the server's errors only if the text is still the version that was sent.
  const diagnostics = isCurrent() ? rejected.flatMap((r) => statusToDiagnostics(r.mdoc, r.status)) : [];
  return { uri: doc.uri, context: runner.context, outcomes, diagnostics };
}

/**
 * The API server's Status -> diagnostics at the fields its causes name (`spec.replicas`,
 * `spec.template.spec.containers[0].image`), falling back to the object's kind line.
 */
export function statusToDiagnostics(mdoc: ManifestDocument, status: ApiStatus): KubeDiagnostic[] {
  const file = mdoc.file;
  const causes = status.details?.causes ?? [];
  const out: KubeDiagnostic[] = [];
  const place = (
    field: string | undefined,
  ): { path?: (string | number)[]; offsets: { start: number; end: number } } => {
    if (!field) {
      const r = mdoc.rangeOf(['kind'], 'key');
      return { offsets: r };
    }
    // Cause fields may be prefixed (`<nil>`, `metadata.name`, `spec.template.spec.containers[0].image`).
    const path = parsePath(field.replace(/^\.?/, ''));
    return { path, offsets: mdoc.rangeOf(path) };
  };
  if (causes.length === 0) {
    const where = place(undefined);
    out.push(
      diag(
        status.message ?? `rejected by the API server (${status.reason ?? 'unknown reason'})`,
        where.offsets,
        where.path,
      ),
    );
  }
  for (const c of causes) {
    const where = place(c.field);
    const field = where.path ? formatPath(where.path) : undefined;
    const message =
      c.field && c.message && !c.message.startsWith(c.field)
        ? `${c.field}: ${c.message}`
        : (c.message ?? status.message ?? 'rejected');
    out.push({ ...diag(message, where.offsets, where.path), ...(field ? { field } : {}) });
  }
  return out;

  function diag(message: string, offsets: { start: number; end: number }, path?: (string | number)[]): KubeDiagnostic {
    return {
      code: 'invalid',
      severity: 'error',
      message: `API server (dry-run): ${message}`,
      range: file.toRange(offsets),
      offsets,
      documentIndex: mdoc.index,
      ...(path ? { path } : {}),
    };
  }
}
