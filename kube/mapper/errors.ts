// Mapper errors carry what was asked for so callers (kubectl-style CLI, the language server) can word them.
import { GroupKind, GroupVersionKind, GroupVersionResource } from '../apimachinery/schema';

export class NoResourceMatchError extends Error {
  override readonly name = 'NoResourceMatchError';
  constructor(readonly partial: Partial<GroupVersionResource>) {
    super(`no matches for ${describePartialResource(partial)}`);
  }
}

export class NoKindMatchError extends Error {
  override readonly name = 'NoKindMatchError';
  constructor(
    readonly groupKind: GroupKind,
    readonly searchedVersions: string[],
  ) {
    const where = searchedVersions.length
      ? ` in version${searchedVersions.length > 1 ? 's' : ''} "${searchedVersions.map((v) => (groupKind.group ? `${groupKind.group}/${v}` : v)).join('", "')}"`
      : '';
    super(
      `no matches for kind "${groupKind.kind}"${where}${searchedVersions.length ? '' : groupKind.group ? ` in group "${groupKind.group}"` : ''}`,
    );
  }
}

export class AmbiguousResourceError extends Error {
  override readonly name = 'AmbiguousResourceError';
  constructor(
    readonly partial: Partial<GroupVersionResource>,
    readonly matchingResources: GroupVersionResource[],
    readonly matchingKinds: GroupVersionKind[],
  ) {
    super(`${describePartialResource(partial)} matches multiple resources or kinds`);
  }
}

export function isNoMatchError(err: unknown): err is NoResourceMatchError | NoKindMatchError {
  return err instanceof NoResourceMatchError || err instanceof NoKindMatchError;
}

function describePartialResource(p: Partial<GroupVersionResource>): string {
  return JSON.stringify({ Group: p.group ?? '', Version: p.version ?? '', Resource: p.resource ?? '' });
}
