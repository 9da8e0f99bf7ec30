// Shared by the kubeconfig fuzz and broken-YAML differential tests: a seeded generator and the tokens that
// break YAML in interesting ways. Changing the order or the seed changes which files the differential test makes.

/** A small deterministic generator (LCG), so a failing case can be reproduced from its seed. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Tokens inserted at random places to break YAML (flow and block indicators, quotes, anchors, documents). */
export const YAML_BREAKERS = [
  '{',
  '}',
  '[',
  ']',
  ':',
  ': ',
  '- ',
  '\t',
  '\n',
  '  ',
  '"',
  "'",
  '&a ',
  '*a',
  '? ',
  '|',
  '>',
  '#',
  '---\n',
  ',',
  '@',
  '`',
];
