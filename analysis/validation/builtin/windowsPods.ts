// A pod's operating system and Windows rules (pkg/apis/core/validation): validateWindowsSecurityContextOptions (the
// GMSA credential spec and its name, runAsUserName as a Windows DOMAIN\USER), validateWindowsHostProcessPod (every
// container host-process or none, with hostNetwork, and a container's setting equal to the pod's), and validateOS
// with validateLinux / validateWindows (fields the other OS's containers cannot use). Everything is keyed on fields
// that are rarely set, so most pods only pass a few property reads.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { jsonString } from '../../../kube/util/go/json';
import { dns1123Subdomain } from './names';
import type { Obj, Problems } from './problems';

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
const GMSA_SPEC_MAX = 64 * 1024;
const DOMAIN_MAX = 256;
const USER_MAX = 104;
const CONTROL = /[\x00-\x1f\x7f]/;
const NETBIOS = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/;
const DNS_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const DOMAIN_DNS = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
const USER_BAD_CHARS = /["/\\:;|=,+*?<>@[\]]/;
const USER_DOTS_SPACES = /^[. ]+$/;

/** validateWindowsSecurityContextOptions of a pod's or container's `windowsOptions` (`securityContext` at `sc`). */
export function checkWindowsOptions(pr: Problems, sc: FieldPath, w: unknown): void {
  if (!isPlainObject(w)) return;
  const p = [...sc, 'windowsOptions'];
  // Go passes these *string fields as they are: printed as JSON, not %q (a control character is `\u0001`).
  const name = w.gmsaCredentialSpecName;
  if (typeof name === 'string')
    for (const msg of dns1123Subdomain(name))
      pr.invalidPrinted([...p, 'gmsaCredentialSpecName'], jsonString(name), msg);
  const spec = w.gmsaCredentialSpec;
  if (typeof spec === 'string') {
    const at = [...p, 'gmsaCredentialSpec'];
    if (spec === '') pr.invalidPrinted(at, '""', 'gmsaCredentialSpec cannot be an empty string');
    else if (Buffer.byteLength(spec) > GMSA_SPEC_MAX)
      pr.invalidPrinted(at, jsonString(spec), 'gmsaCredentialSpec size must be under 64 KiB');
  }
  if (typeof w.runAsUserName === 'string') runAsUserName(pr, [...p, 'runAsUserName'], w.runAsUserName);
}

function runAsUserName(pr: Problems, p: FieldPath, name: string): void {
  const printed = jsonString(name);
  const invalid = (detail: string) => pr.invalidPrinted(p, printed, detail);
  if (name === '') return invalid('runAsUserName cannot be an empty string');
  if (CONTROL.test(name)) return invalid('runAsUserName cannot contain control characters');
  const parts = name.split('\\');
  if (parts.length > 2) return invalid('runAsUserName cannot contain more than one backslash');
  const [domain, user] = parts.length === 1 ? ['', parts[0]] : parts;
  // Go's len: bytes.
  if (Buffer.byteLength(domain) >= DOMAIN_MAX)
    invalid(`runAsUserName's Domain length must be under ${DOMAIN_MAX} characters`);
  if (parts.length === 2 && !NETBIOS.test(domain) && !DOMAIN_DNS.test(domain))
    invalid("runAsUserName's Domain doesn't match the NetBios nor the DNS format");
  const userBytes = Buffer.byteLength(user);
  if (userBytes === 0) invalid("runAsUserName's User cannot be empty");
  else if (userBytes > USER_MAX) invalid(`runAsUserName's User length must not be longer than ${USER_MAX} characters`);
  if (USER_DOTS_SPACES.test(user)) invalid("runAsUserName's User cannot contain only periods or spaces");
  if (USER_BAD_CHARS.test(user))
    invalid('runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]');
}

/** The pod-wide rules: host-process containers, and the OS named in `os`. */
export function checkPodOS(pr: Problems, base: FieldPath, spec: Obj): void {
  const podSecurity = isPlainObject(spec.securityContext) ? spec.securityContext : undefined;
  const podWindows = podSecurity && isPlainObject(podSecurity.windowsOptions) ? podSecurity.windowsOptions : undefined;
  const podHostProcess = podWindows && typeof podWindows.hostProcess === 'boolean' ? podWindows.hostProcess : undefined;
  let containers = 0;
  let hostProcess = 0;
  for (const listName of CONTAINER_LISTS) {
    const list = spec[listName];
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      containers++;
      const own = containerHostProcess(c);
      if (podHostProcess !== undefined && own !== undefined && own !== podHostProcess)
        pr.invalid(
          [...base, listName, i, 'securityContext', 'windowsOptions', 'hostProcess'],
          own,
          `pod hostProcess value must be identical if both are specified, was ${podHostProcess}`,
        );
      if (own === true || (own === undefined && podHostProcess === true)) hostProcess++;
    }
  }
  if (hostProcess > 0) {
    if (hostProcess !== containers)
      pr.invalid(
        base,
        '',
        'If pod contains any hostProcess containers then all containers must be HostProcess containers',
      );
    if (spec.hostNetwork !== true)
      pr.invalid(
        [...base, 'hostNetwork'],
        false,
        'hostNetwork must be true if pod contains any hostProcess containers',
      );
  }
  if (isPlainObject(spec.os)) checkOS(pr, base, spec, spec.os);
}

