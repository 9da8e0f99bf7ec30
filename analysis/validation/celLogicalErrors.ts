// cel-go's `||` and `&&` when an operand fails: both operands are evaluated, a deciding value (true for `||`, false
// for `&&`) wins over any error, and otherwise the *first* failed operand's error is the result (cel-go's evalOr /
// evalAnd keep the first error). cel-js throws the right operand's error as it happens, so a rule such as
// `size(self.a) > 0 || size(self.b) > 0` with neither field set said `no such key: b` where the server says
// `no such key: a` (gateway-api's Gateway TLS rule). Applied to each parsed program's `||`/`&&` nodes.
interface Node {
  op: string;
  args: unknown;
  left?: Node;
  right?: Node;
  meta: { evaluate: Evaluate; celGoLogic?: true };
}
type Evaluate = (ev: Evaluator, ast: Node, ctx: unknown) => unknown;
interface Evaluator {
  tryEval(ast: Node, ctx: unknown): unknown;
  run(ast: Node, ctx: unknown): unknown;
}

const isNode = (x: unknown): x is Node =>
  typeof x === 'object' && x !== null && typeof (x as Node).op === 'string' && typeof (x as Node).meta === 'object';

/** `decisive`: the operand value that decides the result (true for `||`, false for `&&`). */
function firstErrorLogic(decisive: boolean, celJs: Evaluate): Evaluate {
  return (ev, ast, ctx) => {
    const left = ev.tryEval(ast.left!, ctx);
    if (left === decisive) return decisive;
    if (left === !decisive) {
      const right = ev.run(ast.right!, ctx); // its error, if any, is the first
      if (typeof right === 'boolean') return right;
    } else if (left instanceof Error) {
      const right = ev.tryEval(ast.right!, ctx);
      if (right === decisive) return decisive;
      throw left;
    }
    return celJs(ev, ast, ctx); // a non-bool operand (or an asynchronous one): cel-js's own answer
  };
}

export function celGoLogicalErrors(root: unknown): void {
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(visit);
    if (!isNode(x)) return;
    if ((x.op === '||' || x.op === '&&') && !x.meta.celGoLogic) {
      x.meta.celGoLogic = true;
      x.meta.evaluate = firstErrorLogic(x.op === '||', x.meta.evaluate);
    }
    visit(x.args);
  };
  visit(root);
}
