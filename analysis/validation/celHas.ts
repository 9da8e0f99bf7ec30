// cel-go's has(e.f) on any operand e. cel-go's macro accepts a field selection on any expression
// (`has(self.matches[0].path)`, `has(self.list.filter(x, x.a)[0].b)`: the operand is evaluated, then f's presence is
// tested); cel-js's type check accepts only selections down to a variable and fails the rule with "has() invalid
// argument". Its evaluation already runs the chain's base with the evaluator, whatever the base is, so only the type
// check is widened, on the has() nodes of each parsed program (celParse.ts calls it).

interface Node {
  op: string;
  args: unknown;
  meta?: { macro?: HasMacro };
}
interface HasMacro {
  args: Node[];
  macroHasProps?: Node[];
  typeCheck(checker: Checker, macro: HasMacro, ctx: unknown): unknown;
  generalHas?: true;
}
interface Checker {
  check(node: Node, ctx: unknown): unknown;
  getType(name: string): unknown;
}

const isNode = (x: unknown): x is Node => typeof x === 'object' && x !== null && typeof (x as Node).op === 'string';

/** Widens the type check of every has() macro in a parsed program's AST to cel-go's. */
export function widenHas(root: unknown): void {
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(visit);
    if (!isNode(x)) return;
    const macro = x.meta?.macro;
    if (x.op === 'call' && Array.isArray(x.args) && x.args[0] === 'has' && macro && !macro.generalHas) {
      const celJs = macro.typeCheck;
      macro.generalHas = true;
      macro.typeCheck = (checker, m, ctx) => {
        let node = m.args[0];
        // not a selection at all (`has(self)`): cel-js's error, as cel-go refuses it too
        if (node.op !== '.' || m.macroHasProps) return celJs(checker, m, ctx);
        const props: Node[] = [];
        while (node.op === '.' || node.op === '.?') {
          props.push(node);
          node = (node.args as [Node, string])[0];
        }
        checker.check(node, ctx);
        props.push(node);
        m.macroHasProps = props;
        return checker.getType('bool');
      };
    }
    visit(x.args);
  };
  visit(root);
}
