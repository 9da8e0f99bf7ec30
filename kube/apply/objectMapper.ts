// The REST mapper that apply needs in a long-lived process: built from (cached) discovery, rebuilt once when a
// manifest names a kind the cache does not know yet (a CRD installed since), as kubectl's deferred mapper does.
import { serverGroupsAndResources } from '../discovery/helpers';
import type { DiscoveryInterface } from '../discovery/types';
import { DiscoveryRESTMapper, groupResourcesFromLegacy, isNoMatchError } from '../mapper';
import type { ObjectMapper } from './apply';

export function discoveryObjectMapper(discovery: DiscoveryInterface): ObjectMapper {
  let mapper: Promise<DiscoveryRESTMapper> | undefined;
  const load = () => {
    mapper = serverGroupsAndResources(discovery).then(
      ({ groups, resources }) => new DiscoveryRESTMapper(groupResourcesFromLegacy(groups, resources)),
    );
    mapper.catch(() => (mapper = undefined));
    return mapper;
  };
  return async (apiVersion, kind) => {
    try {
      return (await (mapper ?? load())).mappingForObject(apiVersion, kind);
    } catch (err) {
      if (!isNoMatchError(err)) throw err;
      discovery.invalidate();
      return (await load()).mappingForObject(apiVersion, kind);
    }
  };
}
