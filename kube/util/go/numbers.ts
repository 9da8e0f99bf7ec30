// JSON numbers as Go programs (kubectl, the API server) hold and print them. Decoding into unstructured content
// gives int64 when the literal is integral and float64 otherwise; JavaScript keeps only the double, so an
// integral double within int64's range stands for the int64 the API server sent (it marshals integral values
// without exponent, so `1e6` never arrives as a literal). Digits beyond 2^53 are already lost in JSON.parse.
import { formatFloat } from './strconv';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** An integral double's digits as Go's json.Marshal writes them: shortest round-trip digits, then zeros. */
const integerText = (n: number) => formatFloat(n === 0 ? 0 : n, 'f'); // an integer has no -0

/** Within [min, max] as the literal the API server sent (its digits, not the double's exact value). */
function literalWithin(n: number, min: bigint, max: bigint): boolean {
  if (!Number.isInteger(n)) return false;
  if (Number.isSafeInteger(n)) return true;
  const v = BigInt(integerText(n));
  return v >= min && v <= max;
}

/** Would Go have decoded this JSON number into an int64? */
export function isGoInt64(n: number): boolean {
  return literalWithin(n, INT64_MIN, INT64_MAX);
}

/** fmt.Sprint (%v) of a decoded JSON number. */
export function sprintNumber(n: number): string {
  return isGoInt64(n) ? integerText(n) : formatFloat(n, 'g');
}

/** encoding/json's float64: 'f' format, exponent only below 1e-6 or from 1e21, with `e-07` cleaned to `e-7`. */
export function jsonFloat(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) return formatFloat(n, 'e').replace(/e([+-])0(\d)$/, 'e$1$2');
  return formatFloat(n, 'f');
}

/** json.Marshal of a decoded JSON number. */
export function jsonNumber(n: number): string {
  return isGoInt64(n) ? integerText(n) : jsonFloat(n);
}

/**
 * A decoded JSON number as sigs.k8s.io/yaml.Marshal prints it (JSON text re-read by go-yaml v2: an integral
 * literal that fits int64 or uint64 stays an integer, anything else is a float in strconv's shortest 'g').
 */
export function yamlNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  if (literalWithin(n, INT64_MIN, UINT64_MAX)) return integerText(n);
  return formatFloat(n, 'g');
}
