// How kubectl reads a manifest stream (k8s.io/apimachinery util/yaml's YAMLOrJSONDecoder, which cli-runtime's
// StreamVisitor runs on every file): a stream whose first non-space character within 4096 bytes is `{` is read as
// JSON values one after another (encoding/json: DEL, C1 controls and any other character a YAML reader refuses are
// fine inside strings, `null` is null, duplicate keys keep the last value). When the first or second value fails,
// the decoder starts over as YAML after what was read (a JSON object followed by `---` and YAML documents); if that
// YAML's first document fails too, the JSON error is what kubectl reports. After two values a failure is final.
import {
  decodeJSONValue,
  jsonByteOffset,
  readJSONValue,
  type JSONDecodeNotes,
  type JSONDecodeOptions,
  type JSONReadError,
} from './go/jsonDecode';

/** GuessJSONStream's look-ahead in StreamVisitor (yaml.NewYAMLOrJSONDecoder(r, 4096)). */
const SNIFF_BYTES = 4096;

/** One value the JSON decoder read: text[start, end) (no surrounding whitespace) and its value as Go decodes it. */
export interface JSONStreamValue {
  start: number;
  end: number;
  value: unknown;
  notes: JSONDecodeNotes;
}

export interface StreamReading {
  /** The values read as JSON, in order (empty when the stream is not JSON). */
  json: JSONStreamValue[];
  /** Where reading goes on as YAML (0 for a stream that is not JSON); undefined when nothing is read as YAML. */
  yamlStart?: number;
  /**
   * The JSON decoder's error: final when `yamlStart` is undefined (after two values, or when nothing is left to
   * read as YAML), else kubectl reports it only if the first YAML document fails as well.
   */
  jsonError?: StreamError;
}

export interface StreamError {
  /** Index of the character the error is at (the end of the text for "unexpected EOF"). */
  offset: number;
  /** Go's error text without kubectl's framing ("invalid character '}' looking for beginning of object key string"). */
  message: string;
  /** The error exactly as kubectl prints it after "error parsing FILE: " ("json: offset 81: invalid character…"). */
  kubectlMessage: string;
}

/** unicode.IsSpace. */
function isUnicodeSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** IsJSONBuffer over the first 4096 bytes: the first non-space character is `{` (a `[` stream is read as YAML). */
export function looksLikeJSONStream(text: string): boolean {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes < SNIFF_BYTES; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) return true;
    if (!isUnicodeSpace(c)) return false;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  return false;
}

/** How kubectl reads `text`: which values as JSON, from where as YAML, and the JSON error if any. */
export function readYAMLOrJSONStream(text: string, options: JSONDecodeOptions): StreamReading {
  if (!looksLikeJSONStream(text)) return { json: [], yamlStart: 0 };
  const json: JSONStreamValue[] = [];
  let consumed = 0;
  for (;;) {
    const r = readJSONValue(text, consumed);
    if (r.kind === 'end') return { json };
    if (r.kind === 'value') {
      const { value, notes } = decodeJSONValue(text, r.start, r.end, options);
      json.push({ start: r.start, end: r.end, value, notes });
      consumed = r.end;
      continue;
    }
    // After two values the stream is JSON for sure: the error is final, in Go's words without an offset.
    if (json.length > 1) return { json, jsonError: streamError(text, r, false) };
    const jsonError = streamError(text, r, true);
    const yamlStart = afterWhitespace(text, consumed);
    return yamlStart === undefined ? { json, jsonError } : { json, yamlStart, jsonError };
  }
}

function streamError(text: string, e: JSONReadError, framed: boolean): StreamError {
  const kubectlMessage =
    framed && e.syntax ? `json: offset ${jsonByteOffset(text, e.offset)}: ${e.message}` : e.message;
  return { offset: e.offset, message: e.message, kubectlMessage };
}

/**
 * consumeWhitespace: where the YAML reading starts after the JSON values read so far — past spaces up to and
 * including the first line break. It reads 4 bytes at a time and gives up (no YAML at all) when fewer remain or a
 * rune does not decode.
 */
function afterWhitespace(text: string, from: number): number | undefined {
  let i = from;
  for (;;) {
    // Four characters hold at least four bytes; fewer may too (a character beyond ASCII).
    if (Buffer.byteLength(text.slice(i, i + 4)) < 4) return undefined;
    const cp = text.codePointAt(i)!;
    if (cp === 0xfffd) return undefined; // utf8.RuneError: what invalid UTF-8 became when the file was decoded
    if (!isUnicodeSpace(cp)) return i;
    i += cp > 0xffff ? 2 : 1;
    if (cp === 0x0a) return i;
  }
}
