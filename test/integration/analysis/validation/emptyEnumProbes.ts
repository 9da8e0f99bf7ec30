// Probes of "" at every enum field of every built-in kind (issue 12), derived from schemas rather than written per
// field: the kinds are those the upstream 1.35 OpenAPI documents describe with a create endpoint that the cluster
// also serves; the enum fields are those the cluster's own OpenAPI v3 publishes `enum` for (the upstream documents
// publish none) plus the hand table of enums the server checks in Go (builtin/enums.ts). Each probe is a minimal
// object of the kind — a handcrafted base only for kinds whose required fields do not make a valid object — with the
// field's parents built from their required fields (one element for lists) and a value at the field. Used by the
// generator (test/cluster/probeEmptyEnums.ts) and the drift test (emptyEnum.test.ts).
import { formatPath } from '../../../../analysis/documents/path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { RESTClient } from '../../../../kube/rest/client';
import { StatusError } from '../../../../kube/rest/errors';
import { OpenAPIV3Client, type OpenAPISchema } from '../../../../kube/openapi';
import type { restConfigFromFile } from '../../../../kube/kubeconfig';
import { BUILTIN_ENUM_LISTS, BUILTIN_ENUMS } from '../../../../analysis/validation/builtin/enums';
import { typeEnumKey } from '../../../../analysis/validation/builtin/emptyEnums';

type Obj = Record<string, unknown>;
type Segment = string | number;
type Schemas = Record<string, OpenAPISchema>;

const upstream = path.resolve(__dirname, '../../../../..', '../shared/k8s/openapi-v3/1.35');

/** A kind the API server creates: its POST endpoint and its schema in the cluster's document. */
export interface CreatableKind {
  apiVersion: string;
  kind: string;
  /** POST path segments (namespaced kinds in `default`). */
  segs: string[];
  namespaced: boolean;
  schemas: Schemas;
  root: string;
}

export interface EnumProbe {
  /** `<group>.<Type>.<field>` (`[]` after a list field: its items), the key of the table. */
  key: string;
  kind: CreatableKind;
  /** Where the value goes, the shortest path of the field in the kind. */
  path: Segment[];
  /** The enum's values (the server's, as published; the hand table's where it publishes none). */
  values: string[];
  /** The enum the server published for the field, if it published one. */
  published?: string[];
}

export type ProbeResult =
  | {
      verdict: 'accepted' | 'refused';
      /** The listed value the server accepts there (proof that the object around the field is valid). */
      control: string;
      /** The server's error for "" ('' when accepted). */
      error: string;
      /** The server's error for a value outside the enum ('': create does not check the field at all). */
      unlisted: string;
      /**
       * The server's error for each value of the enum that its message for `unlisted` does not list (a published
       * value Go's validation refuses: it may list other values for it, a toleration's `Gt` all four operators).
       */
      refusedValues: Record<string, string>;
    }
  | { verdict: 'unprobeable'; reason: string };

/** `Pod spec.containers[0].imagePullPolicy` */
export function probeName(p: EnumProbe): string {
  return `${p.kind.kind} ${p.path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('')}`;
}

// ----- kinds -----

