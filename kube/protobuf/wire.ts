// Kubernetes' protobuf wire format (apimachinery runtime/serializer/protobuf): a body is the 4-byte magic
// `k8s\x00` and a runtime.Unknown envelope (typeMeta, raw, contentEncoding, contentType) whose raw bytes are the
// object's message; a watch stream is frames of a 4-byte big-endian length and a metav1.WatchEvent whose object
// (a RawExtension) holds such a body. Everything is decoded into the objects the JSON path produces.
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { KIND_MESSAGES } from './plan';
import { readMessage, readUnknown, readWatchEvent, setRawExtensionDecoder } from './reader';
import { writeMessage } from './writer';

export { PROTOBUF_ACCEPT, PROTOBUF_CONTENT_TYPE, isProtobufContentType } from './contentType';

export const MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

const KINDS = KIND_MESSAGES;

/** The message type name of a built-in kind. */
function messageFor(apiVersion: string, kind: string): string | undefined {
  return KINDS[`${apiVersion}/${kind}`];
}

/** Whether the generated set knows this group-version (protobuf is asked for only there; the rest stays JSON). */
export function hasProtobuf(group: string, version: string): boolean {
  const prefix = `${group ? `${group}/` : ''}${version}/`;
  return Object.keys(KINDS).some((k) => k.startsWith(prefix));
}

export function hasMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && MAGIC.every((b, i) => bytes[i] === b);
}

/** Decodes a protobuf body (magic + runtime.Unknown) into the JSON-shaped object with apiVersion and kind. */
export function decodeObject(bytes: Uint8Array): Record<string, unknown> {
  if (!hasMagic(bytes)) throw new Error('protobuf: body does not start with the k8s\\x00 magic');
  const { apiVersion, kind, raw, contentEncoding } = readUnknown(bytes.subarray(4));
  if (contentEncoding) throw new Error(`protobuf: unsupported content encoding ${contentEncoding}`);
  const desc = messageFor(apiVersion, kind);
  if (!desc) throw new Error(`protobuf: no generated message for ${apiVersion}, Kind=${kind}`);
  const body = readMessage(desc, raw) as Record<string, unknown>;
  return { apiVersion, kind, ...body };
}

/** Whether an object can be sent in protobuf: a built-in kind the generated set has a message for. */
export function canEncode(obj: unknown): obj is { apiVersion: string; kind: string } {
  if (!obj || typeof obj !== 'object') return false;
  const { apiVersion, kind } = obj as { apiVersion?: unknown; kind?: unknown };
  return typeof apiVersion === 'string' && typeof kind === 'string' && `${apiVersion}/${kind}` in KINDS;
}

/** A request body as client-go's protobuf serializer writes it: the magic and a runtime.Unknown with TypeMeta. */
export function encodeObject(obj: Record<string, unknown>): Buffer {
  if (!canEncode(obj)) throw new Error('protobuf: object has no apiVersion/kind of a built-in type');
  const desc = messageFor(obj.apiVersion, obj.kind)!;
  // runtime.Unknown: typeMeta 1 (apiVersion 1, kind 2), raw 2, contentEncoding 3, contentType 4, each written
  // even when empty, as gogo-protobuf's Marshal does for Go's non-pointer strings.
  const w = new BinaryWriter();
  w.tag(1, WireType.LengthDelimited).fork();
  w.tag(1, WireType.LengthDelimited).string(obj.apiVersion);
  w.tag(2, WireType.LengthDelimited).string(obj.kind);
  w.join();
  w.tag(2, WireType.LengthDelimited).bytes(writeMessage(desc, obj));
  w.tag(3, WireType.LengthDelimited).string('');
  w.tag(4, WireType.LengthDelimited).string('');
  return Buffer.concat([MAGIC, w.finish()]);
}

/** RawExtension bytes: a nested protobuf body, else JSON (as the server stores them). */
function decodeRaw(raw: Uint8Array): unknown {
  return hasMagic(raw) ? decodeObject(raw) : JSON.parse(Buffer.from(raw).toString('utf8'));
}
setRawExtensionDecoder(decodeRaw);

/** One watch frame (without its length prefix) as `{type, object}`. */
export function decodeWatchEvent(frame: Uint8Array): { type: string; object: Record<string, unknown> } {
  const { type, raw } = readWatchEvent(frame);
  if (raw.length === 0) throw new Error('protobuf watch event without an object');
  return { type, object: decodeObject(raw) };
}

/** Splits a byte stream into length-prefixed frames (client-go's LengthDelimitedFrameReader). */
export class FrameSplitter {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Buffer[] = [];
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0);
      if (this.buf.length < 4 + len) break;
      out.push(this.buf.subarray(4, 4 + len));
      this.buf = this.buf.subarray(4 + len);
    }
    return out;
  }

  get pending(): boolean {
    return this.buf.length > 0;
  }
}
