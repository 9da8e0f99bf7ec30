// `kubectl diff --server-side`: the live object beside the result of a server-side dry-run apply of the manifest
// (a missing live object is a creation, an empty "before"), printed as kubectl prints them for its diff program:
// sigs.k8s.io/yaml, metadata.managedFields left out (kubectl's --show-managed-fields=false), Secret data masked
// (kubectl's Masker). Everything else the server sets (generation, resourceVersion, uid, creationTimestamp, status)
// stays, as kubectl shows it: a changed spec shows its generation going up.
import type { Unstructured } from '../dynamic/unstructured';
import { marshalGoYAML, type JSONValue } from '../kubeconfig/goyaml';
import type { RESTClient } from '../rest/client';
import { getLive, serverSideApply, type ApplyOptions, type ApplyTarget } from './apply';

export interface ObjectDiff {
  target: ApplyTarget;
  /** Undefined when the object does not exist yet. */
  live?: Unstructured;
  /** What the server would store. */
  merged: Unstructured;
}

/** Reads the live object and dry-runs the apply. Conflicts throw ApplyConflictError (use `force` to see past them). */
export async function dryRunDiff(
  rest: RESTClient,
  target: ApplyTarget,
  options: ApplyOptions = {},
): Promise<ObjectDiff> {
  const live = await getLive(rest, target, options);
  const merged = await serverSideApply(rest, target, { ...options, dryRun: true });
  return { target, live, merged };
}

/** kubectl's file name for an object in its LIVE and MERGED folders: `[group.]version.Kind.namespace.name`. */
export function diffFileName(target: ApplyTarget): string {
  const { group, version, kind } = target.mapping.groupVersionKind;
  return `${group ? `${group}.` : ''}${version}.${kind}.${target.namespace}.${target.name}`;
}

export interface DiffTexts {
  /** Empty when the object does not exist yet. */
  live: string;
  merged: string;
}

/** Both sides as the YAML kubectl writes for its diff program. */
export function diffTexts(diff: ObjectDiff, options: { showManagedFields?: boolean } = {}): DiffTexts {
  let live = diff.live && structuredClone(diff.live);
  let merged = structuredClone(diff.merged);
  if (!options.showManagedFields) {
    live = live && withoutManagedFields(live);
    merged = withoutManagedFields(merged);
  }
  const { group, kind } = diff.target.mapping.groupVersionKind;
  if (group === '' && kind === 'Secret') maskSecretData(live, merged);
  return { live: live ? marshalGoYAML(live as JSONValue) : '', merged: marshalGoYAML(merged as JSONValue) };
}

/** True when applying would change nothing kubectl's diff shows. */
export function isUnchanged(texts: DiffTexts): boolean {
  return texts.live === texts.merged;
}

function withoutManagedFields(obj: Unstructured): Unstructured {
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _omitted, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/**
 * kubectl's Masker: Secret values never reach the diff. A key on both sides with different values becomes
 * `*** (before)` / `*** (after)` so the change stays visible; every other value becomes `***`.
 */
function maskSecretData(live: Unstructured | undefined, merged: Unstructured): void {
  const from = dataOf(live);
  const to = dataOf(merged);
  for (const k of Object.keys(from ?? {})) {
    if (to && k in to) {
      if (from![k] !== to[k]) {
        from![k] = '*** (before)';
        to[k] = '*** (after)';
        continue;
      }
      to[k] = '***';
    }
    from![k] = '***';
  }
  for (const k of Object.keys(to ?? {})) if (!from || !(k in from)) to![k] = '***';
}

function dataOf(obj: Unstructured | undefined): Record<string, unknown> | undefined {
  const data = obj?.data;
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}
