// A decoded protobuf message as the plain object the same value has in the API server's JSON: JSON field names,
// omitempty/omitzero/inline from the Go struct tags (generated/gotags.json), and the types whose JSON is not their
// message (Time, MicroTime, Duration, Quantity, IntOrString, FieldsV1, RawExtension, named string slices).
import { isFieldSet, ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import gotags from './generated/gotags.json';

interface GoField {
  json?: string;
  omitempty?: boolean;
  omitzero?: boolean;
  inline?: boolean;
  pointer?: boolean;
}

const MESSAGES = (gotags as { messages: Record<string, Record<string, GoField>> }).messages;

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1.';
const TIME = `${META}Time`;
const MICRO_TIME = `${META}MicroTime`;
const DURATION = `${META}Duration`;
const FIELDS_V1 = `${META}FieldsV1`;
const QUANTITY = 'k8s.io.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'k8s.io.apimachinery.pkg.util.intstr.IntOrString';
const RAW_EXTENSION = 'k8s.io.apimachinery.pkg.runtime.RawExtension';

/** Decodes the bytes of a RawExtension (JSON, or a nested protobuf envelope); set by wire.ts to avoid a cycle. */
export let decodeRawExtension: (raw: Uint8Array) => unknown = (raw) => JSON.parse(Buffer.from(raw).toString('utf8'));
export function setRawExtensionDecoder(fn: (raw: Uint8Array) => unknown): void {
  decodeRawExtension = fn;
}

type Msg = Record<string, unknown>;

/** Go's time.Format(RFC3339) in UTC, with `digits` fractional digits (0 for Time, 6 for MicroTime). */
function formatTime(seconds: bigint, nanos: number, digits: number): string {
  const d = new Date(Number(seconds) * 1000);
  const base = d.toISOString().slice(0, 19);
  if (digits === 0) return `${base}Z`;
  const frac = String(nanos).padStart(9, '0').slice(0, digits);
  return `${base}.${frac}Z`;
}

/** Go's time.Duration.String(). */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const neg = nanos < 0n;
  let u = neg ? -nanos : nanos;
  let out: string;
  if (u < 1_000_000_000n) {
    // Sub-second: ns, µs or ms with a fraction.
    const [unit, scale] = u < 1000n ? ['ns', 1n] : u < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
    out = fraction(u, scale) + unit;
  } else {
    const h = u / 3_600_000_000_000n;
    u -= h * 3_600_000_000_000n;
    const m = u / 60_000_000_000n;
    u -= m * 60_000_000_000n;
    out = `${fraction(u, 1_000_000_000n)}s`;
    if (h > 0n || m > 0n) out = `${m}m${out}`;
    if (h > 0n) out = `${h}h${out}`;
  }
  return neg ? `-${out}` : out;
}

