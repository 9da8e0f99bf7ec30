// pkg/apis/networking/validation: NetworkPolicy ports and peers, IngressClass controllers and parameters, Ingresses
// (ingress.ts).
import { isPlainObject } from '../../documents/manifest';
import type { FieldPath } from '../../documents/path';
import { checkIngress } from './ingress';
import { cidrContains, parseCIDRSloppy } from './legacyIP';
import { dns1123Label, dns1123Subdomain, pathSegmentName, portName } from './names';
import { validPort, type Obj, type Problems } from './problems';

export function checkNetworkingKind(pr: Problems, obj: Obj, kind: string): void {
  if (kind === 'NetworkPolicy') checkNetworkPolicy(pr, obj);
  if (kind === 'IngressClass') checkIngressClass(pr, obj);
  if (kind === 'Ingress') checkIngress(pr, obj);
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
        // A null item is Go's zero peer; another type is a decoding error, reported elsewhere.
        if (peer === null || isPlainObject(peer))
          checkPeer(pr, ['spec', direction, i, direction === 'ingress' ? 'from' : 'to', j], peer ?? {});
      });
    });
  }
}

/** ValidateNetworkPolicyPeer: a peer selects something, and an ipBlock stands alone. */
function checkPeer(pr: Problems, p: FieldPath, peer: Obj): void {
  const present = (v: unknown) => v !== undefined && v !== null;
  const peers = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => present(peer[k])).length;
  if (isPlainObject(peer.ipBlock)) checkIPBlock(pr, [...p, 'ipBlock'], peer.ipBlock);
  if (peers === 0) pr.required(p, 'must specify a peer');
  else if (peers > 1 && present(peer.ipBlock)) pr.forbidden(p, 'may not specify both ipBlock and another peer');
}

const INVALID_CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/**
 * ValidateIPBlock on create (StrictIPCIDRValidation off): cidr and each except as ParseCIDRSloppy reads them
 * (leading zeros allowed), each except strictly inside cidr. An absent cidr is the schema's Required value.
 */
function checkIPBlock(pr: Problems, p: FieldPath, block: Obj): void {
  if (typeof block.cidr !== 'string') return;
  if (block.cidr === '') return pr.required([...p, 'cidr']);
  const cidr = parseCIDRSloppy(block.cidr);
  if (!cidr) return pr.invalid([...p, 'cidr'], block.cidr, INVALID_CIDR);
  if (!Array.isArray(block.except)) return;
  block.except.forEach((e, k) => {
    if (typeof e !== 'string') return;
    const except = parseCIDRSloppy(e);
    if (!except) pr.invalid([...p, 'except', k], e, INVALID_CIDR);
    else if (!cidrContains(cidr, except.ip) || cidr.ones >= except.ones)
      pr.invalid([...p, 'except', k], e, 'must be a strict subset of `cidr`');
  });
}

const DOMAIN_PREFIXED_PATH = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[^\s]+$/;

function checkIngressClass(pr: Problems, obj: Obj): void {
  const controller = isPlainObject(obj.spec) ? obj.spec.controller : undefined;
  if (typeof controller === 'string' && controller !== '' && !DOMAIN_PREFIXED_PATH.test(controller)) {
    pr.invalid(['spec', 'controller'], controller, 'must be a domain-prefixed path (such as "acme.io/foo")');
  }
  if (isPlainObject(obj.spec) && isPlainObject(obj.spec.parameters))
    checkIngressClassParameters(pr, ['spec', 'parameters'], obj.spec.parameters);
}

const PARAMETERS_SCOPES = ['Cluster', 'Namespace']; // sets.List(): sorted

/**
 * validateIngressClassParametersReference after SetDefaults_IngressClass (an absent scope is Cluster): apiGroup a
 * DNS subdomain, kind and name path segments (absent ones are the schema's Required value), a namespace exactly
 * when the scope is Namespace, and then a DNS label.
 */
function checkIngressClassParameters(pr: Problems, p: FieldPath, params: Obj): void {
  if (typeof params.apiGroup === 'string')
    for (const msg of dns1123Subdomain(params.apiGroup)) pr.invalid([...p, 'apiGroup'], params.apiGroup, msg);
  for (const key of ['kind', 'name']) {
    const v = params[key];
    if (v === '') pr.required([...p, key]);
    else if (typeof v === 'string') for (const msg of pathSegmentName(v)) pr.invalid([...p, key], v, msg);
  }
  const scope = params.scope ?? 'Cluster';
  if (typeof scope !== 'string') return;
  if (!PARAMETERS_SCOPES.includes(scope)) return pr.unsupported([...p, 'scope'], scope, PARAMETERS_SCOPES);
  const namespace = params.namespace ?? undefined;
  if (scope === 'Namespace') {
    if (namespace === undefined) pr.required([...p, 'namespace'], "`parameters.scope` is set to 'Namespace'");
    else if (typeof namespace === 'string')
      for (const msg of dns1123Label(namespace)) pr.invalid([...p, 'namespace'], namespace, msg);
  } else if (namespace !== undefined) pr.forbidden([...p, 'namespace'], "`parameters.scope` is set to 'Cluster'");
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
