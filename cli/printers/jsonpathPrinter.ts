// kubectl's JSONPathPrinter (-o jsonpath=…, jsonpath-file, jsonpath-as-json) for `get`: the template runs over
// the object as kubectl decodes it (managedFields included); an execution error prints nothing and reports the
// template and the whole object (%#v), as kubectl does.
import { executeJSONPath, JSONPathExecutionError, parseJSONPath } from '../jsonpath';
import { quote as goQuote, sharpV as goSharpV } from '../../kube/util/go';

export class JSONPathPrinter {
  private readonly nodes: ReturnType<typeof parseJSONPath> | undefined;
  /** client-go reports `{end}` outside a range only when the template runs. */
  private readonly deferred: Error | undefined;

  /** Throws kubectl's "error parsing jsonpath" message for a template that does not parse. */
  constructor(
    private readonly template: string,
    private readonly allowMissing: boolean,
    private readonly asJSON: boolean,
  ) {
    try {
      this.nodes = parseJSONPath(template);
    } catch (e) {
      if (!(e instanceof JSONPathExecutionError))
        throw new Error(`error parsing jsonpath ${template}, ${(e as Error).message}\n`);
      this.deferred = e;
    }
  }

  print(obj: unknown): string {
    try {
      if (this.deferred) throw this.deferred;
      return executeJSONPath(this.nodes!, obj, {
        allowMissing: this.allowMissing,
        asJSON: this.asJSON,
        showValues: true,
      });
    } catch (e) {
      throw new Error(
        `error executing jsonpath ${goQuote(this.template)}: Error executing template: ${(e as Error).message}. ` +
          'Printing more information for debugging the template:\n' +
          `\ttemplate was:\n\t\t${this.template}\n` +
          `\tobject given to jsonpath engine was:\n\t\t${goSharpV(obj)}\n\n\n`,
      );
    }
  }
}
