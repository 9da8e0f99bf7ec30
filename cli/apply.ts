// `kubesense apply --server-side -f FILE|DIR|- | -k DIR`: kubectl's server-side apply, its output lines
// (`deployment.apps/web serverside-applied`), its conflict advice and its exit codes. Objects that fail do not
// stop the others; the errors are printed at the end, as kubectl collects them.
import * as fs from 'node:fs';
import {
  DEFAULT_FIELD_MANAGER,
  isApplyConflict,
  resolveTarget,
  serverSideApply,
  type ApplyTarget,
  type ManifestObject,
} from '../kube/apply';
import { ManifestError } from '../kube/apply';
import { isNoMatchError, type RESTMapping } from '../kube/mapper';
import { StatusError } from '../kube/rest/errors';
import { errorMessage } from '../kube/util/errors';
import type { Command, CommandContext } from './command';
import { CommandError, UsageError } from './command';
import type { FlagSpec } from './flags';
import type { ClientFactory } from '../kube/factory';
import { clientFactory } from './factory';
import { Aggregate } from './errorOutput';
import { filenameFlags, readManifestArgs } from './manifestFiles';
import { printName } from './printers/object';

/** kubectl's advice after a field-manager conflict (k8s.io/kubectl/pkg/cmd/apply), word for word. */
export const CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

export const FIELD_MANAGER_FLAG = (fallback: string): FlagSpec => ({
  name: 'field-manager',
  kind: 'string',
  default: fallback,
  description: 'Name of the manager used to track field ownership.',
});

export const FORCE_CONFLICTS_FLAG: FlagSpec = {
  name: 'force-conflicts',
  kind: 'bool',
  default: false,
  description: 'If true, server-side apply will force the changes against conflicts.',
};

export const SERVER_SIDE_FLAG: FlagSpec = {
  name: 'server-side',
  kind: 'bool',
  default: false,
  description: 'If true, apply runs in the server instead of the client.',
};

export const command: Command = {
  name: 'apply',
  short: 'Apply a configuration to a resource by file name or stdin (server-side apply)',
  long: `Apply a configuration to a resource by file name or stdin with server-side apply: the API server merges
the manifest and records which fields each field manager owns. The resource name must be specified. The
resource is created if it doesn't exist yet. JSON and YAML formats are accepted. -k DIRECTORY applies what a
kustomization builds: kubesense runs "kustomize build DIRECTORY" when kustomize is on PATH, else
"kubectl kustomize DIRECTORY".

Only server-side apply is supported: pass --server-side. A field another manager owns is a conflict, reported
with the managers and fields; --force-conflicts takes ownership of them.`,
  examples: `  # Apply the configuration in manifest.yaml
  kubesense apply --server-side -f manifest.yaml

  # Apply the objects a kustomization folder builds
  kubesense apply --server-side -k overlays/prod

  # Apply every manifest in a folder and its subfolders, taking ownership of conflicting fields
  kubesense apply --server-side -R -f deploy/ --force-conflicts

  # Ask the server what it would store, without storing it
  kubesense apply --server-side -f manifest.yaml --dry-run=server`,
  usage: '(-f FILENAME | -k DIRECTORY) --server-side [flags]',
  flags: [
    ...filenameFlags('apply', 'a'),
    SERVER_SIDE_FLAG,
    FORCE_CONFLICTS_FLAG,
    FIELD_MANAGER_FLAG(DEFAULT_FIELD_MANAGER),
    {
      name: 'dry-run',
      kind: 'string',
      default: 'none',
      description:
        'Must be "none", "server", or "client". If server strategy, submit server-side request without persisting the resource.',
    },
    {
      name: 'validate',
      kind: 'string',
      default: 'strict',
      description:
        'Must be one of: strict (or true), warn, ignore (or false). "strict" fails the request on unknown or duplicate fields; "warn" reports them as warnings; "ignore" drops them silently.',
    },
  ],
  run,
};

/** What kubectl's CheckErr prints for one error (without the trailing newline). */
export function kubectlErrorLine(err: unknown): string {
  if (err instanceof StatusError) {
    if (err.reason === 'Unauthorized') return 'error: You must be logged in to the server (Unauthorized)';
    return err.reason ? `Error from server (${err.reason}): ${err.message}` : `Error from server: ${err.message}`;
  }
  return `error: ${errorMessage(err)}`;
}

/**
 * kubectl's CheckErr over collected errors: a one-error aggregate is unwrapped; one error prints as `error: …`
 * (a server error as `Error from server (…)`); several print one per line without a prefix (MultipleErrors).
 */
export function printErrors(ctx: CommandContext, errors: unknown[]): void {
  let top: unknown = new Aggregate(errors);
  while (top instanceof Aggregate && top.errors.length === 1) top = top.errors[0];
  if (!(top instanceof Aggregate)) {
    ctx.io.stderr.write(`${kubectlErrorLine(top)}\n`);
    return;
  }
  for (const e of top.errors)
    ctx.io.stderr.write(`${e instanceof StatusError ? kubectlErrorLine(e) : errorMessage(e)}\n`);
}

