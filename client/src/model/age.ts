// Ages shown the way kubectl shows them, so the explorer and `kubectl get` agree.
import { humanDuration } from '../../../kube/util/duration';

export { humanDuration };

/** Age of an RFC 3339 timestamp relative to `now`; empty when absent or unparsable. */
export function ageOf(timestamp: string | undefined, now: number): string {
  if (!timestamp) return '';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '' : humanDuration(now - t);
}

const DURATION = /^(?:(\d+)y)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Reads back what humanDuration printed (`3h5m`, `23m`, `2y10d`): milliseconds, or undefined for other text. */
export function parseHumanDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m || text === '') return undefined;
  const [y, d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0));
  return ((((y! * 365 + d!) * 24 + h!) * 60 + min!) * 60 + s!) * 1000;
}

/**
 * A relative time the server printed `elapsedMs` ago, as it reads now: `23m` becomes `1h23m` an hour later.
 * Text that is not a duration is returned unchanged.
 */
export function laterDuration(text: string, elapsedMs: number): string {
  const ms = parseHumanDuration(text);
  return ms === undefined || elapsedMs <= 0 ? text : humanDuration(ms + elapsedMs);
}
