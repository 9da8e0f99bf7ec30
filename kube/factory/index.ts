// kube/factory: every client for one context, built lazily from kubeconfig + overrides (kubectl's cmdutil.Factory).
export * from './factory';
