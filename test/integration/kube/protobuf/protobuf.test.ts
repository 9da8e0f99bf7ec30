// Protobuf on the wire against the real API server: every built-in kind the server serves and kube/protobuf
// knows is listed (same resourceVersion, exact match), got and watched in protobuf and in JSON, and the objects
// must be equal field by field; errors come back as the same Status; custom resources stay JSON.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { clusterEnv } from '../../../cluster/env';
import { runKubectl } from '../../../cluster/kubectl';
import { runKubesense } from '../../cli/run';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { RESTClient } from '../../../../kube/rest/client';
import { DynamicClient, type ResourceClient } from '../../../../kube/dynamic/client';
import type { Unstructured } from '../../../../kube/dynamic/unstructured';
import { BUILTIN_RESOURCES, ClientSet } from '../../../../kube/typed';
import { StatusError, isNotFound } from '../../../../kube/rest/errors';
import type { RequestLogEntry } from '../../../../kube/rest/logging';
import type { WatchEvent } from '../../../../kube/rest/watch';
import { PROTOBUF_ACCEPT, PROTOBUF_CONTENT_TYPE, hasProtobuf } from '../../../../kube/protobuf/wire';

interface Clients {
  json: DynamicClient;
  proto: DynamicClient;
  typed: ClientSet;
  log: RequestLogEntry[];
}

const ns = `proto-${process.pid}`;

/** Paths where two JSON values differ (with both values), so a failure names the field. */
function differences(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  if (out.length >= 20) return out;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys)
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, out);
  } else if (!k8sEqual(a, b)) out.push(`${path}: protobuf ${JSON.stringify(a)} vs JSON ${JSON.stringify(b)}`);
  return out;
}

function k8sEqual(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

/**
 * Protobuf messages have no TypeMeta for objects embedded in objects (a StatefulSet's volumeClaimTemplates: the API
 * server defaults apiVersion/kind there and JSON shows them, protobuf cannot carry them; client-go sees them empty
 * too). Dropped from the JSON side below the object's own level; everything else must match.
 */
function withoutEmbeddedTypeMeta(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutEmbeddedTypeMeta(v, depth));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const embeddedObject = depth >= 1 && 'metadata' in value;
    if (embeddedObject && (k === 'apiVersion' || k === 'kind')) continue;
    // Lists and watch events hold whole objects one level down; those keep their own apiVersion/kind.
    const objectLevel = k === 'items' || k === 'object';
    out[k] = withoutEmbeddedTypeMeta(v, objectLevel && depth === 0 ? 0 : depth + 1);
  }
  return out;
}

/** Field by field, then exactly (key order aside). */
function assertSame(viaProto: unknown, viaJSON: unknown, what: string): void {
  viaJSON = withoutEmbeddedTypeMeta(viaJSON);
  assert.deepEqual(differences(viaProto, viaJSON), [], what);
  assert.deepEqual(viaProto, viaJSON, what);
}

const UID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const CHOSEN_BY_SERVER = new Set([
  'creationTimestamp',
  // a PersistentVolume's create stamps its phase's transition (to the second: two requests can straddle one)
  'lastPhaseTransitionTime',
  'time',
  'clusterIP',
  'clusterIPs',
  'nodePort',
  'healthCheckNodePort',
]);

/**
 * What the server picks anew on every request, so two dry-run writes differ there whatever the encoding: uids
 * (and labels naming them: a Job's controller-uid), timestamps, a Service's allocated cluster IPs and node ports.
 */
function withoutServerChoices(obj: unknown): unknown {
  return JSON.parse(JSON.stringify(obj), (key: string, value: unknown) =>
    CHOSEN_BY_SERVER.has(key) ? undefined : typeof value === 'string' ? value.replace(UID, '<uid>') : value,
  );
}

/** Messages name the uid a dry run made up; it differs between two requests. */
function withoutUIDs(message: string): string {
  return message.replace(UID, '<uid>');
}

