// kube/: a Kubernetes client library in the shape of client-go. No editor imports here.
export * from './rest/config';
