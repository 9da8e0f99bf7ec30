// pkg/apis/scheduling/validation's ValidatePriorityClass beyond its metadata: a name with the `system-` prefix must be
// one of the two system classes with exactly their value and globalDefault (IsKnownSystemPriorityClass), any other
// class' value is at most HighestUserDefinablePriority. Whether another class is already the globalDefault is the
// cluster's data (the Priority admission plugin asks it), not checked here.
import { isPlainObject } from '../../documents/manifest';
import { generatedName } from './names';
import type { Obj, Problems } from './problems';

const SYSTEM_PREFIX = 'system-';
/** pkg/apis/scheduling/v1's systemPriorityClasses: their values; globalDefault false for both. */
const SYSTEM_CLASSES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};
const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;
const INT32_MAX = 2147483647;

export function checkPriorityClass(pr: Problems, obj: Obj): void {
  const md = isPlainObject(obj.metadata) ? obj.metadata : {};
  // Go's zero values: an absent value is 0 and an absent globalDefault false; another type is a decoding error.
  const value = obj.value ?? 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > INT32_MAX) return;
  const globalDefault = obj.globalDefault === true;
  const named = typeof md.name === 'string' && md.name !== '';
  // Without a name the server generates one from generateName (its prefix and 5 random characters) first.
  const generateName = !named && typeof md.generateName === 'string' ? md.generateName : '';
  const name = named ? (md.name as string) : generateName;
  if (name.startsWith(SYSTEM_PREFIX)) {
    const printed = named ? name : generatedName(generateName).printed;
    const error = systemClassError(named ? name : undefined, value, globalDefault, printed);
    if (error)
      pr.forbidden(
        ['metadata', named ? 'name' : 'generateName'],
        `priority class names with '${SYSTEM_PREFIX}' prefix are reserved for system use only. error: ${error}`,
        ['metadata', 'name'],
      );
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY)
    pr.forbidden(['value'], `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`);
}

/** IsKnownSystemPriorityClass's error; a generated name (undefined) is never one of the system classes. */
function systemClassError(
  name: string | undefined,
  value: number,
  globalDefault: boolean,
  printed: string,
): string | undefined {
  if (name === undefined || !Object.hasOwn(SYSTEM_CLASSES, name))
    return `${printed} is not a known system priority class`;
  if (SYSTEM_CLASSES[name] !== value) return `value of ${name} PriorityClass must be ${SYSTEM_CLASSES[name]}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}
