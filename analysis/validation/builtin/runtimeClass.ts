// A RuntimeClass (ValidateRuntimeClass in pkg/apis/node/validation): the handler is a DNS label, the overhead is
// checked as a container's limits (and reported as `overhead.limits`), the scheduling node selector as labels and
// its tolerations as a pod's, each (key, operator, value, effect) once.
import { isPlainObject } from '../../documents/manifest';
import { parseQuantity } from '../../../kube/util/quantity';
import { checkTolerations, isContainerResourceName } from './core';
import { checkLabels } from './meta';
import { dns1123Label } from './names';
import type { Obj, Problems } from './problems';

export function checkRuntimeClass(pr: Problems, obj: Obj): void {
  if (typeof obj.handler === 'string')
    for (const msg of dns1123Label(obj.handler)) pr.invalid(['handler'], obj.handler, msg);
  const podFixed = isPlainObject(obj.overhead) && isPlainObject(obj.overhead.podFixed) ? obj.overhead.podFixed : {};
  for (const [name, q] of Object.entries(podFixed)) {
    const at = ['overhead', 'podFixed', name];
    const field = `overhead.limits[${name}]`;
    const v = typeof q === 'string' || typeof q === 'number' ? parseQuantity(q) : undefined;
    if (v !== undefined && v < 0) pr.invalid(at, String(q), 'must be greater than or equal to 0', field);
    if (isContainerResourceName(name)) continue;
    pr.invalid(at, name, 'must be a standard resource type or fully qualified', field);
    pr.invalid(at, name, 'must be a standard resource for containers', field);
  }
  const scheduling = isPlainObject(obj.scheduling) ? obj.scheduling : undefined;
  if (!scheduling) return;
  if (isPlainObject(scheduling.nodeSelector)) checkLabels(pr, ['scheduling', 'nodeSelector'], scheduling.nodeSelector);
  const tolerations = Array.isArray(scheduling.tolerations) ? scheduling.tolerations : [];
  checkTolerations(pr, ['scheduling'], tolerations);
  const seen = new Set<string>();
  for (let i = 0; i < tolerations.length; i++) {
    const t: unknown = tolerations[i];
    if (!isPlainObject(t)) continue;
    const text = (k: string) => (typeof t[k] === 'string' ? t[k] : '');
    const listKey = JSON.stringify([text('key'), text('operator'), text('value'), text('effect')]);
    if (!seen.has(listKey)) {
      seen.add(listKey);
      continue;
    }
    // Go prints the whole toleration as JSON of its struct fields.
    const seconds = typeof t.tolerationSeconds === 'number' ? t.tolerationSeconds : null;
    const printed = JSON.stringify({
      Key: text('key'),
      Operator: text('operator'),
      Value: text('value'),
      Effect: text('effect'),
      TolerationSeconds: seconds,
    });
    pr.duplicatePrinted(['scheduling', 'tolerations', i], printed, '', ['scheduling', 'tolerations', i]);
  }
}
