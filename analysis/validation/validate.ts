// Validation of a parsed file against a SchemaStore: YAML problems, then per object: apiVersion/kind lookup,
// deprecations, structural schema (ajv), list types, CEL (CRDs), and the API server's hand-written checks.
import { isMap, isScalar, isSeq, Node, Scalar } from 'yaml';
import { isPlainObject, ManifestDocument, ManifestFile, OffsetRange } from '../documents/manifest';
import { FieldPath, formatPath } from '../documents/path';
import { keyText } from '../documents/manifest';
import { GoScalar, yaml11Surprise } from '../documents/yaml11';
import type { ResolvedSchema } from '../schema/resolved';
import type { SchemaLookup, SchemaStore } from '../schema/store';
import { BUILTIN_GROUPS } from '../schema/builtinGroups';
import { builtinClusterScoped } from '../schema/scopes';
import { GroupVersionDocument, OpenAPISchema, splitApiVersion } from '../schema/types';
import { checkObject, type ObjectCheckContext } from './builtin/checks';
import { finishVolumeProblems } from './builtin/volumeReferences';
import { dropUncheckedTemplateProblems } from './builtin/workloadTemplates';
import { withoutDeletedStatusProblems, withoutResetStatusProblems, withoutStatus } from './builtin/statusOnCreate';
import { builtinEnumVisitor, relistEnumProblems, type RelistedEnums } from './builtin/enums';
import { celModule } from './celModule';
import { checkCustomResourceDefinition, isCustomResourceDefinition } from './crd';
import { compareKubeVersions, deprecationWarning, findDeprecation, type ApiDeprecation } from './deprecations';
import { listTypeVisitor } from './listTypes';
import { walkSchemaOnce } from './schemaWalk';
import { applyDefaults, withoutNulls } from './prepare';
import { nullValuedUnknownFields } from './nullUnknownFields';
import { withGoZeroItems, withGoZeroSpec } from './goZeroItems';
import { jsonIntegerLiteralProblems } from './jsonNumbers';
import { scaleSubresourceProblems, type ScaleSubresource } from './scaleSubresource';
import { numberSentAt, int64LiteralProblems } from './int64Literals';
import { FieldProblem, validateStructure, valueAt } from './schemaValidator';
import type { KubeDiagnostic, KubeDiagnosticCode, KubeFix, KubeSeverity, ValidateOptions } from './types';

export async function validate(
  file: ManifestFile,
  store: SchemaStore,
  options: ValidateOptions = {},
): Promise<KubeDiagnostic[]> {
  const run = new FileValidation(file, store, options);
  await run.run();
  return run.diagnostics;
}

class FileValidation {
  readonly diagnostics: KubeDiagnostic[] = [];
  /** Where push() puts diagnostics: the document's own list while documents are taken by kind. */
  private out = this.diagnostics;
  private saidNoSchema = false;
  private lastKind?: KindFacts;

  constructor(
    private readonly file: ManifestFile,
    private readonly store: SchemaStore,
    private readonly options: ValidateOptions,
  ) {}

  async run(): Promise<void> {
    // Helm templates, kustomizations/patches and non-Kubernetes YAML are not ours to judge.
    if (this.file.exclusion !== undefined) return;
    const only = this.options.documentIndexes ? new Set(this.options.documentIndexes) : undefined;
    const docs = only ? this.file.documents.filter((d) => only.has(d.index)) : this.file.documents;
    // Documents of one kind one after another: its validator and checks stay hot in the CPU's caches (a file
    // interleaves a dozen kinds). Each document's diagnostics are kept apart and reported in document order.
    // Without schemas the file's one no-schema note goes to its first object: documents are then taken in order.
    const order = this.store.isEmpty ? undefined : kindOrder(docs);
    const reported: KubeDiagnostic[][] = [];
    for (let i = 0; i < docs.length; i++) {
      this.options.signal?.throwIfAborted();
      const at = order ? order[i] : i;
      if (order) this.out = reported[at] = [];
      // Awaited only when it returned a promise (an object): each await is a turn of the microtask queue.
      const validating = this.document(docs[at]);
      if (validating) await validating;
      // (Not `await x?.()`: awaiting undefined still costs a turn of the microtask queue per document.)
      if (this.options.betweenDocuments) await this.options.betweenDocuments();
    }
    this.out = this.diagnostics;
    if (order) for (const d of reported) for (const x of d) this.diagnostics.push(x);
    this.duplicateObjects();
  }

