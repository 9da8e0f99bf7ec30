// Generated kubeconfig situations for the differential test against real kubectl: a pool of files (conflicting
// entries, missing/empty/broken files, relative paths, exec/auth-provider users, secrets to redact, YAML 1.1
// scalars, JSON) combined into many file lists, and the commands to run over each.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rng } from './mutations';

// Fake PEM-ish bytes: valid base64 in files, contents irrelevant to kubectl's config commands.
const CA = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBfake-ca\n-----END CERTIFICATE-----\n').toString('base64');
const CERT = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBfake-client\n-----END CERTIFICATE-----\n').toString(
  'base64',
);
const KEY = Buffer.from('-----BEGIN PRIVATE KEY-----\nMIIEfake-key\n-----END PRIVATE KEY-----\n').toString('base64');

/** The file pool, relative to a scenario directory. */
export const FILES: Record<string, string> = {
  'a.yaml': `# team A: comments must survive our writes
apiVersion: v1
kind: Config
current-context: ctx-a
preferences: {}
clusters:
- name: shared
  cluster:
    server: https://a.example:6443
    certificate-authority-data: ${CA}
    tls-server-name: a.internal
- name: only-a
  cluster:
    server: https://only-a:443
    insecure-skip-tls-verify: true
    unknown-field: dropped
users:
- name: shared-user
  user:
    token: token-from-a-SECRET
- name: cert-user
  user:
    client-certificate-data: ${CERT}
    client-key-data: ${KEY}
contexts:
- name: ctx-a
  context:
    cluster: shared
    user: shared-user
    namespace: team-a
- name: both
  context:
    cluster: only-a
    user: cert-user
`,
  'b.yaml': `apiVersion: v1
kind: Config
current-context: ctx-b
preferences:
  colors: true
clusters:
- name: shared
  cluster:
    server: https://b.example:6443
    proxy-url: http://proxy.b:3128
- name: only-b
  cluster:
    server: "https://only-b"
    disable-compression: yes
users:
- name: shared-user
  user:
    username: admin
    password: password-from-b-SECRET
- name: exec-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      args: ["--verbose", "on"]
      env:
      - name: CLOUDSDK_CORE_PROJECT
        value: "0123"
      installHint: Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
      provideClusterInfo: true
contexts:
- name: ctx-b
  context:
    cluster: only-b
    user: exec-user
- name: both
  context:
    cluster: shared
    user: shared-user
    namespace: from-b
extensions:
- name: b-ext
  extension:
    z: 1
    a: [yes, "no", 0x10, 1e3, ~, 2001-12-14]
`,
  'c.json': JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'ctx-c',
    clusters: [{ name: 'json-cluster', cluster: { server: 'https://json:6443', 'certificate-authority-data': CA } }],
    users: [
      {
        name: 'provider-user',
        user: {
          'auth-provider': {
            name: 'oidc',
            config: { 'client-id': 'kubesense', 'id-token': 'idtoken-SECRET', 'idp-issuer-url': 'https://issuer' },
          },
        },
      },
      // kubectl prints a missing auth-provider config as `config: null` and an empty one as `config: {}`.
      { name: 'provider-bare', user: { 'auth-provider': { name: 'gcp' } } },
      { name: 'provider-empty', user: { 'auth-provider': { name: 'azure', config: {} } } },
    ],
    contexts: [{ name: 'ctx-c', context: { cluster: 'json-cluster', user: 'provider-user', namespace: 'json-ns' } }],
  }),
  'empty.yaml': '',
  'dashes.yaml': '---\n# only a comment\n',
  'syntax.yaml': 'apiVersion: v1\nclusters:\n- name: x\n  cluster:\n    server: https://x\n   broken: indentation\n',
  'types.yaml': 'apiVersion: v1\nclusters:\n- name: x\n  cluster:\n    server: on\n',
  'base64.yaml': 'users:\n- name: bad\n  user:\n    client-key-data: not*base64\n',
  'dup.yaml':
    'contexts:\n- name: twice\n  context: {cluster: a, user: b}\n- name: twice\n  context: {cluster: c, user: d}\n',
  'kind.yaml': 'apiVersion: v1\nkind: Pod\n',
  'sub/rel.yaml': `apiVersion: v1
kind: Config
current-context: rel
clusters:
- name: rel-cluster
  cluster:
    server: https://rel:6443
    certificate-authority: certs/ca.crt
users:
- name: rel-user
  user:
    client-certificate: certs/client.crt
    client-key: ../sub/certs/client.key
    tokenFile: certs/token
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/plugin
      interactiveMode: Never
contexts:
- name: rel
  context:
    cluster: rel-cluster
    user: rel-user
    namespace: rel-ns
- name: dangling
  context:
    cluster: nowhere
    user: nobody
`,
  'sub/certs/ca.crt': '-----BEGIN CERTIFICATE-----\nREL-CA\n-----END CERTIFICATE-----\n',
  'sub/certs/client.crt': '-----BEGIN CERTIFICATE-----\nREL-CLIENT\n-----END CERTIFICATE-----\n',
  'sub/certs/client.key': '-----BEGIN PRIVATE KEY-----\nREL-KEY\n-----END PRIVATE KEY-----\n',
  'sub/certs/token': 'reltoken-SECRET\n',
  'weird.yaml': `clusters:
- name: "yes"
  cluster:
    server: 'https://weird:1'
    tls-server-name: "#hash"
    extensions:
    - name: client.authentication.k8s.io/exec
      extension:
        long: "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau"
        multi: "line one\\nline two\\n"
        colon: "a: b"
        quote: "it's"
        n: n
        "123": num
        tab: "a\\tb"
        unicode: "héllo wörld"
contexts:
- name: "on"
  context:
    cluster: "yes"
    user: "1.5"
    namespace: "007"
- name: "*star"
  context: {cluster: "yes", user: "~"}
users:
- name: "1.5"
  user:
    as: admin
    as-groups: [system:masters, "null"]
    as-user-extra: {reason: [debugging], b: []}
current-context: "on"
`,
  'noctx.yaml': 'apiVersion: v1\nkind: Config\nclusters:\n- name: lonely\n  cluster: {server: "https://lonely"}\n',
  'missing-ref.yaml': 'current-context: ghost\ncontexts:\n- name: half\n  context: {cluster: absent, user: absent}\n',
};

