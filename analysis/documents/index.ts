// The parsed-document model: parse once per text version, every feature reads this.
export {
  DEFAULT_MAX_ALIAS_EXPANSION,
  DocumentProblem,
  DocumentRole,
  FileExclusion,
  isPlainObject,
  keyText,
  ManifestDocument,
  ManifestFile,
  OffsetRange,
  parseManifestFile,
  ParseOptions,
  ProblemCode,
} from './manifest';
export { FieldPath, formatPath, parsePath, samePath } from './path';
export { GoScalar, resolvePlainScalar, yaml11Surprise } from './yaml11';
export { KUSTOMIZATION_FILE_NAMES, kustomizePatchPaths } from './kustomize';
