// Manifest files as kubectl's resource builder reads them: YAML streams split on `---` lines (a separator may be
// followed by a comment), each document read with Go's YAML rules (sigs.k8s.io/yaml), empty documents skipped and
// `kind: List` flattened into its items.
import { GoYAMLError, yamlToJSON } from '../kubeconfig/goyaml';
import type { Unstructured } from '../dynamic/unstructured';

export interface ManifestObject {
  object: Unstructured;
  /** Where it came from, as kubectl names it in errors (a path, or "STDIN"). */
  source: string;
  /** 0-based index of the YAML document in its source. */
  documentIndex: number;
  /** 0-based line of the document's first line. */
  line: number;
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(message);
  }
}

/** The YAML documents of a stream with their first line, as k8s.io/apimachinery's YAMLReader splits them. */
export function splitYamlDocuments(text: string): { text: string; line: number }[] {
  const lines = text.split('\n');
  const docs: { text: string; line: number }[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    const atEnd = i === lines.length;
    if (!atEnd && !isSeparator(lines[i]!)) continue;
    docs.push({ text: lines.slice(start, i).join('\n'), line: start });
    start = i + 1;
  }
  return docs;
}

function isSeparator(line: string): boolean {
  if (!line.startsWith('---')) return false;
  const rest = line.slice(3).trim();
  return rest === '' || rest.startsWith('#');
}

/** Every object of a manifest stream, in order. Throws ManifestError naming the source for unreadable documents. */
export function readManifests(text: string, source: string): ManifestObject[] {
  const out: ManifestObject[] = [];
  splitYamlDocuments(text).forEach((doc, documentIndex) => {
    let value: unknown;
    try {
      value = yamlToJSON(doc.text);
    } catch (e) {
      const message = e instanceof GoYAMLError ? e.message : String(e);
      throw new ManifestError(source, `error parsing ${source}: ${message}`);
    }
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value))
      throw new ManifestError(source, `error parsing ${source}: document ${documentIndex + 1} is not an object`);
    const obj = value as Unstructured;
    if (!obj.kind)
      throw new ManifestError(
        source,
        `unable to decode ${JSON.stringify(source)}: Object 'Kind' is missing in '${JSON.stringify(obj)}'`,
      );
    // kubectl's Flatten(): a List's items are the objects.
    if (obj.kind === 'List' || (obj.kind.endsWith('List') && Array.isArray(obj.items))) {
      for (const item of (obj.items as Unstructured[] | undefined) ?? [])
        out.push({ object: item, source, documentIndex, line: doc.line });
      return;
    }
    out.push({ object: obj, source, documentIndex, line: doc.line });
  });
  return out;
}
