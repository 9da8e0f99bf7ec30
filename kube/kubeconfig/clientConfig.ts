// From a loaded kubeconfig to a RestConfig (client-go clientcmd/client_config.go + validation.go):
// pick the context (--context, else current-context), apply --cluster/--user/--namespace overrides, validate
// it with client-go's messages, read CA/cert/key files, and choose credentials with client-go's precedence.
import * as fs from 'node:fs';
import { tlsConfigError, type RestConfig } from '../rest/config';
import { redactURL } from '../util/redact';
import { ExecCredentialSource, ExecIO } from './exec';
import type { LoadedConfig, LoadOptions } from './loader';
import { loadKubeconfig } from './loader';
import { caDataError, keyPairError } from './tlsData';
import { TokenFileSource } from './tokenFile';
import type { AuthInfo, Cluster, Config, Context } from './types';
import { newAuthInfo, newCluster, newContext } from './types';

export interface ConfigOverrides {
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  /** kubectl's --server: the API server URL in place of the cluster's. */
  server?: string;
  /** Request timeout in milliseconds (0 = none). */
  timeout?: number;
}

export interface ResolveOptions {
  /** Run exec credential plugins. Off in untrusted workspaces: resolving a user with `exec` then fails clearly. */
  allowExecPlugins: boolean;
  /** Environment for exec plugins and KUBERNETES_MASTER (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Where exec plugins' stderr goes and whether stdin is interactive. */
  execIO?: ExecIO;
}

/** client-go's errConfigurationInvalid: `invalid configuration: <aggregate>`. */
export class ConfigurationInvalidError extends Error {
  constructor(readonly errors: string[]) {
    super(`invalid configuration: ${errors.length === 1 ? errors[0] : `[${[...new Set(errors)].join(', ')}]`}`);
    this.name = 'ConfigurationInvalidError';
  }
}

/** An exec plugin was configured but plugins are disabled (untrusted workspace). */
export class ExecPluginUntrustedError extends Error {
  constructor(
    readonly user: string,
    readonly command: string,
  ) {
    super(
      `user "${user}" authenticates with the exec credential plugin "${command}", which was not run: exec plugins are disabled in untrusted workspaces (trust the workspace to allow them)`,
    );
    this.name = 'ExecPluginUntrustedError';
  }
}

/** An auth-provider entry (legacy gcp/azure/oidc plugins) that kubesense reports instead of executing. */
export class AuthProviderNotSupportedError extends Error {
  constructor(user: string, provider: string) {
    super(
      `user "${user}" uses the auth-provider "${provider}", which kubesense does not execute; configure an exec credential plugin instead (for example gke-gcloud-auth-plugin, kubelogin)`,
    );
    this.name = 'AuthProviderNotSupportedError';
  }
}

export interface ResolvedNames {
  context: string;
  cluster: string;
  user: string;
}

export class DirectClientConfig {
  constructor(
    readonly config: Config,
    readonly overrides: ConfigOverrides = {},
    private readonly clusterDefaultServer = '',
  ) {}

  contextName(): { name: string; required: boolean } {
    if (this.overrides.context) return { name: this.overrides.context, required: true };
    return { name: this.config.currentContext, required: false };
  }

  getContext(): Context {
    const { name, required } = this.contextName();
    const merged = newContext();
    const c = this.config.contexts.get(name);
    if (c) Object.assign(merged, c);
    else if (required) throw new Error(`context "${name}" does not exist`);
    if (this.overrides.cluster) merged.cluster = this.overrides.cluster;
    if (this.overrides.user) merged.authInfo = this.overrides.user;
    if (this.overrides.namespace) merged.namespace = this.overrides.namespace;
    return merged;
  }

  authInfoName(): { name: string; required: boolean } {
    if (this.overrides.user) return { name: this.overrides.user, required: true };
    return { name: this.safeContext().authInfo, required: false };
  }

  clusterName(): { name: string; required: boolean } {
    if (this.overrides.cluster) return { name: this.overrides.cluster, required: true };
    return { name: this.safeContext().cluster, required: false };
  }

  private safeContext(): Context {
    try {
      return this.getContext();
    } catch {
      return newContext();
    }
  }

  getAuthInfo(): AuthInfo {
    const { name, required } = this.authInfoName();
    const a = this.config.authInfos.get(name);
    if (a) return { ...a };
    if (required) throw new Error(`auth info "${name}" does not exist`);
    return newAuthInfo();
  }

