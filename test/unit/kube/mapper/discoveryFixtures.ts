// Loads the real discovery documents from ../shared/k8s/discovery (never copied into the repo).
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  APIGroup,
  APIGroupDiscoveryList,
  APIGroupResources,
  APIResourceList,
  coreGroupFromAPIVersions,
  groupResourcesFromAggregated,
  groupResourcesFromLegacy,
} from '../../../../kube/mapper';

// out/test/unit/kube/mapper -> repo root
const repoRoot = path.resolve(__dirname, '../../../../..');
export const discoveryDir = path.resolve(repoRoot, '../shared/k8s/discovery');

export function readDiscovery<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(discoveryDir, file), 'utf8')) as T;
}

/** /api + /apis + the three per-group-version lists the shared data holds. */
export function legacyGroupResources(): APIGroupResources[] {
  const core = coreGroupFromAPIVersions(readDiscovery<{ versions: string[] }>('api.json'));
  const apis = readDiscovery<{ groups: APIGroup[] }>('apis.json');
  const lists = ['api__v1.json', 'apis__apps__v1.json', 'apis__batch__v1.json'].map((f) =>
    readDiscovery<APIResourceList>(f),
  );
  return groupResourcesFromLegacy([core, ...apis.groups], lists);
}

/** The legacy core group (/api/v1) followed by the aggregated /apis document, as a v1.33 server answers. */
export function aggregatedGroupResources(): APIGroupResources[] {
  const core = groupResourcesFromLegacy(
    [coreGroupFromAPIVersions(readDiscovery<{ versions: string[] }>('api.json'))],
    [readDiscovery<APIResourceList>('api__v1.json')],
  );
  return [...core, ...groupResourcesFromAggregated(readDiscovery<APIGroupDiscoveryList>('aggregated_v2.json'))];
}
