// Describers for networking.k8s.io and discovery.k8s.io: Ingress (rules with each backend's ready endpoints, TLS,
// the default backend), NetworkPolicy, ServiceCIDR, IPAddress, EndpointSlice.
import type * as core from '../typed/generated/types/api/core/v1';
import type * as discovery from '../typed/generated/types/api/discovery/v1';
import type * as networking from '../typed/generated/types/api/networking/v1';
import type { DescribeContext, Describer } from './types';
import { eventsFor, formatEndpointSlices, getObject, gvr, listObjects, writeEvents } from './core';
import {
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  LEVEL_3,
  formatLabelSelector,
  goSorted,
  goTimeString,
  rfc1123z,
  printAnnotationsMultiline,
  printLabelsMultiline,
  tabbedString,
  type LabelSelector,
  type PrefixWriter,
} from './writer';

function serviceBackendString(b: networking.IngressServiceBackend): string {
  return `${b.name}:${b.port?.number ? b.port.number : (b.port?.name ?? '')}`;
}

/** describeBackendV1: "svc:port (endpoints)", or the resource a backend points at. */
async function describeBackend(ctx: DescribeContext, ns: string, backend: networking.IngressBackend): Promise<string> {
  if (backend.service) {
    const sb = serviceBackendString(backend.service);
    try {
      const slices = await listObjects<discovery.EndpointSlice>(
        ctx,
        gvr('discovery.k8s.io', 'v1', 'endpointslices'),
        ns,
        `kubernetes.io/service-name=${backend.service.name}`,
      );
      const svc = await getObject<core.Service>(ctx, gvr('', 'v1', 'services'), ns, backend.service.name);
      let portName = '';
      for (const sp of svc.spec?.ports ?? []) {
        const want = backend.service.port;
        if (want?.number && want.number === sp.port) portName = sp.name ?? '';
        else if (want?.name && want.name === sp.name) portName = sp.name ?? '';
      }
      return `${sb} (${formatEndpointSlices(slices, portName)})`;
    } catch (err) {
      return `${sb} (<error: ${(err as Error).message}>)`;
    }
  }
  if (backend.resource) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind}, Name: ${r.name}`;
  }
  return '';
}

export const describeIngress: Describer = async (ctx, namespace, name) => {
  const ing = await getObject<networking.Ingress>(ctx, gvr('networking.k8s.io', 'v1', 'ingresses'), namespace, name);
  const events = await eventsFor(ctx, { ...ing, kind: 'Ingress' });
  const md = ing.metadata ?? {};
  const spec = ing.spec ?? {};
  const ns = md.namespace ?? '';
  const defaultBackend = spec.defaultBackend ? await describeBackend(ctx, ns, spec.defaultBackend) : '<default>';
  // Backends are resolved before writing (kubectl resolves them while writing; the text is the same).
  const rules: { host: string; paths: { path: string; backend: string }[] }[] = [];
  for (const rule of spec.rules ?? []) {
    if (!rule.http) continue;
    const paths = [];
    for (const p of rule.http.paths ?? [])
      paths.push({ path: p.path ?? '', backend: await describeBackend(ctx, ns, p.backend) });
    rules.push({ host: rule.host || '*', paths });
  }
  const addresses = new Set<string>();
  for (const i of ing.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) addresses.add(i.ip);
    else if (i.hostname) addresses.add(i.hostname);
  }
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    w.write(LEVEL_0, `Address:\t${goSorted(addresses).join(',')}\n`);
    w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
    w.write(LEVEL_0, `Default backend:\t${defaultBackend}\n`);
    if (spec.tls?.length) {
      w.write(LEVEL_0, 'TLS:\n');
      for (const t of spec.tls) {
        const hosts = (t.hosts ?? []).join(',');
        w.write(LEVEL_1, t.secretName ? `${t.secretName} terminates ${hosts}\n` : `SNI routes ${hosts}\n`);
      }
    }
    w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
    w.write(LEVEL_1, '----\t----\t--------\n');
    for (const r of rules) {
      w.write(LEVEL_1, `${r.host}\t\n`);
      for (const p of r.paths) w.write(LEVEL_2, `\t${p.path} \t${p.backend}\n`);
    }
    if (rules.length === 0) w.write(LEVEL_1, `*\t*\t${defaultBackend}\n`);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    writeEvents(w, events, ctx);
  });
};

export const describeNetworkPolicy: Describer = async (ctx, namespace, name) => {
  const np = await getObject<networking.NetworkPolicy>(
    ctx,
    gvr('networking.k8s.io', 'v1', 'networkpolicies'),
    namespace,
    name,
  );
  const md = np.metadata ?? {};
  const spec = np.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Created on:\t${goTimeString(md.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, 'Spec:\n');
    w.write(LEVEL_1, 'PodSelector: ');
    const ps = spec.podSelector;
    if (!Object.keys(ps?.matchLabels ?? {}).length && !ps?.matchExpressions?.length)
      w.write(LEVEL_2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
    else w.write(LEVEL_2, `${formatLabelSelector(ps)}\n`);
    const types = spec.policyTypes ?? [];
    if (types.includes('Ingress')) {
      w.write(LEVEL_1, 'Allowing ingress traffic:\n');
      printPolicyRules(
        w,
        spec.ingress?.map((r) => ({ ports: r.ports, peers: r.from })),
        'ingress',
      );
    } else w.write(LEVEL_1, 'Not affecting ingress traffic\n');
    if (types.includes('Egress')) {
      w.write(LEVEL_1, 'Allowing egress traffic:\n');
      printPolicyRules(
        w,
        spec.egress?.map((r) => ({ ports: r.ports, peers: r.to })),
        'egress',
      );
    } else w.write(LEVEL_1, 'Not affecting egress traffic\n');
    w.write(LEVEL_1, `Policy Types: ${types.length ? types.join(', ') : '<none>'}\n`);
  });
};

/** printNetworkPolicySpecIngressFrom and printNetworkPolicySpecEgressTo: one text, "From" or "To" peers. */
function printPolicyRules(
  w: PrefixWriter,
  rules: { ports?: networking.NetworkPolicyPort[]; peers?: networking.NetworkPolicyPeer[] }[] | undefined,
  direction: 'ingress' | 'egress',
): void {
  const indent = '    ';
  const [peer, unrestricted] =
    direction === 'ingress'
      ? ['From', 'traffic not restricted by source']
      : ['To', 'traffic not restricted by destination'];
  if (!rules?.length) {
    w.write(LEVEL_0, `${indent}<none> (Selected pods are isolated for ${direction} connectivity)\n`);
    return;
  }
  rules.forEach((rule, i) => {
    if (!rule.ports?.length) w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    for (const port of rule.ports ?? []) {
      const proto = port.protocol ?? 'TCP';
      // Go's %s of a nil *IntOrString is "<nil>".
      const p = port.port === undefined ? '<nil>' : String(port.port);
      if (port.endPort === undefined) w.write(LEVEL_0, `${indent}To Port: ${p}/${proto}\n`);
      else w.write(LEVEL_0, `${indent}To Port Range: ${p}-${port.endPort}/${proto}\n`);
    }
    if (!rule.peers?.length) w.write(LEVEL_0, `${indent}${peer}: <any> (${unrestricted})\n`);
    for (const p of rule.peers ?? []) {
      w.write(LEVEL_0, `${indent}${peer}:\n`);
      const selector = (title: string, sel: LabelSelector) =>
        w.write(LEVEL_1, `${indent}${title}: ${formatLabelSelector(sel)}\n`);
      if (p.namespaceSelector) selector('NamespaceSelector', p.namespaceSelector);
      if (p.podSelector) selector('PodSelector', p.podSelector);
      if (!p.namespaceSelector && !p.podSelector && p.ipBlock) {
        w.write(LEVEL_1, `${indent}IPBlock:\n`);
        w.write(LEVEL_2, `${indent}CIDR: ${p.ipBlock.cidr}\n`);
        w.write(LEVEL_2, `${indent}Except: ${(p.ipBlock.except ?? []).join(', ')}\n`);
      }
    }
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}

/** ServiceCIDR and IPAddress: networking.k8s.io/v1 first, v1beta1 when v1 is not served (as kubectl). */
async function getNetworkingObject<T>(ctx: DescribeContext, resource: string, name: string): Promise<T> {
  try {
    return await getObject<T>(ctx, gvr('networking.k8s.io', 'v1', resource), '', name);
  } catch {
    return getObject<T>(ctx, gvr('networking.k8s.io', 'v1beta1', resource), '', name);
  }
}

export const describeServiceCIDR: Describer = async (ctx, _namespace, name) => {
  const cidr = await getNetworkingObject<networking.ServiceCIDR>(ctx, 'servicecidrs', name);
  const events = await eventsFor(ctx, { ...cidr, kind: 'ServiceCIDR' });
  const md = cidr.metadata ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, `CIDRs:\t${(cidr.spec?.cidrs ?? []).join(', ')}\n`);
    const conditions = cidr.status?.conditions ?? [];
    if (conditions.length) {
      w.write(LEVEL_0, 'Status:\n');
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(LEVEL_1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason}\t${c.message}\n`);
    }
    writeEvents(w, events, ctx);
  });
};

