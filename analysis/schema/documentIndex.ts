// A schema folder's group/version document without parsing all of it. core/v1 is 2 MB of JSON (~10 ms of
// JSON.parse and decoding in every fresh `check`), of which a run reads a few definitions: `paths` is half the
// bytes and unused, and most of `components.schemas` is never reached. The first parse of a document's bytes
// writes an index beside the compiled validators: where each top-level value, each of `components`' values and
// each definition lies in the bytes (and each definition's GVKs, which the store reads for every one). A later run
// of the same bytes (found by their SHA-256) builds the document from the index and parses a definition only when
// it is first read. The index is checked when it is made (every indexed value parsed alone equals the full parse,
// keys in the same order) and read only from a private file of ours whose own key and checksum match; anything else
// parses the whole document as before.
import * as crypto from 'node:crypto';
import type * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../kube/discovery/disk';
import { parsedFromBytes } from './documentIdentity';
import { fileSha256 } from './fileHash';
import { readTrustedFile } from './trustedFile';
import type { GroupVersionDocument } from './types';

/** Bump when the way indexes are made or read changes. */
const INDEX_FORMAT = 'kubesense-schema-index-1';
export const DOCUMENT_INDEX_SUFFIX = '.idx';
const HEADER = /^\/\/ (\S+) ([0-9a-f]{64}) ([0-9a-f]{64})\n/;
const GVK = 'x-kubernetes-group-version-kind';

/** A value's key and where its JSON text lies in the bytes; an object split further has its own spans. */
type Span = [key: string, start: number, end: number, children?: Span[]];
/** Each definition's `x-kubernetes-group-version-kind`, for the definitions that have one, in document order. */
type KindsOfDefinitions = [definition: string, gvks: unknown][];

interface DocumentIndex {
  spans: Span[];
  kinds: KindsOfDefinitions;
}

/** What is split into spans besides the top level: `components`, and in it `schemas`. */
const SPLIT: Record<string, Record<string, object>> = { components: { schemas: {} } };

let indexDir: string | undefined;
const indexedKinds = new WeakMap<object, KindsOfDefinitions>();

/** Where indexes are kept (`<KUBESENSE_CACHE>/compiled-validators`); undefined (the default) parses every time. */
export function setDocumentIndexDir(dir: string | undefined): void {
  indexDir = dir;
}

/**
 * The document whose JSON text is bytes (throws as JSON.parse does when it is not JSON), with its identity
 * (documentIdentity.ts) recorded. Through an index when there is one for these bytes. stat: the file's, the same
 * before and after the bytes were read (fileHash.ts), when they were read from one.
 */
export function parseSchemaDocument(bytes: Buffer, stat?: fs.BigIntStats): GroupVersionDocument {
  if (indexDir === undefined) {
    const document = JSON.parse(bytes.toString('utf8')) as GroupVersionDocument;
    parsedFromBytes(document, bytes);
    return document;
  }
  const hash = fileSha256(bytes, stat, indexDir);
  const key = crypto.createHash('sha256').update(`${INDEX_FORMAT}\0${hash}`).digest('hex');
  const file = path.join(indexDir, `${key}${DOCUMENT_INDEX_SUFFIX}`);
  const index = readIndex(file, key, bytes.length);
  let document: GroupVersionDocument;
  if (index) {
    document = lazyObject(bytes, index.spans, []) as GroupVersionDocument;
    indexedKinds.set(document, index.kinds);
  } else {
    document = JSON.parse(bytes.toString('utf8')) as GroupVersionDocument;
    const made = makeIndex(bytes, document);
    if (made) writeIndex(file, key, made);
  }
  parsedFromBytes(document, hash);
  return document;
}

/**
 * Each definition's GVK list (`[name, x-kubernetes-group-version-kind]`, in document order, only the definitions
 * that have one) when document was built from an index: reading them from the definitions would parse them all.
 */
