// pkg/apis/networking/validation's ValidateIngressSpec (on create): an Ingress routes somewhere, each backend names
// one service port or one resource, rule hosts are DNS names, HTTP paths have a type and fit it, TLS hosts and
// secret names and the class name are names.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { parseIPSloppy } from './legacyIP';
import { dns1035Label, dns1123Subdomain, pathSegmentName, portName } from './names';
import { validPort, type Obj, type Problems } from './problems';

const WILDCARD_SUBDOMAIN = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const WILDCARD_MESSAGE =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

/** IsWildcardDNS1123Subdomain. */
function wildcardSubdomain(v: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(v, 'utf8') > 253) errs.push('must be no more than 253 characters');
  if (!WILDCARD_SUBDOMAIN.test(v)) errs.push(WILDCARD_MESSAGE);
  return errs;
}

/** A host with a `*` is a wildcard subdomain, any other a subdomain. */
function hostProblems(host: string): string[] {
  return host.includes('*') ? wildcardSubdomain(host) : dns1123Subdomain(host);
}

export function checkIngress(pr: Problems, obj: Obj): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  const rules = Array.isArray(spec.rules) ? spec.rules : undefined;
  if (!rules?.length && !isPlainObject(spec.defaultBackend))
    pr.invalid(['spec'], rules ?? null, 'either `defaultBackend` or `rules` must be specified');
  if (isPlainObject(spec.defaultBackend)) checkBackend(pr, ['spec', 'defaultBackend'], spec.defaultBackend);
  rules?.forEach((rule, i) => {
    if (isPlainObject(rule)) checkRule(pr, ['spec', 'rules', i], rule);
  });
  if (Array.isArray(spec.tls)) checkTls(pr, spec.tls);
  if (typeof spec.ingressClassName === 'string')
    for (const msg of dns1123Subdomain(spec.ingressClassName))
      pr.invalid(['spec', 'ingressClassName'], spec.ingressClassName, msg);
  checkClassAnnotation(pr, obj, spec);
}

const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** ValidateIngressCreate: the legacy class annotation agrees with ingressClassName (reported without `metadata.`). */
function checkClassAnnotation(pr: Problems, obj: Obj, spec: Obj): void {
  const annotations = isPlainObject(obj.metadata) ? obj.metadata.annotations : undefined;
  const value = isPlainObject(annotations) ? annotations[CLASS_ANNOTATION] : undefined;
  if (typeof value === 'string' && typeof spec.ingressClassName === 'string' && value !== spec.ingressClassName)
    pr.invalid(
      ['metadata', 'annotations', CLASS_ANNOTATION],
      value,
      'must match `ingressClassName` when both are specified',
      `annotations.${CLASS_ANNOTATION}`,
    );
}

function checkRule(pr: Problems, p: FieldPath, rule: Obj): void {
  const host = typeof rule.host === 'string' ? rule.host : '';
  if (host !== '') {
    if (parseIPSloppy(host)) pr.invalid([...p, 'host'], host, 'must be a DNS name, not an IP address');
    for (const msg of hostProblems(host)) pr.invalid([...p, 'host'], host, msg);
  }
  if (!isPlainObject(rule.http)) return;
  const paths = Array.isArray(rule.http.paths) ? rule.http.paths : [];
  if (paths.length === 0) pr.required([...p, 'http', 'paths']);
  paths.forEach((path, j) => {
    if (isPlainObject(path)) checkPath(pr, [...p, 'http', 'paths', j], path);
  });
}

/**
 * validateHTTPIngressPath: without a pathType nothing else of the path is checked. A missing or unknown pathType
 * itself is the schema's to report (required, enum).
 */
function checkPath(pr: Problems, p: FieldPath, path: Obj): void {
  const type = path.pathType;
  if (type === undefined) return;
  const value = typeof path.path === 'string' ? path.path : '';
  if (type === 'Exact' || type === 'Prefix') {
    if (!value.startsWith('/')) pr.invalid([...p, 'path'], value, 'must be an absolute path');
    for (const seq of INVALID_PATH_SEQUENCES)
      if (value.includes(seq)) pr.invalid([...p, 'path'], value, `must not contain '${seq}'`);
    for (const suffix of INVALID_PATH_SUFFIXES)
      if (value.endsWith(suffix)) pr.invalid([...p, 'path'], value, `cannot end with '${suffix}'`);
  } else if (type === 'ImplementationSpecific') {
    if (value !== '' && !value.startsWith('/')) pr.invalid([...p, 'path'], value, 'must be an absolute path');
  }
  if (isPlainObject(path.backend)) checkBackend(pr, [...p, 'backend'], path.backend);
  // An absent backend is Go's zero struct (goZeroItems.ts fills it in): neither a service nor a resource.
}

/**
 * validateIngressBackend: a service (named as a DNS-1035 label, with a port name or a non-zero number, not both) or
 * a resource (kind and name), exactly one. The value printed for the struct-level errors is "".
 */
function checkBackend(pr: Problems, p: FieldPath, backend: Obj): void {
  const service = isPlainObject(backend.service) ? backend.service : undefined;
  const resource = isPlainObject(backend.resource) ? backend.resource : undefined;
  if (service && resource) return pr.invalid(p, '', 'cannot set both resource and service backends');
  if (resource) return checkResourceReference(pr, [...p, 'resource'], resource);
  if (!service) return pr.invalid(p, '', 'resource or service backend is required');
  const name = typeof service.name === 'string' ? service.name : '';
  if (name === '') pr.required([...p, 'service', 'name']);
  else for (const msg of dns1035Label(name)) pr.invalid([...p, 'service', 'name'], name, msg);
  const port = isPlainObject(service.port) ? service.port : {};
  const portNameValue = typeof port.name === 'string' ? port.name : '';
  const number = typeof port.number === 'number' ? port.number : 0;
  if (portNameValue !== '' && number !== 0) pr.invalid(p, '', 'cannot set both port name & port number');
  else if (portNameValue !== '')
    for (const msg of portName(portNameValue)) pr.invalid([...p, 'service', 'port', 'name'], portNameValue, msg);
  else if (number !== 0) {
    if (!validPort(number))
      pr.invalid([...p, 'service', 'port', 'number'], number, 'must be between 1 and 65535, inclusive');
  } else pr.required(p, 'port name or number is required');
}

/** validateIngressTypedLocalObjectReference. */
function checkResourceReference(pr: Problems, p: FieldPath, ref: Obj): void {
  if (typeof ref.apiGroup === 'string')
    for (const msg of dns1123Subdomain(ref.apiGroup)) pr.invalid([...p, 'apiGroup'], ref.apiGroup, msg);
  for (const field of ['kind', 'name']) {
    const v = typeof ref[field] === 'string' ? (ref[field] as string) : '';
    if (v === '') pr.required([...p, field]);
    else for (const msg of pathSegmentName(v)) pr.invalid([...p, field], v, msg);
  }
}

/** validateIngressTLS: hosts are (wildcard) subdomains, a secret name a subdomain when given. */
function checkTls(pr: Problems, tls: unknown[]): void {
  tls.forEach((entry, i) => {
    if (!isPlainObject(entry)) return;
    const p = ['spec', 'tls', i];
    if (Array.isArray(entry.hosts))
      entry.hosts.forEach((host, j) => {
        if (typeof host === 'string') for (const msg of hostProblems(host)) pr.invalid([...p, 'hosts', j], host, msg);
      });
    const secret = entry.secretName;
    if (typeof secret === 'string' && secret !== '')
      for (const msg of dns1123Subdomain(secret)) pr.invalid([...p, 'secretName'], secret, msg);
  });
}