  getCluster(): Cluster {
    const { name, required } = this.clusterName();
    const merged = newCluster();
    if (this.clusterDefaultServer) merged.server = this.clusterDefaultServer;
    const c = this.config.clusters.get(name);
    if (c) {
      // mergo semantics: non-empty fields of the configured cluster override the defaults.
      for (const [k, v] of Object.entries(c)) {
        if (v === '' || v === false || (Buffer.isBuffer(v) && v.length === 0) || (v instanceof Map && v.size === 0))
          continue;
        (merged as unknown as Record<string, unknown>)[k] = v;
      }
    } else if (required) throw new Error(`cluster "${name}" does not exist`);
    if (this.overrides.server) merged.server = this.overrides.server;
    return merged;
  }

  /** Namespace: the --namespace override, else the context's, else "default" (client-go Namespace()). */
  namespace(): { namespace: string; overridden: boolean } {
    if (this.overrides.namespace) return { namespace: this.overrides.namespace, overridden: true };
    this.confirmUsable();
    const ns = this.getContext().namespace;
    return { namespace: ns || 'default', overridden: false };
  }

  confirmUsable(): void {
    const errors: string[] = [];
    const contextName = this.contextName().name;
    if (contextName && !this.config.contexts.has(contextName))
      errors.push(`context was not found for specified context: ${contextName}`);
    errors.push(
      ...validateAuthInfo(
        this.authInfoName().name,
        this.safe(() => this.getAuthInfo(), newAuthInfo()),
      ),
    );
    const clusterErrors = validateClusterInfo(
      this.clusterName().name,
      this.safe(() => this.getCluster(), newCluster()),
    );
    errors.push(...clusterErrors);
    if (errors.length === 1 && errors[0] === EMPTY_CLUSTER) {
      throw new ConfigurationInvalidError([
        'no configuration has been provided, try setting KUBERNETES_MASTER environment variable',
      ]);
    }
    if (errors.length > 0) throw new ConfigurationInvalidError(errors);
  }

  private safe<T>(f: () => T, fallback: T): T {
    try {
      return f();
    } catch {
      return fallback;
    }
  }
}

const EMPTY_CLUSTER = 'cluster has no server defined';

function isEmptyCluster(c: Cluster): boolean {
  return (
    !c.server &&
    !c.tlsServerName &&
    !c.insecureSkipTLSVerify &&
    !c.certificateAuthority &&
    c.certificateAuthorityData.length === 0 &&
    !c.proxyURL &&
    !c.disableCompression &&
    c.extensions.size === 0
  );
}

function canOpen(file: string): string | undefined {
  try {
    fs.closeSync(fs.openSync(file, 'r'));
    return undefined;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return err.code === 'ENOENT'
      ? `open ${file}: no such file or directory`
      : err.code === 'EACCES'
        ? `open ${file}: permission denied`
        : `open ${file}: ${err.message}`;
  }
}

export function validateClusterInfo(name: string, c: Cluster): string[] {
  if (isEmptyCluster(c)) return [EMPTY_CLUSTER];
  const errors: string[] = [];
  if (!c.server)
    errors.push(name ? `no server found for cluster ${JSON.stringify(name)}` : 'default cluster has no server defined');
  if (c.proxyURL) {
    const err = proxyURLError(c.proxyURL);
    if (err)
      errors.push(
        `invalid 'proxy-url' ${JSON.stringify(redactURL(c.proxyURL))} for cluster ${JSON.stringify(name)}: ${err}`,
      );
  }
  if (c.certificateAuthority && c.certificateAuthorityData.length) {
    errors.push(
      `certificate-authority-data and certificate-authority are both specified for ${name}. certificate-authority-data will override.`,
    );
  }
  if (c.certificateAuthority) {
    const err = canOpen(c.certificateAuthority);
    if (err) errors.push(`unable to read certificate-authority ${c.certificateAuthority} for ${name} due to ${err}`);
  }
  return errors;
}

/** client-go's parseProxyURL: http, https and socks5 only. */
function proxyURLError(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return `parse ${JSON.stringify(redactURL(raw))}: invalid URI for request`;
  }
  if (!['http:', 'https:', 'socks5:'].includes(u.protocol))
    return `unsupported scheme ${JSON.stringify(u.protocol.replace(/:$/, ''))}, must be http, https, or socks5`;
  return undefined;
}

