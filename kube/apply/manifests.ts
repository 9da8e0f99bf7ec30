// Manifest files as kubectl's resource builder reads them: a stream that starts with `{` as JSON values (then
// possibly YAML, kube/util/yamlOrJson.ts), else YAML split on `---` lines (a separator may be followed by a comment),
// each document read with Go's YAML rules (sigs.k8s.io/yaml), empty documents skipped and `kind: List` flattened.
import { BigIntLiteral, GoYAMLError, yamlToJSON, type JSONValue } from '../kubeconfig/goyaml';
import { GO_MAX_DEPTH } from '../util/yamlGuards';
import { readYAMLOrJSONStream } from '../util/yamlOrJson';
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

/** The documents of a stream as cli-runtime's StreamVisitor decodes them (empty and `null` ones skipped). */
export interface StreamDocuments {
  /** index: 0-based among all of the stream's documents, empty ones included. */
  documents: { value: JSONValue; index: number; line: number }[];
  /** What stopped the reading, as kubectl prints it after "error parsing FILE: " (after the documents before it). */
  error?: string;
  /** The error is the decoding of one document (a number no float64 holds), not of the stream. */
  decodeError?: boolean;
}

/**
 * Every document of a stream, as kubectl reads it: a stream that starts with `{` as JSON values first (then possibly
 * YAML, kube/util/yamlOrJson.ts), else YAML split on `---` lines.
 */
export function readStreamDocuments(text: string): StreamDocuments {
  const documents: StreamDocuments['documents'] = [];
  const stream = readYAMLOrJSONStream(text, { maxDepth: GO_MAX_DEPTH, bigInts: true });
  let index = 0;
  for (const v of stream.json) {
    if (v.notes.numberError) return { documents, error: v.notes.numberError.message, decodeError: true };
    if (v.value !== null) documents.push({ value: v.value as JSONValue, index, line: lineOf(text, v.start) });
    index++;
  }
  if (stream.yamlStart === undefined) return { documents, error: stream.jsonError?.kubectlMessage };
  const firstLine = lineOf(text, stream.yamlStart);
  let first = true;
  for (const doc of splitYamlDocuments(text.slice(stream.yamlStart))) {
    let value: JSONValue;
    try {
      value = yamlToJSON(doc.text);
    } catch (e) {
      // The JSON decoder's error is what kubectl reports when the first YAML document fails too.
      const message = first && stream.jsonError ? stream.jsonError.kubectlMessage : undefined;
      // sigs.k8s.io/yaml's Unmarshal frames the YAML error so.
      const yamlError = `error converting YAML to JSON: ${e instanceof GoYAMLError ? e.message : String(e)}`;
      return { documents, error: message ?? yamlError };
    }
    if (doc.text.trim() !== '') first = false;
    if (value !== null && value !== undefined) documents.push({ value, index, line: firstLine + doc.line });
    index++;
  }
  return { documents };
}

/** Every object of a manifest stream, in order. Throws ManifestError naming the source for unreadable documents. */
export function readManifests(text: string, source: string): ManifestObject[] {
  const out: ManifestObject[] = [];
  const { documents, error, decodeError } = readStreamDocuments(text);
  for (const doc of documents) addObject(out, doc.value, source, doc.index, doc.line);
  if (error)
    throw new ManifestError(
      source,
      decodeError ? `unable to decode ${JSON.stringify(source)}: ${error}` : `error parsing ${source}: ${error}`,
    );
  return out;
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** One decoded document: skipped when empty, refused unless an object with a kind, a List's items flattened. */
function addObject(out: ManifestObject[], value: JSONValue, source: string, documentIndex: number, line: number): void {
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof BigIntLiteral)
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
      out.push({ object: item, source, documentIndex, line });
    return;
  }
  out.push({ object: obj, source, documentIndex, line });
}
