// A cluster's OpenAPI v3 documents in a schema folder's layout (`api/v1.json`, `apis/apps/v1.json`, …), read as the
// reference client reads them (`kubectl get --raw /openapi/v3/<path>`, one document per group version).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findKubectl } from './kubectl';

export function downloadClusterSchemas(kubeconfig: string, dir: string): void {
  const kubectl = findKubectl();
  const raw = (p: string) =>
    execFileSync(kubectl, ['--kubeconfig', kubeconfig, 'get', '--raw', p], { maxBuffer: 256 * 1024 * 1024 });
  const root = JSON.parse(raw('/openapi/v3').toString()) as { paths: Record<string, unknown> };
  for (const p of Object.keys(root.paths)) {
    if (!/^(api|apis)\/.+\/v[^/]*$|^api\/v1$/.test(p)) continue;
    const file = path.join(dir, `${p}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, raw(`/openapi/v3/${p}`));
  }
}
