// "" at an enum field of a built-in type is Go's zero value: unset. The API server accepts it exactly where a
// defaulter (SetDefaults_* in pkg/apis/*/v1*/defaults.go, `+default` markers) fills it in, or where validation
// gives "" a meaning (a Toleration's operator "" is Equal, its effect "" matches every effect); elsewhere it refuses
// it (Unsupported value / Required value) — pointer fields (volumeMode, ipFamilyPolicy, completionMode, pathType,
// internalTrafficPolicy) are only defaulted when nil. Both the ajv enum (published `enum`) and the built-in enum
// check read this. Measured against the real API server: test/integration/analysis/validation/emptyEnum.test.ts
// probes "" at each field below and at the refused ones (its cases) and fails when the server and this table drift.

/** `<group>.<Type>.<field>` (`[]` after a list field: its items) where the server accepts "". */
const EMPTY_ENUM_ACCEPTED = new Set([
  'core.Container.imagePullPolicy',
  'core.Container.terminationMessagePolicy',
  'core.ContainerPort.protocol',
  'core.HTTPGetAction.scheme',
  'core.PodSpec.restartPolicy',
  'core.PodSpec.dnsPolicy',
  'core.Toleration.operator',
  'core.Toleration.effect',
  'core.ServiceSpec.type',
  'core.ServiceSpec.sessionAffinity',
  'core.ServiceSpec.externalTrafficPolicy',
  'core.ServicePort.protocol',
  'core.EndpointPort.protocol',
  'core.PersistentVolumeSpec.persistentVolumeReclaimPolicy',
  'apps.DeploymentStrategy.type',
  'apps.StatefulSetUpdateStrategy.type',
  'apps.StatefulSetSpec.podManagementPolicy',
  'apps.DaemonSetUpdateStrategy.type',
  'batch.CronJobSpec.concurrencyPolicy',
]);

/** Whether the API server accepts "" at `<group>.<Type>.<field>` (see EMPTY_ENUM_ACCEPTED). */
export function emptyEnumAccepted(field: string): boolean {
  return EMPTY_ENUM_ACCEPTED.has(field);
}

/** `io.k8s.api.core.v1.ContainerPort` -> `core.ContainerPort`; meta types -> `meta.X`; other names: undefined. */
export function typeEnumKey(typeName: string): string | undefined {
  const m = /^io\.k8s\.api\.([^.]+)\.[^.]+\.([^.]+)$/.exec(typeName);
  if (m) return `${m[1]}.${m[2]}`;
  const meta = /^io\.k8s\.apimachinery\.pkg\.apis\.meta\.v1\.([^.]+)$/.exec(typeName);
  return meta ? `meta.${meta[1]}` : undefined;
}

/**
 * A translated (JSON Schema) definition of a built-in type with "" added to the `enum` of its fields where the
 * server accepts "" (ajv's enum check of a cluster's published enums would refuse it otherwise).
 */
export function acceptDefaultedEmptyEnums(typeName: string, def: Record<string, unknown>): void {
  const key = typeEnumKey(typeName);
  const props = def.properties as Record<string, Record<string, unknown>> | undefined;
  if (!key || !props) return;
  for (const [prop, s] of Object.entries(props)) {
    addEmpty(s, emptyEnumAccepted(`${key}.${prop}`));
    addEmpty(s.items as Record<string, unknown> | undefined, emptyEnumAccepted(`${key}.${prop}[]`));
  }
}

function addEmpty(s: Record<string, unknown> | undefined, accepted: boolean): void {
  if (accepted && s && Array.isArray(s.enum) && !s.enum.includes('')) s.enum = [...(s.enum as unknown[]), ''];
}
