// Protobuf bytes straight to the object the API server's JSON gives for the same value, driven by the compiled
// plans (plan.ts): no intermediate message objects, int64 read as numbers, strings sliced natively. Semantics are
// Go's: a pointer left out is absent, a value left out is its zero, a struct value is always present, empty
// lists and maps are null unless omitempty, inline structs are merged into their parent.
import { Kind, Scalar, Special, planFor, planOf, formatGoDuration, type FieldPlan, type MessagePlan } from './plan';

type Obj = Record<string, unknown>;
/** Node's native slicers (on Buffer.prototype, not in its typings): no argument checks, no copies. */
type NodeBuffer = Buffer & {
  utf8Slice(start: number, end: number): string;
  base64Slice(start: number, end: number): string;
};

// The reader's state: module variables (not an object) because this is the hot loop of every protobuf body.
let buf = Buffer.alloc(0) as NodeBuffer;
let pos = 0;

/** RawExtension bytes (JSON, or a nested protobuf body); set by wire.ts, which owns the envelope. */
let decodeRawExtension: (raw: Uint8Array) => unknown = (raw) => JSON.parse(Buffer.from(raw).toString('utf8'));
export function setRawExtensionDecoder(fn: (raw: Uint8Array) => unknown): void {
  decodeRawExtension = fn;
}

