// Glob matching for the kubesense.crds / kubesense.manifests settings, with picomatch (Node's path.matchesGlob
// is experimental and missing before Node 20.17, where every glob silently never matched).
import picomatch from 'picomatch';

const compiled = new Map<string, (file: string) => boolean>();

/** Whether a path (relative to a workspace root, or absolute) matches a glob; an invalid glob matches nothing. */
export function matchesGlob(file: string, glob: string): boolean {
  let isMatch = compiled.get(glob);
  if (!isMatch) {
    try {
      // An options object makes picomatch follow the platform's separator (backslashes on Windows).
      isMatch = picomatch(glob, {});
    } catch {
      isMatch = () => false;
    }
    compiled.set(glob, isMatch);
  }
  return isMatch(file);
}
