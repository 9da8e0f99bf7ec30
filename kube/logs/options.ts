// core/v1 PodLogOptions and its query parameters, as client-go's parameter codec sends them (false and unset
// values left out).

export interface PodLogOptions {
  /** Required when the pod has more than one container. */
  container?: string;
  follow?: boolean;
  /** The previous, terminated instance of the container. */
  previous?: boolean;
  sinceSeconds?: number;
  /** RFC 3339 (the server reads whole seconds). */
  sinceTime?: string;
  /** Each line prefixed with the kubelet's RFC 3339 nanosecond timestamp and a space. */
  timestamps?: boolean;
  tailLines?: number;
  limitBytes?: number;
  insecureSkipTLSVerifyBackend?: boolean;
}

export function podLogQuery(o: PodLogOptions): Record<string, string | number | boolean | undefined> {
  return {
    container: o.container || undefined,
    follow: o.follow || undefined,
    previous: o.previous || undefined,
    sinceSeconds: o.sinceSeconds,
    sinceTime: o.sinceTime || undefined,
    timestamps: o.timestamps || undefined,
    tailLines: o.tailLines,
    limitBytes: o.limitBytes,
    insecureSkipTLSVerifyBackend: o.insecureSkipTLSVerifyBackend || undefined,
  };
}
