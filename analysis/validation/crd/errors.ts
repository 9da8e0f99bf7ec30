// field.Error for CRD validation: each problem has two paths, the one in the document (for the editor range)
// and the one the API server prints, which differs (`properties[spec]`, and `spec.validation` where the v1
// conversion hoisted identical per-version schemas to the top level).
import type { FieldPath } from '../../documents/path';
import { formatValue } from '../messages';
import type { FieldProblem } from '../schemaValidator';

export class CrdPath {
  constructor(
    readonly doc: FieldPath,
    readonly field: string,
  ) {}

  /** `.name` on both paths. */
  child(...names: string[]): CrdPath {
    return new CrdPath([...this.doc, ...names], [this.field, ...names].filter(Boolean).join('.'));
  }

  /** `properties[k]`: the document has `properties: {k: ...}`. */
  key(container: string, k: string): CrdPath {
    return new CrdPath([...this.doc, container, k], `${this.child(container).field}[${k}]`);
  }

  /** `allOf[i]`, `versions[i]`. */
  index(container: string, i: number): CrdPath {
    return new CrdPath([...this.doc, container, i], `${this.child(container).field}[${i}]`);
  }

  /** A path the server prints without a document counterpart: the editor points at `doc`. */
  printedAs(field: string, doc: FieldPath = this.doc): CrdPath {
    return new CrdPath(doc, field);
  }
}

/** Collects problems in field.ErrorList's wording: `<field>: <type>: <detail>`. */
export class CrdErrors {
  readonly problems: FieldProblem[] = [];
  /** Each CEL rule's and messageExpression's estimated cost by printed field, when asked for (crdRuleCosts). */
  ruleCosts?: Map<string, number>;

  required(p: CrdPath, detail = ''): void {
    this.add(p, 'required', `Required value${detail ? `: ${detail}` : ''}`);
  }

  forbidden(p: CrdPath, detail: string): void {
    this.add(p, 'invalid', `Forbidden: ${detail}`);
  }

  invalid(p: CrdPath, value: unknown, detail: string): void {
    this.add(p, 'invalid', `Invalid value: ${formatValue(value)}: ${detail}`);
  }

  /** Invalid with the value already printed (Go structs print as JSON of their exported fields). */
  invalidPrinted(p: CrdPath, printed: string, detail: string): void {
    this.add(p, 'invalid', `Invalid value: ${printed}: ${detail}`);
  }

  notSupported(p: CrdPath, value: unknown, supported: string[]): void {
    const list = supported.map((s) => JSON.stringify(s)).join(', ');
    this.add(p, 'enum', `Unsupported value: ${formatValue(value)}: supported values: ${list}`);
  }

  duplicate(p: CrdPath, value: unknown): void {
    this.add(p, 'duplicate', `Duplicate value: ${formatValue(value)}`);
  }

  tooMany(p: CrdPath, actual: number, max: number): void {
    this.add(p, 'invalid', `Too many: ${actual}: must have at most ${max} ${max === 1 ? 'item' : 'items'}`);
  }

  tooLong(p: CrdPath, max: number): void {
    this.add(p, 'invalid', `Too long: may not be more than ${max} bytes`);
  }

  /** A problem already worded (`Invalid value: ...`) by the validator that found it. */
  printed(p: CrdPath, body: string): void {
    this.add(p, 'invalid', body);
  }

  /** Another collector's problems, in order (a branch of anyOf/oneOf/allOf). */
  adopt(other: CrdErrors | undefined): void {
    if (other) this.problems.push(...other.problems);
  }

  get count(): number {
    return this.problems.length;
  }

  private add(p: CrdPath, code: FieldProblem['code'], body: string): void {
    this.problems.push({ code, path: p.doc, field: p.field, message: `${p.field}: ${body}` });
  }
}

/** encoding/json's output: like JSON.stringify, with <, > and & escaped. */
export function goJson(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}
