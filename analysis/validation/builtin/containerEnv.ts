// A container's environment as pkg/apis/core/validation checks it beyond env var names: ValidateEnvFrom (prefix,
// one source, its name) and the config map and secret key selectors of env vars.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { checkNamePrefix, dns1123Subdomain } from './names';
import type { Obj, Problems } from './problems';

export const ENV_NAME_MESSAGE =
  "a valid environment variable name must consist only of printable ASCII characters other than '='";
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation is on in 1.35), without the empty case. */
export function badEnvVarName(name: string): boolean {
  return !/^[\x20-\x7e]+$/.test(name) || name.includes('=');
}

/** IsConfigMapKey. */
export function configMapKey(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!CONFIG_KEY.test(key))
    errs.push(
      `a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    );
  if (key === '.' || key === '..') errs.push(`must not be '${key}'`);
  return errs;
}

/** ValidateEnvFrom of a container's `envFrom` at `p`. */
export function checkEnvFrom(pr: Problems, p: FieldPath, list: unknown[]): void {
  list.forEach((ev, i) => {
    if (!isPlainObject(ev)) return;
    if (typeof ev.prefix === 'string' && ev.prefix !== '' && badEnvVarName(ev.prefix))
      pr.invalid([...p, i, 'prefix'], ev.prefix, ENV_NAME_MESSAGE);
    let sources = 0;
    for (const ref of ['configMapRef', 'secretRef']) {
      const source = ev[ref];
      if (!isPlainObject(source)) continue;
      sources++;
      const name = typeof source.name === 'string' ? source.name : '';
      // ValidateConfigMapName/ValidateSecretName as prefixes (a trailing dash is allowed).
      if (name === '') pr.required([...p, i, ref, 'name']);
      else for (const msg of checkNamePrefix('subdomain', name)) pr.invalid([...p, i, ref, 'name'], name, msg);
    }
    // Reported at the list, as the server does.
    if (sources === 0) pr.invalid(p, '', 'must specify one of: `configMapRef` or `secretRef`');
    else if (sources > 1) pr.invalid(p, '', 'may not have more than one field specified at a time');
  });
}

/** validateConfigMapKeySelector and validateSecretKeySelector of an env var's `valueFrom` at `p`. */
export function checkKeySelectors(pr: Problems, p: FieldPath, from: Obj): void {
  for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
    const s = from[ref];
    if (!isPlainObject(s)) continue;
    const name = typeof s.name === 'string' ? s.name : '';
    for (const msg of dns1123Subdomain(name)) pr.invalid([...p, ref, 'name'], name, msg);
    const key = typeof s.key === 'string' ? s.key : '';
    if (key === '') pr.required([...p, ref, 'key']);
    else for (const msg of configMapKey(key)) pr.invalid([...p, ref, 'key'], key, msg);
  }
}
