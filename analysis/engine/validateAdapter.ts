// Calls validation's `validate` for the documents the session asks about.
import type { ManifestFile } from '../documents';
import type { SchemaStore } from '../schema';
import { validate } from '../validation';
import type { KubeDiagnostic } from '../validation/types';

export async function validateFile(
  file: ManifestFile,
  store: SchemaStore,
  documentIndexes: number[] | undefined,
  signal: AbortSignal,
): Promise<KubeDiagnostic[]> {
  // Per-document checks only for the documents asked about; cross-document checks always run (cheap).
  return validate(file, store, {
    signal,
    betweenDocuments: timeSlices(),
    ...(documentIndexes ? { documentIndexes } : {}),
  });
}

/** Work longer than this without a break delays every other request (hover, completion on other documents). */
const SLICE_MS = 10;

/**
 * A pause to await between units of work: after SLICE_MS of work it lets the event loop run (pending requests are
 * answered, a newer version aborts this run), otherwise it returns at once.
 */
export function timeSlices(sliceMs = SLICE_MS): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}
