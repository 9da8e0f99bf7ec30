// A Service's spec fields ValidateService checks beyond ports, cluster IPs and external IPs (core.ts,
// serviceClusterIPs.ts, legacyIP.ts), after v1 defaulting (sessionAffinity None, which clears the config; a ClientIP timeout
// 10800 when left out): an ExternalName's CNAME, the client-IP affinity timeout, load balancer source ranges (legacy
// CIDRs, at the server's `spec.LoadBalancerSourceRanges`), fields only a LoadBalancer may set, ports' appProtocol,
// and trafficDistribution (1.35's PreferSameTrafficDistribution gate is on: three values).
import { isPlainObject } from '../../documents/manifest';
import { matchesFormat } from '../formats';
import { dns1123Subdomain, qualifiedName } from './names';
import type { Obj, Problems } from './problems';

const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;
const TRAFFIC_DISTRIBUTIONS = ['PreferClose', 'PreferSameZone', 'PreferSameNode'];
const LOAD_BALANCER_ONLY = "may only be used when `type` is 'LoadBalancer'";

export function checkServiceSpecFields(pr: Problems, obj: Obj): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  if (!spec) return;
  const type = typeof spec.type === 'string' && spec.type !== '' ? spec.type : 'ClusterIP';
  if (type === 'ExternalName') {
    // The value (a CNAME) may end in a dot; the rest is a DNS subdomain.
    const cname = typeof spec.externalName === 'string' ? spec.externalName.replace(/\.$/, '') : '';
    if (cname === '') pr.required(['spec', 'externalName']);
    else for (const msg of dns1123Subdomain(cname)) pr.invalid(['spec', 'externalName'], cname, msg);
  }
  if (Array.isArray(spec.ports))
    spec.ports.forEach((port, i) => {
      const appProtocol = isPlainObject(port) ? port.appProtocol : undefined;
      if (typeof appProtocol === 'string')
        for (const msg of qualifiedName(appProtocol)) pr.invalid(['spec', 'ports', i, 'appProtocol'], appProtocol, msg);
    });
  const affinity =
    typeof spec.sessionAffinity === 'string' && spec.sessionAffinity !== '' ? spec.sessionAffinity : 'None';
  const config = spec.sessionAffinityConfig;
  if (affinity === 'ClientIP') {
    const clientIP = isPlainObject(config) ? config.clientIP : undefined;
    const timeout = isPlainObject(clientIP) ? clientIP.timeoutSeconds : undefined;
    if (typeof timeout === 'number' && (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS))
      pr.invalid(
        ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'],
        timeout,
        `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`,
      );
  }
  const ranges = spec.loadBalancerSourceRanges;
  if (Array.isArray(ranges) && ranges.length > 0) {
    if (type !== 'LoadBalancer')
      pr.forbidden(['spec', 'loadBalancerSourceRanges'], LOAD_BALANCER_ONLY, 'spec.LoadBalancerSourceRanges');
    ranges.forEach((r, i) => {
      // Space-padded values are allowed (a historical accident of the annotation).
      if (typeof r === 'string' && matchesFormat('cidr', r.trim()) !== true)
        pr.invalid(
          ['spec', 'loadBalancerSourceRanges', i],
          r.trim(),
          'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
          `spec.LoadBalancerSourceRanges[${i}]`,
        );
    });
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && type !== 'LoadBalancer')
    pr.forbidden(['spec', 'allocateLoadBalancerNodePorts'], LOAD_BALANCER_ONLY);
  if (typeof spec.loadBalancerClass === 'string') {
    if (type !== 'LoadBalancer') pr.forbidden(['spec', 'loadBalancerClass'], LOAD_BALANCER_ONLY);
    else
      for (const msg of qualifiedName(spec.loadBalancerClass))
        pr.invalid(['spec', 'loadBalancerClass'], spec.loadBalancerClass, msg);
  }
  if (typeof spec.trafficDistribution === 'string' && !TRAFFIC_DISTRIBUTIONS.includes(spec.trafficDistribution))
    pr.unsupported(['spec', 'trafficDistribution'], spec.trafficDistribution, TRAFFIC_DISTRIBUTIONS);
}
