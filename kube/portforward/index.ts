// Port-forward (client-go's tools/portforward): WebSocket connections to a pod's ports, local listeners, and
// kubectl's rules for choosing the pod and its port.
export * from './stream';
export * from './spdy';
export * from './forwarder';
export * from './target';
