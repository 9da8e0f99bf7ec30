// kube/cache: informers (client-go's tools/cache): Reflector -> Indexer -> event handlers.
export * from './types';
export * from './keys';
export * from './indexer';
export * from './backoff';
export * from './reflector';
export * from './informer';
