// A small sequential runner for the end-to-end scenarios: they share one workbench (the state a user would
// build up), so order matters and node:test's parallel, isolated model does not fit. Each scenario saves
// screenshots; failures save one more. The closing line is `N passed, N failed`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorStack } from '../../../kube/util/errors';

export interface ScenarioContext {
  /** Saves a PNG of the workbench under the results folder and lists it in the report. */
  screenshot(name: string): Promise<void>;
  log(message: string): void;
}

export interface Scenario<C> {
  /** Short slug for screenshot file names. */
  id: string;
  name: string;
  /** Bound on the whole scenario so a broken build fails instead of hanging. */
  timeoutMs?: number;
  /** Extra attempts for scenarios whose workbench focus can be taken by an earlier step (0 by default). */
  retries?: number;
  run(ctx: C & ScenarioContext): Promise<void>;
}

export interface ScenarioResult {
  name: string;
  passed: boolean;
  error?: string;
  durationMs: number;
  screenshots: string[];
}

export class Report {
  readonly results: ScenarioResult[] = [];
  private shotCounter = 0;

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    // Keep only the last run's screenshots.
    for (const file of fs.readdirSync(dir)) if (file.endsWith('.png')) fs.rmSync(path.join(dir, file));
  }

  nextShotPath(name: string): string {
    this.shotCounter += 1;
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60);
    return path.join(this.dir, `${String(this.shotCounter).padStart(2, '0')}-${slug}.png`);
  }

  add(result: ScenarioResult): void {
    this.results.push(result);
    const mark = result.passed ? 'ok' : 'FAILED';
    const seconds = (result.durationMs / 1000).toFixed(1);
    console.log(`${mark.padEnd(6)} ${result.name} (${seconds}s)`);
    if (result.error) console.log(result.error.replace(/^/gm, '       '));
  }

  get passed(): number {
    return this.results.filter((r) => r.passed).length;
  }
  get failed(): number {
    return this.results.length - this.passed;
  }

  write(title: string): string {
    const lines = [`# ${title}`, '', `${this.passed} passed, ${this.failed} failed`, ''];
    for (const r of this.results) {
      lines.push(`## ${r.passed ? 'PASS' : 'FAIL'} ${r.name} (${(r.durationMs / 1000).toFixed(1)}s)`);
      if (r.error) lines.push('', '```', r.error, '```');
      if (r.screenshots.length) {
        lines.push('', 'Screenshots:');
        for (const shot of r.screenshots) lines.push(`- [${path.basename(shot)}](${path.basename(shot)})`);
      }
      lines.push('');
    }
    const file = path.join(this.dir, 'report.md');
    fs.writeFileSync(file, lines.join('\n'));
    return file;
  }
}

export async function runScenarios<C>(
  scenarios: Array<Scenario<C>>,
  context: C,
  report: Report,
  takeScreenshot: (file: string) => Promise<void>,
  /** Brings the UI back to a neutral state (a failed scenario may leave a widget open). */
  beforeEach: () => Promise<void> = async () => undefined,
): Promise<void> {
  for (const scenario of scenarios) {
    const screenshots: string[] = [];
    const started = Date.now();
    const ctx: C & ScenarioContext = {
      ...context,
      screenshot: async (name: string) => {
        const file = report.nextShotPath(`${scenario.id} ${name}`);
        await takeScreenshot(file);
        screenshots.push(file);
      },
      log: (message: string) => console.log(`       ${scenario.name}: ${message}`),
    };
    let error: string | undefined;
    // Scenarios that drive focus-sensitive workbench UI may declare one retry; a real failure fails every attempt.
    for (let attempt = 0; attempt <= (scenario.retries ?? 0); attempt++) {
      let timer: NodeJS.Timeout | undefined;
      error = undefined;
      // Before every attempt: a failed one may have left a menu or dialog open that would take the next clicks.
      await beforeEach().catch(() => undefined);
      try {
        const timeoutMs = scenario.timeoutMs ?? 180_000;
        await Promise.race([
          scenario.run(ctx),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`scenario timed out after ${timeoutMs / 1000}s`)), timeoutMs);
          }),
        ]);
      } catch (e) {
        error = errorStack(e);
        await ctx
          .screenshot(attempt < (scenario.retries ?? 0) ? `failure attempt ${attempt + 1}` : 'failure')
          .catch(() => undefined);
      } finally {
        clearTimeout(timer);
      }
      if (error === undefined) break;
      if (attempt < (scenario.retries ?? 0))
        ctx.log(`attempt ${attempt + 1} failed, retrying: ${error.split('\n')[0]}`);
    }
    report.add({
      name: scenario.name,
      passed: error === undefined,
      error,
      durationMs: Date.now() - started,
      screenshots,
    });
  }
}
