// `npm start`: kubesense in code-server on a live cluster, for trying it out and for development.
//
//   npm start                                  the real test cluster (seeded) + the sample workspace
//   npm start -- --kubeconfig ~/.kube/config   your own cluster(s) instead (no test cluster is started)
//   npm start -- --workspace ~/src/manifests   your own folder instead of the sample workspace
//   npm start -- --port 8080                   a fixed port instead of an ephemeral one
//
// Prints the URL to open; Ctrl-C stops code-server and the test cluster and removes the temporary files.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCluster, type TestCluster } from '../cluster/cluster';
import { seedCluster } from '../cluster/seed/seed';
import { startCodeServer, type CodeServer } from './harness/codeServer';
import { writeE2eKubeconfigs } from './harness/kubeconfigs';
import { copyDir } from './harness/session';
import { e2eSourceDir, findToolchain } from './harness/toolchain';
import { errorMessage } from '../../kube/util/errors';

interface StartOptions {
  kubeconfig?: string;
  workspace?: string;
  port: number;
}

const usage = 'usage: npm start [-- --kubeconfig PATH[:PATH...]] [--workspace DIR] [--port N]';

export function parseStartArgs(argv: string[]): StartOptions {
  const options: StartOptions = { port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${usage}`);
      return v;
    };
    switch (flag) {
      case '--kubeconfig':
        options.kubeconfig = value();
        break;
      case '--workspace':
        options.workspace = path.resolve(value());
        break;
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port number\n${usage}`);
        options.port = port;
        break;
      }
      case '--help':
      case '-h':
        console.log(usage);
        process.exit(0);
      // falls through (process.exit does not return)
      default:
        throw new Error(`unknown option ${argv[i]}\n${usage}`);
    }
  }
  return options;
}

function checkKubeconfigList(list: string): string {
  const files = list
    .split(path.delimiter)
    .filter(Boolean)
    .map((f) => path.resolve(f.replace(/^~(?=$|\/)/, os.homedir())));
  const missing = files.filter((f) => !fs.existsSync(f));
  if (files.length === 0 || missing.length === files.length) {
    throw new Error(`--kubeconfig: no such file: ${missing.join(', ') || list}`);
  }
  return files.join(path.delimiter);
}

async function main(): Promise<number> {
  let options: StartOptions;
  try {
    options = parseStartArgs(process.argv.slice(2));
    findToolchain();
  } catch (error) {
    console.error(`npm start: ${errorMessage(error)}`);
    return 2;
  }
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-start-'));
  let cluster: TestCluster | undefined;
  let codeServer: CodeServer | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const running = codeServer !== undefined || cluster !== undefined;
      if (running) console.log('\nstopping…');
      await codeServer?.stop();
      await cluster?.stop();
      fs.rmSync(stateDir, { recursive: true, force: true });
      if (running) console.log('stopped.');
    })());
  process.on('SIGINT', () => void stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stop().then(() => process.exit(0)));

  try {
    let kubeconfig: string;
    if (options.kubeconfig) {
      kubeconfig = checkKubeconfigList(options.kubeconfig);
      console.log(`using your kubeconfig: ${kubeconfig}`);
    } else {
      console.log('starting the test cluster (first run builds kube-apiserver; cached afterwards)…');
      cluster = await startCluster({ log: (line) => line.startsWith('build.sh:') && console.log(`  ${line}`) });
      await seedCluster(cluster.kubeconfig, { log: () => undefined });
      // The same two-file KUBECONFIG as the end-to-end suite: admin, restricted (403s), cert-user, unreachable.
      const files = await writeE2eKubeconfigs(cluster.kubeconfig, path.join(stateDir, 'kubeconfigs'));
      kubeconfig = files.kubeconfigEnv;
      console.log(`test cluster ${cluster.server} (seeded); KUBECONFIG=${kubeconfig}`);
    }

    let workspace = options.workspace;
    if (!workspace) {
      // A copy, so edits and quick fixes never dirty the repository's samples.
      workspace = path.join(stateDir, 'workspace');
      copyDir(path.join(e2eSourceDir, 'workspace'), workspace);
    } else if (!fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) {
      throw new Error(`--workspace: ${workspace} is not a folder`);
    }

    codeServer = await startCodeServer({
      workspace,
      env: { KUBECONFIG: kubeconfig },
      port: options.port,
      stateDir: path.join(stateDir, 'code-server'),
      logFile: path.join(stateDir, 'code-server.log'),
    });
    console.log(`\nkubesense is running in code-server ${codeServer.toolchain.codeServerVersion}:\n`);
    console.log(`  ${codeServer.workbenchUrl()}\n`);
    console.log(`workspace: ${workspace}`);
    console.log('open the URL in a browser on this machine (bound to 127.0.0.1 only); Ctrl-C stops everything.');
    const how = await codeServer.exited;
    if (!stopping) {
      console.error(`code-server exited unexpectedly (${how}):\n${codeServer.output().slice(-3000)}`);
      await stop();
      return 1;
    }
    await stopping;
    return 0;
  } catch (error) {
    console.error(`npm start: ${errorMessage(error)}`);
    await stop();
    return 1;
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code));
}
