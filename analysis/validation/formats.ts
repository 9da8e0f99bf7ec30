// String formats as Kubernetes checks them (kube-openapi strfmt + apimachinery), registered on ajv.
import type Ajv from 'ajv';
import type { Format } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import { parseQuantity } from '../../kube/util/quantity';
import { goTimeParseError, RFC3339, RFC3339_MICRO } from './goTime';
import { parseIPSloppy } from './builtin/legacyIP';
import { parseIP } from './celNet';

// Go's base64.StdEncoding (newlines are ignored by the decoder).
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// kube-openapi's strfmt.ParseDuration: Go's time.ParseDuration, else any `<digits><unit>` found anywhere in the
// text with a unit it knows (so "PT1H" and "1 h" pass, "1y" and "10" do not; measured against the server).
const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$|^[-+]?0$/;
const STRFMT_DURATION_PART = /(\d+)\s*([A-Za-z\u00b5]+)/g;
const STRFMT_DURATION_UNITS = new Set([
  'ns',
  'nano',
  'us',
  '\u00b5s',
  'micro',
  'ms',
  'milli',
  's',
  'sec',
  'm',
  'min',
  'h',
  'hr',
  'hour',
  'd',
  'day',
  'w',
  'wk',
  'week',
]);
// kube-openapi's strfmt UUID patterns: case-insensitive, hyphens optional, version (and variant) digits checked.
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;

