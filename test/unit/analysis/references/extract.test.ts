// Reference extraction, one table row per reference kind: the YAML of an object, and the references it must make
// (rule, target key, field path, optional or not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { extractObject, labelSelector, selectorMatches } from '../../../../analysis/references/extract';
import { KindScopes } from '../../../../analysis/references/model';
import { formatPath } from '../../../../analysis/documents';

interface Row {
  name: string;
  yaml: string;
  /** `rule Kind ns/name @field [optional]` */
  refs: string[];
}

const podSpec = (indent: string, body: string) =>
  body
    .trim()
    .split('\n')
    .map((l) => indent + l)
    .join('\n');

const FULL_POD_SPEC = `
serviceAccountName: builder
imagePullSecrets: [{ name: regcred }]
priorityClassName: high
runtimeClassName: gvisor
volumes:
  - name: a
    configMap: { name: app-config }
  - name: b
    secret: { secretName: app-secret, optional: true }
  - name: c
    persistentVolumeClaim: { claimName: data }
  - name: d
    projected:
      sources:
        - configMap: { name: proj-cm }
        - secret: { name: proj-secret }
containers:
  - name: app
    env:
      - name: A
        valueFrom: { configMapKeyRef: { name: env-cm, key: a } }
      - name: B
        valueFrom: { secretKeyRef: { name: env-secret, key: b, optional: true } }
    envFrom:
      - configMapRef: { name: from-cm }
      - secretRef: { name: from-secret }
initContainers:
  - name: init
    envFrom: [{ configMapRef: { name: init-cm } }]
`;

function podSpecRefs(ns: string, prefix: string): string[] {
  return [
    `service-account ServiceAccount ${ns}/builder @${prefix}.serviceAccountName`,
    `secret Secret ${ns}/regcred @${prefix}.imagePullSecrets[0].name`,
    `priority-class PriorityClass high @${prefix}.priorityClassName`,
    `runtime-class RuntimeClass gvisor @${prefix}.runtimeClassName`,
    `configmap ConfigMap ${ns}/app-config @${prefix}.volumes[0].configMap.name`,
    `secret Secret ${ns}/app-secret @${prefix}.volumes[1].secret.secretName optional`,
    `persistent-volume-claim PersistentVolumeClaim ${ns}/data @${prefix}.volumes[2].persistentVolumeClaim.claimName`,
    `configmap ConfigMap ${ns}/proj-cm @${prefix}.volumes[3].projected.sources[0].configMap.name`,
    `secret Secret ${ns}/proj-secret @${prefix}.volumes[3].projected.sources[1].secret.name`,
    `configmap ConfigMap ${ns}/init-cm @${prefix}.initContainers[0].envFrom[0].configMapRef.name`,
    `configmap ConfigMap ${ns}/env-cm @${prefix}.containers[0].env[0].valueFrom.configMapKeyRef.name`,
    `secret Secret ${ns}/env-secret @${prefix}.containers[0].env[1].valueFrom.secretKeyRef.name optional`,
    `configmap ConfigMap ${ns}/from-cm @${prefix}.containers[0].envFrom[0].configMapRef.name`,
    `secret Secret ${ns}/from-secret @${prefix}.containers[0].envFrom[1].secretRef.name`,
  ];
}

