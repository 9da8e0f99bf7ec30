// go-yaml v2 itself, for tests: the Go program in vectors/ runs yaml.Unmarshal on each text; and seeded mutations
// of real YAML (../shared/k8s, read in place, never copied) that the syntax tests feed to it and to kubesense.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { YAML_BREAKERS } from '../../kubeconfig/mutations';
import { FILES } from '../../kubeconfig/scenarios';

const vectorsDir = path.resolve(__dirname, '../../../../../../test/unit/kube/util/go/vectors');
export const sharedK8s = path.resolve(__dirname, '../../../../../../../shared/k8s');

/** yaml.Unmarshal's error for each text ("" when it reads the text). */
export function goErrors(documents: string[]): string[] {
  const out = execFileSync('go', ['run', '.'], {
    cwd: vectorsDir,
    input: JSON.stringify({ scalars: [], floats: [], documents }),
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    env: { ...process.env, GOFLAGS: '-mod=readonly' },
  });
  return (JSON.parse(out) as { documents: string[] }).documents;
}

/** A syntax-level error (what goYAMLSyntaxError reports), not one raised while decoding values. */
export function isGoSyntaxError(message: string): boolean {
  return /^yaml: (line \d+: )?/.test(message) && !/contains itself|excessive|invalid map key/.test(message);
}

/** Real YAML: every .yaml/.yml under ../shared/k8s (manifests, fixtures, CRDs) and the kubeconfig test files. */
export function realYAML(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        // Mutations of the first few KB are as telling as of the whole file, and keep the run short.
        out.push(text.length > 6000 ? text.slice(0, 6000) : text);
      }
    }
  };
  walk(sharedK8s);
  for (const [name, text] of Object.entries(FILES)) if (name.endsWith('.yaml')) out.push(text);
  return out;
}

const EXTRA_BREAKERS = ['%YAML 1.1\n', '!x ', '!!', '!<', '\\', '"\\q', '\x01', '...\n', '\r', ': |', '- -', '&', '*'];

export function mutate(text: string, rand: () => number): string {
  const tokens = [...YAML_BREAKERS, ...EXTRA_BREAKERS];
  const edits = 1 + Math.floor(rand() * 3);
  for (let j = 0; j < edits; j++) {
    const at = Math.floor(rand() * text.length);
    const kind = rand();
    if (kind < 0.6) {
      text = text.slice(0, at) + tokens[Math.floor(rand() * tokens.length)] + text.slice(at);
    } else if (kind < 0.8) {
      text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 3));
    } else {
      // Re-indent a line: the commonest real-world breakage.
      text = reindentLine(text, at, Math.floor(rand() * 5) - 2);
    }
  }
  return text;
}

/** The line holding offset `at` indented by `delta` more columns (or up to -delta fewer spaces). */
export function reindentLine(text: string, at: number, delta: number): string {
  const lineStart = text.lastIndexOf('\n', at) + 1;
  return delta >= 0
    ? text.slice(0, lineStart) + ' '.repeat(delta) + text.slice(lineStart)
    : text.slice(0, lineStart) + text.slice(lineStart).replace(new RegExp(`^ {1,${-delta}}`), '');
}