function fraction(v: bigint, scale: bigint): string {
  const whole = v / scale;
  const rest = v % scale;
  if (rest === 0n) return String(whole);
  const digits = String(scale).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

function scalarJSON(type: ScalarType, value: unknown): unknown {
  switch (type) {
    case ScalarType.BYTES:
      return Buffer.from(value as Uint8Array).toString('base64');
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return Number(value);
    default:
      return value;
  }
}

function isZeroScalar(v: unknown): boolean {
  return v === '' || v === 0 || v === 0n || v === false || (v instanceof Uint8Array && v.length === 0);
}

/** A message that Go encodes with a custom MarshalJSON, or undefined for an ordinary struct. */
function specialJSON(desc: DescMessage, msg: Msg): { value: unknown } | undefined {
  switch (desc.typeName) {
    case TIME:
    case MICRO_TIME: {
      const seconds = (msg.seconds as bigint | undefined) ?? 0n;
      const nanos = (msg.nanos as number | undefined) ?? 0;
      const set = desc.fields.some((f) => isFieldSet(msg as never, f));
      if (!set) return { value: null }; // zero time: Go's Marshal writes nothing, MarshalJSON writes null
      return { value: formatTime(seconds, nanos, desc.typeName === TIME ? 0 : 6) };
    }
    case DURATION:
      return { value: formatGoDuration((msg.duration as bigint | undefined) ?? 0n) };
    case QUANTITY:
      return { value: (msg.string as string | undefined) || '0' };
    case INT_OR_STRING:
      // type is an int64 (a bigint here): 0 = int, 1 = string.
      return {
        value: Number(msg.type ?? 0) === 1 ? ((msg.strVal as string | undefined) ?? '') : ((msg.intVal as number) ?? 0),
      };
    case FIELDS_V1: {
      const raw = msg.Raw as Uint8Array | undefined;
      return { value: raw && raw.length ? JSON.parse(Buffer.from(raw).toString('utf8')) : null };
    }
    case RAW_EXTENSION: {
      const raw = msg.raw as Uint8Array | undefined;
      return { value: raw && raw.length ? decodeRawExtension(raw) : null };
    }
  }
  // Named string slices (ExtraValue, Verbs): a Go []string, a message with one repeated `items` in protobuf.
  if (!MESSAGES[desc.typeName] && desc.fields.length === 1 && desc.fields[0].name === 'items') {
    return { value: [...((msg.items as unknown[]) ?? [])] };
  }
  return undefined;
}

function isZeroJSON(v: unknown): boolean {
  if (v === null || isZeroScalar(v)) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

function messageValue(desc: DescMessage, msg: Msg): unknown {
  const special = specialJSON(desc, msg);
  if (special) return special.value;
  return messageToJSON(desc, msg);
}

function listValue(field: DescField & { fieldKind: 'list' }, list: unknown[]): unknown[] {
  if (field.listKind === 'message') return list.map((m) => messageValue(field.message, m as Msg));
  if (field.listKind === 'scalar') return list.map((v) => scalarJSON(field.scalar, v));
  return list;
}

function mapValue(field: DescField & { fieldKind: 'map' }, map: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) {
    out[k] =
      field.mapKind === 'message'
        ? messageValue(field.message, v as Msg)
        : field.mapKind === 'scalar'
          ? scalarJSON(field.scalar, v)
          : v;
  }
  return out;
}

/** The JSON object of a decoded message of type `desc`. */
export function messageToJSON(desc: DescMessage, msg: Msg): Record<string, unknown> {
  const tags = MESSAGES[desc.typeName] ?? {};
  const out: Record<string, unknown> = {};
  for (const field of desc.fields) {
    const tag = tags[field.name] ?? { json: field.name, omitempty: true, pointer: true };
    const set = isFieldSet(msg as never, field);
    let value: unknown;
    switch (field.fieldKind) {
      case 'scalar':
      case 'enum': {
        // Pointers: nil is absent; a set pointer is written even when zero. Values: Go always has one.
        if (!set && tag.pointer) continue;
        const v = set ? msg[field.localName] : field.fieldKind === 'scalar' ? zeroOf(field.scalar) : 0;
        if (!tag.pointer && (tag.omitempty || tag.omitzero) && isZeroScalar(v)) continue;
        value = field.fieldKind === 'scalar' ? scalarJSON(field.scalar, v) : v;
        break;
      }
      case 'list': {
        const list = msg[field.localName] as unknown[];
        if (list.length === 0) {
          // Protobuf has no nil/empty distinction; Go decodes nil, which JSON writes as null.
          if (tag.omitempty || tag.omitzero) continue;
          // A list object's items are never nil on the server (meta.SetList), so JSON says [].
          value = field.name === 'items' && desc.typeName.endsWith('List') ? [] : null;
        } else value = listValue(field, list);
        break;
      }
      case 'map': {
        const map = msg[field.localName] as Record<string, unknown>;
        if (Object.keys(map).length === 0) {
          if (tag.omitempty || tag.omitzero) continue;
          value = null;
        } else value = mapValue(field, map);
        break;
      }
      case 'message': {
        if (!set) {
          if (tag.pointer) continue;
          // A Go struct value: present in JSON even when the wire left it out.
          value = messageValue(field.message, {} as Msg);
        } else value = messageValue(field.message, msg[field.localName] as Msg);
        if (tag.omitzero && isZeroJSON(value)) continue;
        if (tag.inline && value && typeof value === 'object') {
          Object.assign(out, value);
          continue;
        }
        break;
      }
    }
    out[tag.json ?? field.name] = value;
  }
  return out;
}

function zeroOf(type: ScalarType): unknown {
  switch (type) {
    case ScalarType.STRING:
      return '';
    case ScalarType.BOOL:
      return false;
    case ScalarType.BYTES:
      return new Uint8Array(0);
    default:
      return 0;
  }
}
