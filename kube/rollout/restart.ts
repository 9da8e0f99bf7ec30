// `kubectl rollout restart` (polymorphichelpers.ObjectRestarter): a strategic-merge patch that stamps the pod
// template with kubectl.kubernetes.io/restartedAt = now (RFC 3339, local time), so the controller rolls every pod.
import type { DynamicClient } from '../dynamic/client';
import type { Unstructured } from '../dynamic/unstructured';
import type { GroupVersionResource } from '../apimachinery/schema';

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** Thrown for objects kubectl refuses to restart; the message is kubectl's. */
export class RestartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestartError';
  }
}

/**
 * The patch kubectl sends for `obj` (the two-way strategic merge patch from the object to its restarted copy,
 * which is exactly the new annotation). Throws RestartError for a paused Deployment or an unsupported kind.
 */
export function restartPatch(group: string, kind: string, obj: Unstructured, now: Date): string {
  if (group !== 'apps' || !['Deployment', 'DaemonSet', 'StatefulSet'].includes(kind))
    throw new RestartError(`restarting is not supported`);
  const spec = (obj as { spec?: { paused?: boolean } }).spec;
  if (kind === 'Deployment' && spec?.paused)
    throw new RestartError("can't restart paused deployment (run rollout resume first)");
  return JSON.stringify({
    spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: goRFC3339(now) } } } },
  });
}

/** Patches the object; returns it as the server has it afterwards. */
export async function restart(
  client: DynamicClient,
  target: { resource: GroupVersionResource; kind: string; namespace: string; name: string },
  options: { now?: Date; fieldManager?: string; signal?: AbortSignal } = {},
): Promise<Unstructured> {
  const rc = client.resource(target.resource).namespace(target.namespace);
  const obj = await rc.get(target.name, { signal: options.signal });
  const patch = restartPatch(target.resource.group, target.kind, obj, options.now ?? new Date());
  // The same second as the last restart makes an empty patch, which kubectl refuses.
  const stamped = (obj as { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } }).spec
    ?.template?.metadata?.annotations?.[RESTARTED_AT_ANNOTATION];
  if (stamped !== undefined && patch.includes(JSON.stringify(stamped)))
    throw new RestartError(
      `failed to create patch for ${target.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
    );
  return rc.patch(target.name, 'strategic-merge', patch, {
    fieldManager: options.fieldManager ?? 'kubesense',
    signal: options.signal,
  });
}

/** Go's time.Now().Format(time.RFC3339): local time, "Z" for UTC or a ±hh:mm offset, whole seconds. */
export function goRFC3339(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}` +
    `T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${zone}`
  );
}
