// Generates kube/protobuf/generated/ from the real generated.proto files of the k8s.io/api and k8s.io/apimachinery
// Go modules (the versions gotags/go.mod requires, which are the test cluster's), with @bufbuild/protoc-gen-es,
// plus gotags.json: what the .proto files do not say but the JSON shape needs (JSON names, omitempty, inline,
// and which message each built-in kind is), read from the Go types by gotags/main.go. Rerun with
// `npm run gen:proto`; a unit test fails on drift.
//
//   node out/kube/protobuf/codegen/generate.js <output dir>
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const GOTAGS_DIR = path.resolve(__dirname, '../../../../kube/protobuf/codegen/gotags');
const MODULES = ['k8s.io/api', 'k8s.io/apimachinery'];
/** apimachinery's own test group is not part of any API. */
const SKIP = /\/testapigroup\//;

function goEnv(): NodeJS.ProcessEnv {
  // Everything comes from the module cache (GOPROXY=off): the build must not reach the network.
  return { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOSUMDB: 'off' };
}

function moduleDirs(): Map<string, string> {
  const out = execFileSync('go', ['list', '-m', '-f', '{{.Path}} {{.Dir}}', ...MODULES], {
    cwd: GOTAGS_DIR,
    env: goEnv(),
    encoding: 'utf8',
  });
  return new Map(
    out
      .trim()
      .split('\n')
      .map((l) => l.split(' ') as [string, string]),
  );
}

function findProtos(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? findProtos(path.join(dir, e.name), base)
        : e.name === 'generated.proto'
          ? [path.relative(base, path.join(dir, e.name))]
          : [],
    )
    .filter((p) => !SKIP.test(`/${p}`));
}

/** Comments are dropped: the documentation lives in the typed clients; keeping it would triple the output. */
function stripComments(proto: string): string {
  return proto
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .filter((l) => !/^\s*\/\//.test(l))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

function listFiles(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))],
    );
}

/** Generated files by path relative to the output folder. */
export function generate(): Map<string, string> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-proto-'));
  try {
    const src = path.join(work, 'src');
    const out = path.join(work, 'out');
    for (const [mod, dir] of moduleDirs()) {
      for (const rel of findProtos(dir)) {
        const dest = path.join(src, mod, rel);
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.writeFileSync(dest, stripComments(fs.readFileSync(path.join(dir, rel), 'utf8')));
      }
    }
    const plugin = require.resolve('@bufbuild/protoc-gen-es/bin/protoc-gen-es');
    const template = {
      version: 'v2',
      plugins: [{ local: plugin, out, opt: ['target=ts', 'import_extension=none'] }],
    };
    execFileSync(require.resolve('@bufbuild/buf/bin/buf'), ['generate', src, '--template', JSON.stringify(template)], {
      cwd: work,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const files = new Map<string, string>();
    for (const rel of listFiles(out).sort()) files.set(rel, fs.readFileSync(path.join(out, rel), 'utf8'));
    const tags = execFileSync('go', ['run', '.'], { cwd: GOTAGS_DIR, env: goEnv(), encoding: 'utf8' });
    files.set('gotags.json', JSON.stringify(sortKeys(JSON.parse(tags)), null, 1) + '\n');
    return files;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function main(): void {
  const outDir = process.argv[2];
  if (!outDir) {
    process.stderr.write('usage: generate <output dir>\n');
    process.exit(2);
  }
  const files = generate();
  fs.rmSync(outDir, { recursive: true, force: true });
  for (const [rel, text] of files) {
    fs.mkdirSync(path.dirname(path.join(outDir, rel)), { recursive: true });
    fs.writeFileSync(path.join(outDir, rel), text);
  }
  process.stdout.write(`wrote ${files.size} files to ${outDir}\n`);
}

if (require.main === module) main();
