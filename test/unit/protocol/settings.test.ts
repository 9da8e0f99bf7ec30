// The `kubesense.*` settings are declared once (protocol/settings.ts): package.json's contributes.configuration is
// generated from that declaration and must not drift (as rust-analyzer checks its config against package.json), the
// server's reader reads exactly the declared server settings with their declared defaults, and what the extension
// sends is what the reader expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../client/model/paths';
import {
  DEFAULT_SETTINGS,
  FALLBACK_KUBERNETES_VERSION,
  flattenSettings,
  packageJsonConfiguration,
  readSettings,
  sectionForServer,
  SERVER_SETTINGS,
  SETTINGS,
  setting,
} from '../../../protocol/settings';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { configuration: { title: string; properties: Record<string, Record<string, unknown>> } };
};

test('package.json contributes.configuration is what protocol/settings.ts generates', () => {
  const declared = pkg.contributes.configuration;
  const generated = packageJsonConfiguration();
  const fix = 'package.json drifted from protocol/settings.ts: edit SETTINGS there and run `npm run gen:settings`';
  // Key set first, so a missing or extra setting is named plainly.
  assert.deepEqual(Object.keys(declared.properties).sort(), Object.keys(generated.properties).sort(), fix);
  for (const [key, property] of Object.entries(generated.properties))
    assert.deepEqual(declared.properties[key], property, `${key}: ${fix}`);
  assert.deepEqual(declared, generated, fix);
});

test('every setting has one description, a default of its type, and its enum and range obeyed', () => {
  for (const s of SETTINGS) {
    const name = `kubesense.${s.key}`;
    assert.ok(
      (s.description === undefined) !== (s.markdownDescription === undefined),
      `${name}: exactly one of description and markdownDescription`,
    );
    assert.ok((s.description ?? s.markdownDescription ?? '').length > 20, `${name}: a description that says something`);
    const d = s.default;
    if (s.type === 'array') assert.ok(Array.isArray(d) && d.every((x) => typeof x === 'string'), name);
    else if (s.type === 'integer') assert.ok(Number.isInteger(d), name);
    else assert.equal(typeof d, s.type, name);
    if (s.enum) assert.ok(s.enum.includes(d as string), `${name}: default among the enum`);
    if (s.enumDescriptions) assert.equal(s.enumDescriptions.length, s.enum?.length, name);
    if (s.minimum !== undefined) assert.ok((d as number) >= s.minimum, name);
    if (s.maximum !== undefined) assert.ok((d as number) <= s.maximum, name);
    if (s.pattern !== undefined) assert.match(d as string, new RegExp(s.pattern), name);
  }
  assert.equal(new Set(SETTINGS.map((s) => s.key)).size, SETTINGS.length, 'no key declared twice');
});

test('the server reads exactly the declared server settings, defaulting to the declared defaults', () => {
  const read = flattenSettings(readSettings({}));
  assert.deepEqual(Object.keys(read).sort(), SERVER_SETTINGS.map((s) => s.key).sort());
  for (const s of SERVER_SETTINGS) {
    // An empty version means the cluster's own, and 1.35 where none is connected.
    const want = s.key === 'kubernetesVersion' ? FALLBACK_KUBERNETES_VERSION : s.default;
    assert.deepEqual(read[s.key], want, `kubesense.${s.key}`);
  }
  assert.deepEqual(readSettings({}), DEFAULT_SETTINGS);
});

test('what the extension sends with nothing set reads as the defaults; its overrides arrive', () => {
  const section = sectionForServer((_key, fallback) => fallback);
  assert.deepEqual(readSettings(section), DEFAULT_SETTINGS);
  // Nested as VS Code's getConfiguration('kubesense') nests them.
  assert.deepEqual(section.dryRun, { enabled: false });
  const set: Record<string, unknown> = { 'dryRun.enabled': true, crds: ['crds/*.yaml'], maxFileSizeBytes: 1 << 20 };
  const sent = sectionForServer((key, fallback) => (key in set ? set[key] : fallback), {
    context: 'dev',
    kubeconfig: [],
  });
  const s = readSettings({ kubesense: sent });
  assert.equal(s.dryRun.enabled, true);
  assert.deepEqual(s.crds, ['crds/*.yaml']);
  assert.equal(s.maxFileSizeBytes, 1 << 20);
  assert.equal(s.context, 'dev');
  assert.ok(!('explorer' in sent) && !('validation' in sent), 'settings only the extension reads stay home');
});

