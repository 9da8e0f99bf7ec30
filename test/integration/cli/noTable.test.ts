// `kubesense get` against a server without Table support (some aggregated API servers): the fault proxy drops the
// `as=Table` media ranges so the real server answers with plain objects and lists, and kubectl 1.33 goes through the
// same proxy. Both must fall back to the same default columns, byte for byte (AGE cells masked).
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { closeIdleConnections } from '../../../kube/rest/transport';
import { main } from '../../../cli/main';
import { clusterEnv } from '../../cluster/env';
import { FaultProxy } from '../../cluster/faults/proxy';
import { runKubectl } from '../../cluster/kubectl';
import { normalize } from './normalize';

describe('get without server-side Tables matches kubectl 1.33', () => {
  const ns = `cli-notable-${process.pid}`;
  const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-notable-'));
  let setup: Promise<{ direct: string; proxy: FaultProxy }> | undefined;

  async function connect(t: TestContext) {
    const env = clusterEnv(t);
    if (!env) return undefined;
    setup ??= (async () => {
      const must = async (args: string[]) => {
        const r = await runKubectl(args, { kubeconfig: env.kubeconfig });
        if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
      };
      await must(['create', 'namespace', ns]);
      for (const name of ['alpha', 'beta'])
        await must(['-n', ns, 'create', 'configmap', name, `--from-literal=k=${name}`]);
      await must(['-n', ns, 'create', 'service', 'clusterip', 'web', '--tcp=80:8080']);
      const proxy = await FaultProxy.start({ kubeconfig: env.kubeconfig });
      // Every request of the run: discovery is unaffected (it asks for no Table), lists and gets lose theirs.
      proxy.addRule({ fault: { type: 'no-table' }, times: Infinity });
      return { direct: env.kubeconfig, proxy };
    })();
    return setup;
  }

  after(async () => {
    if (setup) {
      const { direct, proxy } = await setup;
      closeIdleConnections();
      await proxy.close();
      await runKubectl(['delete', 'namespace', ns, '--wait=false'], { kubeconfig: direct });
    }
    fs.rmSync(cacheRoot, { recursive: true, force: true });
  });

  const cases: Array<[string, (ns: string) => string[]]> = [
    ['a list of one type', (n) => ['get', 'configmaps', '-n', n]],
    ['-o wide', (n) => ['get', 'configmaps', '-n', n, '-o', 'wide']],
    ['one object by name', (n) => ['get', 'configmap', 'alpha', '-n', n]],
    ['several types', (n) => ['get', 'cm,svc', '-n', n]],
    ['--show-labels and --no-headers', (n) => ['get', 'cm', '-n', n, '--show-labels', '--no-headers']],
    ['a cluster-scoped type, filtered by name', (n) => ['get', 'namespace', n]],
  ];
  for (const [name, args] of cases) {
    test(name, async (t) => {
      const c = await connect(t);
      if (!c) return;
      const kubeconfig = c.proxy.kubeconfig('admin');
      const argv = args(ns);
      const theirs = await runKubectl([`--cache-dir=${path.join(cacheRoot, 'kubectl')}`, ...argv], { kubeconfig });
      let stdout = '';
      let stderr = '';
      const code = await main([`--kubeconfig=${kubeconfig}`, `--cache-dir=${path.join(cacheRoot, 'ours')}`, ...argv], {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        env: process.env,
        cwd: process.cwd(),
      });
      const what = `kubesense ${argv.join(' ')}`;
      assert.equal(normalize(stdout), normalize(theirs.stdout), `${what}: stdout`);
      assert.equal(normalize(stderr), normalize(theirs.stderr), `${what}: stderr`);
      assert.equal(code, theirs.code, `${what}: exit code`);
      assert.match(stdout, /alpha|web|cli-notable/, `${what}: lists the objects`);
      assert.ok(c.proxy.count({ fault: 'no-table' }) > 0, 'the proxy took the Tables away');
    });
  }
});
