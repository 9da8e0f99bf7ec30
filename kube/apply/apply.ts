// Server-side apply of manifest objects (client-go's Patch with types.ApplyPatchType, as `kubectl apply
// --server-side` sends it): the REST mapping from the object's apiVersion + kind, the namespace defaulted like
// kubectl's resource builder does, and field-ownership conflicts (409 with FieldManagerConflict causes) as a typed
// error that names the managers and fields.
import type { Unstructured } from '../dynamic/unstructured';
import type { RESTMapping } from '../mapper/restMapper';
import type { RESTClient } from '../rest/client';
import { isNotFound, StatusError } from '../rest/errors';
import { PatchType } from '../rest/request';
import { BigIntLiteral } from '../kubeconfig/goyaml';

export const DEFAULT_FIELD_MANAGER = 'kubesense';

/** What maps an object's apiVersion + kind to its resource (a DiscoveryRESTMapper, or one that refetches). */
export type ObjectMapper = (apiVersion: string, kind: string) => RESTMapping | Promise<RESTMapping>;

/** One object ready to be sent: where it goes and the body (namespace filled in). */
export interface ApplyTarget {
  mapping: RESTMapping;
  /** Empty for cluster-scoped kinds. */
  namespace: string;
  name: string;
  object: Unstructured;
}

export interface NamespaceDefaults {
  /** -n, else the context's namespace, else "default". */
  namespace: string;
  /** True when -n was given: objects naming another namespace are refused (kubectl's EnforceNamespace). */
  enforce?: boolean;
}

export async function resolveTarget(
  object: Unstructured,
  mapper: ObjectMapper,
  defaults: NamespaceDefaults,
): Promise<ApplyTarget> {
  const mapping = await mapper(object.apiVersion ?? '', object.kind ?? '');
  const name = object.metadata?.name ?? '';
  if (!name) throw new Error(`resource name may not be empty (${object.kind ?? 'object'} without metadata.name)`);
  if (mapping.scope !== 'namespace') return { mapping, namespace: '', name, object };
  const own = object.metadata?.namespace ?? '';
  if (own && defaults.enforce && own !== defaults.namespace)
    throw new Error(
      `the namespace from the provided object ${JSON.stringify(own)} does not match the namespace ${JSON.stringify(defaults.namespace)}. You must pass '--namespace=${own}' to perform this operation.`,
    );
  const namespace = own || defaults.namespace;
  return { mapping, namespace, name, object: { ...object, metadata: { ...object.metadata, namespace } } };
}

export interface ApplyOptions {
  fieldManager?: string;
  /** Take ownership of fields other managers own (`--force-conflicts`). */
  force?: boolean;
  /** Server-side dry-run: the answer is what the server would store. */
  dryRun?: boolean;
  /** `Strict`, `Warn` or `Ignore` (unknown and duplicate fields); the server's default when unset. */
  fieldValidation?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** One field another manager owns, from a FieldManagerConflict cause. */
export interface FieldConflict {
  /** The other field manager, e.g. `kubectl` or `kube-controller-manager`. */
  manager: string;
  /** Set when that manager wrote through a subresource (`scale`, `status`). */
  subresource?: string;
  /** The apiVersion that manager used, when the server says it. */
  apiVersion?: string;
  /** The field path, e.g. `.spec.replicas`. */
  field: string;
}

/**
 * A server-side apply refused because other field managers own some of the fields (HTTP 409). Still a StatusError
 * (reason Conflict), so code that only asks `isConflict` keeps working.
 */
export class ApplyConflictError extends StatusError {
  override readonly name = 'ApplyConflictError';
  constructor(
    status: StatusError,
    readonly conflicts: FieldConflict[],
  ) {
    super(status.status);
  }

  /** The distinct managers involved, in the order the server named them. */
  get managers(): string[] {
    return [...new Set(this.conflicts.map((c) => c.manager))];
  }
}

export const isApplyConflict = (err: unknown): err is ApplyConflictError => err instanceof ApplyConflictError;

const CONFLICT_MESSAGE =
  /^conflict with "((?:[^"\\]|\\.)*)"(?: with subresource "((?:[^"\\]|\\.)*)")?(?: using (\S+))?/;

/** The conflicts of a 409 from an apply, or undefined when the 409 is something else (e.g. AlreadyExists). */
export function conflictsOf(err: unknown): FieldConflict[] | undefined {
  if (!(err instanceof StatusError) || err.code !== 409) return undefined;
  if (err instanceof ApplyConflictError) return err.conflicts;
  const causes = err.causes.filter((c) => c.reason === 'FieldManagerConflict');
  if (causes.length === 0) return undefined;
  return causes.map((c) => {
    const m = CONFLICT_MESSAGE.exec(c.message ?? '');
    const unquote = (s: string | undefined) => (s === undefined ? undefined : (JSON.parse(`"${s}"`) as string));
    return {
      manager: unquote(m?.[1]) ?? '',
      subresource: unquote(m?.[2]),
      apiVersion: m?.[3],
      field: c.field ?? '',
    };
  });
}

function request(rest: RESTClient, target: ApplyTarget, verb: 'get' | 'apply') {
  const { group, version, resource } = target.mapping.resource;
  const gv = rest.forGroupVersion({ group, version });
  const req = verb === 'get' ? gv.get() : gv.patch(PatchType.Apply);
  if (target.namespace) req.namespace(target.namespace);
  return req.resource(resource).name(target.name);
}

/** PATCH application/apply-patch+yaml. Conflicts throw ApplyConflictError; other failures the StatusError. */
export async function serverSideApply(
  rest: RESTClient,
  target: ApplyTarget,
  options: ApplyOptions = {},
): Promise<Unstructured> {
  const req = request(rest, target, 'apply')
    .params({
      fieldManager: options.fieldManager || DEFAULT_FIELD_MANAGER,
      force: options.force ? true : undefined,
      dryRun: options.dryRun ? 'All' : undefined,
      fieldValidation: options.fieldValidation,
    })
    .body(applyBody(target.object))
    .signal(options.signal);
  if (options.timeoutMs) req.timeout(options.timeoutMs);
  try {
    return await req.do<Unstructured>();
  } catch (err) {
    const conflicts = conflictsOf(err);
    if (conflicts) throw new ApplyConflictError(err as StatusError, conflicts);
    throw err;
  }
}

/** The live object, or undefined when it does not exist yet. */
export async function getLive(
  rest: RESTClient,
  target: ApplyTarget,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<Unstructured | undefined> {
  const req = request(rest, target, 'get').signal(options.signal);
  if (options.timeoutMs) req.timeout(options.timeoutMs);
  try {
    return await req.do<Unstructured>();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

const BIG = '\u0000bigint:';

/** JSON for the request; integers too large for a JS number (kept by the YAML reader) go out digit for digit. */
export function applyBody(obj: Unstructured): string {
  return JSON.stringify(obj, (_k, v: unknown) => (v instanceof BigIntLiteral ? BIG + v.text : v)).replace(
    /"\\u0000bigint:(-?\d+)"/g,
    '$1',
  );
}
