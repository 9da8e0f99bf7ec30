// End to end in another editor: Debian's Neovim (installed by test/editors/setup.sh), headless, drives
// `kubesense lsp --stdio` with its built-in LSP client and settings given only as `settings` — diagnostics in the
// API server's wording at the right lines, hover, completion, a quick fix applied to the buffer, then another schema
// folder that re-validates the open document. The Lua side is test/editors/nvim-drive.lua.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LABEL_ERROR, PORT_ERROR, SIDECAR_POD, SIDECAR_UNKNOWN } from '../unit/server/sidecarPod';

const repoRoot = path.resolve(__dirname, '../../..');
const sharedK8s = path.resolve(repoRoot, '../shared/k8s');

interface Seen {
  line: number;
  character: number;
  message: string;
}
interface Result {
  error?: string;
  steps: {
    diagnostics?: Seen[];
    hover?: string;
    completion?: string[];
    quickfix_title?: string;
    fixed_line?: string;
    after_fix?: Seen[];
    after_settings_change?: Seen[];
  };
}

function runNeovim(
  env: NodeJS.ProcessEnv,
  script: string,
  timeoutMs: number,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // -u NONE: no user config, no plugins, no filetype detection (so the languageId is empty, as in a bare setup).
    const child = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', 'NONE', '-c', `luafile ${script}`], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

test('Neovim (built-in LSP client, settings only) against kubesense lsp --stdio', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-nvim-'));
  try {
    const manifest = path.join(dir, 'pod.yaml');
    fs.writeFileSync(manifest, SIDECAR_POD);
    const resultFile = path.join(dir, 'result.json');
    const { code, output } = await runNeovim(
      {
        PATH: process.env.PATH,
        HOME: dir,
        XDG_CONFIG_HOME: path.join(dir, 'config'),
        XDG_DATA_HOME: path.join(dir, 'data'),
        XDG_STATE_HOME: path.join(dir, 'state'),
        XDG_CACHE_HOME: path.join(dir, 'cache'),
        KUBESENSE_OFFLINE: '1',
        KUBESENSE_CMD: JSON.stringify([process.execPath, path.join(repoRoot, 'bin/kubesense.js'), 'lsp', '--stdio']),
        MANIFEST: manifest,
        SCHEMAS_A: path.join(sharedK8s, 'openapi-v3', '1.35'),
        SCHEMAS_B: path.join(sharedK8s, 'openapi-v3', '1.27'),
        RESULT: resultFile,
      },
      path.join(repoRoot, 'test/editors/nvim-drive.lua'),
      240_000,
    );
    assert.ok(fs.existsSync(resultFile), `Neovim wrote no result (exit ${code}):\n${output}`);
    const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Result;
    assert.equal(result.error, undefined, `the Lua driver failed: ${result.error}\n${output}`);
    const s = result.steps;

    // Diagnostics: the API server's wording, at the lines (0-based) of the offending values.
    assert.deepEqual(s.diagnostics, [LABEL_ERROR, PORT_ERROR]);
    assert.match(s.hover ?? '', /containerPort/);
    assert.match(s.hover ?? '', /integer/);
    assert.ok(s.completion?.includes('imagePullPolicy'), `completion: ${s.completion?.join(', ')}`);
    assert.ok(!s.completion?.includes('name'), 'keys already present are left out');
    assert.equal(s.quickfix_title, 'Quote yes as a string');
    assert.equal(s.fixed_line, '    enabled: "yes"');
    assert.deepEqual(s.after_fix, [PORT_ERROR]);
    // Kubernetes 1.27's schemas have no sidecar containers: the open document is validated again with them.
    assert.deepEqual(s.after_settings_change, [SIDECAR_UNKNOWN, PORT_ERROR]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
