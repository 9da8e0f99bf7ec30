// pkg/apis/networking/validation: NetworkPolicy ports and ipBlocks, IngressClass controllers, Ingresses (ingress.ts).
import { isPlainObject } from '../../documents/manifest';
import { checkIngress } from './ingress';
import { portName } from './names';
import { validPort, type Obj, type Problems } from './problems';

export function checkNetworkingKind(pr: Problems, obj: Obj, kind: string): void {
  if (kind === 'NetworkPolicy') checkNetworkPolicy(pr, obj);
  if (kind === 'IngressClass') checkIngressClass(pr, obj);
  if (kind === 'Ingress') checkIngress(pr, obj);
}

function isCidr(s: string): boolean {
  const m = /^(.*)\/(\d{1,3})$/.exec(s);
  if (!m) return false;
  const bits = Number(m[2]);
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(m[1]);
  if (v4) return bits <= 32;
  const v6 = m[1].includes(':') && /^[0-9a-fA-F:.]+$/.test(m[1]) && (m[1].match(/::/g) ?? []).length <= 1;
  return v6 && bits <= 128;
}

function checkNetworkPolicy(pr: Problems, obj: Obj): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  for (const direction of ['ingress', 'egress']) {
    const rules = spec[direction];
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule, i) => {
      if (!isPlainObject(rule)) return;
      const ports = Array.isArray(rule.ports) ? rule.ports : [];
      ports.forEach((port, j) => {
        if (isPlainObject(port) && typeof port.port === 'number' && !validPort(port.port)) {
          pr.invalid(['spec', direction, i, 'ports', j, 'port'], port.port, 'must be between 1 and 65535, inclusive');
        }
        // A named port is an IANA service name (validation.IsValidPortName), "" included.
        if (isPlainObject(port) && typeof port.port === 'string')
          for (const msg of portName(port.port)) pr.invalid(['spec', direction, i, 'ports', j, 'port'], port.port, msg);
        if (isPlainObject(port)) checkEndPort(pr, ['spec', direction, i, 'ports', j], port);
      });
      const peers = rule[direction === 'ingress' ? 'from' : 'to'];
      if (!Array.isArray(peers)) return;
      peers.forEach((peer, j) => {
        const block = isPlainObject(peer) && isPlainObject(peer.ipBlock) ? peer.ipBlock : undefined;
        if (!block) return;
        const p = ['spec', direction, i, direction === 'ingress' ? 'from' : 'to', j, 'ipBlock'];
        if (typeof block.cidr === 'string' && !isCidr(block.cidr)) {
          pr.invalid([...p, 'cidr'], block.cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
        }
        if (Array.isArray(block.except)) {
          block.except.forEach((e, k) => {
            if (typeof e === 'string' && !isCidr(e))
              pr.invalid([...p, 'except', k], e, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
          });
        }
      });
    });
  }
}

const DOMAIN_PREFIXED_PATH = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[^\s]+$/;

function checkIngressClass(pr: Problems, obj: Obj): void {
  const controller = isPlainObject(obj.spec) ? obj.spec.controller : undefined;
  if (typeof controller === 'string' && controller !== '' && !DOMAIN_PREFIXED_PATH.test(controller)) {
    pr.invalid(['spec', 'controller'], controller, 'must be a domain-prefixed path (such as "acme.io/foo")');
  }
}

/** ValidateNetworkPolicyPort's endPort rules (an explicit 0 is a value here: the field is a pointer). */
function checkEndPort(pr: Problems, path: (string | number)[], port: Obj): void {
  const end = port.endPort;
  if (typeof end !== 'number') return;
  const at = [...path, 'endPort'];
  if (port.port === undefined) pr.invalid(at, end, 'may not be specified when `port` is not specified');
  else if (typeof port.port === 'string') pr.invalid(at, end, 'may not be specified when `port` is non-numeric');
  // The server prints the port as the value here.
  else if (typeof port.port === 'number' && end < port.port)
    pr.invalid(at, port.port, 'must be greater than or equal to `port`');
  if (!validPort(end)) pr.invalid(at, end, 'must be between 1 and 65535, inclusive');
}
