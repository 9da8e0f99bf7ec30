// x-kubernetes-validations rules (and messageExpressions) that do not compile, do not type-check against the
// schema, or whose estimated cost exceeds the limits reject the CRD (apiextensions validation.go and
// schema/cel/compilation.go). Parsing is the CEL evaluator's (../cel.ts), types and cost ../celCost.ts; what
// this module adds is where and how the server reports them.
import { celCompileError, celCost, escapeProperty } from '../cel';
import {
  costErrorMessage,
  formatCelErrors,
  maxCardinality,
  schemaDeclType,
  STATIC_ESTIMATED_COST_LIMIT,
  STATIC_ESTIMATED_CRD_COST_LIMIT,
} from '../celCost';
import type { OpenAPISchema } from '../../schema/types';
import { CrdErrors, CrdPath, goJson } from './errors';
import { additionalSchemaOf, asSchema, isTrue, propertiesOf, Schema, typeOf } from './jsonSchema';
import type { RuleSite } from './schemaRules';

/** TotalCost: the sum of all rules' costs and the (up to 4) most expensive ones of at least 1% of the limit. */
class TotalCost {
  total = 0;
  readonly mostExpensive: { path: CrdPath; cost: number }[] = [];
  constructor(private readonly costs?: Map<string, number>) {}
  observe(path: CrdPath, cost: number): void {
    this.costs?.set(path.field, cost);
    this.total = Math.min(this.total + cost, 2 ** 64);
    if (cost < STATIC_ESTIMATED_CRD_COST_LIMIT / 100) return;
    this.mostExpensive.push({ path, cost });
    this.mostExpensive.sort((a, b) => b.cost - a.cost);
    this.mostExpensive.splice(4);
  }
}

const TYPE_INFO_FAILED =
  'Internal error: internal error: failed to construct type information for x-kubernetes-validations rules: ' +
  'unable to convert structural schema to CEL declarations';

export function checkCelRules(sites: RuleSite[], errors: CrdErrors, schemaPath?: CrdPath): void {
  const total = new TotalCost(errors.ruleCosts);
  for (const site of sites) {
    const { schema, path, oldSelfForbiddenAt } = site;
    if (site.typeInfoBroken) {
      errors.printed(path.child('x-kubernetes-validations'), TYPE_INFO_FAILED);
      continue;
    }
    const rules = Array.isArray(schema['x-kubernetes-validations']) ? schema['x-kubernetes-validations'] : [];
    const decl = schemaDeclType(schema as OpenAPISchema, site.resourceRoot, escapeProperty);
    rules.forEach((raw, i) => {
      const r = asSchema(raw) ?? {};
      const rp = path.index('x-kubernetes-validations', i);
      if (typeof r.rule !== 'string' || r.rule.trim() === '') return;
      const usesOldSelf = checkRule(r, rp, site, decl, total, errors);
      // Only a rule that compiled counts as using oldSelf (cel-go's reference map of its checked expression).
      if (usesOldSelf && oldSelfForbiddenAt)
        errors.invalid(
          rp.child('rule'),
          r.rule,
          `oldSelf cannot be used on the uncorrelatable portion of the schema within ${oldSelfForbiddenAt.field}`,
        );
      else if (!usesOldSelf && typeof r.optionalOldSelf === 'boolean')
        errors.invalid(rp.child('optionalOldSelf'), r.optionalOldSelf, 'may not be set if oldSelf is not used in rule');
    });
  }
  if (schemaPath && total.total > STATIC_ESTIMATED_CRD_COST_LIMIT) {
    for (const e of total.mostExpensive)
      errors.forbidden(
        e.path,
        'contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema',
      );
    errors.forbidden(
      schemaPath,
      costErrorMessage(
        'x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema',
        total.total,
        STATIC_ESTIMATED_CRD_COST_LIMIT,
      ),
    );
  }
}

/** One rule and its messageExpression (compilation.go's compileRule and what validation.go reports of it). */
function checkRule(
  r: Record<string, unknown>,
  rp: CrdPath,
  site: RuleSite,
  decl: ReturnType<typeof schemaDeclType>,
  total: TotalCost,
  errors: CrdErrors,
): boolean {
  const rule = r.rule as string;
  const compileError = celCompileError(rule);
  const typed = compileError ? undefined : celCost(rule, decl, r.optionalOldSelf === true);
  const typeError = compileError ?? (typed?.error || undefinedFields(rule, site.schema));
  if (!typeError && typed?.programError) {
    total.observe(rp.child('rule'), 0);
    errors.invalidPrinted(rp.child('rule'), printedRule(r), typed.programError);
    return !!typed.usesOldSelf;
  }
  if (!typeError && typed) {
    const base = typed.max;
    const times = site.cardinality ?? maxCardinality(decl?.minSize ?? 0);
    const cost = base === 0 ? 0 : Math.min(base * times, 2 ** 64);
    if (cost > STATIC_ESTIMATED_COST_LIMIT)
      errors.forbidden(rp.child('rule'), costErrorMessage('estimated rule cost', cost, STATIC_ESTIMATED_COST_LIMIT));
    total.observe(rp.child('rule'), cost);
  } else total.observe(rp.child('rule'), 0);
  if (typeError) {
    errors.invalidPrinted(rp.child('rule'), printedRule(r), `compilation failed: ${typeError}`);
    return false;
  }
  if (typed && typed.type !== 'bool' && typed.type !== 'dyn') {
    errors.invalidPrinted(rp.child('rule'), printedRule(r), 'cel expression must evaluate to a bool');
    return false;
  }
  const usesOldSelf = !!typed?.usesOldSelf;
  if (typeof r.messageExpression !== 'string' || r.messageExpression.trim() === '') return usesOldSelf;
  const mp = rp.child('messageExpression');
  const error = celCompileError(r.messageExpression);
  if (error) {
    errors.invalidPrinted(mp, printedRule(r), `messageExpression compilation failed: ${error}`);
    return usesOldSelf;
  }
  const m = celCost(r.messageExpression, decl, r.optionalOldSelf === true);
  if (m.error) {
    errors.invalidPrinted(mp, printedRule(r), `messageExpression compilation failed: ${m.error}`);
    return usesOldSelf;
  }
  if (m.type !== 'string' && m.type !== 'dyn') {
    errors.invalidPrinted(mp, printedRule(r), 'messageExpression must evaluate to a string');
    return usesOldSelf;
  }
  if (m.max > STATIC_ESTIMATED_COST_LIMIT)
    errors.forbidden(mp, costErrorMessage('estimated messageExpression cost', m.max, STATIC_ESTIMATED_COST_LIMIT));
  total.observe(mp, m.max);
  return usesOldSelf;
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
export function hasCelType(s: Schema): boolean {
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
  return formatCelErrors(source, [{ offset, message }]);
}
