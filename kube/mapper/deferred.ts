// kubectl's DeferredDiscoveryRESTMapper: the mapper is built from (cached) discovery on first use, and a kind or
// resource it does not know makes it refetch discovery once and try again (a CRD installed since the cache was
// written).
import { serverGroupsAndResources } from '../discovery/helpers';
import type { DiscoveryInterface } from '../discovery/types';
import { isNoMatchError } from './errors';
import { groupResourcesFromLegacy } from './fromDiscovery';
import { DiscoveryRESTMapper, type RESTMapping } from './restMapper';

export interface DeferredMapperOptions {
  /**
   * Refetch on a miss even when discovery already came from the server in this process. kubectl's rule (refetch only
   * when the answer was cached) fits a short-lived command; a long-lived process's "fresh" discovery can be hours old.
   */
  refetchFreshDiscovery?: boolean;
}

export class DeferredDiscoveryRESTMapper {
  private mapper?: Promise<DiscoveryRESTMapper>;

  constructor(
    private readonly discovery: DiscoveryInterface,
    private readonly options: DeferredMapperOptions = {},
  ) {}

  /** The current mapper, built on first use. Partial discovery (a broken aggregated API) still maps the rest. */
  delegate(): Promise<DiscoveryRESTMapper> {
    if (this.mapper) return this.mapper;
    const built = serverGroupsAndResources(this.discovery).then(
      ({ groups, resources }) => new DiscoveryRESTMapper(groupResourcesFromLegacy(groups, resources)),
    );
    this.mapper = built;
    built.catch(() => {
      if (this.mapper === built) this.mapper = undefined;
    });
    return built;
  }

  /** Forget the mapper and the discovery it came from. */
  reset(): void {
    this.discovery.invalidate();
    this.mapper = undefined;
  }

  /** kubectl's TYPE argument (`deploy`, `deployments.v1.apps`, a category...) to a mapping. */
  mappingFor(arg: string, warn?: (message: string) => void): Promise<RESTMapping> {
    return this.withRefetch((m) => m.mappingFor(arg, warn));
  }

  /** A manifest's apiVersion + kind to a mapping. */
  mappingForObject(apiVersion: string, kind: string): Promise<RESTMapping> {
    return this.withRefetch((m) => m.mappingForObject(apiVersion, kind));
  }

  private async withRefetch(map: (m: DiscoveryRESTMapper) => RESTMapping): Promise<RESTMapping> {
    try {
      return map(await this.delegate());
    } catch (err) {
      if (!isNoMatchError(err) || (this.discovery.fresh() && !this.options.refetchFreshDiscovery)) throw err;
      this.reset();
      return map(await this.delegate());
    }
  }
}