const workload = (apiVersion: string, kind: string, templateAt: string[]) => {
  let y = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: w, namespace: shop }\n`;
  let indent = '';
  for (const k of templateAt) {
    y += `${indent}${k}:\n`;
    indent += '  ';
  }
  return `${y}${indent}spec:\n${podSpec(indent + '  ', FULL_POD_SPEC)}\n`;
};

const WORKLOADS: [string, string, string[]][] = [
  ['v1', 'ReplicationController', ['spec', 'template']],
  ['apps/v1', 'Deployment', ['spec', 'template']],
  ['apps/v1', 'ReplicaSet', ['spec', 'template']],
  ['apps/v1', 'StatefulSet', ['spec', 'template']],
  ['apps/v1', 'DaemonSet', ['spec', 'template']],
  ['batch/v1', 'Job', ['spec', 'template']],
  ['batch/v1', 'CronJob', ['spec', 'jobTemplate', 'spec', 'template']],
];

const ROWS: Row[] = [
  {
    name: 'Pod: every pod-spec reference, namespace from the default',
    yaml: `apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n${podSpec('  ', FULL_POD_SPEC)}\n`,
    refs: podSpecRefs('team', 'spec'),
  },
  ...WORKLOADS.map(([apiVersion, kind, at]) => ({
    name: `${kind}: pod template references`,
    yaml: workload(apiVersion, kind, at),
    refs: podSpecRefs('shop', [...at, 'spec'].join('.')),
  })),
  {
    name: 'default ServiceAccount and built-in priority classes are optional',
    yaml: `apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: a }\nspec:\n  serviceAccountName: default\n  priorityClassName: system-node-critical\n  containers: [{ name: c }]\n`,
    refs: [
      'service-account ServiceAccount a/default @spec.serviceAccountName optional',
      'priority-class PriorityClass system-node-critical @spec.priorityClassName optional',
    ],
  },
  {
    name: 'StatefulSet volumeClaimTemplates: storage class',
    yaml: `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: db, namespace: data }\nspec:\n  volumeClaimTemplates:\n    - metadata: { name: pgdata }\n      spec: { storageClassName: fast }\n`,
    refs: ['storage-class StorageClass fast @spec.volumeClaimTemplates[0].spec.storageClassName'],
  },
  {
    name: 'PVC: storage class and volume; "" asks for no class',
    yaml: `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: c }\nspec: { storageClassName: standard, volumeName: pv-1 }\n`,
    refs: [
      'storage-class StorageClass standard @spec.storageClassName',
      'persistent-volume PersistentVolume pv-1 @spec.volumeName',
    ],
  },
  {
    name: 'PVC without class',
    yaml: `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: c }\nspec: { storageClassName: "" }\n`,
    refs: [],
  },
  {
    name: 'Ingress: class, backends by port number and name, TLS secret',
    yaml: `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: i, namespace: web }\nspec:\n  ingressClassName: nginx\n  defaultBackend: { service: { name: fallback, port: { number: 80 } } }\n  tls: [{ secretName: web-tls }]\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend: { service: { name: front, port: { name: http } } }\n`,
    refs: [
      'ingress-class IngressClass nginx @spec.ingressClassName',
      'service Service web/fallback @spec.defaultBackend.service.name port 80',
      'service Service web/front @spec.rules[0].http.paths[0].backend.service.name port http',
      'secret Secret web/web-tls @spec.tls[0].secretName',
    ],
  },
  {
    name: 'HPA scaleTargetRef',
    yaml: `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: h, namespace: shop }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: cart }\n`,
    refs: ['scale-target Deployment shop/cart @spec.scaleTargetRef.name'],
  },
  {
    name: "RoleBinding: Role in its namespace, ServiceAccount subjects (default namespace = the binding's)",
    yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: rb, namespace: ops }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }\nsubjects:\n  - { kind: ServiceAccount, name: bot }\n  - { kind: ServiceAccount, name: other, namespace: elsewhere }\n  - { kind: User, name: alice }\n`,
    refs: [
      'role Role ops/reader @roleRef.name',
      'service-account ServiceAccount ops/bot @subjects[0].name',
      'service-account ServiceAccount elsewhere/other @subjects[1].name',
    ],
  },
  {
    name: 'ClusterRoleBinding: ClusterRole (cluster-scoped) and namespaced subject',
    yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: crb }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: metrics-reader }\nsubjects: [{ kind: ServiceAccount, name: mon, namespace: monitoring }]\n`,
    refs: [
      'role ClusterRole metrics-reader @roleRef.name',
      'service-account ServiceAccount monitoring/mon @subjects[0].name',
    ],
  },
  {
    name: 'bindings to bootstrap roles (view, system:*, kube-system readers) are optional',
    yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: rb, namespace: kube-system }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: extension-apiserver-authentication-reader }\n`,
    refs: ['role Role kube-system/extension-apiserver-authentication-reader @roleRef.name optional'],
  },
  {
    name: 'ClusterRoleBinding to view',
    yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: crb }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }\n`,
    refs: ['role ClusterRole view @roleRef.name optional'],
  },
  {
    name: 'ownerReferences',
    yaml: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: x\n  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: app, uid: "1" }]\n`,
    refs: ['owner Deployment x/app @metadata.ownerReferences[0].name'],
  },
  {
    name: 'ServiceAccount: token secrets (optional) and pull secrets',
    yaml: `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: sa, namespace: x }\nsecrets: [{ name: sa-token }]\nimagePullSecrets: [{ name: pull }]\n`,
    refs: ['secret Secret x/sa-token @secrets[0].name optional', 'secret Secret x/pull @imagePullSecrets[0].name'],
  },
];