export function kindsOfIndexedDocument(document: GroupVersionDocument): KindsOfDefinitions | undefined {
  return indexedKinds.get(document);
}

/**
 * Deleting a property that is not the last one added turns an object into a hash table (V8's dictionary mode), as
 * lazyObject needs: each first read replaces an accessor by a data property, which for an object of V8's fast mode
 * means a new hidden class, and the optimized code that saw the old one (the schema walks' lookups) is thrown away
 * (apps/v1's 162 definitions cost ~35 ms to read that way, ~3 ms as a dictionary).
 */
const DICTIONARY_MODE = Symbol('dictionary mode');

/** An object holding spans' values, each parsed from its bytes when first read (then an ordinary property). */
function lazyObject(bytes: Buffer, spans: Span[], at: string[]): Record<string, unknown> {
  const out: Record<string | symbol, unknown> = { [DICTIONARY_MODE]: true };
  const settle = (key: string, value: unknown): void => {
    Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  };
  for (const [key, start, end, children] of spans) {
    if (children) {
      settle(key, lazyObject(bytes, children, [...at, key]));
      continue;
    }
    Object.defineProperty(out, key, {
      get() {
        const value = parseSpan(bytes, start, end, [...at, key]);
        settle(key, value);
        return value;
      },
      set(value: unknown) {
        settle(key, value);
      },
      enumerable: true,
      configurable: true,
    });
  }
  delete out[DICTIONARY_MODE];
  return out;
}

function parseSpan(bytes: Buffer, start: number, end: number, at: string[]): unknown {
  try {
    return JSON.parse(bytes.toString('utf8', start, end));
  } catch {
    // Not expected of an index checked when it was made: take the value from a parse of the whole document.
    let value: unknown = JSON.parse(bytes.toString('utf8'));
    for (const key of at) value = (value as Record<string, unknown>)[key];
    return value;
  }
}

/** The index of a parsed document's bytes, or undefined when its text cannot be split so that every part agrees. */
function makeIndex(bytes: Buffer, document: unknown): DocumentIndex | undefined {
  const text = bytes.toString('latin1'); // one char per byte: offsets in it are offsets in the bytes
  try {
    let i = skipSpace(text, 0);
    const top = scanObject(text, i);
    i = skipSpace(text, top.end);
    if (i !== text.length) return undefined;
    const spans = spansOf(bytes, text, top.entries, document, SPLIT);
    if (!spans) return undefined;
    const definitions = (document as GroupVersionDocument).components?.schemas;
    const kinds: KindsOfDefinitions = [];
    for (const [name, schema] of Object.entries(definitions ?? {})) {
      if (!schema || typeof schema !== 'object') return undefined;
      if (schema[GVK] !== undefined) kinds.push([name, schema[GVK]]);
    }
    return { spans, kinds };
  } catch {
    return undefined;
  }
}

function spansOf(
  bytes: Buffer,
  text: string,
  entries: Entry[],
  parsed: unknown,
  split: Record<string, object>,
): Span[] | undefined {
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const keys = Object.keys(parsed);
  if (keys.length !== entries.length) return undefined; // a duplicate key
  const out: Span[] = [];
  for (let n = 0; n < entries.length; n++) {
    const { keyStart, keyEnd, valueStart, valueEnd } = entries[n];
    const key = JSON.parse(bytes.toString('utf8', keyStart, keyEnd)) as string;
    if (key !== keys[n]) return undefined; // another order (integer-like keys come first)
    const value = (parsed as Record<string, unknown>)[key];
    const inner = Object.hasOwn(split, key) ? (split[key] as Record<string, object>) : undefined;
    if (inner && text.charCodeAt(valueStart) === 0x7b) {
      const children = spansOf(bytes, text, scanObject(text, valueStart).entries, value, inner);
      if (!children) return undefined;
      out.push([key, valueStart, valueEnd, children]);
      continue;
    }
    const alone = JSON.parse(bytes.toString('utf8', valueStart, valueEnd)) as unknown;
    if (JSON.stringify(alone) !== JSON.stringify(value)) return undefined;
    out.push([key, valueStart, valueEnd]);
  }
  return out;
}

