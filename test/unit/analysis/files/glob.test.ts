// The CRD globs (package.json's default) and a typical manifest glob match the paths a user expects, on every Node
// version.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { matchesGlob } from '../../../../analysis/files/glob';
import { findWorkspaceFiles } from '../../../../analysis/engine/engineFactory';
import type { Logger } from '../../../../server/src/workspace/guard';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../../package.json'), 'utf8'));
const settings = pkg.contributes.configuration.properties;
const crdGlobs: string[] = settings['kubesense.crds'].default;
// `kubesense.manifests` names files that are manifests even without apiVersion and kind, so it is empty by default
// (every YAML file would make compose files and Helm values "manifests"); this is the glob a user sets for a folder.
const manifestGlobs: string[] = ['**/*.{yaml,yml}'];

test('package.json defaults are the globs this table covers', () => {
  assert.deepEqual(crdGlobs, ['**/crds/**/*.{yaml,yml}', '**/*crd*.{yaml,yml}']);
  assert.deepEqual(settings['kubesense.manifests'].default, []);
});

// [path relative to a workspace root, is a CRD file, is a manifest]
const TABLE: Array<[string, boolean, boolean]> = [
  ['crds/widget.yaml', true, true],
  ['charts/app/crds/widget.yml', true, true],
  ['deploy/crds/v1/nested/widget.yaml', true, true],
  ['widget-crd.yaml', true, true],
  ['config/crd.yml', true, true],
  ['deploy/mycrds.yaml', true, true],
  ['deployment.yaml', false, true],
  ['k8s/app/service.yml', false, true],
  ['crds/widget.json', false, false],
  ['crds/README.md', false, false],
  ['deployment.yaml.bak', false, false],
  ['crds', false, false],
  // Dot-folders are skipped, as Node's path.matchesGlob skipped them.
  ['.github/workflows/ci.yaml', false, false],
  ['.hidden/crds/widget.yaml', false, false],
];

for (const [file, isCrd, isManifest] of TABLE) {
  test(`${file}: CRD glob ${isCrd ? 'matches' : 'does not match'}, manifest glob ${isManifest ? 'matches' : 'does not match'}`, () => {
    assert.equal(
      crdGlobs.some((g) => matchesGlob(file, g)),
      isCrd,
    );
    assert.equal(
      manifestGlobs.some((g) => matchesGlob(file, g)),
      isManifest,
    );
  });
}

test('absolute globs match absolute paths; an invalid glob matches nothing instead of throwing', () => {
  assert.equal(matchesGlob('/repo/crds/a.yaml', '/repo/**/*.yaml'), true);
  assert.equal(matchesGlob('/other/crds/a.yaml', '/repo/**/*.yaml'), false);
  assert.equal(matchesGlob('a.yaml', '[unclosed'), false);
});

test('findWorkspaceFiles finds the CRD files of a workspace with the default globs', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-glob-'));
  for (const file of ['crds/widget.yaml', 'charts/x/crds/gadget.yml', 'widget-crd.yaml', 'app/deployment.yaml']) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), 'kind: X\n');
  }
  const warnings: string[] = [];
  const log: Logger = { info: () => {}, warn: (m: string) => warnings.push(m), error: () => {} };
  const found = findWorkspaceFiles([root], crdGlobs, log).map((f) => path.relative(root, f));
  assert.deepEqual(found.sort(), ['charts/x/crds/gadget.yml', 'crds/widget.yaml', 'widget-crd.yaml']);
  assert.deepEqual(warnings, []);
});
