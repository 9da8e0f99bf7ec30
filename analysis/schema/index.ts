// Schemas: sources (folder, cluster, CRD files) behind one SchemaStore.
export { BUILTIN_GROUPS } from './builtinGroups';
export { builtinClusterScoped } from './scopes';
export { FieldInfo, ResolvedSchema } from './resolved';
export { ClusterSchemaSource, clusterSchemaSource, minorVersionOf, OpenAPIV3Provider } from './sources/cluster';
export {
  CrdSchemaSource,
  crdSchemaName,
  crdSchemasFromObject,
  crdSchemasFromText,
  CrdVersionSchema,
} from './sources/crd';
export { setDocumentIndexDir } from './documentIndex';
export { DirectorySchemaSource } from './sources/directory';
export { compareApiVersions, SchemaLookup, SchemaStore, versionPriority } from './store';
export {
  apiVersionOf,
  GroupVersionDocument,
  GroupVersionKind,
  KindInfo,
  OpenAPISchema,
  SchemaSource,
  splitApiVersion,
} from './types';
export {
  defaultKubesenseCache,
  downloadUpstreamSchemas,
  hasUpstreamSchemas,
  layoutPathOf,
  upstreamSchemaDir,
} from './sources/upstream';
