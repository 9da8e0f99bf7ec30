// kube/dynamic: the DynamicClient over unstructured objects.
export * from './unstructured';
export * from './client';