  /**
   * What an object's apiVersion and kind alone decide, kept for the last pair asked: documents come kind by kind, so
   * nearly every object is answered by comparing two short strings (no substring, key string or hash made).
   */
  private kindFacts(apiVersion: string, kind: string): KindFacts {
    const last = this.lastKind;
    if (last && last.apiVersion === apiVersion && last.kind === kind) return last;
    const { group } = splitApiVersion(apiVersion);
    return (this.lastKind = {
      apiVersion,
      kind,
      group,
      deprecation: findDeprecation(apiVersion, kind),
      clusterScoped: builtinClusterScoped(group, kind),
    });
  }

  /** The same object twice in one file: kubectl applies both and the last silently wins. */
  private duplicateObjects(): void {
    // Grouped by name (most names are met once), then compared by group, kind and namespace: no key string is made
    // per object (a quarter of this note's cost was those strings).
    const seen = new Map<string, ManifestDocument[]>();
    for (const doc of this.file.documents) {
      if (doc.role !== 'object' || !doc.name) continue;
      const ns = doc.namespace && doc.namespace !== 'default' ? doc.namespace : '';
      const named = seen.get(doc.name);
      let first: ManifestDocument | undefined;
      if (named) for (let i = 0; i < named.length && !first; i++) if (sameObject(named[i], doc, ns)) first = named[i];
      if (first) {
        const line = this.file.positionAt(first.contentStart()).line + 1;
        this.push(doc, {
          // Information, not a warning: the API server accepts each object; only the file as a whole surprises.
          code: 'duplicate',
          severity: 'information',
          path: ['metadata', 'name'],
          field: 'metadata.name',
          offsets: doc.rangeOf(['metadata', 'name']),
          message: `metadata.name: Duplicate value: ${JSON.stringify(doc.name)}: ${doc.kind} ${JSON.stringify(doc.name)}${ns ? ` in namespace ${JSON.stringify(ns)}` : ''} is already defined at line ${line} of this file (the last one wins)`,
        });
      } else if (named) named.push(doc);
      else seen.set(doc.name, [doc]);
    }
  }

  /** Not async: the object's validation is the only promise (one fewer per document to make and await). */
  private document(doc: ManifestDocument): Promise<void> | undefined {
    for (const p of doc.problems) {
      this.push(doc, {
        code: p.code === 'yaml-warning' ? 'yaml-syntax' : p.code,
        severity: p.severity,
        message: p.message,
        offsets: p.range,
        path: p.path,
      });
    }
    if (doc.role === 'empty' || doc.role === 'kustomization') return undefined;
    if (doc.yamlRejected) return undefined; // the value is a guess; schema checks would only add noise
    if (doc.role !== 'object') {
      this.missingTypeInfo(doc, doc.value, []);
      return undefined;
    }
    return this.object(doc, doc.value, []);
  }

  private missingTypeInfo(doc: ManifestDocument, value: unknown, base: FieldPath): void {
    const missing: string[] = [];
    const obj = isPlainObject(value) ? value : {};
    if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') missing.push('apiVersion not set');
    if (typeof obj.kind !== 'string' || obj.kind === '') missing.push('kind not set');
    if (!isPlainObject(value))
      missing.splice(
        0,
        missing.length,
        `expected a Kubernetes object (a mapping with apiVersion and kind), got ${Array.isArray(value) ? 'a list' : typeof value}`,
      );
    const path = base;
    this.push(doc, {
      code: 'missing-kind',
      severity: 'error',
      path: base.length ? base : undefined,
      message: `error validating data: [${missing.join(', ')}]`,
      offsets: base.length ? doc.rangeOf(path, 'key') : firstLine(doc),
    });
  }

  private async object(doc: ManifestDocument, value: unknown, base: FieldPath): Promise<void> {
    const obj = value as Record<string, unknown>;
    const apiVersion = obj.apiVersion;
    const kind = obj.kind;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) {
      this.missingTypeInfo(doc, value, base);
      return;
    }
    // kubectl unpacks lists (`kind: List`, `ConfigMapList`...) and sends each item on its own.
    if (kind.endsWith('List') && Array.isArray(obj.items)) {
      for (let i = 0; i < obj.items.length; i++) await this.object(doc, obj.items[i], [...base, 'items', i]);
      return;
    }
    const facts = this.kindFacts(apiVersion, kind);
    const group = facts.group;
    const target = this.store.kubernetesVersion;
    const deprecation = facts.deprecation;
    const known = this.store.foundBefore(apiVersion, kind);
    const lookup: SchemaLookup = known ? { status: 'found', schema: known } : await this.store.lookup(apiVersion, kind);
    // Ranges only when a diagnostic needs one (rangeAt): a document read by the fast reader then gets its AST.
    // No closures here: this runs for every object, and the bundle (keepNames) names each closure it creates.
    // (A fast-read document says whether it holds any null: most hold none, and need no scan for them.)
    // A built-in kind's schema found: its nulls are dropped below, after Go's zero items are made (nothing to copy here).
    const builtinFound = lookup.status === 'found' && !lookup.schema.isCustomResource;
    const prepared = doc.knownWithoutNulls || builtinFound ? value : withoutNulls(value);

