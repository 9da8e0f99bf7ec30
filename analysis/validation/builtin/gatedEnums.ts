// Enum fields whose checks depend on feature gates, and so on the target Kubernetes version's defaults
// (pkg/features/kube_features.go): a field whose gate is off by default is dropped on create (any value accepted),
// and a value another gate enables is refused while that gate is off. The measured lists (emptyEnumTable.ts) are
// 1.35's; for a newer target a value only they refuse is a warning (enums.ts), as a gate may be on by default there.

/** The first minor version whose default gates keep the field on create, by `<group>.<Type>.<field>`. */
const CHECKED_FROM: Record<string, string> = {
  // SELinuxChangePolicy: alpha (off) in 1.32, beta and on from 1.33; off, dropSELinuxChangePolicy clears the field.
  'core.PodSecurityContext.seLinuxChangePolicy': '1.33',
};

/** Whether the server of a target version checks the enum field at all (it keeps the field on create). */
export function enumFieldCheckedAt(field: string, kubernetesVersion: string | undefined): boolean {
  const from = CHECKED_FROM[field];
  if (!from || !kubernetesVersion) return true;
  const [major, minor] = kubernetesVersion
    .replace(/^v/, '')
    .split('.')
    .map((n) => parseInt(n, 10) || 0);
  const [fromMajor, fromMinor] = from.split('.').map(Number);
  return major !== fromMajor ? major > fromMajor : minor >= fromMinor;
}
