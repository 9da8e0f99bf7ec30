// Per-kind tables of the Go checks, looked up by API group, then kind: every built-in object asks several of them,
// and a `group/Kind` text built for each lookup (then hashed) cost more than the checks the answer often skips.

export class KindTable<V> {
  private readonly byGroup = new Map<string, Map<string, V>>();

  constructor(entries: Iterable<readonly [group: string, kind: string, value: V]>) {
    for (const [group, kind, value] of entries) {
      let kinds = this.byGroup.get(group);
      if (!kinds) this.byGroup.set(group, (kinds = new Map()));
      kinds.set(kind, value);
    }
  }

  get(group: string, kind: string): V | undefined {
    return this.byGroup.get(group)?.get(kind);
  }

  has(group: string, kind: string): boolean {
    return this.byGroup.get(group)?.has(kind) ?? false;
  }
}

/** A table of kinds, from their names per group. */
export function kindSet(kindsByGroup: Record<string, readonly string[]>): KindTable<true> {
  return new KindTable(
    Object.entries(kindsByGroup).flatMap(([group, kinds]) => kinds.map((kind) => [group, kind, true] as const)),
  );
}
