// The CRD-level rules of k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation/validation.go
// (ValidateCustomResourceDefinition on create): names, group, scope, versions and the storage version,
// conversion, subresources, printer columns, API approval; and, per schema, the structural and OpenAPI rules.
// The v1 object is read the way the server sees it after defaulting and conversion to the internal version:
// identical per-version schemas/subresources/columns are hoisted to spec.validation/subresources/
// additionalPrinterColumns, and the server prints those paths.
import type { FieldPath } from '../../documents/path';
import { dns1035Label, dns1123Subdomain } from '../builtin/names';
import { checkCelRules } from './celRules';
import { CrdErrors, CrdPath } from './errors';
import { asSchema, isSet, isTrue, Schema, stringList } from './jsonSchema';
import { RuleSite, validateOpenAPISchema } from './schemaRules';
import { newStructuralError, validateStructural } from './structural';
import { validateDefaults } from './defaults';
import { validFieldPath } from './fieldPath';
import { goDecodingProblems } from './goDecoding';

const PRINTER_COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const PRINTER_COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const ROOT_FIELDS_WITH_STATUS: Record<string, string> = {
  description: 'Description',
  type: 'Type',
  format: 'Format',
  title: 'Title',
  maximum: 'Maximum',
  exclusiveMaximum: 'ExclusiveMaximum',
  minimum: 'Minimum',
  exclusiveMinimum: 'ExclusiveMinimum',
  maxLength: 'MaxLength',
  minLength: 'MinLength',
  pattern: 'Pattern',
  maxItems: 'MaxItems',
  minItems: 'MinItems',
  uniqueItems: 'UniqueItems',
  multipleOf: 'MultipleOf',
  required: 'Required',
  items: 'Items',
  properties: 'Properties',
  externalDocs: 'ExternalDocs',
  example: 'Example',
  'x-kubernetes-preserve-unknown-fields': 'XPreserveUnknownFields',
  'x-kubernetes-validations': 'XValidations',
};
const APPROVAL_ANNOTATION = 'api-approved.kubernetes.io';
const MAX_SELECTABLE_FIELDS = 8;

type Obj = Record<string, unknown>;

