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
  return validate(file, store, { signal, ...(documentIndexes ? { documentIndexes } : {}) });
}
