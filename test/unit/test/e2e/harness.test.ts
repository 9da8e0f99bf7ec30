// The end-to-end harness's own logic, outside a browser: the scenario runner and its report, waitUntil, locating
// the toolchain, the pinned versions and `npm start`'s arguments.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { findToolchain, readVersions } from '../../../e2e/harness/toolchain';
import { Report, runScenarios, type Scenario } from '../../../e2e/harness/runner';
import { waitUntil } from '../../../e2e/harness/wait';
import { parseStartArgs } from '../../../e2e/start';

test('versions.env pins code-server 4.139.1 on Node 24', () => {
  const versions = readVersions();
  assert.equal(versions.CODE_SERVER_VERSION, '4.139.1');
  assert.match(versions.NODE_VERSION, /^24\.\d+\.\d+$/);
});

test('a versions file without a pin is an error naming the file and key', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-versions-')), 'versions.env');
  fs.writeFileSync(file, 'NODE_VERSION=24.0.0\n');
  assert.throws(
    () => readVersions(file),
    (e: Error) => e.message.includes(file) && e.message.includes('CODE_SERVER_VERSION'),
  );
});

test('npm start arguments: defaults, values in both spellings, errors name the flag', () => {
  assert.deepEqual(parseStartArgs([]), { port: 0 });
  assert.deepEqual(parseStartArgs(['--kubeconfig', 'a.yaml:b.yaml', '--port=8080']), {
    kubeconfig: 'a.yaml:b.yaml',
    port: 8080,
  });
  assert.equal(parseStartArgs(['--workspace', 'x']).workspace, path.resolve('x'));
  assert.throws(() => parseStartArgs(['--port', 'http']), /--port/);
  assert.throws(() => parseStartArgs(['--kubeconfig']), /--kubeconfig needs a value/);
  assert.throws(() => parseStartArgs(['--bogus']), /unknown option --bogus/);
});

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

test('runScenarios: in order, a failure or a timeout fails only its scenario, with a screenshot; the report counts', async () => {
  const dir = tempDir('kubesense-report-');
  fs.writeFileSync(path.join(dir, '01-stale.png'), 'old run');
  const report = new Report(dir);
  assert.deepEqual(fs.readdirSync(dir), [], "the last run's screenshots are removed");
  const order: string[] = [];
  const shots: string[] = [];
  const scenarios: Array<Scenario<{ shared: string }>> = [
    {
      id: 'first',
      name: 'First passes',
      run: async (ctx) => {
        order.push(`first ${ctx.shared}`);
        await ctx.screenshot('Tree View!');
      },
    },
    {
      id: 'second',
      name: 'Second throws',
      run: async () => {
        order.push('second');
        throw new Error('the node was not found');
      },
    },
    { id: 'third', name: 'Third hangs', timeoutMs: 20, run: () => (order.push('third'), new Promise(() => {})) },
    { id: 'fourth', name: 'Fourth passes', run: async () => void order.push('fourth') },
  ];
  let resets = 0;
  await runScenarios(
    scenarios,
    { shared: 'context' },
    report,
    async (file) => void shots.push(path.basename(file)),
    async () => {
      resets += 1;
      if (resets === 2) throw new Error('a failing reset does not stop the run');
    },
  );
  assert.deepEqual(order, ['first context', 'second', 'third', 'fourth']);
  assert.equal(resets, 4);
  assert.deepEqual(
    report.results.map((r) => [r.name, r.passed]),
    [
      ['First passes', true],
      ['Second throws', false],
      ['Third hangs', false],
      ['Fourth passes', true],
    ],
  );
  assert.match(report.results[1].error!, /the node was not found/);
  assert.match(report.results[2].error!, /scenario timed out after 0\.02s/);
  assert.deepEqual(shots, ['01-first-tree-view.png', '02-second-failure.png', '03-third-failure.png']);
  assert.deepEqual(
    report.results[1].screenshots.map((f) => path.basename(f)),
    ['02-second-failure.png'],
  );
  assert.equal(report.passed, 2);
  assert.equal(report.failed, 2);
  const markdown = fs.readFileSync(report.write('e2e'), 'utf8');
  assert.match(markdown, /^# e2e\n\n2 passed, 2 failed\n/);
  assert.match(markdown, /## FAIL Second throws[^\n]*\n\n```\nError: the node was not found/);
  assert.match(markdown, /- \[01-first-tree-view\.png\]\(01-first-tree-view\.png\)/);
});

test('runScenarios resets the UI before every attempt, a retry included (a failed attempt may leave a menu open)', async () => {
  const report = new Report(tempDir('kubesense-e2e-retry-'));
  const events: string[] = [];
  let attempts = 0;
  const flaky: Scenario<object> = {
    id: 'flaky',
    name: 'Flaky once',
    retries: 1,
    run: async () => {
      attempts += 1;
      events.push(`attempt ${attempts}`);
      if (attempts === 1) throw new Error('a menu stayed open');
    },
  };
  await runScenarios(
    [flaky],
    {},
    report,
    async () => undefined,
    async () => void events.push('reset'),
  );
  assert.deepEqual(events, ['reset', 'attempt 1', 'reset', 'attempt 2']);
  assert.equal(report.passed, 1);
});

test('waitUntil returns the first truthy value, and on timeout names what it waited for and the last error', async () => {
  let calls = 0;
  assert.equal(await waitUntil('the third try', () => (++calls === 3 ? 'ready' : undefined), 5_000), 'ready');
  assert.equal(calls, 3);
  await assert.rejects(
    waitUntil(
      'the pod',
      () => {
        throw new Error('pods "p" not found');
      },
      0,
    ),
    /timed out after 0s waiting for the pod: pods "p" not found/,
  );
  await assert.rejects(
    waitUntil('never', () => false, 0),
    /^Error: timed out after 0s waiting for never$/,
  );
});

test('findToolchain names each missing piece and the command that installs it, and finds an installed one', (t) => {
  const saved = process.env.KUBESENSE_CACHE;
  const cache = tempDir('kubesense-toolchain-');
  process.env.KUBESENSE_CACHE = cache;
  try {
    const { CODE_SERVER_VERSION, NODE_VERSION } = readVersions();
    assert.throws(
      () => findToolchain(),
      (e: Error) =>
        e.message.includes(`Node ${NODE_VERSION} (${path.join(cache, `node-${NODE_VERSION}`, 'bin', 'node')})`) &&
        e.message.includes(`code-server ${CODE_SERVER_VERSION}`) &&
        e.message.endsWith('Run: bash test/e2e/setup.sh'),
    );
    const node = path.join(cache, `node-${NODE_VERSION}`, 'bin', 'node');
    const csDir = path.join(cache, `code-server-${CODE_SERVER_VERSION}`);
    const entry = path.join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    for (const file of [node, entry]) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '');
    }
    // Installed but not marked complete (an interrupted setup) is still missing.
    assert.throws(() => findToolchain(), /code-server [\d.]+ \(.*\.kubesense-complete\)/);
    fs.writeFileSync(path.join(csDir, '.kubesense-complete'), '');
    if (!fs.existsSync('/usr/bin/chromium')) return t.skip('no Chromium at /usr/bin/chromium to find');
    assert.deepEqual(findToolchain(), {
      codeServerVersion: CODE_SERVER_VERSION,
      nodeVersion: NODE_VERSION,
      node,
      codeServerEntry: entry,
      chromium: '/usr/bin/chromium',
    });
  } finally {
    if (saved === undefined) delete process.env.KUBESENSE_CACHE;
    else process.env.KUBESENSE_CACHE = saved;
  }
});
