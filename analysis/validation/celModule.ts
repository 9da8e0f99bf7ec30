// The CEL evaluator (cel.ts, on cel-js), loaded on the first rule to run: cel-js builds its function registry when
// it is loaded (~10 ms of a fresh process), which a run without custom resources never needs.
import type * as Cel from './cel';

let cel: typeof Cel | undefined;

export function celModule(): typeof Cel {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy (see above)
  cel ??= require('./cel') as typeof Cel;
  return cel;
}