/** Every kind with a create endpoint in the upstream 1.35 documents that the cluster serves too. */
export async function creatableKinds(config: ReturnType<typeof restConfigFromFile>): Promise<CreatableKind[]> {
  const openapi = new OpenAPIV3Client(config, { disk: false });
  const served = await openapi.paths();
  const out: CreatableKind[] = [];
  for (const file of upstreamDocuments()) {
    const gvPath = path.relative(upstream, file).replace(/\.json$/, '');
    const gv = served.get(gvPath);
    if (!gv) continue;
    const mine = JSON.parse(fs.readFileSync(file, 'utf8')) as { paths: Record<string, Obj> };
    const theirs = (await gv.schema()) as { paths: Record<string, Obj>; components: { schemas: Schemas } };
    for (const [p, item] of Object.entries(mine.paths)) {
      const post = item.post as Obj | undefined;
      const gvk = post?.['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string };
      if (!post || post['x-kubernetes-action'] !== 'post' || !gvk || p.includes('{name}')) continue;
      const ref = requestBodyRef(theirs.paths[p]?.post as Obj | undefined);
      if (!ref) continue; // not served by this cluster
      const namespaced = p.includes('{namespace}');
      out.push({
        apiVersion: gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version,
        kind: gvk.kind,
        segs: p
          .split('/')
          .filter(Boolean)
          .map((s) => (s === '{namespace}' ? 'default' : s)),
        namespaced,
        schemas: theirs.components.schemas,
        root: ref,
      });
    }
  }
  return out.sort((a, b) => `${a.apiVersion}/${a.kind}`.localeCompare(`${b.apiVersion}/${b.kind}`));
}

function upstreamDocuments(): string[] {
  const apis = path.join(upstream, 'apis');
  return [
    path.join(upstream, 'api', 'v1.json'),
    ...fs
      .readdirSync(apis)
      .sort()
      .flatMap((g) =>
        fs
          .readdirSync(path.join(apis, g))
          .sort()
          .map((v) => path.join(apis, g, v)),
      ),
  ];
}

function requestBodyRef(post: Obj | undefined): string | undefined {
  const content = ((post?.requestBody as Obj | undefined)?.content ?? {}) as Record<string, { schema?: OpenAPISchema }>;
  const ref = Object.values(content)[0]?.schema?.$ref;
  return ref?.replace('#/components/schemas/', '');
}

// ----- enum fields -----

function refName(s: OpenAPISchema | undefined): string | undefined {
  const ref = s?.$ref ?? s?.allOf?.[0]?.$ref;
  return ref?.replace('#/components/schemas/', '');
}

function deref(schemas: Schemas, s: OpenAPISchema | undefined): OpenAPISchema | undefined {
  const name = refName(s);
  return name ? schemas[name] : s;
}

/**
 * Every enum field of the kind at its shortest path (breadth first), outside `.status` where it can be: status fields
 * are probed like any other (most strategies reset status on create, which then accepts any value there).
 */
export function enumProbes(kind: CreatableKind): EnumProbe[] {
  const out = new Map<string, EnumProbe>();
  for (const status of [false, true]) {
    const seen = new Set<string>();
    const queue: { type: string; path: Segment[] }[] = [{ type: kind.root, path: [] }];
    while (queue.length) {
      const { type, path: at } = queue.shift()!;
      if (seen.has(type)) continue;
      seen.add(type);
      const key = typeEnumKey(type);
      for (const [prop, raw] of Object.entries(kind.schemas[type]?.properties ?? {})) {
        if (!at.length && prop === 'status' && !status) continue;
        const s = deref(kind.schemas, raw);
        const items = deref(kind.schemas, s?.items);
        const found: [string, Segment[], unknown, unknown][] = [
          [`${key}.${prop}`, [...at, prop], s?.enum ?? (key && BUILTIN_ENUMS[key]?.[prop]), s?.enum],
          [`${key}.${prop}[]`, [...at, prop, 0], items?.enum ?? (key && BUILTIN_ENUM_LISTS[key]?.[prop]), items?.enum],
        ];
        for (const [k, p, values, published] of found) {
          if (!key || !Array.isArray(values) || out.has(k)) continue;
          out.set(k, {
            key: k,
            kind,
            path: p,
            values: values.map(String),
            ...(Array.isArray(published) ? { published: published.map(String) } : {}),
          });
        }
        const child = refName(raw);
        if (child) queue.push({ type: child, path: [...at, prop] });
        const itemType = refName(s?.items);
        if (itemType) queue.push({ type: itemType, path: [...at, prop, 0] });
      }
    }
  }
  return [...out.values()];
}

// ----- objects -----

// Minimal values of types whose required fields (name only, or none) are no valid object for the server's Go
// validation. Everything else is derived from `required`.
const MINIMAL: Record<string, () => unknown> = {
  'io.k8s.api.core.v1.Container': () => ({ name: 'app', image: 'nginx' }),
  'io.k8s.api.core.v1.EphemeralContainer': () => ({ name: 'debug', image: 'busybox' }),
  'io.k8s.api.core.v1.PodTemplateSpec': () => ({
    metadata: { labels: { app: 'ee' } },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
  }),
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': () => ({ matchLabels: { app: 'ee' } }),
  'io.k8s.api.core.v1.Toleration': () => ({ key: 'k' }),
  'io.k8s.api.core.v1.VolumeMount': () => ({ name: 'ee-vol', mountPath: '/ee' }),
  'io.k8s.api.core.v1.AzureDiskVolumeSource': () => ({
    diskName: 'd',
    diskURI: 'https://ee.blob.core.windows.net/c/d.vhd',
  }),
  'io.k8s.api.core.v1.ImageVolumeSource': () => ({ reference: 'nginx' }),
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': () => ({
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '1Gi' } },
  }),
  'io.k8s.api.core.v1.PersistentVolumeClaim': () => ({
    metadata: { name: 'ee-data' },
    spec: MINIMAL['io.k8s.api.core.v1.PersistentVolumeClaimSpec'](),
  }),
  'io.k8s.api.batch.v1.PodFailurePolicyRule': () => ({
    action: 'FailJob',
    onExitCodes: { operator: 'In', values: [1] },
  }),
  'io.k8s.api.discovery.v1.Endpoint': () => ({ addresses: ['10.0.0.1'] }),
  'io.k8s.api.networking.v1.HTTPIngressPath': () => ({
    path: '/',
    pathType: 'Prefix',
    backend: { service: { name: 's', port: { number: 80 } } },
  }),
  'io.k8s.api.admissionregistration.v1.MutatingWebhook': () => webhook(),
  'io.k8s.api.admissionregistration.v1.ValidatingWebhook': () => webhook(),
  'io.k8s.api.admissionregistration.v1.RuleWithOperations': () => rule(),
  'io.k8s.api.admissionregistration.v1.NamedRuleWithOperations': () => rule(),
  'io.k8s.apimachinery.pkg.api.resource.Quantity': () => '1',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': () => 1,
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': () => '2026-01-01T00:00:00Z',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': () => '2026-01-01T00:00:00.000000Z',
};

