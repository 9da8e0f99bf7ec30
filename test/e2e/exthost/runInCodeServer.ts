// Runs the extension-host mocha suites inside code-server's real extension host. code-server ignores the
// server-side --extensionTestsPath flag; what works: start it with the smoke-test driver enabled, open the
// workbench with a `payload` naming the development extension and the tests module as vscode-remote URIs,
// and take the exit code from the `codeAutomationExit(code)` call the workbench makes when the tests end.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ScenarioResult } from '../harness/runner';
import { openSession, type Session } from '../harness/session';
import { repoRoot } from '../harness/toolchain';
import type { ExtensionHostTestResult } from './index';
import { errorStack } from '../../../kube/util/errors';

const timeoutMs = 6 * 60_000;

export async function runExtensionHostSuites(options: { clusterKubeconfig?: string }): Promise<ScenarioResult[]> {
  const started = Date.now();
  const failure = (error: string): ScenarioResult[] => [
    { name: 'extension host: suites ran', passed: false, error, durationMs: Date.now() - started, screenshots: [] },
  ];
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  let resultsFile = '';
  let session: Session | undefined;
  try {
    const testsModule = path.join(__dirname, 'index.js');
    session = await openSession({
      clusterKubeconfig: options.clusterKubeconfig,
      extensionPath: null,
      vscodeOptions: ['enable-smoke-test-driver'],
      env: {
        KUBESENSE_EXTHOST_RESULTS: (resultsFile = path.join(
          os.tmpdir(),
          `kubesense-exthost-results-${process.pid}.json`,
        )),
        KUBESENSE_TEST_KUBECONFIG: options.clusterKubeconfig ?? '',
      },
      query: (codeServer) => {
        const authority = new URL(codeServer.origin).host;
        const payload = [
          ['extensionDevelopmentPath', `vscode-remote://${authority}${repoRoot}`],
          ['extensionTestsPath', `vscode-remote://${authority}${testsModule}`],
        ];
        return { payload: JSON.stringify(payload) };
      },
      beforeLoad: async (browser) => {
        await browser.page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));
      },
      waitForWorkbench: false,
    });
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') {
      return failure(`no codeAutomationExit within ${timeoutMs / 1000}s\n${session.codeServer.output().slice(-3000)}`);
    }
    if (!fs.existsSync(resultsFile)) {
      return failure(
        `extension host exited with ${code} before writing results\n${session.codeServer.output().slice(-3000)}`,
      );
    }
    const tests = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as ExtensionHostTestResult[];
    const results: ScenarioResult[] = tests
      .filter((t) => t.state !== 'pending')
      .map((t) => ({
        name: `extension host: ${t.title}`,
        passed: t.state === 'passed',
        error: t.error,
        durationMs: t.durationMs,
        screenshots: [],
      }));
    const failedInResults = results.some((r) => !r.passed);
    // Trust neither side alone: a failing exit code with all-green results is still a failure.
    if (code !== 0 && !failedInResults)
      results.push(...failure(`codeAutomationExit(${code}) with no failed test recorded`));
    if (code === 0 && failedInResults) results.push(...failure('codeAutomationExit(0) although tests failed'));
    if (results.length === 0) results.push(...failure('no extension-host tests ran'));
    return results;
  } catch (error) {
    return failure(errorStack(error));
  } finally {
    if (resultsFile) fs.rmSync(resultsFile, { force: true });
    await session?.close();
  }
}
