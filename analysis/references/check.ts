// Cross-file reference checks of one file against the index (and the live cluster for what the workspace lacks).
// Every rule has an id (the diagnostic's code) and a setting that turns it off. How each rule decides is in the
// README ("References between objects"); the principle: warn only when the target certainly does not exist where
// the API server would look, and say "cannot tell" (information) when the cluster could not be asked.
import type { KubeDiagnostic } from '../validation/types';
import { formatPath, FieldPath } from '../documents';
import type { IndexedObject, ReferenceIndex } from './index';
import { describeKey, NameReference, ObjectKey, SelectorReference, ServicePort } from './model';
import { selectorString } from './extract';
import type { LiveAnswer, LiveObjects } from './live';

export type ReferenceRuleId = 'dangling-reference' | 'selector-no-match' | 'target-port-name' | 'ingress-backend-port';

export interface ReferenceCheckSettings {
  /** Rules turned on (all by default). */
  rules: Record<ReferenceRuleId, boolean>;
  /** `Kind/name` or `Kind/namespace/name` patterns (`*` wildcards) never reported missing. */
  ignore: string[];
  /**
   * No cluster to ask: true treats the checked files as everything there is (`kubesense check --references`), false
   * says "cannot tell" as information instead of warning (the editor, where objects may exist in a cluster).
   */
  filesAreComplete: boolean;
  /**
   * Missing Secrets as warnings. Off by default: Secrets are usually made outside the manifests (by controllers, by
   * `kubectl create secret` at deploy time, by secret operators), so a missing one is said as information.
   */
  warnMissingSecrets: boolean;
}

export const DEFAULT_REFERENCE_CHECKS: ReferenceCheckSettings = {
  rules: {
    'dangling-reference': true,
    'selector-no-match': true,
    'target-port-name': true,
    'ingress-backend-port': true,
  },
  ignore: [],
  filesAreComplete: false,
  warnMissingSecrets: false,
};

/** Where a target was found. `unknown` carries why the cluster could not tell. */
type Resolution =
  | { found: 'workspace'; objects: IndexedObject[] }
  | { found: 'cluster'; live: Record<string, unknown> }
  | { found: 'nowhere' }
  | { found: 'unknown'; reason: string };

export async function checkReferences(
  index: ReferenceIndex,
  uri: string,
  settings: ReferenceCheckSettings,
  live: LiveObjects | undefined,
  signal: AbortSignal,
  noClusterReason = 'no cluster is connected',
): Promise<KubeDiagnostic[]> {
  const out: KubeDiagnostic[] = [];
  const ignore = settings.ignore.map(ignorePattern);
  const resolve = async (key: ObjectKey): Promise<Resolution> => {
    const objects = index.definitionsOf(key);
    if (objects.length > 0) return { found: 'workspace', objects };
    const producers = index.producersOf(key);
    if (producers.length > 0) return { found: 'workspace', objects: producers };
    if (!live) return settings.filesAreComplete ? { found: 'nowhere' } : { found: 'unknown', reason: noClusterReason };
    const answer = await live.get(key, signal);
    if (!answer.known) return { found: 'unknown', reason: `the cluster could not be asked: ${answer.reason}` };
    return answer.value ? { found: 'cluster', live: answer.value } : { found: 'nowhere' };
  };
  const where = live ? ` nor in the cluster (context "${live.context}")` : '';

  for (const object of index.objectsOf(uri)) {
    if (signal.aborted) return out;
    const report = (severity: KubeDiagnostic['severity'], code: ReferenceRuleId, path: FieldPath, message: string) =>
      out.push(diagnostic(index, object, severity, code, path, message));
    for (const ref of object.facts.references) {
      if (ref.optional || ignore.some((re) => re.test(ignoreSubject(ref.target)))) continue;
      const res = await resolve(ref.target);
      if (settings.rules['dangling-reference']) {
        const secret = ref.target.kind === 'Secret' && ref.target.group === '' && !settings.warnMissingSecrets;
        if (res.found === 'nowhere' && secret)
          report(
            'information',
            'dangling-reference',
            ref.path,
            `${describeKey(ref.target)} is not defined in the workspace${where}; Secrets are often created outside manifests (set kubesense.references.warnMissingSecrets to warn).`,
          );
        else if (res.found === 'nowhere')
          report(
            'warning',
            'dangling-reference',
            ref.path,
            `${describeKey(ref.target)} is not defined in the workspace${where}.`,
          );
        else if (res.found === 'unknown')
          report(
            'information',
            'dangling-reference',
            ref.path,
            `${describeKey(ref.target)} is not defined in the workspace; ${res.reason}, so whether it exists cannot be told.`,
          );
      }
      if (ref.servicePort && settings.rules['ingress-backend-port']) {
        const ports =
          res.found === 'workspace'
            ? res.objects[0]!.facts.servicePorts
            : res.found === 'cluster'
              ? livePorts(res.live)
              : undefined;
        if (ports) {
          const problem = backendPortProblem(ref, ports);
          if (problem) report('warning', 'ingress-backend-port', ref.servicePort.path, problem);
        }
      }
    }
    for (const sel of object.facts.selectors) {
      if (sel.rule !== 'service-selector') continue;
      await checkService(index, object, sel, settings, live, noClusterReason, signal, report);
    }
  }
  return out.sort((a, b) => a.offsets.start - b.offsets.start);
}