function show(yaml: string, defaultNs = 'team'): string[] {
  const facts = extractObject(parse(yaml), defaultNs, new KindScopes());
  assert.ok(facts, 'an object');
  return facts.references.map((r) => {
    const t = r.target;
    const port = r.servicePort ? ` port ${r.servicePort.value}` : '';
    return `${r.rule} ${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name} @${formatPath(r.path)}${port}${r.optional ? ' optional' : ''}`;
  });
}

for (const row of ROWS) {
  test(`references: ${row.name}`, () => {
    assert.deepEqual(show(row.yaml).sort(), [...row.refs].sort());
  });
}

test('object keys: namespace from the document, else the default; cluster-scoped kinds have none', () => {
  const key = (y: string) => extractObject(parse(y), 'ctx-ns', new KindScopes())?.key;
  assert.deepEqual(key('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }'), {
    group: '',
    kind: 'ConfigMap',
    namespace: 'ctx-ns',
    name: 'a',
  });
  assert.equal(key('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: b }')?.namespace, 'b');
  assert.equal(
    key('apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: { name: a, namespace: b }')?.namespace,
    '',
  );
  assert.equal(
    key('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: a }')?.namespace,
    '',
  );
  assert.equal(key('apiVersion: v1\nkind: ConfigMap\nmetadata: {}'), undefined, 'no name, no object');
});

test('Service: selector, ports; ExternalName selects nothing', () => {
  const svc = extractObject(
    parse(
      'apiVersion: v1\nkind: Service\nmetadata: { name: s, namespace: n }\nspec:\n  selector: { app: cart }\n  ports: [{ name: http, port: 80, targetPort: web }, { port: 9090, targetPort: 9090 }]\n',
    ),
    'default',
    new KindScopes(),
  )!;
  assert.deepEqual(svc.selectors, [
    {
      rule: 'service-selector',
      namespace: 'n',
      selector: { matchLabels: { app: 'cart' }, matchExpressions: [] },
      path: ['spec', 'selector'],
    },
  ]);
  assert.deepEqual(svc.servicePorts, [
    { index: 0, name: 'http', port: 80, targetPort: 'web' },
    { index: 1, name: undefined, port: 9090, targetPort: 9090 },
  ]);
  const ext = extractObject(
    parse('apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec: { type: ExternalName, selector: { app: x } }\n'),
    'default',
    new KindScopes(),
  )!;
  assert.deepEqual(ext.selectors, []);
});

test('pod templates: labels and container port names', () => {
  const d = extractObject(
    parse(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\nspec:\n  template:\n    metadata: { labels: { app: cart, tier: web } }\n    spec:\n      containers: [{ name: c, ports: [{ name: http, containerPort: 8080 }, { containerPort: 9 }] }]\n',
    ),
    'default',
    new KindScopes(),
  )!;
  assert.deepEqual(d.podTemplates, [
    { labels: { app: 'cart', tier: 'web' }, portNames: new Set(['http']), path: ['spec', 'template'] },
  ]);
});

test('PDB selector with expressions; label selector semantics', () => {
  const pdb = extractObject(
    parse(
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: p }\nspec:\n  selector:\n    matchLabels: { app: a }\n    matchExpressions: [{ key: tier, operator: In, values: [web, api] }]\n',
    ),
    'default',
    new KindScopes(),
  )!;
  const sel = pdb.selectors[0]!.selector;
  assert.equal(selectorMatches(sel, { app: 'a', tier: 'web' }), true);
  assert.equal(selectorMatches(sel, { app: 'a', tier: 'db' }), false);
  assert.equal(selectorMatches(sel, { app: 'a' }), false);
  const notIn = labelSelector({
    matchExpressions: [
      { key: 'x', operator: 'NotIn', values: ['1'] },
      { key: 'y', operator: 'DoesNotExist' },
    ],
  })!;
  assert.equal(selectorMatches(notIn, {}), true);
  assert.equal(selectorMatches(notIn, { x: '1' }), false);
  assert.equal(selectorMatches(notIn, { y: '' }), false);
});

test('controller-made Secrets count as defined (cert-manager Certificate)', () => {
  const cert = extractObject(
    parse(
      'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: { name: c, namespace: web }\nspec: { secretName: web-tls }\n',
    ),
    'default',
    new KindScopes(),
  )!;
  assert.deepEqual(cert.produces, [{ group: '', kind: 'Secret', namespace: 'web', name: 'web-tls' }]);
});
