// The comparison behind the enum-split tests (unit: the upstream documents; integration: a live cluster's): every
// object of every YAML file under ../shared/k8s, and the same object with its enum-valued strings spoiled, judged by
// the validator validateStructure runs (shipped entries, enums checked apart) and by one ajv compiles now from the
// schema in use, enums included. Verdict, ajv errors and the diagnostics made from them must be identical.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseManifestFile } from '../../../../analysis/documents';
import { DirectorySchemaSource, SchemaStore } from '../../../../analysis/schema';
import type { ResolvedSchema } from '../../../../analysis/schema/resolved';
import {
  compileUncached,
  splitParts,
  translateErrors,
  validatorFor,
} from '../../../../analysis/validation/schemaValidator';
import { setShippedValidatorsDir, setValidatorCacheDir } from '../../../../analysis/validation/validatorCache';
import { withoutNulls } from '../../../../analysis/validation/prepare';
import { listFiles, sharedK8s } from './sharedData';

export interface Agreement {
  /** Objects (and spoiled copies) compared. */
  compared: number;
  invalid: number;
  /** Compared objects a removed enum refused (the validator with enums answered). */
  enumRefused: number;
  kinds: Set<string>;
  /** Kinds whose validator without enums came from the shipped folder (not compiled). */
  shippedKinds: Set<string>;
  /** Kinds validated through a split pair (enums checked apart). */
  splitKinds: Set<string>;
}

/** Every object of every YAML file of ../shared/k8s (the kind's schema decides which ones count). */
export function sharedObjects(): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  for (const file of listFiles(sharedK8s, (f) => /\.ya?ml$/.test(f))) {
    let parsed;
    try {
      parsed = parseManifestFile(fs.readFileSync(file, 'utf8'), file);
    } catch {
      continue; // not a manifest file
    }
    for (const d of parsed.manifests)
      if (d.value && typeof d.value === 'object' && !Array.isArray(d.value))
        objects.push(withoutNulls(d.value) as Record<string, unknown>);
  }
  return objects;
}

/** Enum values of the schema in use, gathered from its published documents. */
function enumValues(schemaDir: string): Set<string> {
  const values = new Set<string>();
  for (const file of listFiles(schemaDir, (f) => f.endsWith('.json')))
    JSON.parse(fs.readFileSync(file, 'utf8'), (k, v: unknown) => {
      if (k === 'enum' && Array.isArray(v)) for (const x of v) if (typeof x === 'string' && x) values.add(x);
      return v;
    });
  return values;
}

/** The object with every string that is some enum's value changed into one no enum lists. */
function spoiled(o: unknown, values: Set<string>): unknown {
  if (typeof o === 'string') return values.has(o) ? `${o}-x` : o;
  if (Array.isArray(o)) return o.map((x) => spoiled(x, values));
  if (o && typeof o === 'object')
    return Object.fromEntries(
      Object.entries(o).map(([k, v]) => [k, k === 'apiVersion' || k === 'kind' ? v : spoiled(v, values)]),
    );
  return o;
}

/**
 * Compare, with `shipped` as the package's folder and an empty user cache (a first start), the validators in use
 * with fresh compiles, over the schema folder's built-in kinds.
 */
export async function compareWithFreshCompile(schemaDir: string, shipped: string, cache: string): Promise<Agreement> {
  const store = new SchemaStore([new DirectorySchemaSource(schemaDir, '1.35')]);
  const values = enumValues(schemaDir);
  const fresh = new Map<string, ReturnType<typeof compileUncached>>();
  const result: Agreement = {
    compared: 0,
    invalid: 0,
    enumRefused: 0,
    kinds: new Set(),
    shippedKinds: new Set(),
    splitKinds: new Set(),
  };
  setValidatorCacheDir(cache);
  setShippedValidatorsDir(shipped);
  try {
    for (const original of sharedObjects()) {
      if (typeof original.apiVersion !== 'string' || typeof original.kind !== 'string') continue;
      let s: ResolvedSchema | undefined;
      try {
        s = await store.schemaFor(original.apiVersion, original.kind);
      } catch {
        continue;
      }
      if (!s) continue;
      const id = `${s.apiVersion} ${s.schemaName}`;
      const v = validatorFor(s);
      const parts = splitParts(v);
      if (parts) result.splitKinds.add(id);
      if (!('schemaEnv' in (parts?.withoutEnums ?? v))) result.shippedKinds.add(id);
      const f = fresh.get(id) ?? compileUncached(s);
      fresh.set(id, f);
      result.kinds.add(id);
      for (const o of [original, spoiled(original, values)]) {
        const verdict = v(o);
        assert.equal(verdict, f(o), `${id}: verdict`);
        assert.deepEqual(v.errors ?? null, f.errors ?? null, `${id}: errors`);
        if (!verdict)
          assert.deepEqual(
            translateErrors(v.errors ?? [], o, [], s),
            translateErrors(f.errors ?? [], o, [], s),
            `${id}: diagnostics`,
          );
        result.compared++;
        if (!verdict) result.invalid++;
        if (!verdict && parts && f.errors?.some((e) => e.keyword === 'enum')) result.enumRefused++;
      }
    }
  } finally {
    setValidatorCacheDir(undefined);
    setShippedValidatorsDir(undefined);
  }
  return result;
}
