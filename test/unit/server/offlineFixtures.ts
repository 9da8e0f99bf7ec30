// Shared by the language server's offline tests (closed port here, fault proxy in test/integration/server): a valid
// manifest that must stay clean, one with a real error that must still show, and the schema-source notifications.
import { mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { sharedK8s, type LspClient } from './harness';
import { SCHEMA_SOURCE_NOTIFICATION, type SchemaSourceStatus } from '../../../protocol';

export const VALID_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
`;

/** `spec.replicas: two` (line 6): the error the fallback schemas must still find. */
export const BAD_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: two
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

export type { SchemaSourceStatus } from '../../../protocol';

/** Every kubesense/schemaSource notification the server sends from now on, in order. */
export function recordSchemaSources(client: LspClient): SchemaSourceStatus[] {
  const statuses: SchemaSourceStatus[] = [];
  client.connection.onNotification(SCHEMA_SOURCE_NOTIFICATION.method, (s: SchemaSourceStatus) => statuses.push(s));
  return statuses;
}

/** Makes `<cacheRoot>/openapi-v3/1.35` the shared 1.35 documents (linked, never copied), as a cached download. */
export function linkUpstreamSchemas(cacheRoot: string): string {
  const dir = path.join(cacheRoot, 'openapi-v3', '1.35');
  mkdirSync(path.dirname(dir), { recursive: true });
  symlinkSync(path.join(sharedK8s, 'openapi-v3', '1.35'), dir);
  return dir;
}
