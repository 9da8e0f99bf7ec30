// kubectl's -o json / -o yaml / -o name printers for unstructured objects. JSON is Go's json.MarshalIndent
// (4 spaces, keys sorted, <>& escaped); YAML is sigs.k8s.io/yaml's (via the kubeconfig module's go-yaml emitter).
import { marshalGoYAML, type JSONValue } from '../../kube/kubeconfig/goyaml';
import { marshalJSON, type GoJSONValue } from '../../kube/util/go';
import type { Unstructured } from '../../kube/dynamic/unstructured';
import { getGroupVersionKind } from '../../kube/dynamic/unstructured';

export function printJSON(obj: unknown): string {
  return marshalJSON(obj as GoJSONValue, '    ') + '\n';
}

export function printYAML(obj: unknown): string {
  return marshalGoYAML(obj as JSONValue);
}

/** kubectl's NamePrinter: "<kind>[.<group>]/<name>", kind lower-cased. */
export function printName(obj: Unstructured, fallbackKind?: { group: string; kind: string }): string {
  let { group, kind } = getGroupVersionKind(obj);
  if (!kind && fallbackKind) ({ group, kind } = fallbackKind);
  const k = kind.toLowerCase() + (group ? `.${group}` : '');
  return `${k}/${obj.metadata?.name ?? ''}\n`;
}

/** kubectl wraps several objects (or any list) in a v1 List for -o json/yaml. */
export function asList(items: unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
