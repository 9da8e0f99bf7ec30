// kube/mapper: kind <-> resource mapping from discovery (client-go's restmapper + kubectl's expanders).
export * from '../apimachinery/schema';
export * from './errors';
export * from './discoveryTypes';
export * from './fromDiscovery';
export * from './restMapper';