export const describeIPAddress: Describer = async (ctx, _namespace, name) => {
  const ip = await getNetworkingObject<networking.IPAddress>(ctx, 'ipaddresses', name);
  const events = await eventsFor(ctx, { ...ip, kind: 'IPAddress' });
  const md = ip.metadata ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    const ref = ip.spec?.parentRef;
    if (ref) {
      w.write(LEVEL_0, 'Parent Reference:\n');
      w.write(LEVEL_1, `Group:\t${ref.group ?? ''}\n`);
      w.write(LEVEL_1, `Resource:\t${ref.resource}\n`);
      w.write(LEVEL_1, `Namespace:\t${ref.namespace ?? ''}\n`);
      w.write(LEVEL_1, `Name:\t${ref.name}\n`);
    }
    writeEvents(w, events, ctx);
  });
};

export const describeEndpointSlice: Describer = async (ctx, namespace, name) => {
  const eps = await getObject<discovery.EndpointSlice>(
    ctx,
    gvr('discovery.k8s.io', 'v1', 'endpointslices'),
    namespace,
    name,
  );
  const events = await eventsFor(ctx, { ...eps, kind: 'EndpointSlice' });
  const md = eps.metadata ?? {};
  const unset = (v: unknown) => (v === undefined || v === null ? '<unset>' : String(v));
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType}\n`);
    if (!eps.ports?.length) w.write(LEVEL_0, 'Ports: <unset>\n');
    else {
      w.write(LEVEL_0, 'Ports:\n');
      w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_1, '----\t----\t--------\n');
      for (const p of eps.ports) w.write(LEVEL_1, `${p.name || '<unset>'}\t${unset(p.port)}\t${p.protocol ?? ''}\n`);
    }
    if (!eps.endpoints?.length) w.write(LEVEL_0, 'Endpoints: <none>\n');
    else {
      w.write(LEVEL_0, 'Endpoints:\n');
      for (const ep of eps.endpoints) {
        w.write(LEVEL_1, `- Addresses:\t${ep.addresses.join(', ') || '<none>'}\n`);
        w.write(LEVEL_2, 'Conditions:\n');
        w.write(LEVEL_3, `Ready:\t${unset(ep.conditions?.ready)}\n`);
        w.write(LEVEL_2, `Hostname:\t${unset(ep.hostname)}\n`);
        if (ep.targetRef) w.write(LEVEL_2, `TargetRef:\t${ep.targetRef.kind ?? ''}/${ep.targetRef.name ?? ''}\n`);
        w.write(LEVEL_2, `NodeName:\t${unset(ep.nodeName)}\n`);
        w.write(LEVEL_2, `Zone:\t${unset(ep.zone)}\n`);
      }
    }
    writeEvents(w, events, ctx);
  });
};