function containerHostProcess(c: unknown): boolean | undefined {
  if (!isPlainObject(c) || !isPlainObject(c.securityContext)) return undefined;
  const w = c.securityContext.windowsOptions;
  return isPlainObject(w) && typeof w.hostProcess === 'boolean' ? w.hostProcess : undefined;
}

const FOR_WINDOWS = 'cannot be set for a windows pod';
const FOR_LINUX = 'windows options cannot be set for a linux pod';
/** validateWindows: the pod security context's fields (and the pod's host namespaces) a Windows pod cannot set. */
const WINDOWS_POD_SECURITY = [
  'appArmorProfile',
  'seLinuxOptions',
  'seccompProfile',
  'fsGroup',
  'fsGroupChangePolicy',
  'runAsUser',
  'runAsGroup',
  'supplementalGroups',
  'supplementalGroupsPolicy',
  'seLinuxChangePolicy',
];
const WINDOWS_CONTAINER_SECURITY = [
  'appArmorProfile',
  'seLinuxOptions',
  'seccompProfile',
  'capabilities',
  'readOnlyRootFilesystem',
  'privileged',
  'allowPrivilegeEscalation',
  'procMount',
  'runAsUser',
  'runAsGroup',
];

function checkOS(pr: Problems, base: FieldPath, spec: Obj, os: Obj): void {
  const name = typeof os.name === 'string' ? os.name : '';
  if (name === '') return pr.required([...base, 'os', 'name']);
  if (name !== 'linux' && name !== 'windows') return pr.unsupported([...base, 'os'], name, ['linux', 'windows']);
  const podSecurity = isPlainObject(spec.securityContext) ? spec.securityContext : {};
  if (name === 'linux') {
    if (podSecurity.windowsOptions != null) pr.forbidden([...base, 'securityContext', 'windowsOptions'], FOR_LINUX);
  } else {
    for (const f of WINDOWS_POD_SECURITY)
      if (podSecurity[f] != null) pr.forbidden([...base, 'securityContext', f], FOR_WINDOWS);
    if (nonEmptyList(podSecurity.sysctls)) pr.forbidden([...base, 'securityContext', 'sysctls'], FOR_WINDOWS);
    if (spec.hostUsers != null) pr.forbidden([...base, 'hostUsers'], FOR_WINDOWS);
    if (spec.hostPID === true) pr.forbidden([...base, 'hostPID'], FOR_WINDOWS);
    if (spec.hostIPC === true) pr.forbidden([...base, 'hostIPC'], FOR_WINDOWS);
    if (spec.shareProcessNamespace != null) pr.forbidden([...base, 'shareProcessNamespace'], FOR_WINDOWS);
  }
  for (const listName of CONTAINER_LISTS) {
    const list = spec[listName];
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      const sc = isPlainObject(c) && isPlainObject(c.securityContext) ? c.securityContext : undefined;
      if (!sc) continue;
      const at = [...base, listName, i, 'securityContext'];
      if (name === 'linux') {
        if (sc.windowsOptions != null) pr.forbidden([...at, 'windowsOptions'], FOR_LINUX);
      } else for (const f of WINDOWS_CONTAINER_SECURITY) if (sc[f] != null) pr.forbidden([...at, f], FOR_WINDOWS);
    }
  }
}

const nonEmptyList = (v: unknown) => Array.isArray(v) && v.length > 0;