export function validateCustomResourceDefinition(crd: Obj, base: FieldPath, recordRuleCosts = false): CrdErrors {
  const errors = new CrdErrors();
  if (recordRuleCosts) errors.ruleCosts = new Map();
  const root = new CrdPath(base, '');
  const spec = asSchema(crd.spec) ?? {};
  const sp = root.child('spec');
  const names = asSchema(spec.names) ?? {};
  const group = str(spec.group);
  const plural = str(names.plural);

  const md = asSchema(crd.metadata) ?? {};
  const name = str(md.name);
  const generateName = str(md.generateName);
  const required = `${plural}.${group}`;
  const wrongName = 'must be spec.names.plural+"."+spec.group';
  // The name check is ValidateObjectMeta's name function, so it also holds generateName (checked even beside a
  // name) and the name the server generates from it (the prefix, at most 58 bytes, and 5 random characters).
  if (generateName !== '' && generateName !== required)
    errors.invalid(root.child('metadata', 'generateName'), generateName, wrongName);
  if (name !== '' && name !== required) errors.invalid(root.child('metadata', 'name'), name, wrongName);
  else if (name === '' && generateName !== '')
    errors.invalidPrinted(
      root.child('metadata', 'name'),
      `${JSON.stringify(generateName.slice(0, 58))} + 5 random characters (the generated name)`,
      wrongName,
    );

  if (group === '') errors.required(sp.child('group'));
  else if (dns1123Subdomain(group).length > 0)
    errors.invalid(sp.child('group'), group, dns1123Subdomain(group).join(','));
  else if (group.split('.').length < 2)
    errors.invalid(sp.child('group'), group, 'should be a domain with at least one dot');
  enumString(errors, sp.child('scope'), spec.scope, ['Cluster', 'Namespaced']);

  const versions = Array.isArray(spec.versions) ? spec.versions.map((v) => asSchema(v) ?? {}) : [];
  const hoisted = {
    schema: identical(versions.map((v) => v.schema)),
    subresources: identical(versions.map((v) => v.subresources)),
    columns: identical(versions.map((v) => v.additionalPrinterColumns)),
  };
  const anySchema = versions.some((v) => asSchema(asSchema(v.schema)?.openAPIV3Schema));
  if (!hoisted.schema || !anySchema)
    versions.forEach((v, i) => {
      if (!asSchema(asSchema(v.schema)?.openAPIV3Schema))
        errors.required(sp.index('versions', i).child('schema', 'openAPIV3Schema'));
    });

  versions.forEach((v, i) => {
    const schema = asSchema(asSchema(v.schema)?.openAPIV3Schema);
    if (schema) goDecodingProblems(schema, sp.index('versions', i).child('schema', 'openAPIV3Schema'), errors);
  });

  const seen = new Set<string>();
  let unique = true;
  let storage = 0;
  versions.forEach((v, i) => {
    const vp = sp.index('versions', i);
    const vname = str(v.name);
    if (v.storage === true) storage++;
    if (seen.has(vname)) unique = false;
    seen.add(vname);
    const nameErrors = dns1035Label(vname);
    if (nameErrors.length) errors.invalid(vp.child('name'), vname, nameErrors.join(','));
    deprecationWarning(errors, vp, v);
    if (!hoisted.subresources) subresources(errors, vp.child('subresources'), v.subresources);
    if (!hoisted.columns) printerColumns(errors, vp, v.additionalPrinterColumns);
  });
  if (!unique) errors.invalid(sp.child('versions'), spec.versions, 'must contain unique version names');
  if (storage !== 1)
    errors.invalid(sp.child('versions'), spec.versions, 'must have exactly one version marked as storage version');
  const first = str(versions[0]?.name);
  if (first !== '' && dns1035Label(first).length > 0)
    errors.invalid(
      sp.child('version').printedAs('spec.version', sp.index('versions', 0).child('name').doc),
      first,
      dns1035Label(first).join(','),
    );

  namesRules(errors, sp.child('names'), names);

  // Schemas: once at spec.validation when every version has the same one, else per version.
  const statusOf = (v: Schema) => asSchema(asSchema(v.subresources)?.status) !== undefined;
  if (hoisted.schema && anySchema) {
    const docPath = sp.index('versions', 0).child('schema').doc;
    schemaRules(errors, new CrdPath(docPath, `${sp.field}.validation`), versions[0].schema, versions.some(statusOf));
  } else {
    versions.forEach((v, i) => schemaRules(errors, sp.index('versions', i).child('schema'), v.schema, statusOf(v)));
  }
  if (hoisted.subresources && versions.length > 0)
    subresources(errors, hoistedPath(sp, 'subresources'), versions[0].subresources);
  if (hoisted.columns && versions.length > 0)
    printerColumns(errors, new CrdPath(sp.index('versions', 0).doc, sp.field), versions[0].additionalPrinterColumns);
  selectableFieldRules(errors, sp, versions, hoisted.schema && anySchema);

  if (spec.preserveUnknownFields === true && versions.some((v) => hasDefaults(v.schema)))
    errors.invalid(sp.child('preserveUnknownFields'), true, 'must be false in order to use defaults in the schema');
  if (spec.preserveUnknownFields === true)
    errors.invalid(
      sp.child('preserveUnknownFields'),
      true,
      'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
    );
  conversion(errors, sp.child('conversion'), asSchema(spec.conversion));
  storedVersions(errors, root, sp, versions);
  apiApproval(errors, root, group, asSchema(md.annotations));
  return errors;
}

/**
 * selectableFields, where the v1 conversion puts them: at spec.selectableFields when every version has the same
 * (checked against the hoisted schema), else per version against that version's schema, which is not there when
 * the schemas were hoisted (the server then refuses the version's selectableFields outright).
 */