async function checkService(
  index: ReferenceIndex,
  service: IndexedObject,
  sel: SelectorReference,
  settings: ReferenceCheckSettings,
  live: LiveObjects | undefined,
  noClusterReason: string,
  signal: AbortSignal,
  report: (severity: KubeDiagnostic['severity'], code: ReferenceRuleId, path: FieldPath, message: string) => void,
): Promise<void> {
  const matched = index.templatesMatching(sel.namespace, sel.selector);
  const shown = selectorString(sel.selector);
  if (matched.length === 0 && settings.rules['selector-no-match']) {
    let answer: LiveAnswer<boolean> | undefined;
    if (live) answer = await live.anyPod(sel.namespace, sel.selector, signal);
    if (answer?.known && answer.value) return;
    if (answer?.known || (!live && settings.filesAreComplete))
      report(
        'warning',
        'selector-no-match',
        sel.path,
        `Service selector ${shown} matches no Pod template in the workspace${live ? ` and no Pod in the cluster (context "${live.context}")` : ''} in namespace "${sel.namespace}".`,
      );
    else
      report(
        'information',
        'selector-no-match',
        sel.path,
        `Service selector ${shown} matches no Pod template in the workspace; ${answer && !answer.known ? `the cluster could not be asked: ${answer.reason}` : noClusterReason}, so whether Pods match cannot be told.`,
      );
    return;
  }
  if (matched.length === 0 || !settings.rules['target-port-name']) return;
  // A named targetPort must be a container port name in the selected pods (the endpoints controller skips pods without it).
  const declared = new Set<string>();
  for (const o of matched)
    for (const t of o.facts.podTemplates) {
      // An operator's pods (podMetadata) declare ports we cannot see: the rule cannot tell.
      if (!t.portNames) return;
      for (const n of t.portNames) declared.add(n);
    }
  for (const p of service.facts.servicePorts) {
    if (typeof p.targetPort !== 'string' || /^\d+$/.test(p.targetPort) || declared.has(p.targetPort)) continue;
    report(
      'warning',
      'target-port-name',
      [...service.facts.root, 'spec', 'ports', p.index, 'targetPort'],
      `targetPort "${p.targetPort}" is not the name of a container port in any Pod template the selector ${shown} matches (${matched.map((o) => describeKey(o.facts.key)).join(', ')}${declared.size ? `; they declare ${[...declared].sort().join(', ')}` : '; they declare no port names'}).`,
    );
  }
}

function backendPortProblem(ref: NameReference, ports: ServicePort[]): string | undefined {
  const port = ref.servicePort!.value;
  const svc = describeKey(ref.target);
  if (typeof port === 'number') {
    if (ports.some((p) => p.port === port)) return undefined;
    return `${svc} has no port ${port} (it exposes ${ports.map((p) => p.port).join(', ') || 'no ports'}).`;
  }
  if (ports.some((p) => p.name === port)) return undefined;
  const names = ports.map((p) => p.name).filter((n): n is string => !!n);
  return `${svc} has no port named "${port}" (${names.length ? `its ports are named ${names.join(', ')}` : 'its ports have no names'}).`;
}

function livePorts(service: Record<string, unknown>): ServicePort[] {
  const ports = (service.spec as { ports?: unknown } | undefined)?.ports;
  return (Array.isArray(ports) ? ports : []).map((p: { name?: unknown; port?: unknown }, index) => ({
    index,
    name: typeof p.name === 'string' ? p.name : undefined,
    port: typeof p.port === 'number' ? p.port : undefined,
  }));
}

function diagnostic(
  index: ReferenceIndex,
  object: IndexedObject,
  severity: KubeDiagnostic['severity'],
  code: ReferenceRuleId,
  path: FieldPath,
  message: string,
): KubeDiagnostic {
  // A block (a selector) is marked on its key: the whole mapping would underline several lines.
  const prefer = isBlock(object, path) ? 'key' : 'value';
  const offsets = object.document.rangeOf(path, prefer);
  return {
    code,
    severity,
    message,
    path,
    field: formatPath(path),
    range: index.rangeOf(object, path, false, prefer),
    offsets,
    documentIndex: object.document.index,
  };
}

function ignoreSubject(k: ObjectKey): string {
  return k.namespace ? `${k.kind}/${k.namespace}/${k.name}` : `${k.kind}/${k.name}`;
}

/** `Secret/*-tls` or `Secret/shop/db-*`: a two-part pattern matches in any namespace. */
function ignorePattern(p: string): RegExp {
  const parts = p.split('/');
  const glob = (s: string) =>
    s
      .split('*')
      .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*');
  if (parts.length === 2) return new RegExp(`^${glob(parts[0]!)}/(?:[^/]*/)?${glob(parts[1]!)}$`, 'i');
  return new RegExp(`^${parts.map(glob).join('/')}$`, 'i');
}

function isBlock(object: IndexedObject, path: FieldPath): boolean {
  let v: unknown = object.document.value;
  for (const seg of path) v = (v as Record<string | number, unknown> | undefined)?.[seg];
  return typeof v === 'object' && v !== null;
}
