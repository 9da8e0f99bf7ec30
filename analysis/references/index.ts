// The workspace's reference index: every Kubernetes object of every manifest file, keyed by
// group/kind/namespace/name, with the references each makes. Files are (re)indexed one at a time, so an edit or a
// change on disk costs that file only. Positions are computed when asked (documents read by the fast reader build
// their AST then), so indexing a large workspace stays cheap.
import type { Range } from 'vscode-languageserver-types';
import { FieldPath, ManifestDocument, ManifestFile, samePath } from '../documents';
import { extractObjects, ObjectFacts, selectorIsEmpty, selectorMatches } from './extract';
import { KindScopes, keyString, LabelSelector, NameReference, ObjectKey, SelectorReference } from './model';

export { describeKey, keyString } from './model';
export type { ObjectKey, NameReference, SelectorReference, ReferenceRule } from './model';

/** One object of the workspace and where it is. */
export interface IndexedObject {
  uri: string;
  document: ManifestDocument;
  facts: ObjectFacts;
  id: string;
}

/** A reference from an indexed object. */
export interface ReferenceSite {
  source: IndexedObject;
  ref: NameReference;
}

/** A selector of an indexed object (Service, PDB). */
export interface SelectorSite {
  source: IndexedObject;
  selector: SelectorReference;
}

/** Something at a position of a document: an object's own name, a reference, or a selector. */
export type Located =
  | { what: 'definition'; object: IndexedObject }
  | { what: 'reference'; site: ReferenceSite }
  | { what: 'selector'; site: SelectorSite };

interface FileEntry {
  file: ManifestFile;
  objects: IndexedObject[];
}

export class ReferenceIndex {
  readonly scopes = new KindScopes();
  private readonly files = new Map<string, FileEntry>();
  private readonly definitions = new Map<string, IndexedObject[]>();
  /** Objects a controller makes from an indexed one (cert-manager Certificates' Secrets). */
  private readonly produced = new Map<string, IndexedObject[]>();
  private readonly referencesTo = new Map<string, ReferenceSite[]>();
  private readonly templatesIn = new Map<string, IndexedObject[]>();
  private readonly selectorsIn = new Map<string, SelectorSite[]>();
  /** Files indexed since construction (the bench checks an edit re-indexes one file). */
  indexedFiles = 0;

  constructor(private defaultNamespaceValue = 'default') {}

  get defaultNamespace(): string {
    return this.defaultNamespaceValue;
  }

  /** The namespace objects without one go to (the context's); every file is read again when it changes. */
  setDefaultNamespace(ns: string): void {
    if (ns === this.defaultNamespaceValue) return;
    this.defaultNamespaceValue = ns;
    this.reindexAll();
  }

  get fileCount(): number {
    return this.files.size;
  }

  get objectCount(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.objects.length;
    return n;
  }

  /** (Re)index one file from its parse; a file excluded from checks (Helm, kustomize) holds no objects. */
  update(uri: string, file: ManifestFile): void {
    this.remove(uri);
    const entry: FileEntry = { file, objects: [] };
    this.files.set(uri, entry);
    this.indexedFiles++;
    if (file.exclusion) return;
    let scopesChanged = false;
    for (const doc of file.manifests) if (this.learnCrdScope(doc)) scopesChanged = true;
    // A CRD changes where its objects live: rare, so the whole index is read again.
    if (scopesChanged) this.reindexAll();
    else this.indexEntry(uri, entry);
  }

