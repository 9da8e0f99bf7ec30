// The JSON shape of an object to protobuf bytes, the inverse of reader.ts: what client-go's protobuf serializer
// writes for a request body. Only what the object holds is written (Go decodes a missing field as its zero, as a
// missing JSON key); keys the message has no field for are dropped, as client-go's typed structs drop them.
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { Kind, Scalar, Special, planFor, planOf, parseGoDuration, type FieldPlan, type MessagePlan } from './plan';

type Obj = Record<string, unknown>;

/** Encodes `value` (the JSON shape) as a message of type `typeName`. */
export function writeMessage(typeName: string, value: Obj): Uint8Array {
  const w = new BinaryWriter();
  message(w, planFor(typeName), value);
  return w.finish();
}

function fail(plan: MessagePlan | FieldPlan, value: unknown, want: string): never {
  const where = 'typeName' in plan ? plan.typeName : plan.key;
  throw new Error(`protobuf: ${where}: expected ${want}, got ${JSON.stringify(value)}`);
}

function wireTypeOf(type: Scalar): WireType {
  switch (type) {
    case Scalar.STRING:
    case Scalar.BYTES:
      return WireType.LengthDelimited;
    case Scalar.DOUBLE:
    case Scalar.FIXED64:
    case Scalar.SFIXED64:
      return WireType.Bit64;
    case Scalar.FLOAT:
    case Scalar.FIXED32:
    case Scalar.SFIXED32:
      return WireType.Bit32;
    default:
      return WireType.Varint;
  }
}

function scalar(w: BinaryWriter, f: FieldPlan, type: Scalar, no: number, v: unknown): void {
  w.tag(no, wireTypeOf(type));
  switch (type) {
    case Scalar.STRING:
      if (typeof v !== 'string') fail(f, v, 'a string');
      w.string(v);
      return;
    case Scalar.BYTES:
      if (typeof v !== 'string') fail(f, v, 'base64 bytes');
      w.bytes(Buffer.from(v, 'base64'));
      return;
    case Scalar.BOOL:
      if (typeof v !== 'boolean') fail(f, v, 'a boolean');
      w.bool(v);
      return;
  }
  if (typeof v !== 'number' && typeof v !== 'string') fail(f, v, 'a number');
  const n = typeof v === 'string' ? BigInt(v) : v;
  switch (type) {
    case Scalar.INT64:
      w.int64(n);
      return;
    case Scalar.UINT64:
      w.uint64(n);
      return;
    case Scalar.SINT64:
      w.sint64(n);
      return;
    case Scalar.FIXED64:
      w.fixed64(n);
      return;
    case Scalar.SFIXED64:
      w.sfixed64(n);
      return;
    case Scalar.DOUBLE:
      w.double(Number(n));
      return;
    case Scalar.FLOAT:
      w.float(Number(n));
      return;
    case Scalar.UINT32:
      w.uint32(Number(n));
      return;
    case Scalar.SINT32:
      w.sint32(Number(n));
      return;
    case Scalar.FIXED32:
      w.fixed32(Number(n));
      return;
    case Scalar.SFIXED32:
      w.sfixed32(Number(n));
      return;
    default:
      w.int32(Number(n));
  }
}

/** A message value, length-delimited under field `no`. */
function nested(w: BinaryWriter, no: number, plan: MessagePlan, v: unknown): void {
  w.tag(no, WireType.LengthDelimited).fork();
  if (plan.special !== Special.None) special(w, plan, v);
  else {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(plan, v, 'an object');
    message(w, plan, v as Obj);
  }
  w.join();
}

function message(w: BinaryWriter, plan: MessagePlan, obj: Obj): void {
  for (const f of plan.fields) {
    if (f.inline && f.kind === Kind.Message) {
      // An inline struct's fields are the parent's JSON keys.
      nested(w, f.number, planOf(f), obj);
      continue;
    }
    const v = obj[f.key];
    if (v === undefined || v === null) continue;
    switch (f.kind) {
      case Kind.Scalar:
        scalar(w, f, f.scalar, f.number, v);
        break;
      case Kind.Message:
        nested(w, f.number, planOf(f), v);
        break;
      case Kind.List:
        if (!Array.isArray(v)) fail(f, v, 'a list');
        for (const item of v) {
          if (item === null || item === undefined) continue;
          if (f.message) nested(w, f.number, planOf(f), item);
          else scalar(w, f, f.scalar, f.number, item);
        }
        break;
      case Kind.Map:
        if (typeof v !== 'object' || Array.isArray(v)) fail(f, v, 'a map');
        for (const [key, item] of Object.entries(v as Obj)) {
          w.tag(f.number, WireType.LengthDelimited).fork();
          scalar(w, f, f.mapKey, 1, f.mapKey === Scalar.STRING ? key : Number(key));
          if (item !== null && item !== undefined) {
            if (f.message) nested(w, 2, planOf(f), item);
            else scalar(w, f, f.scalar, 2, item);
          }
          w.join();
        }
        break;
    }
  }
}

/** RFC 3339 (Go's metav1.Time/MicroTime JSON) to seconds and nanoseconds. */
function parseTime(plan: MessagePlan, text: unknown): { seconds: number; nanos: number } {
  const m = typeof text === 'string' ? /^(.*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text) : null;
  const ms = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  if (!m || Number.isNaN(ms)) fail(plan, text, 'an RFC 3339 time');
  return { seconds: Math.floor(ms / 1000), nanos: m[2] ? Number(m[2].padEnd(9, '0').slice(0, 9)) : 0 };
}

function bytesOf(v: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(v), 'utf8');
}

function special(w: BinaryWriter, plan: MessagePlan, v: unknown): void {
  const n = plan.numbers;
  switch (plan.special) {
    case Special.Time:
    case Special.MicroTime: {
      const { seconds, nanos } = parseTime(plan, v);
      w.tag(n.seconds, WireType.Varint).int64(seconds);
      w.tag(n.nanos, WireType.Varint).int32(nanos);
      return;
    }
    case Special.Duration:
      if (typeof v !== 'string') fail(plan, v, 'a duration');
      w.tag(n.duration, WireType.Varint).int64(parseGoDuration(v));
      return;
    case Special.Quantity:
      // JSON accepts a number for a quantity (`cpu: 1`); its canonical text is the server's business.
      if (typeof v !== 'string' && typeof v !== 'number') fail(plan, v, 'a quantity');
      w.tag(n.string, WireType.LengthDelimited).string(String(v));
      return;
    case Special.IntOrString:
      if (typeof v === 'number') {
        w.tag(n.type, WireType.Varint).int64(0);
        w.tag(n.intVal, WireType.Varint).int32(v);
      } else if (typeof v === 'string') {
        w.tag(n.type, WireType.Varint).int64(1);
        w.tag(n.strVal, WireType.LengthDelimited).string(v);
      } else fail(plan, v, 'an int or a string');
      return;
    case Special.FieldsV1:
      w.tag(n.Raw, WireType.LengthDelimited).bytes(bytesOf(v));
      return;
    case Special.RawExtension:
      // JSON inside the envelope, as client-go writes a RawExtension it holds as JSON; the server decodes both.
      w.tag(n.raw, WireType.LengthDelimited).bytes(bytesOf(v));
      return;
    case Special.StringSlice:
      if (!Array.isArray(v)) fail(plan, v, 'a list of strings');
      for (const s of v) w.tag(n.items, WireType.LengthDelimited).string(String(s));
      return;
  }
}
