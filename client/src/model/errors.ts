// Turns any failure from kube/ into one explorer error item: a short label saying what went wrong and
// what to do, a tooltip with the detail, and whether Retry makes sense. Errors are data (StatusError,
// TransportError); text is only parsed where the server puts the facts in the message (403 "cannot list").
import { X509Certificate } from 'node:crypto';
import { StatusError, TransportError, RequestAbortedError } from '../../../kube/rest/errors';
import { errorMessage } from '../../../kube/util/errors';

export const FAILURE_KINDS = [
  'unreachable',
  'tls',
  'unauthorized',
  'forbidden',
  'execPluginNotFound',
  'execPluginFailed',
  'expired',
  'untrusted',
  'notFound',
  'server',
  'cancelled',
  'other',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface Failure {
  kind: FailureKind;
  /** Tree label, e.g. `Forbidden: cannot list pods in namespace "dev"`. */
  label: string;
  /** Longer explanation for the tooltip and the output channel; never contains credentials. */
  detail: string;
  retryable: boolean;
}

const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
};

/** What a 403 message says was denied (the apiserver's RBAC message format). */
export function deniedAction(message: string): string | undefined {
  const m =
    /cannot (\w+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)"| at the cluster scope)?/.exec(
      message,
    );
  if (!m) return undefined;
  const [, verb, resource, group, namespace] = m;
  const what = group ? `${resource}.${group}` : resource;
  return `cannot ${verb} ${what}${namespace ? ` in namespace "${namespace}"` : ' at cluster scope'}`;
}

/** The user named in a 403 message (`User "jane" cannot …`). */
function deniedUser(message: string): string | undefined {
  return /User "([^"]*)"/.exec(message)?.[1];
}

/** When a PEM client certificate has expired, its expiry date. */
export function expiredCertificate(certPem: string | undefined, now = Date.now()): Date | undefined {
  if (!certPem) return undefined;
  try {
    const validTo = new Date(new X509Certificate(certPem).validTo);
    return validTo.getTime() < now ? validTo : undefined;
  } catch {
    return undefined;
  }
}

interface ErrnoLike {
  code?: string;
  message?: string;
  name?: string;
  /** Exec plugin errors from kube/kubeconfig carry the command and the PATH searched. */
  command?: string;
  searchedPath?: string;
  path?: string;
  cause?: unknown;
}

function codeOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as ErrnoLike).code;
    if (typeof code === 'string') return code;
    e = (e as ErrnoLike).cause;
  }
  return undefined;
}

export interface ClassifyContext {
  /** The server URL, named in unreachable errors. */
  server?: string;
  /** The client certificate in use, to tell an expired one from a wrong one on 401. */
  clientCertificate?: string;
  /** The exec credential plugin in use, if any. */
  execCommand?: string;
  now?: number;
}

export function classifyFailure(err: unknown, ctx: ClassifyContext = {}): Failure {
  const message = errorMessage(err);
  const e = (err && typeof err === 'object' ? err : {}) as ErrnoLike;
  const server = ctx.server ? ` ${ctx.server}` : '';

  if (err instanceof RequestAbortedError && !err.timedOut) {
    return { kind: 'cancelled', label: 'Cancelled', detail: message, retryable: true };
  }
  if (e.name === 'ExecPluginNotFoundError' || (e.code === 'ENOENT' && e.command)) {
    const searched = e.searchedPath ?? e.path ?? '';
    return {
      kind: 'execPluginNotFound',
      label: `Exec plugin not found: ${e.command ?? 'credential plugin'}`,
      detail:
        `The kubeconfig runs "${e.command}" to get credentials, but it is not on the PATH searched` +
        (searched ? `:\n${searched}` : '.') +
        `\nInstall it, or put its folder on your login shell's PATH, then Retry.`,
      retryable: true,
    };
  }
  if (e.name === 'ExecPluginsDisabledError' || e.name === 'ExecPluginUntrustedError') {
    return {
      kind: 'untrusted',
      label: 'Exec plugin blocked: workspace not trusted',
      detail: `${message}\nTrust the workspace to let kubesense run credential plugins.`,
      retryable: true,
    };
  }
  if (e.name === 'ExecPluginError' || e.code === 'EXEC_FAILED') {
    const expired = /expir/i.test(message);
    return {
      kind: expired ? 'expired' : 'execPluginFailed',
      label: expired ? 'Credentials expired: log in again' : `Exec plugin failed: ${e.command ?? ''}`.trim(),
      detail: message,
      retryable: true,
    };
  }
  if (err instanceof StatusError) {
    const code = err.code;
    if (err.reason === 'Unauthorized' || code === 401) {
      const expiredAt = expiredCertificate(ctx.clientCertificate, ctx.now);
      if (expiredAt) {
        return {
          kind: 'expired',
          label: 'Credentials expired: client certificate',
          detail: `The client certificate expired on ${expiredAt.toISOString()}; the server answered 401 Unauthorized.`,
          retryable: true,
        };
      }
      if (ctx.execCommand) {
        // The plugin ran and its token was refused even after a fresh one was asked for: the login behind it
        // (gcloud, aws sso, kubelogin…) has expired or no longer grants access.
        return {
          kind: 'expired',
          label: `Credentials expired or rejected: log in again (${ctx.execCommand})`,
          detail: `401 Unauthorized from${server} with the token from exec plugin "${ctx.execCommand}". Renew the login it uses, then Retry.`,
          retryable: true,
        };
      }
      if (/expired/i.test(message)) {
        return { kind: 'expired', label: 'Credentials expired: log in again', detail: message, retryable: true };
      }
      return {
        kind: 'unauthorized',
        label: 'Unauthorized: the server rejected the credentials',
        detail: `401 Unauthorized from${server}: ${message}\nCheck the user's token or certificate in the kubeconfig (it may have expired).`,
        retryable: true,
      };
    }
    if (err.reason === 'Forbidden' || code === 403) {
      const denied = deniedAction(message);
      const user = deniedUser(message);
      return {
        kind: 'forbidden',
        label: `Forbidden: ${denied ?? message}`,
        detail: `403 Forbidden${user ? ` for user "${user}"` : ''}: ${message}`,
        retryable: true,
      };
    }
    if (code === 404 || err.reason === 'NotFound') {
      return { kind: 'notFound', label: `Not found: ${message}`, detail: message, retryable: true };
    }
    return {
      kind: 'server',
      label: `Server error ${code || ''}: ${message}`.replace(/ {2,}/g, ' '),
      detail: message,
      retryable: true,
    };
  }
  const code = codeOf(err);
  if ((code && UNREACHABLE_CODES[code]) || (err instanceof RequestAbortedError && err.timedOut)) {
    const why = code ? UNREACHABLE_CODES[code] : 'request timed out';
    return {
      kind: 'unreachable',
      label: `Unreachable:${server || ' server'} (${why})`,
      detail: `${message}\nIs the cluster running and the server address in the kubeconfig right? Retry when it is back.`,
      retryable: true,
    };
  }
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ALTNAME/.test(code)) {
    return {
      kind: 'tls',
      label: `TLS error: ${code}`,
      detail: `${message}\nThe server's certificate did not verify against the kubeconfig's certificate-authority.`,
      retryable: true,
    };
  }
  if (err instanceof TransportError) {
    return { kind: 'unreachable', label: `Unreachable:${server || ' server'}`, detail: message, retryable: true };
  }
  return { kind: 'other', label: `Error: ${message.split('\n')[0]}`, detail: message, retryable: true };
}