/** Files whose parse error text we match only up to `yaml:` (go-yaml's wording for every syntax error is not reproduced). */
export const LOOSE_YAML_ERRORS = new Set(['syntax.yaml']);

export function writePool(dir: string) {
  for (const [name, content] of Object.entries(FILES)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content, { mode: 0o600 });
  }
  fs.mkdirSync(path.join(dir, 'home', '.kube'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'home', '.kube', 'config'), FILES['a.yaml'], { mode: 0o600 });
}

export interface Scenario {
  name: string;
  /** KUBECONFIG value (undefined = unset → $HOME/.kube/config). */
  kubeconfigEnv?: string;
  args: string[];
  /** Writes files: run each side in its own copy of the directory. */
  writes?: boolean;
}

const GOOD = ['a.yaml', 'b.yaml', 'c.json', 'sub/rel.yaml', 'weird.yaml', 'noctx.yaml', 'missing-ref.yaml'];
const ODD = ['empty.yaml', 'dashes.yaml', 'nope.yaml', 'missing/dir/x.yaml', 'sub/certs'];
const BROKEN = ['syntax.yaml', 'types.yaml', 'base64.yaml', 'dup.yaml', 'kind.yaml'];

const VIEW_VARIANTS: string[][] = [
  ['config', 'view'],
  ['config', 'view', '--raw'],
  ['config', 'view', '-o', 'json'],
  ['config', 'view', '--raw', '-o=json'],
  ['config', 'view', '--minify'],
  ['config', 'view', '--minify', '--raw', '--context', 'both'],
  ['config', 'view', '--flatten'],
  ['config', 'view', '--flatten', '--minify', '-o', 'json'],
  ['config', 'current-context'],
  ['config', 'get-contexts'],
  ['config', 'get-contexts', '-o', 'name'],
  ['config', 'get-contexts', '--no-headers', 'both', 'ghost', 'ctx-a'],
  ['config', 'view', '-o', 'jsonpath={.current-context}'],
  ['config', 'view', '--raw', '-o', 'jsonpath={range .users[*]}{.name}{"="}{.user.token}{"\\n"}{end}'],
  ['config', 'view', '-o', 'jsonpath={.contexts[?(@.context.namespace)].name}'],
  ['config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server} {.users[0].name}'],
  ['config', 'view', '-o=jsonpath={..namespace}'],
  ['config', 'view', '-o', 'jsonpath={.clusters[*].cluster.extensions}{.extensions[0].extension}'],
];

