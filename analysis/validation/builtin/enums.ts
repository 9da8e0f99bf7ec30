// Enumerations the API server checks in Go (field.NotSupported) that recent OpenAPI documents no longer
// publish as `enum`. Keyed by `<group>.<Type>` of the built-in type (any version).
import { FieldPath, formatPath } from '../../documents/path';
import type { ResolvedSchema } from '../../schema/resolved';
import type { OpenAPISchema } from '../../schema/types';
import { formatValue } from '../messages';
import { SchemaRelevance, SharedVisitor, walkSchemaOnce } from '../schemaWalk';
import type { FieldProblem } from '../schemaValidator';
import { emptyEnumLetThrough, emptyEnumRequired, enumReportedByChecks, sameValues, typeEnumKey } from './emptyEnums';
import { compareKubeVersions } from '../deprecations';
import { enumFieldCheckedAt } from './gatedEnums';
import {
  ENUM_MEASURED_ON,
  ENUM_PUBLISHED_WHEN_MEASURED,
  ENUM_VALUES,
  ENUM_VALUES_WHEN_REFUSED,
} from './emptyEnumTable';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const SELECTOR_OPERATORS = ['DoesNotExist', 'Exists', 'In', 'NotIn'];

export const BUILTIN_ENUMS: Record<string, Record<string, string[]>> = {
  'core.ContainerPort': { protocol: PROTOCOLS },
  'core.ServicePort': { protocol: PROTOCOLS },
  'core.EndpointPort': { protocol: PROTOCOLS },
  'core.Container': {
    imagePullPolicy: ['Always', 'IfNotPresent', 'Never'],
    terminationMessagePolicy: ['FallbackToLogsOnError', 'File'],
  },
  'core.EphemeralContainer': {
    imagePullPolicy: ['Always', 'IfNotPresent', 'Never'],
    terminationMessagePolicy: ['FallbackToLogsOnError', 'File'],
  },
  'core.PodSpec': {
    restartPolicy: ['Always', 'Never', 'OnFailure'],
    dnsPolicy: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  },
  'core.ServiceSpec': {
    type: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
    sessionAffinity: ['ClientIP', 'None'],
    externalTrafficPolicy: ['Cluster', 'Local'],
    internalTrafficPolicy: ['Cluster', 'Local'],
    ipFamilyPolicy: ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
  },
  // validateSELinuxChangePolicy's values; MountOption needs the SELinuxMount gate, off by default up to 1.35 (the
  // measured list, ['Recursive'], holds there; a newer target gets a warning). Before 1.33: gatedEnums.ts.
  'core.PodSecurityContext': { seLinuxChangePolicy: ['MountOption', 'Recursive'] },
  'core.Toleration': { operator: ['Equal', 'Exists'], effect: ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] },
  'core.Taint': { effect: ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] },
  'core.NodeSelectorRequirement': { operator: ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'] },
  'core.PersistentVolumeClaimSpec': { volumeMode: ['Block', 'Filesystem'] },
  'core.PersistentVolumeSpec': {
    persistentVolumeReclaimPolicy: ['Delete', 'Recycle', 'Retain'],
    volumeMode: ['Block', 'Filesystem'],
  },
  'core.HTTPGetAction': { scheme: ['HTTP', 'HTTPS'] },
  'core.ResourceQuotaSpec': {},
  'meta.LabelSelectorRequirement': { operator: SELECTOR_OPERATORS },
  'apps.DeploymentStrategy': { type: ['Recreate', 'RollingUpdate'] },
  'apps.StatefulSetUpdateStrategy': { type: ['OnDelete', 'RollingUpdate'] },
  'apps.DaemonSetUpdateStrategy': { type: ['OnDelete', 'RollingUpdate'] },
  'apps.StatefulSetSpec': { podManagementPolicy: ['OrderedReady', 'Parallel'] },
  'batch.JobSpec': { completionMode: ['Indexed', 'NonIndexed'] },
  'batch.CronJobSpec': { concurrencyPolicy: ['Allow', 'Forbid', 'Replace'] },
  'networking.NetworkPolicySpec': {},
  'networking.HTTPIngressPath': { pathType: ['Exact', 'ImplementationSpecific', 'Prefix'] },
  'rbac.Subject': {},
};

// Arrays of enum values.
export const BUILTIN_ENUM_LISTS: Record<string, Record<string, string[]>> = {
  'core.PersistentVolumeClaimSpec': {
    accessModes: ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'],
  },
  'networking.NetworkPolicySpec': { policyTypes: ['Egress', 'Ingress'] },
};