// kube-openapi's strfmt hostname: letters and symbols of any script, a top-level label of letters only (2 to 63),
// at most 255 bytes and 63 per label (measured against the server: "😀" and "é.com" pass, "a.b1" does not).
const HOSTNAME =
  /^(?:[a-zA-Z0-9\p{S}\p{L}](?:(?:-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|(?:[a-zA-Z0-9\p{S}\p{L}](?:(?:[a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(?:\.)){1,}(?:[a-zA-Z\p{L}]){2,63})$/u;

function isHostname(s: string): boolean {
  if (!HOSTNAME.test(s) || Buffer.byteLength(s) > 255) return false;
  return s.split('.').every((label) => Buffer.byteLength(label) <= 63);
}

// kube-openapi's strfmt.IsDateTime: the text lower-cased and split at every `t`, a date (Go's "2006-01-02") before
// the first, and after it a time whose fraction follows any one character, with `z` or a ±hh:mm offset (any
// hours). A space for the `T` is refused, a second `t` ignores the rest (measured against the server).
const STRFMT_TIME = /^([0-9]{2}):([0-9]{2}):([0-9]{2})([^\n][0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/u;

// ajv-formats' full date: four, two and two digits, the day within its month (leap years too), as Go's time.Parse.
const isFullDate = (fullFormats.date as unknown as { validate: (d: string) => boolean }).validate;

function isStrfmtDateTime(s: string): boolean {
  if (s.length < 4) return false;
  const parts = s.toLowerCase().split('t');
  if (parts.length < 2 || !isFullDate(parts[0])) return false;
  const m = STRFMT_TIME.exec(parts[1]);
  return !!m && m[1] <= '23' && m[2] <= '59' && m[3] <= '59';
}

function isDuration(s: string): boolean {
  if (GO_DURATION.test(s)) return true;
  for (const m of s.matchAll(STRFMT_DURATION_PART))
    if (m[1].length < 19 && STRFMT_DURATION_UNITS.has(m[2].toLowerCase())) return true;
  return false;
}
const MAC =
  /^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$|^([0-9A-Fa-f]{2}[:-]){7}([0-9A-Fa-f]{2})$|^([0-9A-Fa-f]{4}\.){2}[0-9A-Fa-f]{4}$/;

/** metav1.Time and metav1.MicroTime of built-in types (openapiToJsonSchema.ts renames their date-time format). */
export const GO_TIME_FORMAT = 'go-time-rfc3339';
export const GO_MICRO_TIME_FORMAT = 'go-time-rfc3339-micro';

/** Go's parse error of a value of one of the two Go time formats. */
export function goTimeFormatError(format: string, s: string): string | undefined {
  return goTimeParseError(format === GO_MICRO_TIME_FORMAT ? RFC3339_MICRO : RFC3339, s);
}

/** The formats as ajv stores them (the shape of each, RegExp, function or {type, validate}, decides the code it generates). */
export const KUBERNETES_FORMATS: Record<string, Format> = {
  int32: {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647,
  },
  int64: {
    type: 'number',
    validate: (n: number) => (Number.isInteger(n) && Number.isSafeInteger(n)) || Math.abs(n) <= 9223372036854775807,
  },
  byte: (s: string) => BASE64.test(s.replace(/[\r\n]/g, '')),
  'date-time': (s: string) => isStrfmtDateTime(s),
  datetime: (s: string) => isStrfmtDateTime(s),
  [GO_TIME_FORMAT]: (s: string) => goTimeFormatError(GO_TIME_FORMAT, s) === undefined,
  [GO_MICRO_TIME_FORMAT]: (s: string) => goTimeFormatError(GO_MICRO_TIME_FORMAT, s) === undefined,
  date: fullFormats.date as (s: string) => boolean,
  duration: (s: string) => isDuration(s),
  quantity: (s: string) => parseQuantity(s) !== undefined,
  // kube-openapi's isIPv4: ParseIPSloppy (leading zeros accepted) of a string with a dot (::ffff:1.2.3.4 too).
  ipv4: (s: string) => s.includes('.') && parseIPSloppy(s) !== undefined,
  // govalidator.IsIPv6: today's net.ParseIP (netip.ParseAddr without a zone) of a string with a colon.
  ipv6: (s: string) => s.includes(':') && parseIP(s) !== undefined,
  uuid: UUID,
  uuid3: UUID3,
  uuid4: UUID4,
  uuid5: UUID5,
  email: fullFormats.email as RegExp,
  hostname: (s: string) => isHostname(s),
  mac: MAC,
  cidr: (s: string) => isCidr(s),
  // url.ParseRequestURI: an absolute URI or an absolute path, no spaces.
  uri: (s: string) => /^([a-zA-Z][a-zA-Z0-9+.-]*:|\/)\S*$/.test(s),
};

export function registerKubernetesFormats(ajv: Ajv): void {
  for (const [name, format] of Object.entries(KUBERNETES_FORMATS)) ajv.addFormat(name, format);
}

/** kube-openapi's isCIDR: ParseCIDRSloppy, Go 1.16's net.ParseCIDR (leading zeros in the address and the length). */
function isCidr(s: string): boolean {
  const i = s.indexOf('/');
  if (i < 0 || !/^\d+$/.test(s.slice(i + 1))) return false;
  const ip = parseIPSloppy(s.slice(0, i));
  if (!ip) return false;
  // An address written as IPv4 has 32 bits, any other (IPv4-mapped included) 128.
  return Number(s.slice(i + 1)) <= (/^[\d.]+$/.test(s.slice(0, i)) ? 32 : 128);
}

type FormatCheck = ((s: string) => boolean) | RegExp | { type?: string; validate: (v: never) => boolean };
let formatTable: Map<string, FormatCheck> | undefined;

/** Whether a value has a Kubernetes format (undefined: the format is unknown, or not for this type). */
export function matchesFormat(format: string, value: unknown): boolean | undefined {
  if (!formatTable) {
    const table = new Map<string, FormatCheck>();
    registerKubernetesFormats({ addFormat: (name: string, f: FormatCheck) => table.set(name, f) } as unknown as Ajv);
    formatTable = table;
  }
  const f = formatTable.get(format);
  if (!f) return undefined;
  if (f instanceof RegExp) return typeof value === 'string' ? f.test(value) : undefined;
  if (typeof f === 'function') return typeof value === 'string' ? f(value) : undefined;
  if (f.type === 'number') return typeof value === 'number' ? f.validate(value as never) : undefined;
  return typeof value === 'string' ? f.validate(value as never) : undefined;
}
