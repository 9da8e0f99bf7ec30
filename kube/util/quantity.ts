// resource.Quantity parsing (k8s.io/apimachinery/pkg/api/resource): enough to tell valid from invalid, to compare
// requests with limits (validation) and to order values by size (`get --sort-by`).

export const QUANTITY_REGEX_TEXT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const QUANTITY_ERROR = `quantities must match the regular expression '${QUANTITY_REGEX_TEXT}'`;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The quantity's value as a float, or undefined when the API server would reject it. */
export function parseQuantity(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? input : undefined;
  const m = /^([+-]?)(\d+\.?\d*|\.\d+)(.*)$/.exec(input);
  if (!m) return undefined;
  const [, sign, num, suffix] = m;
  let mult: number | undefined;
  if (suffix in BINARY) mult = BINARY[suffix];
  else if (suffix in DECIMAL) mult = DECIMAL[suffix];
  else {
    const e = /^[eE]([+-]?\d+)$/.exec(suffix);
    if (e) mult = 10 ** Number(e[1]);
  }
  if (mult === undefined) return undefined;
  const v = Number(num) * mult;
  return sign === '-' ? -v : v;
}