// Kinds whose required fields alone make no valid object (Go validation requires more than the schema says).
const BASES: Record<string, (p: EnumProbe) => Obj> = {
  Pod: () => ({ spec: { containers: [{ name: 'app', image: 'nginx' }] } }),
  Service: () => ({ spec: { selector: { app: 'ee' }, ports: [{ port: 80 }] } }),
  Endpoints: () => ({ subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] }),
  PersistentVolumeClaim: () => ({
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  }),
  // A volume of its own unless the probe is in one: a volume has exactly one source.
  PersistentVolume: (p) => ({
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
      ...(/VolumeSource$/.test(refName(p.kind.schemas[PV_SPEC]?.properties?.[p.path[1]]) ?? '')
        ? {}
        : { hostPath: { path: '/tmp/ee' } }),
    },
  }),
  Deployment: () => ({ spec: { selector: { matchLabels: { app: 'ee' } } } }),
  ReplicaSet: () => ({ spec: { selector: { matchLabels: { app: 'ee' } } } }),
  DaemonSet: () => ({ spec: { selector: { matchLabels: { app: 'ee' } } } }),
  StatefulSet: () => ({ spec: { selector: { matchLabels: { app: 'ee' } }, serviceName: 'ee' } }),
  ReplicationController: () => ({ spec: { selector: { app: 'ee' }, template: MINIMAL[POD_TEMPLATE]() } }),
  ValidatingAdmissionPolicy: () => ({
    spec: { matchConstraints: { resourceRules: [rule()] }, validations: [{ expression: 'true' }] },
  }),
  ValidatingAdmissionPolicyBinding: () => ({ spec: { policyName: 'ee', validationActions: ['Deny'] } }),
  SubjectAccessReview: () => ({ spec: { user: 'ee' } }),
  LocalSubjectAccessReview: () => ({ spec: { user: 'ee', resourceAttributes: { namespace: 'default' } } }),
  Ingress: () => ({ spec: { defaultBackend: { service: { name: 's', port: { number: 80 } } } } }),
  ResourceSlice: (p) => ({
    spec: {
      driver: 'ee.example.com',
      pool: { name: 'p', resourceSliceCount: 1 },
      ...(p.path[1] === 'nodeSelector' ? {} : { allNodes: true }),
    },
  }),
  CertificateSigningRequest: () => ({ spec: { request: csr(), signerName: 'example.com/ee' } }),
  Job: () => ({
    spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx' }], restartPolicy: 'Never' } } },
  }),
  CronJob: () => ({
    spec: {
      schedule: '* * * * *',
      jobTemplate: {
        spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx' }], restartPolicy: 'Never' } } },
      },
    },
  }),
};
const POD_TEMPLATE = 'io.k8s.api.core.v1.PodTemplateSpec';
const PV_SPEC = 'io.k8s.api.core.v1.PersistentVolumeSpec';
// Create-only kinds (reviews) whose metadata must be empty (apart from the namespace).
const UNNAMED = new Set([
  'SubjectAccessReview',
  'SelfSubjectAccessReview',
  'LocalSubjectAccessReview',
  'SelfSubjectRulesReview',
  'TokenReview',
  'SelfSubjectReview',
]);

