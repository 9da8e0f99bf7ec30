// The Pod describer and the parts of it other describers reuse: containers, volumes, the pod template.
import type * as core from '../typed/generated/types/api/core/v1';
import type { DescribeContext } from './types';
import { describeEvents, searchEvents, type CoreEvent } from './events';
import { printCSIVolumeAttributes, printPersistentVolumeClaim } from './storage';
import { humanDuration } from '../util/duration';
import { parseQuantity } from '../util/quantity';
import {
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  LEVEL_3,
  cmp,
  formatLabelSelector,
  goSlice,
  goSorted,
  printAnnotationsMultiline,
  printBool,
  printController,
  printLabelsMultiline,
  printTolerationsMultiline,
  rfc1123z,
  stringOrNone,
  tabbedString,
  type PrefixWriter,
} from './writer';

const PODS = { group: '', version: 'v1', resource: 'pods' };
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export async function describePodByName(ctx: DescribeContext, namespace: string, name: string): Promise<string> {
  const { client, settings } = ctx;
  let pod: core.Pod;
  try {
    pod = (await client.resource(PODS).namespace(namespace).get(name, { signal: settings.signal })) as core.Pod;
  } catch (err) {
    // A deleted pod's events can still explain what happened to it.
    if (settings.showEvents) {
      const events = await searchEvents(client, { name, namespace }, settings.chunkSize, settings.signal).catch(
        () => [],
      );
      if (events.length > 0)
        return tabbedString((w) => {
          w.write(LEVEL_0, `Pod '${name}': error '${(err as Error).message}', but found events.\n`);
          describeEvents(events, w, ctx.now());
        });
    }
    throw err;
  }
  let events: CoreEvent[] | undefined;
  if (settings.showEvents) {
    const md = pod.metadata ?? {};
    const mirror = md.annotations?.[MIRROR_POD_ANNOTATION];
    // kubectl clears the kind of a pod's reference; a mirror pod's events carry its config's UID.
    events = await searchEvents(
      client,
      { name: md.name ?? name, namespace: md.namespace, uid: mirror ?? md.uid },
      settings.chunkSize,
      settings.signal,
    ).catch(() => undefined);
  }
  return describePod(pod, events, ctx.now());
}

