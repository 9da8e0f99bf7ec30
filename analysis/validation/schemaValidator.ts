// Structural validation with ajv: one ajv instance per group/version document (two where enums are factored out,
// enumSplit.ts), one compiled validator per kind, compiled on first use or loaded from the on-disk cache of compiled
// validators (validatorCache.ts). ajv's errors are rewritten in the API server's words (kube-openapi / field.Error).
import Ajv, { _, ErrorObject, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import type { ResolvedSchema } from '../schema/resolved';
import type { GroupVersionDocument, OpenAPISchema } from '../schema/types';
import { valuePasses } from './crd/defaults';
import type { Schema } from './crd/jsonSchema';
import { bestFailure, matchCount } from './openapiMatchCount';
import { FieldPath, formatPath } from '../documents/path';
import {
  GO_MICRO_TIME_FORMAT,
  GO_TIME_FORMAT,
  goTimeFormatError,
  KUBERNETES_FORMATS,
  registerKubernetesFormats,
} from './formats';
import { DEFINITIONS_PREFIX, JsonSchema, translateComponents, translateDefinition } from './openapiToJsonSchema';
import {
  type Definitions,
  type EnumSplit,
  hasEnum,
  passesSplitEnums,
  reachableDefinitions,
  splitEnums,
} from './enumSplit';
import { openapiPattern } from './re2';
import { withLazyInstancePaths } from './standalonePaths';
import { withoutUnusedSchemas } from './standaloneSchemas';
import {
  definitionHash,
  documentKey,
  entryKey,
  generatorHash,
  readCachedValidator,
  readDocumentKey,
  shippedValidatorsDir,
  validatorCacheDir,
  writeCachedValidator,
  writeDocumentKey,
} from './validatorCache';
import { documentIdentity } from '../schema/documentIdentity';
import { formatValue, typeOfValue } from './messages';
import { goValueFormat, supportedCrFormat } from './formatTypeCheck';
import { QUANTITY_ERROR } from '../../kube/util/quantity';
import type { KubeDiagnosticCode, KubeFix } from './types';

/** A problem found against the schema, before it is placed in the source. */
export interface FieldProblem {
  code: KubeDiagnosticCode;
  path: FieldPath;
  message: string;
  severity?: 'error' | 'warning' | 'information';
  /** Mark the key rather than the value (unknown fields, missing fields on their parent). */
  onKey?: boolean;
  /** The field as the API server prints it, when it differs from formatPath(path) (map keys). */
  field?: string;
  fix?: KubeFix;
}

/** One way of compiling a group/version's kinds: its definitions as they are, or with enums factored out. */
interface CompiledDocument {
  /** The definitions compiled (JSON Schema, translated on first need). */
  definitions?: Record<string, JsonSchema>;
  /** Translates all of them (the full way, whose definitions are first translated one by one as keys need them). */
  translateAll?: () => Record<string, JsonSchema>;
  /**
   * ajv with the definitions added, without and with ownProperties (OWN_PROPERTIES_RULE): only made when some kind
   * is not in the cache.
   */
  ajv?: Ajv;
  ownAjv?: Ajv;
  /** Whether each ajv keeps the code of what it compiles (for the cache). */
  keepsSource?: boolean;
  ownKeepsSource?: boolean;
  id: string;
  validators: Map<string, ValidateFunction>;
}

/** A group/version's compiled kinds: with all enums, and with enums factored out (enumSplit.ts). */
interface DocumentValidators {
  full: CompiledDocument;
  /**
   * Definitions translated one by one, before (and without) translating them all: finding a cached kind's key needs
   * only the definitions it reaches, a small part of a group/version's (core/v1: hundreds).
   */
  translated: Map<string, JsonSchema>;
  /** Undefined until asked; null when the definitions have no enum to factor out. */
  split?: { enums: EnumSplit; compiled: CompiledDocument } | null;
  /** What validateStructure runs per kind (the split pair, or the full validator). */
  validators: Map<string, ValidateFunction>;
}

const documents = new WeakMap<GroupVersionDocument, DocumentValidators>();
/** Compiled keeping ajv's code, apart from the validators in use (standaloneValidatorCode). */
const documentsKeepingCode = new WeakMap<GroupVersionDocument, DocumentValidators>();
// Each document has an ajv of its own, so one id fits all (and keeps the cached code the same from run to run).
const DEFINITIONS_ID = 'kubesense:definitions';

// What decides the generated code (part of the cache key). inlineRefs false: shared definitions compile once, not
// once per use. The code names formats as `formats.<name>`, resolved when cached code is loaded.
const AJV_OPTIONS = {
  allErrors: true,
  strict: false,
  unicodeRegExp: false,
  validateSchema: false,
  addUsedSchema: false,
  inlineRefs: false,
} as const;

/**
 * A CRD may declare a field named `toString` or `constructor`, which every object inherits: only the object's own
 * keys are its fields. ajv's ownProperties makes every present property a hasOwnProperty call (~4 % of a `check`
 * run's main thread, and more code), so it is used only for a kind whose definitions name such a field (the
 * definitions are part of the key; this rule is part of the generator's).
 */
const OWN_PROPERTIES_RULE = 'ownProperties where a reached definition names a property of Object.prototype';
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Whether a schema (at any depth, over-approximated: any `properties` or `required` met) names an inherited key. */
function namesInheritedKey(s: unknown): boolean {
  if (Array.isArray(s)) return s.some(namesInheritedKey);
  if (!s || typeof s !== 'object') return false;
  const o = s as Record<string, unknown>;
  const props = o.properties;
  if (props && typeof props === 'object' && Object.keys(props).some((k) => PROTOTYPE_NAMES.has(k))) return true;
  if (Array.isArray(o.required) && o.required.some((k) => PROTOTYPE_NAMES.has(k as string))) return true;
  return Object.values(o).some(namesInheritedKey);
}

function generatorOf(): string {
  return (generator ??= generatorHash({ ...AJV_OPTIONS, ownProperties: OWN_PROPERTIES_RULE }, KUBERNETES_FORMATS));
}

let generator: string | undefined;

function emptyCompiled(): CompiledDocument {
  return { id: DEFINITIONS_ID, validators: new Map() };
}

function validatorsOf(map: WeakMap<GroupVersionDocument, DocumentValidators>, schema: ResolvedSchema) {
  let d = map.get(schema.document);
  if (!d) {
    const made: DocumentValidators = { full: emptyCompiled(), translated: new Map(), validators: new Map() };
    made.full.translateAll = () => fullDefinitions(made, schema);
    map.set(schema.document, (d = made));
  }
  return d;
}

function fullDefinitions(d: DocumentValidators, schema: ResolvedSchema): Record<string, JsonSchema> {
  return (d.full.definitions ??= translateComponents(schema.components, schema.isCustomResource, d.translated));
}

/** The document's definitions as translateComponents makes them, each translated on first need (same objects). */
function fullDefinition(d: DocumentValidators, schema: ResolvedSchema): (name: string) => JsonSchema | undefined {
  return (name) => {
    const all = d.full.definitions;
    if (all) return Object.hasOwn(all, name) ? all[name] : undefined;
    let def = d.translated.get(name);
    if (def === undefined && Object.hasOwn(schema.components, name)) {
      def = translateDefinition(name, schema.components[name], schema.isCustomResource);
      d.translated.set(name, def);
    }
    return def;
  };
}

/** The enum-less way of compiling, or undefined when the definitions publish no enum to factor out. */
function splitOf(
  d: DocumentValidators,
  schema: ResolvedSchema,
): { enums: EnumSplit; compiled: CompiledDocument } | undefined {
  if (d.split === undefined) {
    const enums = splitEnums(fullDefinitions(d, schema));
    d.split = enums ? { enums, compiled: { ...emptyCompiled(), definitions: enums.definitions } } : null;
  }
  return d.split ?? undefined;
}

function ajvOf(c: CompiledDocument, keepSource: boolean, ownProperties: boolean): Ajv {
  let ajv = ownProperties ? c.ownAjv : c.ajv;
  if (!ajv) {
    ajv = new Ajv({
      ...AJV_OPTIONS,
      ownProperties,
      logger: false,
      code: { optimize: false, source: keepSource, formats: _`formats`, regExp: openapiPattern },
    });
    registerKubernetesFormats(ajv);
    ajv.addSchema({ $id: c.id, definitions: c.definitions ?? c.translateAll?.() });
    if (ownProperties) [c.ownAjv, c.ownKeepsSource] = [ajv, keepSource];
    else [c.ajv, c.keepsSource] = [ajv, keepSource];
  }
  return ajv;
}

/** Hash of each translated definition (shared by both ways of compiling where the split left it as it was). */
const definitionHashes = new WeakMap<JsonSchema, string>();

/** The cache key of a kind compiled from c's definitions: the definitions it reaches, by hash. */
function keyOf(c: CompiledDocument, schemaName: string): string {
  return keyFrom(
    c.definitions as Record<string, JsonSchema>,
    schemaName,
    reachableDefinitions(c.definitions as Record<string, JsonSchema>, [schemaName]),
  );
}

/** The cache key of a kind from the (sorted) names of the definitions it reaches. */
function keyFrom(definitions: Definitions, schemaName: string, reachable: string[]): string {
  const lookup = typeof definitions === 'function' ? definitions : (name: string) => definitions[name];
  const hashes = reachable.map((name): [string, string] => {
    const def = lookup(name) as JsonSchema;
    let h = definitionHashes.get(def);
    if (h === undefined) definitionHashes.set(def, (h = definitionHash(def)));
    return [name, h];
  });
  return entryKey(generatorOf(), schemaName, hashes);
}

/**
 * The kind's validator as validateStructure runs it (lazy; kept with the document). Where the definitions the kind
 * reaches publish enums, a pair: the enums checked apart, then the validator compiled without them (the common
 * case: what the package ships for a cluster whose documents add `+enum` values), else, when an enum fails, the
 * full one — so verdict and errors are always the full validator's (enumSplit.ts).
 */
export function validatorFor(schema: ResolvedSchema): ValidateFunction {
  const d = validatorsOf(documents, schema);
  let v = d.validators.get(schema.schemaName);
  if (v) return v;
  // Known by the document's bytes: its entry, with nothing translated.
  const byDocument = documentKeyOf(schema);
  v = byDocument ? storedByDocument(d.full, schema.schemaName, byDocument) : undefined;
  if (v) {
    d.validators.set(schema.schemaName, v);
    return v;
  }
  // A kind that reaches no enum has one validator (the split one would be the same code under the same key): its
  // key needs only the definitions it reaches, translated one by one.
  const definition = fullDefinition(d, schema);
  const reachable = reachableDefinitions(definition, [schema.schemaName]);
  if (!reachable.some((name) => hasEnum(definition(name) as JsonSchema))) {
    const key = keyFrom(definition, schema.schemaName, reachable);
    v = storedOrCompiled(d.full, schema.schemaName, key);
    const dir = validatorCacheDir();
    if (byDocument && dir) writeDocumentKey(dir, byDocument, key);
    d.validators.set(schema.schemaName, v);
    return v;
  }
  const full = fullDefinitions(d, schema);
  const split = splitOf(d, schema);
  const splitKey = split && keyOf(split.compiled, schema.schemaName);
  if (!split || splitKey === keyOf(d.full, schema.schemaName)) {
    v = storedOrCompiled(d.full, schema.schemaName);
  } else {
    const without = storedOrCompiled(split.compiled, schema.schemaName, splitKey);
    let withEnums: ValidateFunction | undefined;
    const pair = ((data: unknown) => {
      const use = passesSplitEnums(split.enums, full, schema.schemaName, data)
        ? without
        : (withEnums ??= storedOrCompiled(d.full, schema.schemaName));
      const valid = use(data);
      pair.errors = use.errors;
      return valid;
    }) as ValidateFunction;
    pair.errors = null;
    splitValidators.set(pair, {
      withoutEnums: without,
      withEnums: () => (withEnums ??= storedOrCompiled(d.full, schema.schemaName)),
    });
    v = pair;
  }
  d.validators.set(schema.schemaName, v);
  return v;
}

const splitValidators = new WeakMap<
  ValidateFunction,
  { withoutEnums: ValidateFunction; withEnums: () => ValidateFunction }
>();

/** The two validators of a split pair (to tell where they came from), or undefined for a single validator. */
export function splitParts(
  v: ValidateFunction,
): { withoutEnums: ValidateFunction; withEnums: () => ValidateFunction } | undefined {
  return splitValidators.get(v);
}

/**
 * The key under which the kind's entry key is remembered for its document (validatorCache.ts), when the document
 * has an identity (documentIdentity.ts), this code has one, and there is a cache to remember it in. Only kinds that
 * reach no enum are remembered: they are the ones whose validator is a single entry.
 */
function documentKeyOf(schema: ResolvedSchema): string | undefined {
  if (!validatorCacheDir()) return undefined;
  const identity = documentIdentity(schema.document);
  if (!identity) return undefined;
  return documentKey(generatorOf(), identity, schema.schemaName, schema.isCustomResource);
}

/** The entry remembered under a document key, from the user's cache or the shipped entries; never compiled. */
function storedByDocument(c: CompiledDocument, schemaName: string, byDocument: string): ValidateFunction | undefined {
  const dir = validatorCacheDir();
  const key = dir && readDocumentKey(dir, byDocument);
  const v = key && stored(key);
  if (v) c.validators.set(schemaName, v);
  return v || undefined;
}

/** A kind's entry from the user's cache, else from the package's shipped entries. */
function stored(key: string): ValidateFunction | undefined {
  const dir = validatorCacheDir();
  const shipped = shippedValidatorsDir();
  return (
    (dir && readCachedValidator(dir, key, KUBERNETES_FORMATS)) ||
    (shipped && readCachedValidator(shipped, key, KUBERNETES_FORMATS, true)) ||
    undefined
  );
}

/** From the user's cache, else from the package's shipped entries, else compiled now (and written to the cache). */
function storedOrCompiled(c: CompiledDocument, schemaName: string, knownKey?: string): ValidateFunction {
  let v = c.validators.get(schemaName);
  if (v) return v;
  const dir = validatorCacheDir();
  const shipped = shippedValidatorsDir();
  const key = dir || shipped ? (knownKey ?? keyOf(c, schemaName)) : undefined;
  if (key) v = stored(key);
  if (!v) {
    const compiled = compileWith(c, schemaName, dir !== undefined);
    v = compiled.validate;
    if (dir && key && compiled.keepsSource) writeCachedValidator(dir, key, cachedCode(compiled.ajv, v));
  }
  c.validators.set(schemaName, v);
  return v;
}

/**
 * The keys of a kind's validators in the compiled-validator cache (and among the package's shipped entries): the
 * one compiled with its enums and, where enums are factored out, the one compiled without (the same key when the
 * kind reaches no enum).
 */
export function validatorKeys(schema: ResolvedSchema): { withEnums: string; withoutEnums: string } {
  const d = validatorsOf(documentsKeepingCode, schema);
  fullDefinitions(d, schema);
  const withEnums = keyOf(d.full, schema.schemaName);
  const split = splitOf(d, schema);
  return { withEnums, withoutEnums: split ? keyOf(split.compiled, schema.schemaName) : withEnums };
}

/** ajv's standalone code of a kind's validator (with its enums, or without), compiled now (to ship in the package). */
export function standaloneValidatorCode(schema: ResolvedSchema, withEnums: boolean): string {
  const d = validatorsOf(documentsKeepingCode, schema);
  fullDefinitions(d, schema);
  const c = withEnums ? d.full : (splitOf(d, schema)?.compiled ?? d.full);
  const { ajv, validate } = compileWith(c, schema.schemaName, true);
  return cachedCode(ajv, validate);
}

/**
 * The code an entry holds: ajv's standalone code, its `$ref` calls made allocation-free (standalonePaths.ts), without
 * the schema constants it never reads (standaloneSchemas.ts).
 */
function cachedCode(ajv: Ajv, validate: ValidateFunction): string {
  return withoutUnusedSchemas(withLazyInstancePaths(standaloneCode(ajv, validate)));
}

/** The kind's validator compiled by ajv now with its enums, bypassing both caches (to compare others with). */
export function compileUncached(schema: ResolvedSchema): ValidateFunction {
  return compileValidator(
    { ...emptyCompiled(), definitions: translateComponents(schema.components, schema.isCustomResource) },
    schema.schemaName,
    false,
  );
}

function compileValidator(c: CompiledDocument, schemaName: string, keepSource: boolean): ValidateFunction {
  return compileWith(c, schemaName, keepSource).validate;
}

/** A kind compiled by the ajv its definitions call for (OWN_PROPERTIES_RULE), with that ajv. */
function compileWith(
  c: CompiledDocument,
  schemaName: string,
  keepSource: boolean,
): { validate: ValidateFunction; ajv: Ajv; keepsSource: boolean } {
  const definitions = c.definitions ?? c.translateAll?.() ?? {};
  const own = reachableDefinitions(definitions, [schemaName]).some((name) => namesInheritedKey(definitions[name]));
  const ajv = ajvOf(c, keepSource, own);
  const pointer = schemaName.replace(/~/g, '~0').replace(/\//g, '~1');
  const validate = ajv.compile({ $ref: `${c.id}${DEFINITIONS_PREFIX}${pointer}` });
  return { validate, ajv, keepsSource: !!(own ? c.ownKeepsSource : c.keepsSource) };
}

/** Validate a prepared value (nulls removed, CRD defaults applied) against the kind's schema. */
export function validateStructure(schema: ResolvedSchema, value: unknown, base: FieldPath = []): FieldProblem[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  return translateErrors(validate.errors ?? [], value, base, schema);
}

/**
 * kube-openapi's string validator stops at its first failure (maxLength, minLength, then pattern): ajv (all errors)
 * reports each, so the later ones of the same schema and value are dropped.
 */
function firstStringFailures(errors: ErrorObject[]): ErrorObject[] {
  const order = ['maxLength', 'minLength', 'pattern'];
  const first = new Map<string, number>();
  const key = (e: ErrorObject) => `${e.instancePath}\0${e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'))}`;
  for (const e of errors) {
    const rank = order.indexOf(e.keyword);
    if (rank >= 0 && rank < (first.get(key(e)) ?? order.length)) first.set(key(e), rank);
  }
  return errors.filter((e) => {
    const rank = order.indexOf(e.keyword);
    return rank < 0 || rank === first.get(key(e));
  });
}

export function translateErrors(
  all: ErrorObject[],
  root: unknown,
  base: FieldPath,
  schema?: ResolvedSchema,
): FieldProblem[] {
  const errors = firstStringFailures(all);
  // Errors inside anyOf/oneOf/not branches are summarised by the junction's own error, plus, when no branch
  // passed, the errors of the branch kube-openapi keeps: the most passed checks (its MatchCount), first on ties.
  const relevant = errors.filter(
    (e) => !/\/(anyOf|oneOf|not)\/\d+\//.test(e.schemaPath) && !/\/not\//.test(e.schemaPath),
  );
  for (const e of errors) {
    if ((e.keyword !== 'oneOf' && e.keyword !== 'anyOf') || (e.params as { passingSchemas?: unknown }).passingSchemas)
      continue;
    const branches = new Map<number, ErrorObject[]>();
    for (const b of errors) {
      const m = b.schemaPath.startsWith(`${e.schemaPath}/`)
        ? /^(\d+)\/(.*)$/.exec(b.schemaPath.slice(e.schemaPath.length + 1))
        : null;
      if (!m || /(^|\/)(anyOf|oneOf|not)(\/|$)/.test(m[2])) continue;
      branches.set(Number(m[1]), [...(branches.get(Number(m[1])) ?? []), b]);
    }
    const best = bestBranch(e, branches, root, schema);
    if (best) relevant.push(...best);
  }
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const e of relevant) {
    const rel = pointerToPath(e.instancePath, root);
    const path = [...base, ...rel];
    const value = valueAt(root, rel);
    const p = translateOne(e, path, value, () => schema?.deref(schema.schemaAt(rel)));
    if (!p) continue;
    const key = `${p.code}|${formatPath(p.path)}|${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/** The failed branch whose errors are reported: by MatchCount where the junction's schema is found, else fewest. */
function bestBranch(
  junction: ErrorObject,
  branches: Map<number, ErrorObject[]>,
  root: unknown,
  schema: ResolvedSchema | undefined,
): ErrorObject[] | undefined {
  const rel = pointerToPath(junction.instancePath, root);
  const at = schema?.deref(schema.schemaAt(rel));
  const list = at?.[junction.keyword as 'anyOf' | 'oneOf'];
  if (schema && Array.isArray(list) && list.length >= branches.size) {
    const value = valueAt(root, rel);
    const deref = (b: unknown) => (schema.deref(b as OpenAPISchema) ?? {}) as Schema;
    const counts = list.map((b) => matchCount(value, deref(b), valuePasses));
    return branches.get(bestFailure(counts));
  }
  let best: ErrorObject[] | undefined;
  for (const [, errs] of [...branches].sort((a, b) => a[0] - b[0])) if (!best || errs.length < best.length) best = errs;
  return best;
}

/**
 * Strict decoding names an unknown field by its keys joined with dots whatever they hold (pruning's and the JSON
 * decoder's paths), not as field.Path brackets an odd key: `status.(conditions[?type == 'X'])`.
 */
export function unknownField(path: FieldPath): FieldProblem {
  const field = path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
  return { code: 'unknown-field', path, field, message: `unknown field ${JSON.stringify(field)}`, onKey: true };
}

function translateOne(
  e: ErrorObject,
  path: FieldPath,
  value: unknown,
  schemaAt: () => OpenAPISchema | undefined,
): FieldProblem | undefined {
  const field = formatPath(path);
  const inBody = `${field} in body`;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const p = [...path, String(params.additionalProperty)];
      return unknownField(p);
    }
    case 'required': {
      const p = [...path, String(params.missingProperty)];
      return { code: 'required', path: p, message: `${formatPath(p)}: Required value`, onKey: true };
    }
    case 'type': {
      const t = typeOfValue(value);
      const expected = Array.isArray(params.type) ? (params.type as string[]).join(',') : String(params.type);
      const format = expected.endsWith('string,array') ? supportedCrFormat(schemaAt()?.format) : undefined;
      if (format) {
        // A CR's formatted schema (formatTypeCheck.ts): kube-openapi names the format and Go's format of the value.
        const g = goValueFormat(value);
        return {
          code: 'type',
          path,
          message: `${field}: Invalid value: "${g}": ${inBody} must be of type ${format}: "${g}"`,
        };
      }
      const want =
        expected === 'integer,string'
          ? 'integer or string'
          : expected === 'string,number'
            ? 'string or number'
            : expected;
      return {
        code: 'type',
        path,
        message: `${field}: Invalid value: "${t}": ${inBody} must be of type ${want}: "${t}"`,
      };
    }
    case 'enum': {
      // The values as published: a "" the server accepts without listing it is no enum value but the `if` beside it
      // (builtin/emptyEnums.ts).
      const allowed = (params.allowedValues as unknown[]).map(formatValue).join(', ');
      return {
        code: 'enum',
        path,
        message: `${field}: Unsupported value: ${formatValue(value)}: supported values: ${allowed}`,
      };
    }
    case 'format':
      if (params.format === 'quantity')
        return { code: 'invalid', path, message: `${field}: Invalid value: ${formatValue(value)}: ${QUANTITY_ERROR}` };
      if (params.format === GO_TIME_FORMAT || params.format === GO_MICRO_TIME_FORMAT)
        return {
          code: 'invalid',
          path,
          message: `${field}: Invalid value: ${formatValue(value)}: ${goTimeFormatError(params.format, String(value))}`,
        };
      return {
        code: 'invalid',
        path,
        message: `${field}: Invalid value: ${formatValue(value)}: ${inBody} must be of type ${params.format}: ${formatValue(value)}`,
      };
    case 'pattern':
      return {
        code: 'invalid',
        path,
        message: `${field}: Invalid value: ${formatValue(value)}: ${inBody} should match '${params.pattern}'`,
      };
    case 'maxLength':
      return { code: 'too-long', path, message: `${field}: Too long: may not be more than ${params.limit} bytes` };
    case 'minLength':
      return {
        code: 'invalid',
        path,
        message: `${field}: Invalid value: ${formatValue(value)}: ${inBody} should be at least ${params.limit} chars long`,
      };
    case 'maxItems':
      return {
        code: 'invalid',
        path,
        message: `${field}: Too many: ${Array.isArray(value) ? value.length : '?'}: must have at most ${params.limit} ${params.limit === 1 ? 'item' : 'items'}`,
      };
    case 'minItems':
      return {
        code: 'invalid',
        path,
        message: `${field}: Invalid value: ${Array.isArray(value) ? value.length : '?'}: ${inBody} should have at least ${params.limit} items`,
      };
    case 'maxProperties':
      return {
        code: 'invalid',
        path,
        message: `${field}: Too many: ${countKeys(value)}: must have at most ${params.limit} ${params.limit === 1 ? 'item' : 'items'}`,
      };
    case 'minProperties':
      return {
        code: 'invalid',
        path,
        message: `${field}: Invalid value: ${countKeys(value)}: ${inBody} should have at least ${params.limit} properties`,
      };
    case 'minimum':
    case 'exclusiveMinimum':
      return {
        code: 'invalid',
        path,
        message: `${field}: Invalid value: ${formatValue(value)}: ${inBody} should be greater than ${e.keyword === 'minimum' ? 'or equal to ' : ''}${params.limit}`,
      };
    case 'maximum':
    case 'exclusiveMaximum':
      return {
        code: 'invalid',
        path,
        message: `${field}: Invalid value: ${formatValue(value)}: ${inBody} should be less than ${e.keyword === 'maximum' ? 'or equal to ' : ''}${params.limit}`,
      };
    case 'multipleOf':
      if ((params.multipleOf as number) <= 0) {
        // A factor that is not positive refuses every number (openapiToJsonSchema.ts makes it 0), as kube-openapi does.
        const factor = schemaAt()?.multipleOf ?? params.multipleOf;
        return {
          code: 'invalid',
          path,
          message: `${field}: Invalid value: ${formatValue(factor)}: factor MultipleOf declared for ${field} must be positive: ${formatValue(factor)}`,
        };
      }
      return {
        code: 'invalid',
        path,
        message: `${field}: Invalid value: ${formatValue(value)}: ${inBody} should be a multiple of ${params.multipleOf}`,
      };
    case 'uniqueItems':
      return {
        code: 'duplicate',
        path: [...path, Number(params.i)],
        message: `${formatPath([...path, Number(params.i)])}: Duplicate value: ${formatValue(Array.isArray(value) ? value[Number(params.i)] : value)}`,
      };
    // kube-openapi's composite errors have no field: `<nil>: Invalid value: "": "spec.x" must validate ...`.
    case 'anyOf':
      return junction(path, `must validate at least one schema (anyOf)`);
    case 'oneOf': {
      const passing = params.passingSchemas as number[] | null | undefined;
      const found = passing ? `Found ${passing.length} valid alternatives` : 'Found none valid';
      return junction(path, `must validate one and only one schema (oneOf). ${found}`);
    }
    case 'not':
      return junction(path, `must not validate the schema (not)`);
    // Only builtin/emptyEnums.ts writes if/else (OpenAPI has none): its `else` (the enum) reports the failure.
    case 'if':
      return undefined;
    case 'false schema':
      return unknownField(path);
    default:
      return {
        code: 'invalid',
        path,
        message: `${field}: Invalid value: ${formatValue(value)}: ${e.message ?? e.keyword}`,
      };
  }
}

function junction(path: FieldPath, detail: string): FieldProblem {
  // go-openapi joins names with dots, map keys included.
  const name = path.reduce<string>(
    (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg),
    '',
  );
  return {
    code: 'invalid',
    path,
    field: '<nil>',
    message: `<nil>: Invalid value: "": ${JSON.stringify(name)} ${detail}`,
  };
}

function countKeys(v: unknown): number | string {
  return v && typeof v === 'object' ? Object.keys(v).length : '?';
}

/** JSON pointer -> path, with array indexes as numbers (so `spec.containers[0]` prints right). */
export function pointerToPath(pointer: string, root: unknown): (string | number)[] {
  if (!pointer) return [];
  const out: (string | number)[] = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

export function valueAt(root: unknown, path: FieldPath): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}
