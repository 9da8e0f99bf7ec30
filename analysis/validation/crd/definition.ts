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
import { validateStructural } from './structural';
import { validateDefaults } from './defaults';

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

type Obj = Record<string, unknown>;

export function validateCustomResourceDefinition(crd: Obj, base: FieldPath): CrdErrors {
  const errors = new CrdErrors();
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
  const label = (v: string, p: CrdPath, mixedCase = false) => {
    if (v === '') return;
    const errs = dns1035Label(mixedCase ? v.toLowerCase() : v);
    if (errs.length)
      errors.invalid(p, v, `${mixedCase ? 'may have mixed case, but should otherwise match: ' : ''}${errs.join(',')}`);
  };
  label(plural, np.child('plural'));
  label(singular, np.child('singular'));
  label(kind, np.child('kind'), true);
  label(listKind, np.child('listKind'), true);
  stringList(names.shortNames).forEach((s, i) => label(s, np.index('shortNames', i)));
  if (kind !== '' && kind === listKind)
    errors.invalid(np.child('listKind'), listKind, 'kind and listKind may not be the same');
  stringList(names.categories).forEach((s, i) => label(s, np.index('categories', i)));
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

function schemaRules(errors: CrdErrors, p: CrdPath, raw: unknown, statusEnabled: boolean): void {
  const schema = asSchema(asSchema(raw)?.openAPIV3Schema);
  if (!schema) return;
  const sp = p.child('openAPIV3Schema');
  if (statusEnabled) {
    for (const k of Object.keys(schema)) {
      const v = schema[k];
      if (v === undefined || v === null || v === false || v === '' || (Array.isArray(v) && v.length === 0)) continue;
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
      if (!ROOT_FIELDS_WITH_STATUS[k]) {
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
  validateStructural(schema, sp, errors);
  // Defaults are validated once the schema is structural; CEL rules compile once both are fine.
  if (errors.count === before) validateDefaults(schema, sp, errors);
  const structural = errors.count === before;
  const rules: RuleSite[] = [];
  validateOpenAPISchema(schema, sp, errors, rules);
  // CEL rules compile against types derived from the structural schema: only when it is one.
  if (structural) checkCelRules(rules, errors, sp);
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
  for (const name of storage)
    if (!stored.includes(name)) errors.invalid(p, stored, `must have the storage version ${name}`);
}

function hasDefaults(versionSchema: unknown): boolean {
  const has = (s: Schema | undefined): boolean => {
    if (!s) return false;
    if (isSet(s, 'default')) return true;
    const children = [
      ...Object.values(asSchema(s.properties) ?? {}),
      s.items,
      s.additionalProperties,
      s.not,
      ...[s.allOf, s.anyOf, s.oneOf].flatMap((l) => (Array.isArray(l) ? l : [])),
    ];
    return children.some((c) => has(asSchema(c)));
  };
  return has(asSchema(asSchema(versionSchema)?.openAPIV3Schema));
}
