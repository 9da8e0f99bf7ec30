// kube/kubeconfig: kubeconfig files handled as client-go's tools/clientcmd handles them.
export * from './types';
export {
  loadKubeconfig,
  kubeconfigWatchPaths,
  loadingPrecedence,
  loadFromFile,
  mergeConfigs,
  KubeconfigLoadError,
} from './loader';
export type { LoadOptions, LoadedConfig } from './loader';
export {
  resolveRestConfig,
  listContexts,
  DirectClientConfig,
  ConfigurationInvalidError,
  ExecPluginUntrustedError,
  restConfigFromFile,
  clientConfigFor,
  AuthProviderNotSupportedError,
} from './clientConfig';
export type { ConfigOverrides, ResolveOptions, ContextInfo } from './clientConfig';
export {
  useContext,
  setContext,
  setContextNamespace,
  startingConfig,
  withConfigLocks,
  writeFileAtomic,
} from './modify';
export { ExecCredentialSource, ExecPluginNotFoundError, lookPath } from './exec';
export { TokenFileSource } from './tokenFile';
export { printConfig, minifyConfig, flattenConfig, shortenConfig } from './view';
export { decodeConfig } from './codec';
export { marshalGoYAML } from './goyaml';
