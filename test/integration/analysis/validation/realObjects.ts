// Real manifests from folders nobody wrote for kubesense (k8s.io/kubernetes' e2e manifests, fixtures, kubectl's test
// data…): every object of a kind the server serves, with why each other document was left out. Shared by the
// real-manifest harness (test/cluster/realManifests.ts) and the differential fuzzer (KUBESENSE_FUZZ_EXTRA).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KUSTOMIZATION_FILE_NAMES, kustomizePatchPaths, parseManifestFile } from '../../../../analysis/documents';
import { listItems } from './verdicts';

type Obj = Record<string, unknown>;

export interface RealObject {
  /** The folder given on the command line it came from. */
  source: string;
  /** `file[#document][.items[i]]` relative to the source. */
  label: string;
  object: Obj;
}

export interface Collected {
  objects: RealObject[];
  /** Why documents were left out (a reason → how many), and how many files each source had. */
  skipped: Map<string, number>;
  files: Map<string, number>;
}

function listManifestFiles(dir: string): string[] {
  if (fs.statSync(dir).isFile()) return [dir];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return listManifestFiles(full);
      return /\.(ya?ml|json)$/.test(e.name) ? [full] : [];
    })
    .sort();
}

/**
 * Objects of the sources whose `apiVersion|Kind` `served` accepts. Templates (`{{`), files kubesense excludes
 * (Helm, kustomize), documents that do not read as YAML, non-objects and kinds not served are counted, not returned;
 * an object that appears twice (the same JSON) is returned once.
 */
export function collectRealObjects(sources: string[], served: (key: string) => boolean): Collected {
  const objects: RealObject[] = [];
  const skipped = new Map<string, number>();
  const files = new Map<string, number>();
  const skip = (why: string, n = 1) => skipped.set(why, (skipped.get(why) ?? 0) + n);
  const seen = new Set<string>();
  for (const source of sources) {
    const list = listManifestFiles(source);
    files.set(source, list.length);
    // Files a kustomization names as patches are not whole objects (kubesense check skips them too).
    const patches = new Set(
      list
        .filter((f) => KUSTOMIZATION_FILE_NAMES.includes(path.basename(f)))
        .flatMap((f) => kustomizePatchPaths(fs.readFileSync(f, 'utf8'), path.dirname(f))),
    );
    for (const f of list) {
      if (patches.has(f)) {
        skip('kustomize patch');
        continue;
      }
      const text = fs.readFileSync(f, 'utf8');
      if (text.includes('{{')) {
        skip('template file ({{ … }})');
        continue;
      }
      let file;
      try {
        file = parseManifestFile(text, f);
      } catch {
        skip('file kubesense cannot read');
        continue;
      }
      if (file.exclusion) {
        skip(`file excluded: ${file.exclusion}`);
        continue;
      }
      const rel = path.relative(fs.statSync(source).isFile() ? path.dirname(source) : source, f);
      file.manifests.forEach((doc, d) => {
        if (doc.role !== 'object') return skip(`document: ${doc.role}`);
        if (doc.problems.some((p) => p.severity === 'error')) return skip('document with a YAML error');
        const items = listItems(doc);
        items.forEach((o, i) => {
          if (!o || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string')
            return skip('list item not an object');
          if (!served(`${o.apiVersion}|${o.kind}`)) return skip(`kind not served: ${o.apiVersion} ${o.kind}`);
          const json = JSON.stringify(o);
          if (seen.has(json)) return skip('the same object again');
          seen.add(json);
          const label = `${rel}${file.manifests.length > 1 ? `#${d}` : ''}${items.length > 1 || items[0] !== doc.value ? `.items[${i}]` : ''}`;
          objects.push({ source, label, object: o });
        });
      });
    }
  }
  return { objects, skipped, files };
}
