// A message type compiled once into what the reader and writer need per field: its JSON name and the Go struct
// tag rules (omitempty/omitzero/inline/pointer from generated/gotags.json), its wire type, and the types whose JSON
// is not their message (Time, MicroTime, Duration, Quantity, IntOrString, FieldsV1, RawExtension, named string
// slices). Walking descriptors per value is what made decoding several times slower than JSON.parse.
import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
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

const SPECIALS: Record<string, Special> = {
  [`${META}Time`]: Special.Time,
  [`${META}MicroTime`]: Special.MicroTime,
  [`${META}Duration`]: Special.Duration,
  [`${META}FieldsV1`]: Special.FieldsV1,
  'k8s.io.apimachinery.pkg.api.resource.Quantity': Special.Quantity,
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': Special.IntOrString,
  'k8s.io.apimachinery.pkg.runtime.RawExtension': Special.RawExtension,
};

export const enum Kind {
  Scalar,
  Message,
  List,
  Map,
}

export interface FieldPlan {
  /** Position in MessagePlan.fields (the reader collects values in an array of that length). */
  index: number;
  number: number;
  /** The JSON key (Go's json tag). */
  key: string;
  kind: Kind;
  /** The scalar type of a scalar, of a list's items, or of a map's values (enums are int32). */
  scalar: ScalarType;
  /** A message field, list of messages or map of messages: the item's plan (resolved on first use). */
  message?: DescMessage;
  mapKey: ScalarType;
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

function fieldPlan(desc: DescMessage, field: DescField, index: number): FieldPlan {
  const tag = MESSAGES[desc.typeName]?.[field.name] ?? { json: field.name, omitempty: true, pointer: true };
  const base = {
    index,
    number: field.number,
    key: tag.json ?? field.name,
    scalar: ScalarType.INT32,
    mapKey: ScalarType.STRING,
    pointer: !!tag.pointer,
    omitempty: !!tag.omitempty,
    omitzero: !!tag.omitzero,
    inline: !!tag.inline,
    listItems: field.name === 'items' && desc.typeName.endsWith('List'),
    inlineBit: 0,
  };
  switch (field.fieldKind) {
    case 'scalar':
      return { ...base, kind: Kind.Scalar, scalar: field.scalar };
    case 'enum':
      return { ...base, kind: Kind.Scalar };
    case 'message':
      return { ...base, kind: Kind.Message, message: field.message };
    case 'list':
      return field.listKind === 'message'
        ? { ...base, kind: Kind.List, message: field.message }
        : { ...base, kind: Kind.List, scalar: field.listKind === 'scalar' ? field.scalar : ScalarType.INT32 };
    case 'map':
      return {
        ...base,
        kind: Kind.Map,
        mapKey: field.mapKey,
        message: field.mapKind === 'message' ? field.message : undefined,
        scalar: field.mapKind === 'scalar' ? field.scalar : ScalarType.INT32,
      };
  }
}

export function planFor(desc: DescMessage): MessagePlan {
  let plan = plans.get(desc.typeName);
  if (plan) return plan;
  let special = SPECIALS[desc.typeName] ?? Special.None;
  // Named string slices (ExtraValue, Verbs): a Go []string, a message with one repeated `items` in protobuf.
  if (!special && !MESSAGES[desc.typeName] && desc.fields.length === 1 && desc.fields[0].name === 'items')
    special = Special.StringSlice;
  const fields = desc.fields.map((f, i) => fieldPlan(desc, f, i));
  const byNumber: (FieldPlan | undefined)[] = [];
  const numbers: Record<string, number> = {};
  for (const f of fields) byNumber[f.number] = f;
  for (const f of desc.fields) numbers[f.name] = f.number;
  let inlines = 0;
  for (const f of fields) if (f.inline) f.inlineBit = 1 << inlines++;
  if (inlines > 31) throw new Error(`protobuf: ${desc.typeName} has more inline structs than the reader tracks`);
  const defaults = fields.filter((f) =>
    f.kind === Kind.Message
      ? !f.pointer
      : f.kind === Kind.Scalar
        ? !f.pointer && !f.omitempty && !f.omitzero
        : !f.omitempty && !f.omitzero,
  );
  plan = { typeName: desc.typeName, special, fields, byNumber, defaults, numbers };
  plans.set(desc.typeName, plan);
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
  const re = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
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
