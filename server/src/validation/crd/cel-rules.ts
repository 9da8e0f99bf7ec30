// x-kubernetes-validations rules (and messageExpressions) that do not compile reject the CRD. Compilation is
// the CEL evaluator's (../cel.ts); what this module adds is where the server reports it.
import { celCompileError } from '../cel';
import type { CrdErrors } from './errors';
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
        if (error) errors.invalid(rp.child('rule'), r, `compilation failed: ${error}`);
      }
      if (typeof r.messageExpression === 'string' && r.messageExpression.trim() !== '') {
        const error = compileError(r.messageExpression);
        if (error) errors.invalid(rp.child('messageExpression'), r, `messageExpression compilation failed: ${error}`);
      }
    });
  }
}