/** Decodes `bytes` as a message of type `typeName` into its JSON shape. Re-entrant (RawExtensions nest bodies). */
export function readMessage(typeName: string, bytes: Uint8Array): unknown {
  const savedBuf = buf;
  const savedPos = pos;
  buf = (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as NodeBuffer;
  pos = 0;
  try {
    return message(planFor(typeName), buf.length);
  } finally {
    buf = savedBuf;
    pos = savedPos;
  }
}

/** Length-delimited fields of a small message as byte ranges by field number (the last one wins). */
function delimitedFields(bytes: Uint8Array): Map<number, Buffer> {
  const savedBuf = buf;
  const savedPos = pos;
  buf = (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as NodeBuffer;
  pos = 0;
  try {
    const out = new Map<number, Buffer>();
    while (pos < buf.length) {
      const tag = varint32();
      if ((tag & 7) !== 2) {
        skip(tag & 7);
        continue;
      }
      const len = varint32();
      if (pos + len > buf.length) truncated();
      out.set(tag >>> 3, buf.subarray(pos, pos + len));
      pos += len;
    }
    return out;
  } finally {
    buf = savedBuf;
    pos = savedPos;
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * runtime.Unknown, the envelope of every protobuf body (apimachinery's generated.proto: typeMeta 1 with
 * apiVersion 1 and kind 2, raw 2, contentEncoding 3, contentType 4). Read by hand: it is read once per object.
 */
export function readUnknown(bytes: Uint8Array): {
  apiVersion: string;
  kind: string;
  raw: Buffer;
  contentEncoding: string;
} {
  const f = delimitedFields(bytes);
  const typeMeta = delimitedFields(f.get(1) ?? EMPTY);
  return {
    apiVersion: (typeMeta.get(1) ?? EMPTY).toString('utf8'),
    kind: (typeMeta.get(2) ?? EMPTY).toString('utf8'),
    raw: f.get(2) ?? EMPTY,
    contentEncoding: (f.get(3) ?? EMPTY).toString('utf8'),
  };
}

/** metav1.WatchEvent (type 1, object 2: a RawExtension whose raw 1 holds a protobuf body). */
export function readWatchEvent(frame: Uint8Array): { type: string; raw: Buffer } {
  const f = delimitedFields(frame);
  return { type: (f.get(1) ?? EMPTY).toString('utf8'), raw: delimitedFields(f.get(2) ?? EMPTY).get(1) ?? EMPTY };
}

function truncated(): never {
  throw new Error('protobuf: message truncated');
}

/** A varint's low 32 bits, unsigned (tags, lengths, uint32). */
function varint32(): number {
  let b = buf[pos++];
  let r = b & 0x7f;
  if (b < 0x80) return r;
  b = buf[pos++];
  r |= (b & 0x7f) << 7;
  if (b < 0x80) return r;
  b = buf[pos++];
  r |= (b & 0x7f) << 14;
  if (b < 0x80) return r;
  b = buf[pos++];
  r |= (b & 0x7f) << 21;
  if (b < 0x80) return r;
  b = buf[pos++];
  r |= (b & 0x0f) << 28;
  // Up to five more bytes (a negative int32 is sign-extended to ten); their bits are beyond 32.
  for (let i = 0; b >= 0x80 && i < 5; i++) b = buf[pos++];
  if (b === undefined) truncated();
  return r >>> 0;
}

/** An int64 varint as a number (exact up to 2^53, like JSON.parse of the same value). */
function varint64(): number {
  const start = pos;
  let b = buf[pos++];
  if (b < 0x80) return b;
  let r = b & 0x7f;
  let mul = 0x80;
  for (let i = 1; i < 7; i++) {
    b = buf[pos++];
    r += (b & 0x7f) * mul;
    if (b < 0x80) return r;
    mul *= 0x80;
  }
  // Eight bytes or more (beyond 2^49, or negative): exact with BigInt, rare.
  pos = start;
  let big = 0n;
  let shift = 0n;
  do {
    b = buf[pos++];
    if (b === undefined) truncated();
    big |= BigInt(b & 0x7f) << shift;
    shift += 7n;
  } while (b >= 0x80);
  return Number(BigInt.asIntN(64, big));
}

function string(len: number): string {
  const end = pos + len;
  if (end > buf.length) truncated();
  const s = buf.utf8Slice(pos, end);
  pos = end;
  return s;
}

function skip(wireType: number): void {
  switch (wireType) {
    case 0:
      while (buf[pos++] >= 0x80);
      break;
    case 1:
      pos += 8;
      break;
    case 2:
      pos += varint32();
      break;
    case 5:
      pos += 4;
      break;
    case 3: // group: skip to its end tag
      for (;;) {
        const tag = varint32();
        if ((tag & 7) === 4) break;
        skip(tag & 7);
      }
      break;
    default:
      throw new Error(`protobuf: unknown wire type ${wireType}`);
  }
  if (pos > buf.length) truncated();
}

/** One scalar in its JSON form (int64 as number, bytes as base64). */
function scalar(type: Scalar): unknown {
  switch (type) {
    case Scalar.STRING:
      return string(varint32());
    case Scalar.BOOL:
      return varint64() !== 0;
    case Scalar.INT32:
      return varint32() | 0;
    case Scalar.UINT32:
      return varint32();
    case Scalar.INT64:
    case Scalar.UINT64:
      return varint64();
    case Scalar.SINT32: {
      const n = varint32();
      return (n >>> 1) ^ -(n & 1);
    }
    case Scalar.SINT64: {
      const n = BigInt(varint64());
      return Number((n >> 1n) ^ -(n & 1n));
    }
    case Scalar.BYTES: {
      const len = varint32();
      const s = buf.base64Slice(pos, pos + len);
      pos += len;
      return s;
    }
    case Scalar.DOUBLE:
      pos += 8;
      return buf.readDoubleLE(pos - 8);
    case Scalar.FLOAT:
      pos += 4;
      return buf.readFloatLE(pos - 4);
    case Scalar.FIXED32:
      pos += 4;
      return buf.readUInt32LE(pos - 4);
    case Scalar.SFIXED32:
      pos += 4;
      return buf.readInt32LE(pos - 4);
    case Scalar.FIXED64:
      pos += 8;
      return Number(buf.readBigUInt64LE(pos - 8));
    case Scalar.SFIXED64:
      pos += 8;
      return Number(buf.readBigInt64LE(pos - 8));
  }
  throw new Error(`protobuf: unsupported scalar type ${type as number}`);
}

function zeroScalar(type: Scalar): unknown {
  return type === Scalar.STRING || type === Scalar.BYTES ? '' : type === Scalar.BOOL ? false : 0;
}

function isZeroJSON(v: unknown): boolean {
  if (v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

/** The message in [pos, end) (a length-delimited field's bytes) as its JSON value. */
function message(plan: MessagePlan, end: number): unknown {
  if (plan.special !== Special.None) return special(plan, end);
  const byNumber = plan.byNumber;
  // Fields go straight into the object in wire order; what the wire left out is filled in below.
  const out: Obj = {};
  let inlineSeen = 0;
  while (pos < end) {
    const tag = varint32();
    const wireType = tag & 7;
    const f = byNumber[tag >>> 3];
    if (f === undefined) {
      skip(wireType);
      continue;
    }
    switch (f.kind) {
      case Kind.Scalar: {
        const v = scalar(f.scalar);
        // A Go value (not a pointer) that is zero and omitempty is left out of JSON, as if never set.
        if (f.pointer || !(f.omitempty || f.omitzero) || (v !== '' && v !== 0 && v !== false)) out[f.key] = v;
        break;
      }
      case Kind.Message: {
        const len = varint32();
        const v = message(planOf(f), pos + len);
        if (f.inline) {
          inlineSeen |= f.inlineBit;
          if (v && typeof v === 'object') Object.assign(out, v);
        } else if (!f.omitzero || !isZeroJSON(v)) out[f.key] = v;
        break;
      }
      case Kind.List: {
        let list = out[f.key] as unknown[] | undefined;
        if (list === undefined) out[f.key] = list = [];
        if (f.message) {
          const len = varint32();
          list.push(message(planOf(f), pos + len));
        } else if (wireType === 2 && f.scalar !== Scalar.STRING && f.scalar !== Scalar.BYTES) {
          const packedEnd = varint32() + pos; // packed repeated scalars
          while (pos < packedEnd) list.push(scalar(f.scalar));
        } else list.push(scalar(f.scalar));
        break;
      }
      case Kind.Map: {
        let map = out[f.key] as Obj | undefined;
        if (map === undefined) out[f.key] = map = {};
        mapEntry(f, map, varint32() + pos);
        break;
      }
    }
    if (pos > end) truncated();
  }
  const defaults = plan.defaults;
  for (let i = 0; i < defaults.length; i++) {
    const f = defaults[i];
    if (f.inline ? inlineSeen & f.inlineBit : out[f.key] !== undefined) continue;
    switch (f.kind) {
      case Kind.Scalar:
        out[f.key] = zeroScalar(f.scalar);
        break;
      case Kind.List:
      case Kind.Map:
        // Protobuf has no nil/empty distinction; Go decodes nil, which JSON writes as null.
        out[f.key] = f.listItems ? [] : null;
        break;
      case Kind.Message: {
        // A Go struct value: present in JSON even when the wire left it out.
        const v = message(planOf(f), pos);
        if (f.omitzero && isZeroJSON(v)) break;
        if (f.inline) {
          if (v && typeof v === 'object') Object.assign(out, v);
        } else out[f.key] = v;
        break;
      }
    }
  }
  return out;
}

function mapEntry(f: FieldPlan, map: Obj, end: number): void {
  let key: unknown = f.mapKey === Scalar.STRING ? '' : 0;
  let value: unknown;
  while (pos < end) {
    const tag = varint32();
    const no = tag >>> 3;
    if (no === 1) key = scalar(f.mapKey);
    else if (no === 2) {
      if (f.message) {
        const len = varint32();
        value = message(planOf(f), pos + len);
      } else value = scalar(f.scalar);
    } else skip(tag & 7);
  }
  if (value === undefined) value = f.message ? message(planOf(f), pos) : zeroScalar(f.scalar);
  map[String(key)] = value;
}

/** Fields of a special message by proto field number, read as raw scalars. */
function specialFields(plan: MessagePlan, end: number): unknown[] {
  const values: unknown[] = [];
  while (pos < end) {
    const tag = varint32();
    const f = plan.byNumber[tag >>> 3];
    if (f === undefined) skip(tag & 7);
    else if (f.kind === Kind.List) ((values[f.number] ??= []) as unknown[]).push(string(varint32()));
    else if (f.scalar === Scalar.BYTES) {
      const len = varint32();
      values[f.number] = buf.subarray(pos, pos + len);
      pos += len;
    } else values[f.number] = scalar(f.scalar);
  }
  return values;
}

let lastSeconds = NaN;
let lastSecondsText = '';
/** Go's time.Format(RFC3339) in UTC, to the second (timestamps of one list repeat a lot: the last one is kept). */
function formatSeconds(seconds: number): string {
  if (seconds !== lastSeconds) {
    lastSeconds = seconds;
    lastSecondsText = new Date(seconds * 1000).toISOString().slice(0, 19);
  }
  return lastSecondsText;
}

function special(plan: MessagePlan, end: number): unknown {
  const v = specialFields(plan, end);
  const n = plan.numbers;
  switch (plan.special) {
    case Special.Time:
    case Special.MicroTime: {
      const seconds = v[n.seconds] as number | undefined;
      const nanos = v[n.nanos] as number | undefined;
      if (seconds === undefined && nanos === undefined) return null; // zero time: Go's MarshalJSON writes null
      const base = formatSeconds(seconds ?? 0);
      if (plan.special === Special.Time) return `${base}Z`;
      return `${base}.${String(nanos ?? 0)
        .padStart(9, '0')
        .slice(0, 6)}Z`;
    }
    case Special.Duration:
      return formatGoDuration(BigInt((v[n.duration] as number | undefined) ?? 0));
    case Special.Quantity:
      return (v[n.string] as string | undefined) || '0';
    case Special.IntOrString:
      // type: 0 = int, 1 = string.
      return v[n.type] === 1 ? ((v[n.strVal] as string | undefined) ?? '') : ((v[n.intVal] as number | undefined) ?? 0);
    case Special.FieldsV1: {
      const raw = v[n.Raw] as Buffer | undefined;
      return raw && raw.length ? JSON.parse(raw.toString('utf8')) : null;
    }
    case Special.RawExtension: {
      const raw = v[n.raw] as Buffer | undefined;
      return raw && raw.length ? decodeRawExtension(raw) : null;
    }
    case Special.StringSlice:
      return (v[n.items] as string[] | undefined) ?? [];
  }
  return null;
}