function selectableFieldRules(errors: CrdErrors, sp: CrdPath, versions: Schema[], schemaHoisted: boolean): void {
  // Semantic.DeepEqual: an empty list is the same as none.
  const lists = versions.map((v) => (Array.isArray(v.selectableFields) ? v.selectableFields : []));
  if (versions.length === 0) return;
  const rootOf = (v: Schema) => asSchema(asSchema(v.schema)?.openAPIV3Schema);
  if (identical(lists)) {
    if (lists[0].length === 0) return;
    const p = new CrdPath([...sp.doc, 'versions', 0, 'selectableFields'], `${sp.field}.selectableFields`);
    const root = schemaHoisted ? rootOf(versions[0]) : undefined;
    if (!root) errors.invalid(p, '', 'may only be set when validations.schema is included');
    else selectableFields(errors, p, lists[0], root);
    return;
  }
  versions.forEach((v, i) => {
    if (lists[i].length === 0) return;
    const p = sp.index('versions', i).child('selectableFields');
    const root = schemaHoisted ? undefined : rootOf(v);
    if (!root) errors.invalid(p, '', 'may only be set when `version.schema.openAPIV3Schema` is not included');
    else selectableFields(errors, p, lists[i], root);
  });
}

/** ValidateCustomResourceSelectableFields: paths to declared string, boolean or integer fields outside metadata. */
function selectableFields(errors: CrdErrors, p: CrdPath, list: unknown[], root: Schema): void {
  const unique = new Set<string>();
  list.forEach((raw, i) => {
    const jp = new CrdPath([...p.doc, i, 'jsonPath'], `${p.field}[${i}].jsonPath`);
    const jsonPath = str(asSchema(raw)?.jsonPath);
    if (jsonPath === '') {
      errors.required(jp);
      return;
    }
    const found = validFieldPath(jsonPath, root, false);
    if ('error' in found) {
      errors.invalid(jp, jsonPath, `is an invalid path: ${found.error}`);
      return;
    }
    if (found.root === 'metadata') errors.invalid(jp, jsonPath, 'must not point to fields in metadata');
    if (!['string', 'boolean', 'integer'].includes(str(found.schema?.type)))
      errors.invalid(
        jp,
        jsonPath,
        'must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.',
      );
    if (unique.has(found.path)) errors.duplicate(jp, jsonPath);
    else unique.add(found.path);
  });
  if (unique.size > MAX_SELECTABLE_FIELDS) errors.tooMany(p, unique.size, MAX_SELECTABLE_FIELDS);
}