export function validateAuthInfo(name: string, a: AuthInfo): string[] {
  const errors: string[] = [];
  const methods: string[] = [];
  if (a.token) methods.push('token');
  if (a.username || a.password) methods.push('basicAuth');
  if (a.clientCertificate || a.clientCertificateData.length) {
    if (a.clientCertificate && a.clientCertificateData.length)
      errors.push(`client-cert-data and client-cert are both specified for ${name}. client-cert-data will override.`);
    if (a.clientKey && a.clientKeyData.length)
      errors.push(`client-key-data and client-key are both specified for ${name}; client-key-data will override`);
    if (!a.clientKey && !a.clientKeyData.length)
      errors.push(
        `client-key-data or client-key must be specified for ${name} to use the clientCert authentication method.`,
      );
    if (a.clientCertificate) {
      const err = canOpen(a.clientCertificate);
      if (err) errors.push(`unable to read client-cert ${a.clientCertificate} for ${name} due to ${err}`);
    }
    if (a.clientKey) {
      const err = canOpen(a.clientKey);
      if (err) errors.push(`unable to read client-key ${a.clientKey} for ${name} due to ${err}`);
    }
  }
  if (a.exec) {
    if (a.authProvider) errors.push(`authProvider cannot be provided in combination with an exec plugin for ${name}`);
    if (!a.exec.command) errors.push(`command must be specified for ${name} to use exec authentication plugin`);
    if (!a.exec.apiVersion) errors.push(`apiVersion must be specified for ${name} to use exec authentication plugin`);
    for (const e of a.exec.env ?? [])
      if (!e.name) errors.push(`env variable name must be specified for ${name} to use exec authentication plugin`);
    const mode = a.exec.interactiveMode;
    if (mode === '') errors.push(`interactiveMode must be specified for ${name} to use exec authentication plugin`);
    else if (!['Never', 'IfAvailable', 'Always'].includes(mode))
      errors.push(`invalid interactiveMode for ${name}: ${JSON.stringify(mode)}`);
  }
  if (methods.length > 1)
    errors.push(
      `more than one authentication method found for ${name}; found [${methods.join(' ')}], only one is allowed`,
    );
  if (
    (a.impersonateUID || (a.impersonateGroups?.length ?? 0) > 0 || (a.impersonateUserExtra?.size ?? 0) > 0) &&
    !a.impersonate
  ) {
    errors.push(`requesting uid, groups or user-extra for ${name} without impersonating a user`);
  }
  return errors;
}

function readFileOrThrow(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new Error(
      `unable to read ${what} ${file}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.code === 'EACCES' ? 'permission denied' : err.message}`,
    );
  }
}

/** Strips query and fragment from a host with a path, as client-go does. */
function normalizeHost(host: string): string {
  try {
    const u = new URL(host);
    if (u.pathname.length > 1) {
      u.search = '';
      u.hash = '';
      return u.toString();
    }
  } catch {
    // Left as configured; the REST client reports it.
  }
  return host;
}

/**
 * The connection config for a context: client-go's DirectClientConfig.ClientConfig(). Throws with client-go's
 * messages (`context "x" does not exist`, `invalid configuration: …`) and clear errors for disabled exec plugins
 * and unsupported auth-providers. Secrets never appear in messages.
 */
