// A message type compiled once into what the reader and writer need per field: its JSON name and the Go struct
// tag rules (omitempty/omitzero/inline/pointer), its wire type, and the types whose JSON is not their message
// (Time, MicroTime, Duration, Quantity, IntOrString, FieldsV1, RawExtension, named string slices). Walking
// descriptors per value is what made decoding several times slower than JSON.parse; the plans are built from
// generated/plans.json, which `npm run gen:proto` compiles from the descriptors and gotags (codegen/plans.ts),
// so no descriptor is loaded at run time.
import table from './generated/plans.json';

/** Protobuf's scalar types, numbered as in descriptor.proto's FieldDescriptorProto.Type (and bufbuild's ScalarType). */
export const enum Scalar {
  DOUBLE = 1,
  FLOAT = 2,
  INT64 = 3,
  UINT64 = 4,
  INT32 = 5,
  FIXED64 = 6,
  FIXED32 = 7,
  BOOL = 8,
  STRING = 9,
  BYTES = 12,
  UINT32 = 13,
  SFIXED32 = 15,
  SFIXED64 = 16,
  SINT32 = 17,
  SINT64 = 18,
}

/** Messages whose Go type has its own MarshalJSON (or is a named []string). */
export const enum Special {
  None,
  Time,
  MicroTime,
  Duration,
  Quantity,
  IntOrString,
  FieldsV1,
  RawExtension,
  StringSlice,
}

export const enum Kind {
  Scalar,
  Message,
  List,
  Map,
}

/** A field's Go tag rules and shape, as bits of a plan table row. */
export const enum Flag {
  Pointer = 1,
  OmitEmpty = 2,
  OmitZero = 4,
  Inline = 8,
  /** `items` of a List type. */
  ListItems = 16,
}

/** [number, proto name, JSON key, kind, scalar, message type name or '', map key scalar, flags] */
export type FieldRow = [number, string, string, Kind, number, string, number, number];

/** generated/plans.json: the message of each built-in kind (`apiVersion/kind`), and every message's row. */
export interface PlanTable {
  kinds: Record<string, string>;
  messages: Record<string, [Special, FieldRow[]]>;
}

const TABLE = table as unknown as PlanTable;

/** The message type name of a built-in kind, by `apiVersion/kind`. */
export const KIND_MESSAGES: Readonly<Record<string, string>> = TABLE.kinds;

export interface FieldPlan {
  /** Position in MessagePlan.fields (the reader collects values in an array of that length). */
  index: number;
  number: number;
  /** The JSON key (Go's json tag). */
  key: string;
  kind: Kind;
  /** The scalar type of a scalar, of a list's items, or of a map's values (enums are int32). */
  scalar: Scalar;
  /** A message field, list of messages or map of messages: the item's type name (its plan resolved on first use). */
  message?: string;
  mapKey: Scalar;
  pointer: boolean;
  omitempty: boolean;
  omitzero: boolean;
  inline: boolean;
  /** `items` of a List type: the server never leaves it nil, so JSON says [] where protobuf has nothing. */
  listItems: boolean;
  /** An inline struct's bit in the reader's "seen" mask. */
  inlineBit: number;
  /** The item message's plan, once resolved (planOf). */
  plan?: MessagePlan;
}

export interface MessagePlan {
  typeName: string;
  special: Special;
  fields: FieldPlan[];
  /** Indexed by field number. */
  byNumber: (FieldPlan | undefined)[];
  /**
   * The fields JSON shows even when the wire left them out (Go values that are not omitempty, struct values,
   * nil lists and maps without omitempty): the reader fills these in after the wire's fields.
   */
  defaults: FieldPlan[];
  /** Field numbers of the special types' fields, by proto field name. */
  numbers: Record<string, number>;
}

const plans = new Map<string, MessagePlan>();

export function planFor(typeName: string): MessagePlan {
  let plan = plans.get(typeName);
  if (plan) return plan;
  const row = TABLE.messages[typeName];
  if (!row) throw new Error(`protobuf: no plan for message ${typeName}`);
  const [special, rows] = row;
  const numbers: Record<string, number> = {};
  const fields = rows.map(([number, name, key, kind, scalar, message, mapKey, flags], index): FieldPlan => {
    numbers[name] = number;
    return {
      index,
      number,
      key,
      kind,
      scalar,
      message: message || undefined,
      mapKey,
      pointer: (flags & Flag.Pointer) !== 0,
      omitempty: (flags & Flag.OmitEmpty) !== 0,
      omitzero: (flags & Flag.OmitZero) !== 0,
      inline: (flags & Flag.Inline) !== 0,
      listItems: (flags & Flag.ListItems) !== 0,
      inlineBit: 0,
    };
  });
  const byNumber: (FieldPlan | undefined)[] = [];
  for (const f of fields) byNumber[f.number] = f;
  let inlines = 0;
  for (const f of fields) if (f.inline) f.inlineBit = 1 << inlines++;
  if (inlines > 31) throw new Error(`protobuf: ${typeName} has more inline structs than the reader tracks`);
  const defaults = fields.filter((f) =>
    f.kind === Kind.Message
      ? !f.pointer
      : f.kind === Kind.Scalar
        ? !f.pointer && !f.omitempty && !f.omitzero
        : !f.omitempty && !f.omitzero,
  );
  plan = { typeName, special, fields, byNumber, defaults, numbers };
  plans.set(typeName, plan);
  return plan;
}

/** The plan of a message field's (or list item's, or map value's) type, cached on the field. */
export function planOf(f: FieldPlan): MessagePlan {
  return (f.plan ??= planFor(f.message!));
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

const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n,
  μs: 1000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go's time.ParseDuration (what metav1.Duration's UnmarshalJSON accepts), in nanoseconds. */
export function parseGoDuration(text: string): bigint {
  let s = text;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (!s) throw new Error(`time: invalid duration "${text}"`);
  let total = 0n;
  // µ (micro sign) and μ (Greek mu) escaped: a regex keeps them as written, and one non-ASCII character makes the
  // whole CLI bundle a two-byte string for V8.
  const re = /^(\d*)(?:\.(\d*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/;
  while (s) {
    const m = re.exec(s);
    if (!m || (!m[1] && !m[2])) throw new Error(`time: invalid duration "${text}"`);
    const scale = UNIT_NANOS[m[3]];
    total += BigInt(m[1] || '0') * scale;
    if (m[2]) total += (BigInt(m[2]) * scale) / 10n ** BigInt(m[2].length);
    s = s.slice(m[0].length);
  }
  return neg ? -total : total;
}
