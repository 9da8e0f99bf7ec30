// Describers for core kinds with no pods to count: Secret, ConfigMap, Namespace, ServiceAccount, Service, Endpoints,
// and kubectl's generic describer for every kind without one of its own.
import type * as core from '../typed/generated/types/api/core/v1';
import type * as discovery from '../typed/generated/types/api/discovery/v1';
import type { Unstructured } from '../dynamic';
import { isNotFound } from '../rest/errors';
import type { DescribeContext, Describer } from './types';
import { describeEvents, searchEvents, type CoreEvent } from './events';
import {
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  goSorted,
  formatLabels,
  printAnnotationsMultiline,
  printLabelsMultiline,
  rfc1123z,
  tabbedString,
  type PrefixWriter,
} from './writer';

export const gvr = (group: string, version: string, resource: string) => ({ group, version, resource });

export async function getObject<T>(
  ctx: DescribeContext,
  resource: ReturnType<typeof gvr>,
  namespace: string,
  name: string,
): Promise<T> {
  return (await ctx.client
    .resource(resource)
    .namespace(namespace)
    .get(name, { signal: ctx.settings.signal })) as unknown as T;
}

export async function listObjects<T>(
  ctx: DescribeContext,
  resource: ReturnType<typeof gvr>,
  namespace: string,
  labelSelector?: string,
): Promise<T[]> {
  const list = await ctx.client
    .resource(resource)
    .namespace(namespace)
    .listAll({
      labelSelector: labelSelector || undefined,
      limit: ctx.settings.chunkSize || undefined,
      signal: ctx.settings.signal,
    });
  return list.items as unknown as T[];
}

/** The object's events when --show-events, undefined otherwise or when they cannot be listed (as kubectl). */
export async function eventsFor(
  ctx: DescribeContext,
  obj: { kind?: string; metadata?: { name?: string; namespace?: string; uid?: string } },
): Promise<CoreEvent[] | undefined> {
  if (!ctx.settings.showEvents) return undefined;
  const md = obj.metadata ?? {};
  return searchEvents(
    ctx.client,
    { kind: obj.kind, name: md.name ?? '', namespace: md.namespace ?? '', uid: md.uid },
    ctx.settings.chunkSize,
    ctx.settings.signal,
  ).catch(() => undefined);
}

export function writeEvents(w: PrefixWriter, events: CoreEvent[] | undefined, ctx: DescribeContext): void {
  if (events) describeEvents(events, w, ctx.now());
}

function header(
  w: PrefixWriter,
  md: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> },
): void {
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', md.labels);
  printAnnotationsMultiline(w, 'Annotations', md.annotations);
}

/** Secrets show sizes only: the values never reach the screen (a service-account token is not secret data). */
export const describeSecret: Describer = async (ctx, namespace, name) => {
  const secret = await getObject<core.Secret>(ctx, gvr('', 'v1', 'secrets'), namespace, name);
  return tabbedString((w) => {
    header(w, secret.metadata ?? {});
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of goSorted(Object.keys(secret.data ?? {}))) {
      const bytes = Buffer.from(secret.data![k] ?? '', 'base64');
      if (k === 'token' && secret.type === 'kubernetes.io/service-account-token')
        w.write(LEVEL_0, `${k}:\t${bytes.toString('utf8')}\n`);
      else w.write(LEVEL_0, `${k}:\t${bytes.length} bytes\n`);
    }
  });
};

export const describeConfigMap: Describer = async (ctx, namespace, name) => {
  const cm = await getObject<core.ConfigMap>(ctx, gvr('', 'v1', 'configmaps'), namespace, name);
  // kubectl returns an error (and no text) when events cannot be listed here, unlike other describers.
  const events = ctx.settings.showEvents
    ? await searchEvents(
        ctx.client,
        {
          kind: 'ConfigMap',
          name: cm.metadata?.name ?? name,
          namespace: cm.metadata?.namespace,
          uid: cm.metadata?.uid,
        },
        ctx.settings.chunkSize,
        ctx.settings.signal,
      )
    : undefined;
  return tabbedString((w) => {
    header(w, cm.metadata ?? {});
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of goSorted(Object.keys(cm.data ?? {}))) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data![k]}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const k of goSorted(Object.keys(cm.binaryData ?? {})))
      w.write(LEVEL_0, `${k}: ${Buffer.from(cm.binaryData![k] ?? '', 'base64').length} bytes\n`);
    w.write(LEVEL_0, '\n');
    writeEvents(w, events, ctx);
  });
};

