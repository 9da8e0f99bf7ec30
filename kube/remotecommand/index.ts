// kube/remotecommand (client-go tools/remotecommand): exec and attach over WebSocket.
export * from './protocol';
export * from './session';
export * from './exec';
