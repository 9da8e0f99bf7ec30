// The connection config handed from kube/kubeconfig to every client (client-go's rest.Config).
// Nothing downstream of this type reads kubeconfig files again.

/** Credentials that can change over time (exec plugins, token files). */
export interface CredentialSource {
  /** Current credentials; may run an exec plugin or re-read a token file. */
  get(signal?: AbortSignal): Promise<Credentials>;
  /** Called after a 401 so the next get() fetches fresh credentials. */
  invalidate(): void;
}

export interface Credentials {
  token?: string;
  /** PEM client certificate and key (exec plugins may return them). */
  clientCertificateData?: string;
  clientKeyData?: string;
}

export interface TLSConfig {
  insecure?: boolean;
  serverName?: string;
  /** PEM CA bundle (file contents already read by the kubeconfig module). */
  caData?: string;
  certData?: string;
  keyData?: string;
}

export interface RestConfig {
  /** https://host:port[/prefix] */
  host: string;
  tls: TLSConfig;
  bearerToken?: string;
  /** tokenFile: re-read when the file changes. */
  bearerTokenFile?: string;
  username?: string;
  password?: string;
  /** Exec credential plugin or token file source; takes precedence over bearerToken when set. */
  credentials?: CredentialSource;
  proxyURL?: string;
  impersonate?: { userName?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  qps?: number;
  burst?: number;
  /** Milliseconds; 0 = none. */
  timeout?: number;
  userAgent?: string;
  /**
   * client-go's ContentType: 'application/vnd.kubernetes.protobuf' makes the typed ClientSet send create/update
   * bodies of built-in kinds in protobuf and (unless acceptContentTypes says otherwise) ask for
   * `application/vnd.kubernetes.protobuf, *\/*` for the built-in group-versions kube/protobuf knows; custom
   * resources, Tables, patches and the DynamicClient stay JSON. Default (undefined or 'application/json'): JSON.
   */
  contentType?: 'application/json' | 'application/vnd.kubernetes.protobuf';
  /**
   * client-go's AcceptContentTypes: the typed ClientSet's Accept for built-in group-versions, e.g.
   * 'application/vnd.kubernetes.protobuf,application/json' (PROTOBUF_ACCEPT, what kubectl's typed clients send).
   * Responses are decoded by their Content-Type, so protobuf answers work with JSON request bodies too.
   */
  acceptContentTypes?: string;
  /** Namespace from the context (not part of rest.Config in Go, but every caller needs it). */
  namespace?: string;
}

/** client-go's TLSConfigFor refuses a CA together with the insecure flag: the CA would be silently ignored. */
export function tlsConfigError(tls: TLSConfig): string | undefined {
  if (tls.insecure && tls.caData) return 'specifying a root certificates file with the insecure flag is not allowed';
  return undefined;
}