export const QUOTA_SCOPE_HELP: Record<string, string> = {
  Terminating:
    'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating:
    'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort:
    'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort:
    'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

/** A list that the server may not serve at all (404): undefined, so the section is left out. */
async function optionalList<T>(
  ctx: DescribeContext,
  resource: ReturnType<typeof gvr>,
  namespace: string,
): Promise<T[] | undefined> {
  try {
    return await listObjects<T>(ctx, resource, namespace);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export const describeNamespace: Describer = async (ctx, _namespace, name) => {
  const ns = await getObject<core.Namespace>(ctx, gvr('', 'v1', 'namespaces'), '', name);
  const quotas = await optionalList<core.ResourceQuota>(ctx, gvr('', 'v1', 'resourcequotas'), name);
  const limits = await optionalList<core.LimitRange>(ctx, gvr('', 'v1', 'limitranges'), name);
  return tabbedString((w) => {
    const md = ns.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    const conditions = ns.status?.conditions ?? [];
    if (conditions.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`,
        );
    }
    if (quotas) {
      w.write(LEVEL_0, '\n');
      describeResourceQuotas(quotas, w);
    }
    if (limits) {
      w.write(LEVEL_0, '\n');
      describeLimitRanges(limits, w);
    }
  });
};

function describeResourceQuotas(quotas: core.ResourceQuota[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const q of [...quotas].sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1))) {
    w.write(LEVEL_1, `Name:\t${q.metadata?.name ?? ''}\n`);
    const scopes = goSorted(q.spec?.scopes ?? []);
    if (scopes.length) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (QUOTA_SCOPE_HELP[s]) w.write(LEVEL_1, `* ${QUOTA_SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard = q.status?.hard ?? {};
    for (const r of goSorted(Object.keys(hard)))
      w.write(LEVEL_1, `${r}\t${String(q.status?.used?.[r] ?? '0')}\t${String(hard[r])}\n`);
  }
}

function describeLimitRanges(limitRanges: core.LimitRange[], w: PrefixWriter): void {
  if (limitRanges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(
    LEVEL_0,
    'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
  );
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of limitRanges) limitRangeRows(w, lr, ' ');
}

/** describeLimitRangeSpec: one row per limit type and resource, "-" for what is not set. */
export function limitRangeRows(w: PrefixWriter, lr: core.LimitRange, prefix: string): void {
  for (const item of lr.spec?.limits ?? []) {
    const names = new Set<string>();
    for (const m of [item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio])
      for (const k of Object.keys(m ?? {})) names.add(k);
    // kubectl walks a Go map here (random order); sorted is one of its orders and a stable one.
    for (const k of goSorted(names)) {
      const v = (m: Record<string, unknown> | undefined) => (m?.[k] !== undefined ? String(m[k]) : '-');
      w.write(
        LEVEL_0,
        `${prefix}${item.type}\t${k}\t${v(item.min)}\t${v(item.max)}\t${v(item.defaultRequest)}\t${v(item.default)}\t${v(item.maxLimitRequestRatio)}\n`,
      );
    }
  }
}

export const describeServiceAccount: Describer = async (ctx, namespace, name) => {
  const sa = await getObject<core.ServiceAccount>(ctx, gvr('', 'v1', 'serviceaccounts'), namespace, name);
  // Its token secrets, and which referenced secrets do not exist; a failed list only loses those details.
  const tokens: string[] = [];
  const missing = new Set<string>();
  const secrets = await listObjects<core.Secret>(ctx, gvr('', 'v1', 'secrets'), namespace).catch(() => undefined);
  if (secrets) {
    const existing = new Set<string>();
    for (const s of secrets) {
      const a = s.metadata?.annotations ?? {};
      if (
        s.type === 'kubernetes.io/service-account-token' &&
        a['kubernetes.io/service-account.name'] === sa.metadata?.name &&
        a['kubernetes.io/service-account.uid'] === sa.metadata?.uid
      )
        tokens.push(s.metadata?.name ?? '');
      existing.add(s.metadata?.name ?? '');
    }
    for (const s of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])])
      if (!existing.has(s.name ?? '')) missing.add(s.name ?? '');
  }
  const events = await eventsFor(ctx, { ...sa, kind: 'ServiceAccount' });
  return tabbedString((w) => {
    header(w, sa.metadata ?? {});
    const lists: [string, string[]][] = [
      ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s) => s.name ?? '')],
      ['Mountable secrets: ', (sa.secrets ?? []).map((s) => s.name ?? '')],
      ['Tokens:            ', tokens],
    ];
    for (const [title, names] of lists) {
      if (names.length === 0) {
        w.write(LEVEL_0, `${title}\t<none>\n`);
        continue;
      }
      let prefix = title;
      for (const n of names) {
        w.write(LEVEL_0, `${prefix}\t${n}${missing.has(n) ? ' (not found)' : ''}\n`);
        prefix = ' '.repeat(title.length);
      }
    }
    writeEvents(w, events, ctx);
  });
};

