/**
 * Error responses shaped exactly as kube-apiserver writes them, for faults the real server
 * cannot be made to produce on demand (429, 5xx). Sources, k8s.io/* v0.35:
 * - apiserver/pkg/server/filters/priority-and-fairness.go `tooManyRequests`: Retry-After and
 *   `http.Error(w, "Too many requests, please try again later.", 429)`.
 * - apimachinery/pkg/api/errors: NewTooManyRequests, NewInternalError, NewServiceUnavailable,
 *   NewTimeoutError — serialized as a v1 Status by the API server's negotiated error writer.
 */

export interface SyntheticResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const reasons: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

interface StatusDetails {
  causes?: { message: string }[];
  retryAfterSeconds?: number;
}

function statusJSON(code: number, message: string, details?: StatusDetails): string {
  // Field order as Go's encoding/json emits metav1.Status.
  const status: Record<string, unknown> = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
  };
  if (reasons[code]) status.reason = reasons[code];
  if (details) status.details = details;
  status.code = code;
  return JSON.stringify(status) + '\n';
}

export function syntheticResponse(fault: {
  code: number;
  retryAfterSeconds?: number;
  body?: 'text' | 'status';
  message?: string;
}): SyntheticResponse {
  const { code, retryAfterSeconds } = fault;
  const headers: Record<string, string> = {};
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);

  if (code === 429 && fault.body !== 'status') {
    return {
      status: 429,
      headers: {
        ...headers,
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
      },
      body: `${fault.message ?? 'Too many requests, please try again later.'}\n`,
    };
  }

  let body: string;
  switch (code) {
    case 429:
      body = statusJSON(code, fault.message ?? 'Too many requests, please try again later.', {
        retryAfterSeconds: retryAfterSeconds ?? 0,
      });
      break;
    case 500: {
      const cause = fault.message ?? 'injected by the kubesense fault proxy';
      body = statusJSON(code, `Internal error occurred: ${cause}`, { causes: [{ message: cause }] });
      break;
    }
    case 504:
      body = statusJSON(code, `Timeout: ${fault.message ?? 'request did not complete within the allotted timeout'}`, {
        retryAfterSeconds: retryAfterSeconds ?? 0,
      });
      break;
    default:
      body = statusJSON(code, fault.message ?? `injected HTTP ${code}`, undefined);
  }
  return {
    status: code,
    headers: { ...headers, 'Content-Type': 'application/json' },
    body,
  };
}
