// The cached validators' `$ref` calls pass pointer pieces instead of an options object (standalonePaths.ts): every
// error must keep ajv's instancePath, at any depth — items, map keys that need escaping (`~`, `/`), recursive
// schemas — and code in a form the rewrite does not know must be kept as ajv made it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseManifestFile } from '../../../../analysis/documents';
import { compileUncached, validatorFor } from '../../../../analysis/validation/schemaValidator';
import { withLazyInstancePaths } from '../../../../analysis/validation/standalonePaths';
import { setValidatorCacheDir } from '../../../../analysis/validation/validatorCache';
import { withoutNulls } from '../../../../analysis/validation/prepare';
import { listFiles, sharedK8s, storeFor } from './sharedData';

/** The object with every scalar of the wrong type and, in every mapping, a key that needs escaping in a pointer. */
function spoiled(o: unknown, depth = 0): unknown {
  if (typeof o === 'string') return 12345;
  if (typeof o === 'number' || typeof o === 'boolean') return 'x';
  if (Array.isArray(o)) return o.map((x) => spoiled(x, depth + 1));
  if (o && typeof o === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o))
      out[k] = depth === 0 && (k === 'apiVersion' || k === 'kind') ? v : spoiled(v, depth + 1);
    out['a~b/c'] = 1;
    return out;
  }
  return o;
}

test('rewritten validators report the errors, pointers included, of a fresh compile', async () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-paths-')), 'compiled-validators');
  const store = storeFor('1.35', ['crds', 'cel-corpus']);
  // Another store over the same documents: its validators come from the entries written, not from memory.
  const later = storeFor('1.35', ['crds', 'cel-corpus']);
  setValidatorCacheDir(dir);
  try {
    const perKind = new Map<string, Record<string, unknown>>();
    for (const folder of ['corpus', 'cel-corpus', 'crds'])
      for (const file of listFiles(path.join(sharedK8s, folder), (f) => /\.ya?ml$/.test(f)))
        for (const d of parseManifestFile(fs.readFileSync(file, 'utf8'), file).manifests) {
          const v = d.value as Record<string, unknown> | undefined;
          if (v && typeof v === 'object' && !perKind.has(`${v.apiVersion}/${v.kind}`))
            perKind.set(`${v.apiVersion}/${v.kind}`, withoutNulls(v) as Record<string, unknown>);
        }
    let compared = 0;
    let pointers = 0;
    for (const o of perKind.values()) {
      const s = await store.schemaFor(String(o.apiVersion), String(o.kind));
      if (!s) continue;
      validatorFor(s); // compiles and writes the entry; a fresh store below loads it
      const cached = validatorFor((await later.schemaFor(String(o.apiVersion), String(o.kind)))!);
      assert.ok(!Object.hasOwn(cached, 'schemaEnv'), `${o.kind}: loaded from its entry`);
      const fresh = compileUncached(s);
      for (const value of [o, spoiled(o)]) {
        assert.equal(cached(value), fresh(value), `${o.apiVersion} ${o.kind}: verdict`);
        assert.deepEqual(cached.errors ?? null, fresh.errors ?? null, `${o.apiVersion} ${o.kind}: errors`);
        for (const e of fresh.errors ?? []) if (e.instancePath.includes('a~0b~1c')) pointers++;
        compared++;
      }
    }
    assert.ok(compared > 100, `compared ${compared} objects`);
    assert.ok(pointers > 100, `${pointers} errors under an escaped map key`);
    const entries = fs.readdirSync(dir).filter((f) => f.endsWith('.js'));
    assert.ok(entries.length > 40, `${entries.length} entries`);
    for (const f of entries) {
      const code = fs.readFileSync(path.join(dir, f), 'utf8');
      assert.ok(!/\binstancePath\b(?!:)|parentData|rootData/.test(code), `${f}: every call rewritten`);
    }
  } finally {
    setValidatorCacheDir(undefined);
  }
});

test('code in a form the rewrite does not know is kept as ajv made it', () => {
  const call = '{instancePath:instancePath+"/a",parentData:data,parentDataProperty:"a",rootData}';
  const header = 'function validate1(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){';
  const known = `"use strict";${header}validate2(data0, ${call});return true;}`;
  assert.notEqual(withLazyInstancePaths(known), known);
  for (const code of [
    `"use strict";${header}if(rootData){}validate2(data0, ${call});return true;}`, // reads rootData
    `"use strict";${header}validate2(data0, {instancePath:instancePath+"/a"+"/b",parentData:data,parentDataProperty:"a",rootData});}`,
    `${header}validate2(data0, ${call});return true;}`, // not a standalone module
  ])
    assert.equal(withLazyInstancePaths(code), code);
});