interface Entry {
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

/** The members of the JSON object starting at i (valid JSON: the document parsed). */
function scanObject(text: string, i: number): { entries: Entry[]; end: number } {
  if (text.charCodeAt(i) !== 0x7b) throw new Error('not an object');
  const entries: Entry[] = [];
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === 0x7d) return { entries, end: i + 1 };
  for (;;) {
    const keyStart = i;
    const keyEnd = skipString(text, i);
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== 0x3a) throw new Error('no colon');
    const valueStart = skipSpace(text, i + 1);
    const valueEnd = skipValue(text, valueStart);
    entries.push({ keyStart, keyEnd, valueStart, valueEnd });
    i = skipSpace(text, valueEnd);
    const c = text.charCodeAt(i);
    if (c === 0x7d) return { entries, end: i + 1 };
    if (c !== 0x2c) throw new Error('no comma');
    i = skipSpace(text, i + 1);
  }
}

const STRUCTURE = /["[\]{}]/g;
const SCALAR_END = /[,\]}\s]/g;

function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return skipString(text, i);
  if (c !== 0x7b && c !== 0x5b) {
    SCALAR_END.lastIndex = i;
    const m = SCALAR_END.exec(text);
    return m ? m.index : text.length;
  }
  let depth = 0;
  STRUCTURE.lastIndex = i;
  for (;;) {
    const m = STRUCTURE.exec(text);
    if (!m) throw new Error('unclosed');
    const ch = m[0];
    if (ch === '"') STRUCTURE.lastIndex = skipString(text, m.index);
    else if (ch === '{' || ch === '[') depth++;
    else if (--depth === 0) return m.index + 1;
  }
}

/** The end of the JSON string starting at i (its closing quote is the first not escaped by a backslash). */
function skipString(text: string, i: number): number {
  if (text.charCodeAt(i) !== 0x22) throw new Error('not a string');
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) throw new Error('unclosed string');
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

function readIndex(file: string, key: string, size: number): DocumentIndex | undefined {
  const bytes = readTrustedFile(file, false, true);
  if (!bytes) return undefined;
  const text = bytes.toString('utf8');
  const header = HEADER.exec(text);
  if (!header || header[1] !== INDEX_FORMAT || header[2] !== key) return undefined; // another document's, copied
  const body = text.slice(header[0].length);
  if (crypto.createHash('sha256').update(body).digest('hex') !== header[3]) return undefined; // truncated or altered
  try {
    const index = JSON.parse(body) as DocumentIndex;
    return Array.isArray(index.kinds) && spansFit(index.spans, 0, size) ? index : undefined;
  } catch {
    return undefined;
  }
}

/** Spans in order, inside [from, to), each with a string key. */
function spansFit(spans: unknown, from: number, to: number): boolean {
  if (!Array.isArray(spans)) return false;
  for (const span of spans as unknown[]) {
    if (!Array.isArray(span) || typeof span[0] !== 'string') return false;
    const [, start, end, children] = span as [string, unknown, unknown, unknown];
    if (!Number.isInteger(start) || !Number.isInteger(end)) return false;
    if ((start as number) < from || (end as number) <= (start as number) || (end as number) > to) return false;
    if (children !== undefined && !spansFit(children, start as number, end as number)) return false;
    from = end as number;
  }
  return true;
}

/** Write an index atomically with private permissions; trouble only costs the speed-up. */
function writeIndex(file: string, key: string, index: DocumentIndex): void {
  const body = JSON.stringify(index);
  const hash = crypto.createHash('sha256').update(body).digest('hex');
  try {
    writeFileAtomic(file, `// ${INDEX_FORMAT} ${key} ${hash}\n${body}`, 0o600, 0o700);
  } catch {
    // no index this time
  }
}
