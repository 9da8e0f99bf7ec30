// `pods/exec` and `pods/attach` (client-go: the PodExecOptions/PodAttachOptions request + remotecommand):
// the request URL with kubectl's query parameters, opened as a WebSocket session.
import type { RESTClient } from '../rest/client';
import { openRemoteCommand, type OpenOptions, type RemoteCommandSession, type SessionHandlers } from './session';

export interface StreamSelection {
  /** The container; the server picks the only one, or fails naming the choices, when omitted. */
  container?: string;
  stdin?: boolean;
  /** Default true. */
  stdout?: boolean;
  /** Default true unless `tty` (a terminal merges stderr into stdout, as kubectl does). */
  stderr?: boolean;
  tty?: boolean;
}

export interface ExecOptions extends StreamSelection, OpenOptions, SessionHandlers {
  namespace: string;
  pod: string;
  command: string[];
}

export interface AttachOptions extends StreamSelection, OpenOptions, SessionHandlers {
  namespace: string;
  pod: string;
}

function streamQuery(q: URLSearchParams, s: StreamSelection): void {
  if (s.container) q.set('container', s.container);
  // Only true values are sent, as Go's query encoder omits false bools.
  if (s.stdin) q.set('stdin', 'true');
  if (s.stdout !== false) q.set('stdout', 'true');
  if (s.stderr ?? !s.tty) q.set('stderr', 'true');
  if (s.tty) q.set('tty', 'true');
}

function podSubresourceURL(rest: RESTClient, namespace: string, pod: string, subresource: string): URL {
  const base = rest.transport.base;
  const prefix = base.pathname.replace(/\/+$/, '');
  const url = new URL(base.toString());
  url.pathname = `${prefix}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/${subresource}`;
  url.search = '';
  return url;
}

export function execURL(rest: RESTClient, o: Omit<ExecOptions, keyof OpenOptions | keyof SessionHandlers>): URL {
  if (o.command.length === 0) throw new Error('exec: a command is required');
  const url = podSubresourceURL(rest, o.namespace, o.pod, 'exec');
  for (const arg of o.command) url.searchParams.append('command', arg);
  streamQuery(url.searchParams, o);
  return url;
}

export function attachURL(rest: RESTClient, o: Omit<AttachOptions, keyof OpenOptions | keyof SessionHandlers>): URL {
  const url = podSubresourceURL(rest, o.namespace, o.pod, 'attach');
  streamQuery(url.searchParams, o);
  return url;
}

/** Run a command in a container. The session is live once this resolves; await `session.done` for the exit code. */
export function exec(rest: RESTClient, o: ExecOptions): Promise<RemoteCommandSession> {
  return openRemoteCommand(rest.transport, execURL(rest, o), { resource: 'pods', name: o.pod }, o, o);
}

/** Attach to a container's main process (its stdin only when the container has `stdin: true`). */
export function attach(rest: RESTClient, o: AttachOptions): Promise<RemoteCommandSession> {
  return openRemoteCommand(rest.transport, attachURL(rest, o), { resource: 'pods', name: o.pod }, o, o);
}