  remove(uri: string): void {
    const entry = this.files.get(uri);
    if (!entry) return;
    this.files.delete(uri);
    for (const o of entry.objects) this.drop(o);
    let scopesChanged = false;
    for (const doc of entry.file.manifests) if (this.forgetCrdScope(doc)) scopesChanged = true;
    if (scopesChanged) this.reindexAll();
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  fileOf(uri: string): ManifestFile | undefined {
    return this.files.get(uri)?.file;
  }

  objectsOf(uri: string): IndexedObject[] {
    return this.files.get(uri)?.objects ?? [];
  }

  *allObjects(): Iterable<IndexedObject> {
    for (const f of this.files.values()) yield* f.objects;
  }

  /** Objects with this key (several when the same object is defined twice, e.g. overlays). */
  definitionsOf(key: ObjectKey): IndexedObject[] {
    return this.definitions.get(keyString(key)) ?? [];
  }

  /** Objects of the workspace that make the target through a controller (cert-manager, sealed-secrets...). */
  producersOf(key: ObjectKey): IndexedObject[] {
    return this.produced.get(keyString(key)) ?? [];
  }

  referencesOf(key: ObjectKey): ReferenceSite[] {
    return this.referencesTo.get(keyString(key)) ?? [];
  }

  /** Pod templates in a namespace that a selector matches. */
  templatesMatching(namespace: string, selector: LabelSelector): IndexedObject[] {
    if (selectorIsEmpty(selector)) return [];
    return (this.templatesIn.get(namespace) ?? []).filter((o) =>
      o.facts.podTemplates.some((t) => selectorMatches(selector, t.labels)),
    );
  }

  /** Services and PDBs whose selector matches one of this workload's pod templates. */
  selectorsMatching(object: IndexedObject): SelectorSite[] {
    if (object.facts.podTemplates.length === 0) return [];
    return (this.selectorsIn.get(object.facts.key.namespace) ?? []).filter(
      (s) =>
        !selectorIsEmpty(s.selector.selector) &&
        object.facts.podTemplates.some((t) => selectorMatches(s.selector.selector, t.labels)),
    );
  }

  /** Names of objects of a kind in a namespace ('' for cluster-scoped), for completion. */
  namesOf(group: string, kind: string, namespace: string): string[] {
    const out = new Set<string>();
    const prefix = `${group}/${kind}/${namespace}/`;
    for (const m of [this.definitions, this.produced])
      for (const [k, list] of m) if (k.startsWith(prefix) && list.length > 0) out.add(list[0]!.facts.key.name);
    return [...out].sort();
  }

  /** What is at an offset of an indexed file: an object's name, one of its references, or its selector. */
  locate(uri: string, offset: number): Located | undefined {
    const entry = this.files.get(uri);
    if (!entry) return undefined;
    const doc = entry.file.documentAt(offset);
    if (!doc) return undefined;
    const path = doc.pathAt(offset);
    // The document's object, or the List item the offset is in.
    const object = entry.objects.find(
      (o) => o.document === doc && samePath(path.slice(0, o.facts.root.length), o.facts.root),
    );
    if (!object) return undefined;
    if (samePath(path, namePath(object))) return { what: 'definition', object };
    for (const ref of object.facts.references) {
      if (samePath(path, ref.path) || (ref.servicePort && samePath(path, ref.servicePort.path)))
        return { what: 'reference', site: { source: object, ref } };
    }
    for (const sel of object.facts.selectors)
      if (path.length > sel.path.length && samePath(path.slice(0, sel.path.length), sel.path))
        return { what: 'selector', site: { source: object, selector: sel } };
    return undefined;
  }

  /** The range of a field of an indexed object (its value; a quoted scalar without its quotes). */
  rangeOf(object: IndexedObject, path: FieldPath, unquote = false, prefer: 'value' | 'key' = 'value'): Range {
    const doc = object.document;
    const r = doc.rangeOf(path, prefer);
    let { start, end } = r;
    const text = doc.file.text;
    if (unquote && end - start >= 2 && (text[start] === '"' || text[start] === "'") && text[end - 1] === text[start]) {
      start++;
      end--;
    }
    return doc.file.toRange({ start, end });
  }

  private add(o: IndexedObject): void {
    push(this.definitions, o.id, o);
    for (const p of o.facts.produces) push(this.produced, keyString(p), o);
    for (const ref of o.facts.references) push(this.referencesTo, keyString(ref.target), { source: o, ref });
    if (o.facts.podTemplates.length > 0) push(this.templatesIn, o.facts.key.namespace, o);
    for (const selector of o.facts.selectors) push(this.selectorsIn, selector.namespace, { source: o, selector });
  }

  private drop(o: IndexedObject): void {
    pull(this.definitions, o.id, (x) => x === o);
    for (const p of o.facts.produces) pull(this.produced, keyString(p), (x) => x === o);
    for (const ref of o.facts.references) pull(this.referencesTo, keyString(ref.target), (x) => x.source === o);
    if (o.facts.podTemplates.length > 0) pull(this.templatesIn, o.facts.key.namespace, (x) => x === o);
    for (const selector of o.facts.selectors) pull(this.selectorsIn, selector.namespace, (x) => x.source === o);
  }

  private reindexAll(): void {
    const all = [...this.files.entries()];
    for (const [, entry] of all) for (const o of entry.objects) this.drop(o);
    for (const [uri, entry] of all) this.indexEntry(uri, entry);
  }

  private indexEntry(uri: string, entry: FileEntry): void {
    entry.objects = [];
    if (entry.file.exclusion) return;
    for (const doc of entry.file.manifests) {
      for (const facts of extractObjects(doc.value, this.defaultNamespaceValue, this.scopes)) {
        const object: IndexedObject = { uri, document: doc, facts, id: keyString(facts.key) };
        entry.objects.push(object);
        this.add(object);
      }
    }
  }

  /** A CustomResourceDefinition tells where its kind's objects live. True when that changed what we knew. */
  private learnCrdScope(doc: ManifestDocument): boolean {
    const crd = crdScope(doc);
    if (!crd) return false;
    const before = this.scopes.clusterScoped(crd.group, crd.kind);
    this.scopes.learn(crd.group, crd.kind, crd.cluster);
    return before !== crd.cluster;
  }

  private forgetCrdScope(doc: ManifestDocument): boolean {
    const crd = crdScope(doc);
    if (!crd) return false;
    const before = this.scopes.clusterScoped(crd.group, crd.kind);
    this.scopes.forget(crd.group, crd.kind);
    return before !== this.scopes.clusterScoped(crd.group, crd.kind);
  }
}

/** Where an object's `metadata.name` is in its document. */
export function namePath(o: IndexedObject): FieldPath {
  return [...o.facts.root, 'metadata', 'name'];
}

function crdScope(doc: ManifestDocument): { group: string; kind: string; cluster: boolean } | undefined {
  if (doc.kind !== 'CustomResourceDefinition' || !doc.apiVersion?.startsWith('apiextensions.k8s.io/')) return;
  const spec = (doc.value as { spec?: { group?: unknown; scope?: unknown; names?: { kind?: unknown } } }).spec;
  if (typeof spec?.group !== 'string' || typeof spec.names?.kind !== 'string') return undefined;
  return { group: spec.group, kind: spec.names.kind, cluster: spec.scope === 'Cluster' };
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function pull<T>(m: Map<string, T[]>, k: string, match: (x: T) => boolean): void {
  const list = m.get(k);
  if (!list) return;
  const kept = list.filter((x) => !match(x));
  if (kept.length === 0) m.delete(k);
  else m.set(k, kept);
}