export const describeService: Describer = async (ctx, namespace, name) => {
  const svc = await getObject<core.Service>(ctx, gvr('', 'v1', 'services'), namespace, name);
  const slices = await listObjects<discovery.EndpointSlice>(
    ctx,
    gvr('discovery.k8s.io', 'v1', 'endpointslices'),
    namespace,
    `kubernetes.io/service-name=${name}`,
  ).catch(() => []);
  const events = await eventsFor(ctx, { ...svc, kind: 'Service' });
  const spec = svc.spec ?? {};
  return tabbedString((w) => {
    header(w, svc.metadata ?? {});
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    w.write(LEVEL_0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    w.write(LEVEL_0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
    if (spec.externalIPs?.length) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    if (ingress.length)
      w.write(
        LEVEL_0,
        `LoadBalancer Ingress:\t${ingress.map((i) => (i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ''}` : (i.hostname ?? ''))).join(', ')}\n`,
      );
    for (const sp of spec.ports ?? []) {
      const portName = sp.name || '<unset>';
      const proto = sp.protocol ?? '';
      w.write(LEVEL_0, `Port:\t${portName}\t${sp.port}/${proto}\n`);
      w.write(LEVEL_0, `TargetPort:\t${String(sp.targetPort ?? '')}/${proto}\n`);
      if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${portName}\t${sp.nodePort}/${proto}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, sp.name ?? '')}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if (spec.loadBalancerSourceRanges?.length)
      w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
    if (spec.trafficDistribution) w.write(LEVEL_0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
    writeEvents(w, events, ctx);
  });
};

export const describeEndpoints: Describer = async (ctx, namespace, name) => {
  const ep = await getObject<core.Endpoints>(ctx, gvr('', 'v1', 'endpoints'), namespace, name);
  const events = await eventsFor(ctx, { ...ep, kind: 'Endpoints' });
  return tabbedString((w) => {
    header(w, ep.metadata ?? {});
    w.write(LEVEL_0, 'Subsets:\n');
    for (const subset of ep.subsets ?? []) {
      const ips = (addresses: core.EndpointAddress[] | undefined) =>
        (addresses ?? []).map((a) => a.ip).join(',') || '<none>';
      w.write(LEVEL_1, `Addresses:\t${ips(subset.addresses)}\n`);
      w.write(LEVEL_1, `NotReadyAddresses:\t${ips(subset.notReadyAddresses)}\n`);
      if (subset.ports?.length) {
        w.write(LEVEL_1, 'Ports:\n');
        w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
        w.write(LEVEL_2, '----\t----\t--------\n');
        for (const p of subset.ports) w.write(LEVEL_2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? ''}\n`);
      }
      w.write(LEVEL_0, '\n');
    }
    writeEvents(w, events, ctx);
  });
};

