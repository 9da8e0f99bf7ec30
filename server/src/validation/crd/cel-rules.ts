// x-kubernetes-validations rules (and messageExpressions) that do not compile reject the CRD. Compilation is
// the CEL evaluator's (../cel.ts); what this module adds is where the server reports it.
import { celCompileError, escapeProperty } from '../cel';
import { CrdErrors, goJson } from './errors';
import { additionalSchemaOf, asSchema, isTrue, propertiesOf, Schema, typeOf } from './json-schema';
import type { RuleSite } from './schema-rules';

export function checkCelRules(sites: RuleSite[], errors: CrdErrors): void {
  for (const { schema, path } of sites) {
    const rules = Array.isArray(schema['x-kubernetes-validations']) ? schema['x-kubernetes-validations'] : [];
    rules.forEach((raw, i) => {
      const r = asSchema(raw) ?? {};
      const rp = path.index('x-kubernetes-validations', i);
      if (typeof r.rule === 'string' && r.rule.trim() !== '') {
        const error = celCompileError(r.rule) ?? undefinedFields(r.rule, schema);
        if (error) errors.invalidPrinted(rp.child('rule'), printedRule(r), `compilation failed: ${error}`);
      }
      if (typeof r.messageExpression === 'string' && r.messageExpression.trim() !== '') {
        const error = celCompileError(r.messageExpression);
        if (error)
          errors.invalidPrinted(
            rp.child('messageExpression'),
            printedRule(r),
            `messageExpression compilation failed: ${error}`,
          );
      }
    });
  }
}

/** The rule as the server prints an apiextensions.ValidationRule value. */
function printedRule(r: Record<string, unknown>): string {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return goJson({
    Rule: str(r.rule),
    Message: str(r.message),
    MessageExpression: str(r.messageExpression),
    Reason: typeof r.reason === 'string' ? r.reason : null,
    FieldPath: str(r.fieldPath),
    OptionalOldSelf: typeof r.optionalOldSelf === 'boolean' ? r.optionalOldSelf : null,
  });
}

/** Whether the schema gets a CEL type (SchemaDeclType is not nil): properties without one are not fields. */
function hasCelType(s: Schema): boolean {
  if (isTrue(s['x-kubernetes-int-or-string'])) return true;
  const type = typeOf(s);
  if (type === 'array') {
    const items = asSchema(s.items);
    return !!items && hasCelType(items);
  }
  if (type === 'object') {
    const additional = additionalSchemaOf(s);
    return additional ? hasCelType(additional) : true;
  }
  return ['string', 'integer', 'number', 'boolean'].includes(type);
}

/**
 * The type checker's "undefined field" for `self.a.b` selections (and `has(self.a)`) on objects whose fields
 * the schema declares completely. Positions and the excerpt are printed as cel-go prints them.
 */
function undefinedFields(rule: string, schema: Schema): string | undefined {
  const errors: string[] = [];
  const code = rule.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (m) => ' '.repeat(m.length));
  const chain = /(?<![\w.])self((?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)+)/g;
  let m: RegExpExecArray | null;
  while ((m = chain.exec(code))) {
    let cur: Schema | undefined = schema;
    let offset = m.index + 4;
    for (const step of m[1].split('.').slice(1)) {
      const name = step.trim();
      const dot = code.indexOf('.', offset);
      offset = dot + 1 + step.length;
      if (
        !cur ||
        typeOf(cur) !== 'object' ||
        additionalSchemaOf(cur) ||
        isTrue(cur['x-kubernetes-preserve-unknown-fields'])
      )
        break;
      const props = propertiesOf(cur);
      if (props.length === 0) break;
      const field = props.find(([k, v]) => escapeProperty(k) === name && hasCelType(v));
      if (!field) {
        // has(self.x) is reported at the macro's parenthesis.
        const before = code.slice(0, m.index);
        const hasCall = /has\s*\(\s*$/.exec(before);
        const at = hasCall && cur === schema ? before.lastIndexOf('(') : dot;
        errors.push(celGoError(rule, at, `undefined field '${name}'`));
        break;
      }
      cur = field[1];
    }
  }
  return errors.length ? errors.join('\n') : undefined;
}

function celGoError(source: string, offset: number, message: string): string {
  const lines = source.slice(0, offset).split('\n');
  const line = lines.length;
  const column = lines[lines.length - 1].length;
  const text = source.split('\n')[line - 1];
  return `ERROR: <input>:${line}:${column + 1}: ${message}\n | ${text}\n | ${'.'.repeat(column)}^`;
}
