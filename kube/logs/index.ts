// kube/logs: pod logs (client-go GetLogs) and kubectl's choice of pod and container for a log request.
export * from './options';
export * from './resume';
export * from './stream';
export * from './targets';
