// `npm run test:electron`: the same extension-host suites through the conventional @vscode/test-electron
// runner, in desktop VS Code. That runner downloads VS Code at test time, which machines without internet
// (like the CI here) cannot do; there it says so and exits non-zero. `npm test` does not depend on it:
// the suites run in code-server's real extension host there (runInCodeServer.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { writeE2eKubeconfigs } from '../harness/kubeconfigs';
import { e2eSourceDir, repoRoot } from '../harness/toolchain';
import { errorMessage } from '../../../kube/util/errors';

// The VS Code release code-server 4.139.1 bundles, so both runners test the same API.
const vscodeVersion = '1.139.1';

function explainWhyNot(): string {
  return [
    'npm run test:electron cannot run here: there is no desktop VS Code to run the tests in.',
    `@vscode/test-electron would download VS Code ${vscodeVersion} from https://update.code.visualstudio.com,`,
    'and the machines this project is built on reach only the package registries (and have no display for',
    'Electron), so it does not try unless asked to.',
    'The same mocha suites (test/e2e/exthost/*.test.ts) run in a real VS Code extension host as part of',
    '`npm test`, inside code-server (node out/test/e2e/run.js).',
    'With internet: KUBESENSE_ALLOW_VSCODE_DOWNLOAD=1 npm run test:electron (under xvfb-run on headless Linux);',
    'or KUBESENSE_VSCODE_EXECUTABLE=/path/to/code npm run test:electron to use an installed VS Code.',
  ].join('\n');
}

async function main(): Promise<number> {
  const executable = process.env.KUBESENSE_VSCODE_EXECUTABLE;
  const cached = path.join(repoRoot, '.vscode-test');
  const mayDownload = process.env.KUBESENSE_ALLOW_VSCODE_DOWNLOAD === '1';
  if (!executable && !mayDownload && !fs.existsSync(cached)) {
    console.error(explainWhyNot());
    return 1;
  }
  if (executable && !fs.existsSync(executable)) {
    console.error(`KUBESENSE_VSCODE_EXECUTABLE=${executable}: no such file`);
    return 1;
  }
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-electron-'));
  fs.cpSync(path.join(e2eSourceDir, 'workspace'), workspace, { recursive: true });
  const clusterKubeconfig = process.env.KUBESENSE_TEST_KUBECONFIG;
  try {
    // The same two-file KUBECONFIG as in code-server, so the suites see the same contexts.
    const kubeconfigs = clusterKubeconfig
      ? await writeE2eKubeconfigs(
          clusterKubeconfig,
          path.join(workspace, '..', path.basename(workspace) + '-kubeconfigs'),
        )
      : undefined;
    await runTests({
      version: vscodeVersion,
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(__dirname, 'index.js'),
      launchArgs: [workspace, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: kubeconfigs
        ? { KUBECONFIG: kubeconfigs.kubeconfigEnv, KUBESENSE_TEST_KUBECONFIG: clusterKubeconfig }
        : {},
    });
    return 0;
  } catch (error) {
    console.error(`extension-host tests failed: ${errorMessage(error)}`);
    return 1;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(workspace + '-kubeconfigs', { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
