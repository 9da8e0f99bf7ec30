// Every request handler runs through `guarded`: errors become a logged fallback (never a dead server), the
// client's cancellation and an internal time bound both end the wait, so the editor never hangs on a document.
import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { errorMessage, errorStack } from '../../../kube/util/errors';
import type { Logger } from '../../../analysis/engine/engine';

export const REQUEST_TIME_BOUND_MS = 2000;

export type { Logger };

/** An AbortSignal that fires on LSP cancellation or after `ms`. */
export function boundedSignal(
  token: CancellationToken | undefined,
  ms: number,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`request exceeded ${ms} ms`)), ms);
  const sub = token?.onCancellationRequested(() => controller.abort(new Error('cancelled')));
  if (token?.isCancellationRequested) controller.abort(new Error('cancelled'));
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      sub?.dispose();
    },
  };
}

export async function guarded<T>(
  what: string,
  log: Logger,
  token: CancellationToken | undefined,
  fallback: T,
  work: (signal: AbortSignal) => T | Promise<T>,
  ms = REQUEST_TIME_BOUND_MS,
  /** Commands the user ran: their failure is the answer (shown by the client), not a silent fallback. */
  reportFailure = false,
): Promise<T | ResponseError<void>> {
  const bound = boundedSignal(token, ms);
  try {
    if (bound.signal.aborted) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const result = await Promise.race([
      Promise.resolve().then(() => work(bound.signal)),
      new Promise<never>((_, reject) =>
        bound.signal.addEventListener('abort', () => reject(bound.signal.reason), { once: true }),
      ),
    ]);
    return result;
  } catch (err) {
    if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    if (reportFailure) {
      log.warn(`${what}: ${errorMessage(err)}`);
      return new ResponseError(LSPErrorCodes.RequestFailed, errorMessage(err));
    }
    log.error(`${what} failed: ${errorStack(err)}`);
    return fallback;
  } finally {
    bound.dispose();
  }
}
