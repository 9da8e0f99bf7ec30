// Ages shown the way kubectl shows them, so the explorer and `kubectl get` agree.
import { humanDuration } from '../../../kube/util/duration';

export { humanDuration };

/** Age of an RFC 3339 timestamp relative to `now`; empty when absent or unparsable. */
export function ageOf(timestamp: string | undefined, now: number): string {
  if (!timestamp) return '';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '' : humanDuration(now - t);
}
