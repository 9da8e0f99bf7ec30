// Differential test: `kubesense config …` against real kubectl 1.32 over generated kubeconfig situations.
// Same stdout, stderr and exit code byte for byte (kubectl's own name in usage hints is normalized), and for
// commands that write, the same resulting configuration in the same files (compared by reading each written
// file back with kubectl itself) — while our writes also keep the files' comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../../cli/main';
import { findKubectl } from '../../../cluster/kubectl';
import { FILES, LOOSE_YAML_ERRORS, Scenario, generateScenarios, writePool } from './scenarios';

interface Outcome {
  stdout: string;
  stderr: string;
  code: number;
}

function locateKubectl(t: { skip(msg: string): void }): string | undefined {
  try {
    return findKubectl('1.32');
  } catch (e) {
    if (process.env.CI === 'true') throw e;
    t.skip(`kubectl 1.32 not available: ${(e as Error).message}`);
    return undefined;
  }
}

function envFor(dir: string, s: Scenario): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { HOME: path.join(dir, 'home'), PATH: process.env.PATH ?? '/usr/bin:/bin' };
  if (s.kubeconfigEnv !== undefined) env.KUBECONFIG = s.kubeconfigEnv;
  return env;
}

function runKubectl(kubectl: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(kubectl, args, { cwd, env, timeout: 30000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err
        ? typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number'
          ? (err as unknown as { code: number }).code
          : 1
        : 0;
      resolve({ stdout: String(stdout), stderr: String(stderr), code });
    });
  });
}

async function runOurs(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd,
  });
  return { stdout, stderr, code };
}

/** Runs `jobs` with at most `limit` in flight (kubectl startup dominates; the machine has 2 cores). */
async function pool<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]();
      }
    }),
  );
  return results;
}

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

interface Result {
  scenario: Scenario;
  kubectl: Outcome;
  ours: Outcome;
  /** For writes: changed files → [kubectl's view of kubectl's file, kubectl's view of our file]. */
  files?: {
    kubectlFiles: string[];
    ourFiles: string[];
    views: Map<string, [string, string]>;
    ourSnapshot: Map<string, string>;
  };
}

const normalizeKubectl = (s: string) => s.replace(/See 'kubectl /g, "See 'kubesense ");

test('kubesense config agrees with kubectl 1.32 on generated kubeconfig situations', async (t) => {
  const kubectl = locateKubectl(t);
  if (!kubectl) return;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-diff-'));
  try {
    const shared = path.join(root, 'shared');
    fs.mkdirSync(shared);
    writePool(shared);
    const scenarios = generateScenarios(200);
    const jobs = scenarios.map((s, i) => async (): Promise<Result> => {
      if (!s.writes) {
        const env = envFor(shared, s);
        const [k, o] = [await runKubectl(kubectl, s.args, shared, env), await runOurs(s.args, shared, env)];
        return { scenario: s, kubectl: k, ours: o };
      }
      const kdir = path.join(root, `w${i}-kubectl`);
      const odir = path.join(root, `w${i}-ours`);
      for (const d of [kdir, odir]) {
        fs.mkdirSync(d);
        writePool(d);
      }
      const before = snapshot(kdir);
      const k = await runKubectl(kubectl, s.args, kdir, envFor(kdir, s));
      const o = await runOurs(s.args, odir, envFor(odir, s));
      const ks = snapshot(kdir);
      const os_ = snapshot(odir);
      const changed = new Set<string>();
      for (const [f, c] of ks) if (before.get(f) !== c) changed.add(f);
      for (const [f, c] of os_) if (before.get(f) !== c) changed.add(f);
      const views = new Map<string, [string, string]>();
      for (const f of changed) {
        const view = async (dir: string) => {
          if (!fs.existsSync(path.join(dir, f))) return '<absent>';
          const r = await runKubectl(kubectl, ['--kubeconfig', f, 'config', 'view', '--raw', '-o', 'json'], dir, {
            HOME: path.join(dir, 'home'),
            PATH: process.env.PATH,
          });
          return `${r.code}\n${r.stdout}${r.stderr}`;
        };
        views.set(f, [await view(kdir), await view(odir)]);
      }
      return {
        scenario: s,
        kubectl: k,
        ours: o,
        files: { kubectlFiles: [...ks.keys()].sort(), ourFiles: [...os_.keys()].sort(), views, ourSnapshot: os_ },
      };
    });
    const results = await pool(jobs, 3);

    let compared = 0;
    for (const r of results) {
      await t.test(r.scenario.name, () => {
        const s = r.scenario;
        const expected = {
          ...r.kubectl,
          stdout: normalizeKubectl(r.kubectl.stdout),
          stderr: normalizeKubectl(r.kubectl.stderr),
        };
        const ctx = `argv: ${JSON.stringify(s.args)} KUBECONFIG=${s.kubeconfigEnv ?? '<unset>'}`;
        assert.equal(
          r.ours.code,
          expected.code,
          `exit code; ${ctx}\nkubectl stderr: ${expected.stderr}\nour stderr: ${r.ours.stderr}`,
        );
        // kubectl prints its own long help text on some usage errors; we print ours.
        if (!/\nUsage:\n/.test(expected.stdout)) assert.equal(r.ours.stdout, expected.stdout, `stdout; ${ctx}`);
        const loose =
          [...LOOSE_YAML_ERRORS].some((f) => (s.kubeconfigEnv ?? '').split(':').includes(f) || s.args.includes(f)) &&
          /yaml: line/.test(expected.stderr);
        if (loose)
          assert.equal(
            r.ours.stderr.replace(/yaml: .*/, 'yaml: …'),
            expected.stderr.replace(/yaml: .*/, 'yaml: …'),
            `stderr (up to the yaml message); ${ctx}`,
          );
        else if (/\. Printing more information for debugging the template:/.test(expected.stderr)) {
          // kubectl dumps the whole config (credentials included) after a jsonpath execution error; we stop before it.
          const cut = expected.stderr.slice(0, expected.stderr.indexOf(' Printing more information')) + '\n';
          assert.equal(r.ours.stderr, cut, `stderr (up to kubectl's object dump); ${ctx}`);
        } else if (/duplicate name/.test(expected.stderr))
          assert.equal(
            r.ours.stderr.replace(/in list: .*/, ''),
            expected.stderr.replace(/in list: .*/, ''),
            `stderr; ${ctx}`,
          );
        else assert.equal(r.ours.stderr, expected.stderr, `stderr; ${ctx}`);
        if (r.files) {
          const visible = (xs: string[]) => xs.filter((f) => !/\.tmp$/.test(f));
          assert.deepEqual(
            visible(r.files.ourFiles),
            visible(r.files.kubectlFiles),
            `files present after the write (lock files must be gone); ${ctx}`,
          );
          for (const [f, [theirs, ours]] of r.files.views)
            assert.equal(ours, theirs, `content of ${f} as kubectl reads it; ${ctx}`);
          // Better than kubectl: a file we edited keeps its comments.
          const a = r.files.ourSnapshot.get('a.yaml');
          if (a !== undefined)
            assert.ok(a.startsWith('# team A: comments must survive our writes'), 'a.yaml keeps its leading comment');
        }
        compared++;
      });
    }
    assert.equal(compared, scenarios.length, `compared ${compared} of ${scenarios.length} scenarios`);
    assert.ok(scenarios.length >= 200);
    void FILES;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