export function resolveRestConfig(
  loaded: LoadedConfig,
  overrides: ConfigOverrides,
  options: ResolveOptions,
): RestConfig {
  const env = options.env ?? process.env;
  const cc = new DirectClientConfig(loaded.config, overrides, env.KUBERNETES_MASTER ?? '');
  const authInfo = cc.getAuthInfo();
  cc.getContext();
  const cluster = cc.getCluster();
  cc.confirmUsable();
  const userName = cc.authInfoName().name;
  const context = cc.getContext();

  const rest: RestConfig = { host: normalizeHost(cluster.server), tls: {}, namespace: context.namespace || 'default' };
  if (overrides.namespace) rest.namespace = overrides.namespace;
  if (cluster.proxyURL) rest.proxyURL = cluster.proxyURL;
  if (overrides.timeout) rest.timeout = overrides.timeout;
  if (authInfo.impersonate) {
    rest.impersonate = {
      userName: authInfo.impersonate,
      uid: authInfo.impersonateUID || undefined,
      groups: authInfo.impersonateGroups ?? undefined,
      extra: authInfo.impersonateUserExtra ? Object.fromEntries(authInfo.impersonateUserExtra) : undefined,
    };
  }
  // client-go reads credentials and server identity only for an https server: never send a token in clear text.
  if (!/^https:\/\//i.test(rest.host)) return rest;
  // Server identity: CA data wins over the CA file (client-go's validation message says so).
  rest.tls.insecure = cluster.insecureSkipTLSVerify || undefined;
  if (cluster.tlsServerName) rest.tls.serverName = cluster.tlsServerName;
  const clusterName = JSON.stringify(cc.clusterName().name);
  const caField = cluster.certificateAuthorityData.length
    ? 'certificate-authority-data'
    : `certificate-authority ${cluster.certificateAuthority}`;
  if (cluster.certificateAuthorityData.length) rest.tls.caData = cluster.certificateAuthorityData.toString('utf8');
  else if (cluster.certificateAuthority)
    rest.tls.caData = readFileOrThrow(cluster.certificateAuthority, 'certificate-authority');
  // client-go's transport refuses these before any request (TLSConfigFor), in this order. Its text is kept, and the
  // kubeconfig entry and field it came from are added.
  const insecureError = tlsConfigError(rest.tls);
  if (insecureError) throw new Error(`${insecureError} (cluster ${clusterName})`);
  const caError = rest.tls.caData !== undefined ? caDataError(rest.tls.caData) : undefined;
  if (caError) throw new Error(`unable to load root certificates: ${caError} (${caField} of cluster ${clusterName})`);

  // User identity, in client-go's order.
  if (authInfo.token) {
    rest.bearerToken = authInfo.token;
    if (authInfo.tokenFile) rest.bearerTokenFile = authInfo.tokenFile;
  } else if (authInfo.tokenFile) {
    rest.bearerToken = readFileOrThrow(authInfo.tokenFile, 'tokenFile');
    rest.bearerTokenFile = authInfo.tokenFile;
  }
  if (rest.bearerTokenFile) rest.credentials = new TokenFileSource(rest.bearerTokenFile, rest.bearerToken);
  if (authInfo.clientCertificate || authInfo.clientCertificateData.length) {
    rest.tls.certData = authInfo.clientCertificateData.length
      ? authInfo.clientCertificateData.toString('utf8')
      : readFileOrThrow(authInfo.clientCertificate, 'client-cert');
    if (authInfo.clientKeyData.length) rest.tls.keyData = authInfo.clientKeyData.toString('utf8');
    else if (authInfo.clientKey) rest.tls.keyData = readFileOrThrow(authInfo.clientKey, 'client-key');
    const bad = keyPairError(rest.tls.certData, rest.tls.keyData ?? '');
    if (bad) {
      const certField = authInfo.clientCertificateData.length
        ? 'client-certificate-data'
        : `client-certificate ${authInfo.clientCertificate}`;
      const keyField = authInfo.clientKeyData.length ? 'client-key-data' : `client-key ${authInfo.clientKey}`;
      const field =
        bad.input === 'certificate' ? certField : bad.input === 'key' ? keyField : `${certField} and ${keyField}`;
      throw new Error(`${bad.message} (${field} of user ${JSON.stringify(userName)})`);
    }
  }
  if (authInfo.username || authInfo.password) {
    rest.username = authInfo.username;
    rest.password = authInfo.password;
  }
  if (authInfo.authProvider) throw new AuthProviderNotSupportedError(userName, authInfo.authProvider.name);
  if (authInfo.exec) {
    if (!options.allowExecPlugins) throw new ExecPluginUntrustedError(userName, authInfo.exec.command);
    rest.credentials = new ExecCredentialSource(authInfo.exec, {
      env,
      io: options.execIO,
      cluster: authInfo.exec.provideClusterInfo
        ? {
            server: cluster.server,
            tlsServerName: cluster.tlsServerName,
            insecureSkipTLSVerify: cluster.insecureSkipTLSVerify,
            certificateAuthorityData: rest.tls.caData,
            proxyURL: cluster.proxyURL,
            disableCompression: cluster.disableCompression,
            config: cluster.extensions.get('client.authentication.k8s.io/exec'),
          }
        : undefined,
    });
  }
  return rest;
}

/** Every context with the file that defines it, for pickers and trees. */
export interface ContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace: string;
  /** The file that defined this context (first file wins when several do). */
  file: string;
  current: boolean;
}

export function listContexts(loaded: LoadedConfig): ContextInfo[] {
  const c = loaded.config;
  return [...c.contexts.keys()].sort().map((name) => {
    const x = c.contexts.get(name)!;
    return {
      name,
      cluster: x.cluster,
      user: x.authInfo,
      namespace: x.namespace,
      file: x.locationOfOrigin,
      current: name === c.currentContext,
    };
  });
}

/** Load + resolve in one step (kubectl's ToRESTConfig), e.g. for tests: `restConfigFromFile(path, 'ctx')`. */
export function restConfigFromFile(
  kubeconfigPath: string,
  context?: string,
  options: Partial<ResolveOptions> = {},
): RestConfig {
  const loaded = loadKubeconfig({ explicitPath: kubeconfigPath });
  return resolveRestConfig(loaded, { context }, { allowExecPlugins: true, ...options });
}

/** kubectl's ToRESTConfig + Namespace() from global-flag-like options. */
export function clientConfigFor(
  load: LoadOptions,
  overrides: ConfigOverrides,
  options: ResolveOptions,
): { config: RestConfig; namespace: string; explicitNamespace: boolean; loaded: LoadedConfig } {
  const loaded = loadKubeconfig(load);
  const config = resolveRestConfig(loaded, overrides, { env: load.env, ...options });
  return { config, namespace: config.namespace ?? 'default', explicitNamespace: Boolean(overrides.namespace), loaded };
}
