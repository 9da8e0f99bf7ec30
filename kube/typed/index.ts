// kube/typed: typed clients for the built-in API groups, generated from the API's OpenAPI v3 documents.
export * from './typedClient';
export { ClientSet } from './generated/clientset';
export * from './generated/clientset';
export * from './generated/types';
export { BUILTIN_RESOURCES, type BuiltinResource } from './generated/resources';
