// A LimitRange's limits (ValidateLimitRange in pkg/apis/core/validation): each type once and standard or qualified,
// no defaults for type Pod, a storage bound for type PersistentVolumeClaim, and per resource the relations between
// min, max, default, defaultRequest and maxLimitRequestRatio. The server prints each quantity as Quantity.String().
import { isPlainObject } from '../../documents/manifest';
import { canonicalQuantity, milliValue, parseQuantity, wholeValue } from '../../../kube/util/quantity';
import { qualifiedName } from './names';
import type { Obj, Problems } from './problems';

const STANDARD_LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);
const SECTIONS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;
type Section = (typeof SECTIONS)[number];
/** Go's MaxMilliValue: beyond it the ratio is compared in whole units. */
const MAX_MILLI_VALUE = 9223372036854775807n / 1000n;

export function checkLimitRange(pr: Problems, obj: Obj): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  const limits = spec && Array.isArray(spec.limits) ? spec.limits : [];
  const seenTypes = new Set<string>();
  for (let i = 0; i < limits.length; i++) {
    const limit = limits[i];
    if (!isPlainObject(limit)) continue;
    const base = ['spec', 'limits', i];
    const type = typeof limit.type === 'string' ? limit.type : '';
    checkLimitType(pr, [...base, 'type'], type);
    if (seenTypes.has(type)) pr.duplicate([...base, 'type'], type);
    seenTypes.add(type);
    if (type === 'Pod')
      for (const section of ['default', 'defaultRequest'] as const)
        if (isPlainObject(limit[section]) && Object.keys(limit[section]).length)
          pr.forbidden([...base, section], "may not be specified when `type` is 'Pod'");
    if (type === 'PersistentVolumeClaim' && !hasKey(limit.min, 'storage') && !hasKey(limit.max, 'storage'))
      pr.required([...base, 'limits'], 'either minimum or maximum storage value is required, but neither was provided');
    checkRelations(pr, base, limit, type);
  }
}

function checkLimitType(pr: Problems, path: (string | number)[], type: string): void {
  const errs = qualifiedName(type);
  for (const msg of errs) pr.invalid(path, type, msg);
  if (!errs.length && !type.includes('/') && !STANDARD_LIMIT_TYPES.has(type))
    pr.invalid(path, type, 'must be a standard limit type or fully qualified');
}

function hasKey(map: unknown, key: string): boolean {
  return isPlainObject(map) && Object.hasOwn(map, key);
}

/** The quantities of one section by resource (a Pod's defaults are not read); unparsable ones are the schema's. */
function quantities(limit: Obj, section: Section, type: string): Map<string, string | number> {
  const out = new Map<string, string | number>();
  const map = limit[section];
  if (!isPlainObject(map) || (type === 'Pod' && (section === 'default' || section === 'defaultRequest'))) return out;
  for (const [k, v] of Object.entries(map))
    if ((typeof v === 'string' || typeof v === 'number') && parseQuantity(v) !== undefined) out.set(k, v);
  return out;
}

/** Quantity.Cmp: thousandths first, the exact value when those tie (sub-milli quantities). */
function cmp(a: string | number, b: string | number): number {
  const ma = milliValue(a);
  const mb = milliValue(b);
  if (ma !== mb) return ma > mb ? 1 : -1;
  const fa = parseQuantity(a)!;
  const fb = parseQuantity(b)!;
  return fa === fb ? 0 : fa > fb ? 1 : -1;
}

/** IsOvercommitAllowed: native resources (unprefixed or kubernetes.io/) other than hugepages. */
function overcommitAllowed(name: string): boolean {
  const native = !name.includes('/') || name.includes('kubernetes.io/');
  return native && !name.startsWith('hugepages-');
}

function checkRelations(pr: Problems, base: (string | number)[], limit: Obj, type: string): void {
  const q = Object.fromEntries(SECTIONS.map((s) => [s, quantities(limit, s, type)])) as Record<
    Section,
    Map<string, string | number>
  >;
  const keys = new Set<string>();
  for (const s of SECTIONS) for (const k of q[s].keys()) keys.add(k);
  const str = canonicalQuantity;
  for (const k of keys) {
    const min = q.min.get(k);
    const max = q.max.get(k);
    const def = q.default.get(k);
    const req = q.defaultRequest.get(k);
    const ratio = q.maxLimitRequestRatio.get(k);
    const at = (section: Section, value: string | number, detail: string) =>
      pr.invalid([...base, section, k], str(value), detail);
    if (min !== undefined && max !== undefined && cmp(min, max) > 0)
      at('min', min, `min value ${str(min)} is greater than max value ${str(max)}`);
    if (req !== undefined && min !== undefined && cmp(min, req) > 0)
      at('defaultRequest', req, `min value ${str(min)} is greater than default request value ${str(req)}`);
    if (req !== undefined && max !== undefined && cmp(req, max) > 0)
      at('defaultRequest', req, `default request value ${str(req)} is greater than max value ${str(max)}`);
    if (req !== undefined && def !== undefined && cmp(req, def) > 0)
      at('defaultRequest', req, `default request value ${str(req)} is greater than default limit value ${str(def)}`);
    // These two print the min and the max as the value, not the default (as the server does).
    if (def !== undefined && min !== undefined && cmp(min, def) > 0)
      at('default', min, `min value ${str(min)} is greater than default value ${str(def)}`);
    if (def !== undefined && max !== undefined && cmp(def, max) > 0)
      at('default', max, `default value ${str(def)} is greater than max value ${str(max)}`);
    if (ratio !== undefined && cmp(ratio, 1) < 0)
      at('maxLimitRequestRatio', ratio, `ratio ${str(ratio)} is less than 1`);
    if (ratio !== undefined && min !== undefined && max !== undefined) {
      const limitRatio = maxOverMin(ratio, min, max);
      if (limitRatio.exceeded)
        at('maxLimitRequestRatio', ratio, `ratio ${str(ratio)} is greater than max/min = ${limitRatio.printed}`);
    }
    if (!overcommitAllowed(k) && def !== undefined && req !== undefined && cmp(def, req) !== 0)
      at('defaultRequest', req, `default value ${str(def)} must equal to defaultRequest value ${str(req)} in ${k}`);
  }
}

/** The ratio against max/min as Go computes it: in thousandths when all three fit, else in whole units; %f. */
function maxOverMin(
  ratio: string | number,
  min: string | number,
  max: string | number,
): { exceeded: boolean; printed: string } {
  const whole = wholeValue;
  const inMilli = whole(ratio) < MAX_MILLI_VALUE && whole(min) < MAX_MILLI_VALUE && whole(max) < MAX_MILLI_VALUE;
  const ratioValue = inMilli ? Number(milliValue(ratio)) / 1000 : Number(whole(ratio));
  const limit = inMilli ? Number(milliValue(max)) / Number(milliValue(min)) : Number(whole(max)) / Number(whole(min));
  return { exceeded: ratioValue > limit, printed: goFloat(limit) };
}

/** Go's %f of a float64: six decimals, +Inf and NaN spelled as Go does. */
function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return v.toFixed(6);
}
