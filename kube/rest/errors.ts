// Typed API errors: k8s.io/apimachinery/pkg/api/errors in TypeScript.
// A metav1.Status from the server becomes a StatusError carrying its reason, code and details;
// a response without a Status body gets the same generic reason/message client-go derives from the code.
import type { Status, StatusCause, StatusDetails, StatusReason } from '../apimachinery/meta';
import { formatGroupResource, type GroupResource } from '../apimachinery/schema';

export type { Status, StatusCause, StatusDetails, StatusReason } from '../apimachinery/meta';

/** Reasons client-go knows; an unknown reason falls back to the HTTP code in the is*() predicates. */
const KNOWN_REASONS = new Set<string>([
  'Unauthorized',
  'Forbidden',
  'NotFound',
  'AlreadyExists',
  'Conflict',
  'Gone',
  'Invalid',
  'ServerTimeout',
  'StoreReadError',
  'Timeout',
  'TooManyRequests',
  'BadRequest',
  'MethodNotAllowed',
  'NotAcceptable',
  'RequestEntityTooLarge',
  'UnsupportedMediaType',
  'InternalError',
  'Expired',
  'ServiceUnavailable',
]);

export class StatusError extends Error {
  readonly status: Status;
  constructor(status: Status) {
    super(status.message || `unknown error (code ${status.code ?? 0})`);
    this.name = 'StatusError';
    this.status = status;
  }
  get reason(): StatusReason {
    return this.status.reason ?? '';
  }
  get code(): number {
    return this.status.code ?? 0;
  }
  get details(): StatusDetails | undefined {
    return this.status.details;
  }
  get causes(): StatusCause[] {
    return this.status.details?.causes ?? [];
  }
}

/** True when a decoded body is a metav1.Status (kind Status, core v1). */
export function isStatusObject(obj: unknown): obj is Status {
  if (!obj || typeof obj !== 'object') return false;
  const o = obj as Record<string, unknown>;
  return o.kind === 'Status' && (o.apiVersion === 'v1' || o.apiVersion === undefined || o.apiVersion === '');
}

/** errors.NewGenericServerResponse: the error client-go makes for a non-Status error body. */
export function newGenericServerResponse(
  code: number,
  verb: string,
  qualifiedResource: GroupResource | undefined,
  name: string,
  serverMessage: string,
  retryAfterSeconds: number,
  isUnexpectedResponse: boolean,
): StatusError {
  let reason: StatusReason = 'Unknown';
  let message = `the server responded with the status code ${code} but did not return more information`;
  switch (code) {
    case 409:
      reason = verb === 'POST' ? 'AlreadyExists' : 'Conflict';
      message = 'the server reported a conflict';
      break;
    case 404:
      reason = 'NotFound';
      message = 'the server could not find the requested resource';
      break;
    case 400:
      reason = 'BadRequest';
      message = 'the server rejected our request for an unknown reason';
      break;
    case 401:
      reason = 'Unauthorized';
      message = 'the server has asked for the client to provide credentials';
      break;
    case 403:
      reason = 'Forbidden';
      // The server message says who tried to do what.
      message = serverMessage;
      break;
    case 406:
      reason = 'NotAcceptable';
      message =
        !serverMessage || serverMessage === 'unknown'
          ? 'the server was unable to respond with a content type that the client supports'
          : serverMessage;
      break;
    case 415:
      reason = 'UnsupportedMediaType';
      message = serverMessage;
      break;
    case 405:
      reason = 'MethodNotAllowed';
      message = 'the server does not allow this method on the requested resource';
      break;
    case 422:
      reason = 'Invalid';
      message = 'the server rejected our request due to an error in our request';
      break;
    case 503:
      reason = 'ServiceUnavailable';
      message = 'the server is currently unable to handle the request';
      break;
    case 504:
      reason = 'Timeout';
      message =
        'the server was unable to return a response in the time allotted, but may still be processing the request';
      break;
    case 429:
      reason = 'TooManyRequests';
      message = 'the server has received too many requests and has asked us to try again later';
      break;
    default:
      if (code >= 500) {
        reason = 'InternalError';
        message = `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`;
      }
  }
  const hasResource = qualifiedResource && qualifiedResource.resource;
  if (hasResource && name) {
    message = `${message} (${verb.toLowerCase()} ${formatGroupResource(qualifiedResource)} ${name})`;
  } else if (hasResource) {
    message = `${message} (${verb.toLowerCase()} ${formatGroupResource(qualifiedResource)})`;
  }
  const details: StatusDetails = {
    group: qualifiedResource?.group ?? '',
    kind: qualifiedResource?.resource ?? '',
    name,
  };
  if (isUnexpectedResponse) details.causes = [{ reason: 'UnexpectedServerResponse', message: serverMessage }];
  if (retryAfterSeconds) details.retryAfterSeconds = retryAfterSeconds;
  return new StatusError({ status: 'Failure', code, reason, details, message });
}

