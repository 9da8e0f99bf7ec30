// `kubesense check --references`: the language server's cross-file reference rules over the checked files. The
// files are the whole workspace; with --context/--kubeconfig, what they lack is looked up in that cluster, and
// objects without a namespace go to the context's namespace (else "default").
import type { CommandContext } from './command';
import type { ManifestFile } from '../analysis/documents';
import type { KubeDiagnostic } from '../analysis/validation';
import { ReferenceIndex } from '../analysis/references';
import { checkReferences, DEFAULT_REFERENCE_CHECKS } from '../analysis/references/check';
import type { LiveObjects } from '../analysis/references/live';
import { errorMessage } from '../kube/util/errors';

/** Reference problems per file (the same keys as `files`). */
export async function referenceDiagnostics(
  ctx: CommandContext,
  files: Map<string, ManifestFile>,
  useCluster: boolean,
  note: (message: string) => void,
): Promise<Map<string, KubeDiagnostic[]>> {
  let live: LiveObjects | undefined;
  let namespace = 'default';
  if (useCluster) {
    try {
      const { clientFactory } = await import('./factory');
      const { ClusterObjects } = await import('../analysis/references/live');
      const factory = await clientFactory(ctx);
      namespace = factory.namespace();
      const context = ctx.global.context || 'current';
      live = new ClusterObjects(context, factory.discovery(), factory.dynamicClient());
    } catch (err) {
      note(`warning: references are checked against the given files only: ${errorMessage(err)}`);
    }
  } else {
    note('note: --references without --context: the given files are taken as everything that exists');
  }
  const index = new ReferenceIndex(namespace);
  for (const [key, file] of files) index.update(key, file);
  const signal = new AbortController().signal;
  const out = new Map<string, KubeDiagnostic[]>();
  for (const key of files.keys())
    out.set(
      key,
      await checkReferences(index, key, { ...DEFAULT_REFERENCE_CHECKS, filesAreComplete: true }, live, signal),
    );
  return out;
}
