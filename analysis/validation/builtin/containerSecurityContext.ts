// ValidateSecurityContext's own rules for a container (pkg/apis/core/validation): `allowPrivilegeEscalation: false`
// excludes `privileged: true` and an added CAP_SYS_ADMIN, and an `Unmasked` procMount needs `hostUsers: false`. The
// first two print the whole internal core.SecurityContext as the value: Go's encoding/json of the struct (Go field
// names, every field, nil pointers as null), reproduced here. (Profiles: securityProfiles.ts; ids: core.ts;
// windowsOptions: windowsPods.ts.)
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { htmlSafe } from '../../../kube/util/go/json';
import type { Obj, Problems } from './problems';

export function checkContainerSecurityContext(pr: Problems, p: FieldPath, sc: Obj, podSpec: Obj): void {
  if (sc.procMount === 'Unmasked' && hostUsers(podSpec))
    pr.invalid([...p, 'procMount'], 'Unmasked', '`hostUsers` must be false to use `Unmasked`');
  if (sc.allowPrivilegeEscalation !== false) return;
  if (sc.privileged === true)
    pr.invalidPrinted(
      p,
      goSecurityContext(sc),
      'cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
    );
  const add = isPlainObject(sc.capabilities) ? sc.capabilities.add : undefined;
  // One error per CAP_SYS_ADMIN in the list, as Go loops.
  if (Array.isArray(add))
    for (const cap of add)
      if (cap === 'CAP_SYS_ADMIN')
        pr.invalidPrinted(
          p,
          goSecurityContext(sc),
          'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
        );
}

/** The pod's user namespace is the host's unless `hostUsers` is false. */
function hostUsers(spec: Obj): boolean {
  return spec.hostUsers !== false;
}

/** json.Marshal of the internal core.SecurityContext the server validates. */
function goSecurityContext(sc: Obj): string {
  const caps = isPlainObject(sc.capabilities) ? sc.capabilities : undefined;
  const se = isPlainObject(sc.seLinuxOptions) ? sc.seLinuxOptions : undefined;
  const win = isPlainObject(sc.windowsOptions) ? sc.windowsOptions : undefined;
  const struct = {
    Capabilities: caps ? { Add: caps.add ?? null, Drop: caps.drop ?? null } : null,
    Privileged: sc.privileged ?? null,
    SELinuxOptions: se ? { User: str(se.user), Role: str(se.role), Type: str(se.type), Level: str(se.level) } : null,
    WindowsOptions: win
      ? {
          GMSACredentialSpecName: win.gmsaCredentialSpecName ?? null,
          GMSACredentialSpec: win.gmsaCredentialSpec ?? null,
          RunAsUserName: win.runAsUserName ?? null,
          HostProcess: win.hostProcess ?? null,
        }
      : null,
    RunAsUser: sc.runAsUser ?? null,
    RunAsGroup: sc.runAsGroup ?? null,
    RunAsNonRoot: sc.runAsNonRoot ?? null,
    ReadOnlyRootFilesystem: sc.readOnlyRootFilesystem ?? null,
    AllowPrivilegeEscalation: sc.allowPrivilegeEscalation ?? null,
    ProcMount: sc.procMount ?? null,
    SeccompProfile: profile(sc.seccompProfile),
    AppArmorProfile: profile(sc.appArmorProfile),
  };
  // Struct fields keep their order (marshalJSON would sort them as map keys); strings are escaped as Go does.
  return htmlSafe(JSON.stringify(struct));
}

function profile(v: unknown): Obj | null {
  return isPlainObject(v) ? { Type: str(v.type), LocalhostProfile: v.localhostProfile ?? null } : null;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
