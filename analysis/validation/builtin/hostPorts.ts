// A pod spec's host ports (checkHostPortConflicts, validatePodHostNetworkDeps): one node port per protocol and
// host IP across the containers (each init container on its own: they run one by one), and with hostNetwork the
// host port is the container port.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import type { Obj, Problems } from './problems';

export function checkHostPorts(pr: Problems, base: FieldPath, spec: Obj, isPod: boolean): void {
  // SetDefaults_Pod (a Pod, not a template): with hostNetwork an absent host port is the container port.
  const hostNetwork = spec.hostNetwork === true;
  const hostPortOf = (port: Obj): number => {
    const hp = typeof port.hostPort === 'number' ? port.hostPort : 0;
    return hp === 0 && isPod && hostNetwork && typeof port.containerPort === 'number' ? port.containerPort : hp;
  };
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  accumulateHostPorts(pr, [...base, 'containers'], containers, new Set(), hostPortOf);
  if (Array.isArray(spec.initContainers))
    spec.initContainers.forEach((c, i) =>
      accumulateHostPorts(pr, [...base, 'initContainers'], [c], new Set(), hostPortOf, i),
    );
  if (!hostNetwork) return;
  containers.forEach((c, i) => {
    if (!isPlainObject(c) || !Array.isArray(c.ports)) return;
    c.ports.forEach((port, j) => {
      if (!isPlainObject(port)) return;
      const hp = hostPortOf(port);
      const cp = typeof port.containerPort === 'number' ? port.containerPort : 0;
      // A template may leave the host port 0: it is defaulted when the Pod is made.
      if ((isPod || hp !== 0) && hp !== cp)
        pr.invalid(
          [...base, 'containers', i, 'ports', j, 'hostPort'],
          hp,
          'must match `containerPort` when `hostNetwork` is true',
        );
    });
  });
}

/** AccumulateUniqueHostPorts: the key is `protocol/hostIP/port` (protocol defaulted to TCP). */
function accumulateHostPorts(
  pr: Problems,
  listPath: FieldPath,
  containers: unknown[],
  seen: Set<string>,
  hostPortOf: (port: Obj) => number,
  firstIndex = 0,
): void {
  containers.forEach((c, k) => {
    if (!isPlainObject(c) || !Array.isArray(c.ports)) return;
    c.ports.forEach((port, j) => {
      if (!isPlainObject(port)) return;
      const hp = hostPortOf(port);
      if (hp === 0) return;
      const protocol = typeof port.protocol === 'string' && port.protocol !== '' ? port.protocol : 'TCP';
      const hostIP = typeof port.hostIP === 'string' ? port.hostIP : '';
      const key = `${protocol}/${hostIP}/${hp}`;
      if (seen.has(key)) pr.duplicate([...listPath, firstIndex + k, 'ports', j, 'hostPort'], key);
      else seen.add(key);
    });
  });
}
