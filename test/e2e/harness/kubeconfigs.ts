// Builds the two-file KUBECONFIG the end-to-end suite runs against, from the test cluster's kubeconfig:
//   first.yaml  — admin (current) + restricted (RBAC-limited: the 403 scenario)
//   second.yaml — cert-user + unreachable (same credentials, a port nobody listens on)
// so the explorer must merge both files with client-go's rules and show which file defined each context.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { closedPort } from '../../cluster/faults/down';

interface Named<T> {
  name: string;
  [key: string]: unknown;
  value?: T;
}
interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  'current-context'?: string;
  clusters?: Array<Named<unknown> & { cluster: Record<string, unknown> }>;
  users?: Array<Named<unknown> & { user: Record<string, unknown> }>;
  contexts?: Array<Named<unknown> & { context: { cluster: string; user: string; namespace?: string } }>;
  [key: string]: unknown;
}

export interface E2eKubeconfigs {
  dir: string;
  first: string;
  second: string;
  /** The KUBECONFIG value: first:second. */
  kubeconfigEnv: string;
  /** Untouched copies of both files, for replaying a change with kubectl and comparing. */
  pristine: { first: string; second: string };
  contexts: { current: string; restricted: string; other: string; unreachable: string };
  allContexts: string[];
}

const pathFields = {
  cluster: ['certificate-authority'],
  user: ['client-certificate', 'client-key', 'tokenFile'],
};

function loadKubeconfig(file: string): Kubeconfig {
  const config = parse(fs.readFileSync(file, 'utf8')) as Kubeconfig;
  // Copies move to another folder, so relative credential paths become absolute (resolved against the source).
  const base = path.dirname(path.resolve(file));
  for (const entry of config.clusters ?? []) {
    for (const field of pathFields.cluster) {
      const value = entry.cluster[field];
      if (typeof value === 'string' && value && !path.isAbsolute(value))
        entry.cluster[field] = path.resolve(base, value);
    }
  }
  for (const entry of config.users ?? []) {
    for (const field of pathFields.user) {
      const value = entry.user[field];
      if (typeof value === 'string' && value && !path.isAbsolute(value)) entry.user[field] = path.resolve(base, value);
    }
  }
  return config;
}

function pick(config: Kubeconfig, contextNames: string[]): Kubeconfig {
  const contexts = contextNames.map((name) => {
    const context = config.contexts?.find((c) => c.name === name);
    if (!context) throw new Error(`test cluster kubeconfig has no context "${name}"`);
    return context;
  });
  const clusterNames = new Set(contexts.map((c) => c.context.cluster));
  const userNames = new Set(contexts.map((c) => c.context.user));
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: (config.clusters ?? []).filter((c) => clusterNames.has(c.name)),
    users: (config.users ?? []).filter((u) => userNames.has(u.name)),
    contexts,
  };
}

export async function writeE2eKubeconfigs(sourceFile: string, dir: string): Promise<E2eKubeconfigs> {
  const source = loadKubeconfig(sourceFile);
  const names = (source.contexts ?? []).map((c) => c.name);
  const current = source['current-context'] ?? names[0];
  const restricted = names.find((n) => /restricted/.test(n));
  const other = names.find((n) => n !== current && n !== restricted);
  if (!current || !restricted || !other) {
    throw new Error(
      `${sourceFile}: expected contexts admin (current), a restricted one and one more; found ${names.join(', ')}`,
    );
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });

  const first = pick(source, [current, restricted]);
  first['current-context'] = current;

  const second = pick(source, [other]);
  const currentContext = source.contexts!.find((c) => c.name === current)!;
  const currentCluster = source.clusters!.find((c) => c.name === currentContext.context.cluster)!;
  const unreachable = 'unreachable';
  second.clusters!.push({
    name: unreachable,
    cluster: { ...currentCluster.cluster, server: `https://127.0.0.1:${await closedPort()}` },
  });
  if (!second.users!.some((u) => u.name === currentContext.context.user)) {
    second.users!.push(source.users!.find((u) => u.name === currentContext.context.user)!);
  }
  second.contexts!.push({ name: unreachable, context: { cluster: unreachable, user: currentContext.context.user } });

  const firstFile = path.join(dir, 'first.yaml');
  const secondFile = path.join(dir, 'second.yaml');
  fs.writeFileSync(firstFile, stringify(first), { mode: 0o600 });
  fs.writeFileSync(secondFile, stringify(second), { mode: 0o600 });
  const pristineDir = path.join(dir, 'pristine');
  fs.mkdirSync(pristineDir, { mode: 0o700 });
  const pristine = { first: path.join(pristineDir, 'first.yaml'), second: path.join(pristineDir, 'second.yaml') };
  fs.copyFileSync(firstFile, pristine.first);
  fs.copyFileSync(secondFile, pristine.second);
  return {
    pristine,
    dir,
    first: firstFile,
    second: secondFile,
    kubeconfigEnv: `${firstFile}${path.delimiter}${secondFile}`,
    contexts: { current, restricted, other, unreachable },
    allContexts: [current, restricted, other, unreachable],
  };
}