test('the section in every shape a client sends: nested, flat, prefixed, wrapped', () => {
  const shapes: unknown[] = [
    { dryRun: { enabled: true }, crds: ['a.yaml'] },
    { kubesense: { dryRun: { enabled: true }, crds: ['a.yaml'] } },
    { 'dryRun.enabled': true, crds: ['a.yaml'] },
    { 'kubesense.dryRun.enabled': true, 'kubesense.crds': ['a.yaml'] },
  ];
  for (const raw of shapes) {
    const s = readSettings(raw);
    assert.equal(s.dryRun.enabled, true, JSON.stringify(raw));
    assert.deepEqual(s.crds, ['a.yaml'], JSON.stringify(raw));
  }
});

test('old names other editors may still send are read, the declared name winning over them', () => {
  const cases: [unknown, (s: ReturnType<typeof readSettings>) => unknown, unknown][] = [
    [{ crdFiles: ['c.yaml'] }, (s) => s.crds, ['c.yaml']],
    [{ manifestFiles: 'm.yaml' }, (s) => s.manifests, ['m.yaml']],
    [{ dryRun: true }, (s) => s.dryRun.enabled, true],
    [{ kubesense: { dryRun: true } }, (s) => s.dryRun.enabled, true],
    [{ diagnosticsDelay: 250 }, (s) => s.diagnosticsDelayMs, 250],
    [{ kubeconfig: '/home/me/.kube/dev' }, (s) => s.kubeconfig, ['/home/me/.kube/dev']],
    [{ crdFiles: ['old.yaml'], crds: ['new.yaml'] }, (s) => s.crds, ['new.yaml']],
    [{ crds: ['new.yaml'], crdFiles: ['old.yaml'] }, (s) => s.crds, ['new.yaml']],
  ];
  for (const [raw, pick, want] of cases) assert.deepEqual(pick(readSettings(raw)), want, JSON.stringify(raw));
});

test('malformed values fall back to the default; numbers are held to the declared range', () => {
  const s = readSettings({
    crds: 7,
    dryRun: { enabled: 'yes' },
    kubernetesVersion: 'latest',
    downloadSchemas: 'no',
    maxFileSizeBytes: 1,
    diagnosticsDelayMs: Number.NaN,
  });
  assert.deepEqual(s.crds, setting('crds').default);
  assert.equal(s.dryRun.enabled, false);
  assert.equal(s.kubernetesVersion, FALLBACK_KUBERNETES_VERSION);
  assert.equal(s.downloadSchemas, true);
  assert.equal(s.maxFileSizeBytes, setting('maxFileSizeBytes').minimum);
  assert.equal(s.diagnosticsDelayMs, setting('diagnosticsDelayMs').default);
  assert.equal(readSettings({ kubernetesVersion: 'v1.33.2' }).kubernetesVersion, '1.33');
  assert.equal(readSettings({ diagnosticsDelayMs: 99_999 }).diagnosticsDelayMs, 5000);
});

test('kubesense.references.* are read nested, flat or prefixed, each on its own', () => {
  for (const raw of [
    { references: { codeLens: false, ignore: ['Secret/*-tls'] } },
    { 'references.codeLens': false, 'references.ignore': ['Secret/*-tls'] },
    { 'kubesense.references.codeLens': false, 'kubesense.references.ignore': 'Secret/*-tls' },
  ]) {
    const r = readSettings(raw).references;
    assert.equal(r.codeLens, false, JSON.stringify(raw));
    assert.deepEqual(r.ignore, ['Secret/*-tls'], JSON.stringify(raw));
    assert.equal(r.enabled, setting('references.enabled').default, 'the others keep their defaults');
    assert.equal(r.warnMissingSecrets, setting('references.warnMissingSecrets').default);
  }
});
