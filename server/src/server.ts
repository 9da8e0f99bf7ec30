// Entry point of the kubesense language server. The extension starts this module over Node IPC
// (`--node-ipc`, chosen by vscode-languageclient); `kubesense lsp --stdio` serves any LSP editor over stdio.
import {
  createConnection,
  Connection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import * as path from 'node:path';
import { PositionEncodingTranslator } from './positionEncoding';
import { ConnectionState, ConnectionStateOptions } from './workspace/session';
import { errorStack } from '../../kube/util/errors';
import { packageValidatorsDir, setShippedValidatorsDir, setValidatorCacheDir } from '../../analysis/validation';
import { defaultKubesenseCache } from '../../analysis/schema/sources/upstream';

/** Wire a connection (any transport) to a new session and start listening. */
export function startServer(connection: Connection, options: ConnectionStateOptions = {}): ConnectionState {
  // A stray rejection in any handler must cost one answer, never the whole server.
  process.on('unhandledRejection', (reason) => {
    connection.console.error(`unhandled rejection: ${errorStack(reason)}`);
  });
  process.on('uncaughtException', (err) => {
    connection.console.error(`uncaught exception: ${err.stack ?? err.message}`);
  });
  // Compiled validators from earlier sessions and `kubesense check` runs: a cold start loads them instead of
  // compiling every kind's schema with ajv again (most of the time to the first diagnostics).
  setValidatorCacheDir(path.join(defaultKubesenseCache(), 'compiled-validators'));
  // Before any start has filled it (a first start, the first after an upgrade): the ones the package ships for the
  // built-in kinds of the fallback Kubernetes version.
  setShippedValidatorsDir(packageValidatorsDir());
  const session = new ConnectionState(connection, options);
  connection.listen();
  return session;
}

/**
 * Serve over stdin/stdout. stdout belongs to the protocol from here on: console output goes to stderr so a
 * stray log line can never corrupt a message frame.
 */
export function runStdioServer(
  defaults: Record<string, unknown> = {},
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): ConnectionState {
  redirectConsoleToStderr();
  // Other editors may negotiate UTF-8 or UTF-32 columns; the server inside counts UTF-16 (VS Code's IPC path too).
  const positions = new PositionEncodingTranslator();
  const connection = createConnection(
    ProposedFeatures.all,
    positions.reader(new StreamMessageReader(input)),
    positions.writer(new StreamMessageWriter(output)),
  );
  // The editor is gone when its end of stdin closes: exit rather than linger as an orphan. (createConnection
  // only watches raw streams, not a MessageReader, so this is ours to do.)
  const exitWhenInputEnds = () => process.exit(0);
  input.once('end', exitWhenInputEnds);
  input.once('close', exitWhenInputEnds);
  return startServer(connection, { allowExecPluginsByDefault: true, defaults });
}

function redirectConsoleToStderr(): void {
  const toStderr = (...args: unknown[]) => {
    process.stderr.write(args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ') + '\n');
  };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
}

if (require.main === module) {
  if (process.argv.includes('--stdio')) {
    runStdioServer();
  } else {
    // --node-ipc / --socket=N / --pipe=NAME, as vscode-languageclient passes them.
    startServer(createConnection(ProposedFeatures.all));
  }
}
