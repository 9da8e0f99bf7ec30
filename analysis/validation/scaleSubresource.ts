// A custom resource whose CRD version has a scale subresource: apiextensions-apiserver's customResourceValidator
// (ValidateScaleSpec/ValidateScaleStatus) reads the replicas at `specReplicasPath` (and `statusReplicasPath`) with
// unstructured.NestedInt64 and the selector at `labelSelectorPath` with NestedString, whatever the schema says: a
// value that is not an int64 (a float, a string, null), a parent that is not an object, fewer than 0 or more than
// 2^31-1 replicas are refused, at the path as the CRD writes it (`.spec.replicas`).
import type { FieldPath } from '../documents/path';
import type { ScaleSubresource } from '../schema/sources/crd';
import type { FieldProblem } from './schemaValidator';

export type { ScaleSubresource };

/** What a JSON value decodes to in Go's unstructured content, printed with %v / %T. */
function goValue(v: unknown, literal?: string): { text: string; type: string } {
  if (v === null) return { text: '<nil>', type: '<nil>' };
  if (typeof v === 'string') return { text: v, type: 'string' };
  if (typeof v === 'boolean') return { text: String(v), type: 'bool' };
  if (typeof v === 'number') {
    // sigs.k8s.io/json keeps an integer literal within int64 as int64, anything else as float64.
    if (isInt64Literal(v, literal)) return { text: literal ?? String(v), type: 'int64' };
    return { text: goFloat(v), type: 'float64' };
  }
  if (Array.isArray(v)) return { text: `[${v.map((x) => goValue(x).text).join(' ')}]`, type: '[]interface {}' };
  const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    text: `map[${entries.map(([k, x]) => `${k}:${goValue(x).text}`).join(' ')}]`,
    type: 'map[string]interface {}',
  };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function isInt64Literal(v: number, literal: string | undefined): boolean {
  if (literal !== undefined) {
    if (!/^-?\d+$/.test(literal)) return false;
    const n = BigInt(literal);
    return n >= INT64_MIN && n <= INT64_MAX;
  }
  return Number.isInteger(v) && Math.abs(v) < 2 ** 63;
}

/** Go's %v of a float64: the shortest digits, with an exponent below 1e-4 and from 1e+06 (strconv 'g', -1). */
function goFloat(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? '0' : v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';
  const [mantissa, exp] = v.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(v);
}

/**
 * The scale subresource's problems for `obj` (the object at `base`). `literal` gives a number as the server receives
 * it where a JavaScript number cannot say it (int64Literals.ts): 2^63 - 1, or a float64 beyond int64.
 */
export function scaleSubresourceProblems(
  scale: ScaleSubresource,
  obj: unknown,
  base: FieldPath,
  literal: (path: FieldPath) => string | undefined = () => undefined,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const replicas = (path: string) => {
    const read = nested(obj, path);
    if (!read) return;
    const p = [...base, ...read.segments];
    if (read.error) {
      out.push({ code: 'invalid', path: p, field: path, message: `${path}: Invalid value: 0: ${read.error}` });
      return;
    }
    const v = goValue(read.value, literal(p));
    if (v.type !== 'int64') {
      const error = `${jsonPath(read.segments)} accessor error: ${v.text} is of the type ${v.type}, expected int64`;
      out.push({ code: 'invalid', path: p, field: path, message: `${path}: Invalid value: 0: ${error}` });
      return;
    }
    const n = BigInt(v.text);
    const why =
      n < 0n ? 'should be a non-negative integer' : n > 2147483647n ? 'should be less than or equal to 2147483647' : '';
    if (why) out.push({ code: 'invalid', path: p, field: path, message: `${path}: Invalid value: ${n}: ${why}` });
  };
  replicas(scale.specReplicasPath);
  if (!scale.statusReset) {
    replicas(scale.statusReplicasPath);
    const selectorPath = scale.labelSelectorPath;
    const read = selectorPath ? nested(obj, selectorPath) : undefined;
    if (selectorPath && read) {
      const p = [...base, ...read.segments];
      const v = read.error ? undefined : goValue(read.value);
      const error =
        read.error ??
        (v && v.type !== 'string'
          ? `${jsonPath(read.segments)} accessor error: ${v.text} is of the type ${v.type}, expected string`
          : undefined);
      if (error)
        out.push({
          code: 'invalid',
          path: p,
          field: selectorPath,
          message: `${selectorPath}: Invalid value: "": ${error}`,
        });
    }
  }
  return out;
}

function jsonPath(segments: string[]): string {
  return `.${segments.join('.')}`;
}

/**
 * unstructured.NestedFieldNoCopy: the value at a dotted path (a leading dot ignored), undefined when not found (a
 * missing key, or null on the way), or the accessor error of a parent that is not an object.
 */
function nested(obj: unknown, path: string): { segments: string[]; value?: unknown; error?: string } | undefined {
  const segments = path.replace(/^\./, '').split('.');
  let v: unknown = obj;
  for (let i = 0; i < segments.length; i++) {
    if (v === null || v === undefined) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) {
      const g = goValue(v);
      return {
        segments: segments.slice(0, i + 1),
        error: `${jsonPath(segments.slice(0, i + 1))} accessor error: ${g.text} is of the type ${g.type}, expected map[string]interface{}`,
      };
    }
    const m = v as Record<string, unknown>;
    if (!Object.hasOwn(m, segments[i])) return undefined;
    v = m[segments[i]];
  }
  return { segments, value: v };
}
