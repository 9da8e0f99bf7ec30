// The in-memory kubeconfig, shaped like client-go's clientcmd/api (the "internal" version): entries are maps
// keyed by name, every entry remembers the file that defined it, and *-data fields hold decoded bytes.
import type { JSONValue } from './goyaml';

export interface Preferences {
  colors: boolean;
  extensions: Map<string, JSONValue>;
}

export interface Cluster {
  /** The file this entry was read from ('' if built in memory). */
  locationOfOrigin: string;
  server: string;
  tlsServerName: string;
  insecureSkipTLSVerify: boolean;
  certificateAuthority: string;
  certificateAuthorityData: Buffer;
  proxyURL: string;
  disableCompression: boolean;
  extensions: Map<string, JSONValue>;
}

export interface ExecEnvVar {
  name: string;
  value: string;
}

export type ExecInteractiveMode = '' | 'Never' | 'IfAvailable' | 'Always';

export interface ExecConfig {
  command: string;
  /** null mirrors Go's nil slice (printed as `args: null`). */
  args: string[] | null;
  env: ExecEnvVar[] | null;
  apiVersion: string;
  installHint: string;
  provideClusterInfo: boolean;
  interactiveMode: string;
}

export interface AuthProviderConfig {
  name: string;
  config: Map<string, string> | null;
}

export interface AuthInfo {
  locationOfOrigin: string;
  clientCertificate: string;
  clientCertificateData: Buffer;
  clientKey: string;
  clientKeyData: Buffer;
  token: string;
  tokenFile: string;
  impersonate: string;
  impersonateUID: string;
  impersonateGroups: string[] | null;
  impersonateUserExtra: Map<string, string[]> | null;
  username: string;
  password: string;
  authProvider: AuthProviderConfig | null;
  exec: ExecConfig | null;
  extensions: Map<string, JSONValue>;
}

export interface Context {
  locationOfOrigin: string;
  cluster: string;
  authInfo: string;
  namespace: string;
  extensions: Map<string, JSONValue>;
}

export interface Config {
  preferences: Preferences;
  clusters: Map<string, Cluster>;
  authInfos: Map<string, AuthInfo>;
  contexts: Map<string, Context>;
  currentContext: string;
  extensions: Map<string, JSONValue>;
}

export function newConfig(): Config {
  return {
    preferences: { colors: false, extensions: new Map() },
    clusters: new Map(),
    authInfos: new Map(),
    contexts: new Map(),
    currentContext: '',
    extensions: new Map(),
  };
}

export function newCluster(): Cluster {
  return {
    locationOfOrigin: '',
    server: '',
    tlsServerName: '',
    insecureSkipTLSVerify: false,
    certificateAuthority: '',
    certificateAuthorityData: Buffer.alloc(0),
    proxyURL: '',
    disableCompression: false,
    extensions: new Map(),
  };
}

export function newAuthInfo(): AuthInfo {
  return {
    locationOfOrigin: '',
    clientCertificate: '',
    clientCertificateData: Buffer.alloc(0),
    clientKey: '',
    clientKeyData: Buffer.alloc(0),
    token: '',
    tokenFile: '',
    impersonate: '',
    impersonateUID: '',
    impersonateGroups: null,
    impersonateUserExtra: null,
    username: '',
    password: '',
    authProvider: null,
    exec: null,
    extensions: new Map(),
  };
}

export function newContext(): Context {
  return { locationOfOrigin: '', cluster: '', authInfo: '', namespace: '', extensions: new Map() };
}

export function cloneConfig(c: Config): Config {
  const cloneMap = <T>(m: Map<string, T>, f: (v: T) => T) => new Map([...m].map(([k, v]) => [k, f(v)] as [string, T]));
  return {
    preferences: { colors: c.preferences.colors, extensions: new Map(c.preferences.extensions) },
    clusters: cloneMap(c.clusters, (x) => ({ ...x, extensions: new Map(x.extensions) })),
    authInfos: cloneMap(c.authInfos, (x) => ({
      ...x,
      impersonateGroups: x.impersonateGroups ? [...x.impersonateGroups] : null,
      impersonateUserExtra: x.impersonateUserExtra ? new Map(x.impersonateUserExtra) : null,
      authProvider: x.authProvider
        ? { ...x.authProvider, config: x.authProvider.config ? new Map(x.authProvider.config) : null }
        : null,
      exec: x.exec
        ? {
            ...x.exec,
            args: x.exec.args ? [...x.exec.args] : null,
            env: x.exec.env ? x.exec.env.map((e) => ({ ...e })) : null,
          }
        : null,
      extensions: new Map(x.extensions),
    })),
    contexts: cloneMap(c.contexts, (x) => ({ ...x, extensions: new Map(x.extensions) })),
    currentContext: c.currentContext,
    extensions: new Map(c.extensions),
  };
}
