// `kubesense rollout restart|status|history|undo`: kubectl rollout over kube/rollout, with kubectl's output,
// messages and exit codes (status follows a watch until done, --timeout or Ctrl-C).
import {
  deploymentHistory,
  historyText,
  restart,
  RestartError,
  undoDeployment,
  waitForRollout,
  type RolloutStatus,
} from '../kube/rollout';
import { StatusError } from '../kube/rest/errors';
import type { Command, CommandContext } from './command';
import { CommandError } from './command';
import { durationFlag } from './flags';
import { quote as goQuote } from '../kube/util/go';
import { clientFactory } from './factory';
import {
  finish,
  printedName,
  resourceString,
  SELECTOR_FLAG,
  withKubectlErrors,
  workloadInfos,
  type WorkloadInfo,
} from './workloadTargets';

const restartCommand: Command = {
  name: 'restart',
  short: 'Restart a resource',
  long: `Restart a resource.

        Resource rollout will be restarted.`,
  examples: `  # Restart all deployments in the test-namespace namespace
  kubesense rollout restart deployment -n test-namespace

  # Restart a deployment
  kubesense rollout restart deployment/nginx`,
  usage: 'RESOURCE',
  flags: [SELECTOR_FLAG],
  run: (ctx) =>
    withKubectlErrors(ctx, async () => {
      const factory = await clientFactory(ctx);
      const { infos, errors } = await workloadInfos(ctx, factory);
      noneFound(ctx, factory.namespace(), infos, errors);
      for (const info of infos) {
        try {
          await restart(factory.dynamicClient(), { ...target(info), kind: info.mapping.groupVersionKind.kind });
          ctx.io.stdout.write(`${printedName(info)} restarted\n`);
        } catch (err) {
          if (!(err instanceof RestartError)) throw err;
          errors.push(new Error(`${resourceString(info)} ${err.message}`));
        }
      }
      return finish(ctx, errors);
    }),
};

const statusCommand: Command = {
  name: 'status',
  short: 'Show the status of the rollout',
  long: `Show the status of the rollout.

 By default 'rollout status' will watch the status of the latest rollout until it's done. If you don't want to wait for the rollout to finish then you can use --watch=false. Note that if a new rollout starts in-between, then 'rollout status' will continue watching the latest revision. If you want to pin to a specific revision and abort if it is rolled over by another revision, use --revision=N where N is the revision you need to watch for.`,
  examples: `  # Watch the rollout status of a deployment
  kubesense rollout status deployment/nginx`,
  usage: '(TYPE NAME | TYPE/NAME) [flags]',
  flags: [
    {
      name: 'revision',
      kind: 'int',
      default: 0,
      description: 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).',
    },
    {
      name: 'watch',
      short: 'w',
      kind: 'bool',
      default: true,
      description: "Watch the status of the rollout until it's done.",
    },
    {
      name: 'timeout',
      kind: 'string',
      default: '0s',
      description:
        'The length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).',
    },
    SELECTOR_FLAG,
  ],
  run: (ctx) =>
    withKubectlErrors(ctx, async () => {
      const v = ctx.flags.values;
      const timeoutMs = durationFlag(ctx.flags, 'timeout') / 1e6;
      const factory = await clientFactory(ctx);
      const { infos, errors } = await workloadInfos(ctx, factory);
      noneFound(ctx, factory.namespace(), infos, errors);
      for (const info of infos) {
        const controller = new AbortController();
        const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
        const onSigint = () => controller.abort();
        process.once('SIGINT', onSigint);
        try {
          await waitForRollout(
            factory.dynamicClient(),
            { ...target(info), kind: info.mapping.groupVersionKind.kind },
            {
              revision: Number(v.get('revision')),
              watch: v.get('watch') !== false,
              signal: controller.signal,
              onStatus: (s: RolloutStatus) => ctx.io.stdout.write(s.message),
            },
          );
        } catch (err) {
          if (err instanceof StatusError) throw err;
          errors.push(err);
        } finally {
          clearTimeout(timer);
          process.removeListener('SIGINT', onSigint);
        }
      }
      return finish(ctx, errors);
    }),
};