export function describePod(pod: core.Pod, events: CoreEvent[] | undefined, now: number): string {
  const md = pod.metadata ?? {};
  const spec = pod.spec ?? ({ containers: [] } as core.PodSpec);
  const status = pod.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    if (!spec.nodeName) w.write(LEVEL_0, 'Node:\t<none>\n');
    else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    if (md.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${humanDuration(now - Date.parse(md.deletionTimestamp))})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${md.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    if (!status.podIPs?.length) w.write(LEVEL_0, 'IPs:\t<none>\n');
    else {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of status.podIPs) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
    }
    const controlledBy = printController(md);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(spec.resources, w, LEVEL_1);
    }
    const resolve = envValueRetriever(pod);
    if (spec.initContainers?.length)
      describeContainers('Init Containers', spec.initContainers, status.initContainerStatuses, resolve, w, '');
    describeContainers('Containers', spec.containers ?? [], status.containerStatuses, resolve, w, '');
    if (spec.ephemeralContainers?.length)
      describeContainers(
        'Ephemeral Containers',
        spec.ephemeralContainers as core.Container[],
        status.ephemeralContainerStatuses,
        resolve,
        w,
        '',
      );
    if (spec.readinessGates?.length) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of spec.readinessGates) {
        const c = status.conditions?.find((c) => c.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
      }
    }
    if (status.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec.volumes, w, '');
    w.write(LEVEL_0, `QoS Class:\t${status.qosClass || computePodQOS(spec)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
    describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '');
    if (events) describeEvents(events, w, now);
  });
}

/** kubectl's qos.ComputePodQOS, for a pod whose status does not carry the class yet. */
function computePodQOS(spec: core.PodSpec): string {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const add = (into: Map<string, number>, list: Record<string, unknown> | undefined) => {
    for (const [name, q] of Object.entries(list ?? {})) {
      if (name !== 'cpu' && name !== 'memory') continue;
      const v = parseQuantity(q as string) ?? 0;
      if (v > 0) into.set(name, (into.get(name) ?? 0) + v);
    }
  };
  const limited = (list: Record<string, unknown> | undefined) =>
    ['cpu', 'memory'].every((n) => (parseQuantity((list?.[n] as string) ?? 0) ?? 0) > 0);
  const sources = spec.resources
    ? [spec.resources]
    : [...spec.containers, ...(spec.initContainers ?? [])].map((c) => c.resources ?? {});
  for (const r of sources) {
    add(requests, r.requests);
    if (r.limits || !spec.resources) {
      add(limits, r.limits);
      if (!limited(r.limits)) guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) for (const [n, v] of requests) if (limits.get(n) !== v) guaranteed = false;
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

type EnvResolver = ((e: core.EnvVar) => string) | undefined;

/** kubectl's EnvValueRetriever for the downward-API fields a describe can resolve from the pod itself. */
function envValueRetriever(pod: core.Pod): EnvResolver {
  return (e) => {
    const path = e.valueFrom?.fieldRef?.fieldPath ?? '';
    const md = pod.metadata ?? {};
    const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
    if (m) return (m[1] === 'labels' ? md.labels : md.annotations)?.[m[2]!] ?? '';
    switch (path) {
      case 'metadata.name':
        return md.name ?? '';
      case 'metadata.namespace':
        return md.namespace ?? '';
      case 'metadata.uid':
        return md.uid ?? '';
      case 'spec.nodeName':
        return pod.spec?.nodeName ?? '';
      case 'spec.serviceAccountName':
        return pod.spec?.serviceAccountName ?? '';
      case 'status.hostIP':
        return pod.status?.hostIP ?? '';
      case 'status.podIP':
        return pod.status?.podIP ?? '';
      case 'status.podIPs':
        return (pod.status?.podIPs ?? []).map((p) => p.ip).join(',');
      case 'status.hostIPs':
        return (pod.status?.hostIPs ?? []).map((p) => p.ip).join(',');
    }
    return '';
  };
}

export function describeContainers(
  label: string,
  containers: core.Container[],
  statuses: core.ContainerStatus[] | undefined,
  resolve: EnvResolver,
  w: PrefixWriter,
  space: string,
): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const status = byName.get(c.name);
    describeContainerBasicInfo(c, status, space, w);
    describeContainerCommand(c, w);
    if (status) describeContainerState(status, w);
    describeResources(c.resources, w, LEVEL_2);
    describeContainerProbe(c, w);
    if (c.envFrom?.length) describeContainerEnvFrom(c, w);
    describeContainerEnvVars(c, resolve, w);
    describeContainerVolumes(c, w);
  }
}

function describeContainerBasicInfo(
  c: core.Container,
  status: core.ContainerStatus | undefined,
  space: string,
  w: PrefixWriter,
): void {
  w.write(LEVEL_1, `${space ? ' ' : ''}${c.name}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
  const ports = portList(c.ports, (p) => p.containerPort);
  if (ports.includes(',')) w.write(LEVEL_2, `Ports:\t${ports}\n`);
  else w.write(LEVEL_2, `Port:\t${stringOrNone(ports)}\n`);
  const hostPorts = portList(c.ports, (p) => p.hostPort ?? 0);
  if (hostPorts.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
  else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPorts)}\n`);
  const seccomp = c.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type}\n`);
    if (seccomp.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
}

function portList(ports: core.ContainerPort[] | undefined, port: (p: core.ContainerPort) => number): string {
  return (ports ?? []).map((p) => `${port(p)}/${p.protocol ?? ''}`).join(', ');
}

function describeContainerCommand(c: core.Container, w: PrefixWriter): void {
  for (const [title, list] of [
    ['Command', c.command],
    ['Args', c.args],
  ] as const) {
    if (!list?.length) continue;
    w.write(LEVEL_2, `${title}:\n`);
    for (const item of list) for (const s of item.split('\n')) w.write(LEVEL_3, `${s}\n`);
  }
}

export function describeResources(
  resources: core.ResourceRequirements | undefined,
  w: PrefixWriter,
  level: number,
): void {
  if (!resources) return;
  for (const [title, list] of [
    ['Limits', resources.limits],
    ['Requests', resources.requests],
  ] as const) {
    const names = goSorted(Object.keys(list ?? {}));
    if (names.length) w.write(level, `${title}:\n`);
    for (const n of names) w.write(level + 1, `${n}:\t${String(list![n])}\n`);
  }
}

