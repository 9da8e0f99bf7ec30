// A Node's spec.taints as validateNodeTaints checks them. The server reports them under `metadata.taints`
// (ValidateNode passes the metadata path), so that is the field printed; the range stays on spec.taints.
import { isPlainObject } from '../../documents/manifest';
import type { FieldPath } from '../../documents/path';
import { labelValue, qualifiedName } from './names';
import type { Obj, Problems } from './problems';

export function checkNodeTaints(pr: Problems, obj: Obj): void {
  const taints = isPlainObject(obj.spec) ? obj.spec.taints : undefined;
  if (!Array.isArray(taints)) return;
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    if (!isPlainObject(t)) return;
    const at = (...field: string[]): FieldPath => ['spec', 'taints', i, ...field];
    const printedAt = (...field: string[]): FieldPath => ['metadata', 'taints', i, ...field];
    // Go decodes an absent key, value or effect as "".
    const key = typeof t.key === 'string' ? t.key : '';
    const value = typeof t.value === 'string' ? t.value : '';
    const effect = typeof t.effect === 'string' ? t.effect : '';
    for (const msg of qualifiedName(key)) pr.invalid(at('key'), key, msg, printedAt('key'));
    const valueErrors = labelValue(value);
    if (valueErrors.length) pr.invalid(at('value'), value, valueErrors.join(';'), printedAt('value'));
    if (effect === '') pr.required(at('effect'), '', printedAt('effect'));
    const pair = JSON.stringify([key, effect]);
    if (seen.has(pair)) {
      const printed = JSON.stringify({ Key: key, Value: value, Effect: effect, TimeAdded: t.timeAdded ?? null });
      pr.duplicatePrinted(at(), printed, 'taints must be unique by key and effect pair', printedAt());
    }
    seen.add(pair);
  });
}
