// Crash hunting over randomly mutated real CRDs (test/fuzz/crdMutator.ts), no cluster: every mutant of
// ../shared's CRDs, written as YAML and as JSON, goes through validate() and through `kubesense check -o json`;
// neither may throw, and every diagnostic's range must lie inside its file. Seeded and bounded:
// KUBESENSE_CRDFUZZ_SEED (default 1) and KUBESENSE_CRDFUZZ_UNIT_MUTATIONS (default 80; 300 and 800 were clean too) choose another run.
// (Verdicts against the real API server: test/integration/analysis/validation/crdDifferential.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { main } from '../../../../cli/main';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate, type KubeDiagnostic } from '../../../../analysis/validation';
import { mutateCrd } from '../../../fuzz/crdMutator';
import { prng } from '../../seeded';
import { openapiDir, sharedCrds, storeFor } from './sharedData';

const SEED = Number(process.env.KUBESENSE_CRDFUZZ_SEED ?? 1);
const MUTATIONS = Number(process.env.KUBESENSE_CRDFUZZ_UNIT_MUTATIONS ?? 80);
/** Files per `kubesense check` run (one run per file would spend the test loading schemas). */
const FILES_PER_CHECK = 100;
/** `check` runs validate() on each file too: the first mutants are enough to cover its own output. */
const CHECKED_BY_CLI = 40;

/** Why a diagnostic's range is not a place in `text`, or undefined when it is. */
function badRange(d: KubeDiagnostic, text: string): string | undefined {
  const lines = text.split('\n');
  const { start, end } = d.range;
  const inside = (p: { line: number; character: number }) =>
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.character >= 0 &&
    p.line < Math.max(lines.length, 1) &&
    p.character <= (lines[p.line] ?? '').length;
  if (!inside(start) || !inside(end)) return `range outside the text: ${JSON.stringify(d.range)}`;
  if (end.line < start.line || (end.line === start.line && end.character < start.character))
    return `range ends before it starts: ${JSON.stringify(d.range)}`;
  const { start: s, end: e } = d.offsets;
  if (!(Number.isInteger(s) && Number.isInteger(e) && s >= 0 && s <= e && e <= text.length))
    return `offsets outside the text: ${JSON.stringify(d.offsets)}`;
  return undefined;
}

interface Case {
  name: string;
  text: string;
}

function mutants(): Case[] {
  const real = sharedCrds();
  const random = prng(SEED);
  const out: Case[] = [];
  for (let i = 0; i < MUTATIONS; i++) {
    const base = real[Math.floor(random() * real.length)];
    const m = mutateCrd(base.crd, random, 1 + Math.floor(random() * 2));
    const asYaml = random() < 0.5;
    out.push({
      name: `#${i} ${base.label}: ${m.edits.join('; ')} (${asYaml ? 'yaml' : 'json'})`,
      text: asYaml ? stringify(m.crd, { aliasDuplicateObjects: false }) : JSON.stringify(m.crd, null, 2),
    });
  }
  return out;
}

test(
  `randomly mutated real CRDs: validate() never throws, every range is in the file (seed ${SEED}, ${MUTATIONS} mutants)`,
  { timeout: 600_000 },
  async () => {
    const store = storeFor('1.35');
    const failures: string[] = [];
    let errors = 0;
    for (const c of mutants()) {
      let ds: KubeDiagnostic[];
      try {
        ds = await validate(parseManifestFile(c.text, 'crd.yaml'), store);
      } catch (e) {
        failures.push(`${c.name}\n    threw ${(e as Error).stack ?? String(e)}`);
        continue;
      }
      errors += ds.filter((d) => d.severity === 'error').length;
      for (const d of ds) {
        const why = badRange(d, c.text);
        if (why) failures.push(`${c.name}\n    ${d.message}: ${why}`);
      }
    }
    assert.deepEqual(failures, []);
    // The mutants break rules: most of them must be reported (a mutator that breaks nothing tests nothing).
    assert.ok(errors >= MUTATIONS / 2, `only ${errors} errors over ${MUTATIONS} mutants`);
  },
);

test(
  `randomly mutated real CRDs: \`kubesense check\` never fails, every problem is in its file (seed ${SEED}, ${CHECKED_BY_CLI} mutants)`,
  { timeout: 600_000 },
  async () => {
    const cases = mutants().slice(0, CHECKED_BY_CLI);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-crdfuzz-'));
    try {
      const failures: string[] = [];
      for (let from = 0; from < cases.length; from += FILES_PER_CHECK) {
        const batch = cases.slice(from, from + FILES_PER_CHECK);
        const batchDir = path.join(dir, String(from));
        fs.mkdirSync(batchDir);
        const files = batch.map((c, i) => {
          const file = path.join(batchDir, `m${i}.yaml`);
          fs.writeFileSync(file, c.text);
          return file;
        });
        let stdout = '';
        let stderr = '';
        const code = await main(['check', batchDir, '-o', 'json', '--schema-dir', openapiDir('1.35')], {
          stdout: { write: (s: string) => (stdout += s) },
          stderr: { write: (s: string) => (stderr += s) },
          env: { HOME: os.tmpdir(), KUBECONFIG: '/nonexistent', KUBESENSE_CACHE: path.join(dir, 'cache') },
          cwd: dir,
        });
        assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
        assert.doesNotMatch(stderr, /^error:/m, stderr);
        const report = JSON.parse(stdout) as {
          files: {
            file: string;
            error?: string;
            problems: { line: number; column: number; endLine: number; endColumn: number; message: string }[];
          }[];
        };
        assert.equal(report.files.length, batch.length);
        for (const f of report.files) {
          const i = files.findIndex(
            (p) =>
              path.resolve(dir, f.file) === p ||
              p.endsWith(`/${f.file}`) ||
              (f.file.endsWith(path.basename(p)) && f.file.includes(String(from))),
          );
          assert.ok(i >= 0, `unexpected file ${f.file}`);
          const lines = batch[i].text.split('\n');
          if (f.error) failures.push(`${batch[i].name}\n    ${f.error}`);
          for (const p of f.problems) {
            const ok =
              p.line >= 1 &&
              p.line <= lines.length &&
              p.endLine >= p.line &&
              p.endLine <= lines.length &&
              p.column >= 1 &&
              p.column <= lines[p.line - 1].length + 1 &&
              p.endColumn >= 1 &&
              p.endColumn <= lines[p.endLine - 1].length + 1;
            if (!ok)
              failures.push(`${batch[i].name}\n    ${p.message}: ${p.line}:${p.column}-${p.endLine}:${p.endColumn}`);
          }
        }
      }
      assert.deepEqual(failures, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