// Fields that a listed value is valid at only with a sibling set: the probe sets it (the same for "" and the control).
const CONTEXT: Record<string, (parent: Obj) => void> = {
  'core.ServiceSpec.externalTrafficPolicy': (spec) => (spec.type = 'NodePort'),
};

let csrPem: string | undefined;
/** A PEM certificate signing request (openssl), for CertificateSigningRequest's spec.request. */
function csr(): string {
  if (!csrPem) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-ee-csr-'));
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
    csrPem = execFileSync('openssl', ['req', '-new', '-key', key, '-subj', '/CN=ee'], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return Buffer.from(csrPem).toString('base64');
}

/** Volumes for the probe's volume mounts (VolumeMount's minimal value names `ee-vol`), after any volume it sets. */
function addMountedVolumes(v: unknown): void {
  if (!v || typeof v !== 'object') return;
  if (Array.isArray(v)) return v.forEach(addMountedVolumes);
  const o = v as Obj;
  const containers = o.containers as Obj[] | undefined;
  if (
    Array.isArray(containers) &&
    containers.some((c) => (c.volumeMounts as Obj[] | undefined)?.some((m) => m.name === 'ee-vol'))
  )
    o.volumes = [...((o.volumes as Obj[] | undefined) ?? []), { name: 'ee-vol', emptyDir: {} }];
  Object.values(o).forEach(addMountedVolumes);
}
const rule = (): Obj => ({ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] });
const webhook = (): Obj => ({
  name: 'ee.example.com',
  clientConfig: { url: 'https://ee.example.com' },
  sideEffects: 'None',
  admissionReviewVersions: ['v1'],
});

function minimal(schemas: Schemas, raw: OpenAPISchema | undefined, depth = 0): unknown {
  const name = refName(raw);
  if (name && MINIMAL[name]) return MINIMAL[name]();
  const s = deref(schemas, raw);
  if (!s || depth > 12) return {};
  if (s['x-kubernetes-int-or-string']) return 1;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  switch (s.type) {
    case 'string':
      return s.format === 'byte' ? 'YQ==' : 'a';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    case 'array':
      return [minimal(schemas, s.items, depth + 1)];
    default: {
      const o: Obj = {};
      for (const r of s.required ?? []) o[r] = minimal(schemas, s.properties?.[r], depth + 1);
      return o;
    }
  }
}