/**
 * Enum fields Go checks by hand with field.Invalid, not NotSupported (a switch's default case), and its detail: a
 * value outside the enum — the schema's or this check's — is reported in those words.
 */
const REFUSED_AS_INVALID: Record<string, string> = {
  'core.NodeSelectorRequirement.operator': 'not a valid selector operator',
  'meta.LabelSelectorRequirement.operator': 'not a valid selector operator',
};

/** List enums whose items Go reports at the list itself (field.NotSupported(fldPath.Child("accessModes"), mode, …)). */
const REPORTED_AT_LIST = new Set([
  'core.PersistentVolumeClaimSpec.accessModes',
  'core.PersistentVolumeSpec.accessModes',
]);

/**
 * The hand tables above, completed with every enum the server checks on create (measured: emptyEnumTable.ts), so
 * that offline — the upstream documents publish no `enum` — every enum field is held to its values.
 */
function withMeasured(hand: Record<string, Record<string, string[]>>, lists: boolean) {
  const out: Record<string, Record<string, string[]>> = {};
  for (const [type, fields] of Object.entries(hand)) out[type] = { ...fields };
  for (const [key, values] of Object.entries(ENUM_VALUES)) {
    if (key.endsWith('[]') !== lists || enumReportedByChecks(key)) continue;
    const dot = key.lastIndexOf('.');
    // The measured list is the server's own, in its order: it wins over a hand-written one.
    (out[key.slice(0, dot)] ??= {})[key.slice(dot + 1).replace(/\[\]$/, '')] = [...values];
  }
  return out;
}
const CHECKED_ENUMS = withMeasured(BUILTIN_ENUMS, false);
const CHECKED_ENUM_LISTS = withMeasured(BUILTIN_ENUM_LISTS, true);

/** `io.k8s.api.core.v1.ContainerPort` -> `core.ContainerPort`; meta types -> `meta.X`. */
function enumKey(typeName: string): string | undefined {
  // Asked at every typed object of every walk: the answer per type name is remembered.
  let key = enumKeys.get(typeName);
  if (key === undefined && !enumKeys.has(typeName)) enumKeys.set(typeName, (key = typeEnumKey(typeName)));
  return key;
}
const enumKeys = new Map<string, string | undefined>();

// A kind's own schema is the walk's root, no $ref: no type name here (the visitor takes it from the ResolvedSchema).
const hasBuiltinEnums: SchemaRelevance = (schema, typeName) => {
  if (!typeName && schema['x-kubernetes-group-version-kind']) return true;
  const key = typeName && enumKey(typeName);
  return !!key && (CHECKED_ENUMS[key] !== undefined || CHECKED_ENUM_LISTS[key] !== undefined);
};

export function checkBuiltinEnums(resolved: ResolvedSchema, value: unknown, base: FieldPath = []): FieldProblem[] {
  const out: FieldProblem[] = [];
  walkSchemaOnce(resolved, value, [builtinEnumVisitor(resolved, out)], base);
  return out;
}

const tableEntries = new Map<object, Map<string, [string, string[]][]>>();
/** Object.entries of a table's row, made once per row (asked at every visit). */
function entriesOf(table: Record<string, Record<string, string[]>>, key: string): [string, string[]][] {
  let rows = tableEntries.get(table);
  if (!rows) tableEntries.set(table, (rows = new Map()));
  let row = rows.get(key);
  if (!row) rows.set(key, (row = Object.entries(table[key] ?? {})));
  return row;
}

/** A type's enum key and table rows, or null when it has no key (one lookup per visit). */
function rowsOf(typeName: string): { key: string; enums: [string, string[]][]; lists: [string, string[]][] } | null {
  let rows = typeRows.get(typeName);
  if (rows === undefined) {
    const key = enumKey(typeName);
    rows = key ? { key, enums: entriesOf(CHECKED_ENUMS, key), lists: entriesOf(CHECKED_ENUM_LISTS, key) } : null;
    typeRows.set(typeName, rows);
  }
  return rows;
}
const typeRows = new Map<string, { key: string; enums: [string, string[]][]; lists: [string, string[]][] } | null>();

