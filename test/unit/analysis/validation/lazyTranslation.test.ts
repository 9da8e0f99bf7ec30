// A kind's validator is looked up by a key over the translated definitions it reaches (schemaValidator.ts): a
// fresh process finds a cached kind translating those definitions only, one by one, not its whole group/version
// (core/v1: hundreds), and the key is the one translating everything gives — whatever the order in which kinds, with
// and without enums to factor out (enumSplit.ts), are asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DirectorySchemaSource, SchemaStore } from '../../../../analysis/schema';
import type { ResolvedSchema } from '../../../../analysis/schema/resolved';
import { reachableDefinitions } from '../../../../analysis/validation/enumSplit';
import { translateComponents } from '../../../../analysis/validation/openapiToJsonSchema';
import { validatorFor, validatorKeys } from '../../../../analysis/validation/schemaValidator';
import { setShippedValidatorsDir, setValidatorCacheDir } from '../../../../analysis/validation/validatorCache';
import { openapiDir, storeFor } from './sharedData';

/** Run fn with an empty cache folder of its own and no shipped validators. */
async function withEmptyCache(fn: (cache: string) => Promise<void>): Promise<void> {
  const cache = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-lazy-')), 'compiled-validators');
  setValidatorCacheDir(cache);
  setShippedValidatorsDir(undefined);
  try {
    await fn(cache);
  } finally {
    setValidatorCacheDir(undefined);
  }
}

const entries = (cache: string) => (fs.existsSync(cache) ? fs.readdirSync(cache).filter((f) => f.endsWith('.js')) : []);

test('a cached kind is found translating only the definitions it reaches', async () => {
  await withEmptyCache(async (cache) => {
    validatorFor((await storeFor('1.35').schemaFor('v1', 'ConfigMap'))!); // compiled into the cache
    assert.equal(entries(cache).length, 1);
    // A fresh store (new documents), as the next process has: which components does finding the entry read?
    const s = (await storeFor('1.35').schemaFor('v1', 'ConfigMap'))!;
    const components = s.document.components!;
    const schemas = components.schemas!;
    const read = new Set<string>();
    components.schemas = new Proxy(schemas, {
      get(target, name, receiver) {
        if (typeof name === 'string' && Object.hasOwn(target, name)) read.add(name);
        return Reflect.get(target, name, receiver) as unknown;
      },
    });
    const v = validatorFor(s);
    assert.ok(!('schemaEnv' in v), 'loaded from the cache, not compiled');
    const reached = reachableDefinitions(translateComponents(schemas), [s.schemaName]);
    assert.deepEqual([...read].sort(), reached);
    assert.ok(reached.length * 10 < Object.keys(schemas).length, `${reached.length} of ${Object.keys(schemas).length}`);
  });
});

/** A copy of the 1.35 core/v1 document whose ServicePort.protocol publishes an enum, as a cluster's does. */
function documentWithAnEnum(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-lazy-enum-'));
  const doc = JSON.parse(fs.readFileSync(path.join(openapiDir('1.35'), 'api', 'v1.json'), 'utf8')) as {
    components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
  };
  doc.components.schemas['io.k8s.api.core.v1.ServicePort'].properties.protocol.enum = ['SCTP', 'TCP', 'UDP'];
  fs.mkdirSync(path.join(dir, 'api'));
  fs.writeFileSync(path.join(dir, 'api', 'v1.json'), JSON.stringify(doc));
  return dir;
}

test('the key found from the reached definitions is the one translating everything gives, in any order', async () => {
  const withEnum = documentWithAnEnum();
  const schemaOf = (dir: string, kind: string): Promise<ResolvedSchema> =>
    new SchemaStore([new DirectorySchemaSource(dir, '1.35')]).schemaFor('v1', kind) as Promise<ResolvedSchema>;
  for (const order of [
    ['ConfigMap', 'Service'],
    ['Service', 'ConfigMap'],
  ]) {
    await withEmptyCache(async (cache) => {
      const store = new SchemaStore([new DirectorySchemaSource(withEnum, '1.35')]);
      for (const kind of order) {
        const s = (await store.schemaFor('v1', kind))!;
        const before = new Set(entries(cache));
        validatorFor(s);
        const written = entries(cache).filter((f) => !before.has(f));
        // The key validateStructure's validator was written under: translating everything (validatorKeys) agrees.
        const keys = validatorKeys(await schemaOf(withEnum, kind));
        assert.deepEqual(written, [`${keys.withoutEnums}.js`], `${order.join(', ')}: ${kind}`);
        if (kind === 'Service') assert.notEqual(keys.withEnums, keys.withoutEnums, 'Service reaches the enum');
        else assert.equal(keys.withEnums, keys.withoutEnums, 'ConfigMap reaches no enum');
      }
    });
  }
  // An enum the kind does not reach leaves its key alone.
  const plain = validatorKeys(await schemaOf(openapiDir('1.35'), 'ConfigMap'));
  assert.equal(plain.withoutEnums, validatorKeys(await schemaOf(withEnum, 'ConfigMap')).withoutEnums);
});
