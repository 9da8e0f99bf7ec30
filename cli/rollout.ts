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
import { errorMessage } from '../kube/util/errors';
import type { Command } from './command';
import { CommandError } from './command';
import { parseRequestTimeout } from './flags';
import { openSession } from './kube-session';
import {
  printedName,
  resourceString,
  SELECTOR_FLAG,
  withKubectlErrors,
  workloadInfos,
  type WorkloadInfo,
} from './workload-targets';

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
      const session = await openSession(ctx);
      const infos = await workloadInfos(ctx, session);
      const errors: string[] = [];
      for (const info of infos) {
        try {
          await restart(session.dynamic, { ...target(info), kind: info.mapping.groupVersionKind.kind });
          ctx.io.stdout.write(`${printedName(info)} restarted\n`);
        } catch (err) {
          if (!(err instanceof RestartError)) throw err;
          errors.push(`error: ${resourceString(info)} ${err.message}`);
        }
      }
      if (errors.length) throw new CommandError(errors[0].replace(/^error: /, ''), 1, errors);
      return 0;
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
      const timeoutMs = parseRequestTimeout(String(v.get('timeout')));
      const session = await openSession(ctx);
      const infos = await workloadInfos(ctx, session);
      const errors: string[] = [];
      for (const info of infos) {
        const controller = new AbortController();
        const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
        const onSigint = () => controller.abort();
        process.once('SIGINT', onSigint);
        try {
          await waitForRollout(
            session.dynamic,
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
          errors.push(errorMessage(err));
        } finally {
          clearTimeout(timer);
          process.removeListener('SIGINT', onSigint);
        }
      }
      if (errors.length) throw new CommandError(errors[0], 1, errors);
      return 0;
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
      const session = await openSession(ctx);
      for (const info of await workloadInfos(ctx, session)) {
        requireDeployment(info, 'history');
        const { revisions } = await deploymentHistory(session.dynamic, info.namespace, info.name);
        const text = historyText(revisions, revision);
        const header = revision > 0 ? `with revision #${revision}` : '';
        ctx.io.stdout.write(`${printedName(info)} ${header}\n${text}\n`);
      }
      return 0;
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
    SELECTOR_FLAG,
  ],
  run: (ctx) =>
    withKubectlErrors(ctx, async () => {
      const toRevision = Number(ctx.flags.values.get('to-revision'));
      const session = await openSession(ctx);
      for (const info of await workloadInfos(ctx, session)) {
        requireDeployment(info, 'rollbacker');
        const result = await undoDeployment(session.dynamic, info.namespace, info.name, { toRevision });
        ctx.io.stdout.write(
          `${printedName(info)} ${result.kind === 'skipped' ? result.message : result.kind === 'rolled back' ? 'rolled back' : result.template}\n`,
        );
      }
      return 0;
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
    `error retrieving ${verb} for ${JSON.stringify(kind)}, no visitor method exists for {${group} ${kind}}`,
  );
}