    if (lookup.status !== 'found') {
      const removed = deprecation?.removedIn && (!target || compareKubeVersions(target, deprecation.removedIn) >= 0);
      if (deprecation && (removed || lookup.status === 'unknown-api-version')) {
        const fix =
          deprecation.replacement && !deprecation.replacement.includes(' ')
            ? this.apiVersionFix(rangeAt(doc, base, 'apiVersion'), deprecation.replacement, deprecation.mechanical)
            : undefined;
        this.push(doc, {
          code: removed ? 'removed-api' : 'deprecated-api',
          severity: removed ? 'error' : 'warning',
          path: [...base, 'apiVersion'],
          message: removed
            ? `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}: ${deprecationWarning(deprecation, kind)}${target ? ` (target Kubernetes ${target})` : ''}`
            : deprecationWarning(deprecation, kind),
          offsets: rangeAt(doc, base, 'apiVersion'),
          fix,
        });
        this.handChecks(doc, prepared, { group, kind, isCustomResource: false }, apiVersion, base);
        return;
      }
      // Sources standing in for an unreadable cluster cannot say what that cluster does not serve.
      const standIn = this.store.fallbackFor;
      if (lookup.status === 'no-sources') {
        if (!this.saidNoSchema && this.options.reportMissingSchemas !== false) {
          this.saidNoSchema = true;
          this.push(doc, {
            code: 'no-schema',
            severity: 'information',
            message: standIn
              ? `No Kubernetes schemas available (${standIn}; no cached documents of it, no schema folder, no cached download): only YAML and object structure are checked.`
              : 'No Kubernetes schemas available (no cluster, no schema folder, no cached download): only YAML and object structure are checked.',
            offsets: firstLine(doc),
            documentIndex: -1,
          });
        }
        this.handChecks(doc, prepared, { group, kind, isCustomResource: !BUILTIN_GROUPS.has(group) }, apiVersion, base);
        return;
      }
      if (lookup.status === 'unknown-kind') {
        const suggestion = lookup.knownKinds.find((k) => k.toLowerCase() === kind.toLowerCase());
        // kind-in-no-source: a dotted group's version may hold CRDs not passed or not installed yet
        if (!standIn && !suggestion && !BUILTIN_GROUPS.has(group) && group.includes('.')) {
          await this.kindInNoSource(doc, group, kind, apiVersion, base, prepared);
          return;
        }
        this.push(doc, {
          code: 'unknown-kind',
          severity: standIn ? (suggestion ? 'warning' : 'information') : 'error',
          path: [...base, 'kind'],
          message: `kind ${kind} not found in ${apiVersion} groupversion${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ''}${standIn ? ` of ${this.store.describeSources()} (${standIn})` : ''}`,
          offsets: rangeAt(doc, base, 'kind'),
          fix: suggestion
            ? {
                kind: 'replace-kind',
                title: `Change kind to ${suggestion}`,
                preferred: true,
                edits: [{ range: this.file.toRange(rangeAt(doc, base, 'kind')), newText: suggestion }],
              }
            : undefined,
        });
        if (standIn)
          this.handChecks(
            doc,
            prepared,
            { group, kind, isCustomResource: !BUILTIN_GROUPS.has(group) },
            apiVersion,
            base,
          );
        return;
      }
      // unknown-api-version. The server has no match either for a group without a dot (no CRD may have one), nor
      // for a kind a source serves at other versions of its group (a CRD, or the cluster, lists all its versions).
      if (!standIn && !BUILTIN_GROUPS.has(group) && group.includes('.')) {
        await this.kindInNoSource(doc, group, kind, apiVersion, base, prepared);
        return;
      }
      const builtin = BUILTIN_GROUPS.has(group);
      this.push(doc, {
        code: 'unknown-api-version',
        severity: standIn ? 'information' : 'error',
        path: [...base, 'apiVersion'],
        message: standIn
          ? `no schema for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)} in ${this.store.describeSources()} (${standIn}): only structure is checked`
          : `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`,
        offsets: rangeAt(doc, base, 'apiVersion'),
      });
      this.handChecks(doc, prepared, { group, kind, isCustomResource: !builtin }, apiVersion, base);
      return;
    }

