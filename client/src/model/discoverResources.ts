// Discovery results (kube/discovery's preferred resources) as the explorer's resource list.
import type { DiscoveryInterface } from '../../../kube/discovery/types';
import { parseGroupVersion } from '../../../kube/apimachinery/schema';
import type { ExplorerResource } from './kinds';
import type { Discover } from './contextConnection';

/**
 * Preferred version of every resource, subresources left out. When some API groups fail (an aggregated
 * API server down), the others are still shown and the failure goes to `onPartialError`.
 */
export function discoverFrom(d: DiscoveryInterface, onPartialError?: (err: Error) => void): Discover {
  let calls = 0;
  return async (signal) => {
    // The first expand may use the disk cache (fast start); an explicit refresh asks the server again.
    if (calls++ > 0) d.invalidate();
    const { resources, error } = await d.serverPreferredResources(signal);
    if (error) {
      if (resources.length === 0) throw error;
      onPartialError?.(error);
    }
    const out: ExplorerResource[] = [];
    for (const list of resources) {
      const { group, version } = parseGroupVersion(list.groupVersion);
      for (const r of list.resources ?? []) {
        if (r.name.includes('/')) continue;
        out.push({
          group: r.group ?? group,
          version: r.version ?? version,
          resource: r.name,
          kind: r.kind,
          namespaced: r.namespaced,
          verbs: r.verbs ?? [],
        });
      }
    }
    return out;
  };
}