/** The kind's minimal object with `value` at the probe's path (its parents built where the base has none). */
export function probeObject(p: EnumProbe, value: string): Obj {
  const { kind } = p;
  const root = kind.schemas[kind.root];
  const o: Obj = {
    ...(minimal(kind.schemas, { $ref: `#/components/schemas/${kind.root}` }) as Obj),
    ...BASES[kind.kind]?.(p),
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    metadata: {
      ...(UNNAMED.has(kind.kind) ? {} : { name: 'ee-probe' }),
      ...(kind.namespaced ? { namespace: 'default' } : {}),
    },
  };
  if (['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'].includes(kind.kind))
    (o.spec as Obj).template = MINIMAL[POD_TEMPLATE]();
  let at: Record<Segment, unknown> = o;
  let schema: OpenAPISchema | undefined = root;
  p.path.forEach((seg, i) => {
    const own: OpenAPISchema | undefined =
      typeof seg === 'number' ? schema?.items : deref(kind.schemas, schema)?.properties?.[seg];
    if (i === p.path.length - 1) {
      CONTEXT[p.key]?.(at as Obj);
      at[seg] = value;
      return;
    }
    if (at[seg] === undefined || at[seg] === null) at[seg] = minimal(kind.schemas, own);
    at = at[seg] as Record<Segment, unknown>;
    schema = deref(kind.schemas, own);
  });
  addMountedVolumes(o);
  return o;
}

// ----- the server -----

/** The server's error for a dry-run create (strict field validation), or '' when it accepts the object. */
export async function dryRunError(rest: RESTClient, kind: CreatableKind, o: Obj): Promise<string> {
  try {
    await rest
      .post()
      .absPath(...kind.segs)
      .param('dryRun', 'All')
      .param('fieldValidation', 'Strict')
      .body(o)
      .do();
    return '';
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    return e.message || e.reason || 'refused';
  }
}

/**
 * The server's verdict on "" at the probe's field: first a control — the object with a listed value, the first the
 * server accepts — proves the object around the field valid; without one the field is unprobeable.
 */
export async function runProbe(rest: RESTClient, p: EnumProbe): Promise<ProbeResult> {
  let first = '';
  for (const v of p.values.filter((x) => x !== '')) {
    const err = await dryRunError(rest, p.kind, probeObject(p, v));
    if (!err) {
      const [error, unlisted] = await Promise.all([
        dryRunError(rest, p.kind, probeObject(p, '')),
        dryRunError(rest, p.kind, probeObject(p, UNLISTED)),
      ]);
      const listed = supportedValuesIn(unlisted, formatPath(p.path), UNLISTED);
      const refusedValues: Record<string, string> = {};
      if (listed)
        for (const other of p.values.filter((x) => x !== '' && !listed.includes(x)))
          refusedValues[other] = await dryRunError(rest, p.kind, probeObject(p, other));
      return { verdict: error ? 'refused' : 'accepted', control: v, error, unlisted, refusedValues };
    }
    first ||= err;
  }
  return { verdict: 'unprobeable', reason: `no listed value makes a valid object: ${first}` };
}

/** The values an "Unsupported value" message about `value` at `field` lists, in its order; undefined when none. */
export function supportedValuesIn(message: string, field: string, value: string): string[] | undefined {
  const clause = `${field}: Unsupported value: ${JSON.stringify(value)}: supported values: `;
  const at = message.indexOf(clause);
  if (at < 0) return undefined;
  const list = /^"(?:[^"\\]|\\.)*"(?:, "(?:[^"\\]|\\.)*")*/.exec(message.slice(at + clause.length));
  return list ? [...list[0].matchAll(/"(?:[^"\\]|\\.)*"/g)].map((m) => JSON.parse(m[0]) as string) : undefined;
}

/** A value no enum lists. */
export const UNLISTED = 'EeNotListed';

/** Runs fn over items, `limit` at a time (dry runs in batches: the suite stays fast). */
export async function inBatches<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}