    const schema = lookup.schema;
    if (deprecation && target && compareKubeVersions(target, deprecation.deprecatedIn) >= 0) {
      const servedReplacement =
        deprecation.replacement && !deprecation.replacement.includes(' ') ? deprecation.replacement : undefined;
      this.push(doc, {
        code: 'deprecated-api',
        severity: 'warning',
        path: [...base, 'apiVersion'],
        message: deprecationWarning(deprecation, kind),
        offsets: rangeAt(doc, base, 'apiVersion'),
        fix: servedReplacement
          ? this.apiVersionFix(rangeAt(doc, base, 'apiVersion'), servedReplacement, deprecation.mechanical)
          : undefined,
      });
    }
    const crdInfo = schema.root['x-kubesense-crd'] as
      { deprecated?: boolean; deprecationWarning?: string; statusReset?: boolean } | undefined;
    if (crdInfo?.deprecated) {
      this.push(doc, {
        code: 'deprecated-api',
        severity: 'warning',
        path: [...base, 'apiVersion'],
        offsets: rangeAt(doc, base, 'apiVersion'),
        message: crdInfo.deprecationWarning ?? `${apiVersion} ${kind} is deprecated`,
      });
    }

    const input = schema.isCustomResource
      ? applyDefaults(schema, prepared)
      : withGoZeroSpec(schema, doc.knownWithoutNulls ? value : withoutNulls(withGoZeroItems(schema, value)));
    const problems: FieldProblem[] = [];
    let structural: FieldProblem[];
    try {
      structural = validateStructure(schema, input, base);
    } catch (e) {
      // A schema ajv cannot compile (a broken CRD) must not take validation down with it.
      this.push(doc, {
        code: 'no-schema',
        severity: 'warning',
        path: [...base, 'kind'],
        offsets: rangeAt(doc, base, 'kind'),
        message: `the schema of ${apiVersion} ${kind} (${schema.source}) cannot be used: ${(e as Error).message.split('\n')[0]}`,
      });
      structural = [];
    }
    problems.push(...(schema.isCustomResource ? withPrunedObjectFields(structural, input) : structural));
    if (!doc.knownWithoutNulls) problems.push(...nullValuedUnknownFields(schema, value, base));
    if (doc.readAsJSON) problems.push(...jsonIntegerLiteralProblems(doc.source, schema, base));
    const beyond = int64LiteralProblems(doc.source, schema, base);
    problems.push(...beyond);
    // The list-type and built-in enum checks share one walk of the object; list types are reported first.
    const duplicates: FieldProblem[] = [];
    const enums: FieldProblem[] = [];
    const relisted: RelistedEnums = new Map();
    walkSchemaOnce(
      schema,
      input,
      schema.isCustomResource
        ? [listTypeVisitor(schema, duplicates)]
        : [listTypeVisitor(schema, duplicates), builtinEnumVisitor(schema, enums, target, relisted)],
      base,
    );
    relistEnumProblems(problems, relisted);
    problems.push(...duplicates, ...enums);
    const clusterScoped = knownClusterScoped(schema, facts.clusterScoped, input) ?? (await askClusterScoped(schema));
    const ctx = { group, kind, isCustomResource: schema.isCustomResource, clusterScoped };
    dropUncheckedTemplateProblems(problems, input, ctx, base);
    problems.push(...checkObject(input, ctx, base));
    if (!schema.isCustomResource) finishVolumeProblems(problems, input, ctx, base);
    if (schema.isCustomResource) {
      // A status subresource: create deletes the status before validation (CEL included).
      const reset = !!crdInfo?.statusReset;
      if (reset) problems.splice(0, problems.length, ...withoutDeletedStatusProblems(problems, base));
      problems.push(...this.celProblems(schema, reset ? withoutStatus(input) : input, base, problems));
    } else problems.splice(0, problems.length, ...withoutResetStatusProblems(problems, group, kind, base));
    const scale = (schema.root['x-kubesense-crd'] as { scale?: ScaleSubresource } | undefined)?.scale;
    // With strict field validation an unknown field fails decoding: the scale subresource is not read either.
    const undecodable = problems.some((p) => p.code === 'unknown-field' && p.severity !== 'warning');
    if (scale && !undecodable)
      problems.push(...scaleSubresourceProblems(scale, input, base, (p) => numberSentAt(doc.source, p)));
    dropRedundantListWarnings(problems);
    dropOthersAt(problems, beyond);
    this.attachYaml11(doc, schema, base, problems);
    for (let i = 0; i < problems.length; i++) problems[i] = withServerFieldNames(problems[i], schema, base);
    // A CRD is read with its nulls: below items/additionalProperties the published schema says nothing, and a
    // null property or junction schema there is Go's empty JSONSchemaProps (dropping it would hide its errors).
    const crdValue =
      isCustomResourceDefinition(apiVersion, kind) && !doc.knownWithoutNulls ? withGoZeroItems(schema, value) : input;
    this.fieldProblems(doc, withCrdProblems(problems, apiVersion, kind, crdValue, base), !schema.isCustomResource);
  }

  /**
   * A kind no source has at this version of a dotted group that is not Kubernetes' own (kind-in-no-source): a kind
   * a source serves at other versions of the group is the server's "no matches for kind" (a CRD, or the cluster,
   * lists all its versions); any other may be a CRD not passed or not installed yet, said as information. Either
   * way only structure is checked.
   */
  private async kindInNoSource(
    doc: ManifestDocument,
    group: string,
    kind: string,
    apiVersion: string,
    base: FieldPath,
    prepared: unknown,
  ): Promise<void> {
    const servedAs = await this.store.versionsServing(group, kind);
    const quoted = `kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`;
    this.push(doc, {
      code: 'unknown-api-version',
      severity: servedAs.length ? 'error' : 'information',
      path: [...base, 'apiVersion'],
      message: servedAs.length
        ? `no matches for ${quoted} (served as ${servedAs.join(', ')})`
        : `no schema for ${quoted} (install its CRD in the cluster or pass its CRD file): only structure is checked`,
      offsets: rangeAt(doc, base, 'apiVersion'),
    });
    this.handChecks(doc, prepared, { group, kind, isCustomResource: true }, apiVersion, base);
  }

  /** Only the hand-written checks (no schema to check the object against). */
  private handChecks(
    doc: ManifestDocument,
    prepared: unknown,
    ctx: ObjectCheckContext,
    apiVersion: string,
    base: FieldPath,
  ): void {
    const full = { ...ctx, clusterScoped: builtinClusterScoped(ctx.group, ctx.kind) };
    const problems = checkObject(prepared, full, base);
    finishVolumeProblems(problems, prepared, full, base);
    this.fieldProblems(doc, withCrdProblems(problems, apiVersion, ctx.kind, prepared, base), !ctx.isCustomResource);
  }

  /**
   * Like the API server (customResourceStrategy.Validate), CEL rules run unless an earlier error is of a blocking
   * kind (Required, NotSupported, TooLong, TooMany, TypeInvalid); then a note says they were not checked.
   */
  private celProblems(
    schema: ResolvedSchema,
    input: unknown,
    base: FieldPath,
    earlier: FieldProblem[],
  ): FieldProblem[] {
    // With strict field validation an unknown field fails decoding: the server validates nothing else.
    if (earlier.some((p) => p.code === 'unknown-field' && p.severity !== 'warning')) return [];
    const blocking = earlier.some((p) => p.severity !== 'warning' && isBlocking(p));
    if (!blocking) return celModule().checkCelRules(schema, input, base);
    if (!hasCelRules(schema)) return [];
    // The server's cause has no field (`<nil>`); the note goes on the kind, where the object starts.
    return [
      {
        code: 'cel',
        path: [...base, 'kind'],
        field: '<nil>',
        message: `<nil>: Invalid value: null: ${CEL_NOT_CHECKED}`,
      },
    ];
  }

  /**
   * YAML 1.1 reads `yes`, `on`, `0777`... as booleans/numbers. Where the schema wants a string, the server's
   * type error gets a quote fix; where the schema accepts anything (preserve-unknown-fields, free-form), a
   * warning says how the value will be read.
   */
  private attachYaml11(doc: ManifestDocument, schema: ResolvedSchema, base: FieldPath, problems: FieldProblem[]): void {
    if (this.options.yaml11Warnings === false) return;
    for (const [keyNode, key] of doc.surprisingKeys) {
      const r = keyNode.range;
      if (!r) continue;
      this.push(doc, {
        code: 'yaml11-scalar',
        severity: 'warning',
        offsets: { start: r[0], end: r[1] },
        message: `the key "${String(keyNode.source)}" is read as ${JSON.stringify(key)} (YAML 1.1); quote it if you meant the text`,
        fix: this.quoteFix(keyNode),
      });
    }
    // A fast-read document's null words (`creationTimestamp: null`) can only matter where a type error already is or
    // the schema accepts anything: elsewhere they need no AST to be passed over.
    const nullPaths = doc.nullValuePaths();
    if (
      nullPaths &&
      !nullPaths.some(
        (path) =>
          startsWith(path, base) &&
          (problems.some((p) => p.code === 'type' && samePathLike(p.path, path)) ||
            yaml11WarningApplies(schema.schemaAt(path.slice(base.length)), null, '')),
      )
    )
      return;
    // Most non-string scalars read as written (`replicas: 3`): find paths only when one does not.
    const surprises: [Scalar, GoScalar, string][] = [];
    for (const [node, value] of doc.nonStringPlainScalars) {
      const surprise = yaml11Surprise(String(node.source), value);
      if (surprise) surprises.push([node, value, surprise]);
    }
    if (surprises.length === 0) return;
    const paths = nodePaths(doc);
    for (const [node, value, surprise] of surprises) {
      const path = paths.get(node);
      if (!path || !startsWith(path, base)) continue;
      const rel = path.slice(base.length);
      const s = schema.schemaAt(rel);
      const typeError = problems.find((p) => p.code === 'type' && samePathLike(p.path, path));
      if (typeError) {
        typeError.message += ` (${surprise}; quote it to keep the text)`;
        (typeError as FieldProblem & { fix?: KubeFix }).fix = this.quoteFix(node);
        continue;
      }
      if (yaml11WarningApplies(s, value, String(node.source))) {
        problems.push({
          code: 'yaml11-scalar',
          path,
          severity: 'warning',
          message: `${formatPath(path)}: ${surprise}; quote it if you meant the text`,
          fix: this.quoteFix(node),
        } as FieldProblem & { fix: KubeFix });
      }
    }
  }

  private quoteFix(node: Scalar): KubeFix | undefined {
    const r = node.range;
    const src = String(node.source);
    if (!r) return undefined;
    const quoted = /["\\]/.test(src) ? `'${src.replace(/'/g, "''")}'` : `"${src}"`;
    return {
      kind: 'quote-scalar',
      title: `Quote ${src} as a string`,
      preferred: true,
      edits: [{ range: this.file.toRange({ start: r[0], end: r[1] }), newText: quoted }],
    };
  }

  private apiVersionFix(range: OffsetRange, replacement: string, mechanical: boolean): KubeFix {
    return {
      kind: 'replace-api-version',
      title: mechanical
        ? `Change apiVersion to ${replacement}`
        : `Change apiVersion to ${replacement} (the schema changed too: review the object)`,
      preferred: mechanical,
      edits: [{ range: this.file.toRange(range), newText: replacement }],
    };
  }

  /**
   * One object's problems. A built-in kind's are each reported once: kubesense's schema and Go-derived checks can find
   * the same missing field, which the server (Go validation only) reports once. A custom resource's are all kept: the
   * server lists every failing CEL rule, identical messages included.
   */
  private fieldProblems(doc: ManifestDocument, problems: FieldProblem[], once: boolean): void {
    if (problems.length === 0) return;
    const seen = new Set<string>();
    for (const p of problems) {
      if (once) {
        const key = `${p.severity ?? 'error'}\0${p.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      this.push(doc, {
        code: p.code,
        severity: p.severity ?? 'error',
        path: p.path,
        field: p.field,
        message: p.message,
        offsets: doc.rangeOf(p.path, p.onKey ? 'key' : 'value'),
        fix: p.fix,
      });
    }
  }

  private push(
    doc: ManifestDocument,
    d: {
      code: KubeDiagnosticCode;
      severity: KubeSeverity;
      message: string;
      offsets: OffsetRange;
      path?: FieldPath;
      field?: string;
      fix?: KubeFix;
      documentIndex?: number;
    },
  ): void {
    this.out.push({
      code: d.code,
      severity: d.severity,
      message: d.message,
      path: d.path,
      field: d.field ?? (d.path ? formatPath(d.path) : undefined),
      offsets: d.offsets,
      range: this.file.toRange(d.offsets),
      documentIndex: d.documentIndex ?? doc.index,
      fix: d.fix,
    });
  }
}

/**
 * Whether two documents of the same name are the same object to the API server: group (not version), kind and
 * namespace (`ns` is b's, with "default" as "").
 */
function sameObject(a: ManifestDocument, b: ManifestDocument, ns: string): boolean {
  if (a.kind !== b.kind) return false;
  const aNs = a.namespace && a.namespace !== 'default' ? a.namespace : '';
  if (aNs !== ns) return false;
  return a.apiVersion === b.apiVersion || apiGroup(a.apiVersion ?? '') === apiGroup(b.apiVersion ?? '');
}

function apiGroup(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

interface KindFacts {
  apiVersion: string;
  kind: string;
  group: string;
  deprecation: ApiDeprecation | undefined;
  /** One of kube-apiserver's own cluster-scoped kinds (builtinClusterScoped). */
  clusterScoped: boolean;
}

/** The documents' indexes, those of each apiVersion and kind together (kinds in order of first appearance). */
function kindOrder(docs: readonly ManifestDocument[]): number[] | undefined {
  // Looked up by apiVersion, then kind: no `${apiVersion}|${kind}` string made (and hashed) per document.
  const byVersion = new Map<string, Map<string, number[]>>();
  const lists: number[][] = [];
  let others: number[] | undefined;
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i];
    let list: number[] | undefined;
    if (d.role === 'object') {
      let byKind = byVersion.get(d.apiVersion ?? '');
      if (!byKind) byVersion.set(d.apiVersion ?? '', (byKind = new Map()));
      list = byKind.get(d.kind ?? '');
      if (!list) byKind.set(d.kind ?? '', (list = []));
    } else list = others ??= [];
    if (list.length === 0) lists.push(list);
    list.push(i);
  }
  if (lists.length < 2) return undefined;
  const order: number[] = [];
  for (const list of lists) for (const i of list) order.push(i);
  return order;
}

/** Whether a plain scalar YAML 1.1 reads as value gets a warning where the schema is s (no type error there). */
function yaml11WarningApplies(s: OpenAPISchema | undefined, value: GoScalar, source: string): boolean {
  const acceptsAnything =
    !s || s['x-kubernetes-preserve-unknown-fields'] === true || (!s.type && !s['x-kubernetes-int-or-string']);
  const intOrString = s && (s['x-kubernetes-int-or-string'] === true || s.format === 'int-or-string');
  return acceptsAnything || (!!intOrString && (typeof value !== 'number' || /^0\d/.test(source)));
}

export const CEL_NOT_CHECKED =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

const celRulesIn = new WeakMap<GroupVersionDocument, boolean>();
function hasCelRules(schema: ResolvedSchema): boolean {
  let has = celRulesIn.get(schema.document);
  if (has === undefined) {
    has = JSON.stringify(schema.document).includes('"x-kubernetes-validations"');
    celRulesIn.set(schema.document, has);
  }
  return has;
}

/** field.ErrorType of the API server's blocking kinds, from our problem codes and messages. */
/**
 * Whether the server treats the kind as cluster-scoped: a CRD file says (spec.scope), kube-apiserver's own kinds
 * are fixed; for a custom resource read from a cluster, its discovery says, asked only when the object names a
 * namespace (all the answer changes). Unknown counts as namespaced, the CRD default. Undefined: the source must be
 * asked (askClusterScoped; no promise made per object otherwise).
 */
function knownClusterScoped(schema: ResolvedSchema, builtinScoped: boolean, obj: unknown): boolean | undefined {
  const crd = schema.root['x-kubesense-crd'] as { namespaced?: boolean } | undefined;
  if (crd) return crd.namespaced === false;
  if (builtinScoped) return true;
  const md = isPlainObject(obj) ? obj.metadata : undefined;
  if (!schema.isCustomResource || !isPlainObject(md) || typeof md.namespace !== 'string' || md.namespace === '')
    return false;
  return undefined;
}

async function askClusterScoped(schema: ResolvedSchema): Promise<boolean> {
  return (await schema.clusterScoped()) ?? false;
}

function isBlocking(p: FieldProblem): boolean {
  if (p.code === 'required' || p.code === 'enum' || p.code === 'too-long' || p.code === 'type') return true;
  // A format's failure is kube-openapi's InvalidType too (`must be of type cidr`), so it blocks the rules.
  return (
    / Too many: /.test(p.message) ||
    /: (Required value|Unsupported value|Too long)\b/.test(p.message) ||
    / in body must be of type /.test(p.message)
  );
}

/** A CustomResourceDefinition also gets apiextensions-apiserver's own checks (those not already reported). */
function withCrdProblems(
  problems: FieldProblem[],
  apiVersion: string,
  kind: string,
  value: unknown,
  base: FieldPath,
): FieldProblem[] {
  if (!isCustomResourceDefinition(apiVersion, kind)) return problems;
  const seen = new Set(problems.map((p) => p.message));
  return [...problems, ...checkCustomResourceDefinition(value, base).filter((p) => !seen.has(p.message))];
}

/**
 * A built-in list-map duplicate the API server itself rejects (container names, volume names) is reported by the
 * hand checks as an error; the generic server-side-apply warning for the same entry would only repeat it.
 */
/**
 * An object where a custom resource's schema wants a scalar: the API server prunes what its schema does not
 * declare, so with strict field validation each of its keys is an unknown field and the request stops there
 * (`strict decoding error: unknown field "spec.labels.x.a"`), before the type is checked.
 */
function withPrunedObjectFields(problems: FieldProblem[], input: unknown): FieldProblem[] {
  if (!problems.some((p) => p.code === 'type')) return problems;
  return problems.flatMap((p) => {
    if (p.code !== 'type' || !/ must be of type (string|integer|number|boolean): "object"$/.test(p.message)) return [p];
    const v = valueAt(input, p.path);
    if (!v || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length === 0) return [p];
    return Object.keys(v).map((k): FieldProblem => {
      const path = [...p.path, k];
      return { code: 'unknown-field', path, message: `unknown field ${JSON.stringify(formatPath(path))}`, onKey: true };
    });
  });
}

/** A number beyond int64 is refused for what it is (a float64 to the server): its other problems are not. */
function dropOthersAt(problems: FieldProblem[], kept: FieldProblem[]): void {
  if (!kept.length) return;
  const at = new Set(kept.map((p) => formatPath(p.path)));
  for (let i = problems.length - 1; i >= 0; i--)
    if (!kept.includes(problems[i]) && at.has(formatPath(problems[i].path)) && problems[i].field === undefined)
      problems.splice(i, 1);
}

function dropRedundantListWarnings(problems: FieldProblem[]): void {
  for (let i = problems.length - 1; i >= 0; i--) {
    const w = problems[i];
    if (w.code !== 'duplicate' || w.severity !== 'warning') continue;
    const covered = problems.some(
      (e) => e !== w && e.severity !== 'warning' && e.code === 'duplicate' && startsWith(e.path, w.path),
    );
    if (covered) problems.splice(i, 1);
  }
}

/** Rewrite the field in a problem's message the way the API server prints it (map keys in brackets). */
function withServerFieldNames(p: FieldProblem, schema: ResolvedSchema, base: FieldPath): FieldProblem {
  if (p.field) return p; // already the server's
  const guessed = formatPath(p.path);
  const rel = p.path.slice(base.length);
  const goKeys = p.code === 'cel'; // CEL errors' paths are Go's field.Path, map keys in brackets
  const exact = formatPath(base)
    ? `${formatPath(base)}${schema.fieldPath(rel, goKeys).replace(/^(?=[^[])/, '.')}`
    : schema.fieldPath(rel, goKeys);
  if (exact === guessed || !exact) return p;
  const escaped = guessed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { ...p, message: p.message.replace(new RegExp(`${escaped}(?=[:\\s"]|$)`, 'g'), exact), field: exact };
}

function rangeAt(doc: ManifestDocument, base: FieldPath, field: string): OffsetRange {
  return doc.rangeOf([...base, field]);
}

function firstLine(doc: ManifestDocument): OffsetRange {
  const c = doc.contents;
  const start = c?.range?.[0] ?? doc.range.start;
  const text = doc.file.text;
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  return { start, end };
}

function startsWith(path: FieldPath, prefix: FieldPath): boolean {
  return prefix.every((s, i) => path[i] === s);
}

function samePathLike(a: FieldPath, b: FieldPath): boolean {
  return a.length === b.length && a.every((s, i) => String(s) === String(b[i]));
}

/** Path of every scalar value node in a document (aliases not followed: they have their own anchors). */
function nodePaths(doc: ManifestDocument): Map<Node, FieldPath> {
  const out = new Map<Node, FieldPath>();
  const go = (n: unknown, path: (string | number)[]): void => {
    if (isScalar(n)) out.set(n, path);
    else if (isMap(n)) for (const p of n.items) go(p.value, [...path, keyText(p.key as Node)]);
    else if (isSeq(n)) n.items.forEach((it, i) => go(it, [...path, i]));
  };
  go(doc.contents, []);
  return out;
}

export type { GoScalar };
