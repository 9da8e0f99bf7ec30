// kube-aggregator's apiregistration validation (pkg/apis/apiregistration/validation: ValidateAPIService).
import { isPlainObject } from '../../documents/manifest';
import { dns1035Label, dns1123Subdomain, generatedName, pathSegmentName } from './names';
import type { Obj, Problems } from './problems';

export function checkApiRegistrationKind(pr: Problems, obj: Obj, kind: string): void {
  if (kind === 'APIService') checkApiService(pr, obj);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** An int32 as Go holds it: absent (or not a number, which the schema reports) is 0. */
const int = (v: unknown): number => (typeof v === 'number' ? v : 0);

function checkApiService(pr: Problems, obj: Obj): void {
  // An absent spec is Go's zero APIServiceSpec, validated like any other.
  const spec: Obj = isPlainObject(obj.spec) ? obj.spec : {};
  const group = str(spec.group);
  const version = str(spec.version);
  // The name must be version.group (after the path-segment rule, which names.ts checks).
  const md = isPlainObject(obj.metadata) ? obj.metadata : {};
  const required = `${version}.${group}`;
  const mustBe = `must be \`spec.version+"."+spec.group\`: ${JSON.stringify(required)}`;
  for (const key of ['name', 'generateName'] as const) {
    const name = md[key];
    if (typeof name === 'string' && name !== '' && !pathSegmentName(name).length && name !== required)
      pr.invalid(['metadata', key], name, mustBe);
  }
  // A name generated from generateName ends in 5 random characters: never version.group.
  if (!md.name && typeof md.generateName === 'string' && md.generateName !== '')
    pr.invalidPrinted(['metadata', 'generateName'], generatedName(md.generateName).printed, mustBe, [
      'metadata',
      'name',
    ]);
  if (group === '' && version !== 'v1')
    pr.required(['spec', 'group'], 'only v1 may have an empty group and it better be legacy kube');
  if (group !== '') for (const m of dns1123Subdomain(group)) pr.invalid(['spec', 'group'], group, m);
  for (const m of dns1035Label(version)) pr.invalid(['spec', 'version'], version, m);
  const g = int(spec.groupPriorityMinimum);
  if (g <= 0 || g > 20000) pr.invalid(['spec', 'groupPriorityMinimum'], g, 'must be positive and less than 20000');
  const v = int(spec.versionPriority);
  if (v <= 0 || v > 1000) pr.invalid(['spec', 'versionPriority'], v, 'must be positive and less than 1000');

  const caBytes = typeof spec.caBundle === 'string' ? Buffer.from(spec.caBundle, 'base64').length : 0;
  const insecure = spec.insecureSkipTLSVerify === true;
  const service = isPlainObject(spec.service) ? spec.service : undefined;
  if (!service) {
    if (caBytes) pr.invalid(['spec', 'caBundle'], `${caBytes} bytes`, 'local APIServices may not have a caBundle');
    if (insecure)
      pr.invalid(['spec', 'insecureSkipTLSVerify'], true, 'local APIServices may not have insecureSkipTLSVerify');
    return;
  }
  if (str(service.namespace) === '') pr.required(['spec', 'service', 'namespace']);
  if (str(service.name) === '') pr.required(['spec', 'service', 'name']);
  // An absent port is defaulted to 443 (SetDefaults_ServiceReference).
  const port = typeof service.port === 'number' ? service.port : 443;
  if (!(port >= 1 && port <= 65535))
    pr.invalid(['spec', 'service', 'port'], port, 'port is not valid: must be between 1 and 65535, inclusive');
  if (insecure && caBytes)
    pr.invalid(['spec', 'insecureSkipTLSVerify'], true, 'may not be true if caBundle is present');
}