/** kubectl's formatEndpointSlices: the first address of each ready endpoint, at most three, then "+ N more...". */
export function formatEndpointSlices(slices: discovery.EndpointSlice[], portName: string): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  const take = (ep: discovery.Endpoint, port?: number) => {
    if (list.length === max) more = true;
    // A nil "ready" is an unknown state, read as ready.
    if (ep.conditions?.ready === false) return;
    const addr = ep.addresses[0] ?? '';
    if (!more) list.push(port === undefined ? addr : `${addr.includes(':') ? `[${addr}]` : addr}:${port}`);
    count++;
  };
  for (const slice of slices) {
    // A headless service may have no ports.
    if (!slice.ports?.length) for (const ep of slice.endpoints ?? []) take(ep);
    else
      for (const port of slice.ports)
        if ((port.name ?? '') === portName) for (const ep of slice.endpoints ?? []) take(ep, port.port ?? 0);
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** kubectl's generic describer: identity, then every field (sorted, title-cased), then events. */
export function genericDescriber(resource: ReturnType<typeof gvr>): Describer {
  return async (ctx, namespace, name) => {
    const obj = await getObject<Unstructured>(ctx, resource, namespace, name);
    const events = await eventsFor(ctx, obj);
    return tabbedString((w) => {
      const md = obj.metadata ?? {};
      w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
      w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
      printLabelsMultiline(w, 'Labels', md.labels);
      printAnnotationsMultiline(w, 'Annotations', md.annotations);
      printUnstructuredContent(w, LEVEL_0, obj as unknown as Record<string, unknown>, '', GENERIC_SKIP);
      writeEvents(w, events, ctx);
    });
  };
}

const GENERIC_SKIP = new Set([
  '.metadata.managedFields',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.labels',
  '.metadata.annotations',
]);

function printUnstructuredContent(
  w: PrefixWriter,
  level: number,
  content: Record<string, unknown>,
  skipPrefix: string,
  skip: Set<string>,
): void {
  for (const field of goSorted(Object.keys(content))) {
    const value = content[field];
    const path = `${skipPrefix}.${field}`;
    if (skip.has(path)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value as Record<string, unknown>, path, skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child !== null && typeof child === 'object' && !Array.isArray(child))
          printUnstructuredContent(w, level + 1, child as Record<string, unknown>, path, skip);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

/** Go's %v of a JSON value decoded into interface{} (numbers are float64 or int64). */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object')
    return `map[${goSorted(Object.keys(v as object))
      .map((k) => `${k}:${goValue((v as Record<string, unknown>)[k])}`)
      .join(' ')}]`;
  return String(v);
}

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** kubectl's smartLabelFor: camelCase split into title-cased words, a few acronyms in capitals. */
export function smartLabelFor(field: string): string {
  if ([...field].some((c) => c !== '-' && !/\p{L}/u.test(c))) return field;
  return camelcaseSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p[0]!.toUpperCase() + p.slice(1)))
    .join(' ');
}

/** github.com/fatih/camelcase.Split for letters and '-': runs of lower, upper and other characters. */
function camelcaseSplit(s: string): string[] {
  const cls = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{N}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = cls(c);
    if (k === last && runs.length) runs[runs.length - 1]!.push(c);
    else runs.push([c]);
    last = k;
  }
  // An upper run followed by a lower run gives its last letter to the lower run ("HTMLFile" -> HTML File).
  for (let i = 0; i < runs.length - 1; i++) {
    if (cls(runs[i]![0]!) === 2 && cls(runs[i + 1]![0]!) === 1) {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}
