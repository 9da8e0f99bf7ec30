export * from './manifests';
export * from './apply';
export * from './diff';
