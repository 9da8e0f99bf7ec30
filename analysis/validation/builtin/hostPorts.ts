// A pod spec's host ports (checkHostPortConflicts, validatePodHostNetworkDeps): one node port per protocol and
// host IP across the containers (each init container on its own: they run one by one), and with hostNetwork the
// host port is the container port.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import type { Obj, Problems } from './problems';

export function checkHostPorts(pr: Problems, base: FieldPath, spec: Obj, isPod: boolean): void {
  // SetDefaults_Pod (a Pod, not a template): with hostNetwork an absent host port is the container port.
  const hostNetwork = spec.hostNetwork === true;
  const defaulted = isPod && hostNetwork;
  const containers = Array.isArray(spec.containers) ? spec.containers : NO_CONTAINERS;
  let seen = new Set<string>();
  for (let k = 0; k < containers.length; k++)
    accumulateHostPorts(pr, base, 'containers', k, containers[k], seen, defaulted);
  if (Array.isArray(spec.initContainers))
    for (let i = 0; i < spec.initContainers.length; i++) {
      seen = new Set();
      accumulateHostPorts(pr, base, 'initContainers', i, spec.initContainers[i], seen, defaulted);
    }
  if (!hostNetwork) return;
  for (let i = 0; i < containers.length; i++) {
    const c: unknown = containers[i];
    if (!isPlainObject(c) || !Array.isArray(c.ports)) continue;
    for (let j = 0; j < c.ports.length; j++) {
      const port: unknown = c.ports[j];
      if (!isPlainObject(port)) continue;
      const hp = hostPortOf(port, defaulted);
      const cp = typeof port.containerPort === 'number' ? port.containerPort : 0;
      // A template may leave the host port 0: it is defaulted when the Pod is made.
      if ((isPod || hp !== 0) && hp !== cp)
        pr.invalid(
          [...base, 'containers', i, 'ports', j, 'hostPort'],
          hp,
          'must match `containerPort` when `hostNetwork` is true',
        );
    }
  }
}

const NO_CONTAINERS: unknown[] = [];

/** A port's host port; `defaulted`: an absent one is the container port (a Pod's with hostNetwork). */
function hostPortOf(port: Obj, defaulted: boolean): number {
  const hp = typeof port.hostPort === 'number' ? port.hostPort : 0;
  return hp === 0 && defaulted && typeof port.containerPort === 'number' ? port.containerPort : hp;
}

/** AccumulateUniqueHostPorts of container `c` (item `k` of `listName`): the key is `protocol/hostIP/port` (protocol
 * defaulted to TCP). */
function accumulateHostPorts(
  pr: Problems,
  base: FieldPath,
  listName: string,
  k: number,
  c: unknown,
  seen: Set<string>,
  defaulted: boolean,
): void {
  if (!isPlainObject(c) || !Array.isArray(c.ports)) return;
  for (let j = 0; j < c.ports.length; j++) {
    const port: unknown = c.ports[j];
    if (!isPlainObject(port)) continue;
    const hp = hostPortOf(port, defaulted);
    if (hp === 0) continue;
    const protocol = typeof port.protocol === 'string' && port.protocol !== '' ? port.protocol : 'TCP';
    const hostIP = typeof port.hostIP === 'string' ? port.hostIP : '';
    const key = `${protocol}/${hostIP}/${hp}`;
    if (seen.has(key)) pr.duplicate([...base, listName, k, 'ports', j, 'hostPort'], key);
    else seen.add(key);
  }
}