function describeContainerState(status: core.ContainerStatus, w: PrefixWriter): void {
  describeStatus('State', status.state, w);
  if (status.lastState?.terminated) describeStatus('Last State', status.lastState, w);
  w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
  w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

function describeStatus(name: string, state: core.ContainerState | undefined, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

function describeContainerProbe(c: core.Container, w: PrefixWriter): void {
  if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

function describeProbe(p: core.Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec ${goSlice(p.exec.command)} ${attrs}`;
  if (p.httpGet) {
    const port = String(p.httpGet.port ?? '');
    const host = p.httpGet.host ?? '';
    const hostPort = port ? `${host.includes(':') ? `[${host}]` : host}:${port}` : host;
    const scheme = (p.httpGet.scheme ?? '').toLowerCase();
    return `http-get ${scheme ? `${scheme}:` : ''}//${hostPort}${p.httpGet.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${String(p.tcpSocket.port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeContainerVolumes(c: core.Container, w: PrefixWriter): void {
  const none = c.volumeMounts?.length ? '' : '\t<none>';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  for (const m of [...(c.volumeMounts ?? [])].sort((a, b) => cmp(a.mountPath, b.mountPath))) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  if (c.volumeDevices?.length) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    for (const d of [...c.volumeDevices].sort((a, b) => cmp(a.devicePath, b.devicePath)))
      w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}

function describeContainerEnvVars(c: core.Container, resolve: EnvResolver, w: PrefixWriter): void {
  w.write(LEVEL_2, `Environment:${c.env?.length ? '' : '\t<none>'}\n`);
  for (const e of c.env ?? []) {
    const from = e.valueFrom;
    if (!from) {
      (e.value ?? '').split('\n').forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    if (from.fieldRef) {
      const value = resolve ? resolve(e) : '';
      w.write(LEVEL_3, `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? ''}:${from.fieldRef.fieldPath})\n`);
    } else if (from.resourceFieldRef) {
      const value = containerResourceValue(from.resourceFieldRef, c);
      w.write(LEVEL_3, `${e.name}:\t${value} (${from.resourceFieldRef.resource})\n`);
    } else if (from.secretKeyRef) {
      const r = from.secretKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${r.key}' in secret '${r.name ?? ''}'>\tOptional: ${Boolean(r.optional)}\n`,
      );
    } else if (from.configMapKeyRef) {
      const r = from.configMapKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${r.key}' of config map '${r.name ?? ''}'>\tOptional: ${Boolean(r.optional)}\n`,
      );
    }
  }
}

/**
 * resourcehelper.ExtractContainerResourceValue for the common cases: a limit or request of the container
 * itself, divided by the divisor (default 1) and rounded up; an unset CPU/memory limit reads "node allocatable".
 */
function containerResourceValue(ref: core.ResourceFieldSelector, c: core.Container): string {
  const [kind, name] = ref.resource.split('.', 2) as [string, string];
  const list = kind === 'limits' ? c.resources?.limits : c.resources?.requests;
  const raw = list?.[name!];
  const divisor = parseQuantity((ref.divisor as string) ?? 1) || 1;
  const value = raw === undefined ? 0 : Math.ceil((parseQuantity(raw as string) ?? 0) / divisor);
  if (value === 0 && (ref.resource === 'limits.cpu' || ref.resource === 'limits.memory')) return 'node allocatable';
  return String(value);
}

function describeContainerEnvFrom(c: core.Container, w: PrefixWriter): void {
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const e of c.envFrom ?? []) {
    const [from, ref] = e.configMapRef
      ? ['ConfigMap', e.configMapRef]
      : e.secretRef
        ? ['Secret', e.secretRef]
        : ['', undefined];
    const optional = Boolean(ref?.optional);
    if (!e.prefix) w.write(LEVEL_3, `${ref?.name ?? ''}\t${from}\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${ref?.name ?? ''}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

function describeTopologySpreadConstraints(
  tscs: core.TopologySpreadConstraint[] | undefined,
  w: PrefixWriter,
  space: string,
): void {
  if (!tscs?.length) return;
  const sorted = [...tscs].sort((a, b) => cmp(a.topologyKey, b.topologyKey));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`);
    let s = `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded`;
    if (t.labelSelector) s += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

export function describeVolumes(volumes: core.Volume[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes?.length) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v.name}:\n`);
    describeVolumeSource(v, w);
  }
}

function describeVolumeSource(v: core.Volume, w: PrefixWriter): void {
  const lines = (type: string, fields: [string, unknown][]) =>
    w.write(LEVEL_2, `Type:\t${type}\n${fields.map(([k, val]) => `    ${k}:\t${String(val)}\n`).join('')}`);
  if (v.hostPath)
    return lines('HostPath (bare host directory volume)', [
      ['Path', v.hostPath.path],
      ['HostPathType', v.hostPath.type ?? '<none>'],
    ]);
  if (v.emptyDir) {
    const size = v.emptyDir.sizeLimit;
    return lines("EmptyDir (a temporary directory that shares a pod's lifetime)", [
      ['Medium', v.emptyDir.medium ?? ''],
      ['SizeLimit', size !== undefined && (parseQuantity(size) ?? 0) > 0 ? String(size) : '<unset>'],
    ]);
  }
  if (v.secret)
    return lines('Secret (a volume populated by a Secret)', [
      ['SecretName', v.secret.secretName ?? ''],
      ['Optional', Boolean(v.secret.optional)],
    ]);
  if (v.configMap)
    return lines('ConfigMap (a volume populated by a ConfigMap)', [
      ['Name', v.configMap.name ?? ''],
      ['Optional', Boolean(v.configMap.optional)],
    ]);
  if (v.nfs)
    return lines('NFS (an NFS mount that lasts the lifetime of a pod)', [
      ['Server', v.nfs.server],
      ['Path', v.nfs.path],
      ['ReadOnly', Boolean(v.nfs.readOnly)],
    ]);
  if (v.persistentVolumeClaim)
    return lines('PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)', [
      ['ClaimName', v.persistentVolumeClaim.claimName],
      ['ReadOnly', Boolean(v.persistentVolumeClaim.readOnly)],
    ]);
  if (v.ephemeral) {
    w.write(
      LEVEL_2,
      'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n',
    );
    const t = v.ephemeral.volumeClaimTemplate;
    if (t) printPersistentVolumeClaim(w.nested(LEVEL_2), { metadata: t.metadata, spec: t.spec }, false, Date.now());
    return;
  }
  if (v.downwardAPI) {
    w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
    for (const item of v.downwardAPI.items ?? []) {
      if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
      if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
    }
    return;
  }
  if (v.projected) {
    w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const s of v.projected.sources ?? []) {
      if (s.secret)
        w.write(LEVEL_2, `SecretName:\t${s.secret.name ?? ''}\n    Optional:\t${Boolean(s.secret.optional)}\n`);
      else if (s.downwardAPI) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
      else if (s.configMap)
        w.write(
          LEVEL_2,
          `ConfigMapName:\t${s.configMap.name ?? ''}\n    Optional:\t${Boolean(s.configMap.optional)}\n`,
        );
      else if (s.serviceAccountToken)
        w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
    }
    return;
  }
  if (v.csi) {
    lines('CSI (a Container Storage Interface (CSI) volume source)', [
      ['Driver', v.csi.driver],
      ['FSType', v.csi.fsType ?? ''],
      ['ReadOnly', Boolean(v.csi.readOnly)],
    ]);
    printCSIVolumeAttributes(w, v.csi.volumeAttributes);
    return;
  }
  // Cloud and legacy in-tree volume types: kubectl prints each one's fields; name the type at least.
  const type = Object.keys(v).find((k) => k !== 'name');
  w.write(LEVEL_2, type ? `Type:\t${type}\n` : '<unknown>\n');
}

export function describePodTemplate(template: core.PodTemplateSpec | undefined, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const md = template.metadata ?? {};
  const spec = template.spec ?? ({ containers: [] } as core.PodSpec);
  printLabelsMultiline(w, '  Labels', md.labels);
  if (Object.keys(md.annotations ?? {}).length) printAnnotationsMultiline(w, '  Annotations', md.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length)
    describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ');
  describeContainers('Containers', spec.containers ?? [], undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '  ');
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations);
}
