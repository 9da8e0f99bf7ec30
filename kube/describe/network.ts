// The Ingress describer: rules with each backend's ready endpoints, TLS, the default backend.
import type * as core from '../typed/generated/types/api/core/v1';
import type * as discovery from '../typed/generated/types/api/discovery/v1';
import type * as networking from '../typed/generated/types/api/networking/v1';
import type { DescribeContext, Describer } from './types';
import { eventsFor, formatEndpointSlices, getObject, gvr, listObjects, writeEvents } from './core';
import {
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  goSorted,
  printAnnotationsMultiline,
  printLabelsMultiline,
  tabbedString,
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
