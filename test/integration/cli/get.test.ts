// Differential tests: `kubesense get / api-resources / api-versions` against kubectl 1.33 on the same real
// cluster, compared byte for byte where the output is deterministic (AGE cells removed, program name aside).
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clusterEnv } from '../../cluster/env';
import { runKubectl, waitForCrdsEstablished } from '../../cluster/kubectl';
import { runKubesense, type Run } from './run';
import { normalize } from './normalize';

const repoRoot = path.resolve(__dirname, '../../../..');
const shared = path.resolve(repoRoot, '../shared/k8s');

const kubesense = runKubesense;

describe('CLI output matches kubectl 1.33 on the real cluster', () => {
  const ns = `cli-${process.pid}`;
  const manyNs = `cli-many-${process.pid}`;
  const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-cli-test-'));
  let setup: Promise<string> | undefined;

  async function connect(t: TestContext): Promise<string | undefined> {
    const env = clusterEnv(t);
    if (!env) return undefined;
    setup ??= (async () => {
      const k = (args: string[], input?: string) => runKubectl(args, { kubeconfig: env.kubeconfig, input });
      const must = async (args: string[], input?: string) => {
        const r = await k(args, input);
        if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
      };
      await must(['create', 'namespace', ns]);
      for (const name of ['alpha', 'beta', 'gamma']) {
        await must(['-n', ns, 'create', 'configmap', name, `--from-literal=key=${name}`]);
      }
      await must(['-n', ns, 'label', 'configmap', 'alpha', 'tier=front']);
      await must(['-n', ns, 'create', 'secret', 'generic', 'token', '--from-literal=a=b']);
      await must(['-n', ns, 'create', 'service', 'clusterip', 'web', '--tcp=80:8080']);
      // A real CRD with printer columns (argo-cd's Application), and an object of it.
      await must(['apply', '--server-side', '-f', path.join(shared, 'crds/argo-cd/application-crd.yaml')]);
      await waitForCrdsEstablished(env.kubeconfig, ['applications.argoproj.io']);
      await must(
        ['apply', '-f', '-'],
        JSON.stringify({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name: 'guestbook', namespace: ns },
          spec: {
            project: 'default',
            destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook' },
            source: { repoURL: 'https://example.com/repo.git', path: 'guestbook', targetRevision: 'HEAD' },
          },
        }),
      );
      // More than 12 objects with ties: Go's sort.Sort leaves equal keys in an order only its algorithm explains.
      await must(['create', 'namespace', manyNs]);
      const many = Array.from({ length: 40 }, (_, i) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: `cm-${String((i * 37) % 101).padStart(3, '0')}`,
          namespace: manyNs,
          labels: i % 5 ? { group: String(i % 3), size: `${(i * 7) % 13}${['', 'Ki', 'm'][i % 3]}` } : {},
        },
        data: { k: String(i % 4) },
      }));
      await must(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: many }));
      // Manifests for -f: objects named by files, fetched from the server (their contents are not what is printed).
      const files = (name: string, docs: object[]) => {
        fs.mkdirSync(path.dirname(path.join(cacheRoot, 'files', name)), { recursive: true });
        fs.writeFileSync(path.join(cacheRoot, 'files', name), docs.map((d) => JSON.stringify(d)).join('\n---\n'));
      };
      const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { stale: 'x' } });
      files('one.yaml', [cm('alpha')]);
      files('two-kinds.yaml', [
        cm('beta'),
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } },
        cm('gamma'),
      ]);
      files('folder/a.yaml', [cm('gamma')]);
      files('folder/b.json', [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' } }]);
      files('folder/notes.txt', [cm('ignored')]);
      files('single/only.yaml', [cm('beta')]);
      files('missing.yaml', [cm('alpha'), cm('missing')]);
      files('unknown-kind.yaml', [
        { apiVersion: 'example.com/v1', kind: 'Flurb', metadata: { name: 'f' } },
        cm('beta'),
      ]);
      fs.writeFileSync(path.join(cacheRoot, 'template.jsonpath'), '{range .items[*]}{.metadata.name}: {.data}\n{end}');
      fs.writeFileSync(
        path.join(cacheRoot, 'columns.txt'),
        'NAME   TIER            KEY\n.metadata.name  {.metadata.labels.tier}  data.key\n',
      );
      return env.kubeconfig;
    })();
    return setup;
  }

  after(async () => {
    if (setup) {
      const kubeconfig = await setup;
      await runKubectl(['delete', 'namespace', ns, '--wait=false'], { kubeconfig });
      await runKubectl(['delete', 'namespace', manyNs, '--wait=false'], { kubeconfig });
    }
    fs.rmSync(cacheRoot, { recursive: true, force: true });
  });

  async function compare(t: TestContext, args: string[]): Promise<Run | undefined> {
    const kubeconfig = await connect(t);
    if (!kubeconfig) return undefined;
    const ours = await kubesense([
      `--kubeconfig=${kubeconfig}`,
      `--cache-dir=${path.join(cacheRoot, 'ours')}`,
      ...args,
    ]);
    const theirs = await runKubectl([`--cache-dir=${path.join(cacheRoot, 'kubectl')}`, ...args], { kubeconfig });
    const what = `kubesense ${args.join(' ')}`;
    assert.equal(normalize(ours.stdout), normalize(theirs.stdout), `${what}: stdout`);
    assert.equal(normalize(ours.stderr), normalize(theirs.stderr), `${what}: stderr`);
    assert.equal(ours.code, theirs.code, `${what}: exit code`);
    return ours;
  }

  const cases: Array<[string, (ns: string) => string[]]> = [
    ['api-resources', () => ['api-resources']],
    ['api-resources -o wide', () => ['api-resources', '-o', 'wide']],
    ['api-resources -o name, cluster-scoped only', () => ['api-resources', '-o', 'name', '--namespaced=false']],
    [
      'api-resources filtered by group, verbs, sorted by kind',
      () => ['api-resources', '--api-group=apps', '--verbs=list,watch', '--sort-by=kind'],
    ],
    ['api-resources with an unsupported output', () => ['api-resources', '-o', 'json']],
    ['api-versions', () => ['api-versions']],
    ['get configmaps (table)', (n) => ['get', 'configmaps', '-n', n]],
    ['get several types: kind-qualified names, one table per type', (n) => ['get', 'cm,secrets,svc', '-n', n]],
    ['get TYPE/NAME pairs -o name', (n) => ['get', 'cm/alpha', 'secret/token', 'service/web', '-n', n, '-o', 'name']],
    ['get one object -o yaml', (n) => ['get', 'configmap', 'alpha', '-n', n, '-o', 'yaml']],
    ['get a list -o json', (n) => ['get', 'cm', '-n', n, '-o', 'json']],
    ['get with a label selector and --show-labels', (n) => ['get', 'cm', '-n', n, '-l', 'tier=front', '--show-labels']],
    [
      'get across namespaces in chunks of 2',
      (n) => ['get', 'cm', '-A', '--chunk-size', '2', '--field-selector', `metadata.namespace=${n}`],
    ],
    ['get a name with a selector', (n) => ['get', 'cm', 'alpha', '-l', 'tier=front', '-n', n]],
    ['get services -o wide', (n) => ['get', 'svc', '-n', n, '-o', 'wide']],
    ['get the "all" category', (n) => ['get', 'all', '-n', n]],
    ['get a missing object (NotFound, exit 1)', (n) => ['get', 'cm', 'alpha', 'missing', '-n', n]],
    ['get an unknown type', () => ['get', 'flurbs']],
    ['get with nothing found', (n) => ['get', 'pods', '-n', n]],
    ['get a custom resource: the CRD printer columns', (n) => ['get', 'applications', '-n', n]],
    ['get a custom resource -o wide (priority columns)', (n) => ['get', 'app', '-n', n, '-o', 'wide']],
    [
      'get by short name and fully qualified type',
      (n) => ['get', 'applications.v1alpha1.argoproj.io/guestbook', '-n', n, '-o', 'name'],
    ],
    // -f: the objects files name, as the server has them (kubectl's builder with Latest()).
    ['get -f one file (table)', (n) => ['get', '-f', path.join(cacheRoot, 'files', 'one.yaml'), '-n', n]],
    [
      'get -f one file naming one object -o yaml: the object',
      (n) => ['get', '-f', path.join(cacheRoot, 'files', 'one.yaml'), '-n', n, '-o', 'yaml'],
    ],
    [
      'get -f two kinds: kind-qualified, a table per run of one kind',
      (n) => ['get', '-f', path.join(cacheRoot, 'files', 'two-kinds.yaml'), '-n', n],
    ],
    [
      'get -f two kinds -o name',
      (n) => ['get', '-f', path.join(cacheRoot, 'files', 'two-kinds.yaml'), '-n', n, '-o', 'name'],
    ],
    [
      'get -f a folder -o json: a List',
      (n) => ['get', '-f', path.join(cacheRoot, 'files', 'folder'), '-n', n, '-o', 'json'],
    ],
    [
      'get -f a folder of one file -o yaml: the object',
      (n) => ['get', '-f', path.join(cacheRoot, 'files', 'single'), '-n', n, '-o', 'yaml'],
    ],
    [
      'get -f twice -o jsonpath: a List',
      (n) => [
        'get',
        '-f',
        path.join(cacheRoot, 'files', 'one.yaml'),
        '-f',
        path.join(cacheRoot, 'files', 'single'),
        '-n',
        n,
        '-o',
        'jsonpath={.kind}:{.items[*].metadata.name}',
      ],
    ],
    ['get -f with a missing object', (n) => ['get', '-f', path.join(cacheRoot, 'files', 'missing.yaml'), '-n', n]],
    [
      'get -f with a missing object --ignore-not-found',
      (n) => ['get', '-f', path.join(cacheRoot, 'files', 'missing.yaml'), '-n', n, '--ignore-not-found'],
    ],
    [
      'get -f one object missing -o yaml',
      (n) => ['get', '-f', path.join(cacheRoot, 'files', 'missing.yaml'), '-n', n, '-o', 'yaml'],
    ],
    ['get -f with an unknown kind', (n) => ['get', '-f', path.join(cacheRoot, 'files', 'unknown-kind.yaml'), '-n', n]],
    [
      'get -f with resource arguments is refused',
      (n) => ['get', 'configmaps', '-f', path.join(cacheRoot, 'files', 'one.yaml'), '-n', n],
    ],
    ['get -f of a missing path', (n) => ['get', '-f', path.join(cacheRoot, 'files', 'nope.yaml'), '-n', n]],
    [
      'get -f one object --watch',
      (n) => ['get', '-f', path.join(cacheRoot, 'files', 'one.yaml'), '-n', n, '--watch', '--request-timeout=2s'],
    ],
    ['get --raw', (n) => ['get', '--raw', `/api/v1/namespaces/${n}/configmaps/beta`]],
    ['get --raw of a missing path', () => ['get', '--raw', '/apis/nope.example.com/v1']],
    ['restricted user: Forbidden (exit 1)', (n) => ['--context=restricted', 'get', 'cm', '-n', n]],
    ['an ambiguous short name warns like kubectl', (n) => ['get', 'ev', '-n', n, '-o', 'name']],
    ['get by name across all namespaces is refused', (n) => ['get', 'cm', 'alpha', '-A', '-n', n]],
    ['watching several types is refused', (n) => ['get', 'cm,secrets', '-n', n, '--watch']],
    [
      'watch one object: printed once, the synthetic ADDED is not repeated',
      (n) => ['get', 'cm', 'beta', '-n', n, '--watch', '--request-timeout=2s'],
    ],
    [
      'watch-only of one object -o yaml prints nothing without changes',
      (n) => ['get', 'cm', 'beta', '-n', n, '--watch-only', '-o', 'yaml', '--request-timeout=2s'],
    ],
    // -o jsonpath / jsonpath-as-json / jsonpath-file
    ['jsonpath: names of a list', (n) => ['get', 'cm', '-n', n, '-o', 'jsonpath={.items[*].metadata.name}']],
    [
      'jsonpath: range with quoted tab and newline',
      (n) => ['get', 'cm', '-n', n, '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.data.key}{"\\n"}{end}'],
    ],
    [
      'jsonpath: a raw tab may be quoted, a raw newline may not',
      (n) => ['get', 'cm', '-n', n, '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\t"}{.data.key}{"\n"}{end}'],
    ],
    [
      'jsonpath: a filter',
      (n) => ['get', 'cm', '-n', n, '-o', 'jsonpath={.items[?(@.metadata.labels.tier=="front")].metadata.name}'],
    ],
    [
      'jsonpath: a map and a list print as JSON',
      (n) => ['get', 'svc', 'web', '-n', n, '-o', 'jsonpath={.spec} {.spec.ports}'],
    ],
    [
      'jsonpath: several types in one List, managedFields visible',
      (n) => [
        'get',
        'cm,svc',
        '-n',
        n,
        '-o',
        'jsonpath={.kind}{range .items[*]} {.kind}/{.metadata.name}:{.spec.ports[0].port}:{.metadata.managedFields[0].manager}{end}',
      ],
    ],
    ['jsonpath: a missing key prints nothing', (n) => ['get', 'cm', 'alpha', '-n', n, '-o', 'jsonpath={.nosuch}']],
    [
      'jsonpath: a missing key with --allow-missing-template-keys=false (the object dump)',
      (n) => ['get', 'cm', 'alpha', '-n', n, '-o', 'jsonpath={.nosuch}', '--allow-missing-template-keys=false'],
    ],
    ['jsonpath: a bad template', (n) => ['get', 'cm', '-n', n, '-o', 'jsonpath={.items[}']],
    ['jsonpath: an unclosed action', (n) => ['get', 'cm', 'alpha', '-n', n, '-o', 'jsonpath={.metadata.name']],
    ['jsonpath: {end} outside a range', (n) => ['get', 'cm', '-n', n, '-o', 'jsonpath={end}']],
    ['jsonpath: index out of bounds', (n) => ['get', 'cm', '-n', n, '-o', 'jsonpath={.items[9].metadata.name}']],
    ['jsonpath: filtering a map', (n) => ['get', 'cm', 'alpha', '-n', n, '-o', 'jsonpath={.data[?(@.x)]}']],
    [
      'jsonpath: an error after NotFound (aggregate)',
      (n) => ['get', 'cm', 'alpha', 'nope', '-n', n, '-o', 'jsonpath={.items[0].metadata.name[?(@.x)]}'],
    ],
    ['jsonpath without a template', (n) => ['get', 'cm', '-n', n, '-o', 'jsonpath']],
    ['jsonpath from --template', (n) => ['get', 'cm', '-n', n, '-o', 'jsonpath', '--template={.kind}']],
    [
      'jsonpath-as-json: one array per action',
      (n) => [
        'get',
        'cm',
        '-n',
        n,
        '-o',
        'jsonpath-as-json={.items[*].metadata.name}{range .items[*]}{.data}{end}{.nope}',
      ],
    ],
    [
      'jsonpath-file',
      (n) => ['get', 'cm', '-n', n, '-o', `jsonpath-file=${path.join(cacheRoot, 'template.jsonpath')}`],
    ],
    ['jsonpath-file that does not exist', (n) => ['get', 'cm', '-n', n, '-o', 'jsonpath-file=/nonexistent/t']],
    // -o custom-columns / custom-columns-file
    [
      'custom-columns: missing fields show <none>, maps and lists as Go prints them',
      (n) => [
        'get',
        'cm',
        '-n',
        n,
        '-o',
        'custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier,DATA:.data,MANAGERS:{.metadata.managedFields[*].manager}',
      ],
    ],
    [
      'custom-columns --no-headers, relaxed paths',
      (n) => ['get', 'cm', '-n', n, '-o', 'custom-columns=NAME:metadata.name,NS:{metadata.namespace}', '--no-headers'],
    ],
    [
      'custom-columns over several types',
      (n) => [
        'get',
        'cm,svc',
        '-n',
        n,
        '-o',
        'custom-columns=KIND:.kind,NAME:.metadata.name,PORTS:.spec.ports[*].port',
      ],
    ],
    [
      'custom-columns of an empty list: the header only',
      (n) => ['get', 'pods', '-n', n, '-o', 'custom-columns=N:.metadata.name'],
    ],
    ['custom-columns with a bad spec', (n) => ['get', 'cm', '-n', n, '-o', 'custom-columns=NAME:.metadata.name,KIND']],
    ['custom-columns with a bad path', (n) => ['get', 'cm', '-n', n, '-o', 'custom-columns=NAME:.metadata.name,X:.a[']],
    [
      'custom-columns: an execution error after the header',
      (n) => ['get', 'cm', 'alpha', '-n', n, '-o', 'custom-columns=NAME:.metadata.name,X:.data[?(@.x)]'],
    ],
    [
      'custom-columns-file (prints its headers even with --no-headers)',
      (n) => ['get', 'cm', '-n', n, '-o', `custom-columns-file=${path.join(cacheRoot, 'columns.txt')}`, '--no-headers'],
    ],
    [
      'custom-columns-file that does not exist',
      (n) => ['get', 'cm', '-n', n, '-o', 'custom-columns-file=/nonexistent/c'],
    ],
    // --sort-by
    ['sort-by on a table', (n) => ['get', 'cm', '-n', n, '--sort-by=.data.key']],
    ['sort-by on a table, missing values first', (n) => ['get', 'cm', '-n', n, '--sort-by=.metadata.labels.tier']],
    [
      'sort-by a field no row has: the table is not printed',
      (n) => ['get', 'cm', '-n', n, '--sort-by=.metadata.nosuch'],
    ],
    [
      'sort-by over several types sorts the tables themselves',
      (n) => ['get', 'cm,svc', '-n', n, '--sort-by=.metadata.name'],
    ],
    [
      'sort-by over objects named one by one',
      (n) => ['get', 'cm', 'gamma', 'alpha', '-n', n, '--sort-by=.metadata.uid'],
    ],
    ['sort-by -o name', (n) => ['get', 'cm', '-n', n, '--sort-by={.metadata.labels.tier}', '-o', 'name']],
    ['sort-by -o json over several types', (n) => ['get', 'cm,svc', '-n', n, '--sort-by=metadata.name', '-o', 'json']],
    ['sort-by a missing field -o name', (n) => ['get', 'cm', '-n', n, '--sort-by=.metadata.nosuch', '-o', 'name']],
    ['sort-by with a bad path -o name', (n) => ['get', 'cm', '-n', n, '--sort-by={.metadata.name', '-o', 'name']],
    [
      'sort-by then jsonpath',
      (n) => ['get', 'cm', '-n', n, '--sort-by=.metadata.uid', '-o', 'jsonpath={.items[*].metadata.name}'],
    ],
    [
      'sort-by many objects with ties (Go pdqsort)',
      () => ['get', 'cm', '-n', manyNs, '--sort-by=.data.k', '-o', 'name'],
    ],
    [
      'sort-by many rows with ties and missing values',
      () => ['get', 'cm', '-n', manyNs, '--sort-by=.metadata.labels.group'],
    ],
    ['sort-by quantities', () => ['get', 'cm', '-n', manyNs, '--sort-by=.metadata.labels.size', '-o', 'name']],
  ];
  for (const [name, args] of cases) {
    test(name, async (t) => {
      await compare(t, args(ns));
    });
  }

  test('go-template is not implemented: a clear error; an unknown format names what kubesense prints', async (t) => {
    const kubeconfig = await connect(t);
    if (!kubeconfig) return;
    const run = (output: string) => kubesense([`--kubeconfig=${kubeconfig}`, 'get', 'cm', '-n', ns, '-o', output]);
    const goTemplate = await run('go-template={{.kind}}');
    assert.equal(goTemplate.stdout, '');
    assert.equal(
      goTemplate.stderr,
      'error: --output go-template is not supported by kubesense get (use jsonpath or custom-columns)\n',
    );
    assert.equal(goTemplate.code, 1);
    const unknown = await run('flurb');
    assert.equal(
      unknown.stderr,
      'error: unable to match a printer suitable for the output format "flurb", allowed formats are: ' +
        'custom-columns,custom-columns-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,wide,yaml\n',
    );
    assert.equal(unknown.code, 1);
  });

  test('a CRD created after discovery was cached is found: the stale cache is refetched once on a miss', async (t) => {
    const kubeconfig = await connect(t);
    if (!kubeconfig) return;
    const cacheDir = path.join(cacheRoot, 'refetch');
    const warm = await kubesense([
      `--kubeconfig=${kubeconfig}`,
      `--cache-dir=${cacheDir}`,
      'api-resources',
      '-o',
      'name',
    ]);
    assert.equal(warm.code, 0);
    if (!warm.stdout.includes('dnsendpoints.externaldns.k8s.io')) {
      const crd = path.join(shared, 'crds/kubectl-validate/more-crds/dnsendpoints.yaml');
      assert.equal((await runKubectl(['apply', '--server-side', '-f', crd], { kubeconfig })).code, 0);
      await waitForCrdsEstablished(kubeconfig, ['dnsendpoints.externaldns.k8s.io']);
    } else {
      // Another run created it already: make our cache forget it so the miss path is still exercised.
      for (const dir of fs.readdirSync(path.join(cacheDir, 'discovery'))) {
        fs.rmSync(path.join(cacheDir, 'discovery', dir, 'externaldns.k8s.io'), { recursive: true, force: true });
        const groups = path.join(cacheDir, 'discovery', dir, 'servergroups.json');
        const doc = JSON.parse(fs.readFileSync(groups, 'utf8')) as { groups: Array<{ name: string }> };
        doc.groups = doc.groups.filter((g) => g.name !== 'externaldns.k8s.io');
        fs.writeFileSync(groups, JSON.stringify(doc));
      }
    }
    const r = await kubesense([
      `--kubeconfig=${kubeconfig}`,
      `--cache-dir=${cacheDir}`,
      'get',
      'dnsendpoints',
      '-n',
      ns,
    ]);
    assert.equal(r.stderr, `No resources found in ${ns} namespace.\n`);
    assert.equal(r.code, 0);
  });

  test('-v=8 logs requests with credentials masked', async (t) => {
    const kubeconfig = await connect(t);
    if (!kubeconfig) return;
    const r = await kubesense([
      `--kubeconfig=${kubeconfig}`,
      `--cache-dir=${path.join(cacheRoot, 'ours')}`,
      '-v=8',
      'get',
      'ns',
      ns,
      '-o',
      'name',
    ]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `namespace/${ns}\n`);
    // Whatever the log layout (the RESTClient's, modelled on kubectl's round_trippers), the request and its status show.
    assert.match(r.stderr, new RegExp(`GET.*https://127\\.0\\.0\\.1:\\d+/api/v1/namespaces/${ns}\\b`));
    assert.match(r.stderr, /200 OK/);
    assert.match(r.stderr, /Authorization: Bearer <masked>/);
    const token = /token: (\S+)/.exec(fs.readFileSync(kubeconfig, 'utf8'))?.[1];
    assert.ok(token && !r.stderr.includes(token), 'the bearer token never reaches the log');
  });

  test('get --watch prints the table then each change, until --request-timeout', async (t) => {
    const kubeconfig = await connect(t);
    if (!kubeconfig) return;
    // The timeout must outlast the two kubectl runs below, slow on a loaded machine.
    let listed: () => void = () => undefined;
    const watchStarted = new Promise<void>((resolve) => (listed = resolve));
    const watching = kubesense(
      [`--kubeconfig=${kubeconfig}`, '--request-timeout=20s', 'get', 'cm', '-n', ns, '--watch', '-l', 'watch=me'],
      {},
      undefined,
      (sofar) => sofar.stderr.includes('No resources found') && listed(),
    );
    // Changes made before the list would be in the table, not printed as changes: wait until it has been printed.
    await Promise.race([watchStarted, watching]);
    await runKubectl(['-n', ns, 'create', 'configmap', 'watched'], { kubeconfig });
    await runKubectl(['-n', ns, 'label', 'configmap', 'watched', 'watch=me'], { kubeconfig });
    const r = await watching;
    assert.equal(r.code, 0);
    assert.match(r.stderr, new RegExp(`No resources found in ${ns} namespace.`));
    assert.match(r.stdout, /^NAME\s+DATA\s+AGE\nwatched\s+0\s+\d+s\n$/);
  });
});