export function generateScenarios(count = 160): Scenario[] {
  const rand = rng(20241128);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const out: Scenario[] = [];
  // Fixed cases first: precedence, explicit file, flag parsing and usage errors.
  out.push({ name: 'home config', args: ['config', 'view'] });
  out.push({ name: 'home config get-contexts', args: ['config', 'get-contexts'] });
  out.push({ name: 'explicit missing file', args: ['--kubeconfig', 'nope.yaml', 'config', 'view'] });
  out.push({
    name: 'explicit beats KUBECONFIG',
    kubeconfigEnv: 'b.yaml',
    args: ['--kubeconfig=a.yaml', 'config', 'view', '--raw'],
  });
  out.push({ name: 'explicit directory', args: ['--kubeconfig', 'sub', 'config', 'view'] });
  out.push({ name: 'duplicates collapse', kubeconfigEnv: 'b.yaml:a.yaml:b.yaml', args: ['config', 'view', '--raw'] });
  out.push({ name: 'empty KUBECONFIG entries', kubeconfigEnv: ':a.yaml::', args: ['config', 'get-contexts'] });
  out.push({
    name: 'two broken files aggregate',
    kubeconfigEnv: 'types.yaml:a.yaml:base64.yaml',
    args: ['config', 'view'],
  });
  out.push({ name: 'unknown flag', kubeconfigEnv: 'a.yaml', args: ['config', 'view', '--bogus'] });
  out.push({ name: 'flag needs argument', kubeconfigEnv: 'a.yaml', args: ['config', 'view', '--context'] });
  out.push({ name: 'shorthand needs argument', kubeconfigEnv: 'a.yaml', args: ['config', 'view', '-n'] });
  out.push({ name: 'unknown shorthand', kubeconfigEnv: 'a.yaml', args: ['config', 'view', '-x'] });
  out.push({ name: 'bad bool', kubeconfigEnv: 'a.yaml', args: ['config', 'view', '--raw=maybe'] });
  out.push({ name: 'bad verbosity', kubeconfigEnv: 'a.yaml', args: ['config', 'view', '-v=abc'] });
  out.push({ name: 'unexpected args', kubeconfigEnv: 'a.yaml', args: ['config', 'view', 'extra'] });
  out.push({ name: 'unknown output', kubeconfigEnv: 'a.yaml', args: ['config', 'view', '-o', 'xml'] });
  out.push({ name: 'merge=false needs file', kubeconfigEnv: 'a.yaml', args: ['config', 'view', '--merge=false'] });
  out.push({ name: 'merge=false explicit', args: ['--kubeconfig', 'b.yaml', 'config', 'view', '--merge=false'] });
  out.push({
    name: 'flags before command',
    kubeconfigEnv: 'a.yaml:b.yaml',
    args: ['--context', 'both', 'config', '--raw', 'view', '--minify'],
  });
  out.push({ name: 'double dash', kubeconfigEnv: 'a.yaml', args: ['config', 'view', '--', '--raw'] });
  out.push({ name: 'unknown config subcommand', kubeconfigEnv: 'a.yaml', args: ['config', 'bogus'] });
  out.push({
    name: 'get-contexts bad output',
    kubeconfigEnv: 'a.yaml',
    args: ['config', 'get-contexts', '-o', 'wide'],
  });
  out.push({ name: 'jsonpath without template', kubeconfigEnv: 'a.yaml', args: ['config', 'view', '-o', 'jsonpath'] });
  out.push({
    name: 'jsonpath bad index',
    kubeconfigEnv: 'a.yaml',
    args: ['config', 'view', '-o', 'jsonpath={.contexts[x]}'],
  });
  out.push({ name: 'jsonpath unclosed', kubeconfigEnv: 'a.yaml', args: ['config', 'view', '-o', 'jsonpath={.kind'] });
  out.push({
    name: 'jsonpath filter on string',
    kubeconfigEnv: 'a.yaml:b.yaml',
    args: ['config', 'view', '--raw', '-o', "jsonpath={.users[?(@.name=='shared-user')].user.token}"],
  });
  out.push({
    name: 'jsonpath union and slice',
    kubeconfigEnv: 'b.yaml:weird.yaml',
    args: ['config', 'view', '-o', 'jsonpath={.contexts[0:2].name},{.clusters[-1].name}'],
  });
  out.push({ name: 'minify no current context', kubeconfigEnv: 'noctx.yaml', args: ['config', 'view', '--minify'] });
  out.push({ name: 'minify missing context', kubeconfigEnv: 'missing-ref.yaml', args: ['config', 'view', '--minify'] });
  out.push({
    name: 'minify missing cluster',
    kubeconfigEnv: 'missing-ref.yaml',
    args: ['config', 'view', '--minify', '--context', 'half'],
  });
  out.push({ name: 'flatten relative from cwd', kubeconfigEnv: 'sub/rel.yaml', args: ['config', 'view', '--flatten'] });
  out.push({
    name: 'flatten missing file',
    kubeconfigEnv: 'sub/rel.yaml:weird.yaml',
    args: ['config', 'view', '--flatten', '--context', 'dangling'],
  });
  out.push({ name: 'flatten both path and data', kubeconfigEnv: 'a.yaml', args: ['config', 'view', '--flatten'] });
  // Writes.
  for (const env of [
    'a.yaml',
    'a.yaml:b.yaml',
    'b.yaml:a.yaml',
    'nope.yaml:b.yaml:a.yaml',
    'nope.yaml:other.yaml',
    'sub/rel.yaml:c.json',
    'c.json:a.yaml',
    'empty.yaml:b.yaml',
  ]) {
    for (const ctx of ['ctx-a', 'ctx-b', 'both', 'ctx-c', 'rel', 'ghost']) {
      out.push({
        name: `use-context ${ctx} with ${env}`,
        kubeconfigEnv: env,
        args: ['config', 'use-context', ctx],
        writes: true,
      });
    }
    out.push({
      name: `set-context --current ns with ${env}`,
      kubeconfigEnv: env,
      args: ['config', 'set-context', '--current', '--namespace', 'changed'],
      writes: true,
    });
    out.push({
      name: `set-context both ns with ${env}`,
      kubeconfigEnv: env,
      args: ['config', 'set-context', 'both', '--namespace=other'],
      writes: true,
    });
    out.push({
      name: `set-context new with ${env}`,
      kubeconfigEnv: env,
      args: ['config', 'set-context', 'brand-new', '--cluster', 'shared', '--user', 'shared-user'],
      writes: true,
    });
  }
  out.push({ name: 'use alias explicit', args: ['--kubeconfig', 'b.yaml', 'config', 'use', 'both'], writes: true });
  out.push({
    name: 'use-context empty name',
    kubeconfigEnv: 'a.yaml',
    args: ['config', 'use-context', ''],
    writes: true,
  });
  out.push({
    name: 'set-context name and current',
    kubeconfigEnv: 'a.yaml',
    args: ['config', 'set-context', 'x', '--current'],
    writes: true,
  });
  out.push({ name: 'set-context nothing', kubeconfigEnv: 'a.yaml', args: ['config', 'set-context'], writes: true });
  out.push({
    name: 'set-context -n is not its flag',
    kubeconfigEnv: 'a.yaml',
    args: ['config', 'set-context', '--current', '-n', 'x'],
    writes: true,
  });
  out.push({
    name: 'set-context no current',
    kubeconfigEnv: 'noctx.yaml',
    args: ['config', 'set-context', '--current', '--namespace', 'x'],
    writes: true,
  });
  // Random file lists × read commands.
  while (out.length < count) {
    const n = 1 + Math.floor(rand() * 4);
    const files: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = rand();
      files.push(r < 0.7 ? pick(GOOD) : r < 0.9 ? pick(ODD) : pick(BROKEN));
    }
    const args = [...pick(VIEW_VARIANTS)];
    if (rand() < 0.2) args.unshift('--context', pick(['ctx-a', 'ctx-b', 'both', 'rel', 'on']));
    if (rand() < 0.15) {
      out.push({ name: `explicit ${files[0]} ${args.join(' ')}`, args: ['--kubeconfig', files[0], ...args] });
    } else {
      out.push({ name: `KUBECONFIG=${files.join(':')} ${args.join(' ')}`, kubeconfigEnv: files.join(':'), args });
    }
  }
  return out;
}
