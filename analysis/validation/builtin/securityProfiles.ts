// A security context's seccomp and AppArmor profiles (validateSeccompProfileField, ValidateAppArmorProfileField):
// `localhostProfile` belongs to type Localhost only, and that type needs it; a type "" or left out is a Required
// value with Go's detail (neither the enum nor the schema's `required` reports it: emptyEnums.ts,
// openapiToJsonSchema.ts).
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import type { Problems } from './problems';

export function checkSecurityProfiles(pr: Problems, base: FieldPath, securityContext: unknown): void {
  if (!isPlainObject(securityContext)) return;
  // Paths only for profiles that are set (most security contexts have none).
  if (isPlainObject(securityContext.seccompProfile))
    checkSeccomp(pr, [...base, 'seccompProfile'], securityContext.seccompProfile);
  if (isPlainObject(securityContext.appArmorProfile))
    checkAppArmor(pr, [...base, 'appArmorProfile'], securityContext.appArmorProfile);
}

function checkSeccomp(pr: Problems, base: FieldPath, sp: unknown): void {
  if (!isPlainObject(sp)) return;
  // A missing type is Go's "": not Localhost either.
  const type = typeof sp.type === 'string' ? sp.type : '';
  if (sp.type === undefined || sp.type === '')
    pr.required([...base, 'type'], 'type is required when seccompProfile is set');
  const p = [...base, 'localhostProfile'];
  const local = sp.localhostProfile;
  if (type === 'Localhost') {
    if (local === undefined) pr.required(p, 'must be set when seccomp type is Localhost');
    else if (typeof local === 'string') {
      // validateLocalDescendingPath: relative, without a `..` element.
      if (local.startsWith('/')) pr.invalid(p, local, 'must be a relative path');
      if (local.split('/').includes('..')) pr.invalid(p, local, "must not contain '..'");
    }
  } else if (local !== undefined) {
    // The server prints the whole internal struct (Go field names, no JSON tags).
    const printed = JSON.stringify({ Type: type, LocalhostProfile: local });
    pr.invalidPrinted(p, printed, 'can only be set when seccomp type is Localhost');
  }
}

function checkAppArmor(pr: Problems, base: FieldPath, profile: unknown): void {
  if (!isPlainObject(profile)) return;
  const p = [...base, 'localhostProfile'];
  const local = profile.localhostProfile;
  if (profile.type === undefined || profile.type === '')
    pr.required([...base, 'type'], 'type is required when appArmorProfile is set');
  else if (profile.type === 'Localhost') {
    if (local === undefined) pr.required(p, 'must be set when AppArmor type is Localhost');
    else if (typeof local === 'string') {
      if (local.trim() !== local) pr.invalid(p, local, 'must not be padded with whitespace');
      else if (local === '') pr.required(p, 'must be set when AppArmor type is Localhost');
    }
  } else if ((profile.type === 'RuntimeDefault' || profile.type === 'Unconfined') && local !== undefined)
    pr.invalid(p, local, 'can only be set when AppArmor type is Localhost');
}
