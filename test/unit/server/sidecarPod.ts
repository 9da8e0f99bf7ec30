// A Pod whose diagnostics depend on the schema folder: a sidecar (initContainers[].restartPolicy) exists from
// Kubernetes 1.28 on, so 1.27's schemas add one error. Shared by the protocol tests and the Neovim end-to-end test.
export const SIDECAR_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    enabled: yes
spec:
  initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
  containers:
  - name: web
    image: nginx
    ports:
    - containerPort: "eighty"
`;

/** The API server's wording, each at its 0-based line and column. */
export const LABEL_ERROR = {
  line: 5,
  character: 13,
  message:
    'metadata.labels[enabled]: Invalid value: "boolean": metadata.labels[enabled] in body must be of type string: "boolean" ("yes" is read as boolean true (YAML 1.1); quote it to keep the text)',
};
export const PORT_ERROR = {
  line: 15,
  character: 21,
  message:
    'spec.containers[0].ports[0].containerPort: Invalid value: "string": spec.containers[0].ports[0].containerPort in body must be of type integer: "string"',
};
/** Only with schemas older than 1.28. */
export const SIDECAR_UNKNOWN = {
  line: 10,
  character: 4,
  message: 'unknown field "spec.initContainers[0].restartPolicy"',
};
