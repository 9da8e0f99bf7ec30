// kubectl's CheckErr: how a command's errors reach stderr ("Error from server (NotFound): …", "error: …").
import type { ErrGroupDiscoveryFailed } from '../kube/discovery';
import { StatusError } from '../kube/rest/errors';
import { errorMessage } from '../kube/util/errors';
import type { CommandContext } from './command';

/** Go's utilerrors.Aggregate: errors collected together; its text is `[a, b]` (repeats once), or the one message. */
export class Aggregate extends Error {
  constructor(readonly errors: unknown[]) {
    const messages = [...new Set(errors.map((e) => errorMessage(e)))];
    super(messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`);
  }
}

/**
 * kubectl's CheckErr: one error with its "error: " prefix, several one per line as an aggregate. One Aggregate
 * (a builder's visit errors) prints as several do, even when it holds one.
 */
export function writeErrors(ctx: CommandContext, errors: unknown[]): void {
  if (errors.length === 1 && errors[0] instanceof Aggregate) errors = errors[0].errors;
  else if (errors.length === 1) {
    // Some of kubectl's messages (jsonpath's) end in newlines of their own.
    const line = describeError(errors[0]);
    ctx.io.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
    return;
  }
  for (const e of errors) ctx.io.stderr.write(`${e instanceof StatusError ? describeError(e) : errorMessage(e)}\n`);
}

/** "Error from server (NotFound): …" as kubectl's CheckErr prints a StatusError. */
export function describeError(err: unknown): string {
  if (err instanceof StatusError) return `Error from server (${err.reason || 'Unknown'}): ${err.message}`;
  return `error: ${errorMessage(err)}`;
}

export function printDiscoveryErrors(ctx: CommandContext, err: ErrGroupDiscoveryFailed): void {
  ctx.io.stderr.write(`error: ${err.message}\n`);
}
