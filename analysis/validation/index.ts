// Validation: one parsed file + a SchemaStore -> diagnostics in the API server's words, with quick fixes.
export { validate } from './validate';
export { KubeDiagnostic, KubeDiagnosticCode, KubeFix, KubeSeverity, ValidateOptions } from './types';
export {
  API_DEPRECATIONS,
  ApiDeprecation,
  compareKubeVersions,
  deprecationWarning,
  findDeprecation,
} from './deprecations';
export { parseQuantity } from '../../kube/util/quantity';
export { validatorFor } from './schemaValidator';
export { packageValidatorsDir, setShippedValidatorsDir, setValidatorCacheDir } from './validatorCache';
export { saveValidatorCodeCaches } from './validatorCodeCache';
