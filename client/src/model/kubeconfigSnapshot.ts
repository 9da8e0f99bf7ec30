// The merged kubeconfig as the explorer shows it: contexts with the file that defined each one.
import { createHash } from 'node:crypto';
import { loadKubeconfig, type LoadedConfig, type LoadOptions } from '../../../kube/kubeconfig/loader';
import { redactURL } from '../../../kube/util/redact';
import type { ContextInfo, KubeconfigSnapshot } from './ports';

export interface LoadedSnapshot extends KubeconfigSnapshot {
  /** Absolute paths to watch (files that do not exist yet included). */
  watchPaths: string[];
  loaded?: LoadedConfig;
}

/** A digest of everything a connection is made from (kept in memory only; no secret is stored in clear). */
function fingerprint(parts: unknown[]): string {
  const json = JSON.stringify(parts, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v));
  return createHash('sha256').update(json).digest('hex');
}

export function snapshotOf(loaded: LoadedConfig): LoadedSnapshot {
  const { config } = loaded;
  const contexts: ContextInfo[] = [];
  for (const [name, ctx] of config.contexts) {
    const cluster = config.clusters.get(ctx.cluster);
    contexts.push({
      name,
      cluster: ctx.cluster,
      user: ctx.authInfo,
      namespace: ctx.namespace,
      file: ctx.locationOfOrigin,
      // Shown in tooltips and errors: never with a password from the URL.
      server: cluster?.server !== undefined ? redactURL(cluster.server) : undefined,
      execCommand: config.authInfos.get(ctx.authInfo)?.exec?.command || undefined,
      connection: fingerprint([ctx, cluster, config.authInfos.get(ctx.authInfo)]),
    });
  }
  contexts.sort((a, b) => a.name.localeCompare(b.name));
  return {
    files: loaded.precedence,
    contexts,
    currentContext: config.currentContext || undefined,
    watchPaths: loaded.watchPaths,
    loaded,
  };
}

/**
 * Loads like kubectl: `explicitPaths` (the kubesense.kubeconfig setting) play the role of KUBECONFIG when set.
 * A broken file becomes `error` (the message names it) instead of an exception, so the tree can show it.
 */
export function loadSnapshot(explicitPaths: readonly string[], options: LoadOptions = {}): LoadedSnapshot {
  const env = { ...(options.env ?? process.env) };
  if (explicitPaths.length > 0) env.KUBECONFIG = explicitPaths.join(process.platform === 'win32' ? ';' : ':');
  try {
    return snapshotOf(loadKubeconfig({ ...options, env }));
  } catch (err) {
    const files = (env.KUBECONFIG ?? '').split(process.platform === 'win32' ? ';' : ':').filter(Boolean);
    return { files, contexts: [], error: err, watchPaths: files };
  }
}
