// Counts the `yaml` package's own alias resolution, which walks the whole document for every alias (quadratic):
// readers of YAML must resolve aliases through kube/util/yamlGuards' one-pass AnchorTable instead.
import { Alias } from 'yaml';

export function countAliasWalks<T>(work: () => T): { result: T; walks: number } {
  const original = Alias.prototype.resolve;
  let walks = 0;
  Alias.prototype.resolve = function (this: Alias, ...args: Parameters<Alias['resolve']>) {
    walks++;
    return original.apply(this, args);
  };
  try {
    return { result: work(), walks };
  } finally {
    Alias.prototype.resolve = original;
  }
}