/** kubectl's wording when an object's kind is unknown to the server. */
export function mappingError(m: ManifestObject, err: unknown): Error {
  if (!isNoMatchError(err)) return err as Error;
  return new Error(
    `resource mapping not found for name: ${JSON.stringify(m.object.metadata?.name ?? '')} namespace: ${JSON.stringify(m.object.metadata?.namespace ?? '')} from ${JSON.stringify(m.source)}: ${err.message}\nensure CRDs are installed first`,
  );
}

/** Reads -f or -k and maps every object; errors per object are collected (kubectl's ContinueOnError builder). */
export async function targetsFromFlags(
  ctx: CommandContext,
  factory: ClientFactory,
): Promise<{ targets: ApplyTarget[]; errors: unknown[]; builderError?: Aggregate }> {
  let manifests: ManifestObject[];
  try {
    manifests = await readManifestArgs(
      ctx.flags.values.get('filename') as string[],
      String(ctx.flags.values.get('kustomize') ?? ''),
      ctx.flags.values.get('recursive') as boolean,
      ctx.io.cwd,
      ctx.io.env,
      () => fs.readFileSync(0, 'utf8'),
    );
  } catch (e) {
    if (e instanceof ManifestError) throw new CommandError(e.message);
    throw e;
  }
  const targets: ApplyTarget[] = [];
  const errors: unknown[] = [];
  const namespaceErrors: unknown[] = [];
  const mappingErrors: unknown[] = [];
  for (const m of manifests) {
    let mapping: RESTMapping;
    try {
      mapping = await factory.mappingForObject(m.object.apiVersion ?? '', m.object.kind ?? '');
    } catch (e) {
      errors.push(mappingError(m, e));
      mappingErrors.push(errors.at(-1));
      continue;
    }
    try {
      targets.push(
        await resolveTarget(m.object, () => mapping, {
          namespace: factory.namespace(),
          enforce: factory.namespaceExplicit(),
        }),
      );
    } catch (e) {
      errors.push(e);
      namespaceErrors.push(e);
    }
  }
  // kubectl's builder reports the objects its visitors refused first, then its reader's mapping errors as one.
  const builder = [...namespaceErrors, ...(mappingErrors.length > 0 ? [new Aggregate(mappingErrors)] : [])];
  return { targets, errors, builderError: builder.length > 0 ? new Aggregate(builder) : undefined };
}

const VALIDATION: Record<string, string> = {
  strict: 'Strict',
  true: 'Strict',
  warn: 'Warn',
  ignore: 'Ignore',
  false: 'Ignore',
};

async function run(ctx: CommandContext): Promise<number> {
  if (ctx.args.length > 0) throw new UsageError(`Unexpected args: [${ctx.args.join(' ')}]`);
  const dryRun = String(ctx.flags.values.get('dry-run'));
  if (!['none', 'server', 'client'].includes(dryRun))
    throw new CommandError(`Invalid dry-run value (${dryRun}). Must be "none", "server", or "client".`);
  const serverSide = ctx.flags.values.get('server-side') === true;
  const force = ctx.flags.values.get('force-conflicts') === true;
  if (force && !serverSide) throw new CommandError('--force-conflicts only works with --server-side');
  if (!serverSide)
    throw new CommandError(
      'kubesense apply supports server-side apply only: pass --server-side (client-side apply and its last-applied-configuration annotation are not implemented)',
    );
  if (dryRun === 'client')
    throw new CommandError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
  const validate = VALIDATION[String(ctx.flags.values.get('validate'))];
  if (!validate)
    throw new CommandError(
      `invalid - validate option ${JSON.stringify(ctx.flags.values.get('validate'))}; must be one of: strict (or true), warn, ignore (or false)`,
    );
  // kubectl's default manager with --server-side is "kubectl"; ours is "kubesense".
  const fieldManager = String(ctx.flags.values.get('field-manager') || DEFAULT_FIELD_MANAGER);

  const factory = await clientFactory(ctx);
  const { targets, builderError } = await targetsFromFlags(ctx, factory);
  if (targets.length === 0 && !builderError) throw new CommandError('no objects passed to apply');
  const errors: unknown[] = builderError ? [builderError] : [];
  for (const target of targets) {
    try {
      const applied = await serverSideApply(factory.restClient(), target, {
        fieldManager,
        force,
        dryRun: dryRun === 'server',
        fieldValidation: validate,
      });
      const name = printName(applied, target.mapping.groupVersionKind).replace(/\n$/, '');
      ctx.io.stdout.write(`${name} serverside-applied${dryRun === 'server' ? ' (server dry run)' : ''}\n`);
    } catch (e) {
      errors.push(isApplyConflict(e) ? new Error(`${e.message}\n${CONFLICT_ADVICE}`) : e);
    }
  }
  if (errors.length === 0) return 0;
  printErrors(ctx, errors);
  return 1;
}
