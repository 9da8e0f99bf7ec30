// CustomResourceDefinition manifests checked as apiextensions-apiserver checks them on create.
import type { FieldPath } from '../../documents/path';
import type { FieldProblem } from '../schemaValidator';
import { validateCustomResourceDefinition } from './definition';

/** Problems of an apiextensions.k8s.io/v1 CustomResourceDefinition, in the API server's paths and words. */
export function checkCustomResourceDefinition(crd: unknown, base: FieldPath = []): FieldProblem[] {
  if (crd === null || typeof crd !== 'object' || Array.isArray(crd)) return [];
  return validateCustomResourceDefinition(crd as Record<string, unknown>, base).problems;
}

export function isCustomResourceDefinition(apiVersion: unknown, kind: unknown): boolean {
  return apiVersion === 'apiextensions.k8s.io/v1' && kind === 'CustomResourceDefinition';
}
