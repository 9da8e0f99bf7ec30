// Parsing a CEL rule for evaluation as cel-go runs it: cel-js's parse, then the AST adjusted where cel-go's checker
// or evaluator differ (has() on any operand, the first error of `||`/`&&`). The programs cel.ts evaluates and those
// celRuntimeCost.ts charges parse here, so both run the same program.
import type { Environment } from '@marcbachmann/cel-js';
import { widenHas } from './celHas';
import { celGoLogicalErrors } from './celLogicalErrors';

/** env.parse with cel-go's has() and cel-go's first error of `||`/`&&`. */
export function parseCel(env: Environment, source: string): ReturnType<Environment['parse']> {
  const program = env.parse(source);
  widenHas(program.ast);
  celGoLogicalErrors(program.ast);
  return program;
}