/** A Job's selector and template labels name its uid (the server generates them); a copy must leave them out. */
function withoutGeneratedJobSelector(job: Record<string, unknown>): void {
  const spec = job.spec as { selector?: unknown; template?: { metadata?: { labels?: Record<string, string> } } };
  delete spec.selector;
  const labels = spec.template?.metadata?.labels ?? {};
  for (const k of ['controller-uid', 'job-name', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name'])
    delete labels[k];
}

describe('protobuf on the wire (real API server)', () => {
  let setup: Promise<Clients> | undefined;

  async function connect(t: TestContext): Promise<Clients | undefined> {
    const env = clusterEnv(t);
    if (!env) return undefined;
    setup ??= (async () => {
      const config = restConfigFromFile(env.kubeconfig, 'admin');
      config.qps = -1;
      const log: RequestLogEntry[] = [];
      const rest = new RESTClient(config, { logger: (e) => log.push(e) });
      const json = new DynamicClient(rest);
      const typed = new ClientSet({ ...config, contentType: 'application/vnd.kubernetes.protobuf' });
      await json
        .resource({ group: '', version: 'v1', resource: 'namespaces' })
        .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      const proto = new DynamicClient(rest, { accept: PROTOBUF_ACCEPT, contentType: PROTOBUF_CONTENT_TYPE });
      return { json, proto, typed, log };
    })();
    return setup;
  }

  after(async () => {
    if (setup)
      await (
        await setup
      ).json
        .resource({ group: '', version: 'v1', resource: 'namespaces' })
        .delete(ns)
        .catch(() => undefined);
  });

  function lastExchange(c: Clients, path: string): RequestLogEntry {
    const e = [...c.log].reverse().find((x) => new URL(x.url).pathname === path);
    assert.ok(e, `no request to ${path}`);
    return e;
  }

  test('every served built-in kind: a protobuf list equals the JSON list of the same resourceVersion', async (t) => {
    const c = await connect(t);
    if (!c) return;
    let compared = 0;
    let objects = 0;
    const kinds: string[] = [];
    for (const r of BUILTIN_RESOURCES) {
      if (!r.verbs.includes('list') || !hasProtobuf(r.group, r.version)) continue;
      const gvr = { group: r.group, version: r.version, resource: r.resource };
      let jsonList;
      try {
        jsonList = await c.json.resource(gvr).list();
      } catch (e) {
        if (isNotFound(e)) continue; // group-version not served by this API server (alpha/beta off)
        throw e;
      }
      const rv: string = jsonList.metadata?.resourceVersion ?? '';
      // The same snapshot for both (an exact resourceVersion), so controllers writing in between do not matter.
      const at = rv ? ({ resourceVersion: rv, resourceVersionMatch: 'Exact' } as const) : {};
      const protoList = await c.proto.resource(gvr).list(at);
      const path = `${r.group ? `/apis/${r.group}` : '/api'}/${r.version}/${r.resource}`;
      const exchange = lastExchange(c, path);
      assert.equal(exchange.requestHeaders['Accept'], PROTOBUF_ACCEPT, path);
      assert.match(String(exchange.responseHeaders?.['content-type']), /^application\/vnd\.kubernetes\.protobuf/, path);
      const exact = await c.json.resource(gvr).list(at);
      if (rv) assertSame(protoList, exact, `${path} at resourceVersion ${rv}`);
      else {
        // No resourceVersion: a list computed per request (ComponentStatus probes its components, in Go's random
        // map order), not a snapshot two encodings can both be read at. The same objects, by name.
        const names = (l: { items: { metadata?: { name?: string } }[] }) =>
          l.items.map((i) => i.metadata?.name ?? '').sort();
        assert.deepEqual(names(protoList), names(exact), path);
      }
      compared++;
      objects += protoList.items.length;
      if (protoList.items.length) kinds.push(r.kind);
    }
    t.diagnostic(`${compared} resources compared, ${objects} objects, kinds with objects: ${kinds.join(' ')}`);
    // The seed's kinds (and what the controllers make of them) must all have been compared with objects in them.
    const seeded = ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Service'];
    seeded.push('ConfigMap', 'Secret', 'Node', 'Namespace', 'Ingress', 'IngressClass', 'PersistentVolume');
    seeded.push('EndpointSlice', 'Lease', 'ServiceAccount', 'ClusterRole');
    for (const kind of seeded) assert.ok(kinds.includes(kind), `no ${kind} compared`);
  });

  test('get: the typed ClientSet in protobuf returns what JSON returns, for a pod and a deployment', async (t) => {
    const c = await connect(t);
    if (!c) return;
    // The seed's own namespace: other suites running meanwhile delete and change the objects of theirs.
    const pods = await c.json.resource({ group: '', version: 'v1', resource: 'pods' }).namespace('shop').list();
    const pod = pods.items.find((p) => p.metadata?.namespace);
    assert.ok(pod, 'the seed has pods');
    const name = pod.metadata!.name!;
    const podNs = pod.metadata!.namespace!;
    for (let attempt = 0; ; attempt++) {
      const viaProto = await c.typed.coreV1().pods(podNs).get(name);
      const viaJSON = await c.json.resource({ group: '', version: 'v1', resource: 'pods' }).namespace(podNs).get(name);
      if (viaProto.metadata?.resourceVersion !== viaJSON.metadata?.resourceVersion && attempt < 5) continue;
      assertSame(viaProto, viaJSON, `pod ${podNs}/${name}`);
      break;
    }
    const deploy = (
      await c.json.resource({ group: 'apps', version: 'v1', resource: 'deployments' }).namespace('shop').list()
    ).items[0];
    const dProto = await c.typed.appsV1().deployments(deploy.metadata!.namespace!).get(deploy.metadata!.name!);
    assert.equal(dProto.kind, 'Deployment');
    assert.equal(dProto.apiVersion, 'apps/v1');
    assert.deepEqual(dProto.spec, (deploy as { spec?: unknown }).spec);
  });

  test('paging: a protobuf list of Secrets in pages of 2 carries continue tokens and adds up to the JSON list', async (t) => {
    const c = await connect(t);
    if (!c) return;
    const gvr = { group: '', version: 'v1', resource: 'secrets' };
    // Its own namespace, so other suites writing meanwhile do not change the answer.
    for (let i = 0; i < 5; i++)
      await c.json
        .resource(gvr)
        .namespace(ns)
        .create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `s${i}` }, data: { k: 'AAEC/w==' } });
    const all = await c.json.resource(gvr).namespace(ns).list();
    assert.ok(all.items.length >= 5, 'needs more than one page');
    const names: string[] = [];
    const pagesItems: unknown[] = [];
    let cont = '';
    let pages = 0;
    do {
      const page = await c.proto
        .resource(gvr)
        .namespace(ns)
        .list({ limit: 2, continue: cont || undefined });
      names.push(...page.items.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`));
      pagesItems.push(...page.items);
      cont = page.metadata?.continue ?? '';
      pages++;
    } while (cont);
    assert.ok(pages > 1);
    assertSame(pagesItems, all.items, 'Secrets page by page');
    assert.deepEqual(
      names,
      all.items.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`),
    );
  });

  test('watch: protobuf watch events equal the JSON watch events from the same resourceVersion', async (t) => {
    const c = await connect(t);
    if (!c) return;
    const cms = { group: '', version: 'v1', resource: 'configmaps' };
    const deps = { group: 'apps', version: 'v1', resource: 'deployments' };
    const start = (await c.json.resource(cms).namespace(ns).list()).metadata?.resourceVersion ?? '';
    await c.json
      .resource(cms)
      .namespace(ns)
      .create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'a', labels: { x: 'y' } },
        data: { k: 'v' },
        binaryData: { b: Buffer.from([0, 1, 2, 255]).toString('base64') },
      });
    await c.json
      .resource(cms)
      .namespace(ns)
      .patch('a', 'merge', { data: { k: 'w' } });
    await c.json.resource(cms).namespace(ns).delete('a');
    await c.typed
      .appsV1()
      .deployments(ns)
      .create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'd' } },
          template: {
            metadata: { labels: { app: 'd' } },
            spec: {
              containers: [{ name: 'c', image: 'busybox', resources: { limits: { cpu: '100m', memory: '64Mi' } } }],
            },
          },
        },
      });
    async function collect(client: DynamicClient, gvr: typeof cms, n: number): Promise<WatchEvent[]> {
      const w = await client.resource(gvr).namespace(ns).watch({ resourceVersion: start });
      const out: WatchEvent[] = [];
      for await (const ev of w) {
        out.push(ev);
        if (out.length === n) break;
      }
      w.stop();
      return out;
    }
    const jsonCM = await collect(c.json, cms, 3);
    const protoCM = await collect(c.proto, cms, 3);
    assert.deepEqual(
      protoCM.map((e) => e.type),
      ['ADDED', 'MODIFIED', 'DELETED'],
    );
    assertSame(protoCM, jsonCM, 'configmap events');
    const wEntry = lastExchange(c, `/api/v1/namespaces/${ns}/configmaps`);
    assert.match(
      String(wEntry.responseHeaders?.['content-type']),
      /^application\/vnd\.kubernetes\.protobuf;stream=watch/,
    );
    const jsonD = await collect(c.json, deps, 1);
    const protoD = await collect(c.proto, deps, 1);
    assertSame(protoD, jsonD, 'deployment events');
  });

  test('create and update in protobuf: every creatable built-in kind with objects gives what JSON gives (dry run)', async (t) => {
    const c = await connect(t);
    if (!c) return;
    const created: string[] = [];
    const refused: string[] = [];
    for (const r of BUILTIN_RESOURCES) {
      if (!r.verbs.includes('create') || !r.verbs.includes('list') || !hasProtobuf(r.group, r.version)) continue;
      const gvr = { group: r.group, version: r.version, resource: r.resource };
      const items: Unstructured[] = await c.json
        .resource(gvr)
        .list()
        .then((l) => l.items)
        .catch((e: unknown) => (isNotFound(e) ? [] : Promise.reject(e)));
      if (!items.length) continue;
      const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
      // List items carry no TypeMeta; a request body must (it names the protobuf message, as client-go's does).
      const original: Unstructured = { ...items[0], apiVersion, kind: r.kind };
      const meta = original.metadata!;
      const client = (d: DynamicClient, namespace = meta.namespace): ResourceClient =>
        namespace ? d.resource(gvr).namespace(namespace) : d.resource(gvr);
      const pathIn = (namespace: string | undefined) =>
        `${r.group ? `/apis/${r.group}` : '/api'}/${r.version}/${namespace ? `namespaces/${namespace}/` : ''}${r.resource}`;
      const path = pathIn(meta.namespace);
      const what = `${apiVersion} ${r.kind}`;

      // Create: the object under a new name, without what the server set (dry run: nothing is stored), in this
      // suite's own namespace: another suite's namespace may be terminating meanwhile, which refuses any create.
      const fresh = structuredClone(original) as Record<string, unknown> & { metadata: Record<string, unknown> };
      fresh.metadata = {
        name: `pb-${String(meta.name).slice(0, 50)}`,
        namespace: meta.namespace ? ns : undefined,
        labels: (meta as { labels?: unknown }).labels,
        annotations: (meta as { annotations?: unknown }).annotations,
      };
      if (r.kind === 'Job') withoutGeneratedJobSelector(fresh);
      const into = meta.namespace ? ns : undefined;
      const viaJSON: unknown = await client(c.json, into)
        .create(fresh, { dryRun: true })
        .catch((e: unknown) => e);
      const viaProto: unknown = await client(c.proto, into)
        .create(fresh, { dryRun: true })
        .catch((e: unknown) => e);
      const sent = lastExchange(c, pathIn(into));
      assert.equal(sent.requestHeaders['Content-Type'], PROTOBUF_CONTENT_TYPE, `${what}: create body in protobuf`);
      if (viaJSON instanceof Error) {
        // Refused (a Service's allocated port, a kind the server makes itself): refused the same way in protobuf.
        assert.ok(viaJSON instanceof StatusError && viaProto instanceof StatusError, `${what}: ${String(viaProto)}`);
        assert.equal(withoutUIDs(viaProto.message), withoutUIDs(viaJSON.message), what);
        refused.push(r.kind);
      } else {
        assert.ok(!(viaProto instanceof Error), `${what}: JSON created it, protobuf failed: ${String(viaProto)}`);
        assertSame(withoutServerChoices(viaProto), withoutServerChoices(viaJSON), `${what}: created`);
        created.push(r.kind);
      }

      // Update: the object as listed, written back unchanged.
      const upJSON: unknown = await client(c.json)
        .update(original, { dryRun: true })
        .catch((e: unknown) => e);
      const upProto: unknown = await client(c.proto)
        .update(original, { dryRun: true })
        .catch((e: unknown) => e);
      assert.equal(lastExchange(c, `${path}/${meta.name}`).requestHeaders['Content-Type'], PROTOBUF_CONTENT_TYPE);
      if (upJSON instanceof StatusError && upProto instanceof StatusError && upJSON.status.reason === 'Conflict')
        continue; // a controller wrote it in between
      if (upJSON instanceof Error)
        assert.equal(withoutUIDs(String(upProto)), withoutUIDs(String(upJSON)), `${what}: update`);
      else assertSame(withoutServerChoices(upProto), withoutServerChoices(upJSON), `${what}: updated`);
    }
    t.diagnostic(`created in both encodings: ${created.join(' ')}; refused in both: ${refused.join(' ')}`);
    const seeded = ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ConfigMap'];
    seeded.push('Secret', 'Namespace', 'Ingress', 'IngressClass', 'PersistentVolume', 'ServiceAccount', 'ClusterRole');
    for (const kind of seeded) assert.ok(created.includes(kind), `${kind} not created in both encodings`);
  });

  test('kubesense get --content-type=protobuf: the list comes in protobuf and prints what kubectl prints', async (t) => {
    const c = await connect(t);
    if (!c) return;
    const env = clusterEnv(t)!;
    await c.json
      .resource({ group: '', version: 'v1', resource: 'configmaps' })
      .namespace(ns)
      .create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'printed', labels: { a: 'b' } },
        data: { k: 'v' },
      });
    for (const output of ['json', 'yaml', 'name']) {
      const args = [`--kubeconfig=${env.kubeconfig}`, '-n', ns, 'get', 'configmaps,secrets', '-o', output];
      const ours = await runKubesense([...args, '--content-type=protobuf', '-v=8']);
      const theirs = await runKubectl(args, { kubeconfig: env.kubeconfig });
      assert.equal(ours.code, 0, ours.stderr);
      assert.match(ours.stderr, /Accept: application\/vnd\.kubernetes\.protobuf, \*\/\*/);
      assert.match(ours.stderr, /content-type: application\/vnd\.kubernetes\.protobuf/i);
      assert.equal(ours.stdout, theirs.stdout, `-o ${output}`);
    }
    const bad = await runKubesense([`--kubeconfig=${env.kubeconfig}`, 'get', 'pods', '--content-type=xml']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--content-type must be 'json' or 'protobuf'/);
  });

  test('errors: a 404 in protobuf is the same typed StatusError as in JSON', async (t) => {
    const c = await connect(t);
    if (!c) return;
    const gvr = { group: '', version: 'v1', resource: 'pods' };
    const viaProto = await c.proto
      .resource(gvr)
      .namespace(ns)
      .get('no-such-pod')
      .catch((e: unknown) => e);
    const viaJSON = await c.json
      .resource(gvr)
      .namespace(ns)
      .get('no-such-pod')
      .catch((e: unknown) => e);
    assert.ok(viaProto instanceof StatusError && viaJSON instanceof StatusError);
    const exchange = lastExchange(c, `/api/v1/namespaces/${ns}/pods/no-such-pod`);
    assert.ok(isNotFound(viaProto));
    assert.deepEqual(viaProto.status, viaJSON.status);
    assert.equal(viaProto.message, 'pods "no-such-pod" not found');
    void exchange;
  });

  test('custom resources stay JSON even for a protobuf client', async (t) => {
    const c = await connect(t);
    if (!c) return;
    const gvr = { group: 'ops.kubesense.dev', version: 'v1alpha1', resource: 'backups' };
    const list = await c.proto.resource(gvr).list();
    const exchange = lastExchange(c, '/apis/ops.kubesense.dev/v1alpha1/backups');
    assert.equal(exchange.requestHeaders['Accept'], 'application/json');
    assert.match(String(exchange.responseHeaders?.['content-type']), /^application\/json/);
    assert.ok(list.items.length > 0, 'the seed has Backups');
  });
});