const historyCommand: Command = {
  name: 'history',
  short: 'View rollout history',
  long: 'View previous rollout revisions and configurations.',
  examples: `  # View the rollout history of a deployment
  kubesense rollout history deployment/abc

  # View the details of daemonset revision 3
  kubesense rollout history daemonset/abc --revision=3`,
  usage: '(TYPE NAME | TYPE/NAME) [flags]',
  flags: [
    {
      name: 'revision',
      kind: 'int',
      default: 0,
      description: 'See the details, including podTemplate of the revision specified',
    },
    SELECTOR_FLAG,
  ],
  run: (ctx) =>
    withKubectlErrors(ctx, async () => {
      const revision = Number(ctx.flags.values.get('revision'));
      if (revision < 0) throw new CommandError(`revision must be a positive integer: ${revision}`);
      const factory = await clientFactory(ctx);
      const { infos, errors } = await workloadInfos(ctx, factory);
      for (const info of infos) {
        requireDeployment(info, 'history');
        const { revisions } = await deploymentHistory(factory.dynamicClient(), info.namespace, info.name);
        const text = historyText(revisions, revision);
        const header = revision > 0 ? `with revision #${revision}` : '';
        ctx.io.stdout.write(`${printedName(info)} ${header}\n${text}\n`);
      }
      return finish(ctx, errors);
    }),
};

const undoCommand: Command = {
  name: 'undo',
  short: 'Undo a previous rollout',
  long: `Roll back to a previous rollout.`,
  examples: `  # Roll back to the previous deployment
  kubesense rollout undo deployment/abc

  # Roll back to deployment revision 3
  kubesense rollout undo deployment/abc --to-revision=3`,
  usage: '(TYPE NAME | TYPE/NAME) [flags]',
  flags: [
    {
      name: 'to-revision',
      kind: 'int',
      default: 0,
      description: 'The revision to rollback to. Default to 0 (last revision).',
    },
    {
      name: 'dry-run',
      kind: 'string',
      default: 'none',
      description:
        'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
    },
    SELECTOR_FLAG,
  ],
  run: (ctx) =>
    withKubectlErrors(ctx, async () => {
      const toRevision = Number(ctx.flags.values.get('to-revision'));
      const dryRun = String(ctx.flags.values.get('dry-run'));
      if (!['none', 'client', 'server'].includes(dryRun))
        throw new CommandError(`Invalid dry-run value (${dryRun}). Must be "none", "server", or "client".`);
      const factory = await clientFactory(ctx);
      const { infos, errors } = await workloadInfos(ctx, factory);
      for (const info of infos) {
        requireDeployment(info, 'rollbacker');
        const result = await undoDeployment(factory.dynamicClient(), info.namespace, info.name, {
          toRevision,
          dryRun: dryRun === 'none' ? undefined : (dryRun as 'client' | 'server'),
        });
        const what =
          result.kind === 'skipped' ? result.message : result.kind === 'dry-run' ? result.template : 'rolled back';
        const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
        ctx.io.stdout.write(`${printedName(info)} ${what}${suffix}\n`);
      }
      return finish(ctx, errors);
    }),
};

export const command: Command = {
  name: 'rollout',
  short: 'Manage the rollout of a resource',
  long: `Manage the rollout of one or many resources.

 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

 history and undo support deployments only.`,
  examples: `  # Roll back to the previous deployment
  kubesense rollout undo deployment/abc

  # Check the rollout status of a daemonset
  kubesense rollout status daemonset/foo

  # Restart a deployment
  kubesense rollout restart deployment/abc`,
  usage: 'SUBCOMMAND [options]',
  subcommands: [historyCommand, restartCommand, statusCommand, undoCommand],
};

/** restart and status say so on stderr when a selector matched nothing (history and undo print nothing). */
function noneFound(ctx: CommandContext, namespace: string, infos: WorkloadInfo[], errors: unknown[]): void {
  if (infos.length === 0 && errors.length === 0) ctx.io.stderr.write(`No resources found in ${namespace} namespace.\n`);
}

function target(info: WorkloadInfo) {
  return { resource: info.mapping.resource, namespace: info.namespace, name: info.name };
}

/** kubectl's "no visitor method" errors for kinds without a history viewer or rollbacker. */
function requireDeployment(info: WorkloadInfo, what: 'history' | 'rollbacker'): void {
  const { group, kind } = info.mapping.groupVersionKind;
  if (group === 'apps' && kind === 'Deployment') return;
  if (group === 'apps' && (kind === 'DaemonSet' || kind === 'StatefulSet'))
    throw new CommandError(`${what} of ${kind}s is not supported by kubesense yet (Deployments only)`);
  const verb = what === 'history' ? 'history' : 'rollbacker';
  throw new CommandError(
    `error retrieving ${verb} for ${goQuote(kind)}, no visitor method exists for {${group} ${kind}}`,
  );
}
