// Store keys as client-go's MetaNamespaceKeyFunc makes them: "namespace/name", or "name" when cluster-scoped.
import type { KubeObjectLike } from './types';

export type KeyFunc = (obj: KubeObjectLike) => string;

export const metaNamespaceKey: KeyFunc = (obj) => {
  const name = obj.metadata?.name;
  if (!name) throw new Error('object has no metadata.name; cannot compute its store key');
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${name}` : name;
};

export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