function hoistedPath(sp: CrdPath, field: string): CrdPath {
  return new CrdPath([...sp.doc, 'versions', 0, field], `${sp.field}.${field}`);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function enumString(errors: CrdErrors, p: CrdPath, v: unknown, accepted: string[]): void {
  const s = str(v);
  if (s === '') errors.required(p);
  else if (!accepted.includes(s)) errors.notSupported(p, s, accepted);
}

/**
 * JSON equality with keys in any order, a key holding null the same as one absent (apiequality.Semantic.DeepEqual of
 * the decoded values). Compared in place: versions' schemas are large and usually differ early or are one object.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameJson(x, b[i]));
  }
  const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null;
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const present = (o: Obj) => Object.keys(o).filter((k) => o[k] !== undefined && o[k] !== null);
    const keys = present(a);
    if (keys.length !== present(b).length) return false;
    return keys.every((k) => sameJson(a[k], b[k]));
  }
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function identical(values: unknown[]): boolean {
  if (values.length === 0) return false;
  return values.every((v) => sameJson(v, values[0]));
}

function deprecationWarning(errors: CrdErrors, vp: CrdPath, v: Schema): void {
  if (!isSet(v, 'deprecationWarning')) return;
  const w = str(v.deprecationWarning);
  const p = vp.child('deprecationWarning');
  if (v.deprecated !== true) {
    errors.invalid(p, w, 'can only be set for deprecated versions');
    return;
  }
  if (w.length > 256) errors.invalid(p, w, 'must be <= 256 characters long');
  if (w.length === 0) errors.invalid(p, w, 'must not be an empty string');
  const bad = [...w].findIndex((c) => /[\p{C}]/u.test(c));
  if (bad >= 0) {
    const offset = Buffer.byteLength([...w].slice(0, bad).join(''));
    const kind = /\p{Cc}/u.test([...w][bad]) ? 'control' : 'non-printable';
    errors.invalid(p, w, `must only contain printable UTF-8 characters; ${kind} character found at index ${offset}`);
  }
}

function namesRules(errors: CrdErrors, np: CrdPath, names: Schema): void {
  const kind = str(names.kind);
  // v1 defaulting: singular from kind, listKind from kind.
  const plural = str(names.plural);
  const singular = str(names.singular) || kind.toLowerCase();
  const listKind = str(names.listKind) || (kind ? `${kind}List` : '');
  if (plural === '') errors.required(np.child('plural'));
  if (singular === '') errors.required(np.child('singular'));
  if (kind === '') errors.required(np.child('kind'));
  if (listKind === '') errors.required(np.child('listKind'));
  const label = (v: string, p: CrdPath, mixedCase = false, listed = false) => {
    // An empty name is Required above; an empty short name or category is an invalid label.
    if (v === '' && !listed) return;
    const errs = dns1035Label(mixedCase ? v.toLowerCase() : v);
    if (errs.length)
      errors.invalid(p, v, `${mixedCase ? 'may have mixed case, but should otherwise match: ' : ''}${errs.join(',')}`);
  };
  label(plural, np.child('plural'));
  label(singular, np.child('singular'));
  label(kind, np.child('kind'), true);
  label(listKind, np.child('listKind'), true);
  stringList(names.shortNames).forEach((s, i) => label(s, np.index('shortNames', i), false, true));
  if (kind !== '' && kind === listKind)
    errors.invalid(np.child('listKind'), listKind, 'kind and listKind may not be the same');
  stringList(names.categories).forEach((s, i) => label(s, np.index('categories', i), false, true));
}

function subresources(errors: CrdErrors, p: CrdPath, raw: unknown): void {
  const scale = asSchema(asSchema(raw)?.scale);
  if (!scale) return;
  const sp = p.child('scale');
  const simplePath = (field: string, prefixes: string[], detail: string, optional = false) => {
    const v = str(scale[field]);
    const fp = sp.child(field);
    if (v === '') {
      if (!optional) errors.required(fp);
      return;
    }
    if (!v.startsWith('.')) errors.invalid(fp, v, 'must be a simple json path starting with .');
    else if (!prefixes.some((x) => v.startsWith(x))) errors.invalid(fp, v, detail);
  };
  simplePath('specReplicasPath', ['.spec.'], 'should be a json path under .spec');
  simplePath('statusReplicasPath', ['.status.'], 'should be a json path under .status');
  simplePath('labelSelectorPath', ['.spec.', '.status.'], 'should be a json path under either .spec or .status', true);
}

function printerColumns(errors: CrdErrors, vp: CrdPath, raw: unknown): void {
  if (!Array.isArray(raw)) return;
  raw.forEach((c, i) => {
    const col = asSchema(c) ?? {};
    const cp = vp.index('additionalPrinterColumns', i);
    if (str(col.name) === '') errors.required(cp.child('name'));
    const type = str(col.type);
    const types = `must be one of ${PRINTER_COLUMN_TYPES.join(',')}`;
    if (type === '') errors.required(cp.child('type'), types);
    else if (!PRINTER_COLUMN_TYPES.includes(type)) errors.invalid(cp.child('type'), type, types);
    const format = str(col.format);
    if (format !== '' && !PRINTER_COLUMN_FORMATS.includes(format))
      errors.invalid(cp.child('format'), format, `must be one of ${PRINTER_COLUMN_FORMATS.join(',')}`);
    const jsonPath = str(col.jsonPath);
    // The internal type calls it JSONPath; the server prints that name.
    const jp = cp.child('jsonPath').printedAs(`${cp.field}.JSONPath`);
    if (jsonPath === '') errors.required(jp);
    else if (!jsonPath.startsWith('.')) errors.invalid(jp, jsonPath, 'must be a simple json path starting with .');
  });
}

function conversion(errors: CrdErrors, p: CrdPath, c: Schema | undefined): void {
  if (!c) return;
  enumString(errors, p.child('strategy'), c.strategy, ['None', 'Webhook']);
  const webhook = asSchema(c.webhook);
  const clientConfig = asSchema(webhook?.clientConfig);
  const reviewVersions = webhook?.conversionReviewVersions;
  // Internal names: webhook.clientConfig is webhookClientConfig, webhook.conversionReviewVersions is conversionReviewVersions.
  const ccPath = p.child('webhook', 'clientConfig').printedAs(`${p.field}.webhookClientConfig`);
  const rvPath = p.child('webhook', 'conversionReviewVersions').printedAs(`${p.field}.conversionReviewVersions`);
  if (c.strategy === 'Webhook') {
    if (!clientConfig) errors.required(ccPath, 'required when strategy is set to Webhook');
    else if (isSet(clientConfig, 'url') === isSet(clientConfig, 'service'))
      errors.required(ccPath, 'exactly one of url or service is required');
    else if (isSet(clientConfig, 'url')) webhookURL(errors, ccPath.child('url'), str(clientConfig.url));
    else webhookService(errors, ccPath.child('service'), asSchema(clientConfig.service) ?? {});
    const versions = stringList(reviewVersions);
    if (versions.length === 0) errors.required(rvPath);
    else {
      const seen = new Set<string>();
      versions.forEach((v, i) => {
        const vp = rvPath.printedAs(`${rvPath.field}[${i}]`, [...rvPath.doc, i]);
        if (seen.has(v)) {
          errors.invalid(vp, v, 'duplicate version');
          return;
        }
        seen.add(v);
        for (const e of dns1035Label(v)) errors.invalid(vp, v, e);
      });
      if (!versions.some((v) => v === 'v1' || v === 'v1beta1'))
        errors.invalid(rvPath, versions, 'must include at least one of v1, v1beta1');
    }
  } else {
    if (clientConfig) errors.forbidden(ccPath, 'should not be set when strategy is not set to Webhook');
    if (stringList(reviewVersions).length > 0)
      errors.forbidden(rvPath, 'should not be set when strategy is not set to Webhook');
  }
}

/** k8s.io/apiserver/pkg/util/webhook ValidateWebhookURL (https forced), on Go's reading of the URL. */
function webhookURL(errors: CrdErrors, p: CrdPath, raw: string): void {
  const form = '; desired format: https://host[/path]';
  const u = goParseURL(raw);
  if (typeof u === 'string') {
    errors.required(p, `url must be a valid URL: parse ${JSON.stringify(raw)}: ${u}${form}`);
    return;
  }
  if (u.scheme !== 'https') errors.invalid(p, u.scheme, `'https' is the only allowed URL scheme${form}`);
  if (u.host === '') errors.invalid(p, u.host, `host must be specified${form}`);
  if (u.user !== undefined) errors.invalid(p, u.user, 'user information is not permitted in the URL');
  if (u.fragment !== '') errors.invalid(p, u.fragment, 'fragments are not permitted in the URL');
  if (u.rawQuery !== '') errors.invalid(p, u.rawQuery, 'query parameters are not permitted in the URL');
}

/**
 * net/url.Parse, as far as the checks above read it: scheme (lower-cased), authority (user@host), raw query and
 * fragment; or the reason it refuses the text.
 */
function goParseURL(
  raw: string,
): { scheme: string; host: string; user?: string; rawQuery: string; fragment: string } | string {
  if (/[\x00-\x1f\x7f]/.test(raw)) return 'net/url: invalid control character in URL';
  const hash = raw.indexOf('#');
  const fragment = hash >= 0 ? raw.slice(hash + 1) : '';
  let rest = hash >= 0 ? raw.slice(0, hash) : raw;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (rest.startsWith(':')) return 'missing protocol scheme';
  const scheme = m ? m[1].toLowerCase() : '';
  if (m) rest = rest.slice(m[0].length);
  const q = rest.indexOf('?');
  const rawQuery = q >= 0 ? rest.slice(q + 1) : '';
  if (q >= 0) rest = rest.slice(0, q);
  let host = '';
  let user: string | undefined;
  if (rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    const authority = end >= 0 ? rest.slice(2, end) : rest.slice(2);
    const at = authority.lastIndexOf('@');
    if (at >= 0) user = authority.slice(0, at);
    host = at >= 0 ? authority.slice(at + 1) : authority;
  }
  return { scheme, host, user, rawQuery, fragment };
}

/** ValidateWebhookService as the CRD code calls it: with name and namespace swapped (so are its messages). */
function webhookService(errors: CrdErrors, p: CrdPath, service: Schema): void {
  if (str(service.namespace) === '') errors.required(p.child('name'));
  if (str(service.name) === '') errors.required(p.child('namespace'));
  const port = service.port ?? 443;
  if (typeof port === 'number' && !(Number.isInteger(port) && port >= 1 && port <= 65535))
    errors.invalid(p.child('port'), port, 'port is not valid: must be between 1 and 65535, inclusive');
  if (!isSet(service, 'path')) return;
  const path = str(service.path);
  const pp = p.child('path');
  if (path === '/' || path === '') return;
  if (path === '//') {
    errors.invalid(pp, path, 'segment[0] may not be empty');
    return;
  }
  if (!path.startsWith('/')) errors.invalid(pp, path, "must start with a '/'");
  let check = path.slice(1);
  if (check.endsWith('/')) check = check.slice(0, -1);
  check.split('/').forEach((step, i) => {
    if (step === '') errors.invalid(pp, path, `segment[${i}] may not be empty`);
    else for (const failure of dns1123Subdomain(step)) errors.invalid(pp, path, `segment[${i}]: ${failure}`);
  });
}

/** Groups of the Kubernetes project need the approval annotation (KEP 1111). */
function apiApproval(errors: CrdErrors, root: CrdPath, group: string, annotations: Schema | undefined): void {
  const protectedGroup =
    group === 'k8s.io' || group.endsWith('.k8s.io') || group === 'kubernetes.io' || group.endsWith('.kubernetes.io');
  if (!protectedGroup) return;
  const p = root
    .key('metadata', 'annotations')
    .printedAs('metadata.annotations[api-approved.kubernetes.io]', [
      ...root.doc,
      'metadata',
      'annotations',
      APPROVAL_ANNOTATION,
    ]);
  const value = annotations?.[APPROVAL_ANNOTATION];
  const see = 'see https://github.com/kubernetes/enhancements/pull/1111';
  if (value === undefined) {
    errors.required(p, `protected groups must have approval annotation "${APPROVAL_ANNOTATION}", ${see}`);
    return;
  }
  const v = str(value);
  if (v.startsWith('unapproved')) return;
  try {
    const u = new URL(v);
    if (u.protocol === 'http:' || u.protocol === 'https:') return;
  } catch {
    // fall through
  }
  errors.invalid(
    p,
    v,
    `protected groups must have approval annotation "${APPROVAL_ANNOTATION}" with either a URL or a reason starting with "unapproved", ${see}`,
  );
}

/** JSONSchemaProps fields that are pointers, so `false` or "" is set (not Go's zero value). */
const POINTER_ROOT_FIELDS = new Set([
  'additionalProperties',
  'additionalItems',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-preserve-unknown-fields',
  '$ref',
]);

function schemaRules(errors: CrdErrors, p: CrdPath, raw: unknown, statusEnabled: boolean): void {
  const schema = asSchema(asSchema(raw)?.openAPIV3Schema);
  if (!schema) return;
  const sp = p.child('openAPIV3Schema');
  const start = errors.count;
  if (statusEnabled) {
    for (const k of Object.keys(schema)) {
      const v = schema[k];
      // reflect's zero value of the Go field: null, and "" or false where the field is no pointer (an empty list
      // decodes to a non-nil slice: specified).
      if (v === undefined || v === null || ((v === false || v === '') && !POINTER_ROOT_FIELDS.has(k))) continue;
      if (k === 'type') {
        if (v !== 'object') {
          errors.invalid(
            sp.child('type'),
            v,
            'only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
          );
          break;
        }
        continue;
      }
      if (!Object.hasOwn(ROOT_FIELDS_WITH_STATUS, k)) {
        const allowed = Object.values(ROOT_FIELDS_WITH_STATUS).join(' ');
        errors.invalid(
          sp,
          schema,
          `only [${allowed}] fields are allowed at the root of the schema if the status subresource is enabled`,
        );
        break;
      }
    }
  }
  if (isTrue(schema.nullable)) errors.forbidden(sp.child('nullable'), 'nullable cannot be true at the root');
  const before = errors.count;
  // A schema NewStructural cannot convert gets neither the structural nor the defaults checks.
  const unconvertible = newStructuralError(schema);
  if (!unconvertible) validateStructural(schema, sp, errors);
  // Defaults are validated once the schema is structural; CEL rules compile once both are fine.
  if (!unconvertible && errors.count === before) validateDefaults(schema, sp, errors);
  const structural = !unconvertible && errors.count === before;
  const rules: RuleSite[] = [];
  validateOpenAPISchema(schema, sp, errors, rules);
  // CEL rules compile against types derived from the structural schema: only when it is one.
  if (structural) checkCelRules(rules, errors, sp);
  // NewStructural's own refusal is shown only when nothing else was found (all but $schema are also reported
  // above: id, $ref, patternProperties, dependencies, additionalItems, definitions, items as a list).
  if (unconvertible && errors.count === start) errors.invalid(sp, '', unconvertible);
}

/** Whether `pred` holds at any schema NewStructural converts: properties, items, additionalProperties, junctions. */
function someSchema(s: Schema, pred: (s: Schema) => boolean, depth = 0): boolean {
  if (pred(s)) return true;
  if (depth > 100) return false;
  const children = [
    ...Object.values(asSchema(s.properties) ?? {}),
    s.items,
    s.additionalProperties,
    s.not,
    ...[s.allOf, s.anyOf, s.oneOf].flatMap((l) => (Array.isArray(l) ? l : [])),
  ];
  return children.some((c) => {
    const child = asSchema(c);
    return child !== undefined && someSchema(child, pred, depth + 1);
  });
}

/** On create the server records the (first) storage version as stored: status.storedVersions must cover all. */
function storedVersions(errors: CrdErrors, root: CrdPath, sp: CrdPath, versions: Schema[]): void {
  const storage = versions.filter((v) => v.storage === true).map((v) => str(v.name));
  const stored = storage.slice(0, 1);
  const p = root.child('status', 'storedVersions').printedAs('status.storedVersions', sp.child('versions').doc);
  if (stored.length === 0) {
    errors.invalidPrinted(p, 'null', 'must have at least one stored version');
    return;
  }
  // ValidateCustomResourceDefinitionStoredVersions: each stored version is matched once, so a second storage
  // version of the same name is missing too.
  const unmatched = new Set(stored);
  for (const v of versions) {
    const name = str(v.name);
    const found = unmatched.has(name);
    if (v.storage === true && !found) errors.invalid(p, stored, `must have the storage version ${name}`);
    if (found) unmatched.delete(name);
  }
}

function hasDefaults(versionSchema: unknown): boolean {
  const root = asSchema(asSchema(versionSchema)?.openAPIV3Schema);
  return root !== undefined && someSchema(root, (s) => isSet(s, 'default'));
}
