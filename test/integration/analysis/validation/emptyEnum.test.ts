// Issue 12: "" at an enum-typed field of a built-in kind. The API server accepts it exactly where a Go defaulter
// fills the unset value in, and refuses it elsewhere. Server-side dry-run of each probe (emptyEnumCases.ts) is
// compared with our verdict — with the cluster's own schemas (which publish `enum`: ajv's check) and with the
// upstream 1.35 folder offline (no `enum`: the built-in enum check) — and with the checked-in table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../../kube/rest/errors';
import type { RESTClient } from '../../../../kube/rest/client';
import { parseManifestFile } from '../../../../analysis/documents';
import type { SchemaStore } from '../../../../analysis/schema';
import { validate } from '../../../../analysis/validation';
import { emptyEnumAccepted } from '../../../../analysis/validation/builtin/emptyEnums';
import { adminClient, clusterStore, dryRunCreate } from './celCrd';
import { storeFor } from '../../../unit/analysis/validation/sharedData';
import { EMPTY_ENUM_CASES, withEmpty } from './emptyEnumCases';

type Obj = Record<string, unknown>;

const RESOURCES: Record<string, string> = {
  Pod: 'pods',
  Service: 'services',
  Endpoints: 'endpoints',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  PersistentVolume: 'persistentvolumes',
  Node: 'nodes',
  NetworkPolicy: 'networkpolicies',
  Ingress: 'ingresses',
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
};

/** The server's error for the object (dry run), or '' when it accepts it. */
async function serverError(rest: RESTClient, o: Obj): Promise<string> {
  const [group, version] = String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/') : ['', o.apiVersion];
  const ns = (o.metadata as Obj).namespace as string | undefined;
  const segs = [...(group ? ['apis', group, String(version)] : ['api', String(version)])];
  if (ns) segs.push('namespaces', ns);
  segs.push(RESOURCES[String(o.kind)]);
  try {
    await dryRunCreate(rest, segs, o);
    return '';
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    return e.reason === 'AlreadyExists' ? '' : e.message;
  }
}

async function ourErrors(store: SchemaStore, o: Obj): Promise<string> {
  const file = parseManifestFile(JSON.stringify(o, null, 2), 'case.json');
  return (await validate(file, store))
    .filter((d) => d.severity === 'error')
    .map((d) => d.message)
    .join('; ');
}

test('"" at enum fields of built-in kinds: our verdict is the API server\'s', { timeout: 300_000 }, async (t) => {
  const admin = adminClient(t);
  if (!admin) return;
  const apiVersions = new Set(EMPTY_ENUM_CASES.map((c) => String(c.base().apiVersion)));
  const paths = [...apiVersions].map((v) => (v.includes('/') ? `apis/${v}` : `api/${v}`));
  const cluster = await clusterStore(admin.config, paths);
  const offline = storeFor('1.35');
  const disagreements: string[] = [];
  const verdicts: string[] = [];
  for (const c of EMPTY_ENUM_CASES) {
    const base = await serverError(admin.rest, c.base());
    assert.equal(base, '', `${c.field}: the base object must be valid: ${base}`);
    const server = await serverError(admin.rest, withEmpty(c));
    verdicts.push(`${c.field}: ${server ? 'refused' : 'accepted'}`);
    const check = (name: string, ours: string): void => {
      if (!!ours !== !!server)
        disagreements.push(`${c.field} (${name}): server ${server || 'accepts'}; we ${ours || 'accept'}`);
    };
    check('cluster schemas', await ourErrors(cluster, withEmpty(c)));
    check('1.35 offline', await ourErrors(offline, withEmpty(c)));
    if (emptyEnumAccepted(c.field) !== !server)
      disagreements.push(`${c.field}: the table says ${emptyEnumAccepted(c.field) ? 'accepted' : 'refused'}`);
  }
  for (const v of verdicts) t.diagnostic(v);
  assert.deepEqual(disagreements, []);
  const accepted = verdicts.filter((v) => v.endsWith('accepted')).length;
  // Both outcomes are probed: a table that only ever says one thing would not test anything.
  assert.ok(accepted > 0 && accepted < verdicts.length, verdicts.join('\n'));
});
