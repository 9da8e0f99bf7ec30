// client-go's Indexer: a keyed object store with secondary indexes (e.g. by namespace), kept in step on every
// write. JavaScript is single-threaded, so "thread-safe" reduces to: every write keeps indexes consistent.
import { KeyFunc, metaNamespaceKey } from './keys';
import type { KubeObjectLike } from './types';

export type IndexFunc<T> = (obj: T) => string[];

export const NAMESPACE_INDEX = 'namespace';
export const namespaceIndexFunc: IndexFunc<KubeObjectLike> = (obj) => [obj.metadata?.namespace ?? ''];

export class Indexer<T extends KubeObjectLike> {
  private readonly items = new Map<string, T>();
  /** index name -> indexed value -> keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();
  /** The index functions with their maps, resolved once (writes are the hot path of a 10,000-object list). */
  private readonly indexList: Array<{ fn: IndexFunc<T>; index: Map<string, Set<string>> }> = [];

  constructor(
    readonly keyFunc: KeyFunc = metaNamespaceKey,
    indexers: Record<string, IndexFunc<T>> = { [NAMESPACE_INDEX]: namespaceIndexFunc },
  ) {
    for (const [name, fn] of Object.entries(indexers)) {
      const index = new Map<string, Set<string>>();
      this.indices.set(name, index);
      this.indexList.push({ fn, index });
    }
  }

  get size(): number {
    return this.items.size;
  }

  /** Inserts or replaces; returns the previous object under the same key. */
  set(obj: T): T | undefined {
    const key = this.keyFunc(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    if (old) this.unindex(key, old);
    this.index(key, obj);
    return old;
  }

  /** Removes by key; returns the removed object. */
  deleteKey(key: string): T | undefined {
    const old = this.items.get(key);
    if (old === undefined) return undefined;
    this.items.delete(key);
    this.unindex(key, old);
    return old;
  }

  delete(obj: T): T | undefined {
    return this.deleteKey(this.keyFunc(obj));
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  get(obj: T): T | undefined {
    return this.items.get(this.keyFunc(obj));
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  /** Objects whose index function yielded `value` (e.g. byIndex('namespace', 'default')). */
  byIndex(indexName: string, value: string): T[] {
    const index = this.indices.get(indexName);
    if (!index) throw new Error(`index "${indexName}" does not exist`);
    const keys = index.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) out.push(this.items.get(k)!);
    return out;
  }

  indexKeys(indexName: string, value: string): string[] {
    const index = this.indices.get(indexName);
    if (!index) throw new Error(`index "${indexName}" does not exist`);
    return [...(index.get(value) ?? [])];
  }

  /** Distinct values an index currently holds (e.g. namespaces that have objects). */
  indexValues(indexName: string): string[] {
    const index = this.indices.get(indexName);
    if (!index) throw new Error(`index "${indexName}" does not exist`);
    return [...index.keys()];
  }

  clear(): void {
    this.items.clear();
    for (const index of this.indices.values()) index.clear();
  }

  private index(key: string, obj: T): void {
    for (const { fn, index } of this.indexList) {
      for (const value of fn(obj)) {
        let keys = index.get(value);
        if (!keys) index.set(value, (keys = new Set()));
        keys.add(key);
      }
    }
  }

  private unindex(key: string, obj: T): void {
    for (const { fn, index } of this.indexList) {
      for (const value of fn(obj)) {
        const keys = index.get(value);
        if (!keys) continue;
        keys.delete(key);
        if (keys.size === 0) index.delete(value);
      }
    }
  }
}
