// extensionTestsPath entry: VS Code's extension host loads this module and awaits run(). Used both by
// code-server (npm test, see runInCodeServer.ts) and by @vscode/test-electron (npm run test:electron).
// The extension host's own exit status is not trustworthy in code-server, so the per-test results are
// also written as JSON to $KUBESENSE_EXTHOST_RESULTS for the runner to report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface ExtensionHostTestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const suitesDir = __dirname;
  for (const file of fs.readdirSync(suitesDir).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(suitesDir, file));
  }
  const results: ExtensionHostTestResult[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const resultsFile = process.env.KUBESENSE_EXTHOST_RESULTS;
      if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) =>
      results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }),
    );
    runner.on('fail', (test, error: Error) =>
      results.push({
        title: test.fullTitle(),
        state: 'failed',
        durationMs: test.duration ?? 0,
        error: error.stack ?? error.message,
      }),
    );
    runner.on('pending', (test) => results.push({ title: test.fullTitle(), state: 'pending', durationMs: 0 }));
  });
}