/** The built-in enum check as a visitor of a shared walk (walkSchemaOnce): problems go to out. */
export function builtinEnumVisitor(
  resolved: ResolvedSchema,
  out: FieldProblem[],
  kubernetesVersion?: string,
  relisted?: RelistedEnums,
): SharedVisitor {
  // The measured lists are those of the server they were measured on: a newer one may support values added since,
  // so there a value only the measurement refuses is a warning (a hand-written list still holds as before).
  // (Asked only when a value is reported: the visitor is made for every object.)
  const newer = () => !!kubernetesVersion && compareKubeVersions(kubernetesVersion, ENUM_MEASURED_ON) > 0;
  const severityFor = (table: Record<string, Record<string, string[]>>, key: string, prop: string, v: string) =>
    newer() && !(table[key]?.[prop] && !table[key][prop].includes(v)) ? ('warning' as const) : undefined;
  const report = (path: FieldPath, v: unknown, allowed: readonly string[], severity?: 'warning', field?: string) => {
    const message = `${field ?? formatPath(path)}: Unsupported value: ${formatValue(v)}: supported values: ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
    out.push({
      code: 'enum',
      path,
      ...(field ? { field } : {}),
      message: severity
        ? `${message} (the values of Kubernetes ${ENUM_MEASURED_ON}; ${kubernetesVersion} may support more)`
        : message,
      ...(severity ? { severity } : {}),
    });
  };
  return {
    relevant: hasBuiltinEnums,
    visit: (v, schema, path, refName) => {
      const typeName = refName ?? (schema === resolved.root ? resolved.schemaName : undefined);
      if (!typeName || !v || typeof v !== 'object' || Array.isArray(v)) return;
      const plan = enumPlanOf(resolved, schema, typeName);
      if (!plan) return;
      const obj = v as Record<string, unknown>;
      for (const field of plan.enums) {
        const x = obj[field.prop];
        if (typeof x !== 'string') continue;
        const own = field.refused && Object.hasOwn(field.refused, x) ? field.refused[x] : undefined;
        if (field.published) {
          // Published enums are checked by the schema; its message gets the server's list for this value, where
          // the enum is the one that list was measured against.
          if (x === '' && field.emptyRequired && relisted)
            relisted.set(formatPath([...path, field.prop]), { required: true });
          else if (field.invalidDetail && relisted)
            relisted.set(formatPath([...path, field.prop]), { invalid: field.invalidDetail });
          else if (own && relisted && field.publishedAsMeasured)
            relisted.set(formatPath([...path, field.prop]), { values: own });
          continue;
        }
        if (field.allowed.includes(x) || (x === '' && field.emptyLetThrough)) continue;
        if (!enumFieldCheckedAt(`${plan.key}.${field.prop}`, kubernetesVersion)) continue;
        if (x === '' && field.emptyRequired) {
          const at = [...path, field.prop];
          out.push({ code: 'required', path: at, message: `${formatPath(at)}: Required value` });
          continue;
        }
        if (field.invalidDetail) {
          const at = [...path, field.prop];
          out.push({
            code: 'invalid',
            path: at,
            message: `${formatPath(at)}: Invalid value: ${formatValue(x)}: ${field.invalidDetail}`,
          });
        } else
          report([...path, field.prop], x, own ?? field.allowed, severityFor(BUILTIN_ENUMS, plan.key, field.prop, x));
      }
      for (const field of plan.lists) {
        const list = obj[field.prop];
        if (!Array.isArray(list)) continue;
        const reportedAt = field.reportedAtList ? formatPath([...path, field.prop]) : undefined;
        if (field.published) {
          // published enums are checked by the schema, at the item: moved to the list where Go reports it there
          if (reportedAt && relisted)
            list.forEach((_, i) => relisted.set(formatPath([...path, field.prop, i]), { field: reportedAt }));
          continue;
        }
        const allowed = field.allowed;
        list.forEach((x, i) => {
          if (typeof x !== 'string' || allowed.includes(x)) return;
          if (!(x === '' && field.emptyLetThrough))
            report(
              [...path, field.prop, i],
              x,
              allowed,
              severityFor(BUILTIN_ENUM_LISTS, plan.key, field.prop, x),
              reportedAt,
            );
        });
      }
    },
  };
}

/** One enum field of a type, as the visitor checks it: what the tables and the schema say of it, looked up once. */
interface EnumFieldPlan {
  prop: string;
  allowed: string[];
  /** ENUM_VALUES_WHEN_REFUSED's row of the field. */
  refused: Readonly<Record<string, readonly string[]>> | undefined;
  /** The schema publishes an enum for the field (for a list: for its items). */
  published: boolean;
  /** Fields: the published enum is the one ENUM_VALUES_WHEN_REFUSED was measured against. */
  publishedAsMeasured: boolean;
  /** REFUSED_AS_INVALID's detail for the field. */
  invalidDetail: string | undefined;
  /** Lists: the server reports an item at the list. */
  reportedAtList: boolean;
  emptyLetThrough: boolean;
  /** "" is refused as `Required value` (emptyEnums.ts). */
  emptyRequired: boolean;
}

interface EnumPlan {
  key: string;
  enums: EnumFieldPlan[];
  lists: EnumFieldPlan[];
}

/**
 * The enum fields of a type at a (dereferenced) schema node, made once per document, node and type name: the
 * visitor runs at every typed object of every walk, and its tables' keys (`core.Container.imagePullPolicy`) and the
 * schema's published enums are the same each time.
 */
function enumPlanOf(resolved: ResolvedSchema, schema: OpenAPISchema, typeName: string): EnumPlan | null {
  // One lookup by node: a node is nearly always met with one type name in one document (a chain of the others).
  const first = enumPlans.get(schema);
  for (let at = first; at; at = at.next)
    if (at.typeName === typeName && at.document === resolved.document) return at.plan;
  const plan = newEnumPlan(resolved, schema, typeName);
  enumPlans.set(schema, { document: resolved.document, typeName, plan, next: first });
  return plan;
}
interface EnumPlanAt {
  document: object;
  typeName: string;
  plan: EnumPlan | null;
  next: EnumPlanAt | undefined;
}
const enumPlans = new WeakMap<OpenAPISchema, EnumPlanAt>();

function newEnumPlan(resolved: ResolvedSchema, schema: OpenAPISchema, typeName: string): EnumPlan | null {
  const rows = rowsOf(typeName);
  return (
    rows && {
      key: rows.key,
      enums: rows.enums.map(([prop, allowed]): EnumFieldPlan => {
        const field = `${rows.key}.${prop}`;
        const published = resolved.deref(schema.properties?.[prop])?.enum;
        return {
          prop,
          allowed,
          refused: ENUM_VALUES_WHEN_REFUSED[field],
          published: !!published,
          publishedAsMeasured: !!published && sameValues(published, ENUM_PUBLISHED_WHEN_MEASURED[field] ?? allowed),
          invalidDetail: REFUSED_AS_INVALID[field],
          reportedAtList: false,
          emptyLetThrough: emptyEnumLetThrough(field),
          emptyRequired: emptyEnumRequired(field),
        };
      }),
      lists: rows.lists.map(([prop, allowed]): EnumFieldPlan => {
        const field = `${rows.key}.${prop}`;
        const items = resolved.deref(resolved.deref(schema.properties?.[prop])?.items);
        return {
          prop,
          allowed,
          refused: undefined,
          published: !!items?.enum,
          publishedAsMeasured: false,
          invalidDetail: undefined,
          reportedAtList: REPORTED_AT_LIST.has(field),
          emptyLetThrough: emptyEnumLetThrough(`${field}[]`),
          emptyRequired: false,
        };
      }),
    }
  );
}

/**
 * The schema's enum problems the server words otherwise, by field path: where it lists other values for the value
 * given (ENUM_VALUES_WHEN_REFUSED), where it reports a list's item at the list (`field`), and where it refuses the
 * value as Invalid with its own detail (`invalid`: REFUSED_AS_INVALID).
 */
export type RelistedEnums = Map<
  string,
  { values?: readonly string[]; field?: string; invalid?: string; required?: boolean }
>;

/** The schema's "Unsupported value" problems at those fields, as the server prints them. */
export function relistEnumProblems(problems: FieldProblem[], relisted: RelistedEnums): void {
  if (relisted.size === 0) return;
  for (let i = 0; i < problems.length; i++) {
    const p = problems[i];
    const own = p.code === 'enum' ? relisted.get(formatPath(p.path)) : undefined;
    if (!own) continue;
    const at = p.message.indexOf(': supported values: ');
    if (at < 0) continue;
    if (own.required) {
      problems[i] = { ...p, code: 'required', message: `${formatPath(p.path)}: Required value` };
      continue;
    }
    if (own.invalid) {
      const from = p.message.indexOf(': Unsupported value: ');
      if (from < 0 || from > at) continue;
      const printed = p.message.slice(from + 21, at);
      problems[i] = {
        ...p,
        code: 'invalid',
        message: `${formatPath(p.path)}: Invalid value: ${printed}: ${own.invalid}`,
      };
      continue;
    }
    const values = own.values ? own.values.map((v) => JSON.stringify(v)).join(', ') : p.message.slice(at + 20);
    const head = own.field ? `${own.field}${p.message.slice(formatPath(p.path).length, at)}` : p.message.slice(0, at);
    problems[i] = { ...p, ...(own.field ? { field: own.field } : {}), message: `${head}: supported values: ${values}` };
  }
}
