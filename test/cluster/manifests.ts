/** Small manifests tests create on the test cluster, as JSON for `kubectl apply -f -`. */

/** A Deployment of `replicas` pods labelled app=<name>, one container `app` unless `podSpec` says otherwise. */
export function deploymentManifest(opts: {
  name: string;
  namespace: string;
  replicas: number;
  image?: string;
  ports?: number[];
  podSpec?: Record<string, unknown>;
}): string {
  const { name, namespace, replicas, image = 'nginx:1.27', ports = [] } = opts;
  const container = {
    name: 'app',
    image,
    ...(ports.length ? { ports: ports.map((p) => ({ containerPort: p })) } : {}),
  };
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [container], ...opts.podSpec },
      },
    },
  });
}
