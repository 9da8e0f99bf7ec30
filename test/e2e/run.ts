// End-to-end entry point (`node out/test/e2e/run.js`, called by test/run-all.sh inside the test cluster
// wrapper): the scenarios in code-server's real workbench, then the extension-host mocha suites in
// its real extension host. Screenshots and report.md go to test-results/e2e/. Exit code 1 on any failure.
import * as path from 'node:path';
import { runExtensionHostSuites } from './exthost/runInCodeServer';
import { Report, runScenarios, type Scenario } from './harness/runner';
import { openSession, type Session } from './harness/session';
import { findToolchain, repoRoot } from './harness/toolchain';
import { kubectlPath, type E2eContext } from './scenarios/context';
import { scenarios } from './scenarios';
import { errorMessage } from '../../kube/util/errors';

// KUBESENSE_E2E_RESULTS_DIR keeps a side run from replacing the screenshots of the main one.
const resultsDir = process.env.KUBESENSE_E2E_RESULTS_DIR
  ? path.resolve(process.env.KUBESENSE_E2E_RESULTS_DIR)
  : path.join(repoRoot, 'test-results', 'e2e');

async function main(): Promise<number> {
  const report = new Report(resultsDir);
  // Debugging aid: KUBESENSE_E2E_ONLY=pods,switch-context runs just those scenario ids (and "exthost").
  const only = process.env.KUBESENSE_E2E_ONLY?.split(',').map((id) => id.trim());
  const selected = scenarios.filter((s) => !only || only.includes(s.id));
  const clusterKubeconfig = process.env.KUBESENSE_TEST_KUBECONFIG;
  if (!clusterKubeconfig) {
    console.log('e2e: KUBESENSE_TEST_KUBECONFIG is not set; scenarios that need the test cluster will fail.');
  }

  let session: Session | undefined;
  try {
    findToolchain();
    session = await openSession({ clusterKubeconfig });
  } catch (error) {
    // Without a workbench no scenario can run: each is reported failed with the reason.
    const message = errorMessage(error);
    for (const s of selected)
      report.add({ name: s.name, passed: false, error: message, durationMs: 0, screenshots: [] });
  }
  if (session) {
    const open = session;
    const context: E2eContext = { session: open, kubectl: kubectlPath };
    try {
      await runScenarios(
        selected as Array<Scenario<E2eContext>>,
        context,
        report,
        (file) => open.workbench.screenshot(file),
        () => open.workbench.dismissWidgets(),
      );
    } finally {
      if (report.failed > 0) {
        console.log('--- code-server output (last 3000 chars) ---\n' + open.codeServer.output().slice(-3000));
      }
      await open.close();
    }
  }

  if (!process.env.KUBESENSE_E2E_SKIP_EXTHOST && (!only || only.includes('exthost'))) {
    for (const result of await runExtensionHostSuites({ clusterKubeconfig })) report.add(result);
  }

  const reportFile = report.write('kubesense end-to-end report');
  console.log(`report: ${path.relative(repoRoot, reportFile)}`);
  console.log(
    `screenshots: ${report.results.flatMap((r) => r.screenshots.map((s) => path.relative(repoRoot, s))).join(', ') || 'none'}`,
  );
  console.log(`${report.passed} passed, ${report.failed} failed`);
  return report.failed === 0 && report.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