function reasonAndCode(err: unknown): [string, number] {
  if (err instanceof StatusError) return [err.reason, err.code];
  if (err && typeof err === 'object' && 'status' in err) {
    const s = (err as { status: unknown }).status;
    if (isStatusObject(s)) return [s.reason ?? '', s.code ?? 0];
  }
  return ['Unknown', 0];
}

function hasReasonOrCode(err: unknown, reason: StatusReason, code: number): boolean {
  const [r, c] = reasonAndCode(err);
  if (r === reason) return true;
  return code !== 0 && !KNOWN_REASONS.has(r) && c === code;
}

export function reasonForError(err: unknown): StatusReason {
  return reasonAndCode(err)[0];
}
export const isNotFound = (err: unknown) => hasReasonOrCode(err, 'NotFound', 404);
export const isAlreadyExists = (err: unknown) => hasReasonOrCode(err, 'AlreadyExists', 0);
export const isConflict = (err: unknown) => hasReasonOrCode(err, 'Conflict', 409);
export const isInvalid = (err: unknown) => hasReasonOrCode(err, 'Invalid', 422);
export const isGone = (err: unknown) => hasReasonOrCode(err, 'Gone', 410);
export const isResourceExpired = (err: unknown) => hasReasonOrCode(err, 'Expired', 0);
export const isNotAcceptable = (err: unknown) => hasReasonOrCode(err, 'NotAcceptable', 406);
export const isUnsupportedMediaType = (err: unknown) => hasReasonOrCode(err, 'UnsupportedMediaType', 415);
export const isMethodNotSupported = (err: unknown) => hasReasonOrCode(err, 'MethodNotAllowed', 405);
export const isServiceUnavailable = (err: unknown) => hasReasonOrCode(err, 'ServiceUnavailable', 503);
export const isBadRequest = (err: unknown) => hasReasonOrCode(err, 'BadRequest', 400);
export const isUnauthorized = (err: unknown) => hasReasonOrCode(err, 'Unauthorized', 401);
export const isForbidden = (err: unknown) => hasReasonOrCode(err, 'Forbidden', 403);
export const isTimeout = (err: unknown) => hasReasonOrCode(err, 'Timeout', 504);
export const isServerTimeout = (err: unknown) => hasReasonOrCode(err, 'ServerTimeout', 0);
export const isInternalError = (err: unknown) => hasReasonOrCode(err, 'InternalError', 500);
export const isTooManyRequests = (err: unknown): boolean => {
  if (hasReasonOrCode(err, 'TooManyRequests', 429)) return true;
  const [, c] = reasonAndCode(err);
  return c === 429;
};
export const isRequestEntityTooLarge = (err: unknown) => hasReasonOrCode(err, 'RequestEntityTooLarge', 413);

/** Expired continue token or too-old resourceVersion: the caller must relist (client-go: IsResourceExpired || IsGone). */
export function isExpiredOrGone(err: unknown): boolean {
  return isResourceExpired(err) || isGone(err);
}

/** The server's suggested delay, in seconds, if any. */
export function suggestsClientDelay(err: unknown): number | undefined {
  if (!(err instanceof StatusError)) return undefined;
  const d = err.details?.retryAfterSeconds;
  if (d && d > 0) return d;
  switch (err.reason) {
    case 'ServerTimeout':
    case 'Timeout':
    case 'TooManyRequests':
      return 0;
  }
  return undefined;
}

/** A transport-level failure (no HTTP response): connection refused, reset, TLS, DNS. */
export class TransportError extends Error {
  readonly code?: string;
  readonly url: string;
  constructor(message: string, url: string, code?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.url = url;
    this.code = code;
  }
}

/** The request was cancelled by its AbortSignal or timed out on the client side. */
export class RequestAbortedError extends Error {
  readonly url: string;
  readonly timedOut: boolean;
  constructor(url: string, timedOut: boolean, reason?: unknown) {
    super(timedOut ? `request to ${url} timed out (client-side timeout)` : `request to ${url} was cancelled`, {
      cause: reason,
    });
    this.name = timedOut ? 'TimeoutError' : 'AbortError';
    this.url = url;
    this.timedOut = timedOut;
  }
}
