// CustomResourceDefinition manifests checked as apiextensions-apiserver checks them on create.
import type { FieldPath } from '../../documents/path';
import type { FieldProblem } from '../schemaValidator';
import type * as Definition from './definition';

/** Problems of an apiextensions.k8s.io/v1 CustomResourceDefinition, in the API server's paths and words. */
export function checkCustomResourceDefinition(crd: unknown, base: FieldPath = []): FieldProblem[] {
  if (crd === null || typeof crd !== 'object' || Array.isArray(crd)) return [];
  return definitionModule().validateCustomResourceDefinition(crd as Record<string, unknown>, base).problems;
}

/**
 * The estimated cost of each CEL rule and messageExpression of a CRD, by the field the server prints: where rules
 * tie for the four most expensive, the server names whichever its map order met first (it varies between runs).
 */
export function crdRuleCosts(crd: Record<string, unknown>): Map<string, number> {
  return definitionModule().validateCustomResourceDefinition(crd, [], true).ruleCosts ?? new Map();
}

let definition: typeof Definition | undefined;

/** The CRD checks, loaded on the first CRD: their CEL rules' checks load cel-js (celModule.ts). */
function definitionModule(): typeof Definition {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy (see above)
  definition ??= require('./definition') as typeof Definition;
  return definition;
}

export function isCustomResourceDefinition(apiVersion: unknown, kind: unknown): boolean {
  return apiVersion === 'apiextensions.k8s.io/v1' && kind === 'CustomResourceDefinition';
}
