// `kubectl rollout status`'s loop (watchtools.UntilWithSync over one object by field selector): every add or
// update is shown to the status viewer, its line reported, and the wait ends when the rollout is done, the
// viewer says it never will be, the object is deleted, or the caller aborts (timeout, Ctrl-C, a Cancel button).
import { Informer } from '../cache/informer';
import type { ListerWatcher } from '../cache/types';
import type { DynamicClient } from '../dynamic/client';
import type { Unstructured } from '../dynamic/unstructured';
import type { GroupVersionResource } from '../apimachinery/schema';
import { statusViewerFor, type RolloutStatus } from './status';

export interface WaitForRolloutOptions {
  /** Pins a Deployment to a revision (kubectl --revision); 0 = the latest. */
  revision?: number;
  /** false: report the current status once and return (kubectl --watch=false). */
  watch?: boolean;
  /** Called with each status line, in order (kubectl prints each one). */
  onStatus(status: RolloutStatus): void;
  signal?: AbortSignal;
}

/** Why waitForRollout ended without the rollout being done. */
export class RolloutWaitError extends Error {
  constructor(
    message: string,
    readonly reason: 'deleted' | 'aborted' | 'viewer',
  ) {
    super(message);
    this.name = 'RolloutWaitError';
  }
}

/**
 * Resolves with the last status (done, or not done with watch=false); rejects with the viewer's error, a
 * RolloutWaitError for deletion or abort, or a list/watch error the informer cannot recover from.
 */
export async function waitForRollout(
  client: DynamicClient,
  target: { resource: GroupVersionResource; kind: string; namespace: string; name: string },
  options: WaitForRolloutOptions,
): Promise<RolloutStatus> {
  const viewer = statusViewerFor(target.resource.group, target.kind);
  const base = client.resource(target.resource).namespace(target.namespace).listWatcher();
  const fieldSelector = `metadata.name=${target.name}`;
  const lw: ListerWatcher<Unstructured> = {
    list: (o, signal) => base.list({ ...o, fieldSelector }, signal),
    watch: (o, signal) => base.watch({ ...o, fieldSelector }, signal),
  };
  const informer = new Informer<Unstructured>(lw);
  return new Promise<RolloutStatus>((resolve, reject) => {
    let finished = false;
    const finish = (fn: () => void) => {
      if (finished) return;
      finished = true;
      options.signal?.removeEventListener('abort', onAbort);
      void informer.stop();
      fn();
    };
    const onAbort = () => finish(() => reject(new RolloutWaitError('timed out waiting for the condition', 'aborted')));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const show = (obj: Unstructured) => {
      if (finished) return;
      let status: RolloutStatus;
      try {
        status = viewer(obj, options.revision ?? 0);
      } catch (err) {
        return finish(() => reject(err));
      }
      options.onStatus(status);
      if (status.done || options.watch === false) finish(() => resolve(status));
    };
    informer.addEventHandler({
      onAdd: show,
      onUpdate: (_old, obj) => show(obj),
      onDelete: () => finish(() => reject(new RolloutWaitError('object has been deleted', 'deleted'))),
    });
    informer.onError((err) => {
      // Permanent failures (forbidden, not found) end the wait; the informer retries everything else.
      const code = (err as { code?: number }).code;
      if (code === 401 || code === 403 || code === 404) finish(() => reject(err));
    });
    informer.start();
  });
}
