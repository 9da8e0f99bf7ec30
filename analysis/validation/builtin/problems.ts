// The problem list every hand-written check reports into, worded as apimachinery's field.ErrorList prints it, and
// the small helpers the per-group checks share.
import { FieldPath, formatPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import type { FieldProblem } from '../schemaValidator';
import { formatValue } from '../messages';

export type Obj = Record<string, unknown>;

export interface ObjectCheckContext {
  group: string;
  kind: string;
  isCustomResource: boolean;
  /** The server clears metadata.namespace of a cluster-scoped kind before validating (rest.BeforeCreate). */
  clusterScoped?: boolean;
}

export class Problems {
  readonly list: FieldProblem[] = [];
  constructor(private readonly base: FieldPath) {}
  private full(path: FieldPath): FieldPath {
    return [...this.base, ...path];
  }
  notFound(path: FieldPath, value: unknown): void {
    const p = this.full(path);
    this.list.push({ code: 'invalid', path: p, message: `${formatPath(p)}: Not found: ${formatValue(value)}` });
  }
  /** `field`: where the server reports it, when that is a parent of the value (the range stays on the value), or
   * the server's name for it when formatPath would print it otherwise. */
  invalid(path: FieldPath, value: unknown, detail: string, field?: FieldPath | string): void {
    const p = this.full(path);
    const f = this.fieldName(field);
    this.list.push({
      code: 'invalid',
      path: p,
      field: f,
      // Go's field.Error leaves out ": detail" when there is none (a StatefulSet's unconvertible selector).
      message: `${f ?? formatPath(p)}: Invalid value: ${formatValue(value)}${detail ? `: ${detail}` : ''}`,
    });
  }
  /** `field`: the server's name for it, when formatPath would print it otherwise (`spec.resources[storage]`), or
   * the path it reports (a parent of or beside the value). */
  required(path: FieldPath, detail = '', field?: string | FieldPath): void {
    const p = this.full(path);
    const f = this.fieldName(field);
    this.list.push({
      code: 'required',
      path: p,
      field: f,
      message: `${f ?? formatPath(p)}: Required value${detail ? `: ${detail}` : ''}`,
      onKey: true,
    });
  }
  /** A field as the server names it: a path (formatted), or its text (after the base's). */
  private fieldName(field: FieldPath | string | undefined): string | undefined {
    if (typeof field !== 'string') return field && formatPath(this.full(field));
    const base = formatPath([...this.base]);
    return base ? `${base}.${field}` : field;
  }
  duplicate(path: FieldPath, value: unknown): void {
    const p = this.full(path);
    this.list.push({ code: 'duplicate', path: p, message: `${formatPath(p)}: Duplicate value: ${formatValue(value)}` });
  }
  /** field.Duplicate with the value already printed (a Go struct) and a detail, reported at `field`. */
  duplicatePrinted(path: FieldPath, printed: string, detail: string, field: FieldPath | string): void {
    const p = this.full(path);
    // A text is the whole field as the server prints it (a name formatPath would bracket).
    const f = typeof field === 'string' ? field : formatPath(this.full(field));
    this.list.push({
      code: 'duplicate',
      path: p,
      field: f,
      message: `${f}: Duplicate value: ${printed}${detail ? `: ${detail}` : ''}`,
    });
  }
  /** field.TooMany of a list with `count` items, `max` allowed. */
  tooMany(path: FieldPath, count: number, max: number): void {
    const p = this.full(path);
    const items = max === 1 ? 'item' : 'items';
    this.list.push({
      code: 'invalid',
      path: p,
      message: `${formatPath(p)}: Too many: ${count}: must have at most ${max} ${items}`,
    });
  }
  tooLong(path: FieldPath, detail: string): void {
    const p = this.full(path);
    this.list.push({ code: 'too-long', path: p, message: `${formatPath(p)}: Too long: ${detail}` });
  }
  /** field.NotSupported: the value printed as Go's %q of a string, or its JSON. */
  unsupported(path: FieldPath, value: unknown, allowed: string[]): void {
    const p = this.full(path);
    this.list.push({
      code: 'enum',
      path: p,
      message: `${formatPath(p)}: Unsupported value: ${formatValue(value)}: supported values: ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
    });
  }
  /** field.NotSupported with the value already printed (a Go map as JSON). */
  unsupportedPrinted(path: FieldPath, printed: string, allowed: string[]): void {
    const p = this.full(path);
    const values = allowed.map((a) => JSON.stringify(a)).join(', ');
    this.list.push({
      code: 'enum',
      path: p,
      message: `${formatPath(p)}: Unsupported value: ${printed}: supported values: ${values}`,
    });
  }
  /** field.Invalid with the value already printed (e.g. a Go map literal); `field` as for invalid(). */
  invalidPrinted(path: FieldPath, printed: string, detail: string, field?: FieldPath): void {
    const p = this.full(path);
    const f = field ? formatPath(this.full(field)) : undefined;
    this.list.push({
      code: 'invalid',
      path: p,
      field: f,
      message: `${f ?? formatPath(p)}: Invalid value: ${printed}: ${detail}`,
    });
  }
  /** field.Invalid with field.OmitValueType{}: the server prints no value. */
  invalidOmittingValue(path: FieldPath, detail: string): void {
    const p = this.full(path);
    this.list.push({ code: 'invalid', path: p, message: `${formatPath(p)}: Invalid value: ${detail}` });
  }
  /** Not an error: something the server accepts but silently drops or changes. */
  note(path: FieldPath, detail: string): void {
    const p = this.full(path);
    this.list.push({ code: 'invalid', severity: 'information', path: p, message: `${formatPath(p)}: ${detail}` });
  }
  /** `field`: where the server reports it, when that is not the value's own path (the range stays on the value). */
  forbidden(path: FieldPath, detail: string, field?: FieldPath | string): void {
    const p = this.full(path);
    const f = this.fieldName(field);
    this.list.push({ code: 'invalid', path: p, field: f, message: `${f ?? formatPath(p)}: Forbidden: ${detail}` });
  }
}

/** The value at a path of plain objects, or undefined. */
export function valueAt(obj: Obj, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (let i = 0; i < path.length; i++) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[path[i]];
  }
  return cur;
}

export function validPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

export const PERCENT = /^[0-9]+%$/;
export const PERCENT_MESSAGE =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** Counts and durations the API server requires to be >= 0 (OpenAPI publishes no minimum for them), per kind. */
export type NonNegativeFields = Record<string, string[][]>;

export function checkNonNegative(pr: Problems, obj: Obj, fields: string[][] | undefined): void {
  for (const path of fields ?? []) {
    const v = valueAt(obj, path);
    if (typeof v === 'number' && v < 0) pr.invalid(path, v, 'must be greater than or equal to 0');
  }
}
