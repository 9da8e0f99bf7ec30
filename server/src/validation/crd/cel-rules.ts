// x-kubernetes-validations rules (and messageExpressions) that do not compile reject the CRD. Compilation is
// the CEL evaluator's (../cel.ts); what this module adds is where the server reports it.
import { celCompileError } from '../cel';
import { CrdErrors, goJson } from './errors';
import { asSchema } from './json-schema';
import type { RuleSite } from './schema-rules';

/**
 * Syntax the evaluator cannot parse yet although the API server's CEL accepts it (optional field selection
 * `a.?b` / `a[?b]`, enabled since Kubernetes 1.29): such rules cannot be judged here and are not reported.
 */
const UNSUPPORTED_SYNTAX = /\.\?|\[\?/;

function compileError(expression: string): string | undefined {
  if (UNSUPPORTED_SYNTAX.test(expression)) return undefined;
  return celCompileError(expression);
}

export function checkCelRules(sites: RuleSite[], errors: CrdErrors): void {
  for (const { schema, path } of sites) {
    const rules = Array.isArray(schema['x-kubernetes-validations']) ? schema['x-kubernetes-validations'] : [];
    rules.forEach((raw, i) => {
      const r = asSchema(raw) ?? {};
      const rp = path.index('x-kubernetes-validations', i);
      if (typeof r.rule === 'string' && r.rule.trim() !== '') {
        const error = compileError(r.rule);
        if (error) errors.invalidPrinted(rp.child('rule'), printedRule(r), `compilation failed: ${error}`);
      }
      if (typeof r.messageExpression === 'string' && r.messageExpression.trim() !== '') {
        const error = compileError(r.messageExpression);
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
