// The decoding plans, compiled at `npm run gen:proto` time from the descriptors (buf's image of the same
// generated.proto files) and gotags.json, and checked in as generated/plans.json: at run time the reader and
// writer build a message's plan from its row, without loading any descriptor (loading all of them took about
// half a second at the first protobuf body of every process).
import { ScalarType, type DescField, type DescFile, type DescMessage } from '@bufbuild/protobuf';
import { Flag, Kind, Special, type FieldRow, type PlanTable } from '../plan';

export interface GoField {
  json?: string;
  omitempty?: boolean;
  omitzero?: boolean;
  inline?: boolean;
  pointer?: boolean;
}

export interface GoTags {
  kinds: Record<string, string>;
  messages: Record<string, Record<string, GoField>>;
}

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1.';

/** Messages whose Go type has its own MarshalJSON. */
const SPECIALS: Record<string, Special> = {
  [`${META}Time`]: Special.Time,
  [`${META}MicroTime`]: Special.MicroTime,
  [`${META}Duration`]: Special.Duration,
  [`${META}FieldsV1`]: Special.FieldsV1,
  'k8s.io.apimachinery.pkg.api.resource.Quantity': Special.Quantity,
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': Special.IntOrString,
  'k8s.io.apimachinery.pkg.runtime.RawExtension': Special.RawExtension,
};

function fieldRow(desc: DescMessage, field: DescField, messages: GoTags['messages']): FieldRow {
  // A field gotags does not know (a message with no Go struct of its own): a pointer, omitted when empty.
  const tag = messages[desc.typeName]?.[field.name] ?? { json: field.name, omitempty: true, pointer: true };
  const flags =
    (tag.pointer ? Flag.Pointer : 0) |
    (tag.omitempty ? Flag.OmitEmpty : 0) |
    (tag.omitzero ? Flag.OmitZero : 0) |
    (tag.inline ? Flag.Inline : 0) |
    (field.name === 'items' && desc.typeName.endsWith('List') ? Flag.ListItems : 0);
  const row = (kind: Kind, scalar: number, message = '', mapKey: number = ScalarType.STRING): FieldRow => [
    field.number,
    field.name,
    tag.json ?? field.name,
    kind,
    scalar,
    message,
    mapKey,
    flags,
  ];
  // Enums are int32 on the wire.
  switch (field.fieldKind) {
    case 'scalar':
      return row(Kind.Scalar, field.scalar);
    case 'enum':
      return row(Kind.Scalar, ScalarType.INT32);
    case 'message':
      return row(Kind.Message, ScalarType.INT32, field.message.typeName);
    case 'list':
      return field.listKind === 'message'
        ? row(Kind.List, ScalarType.INT32, field.message.typeName)
        : row(Kind.List, field.listKind === 'scalar' ? field.scalar : ScalarType.INT32);
    case 'map':
      return field.mapKind === 'message'
        ? row(Kind.Map, ScalarType.INT32, field.message.typeName, field.mapKey)
        : row(Kind.Map, field.mapKind === 'scalar' ? field.scalar : ScalarType.INT32, '', field.mapKey);
  }
}

/** The plan table of every message of `files`, as generated/plans.json's text. */
export function planTable(files: Iterable<DescFile>, gotags: GoTags): string {
  const table: PlanTable = { kinds: gotags.kinds, messages: {} };
  const add = (desc: DescMessage) => {
    let special = SPECIALS[desc.typeName] ?? Special.None;
    // Named string slices (ExtraValue, Verbs): a Go []string, a message with one repeated `items` in protobuf.
    if (!special && !gotags.messages[desc.typeName] && desc.fields.length === 1 && desc.fields[0].name === 'items')
      special = Special.StringSlice;
    table.messages[desc.typeName] = [special, desc.fields.map((f) => fieldRow(desc, f, gotags.messages))];
    desc.nestedMessages.forEach(add);
  };
  for (const file of files) file.messages.forEach(add);
  // One line per message, sorted: readable diffs when a Kubernetes version changes a type.
  const line = (k: string, v: unknown) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  const kinds = Object.keys(table.kinds).sort();
  const messages = Object.keys(table.messages).sort();
  return [
    '{',
    ' "kinds": {',
    kinds.map((k) => `  ${line(k, table.kinds[k])}`).join(',\n'),
    ' },',
    ' "messages": {',
    messages.map((k) => `  ${line(k, table.messages[k])}`).join(',\n'),
    ' }',
    '}',
    '',
  ].join('\n');
}
