// The list-type and built-in enum checks share one walk of each object (walkSchemaOnce): each must see exactly the
// nodes, in the order, with the schemas and type names its own walkWithSchema walk gave it where its relevance holds
// (and at the root), and report the same problems, on every object of the corpus, also when the object is spoiled
// to have duplicates and bad enum values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseManifestFile } from '../../../../analysis/documents';
import type { FieldPath } from '../../../../analysis/documents/path';
import type { ResolvedSchema } from '../../../../analysis/schema/resolved';
import { builtinEnumVisitor } from '../../../../analysis/validation/builtin/enums';
import { listTypeVisitor } from '../../../../analysis/validation/listTypes';
import { withoutNulls } from '../../../../analysis/validation/prepare';
import type { FieldProblem } from '../../../../analysis/validation/schemaValidator';
import { SharedVisitor, walkSchemaOnce, walkWithSchema } from '../../../../analysis/validation/schemaWalk';
import type { OpenAPISchema } from '../../../../analysis/schema/types';
import { listFiles, sharedK8s, storeFor } from './sharedData';

type Visit = [FieldPath, OpenAPISchema, string | undefined];

/** The visitor, recording every call (with a copy of the path: the shared walk reuses its array). */
function recording(visitor: SharedVisitor, calls: Visit[]): SharedVisitor {
  return {
    relevant: visitor.relevant,
    visit: (v, schema, p, typeName) => {
      calls.push([[...p], schema, typeName]);
      visitor.visit(v, schema, p, typeName);
    },
  };
}

/** Every array doubled (duplicate entries everywhere) and capitalised strings changed (`TCP` -> `BogusTCP`). */
function spoiled(v: unknown): unknown {
  if (Array.isArray(v)) return [...v, ...v].map(spoiled);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, spoiled(x)]));
  return typeof v === 'string' && /^[A-Z]/.test(v) ? `Bogus${v}` : v;
}

test('one walk for list types and enums: the same visits and problems as two walks, on every corpus object', async () => {
  const store = storeFor('1.35', ['crds', 'cel-corpus']);
  let objects = 0;
  const problems = [0, 0];
  let visits = 0;
  let leftOut = 0;
  for (const dir of ['corpus', 'manifests', 'cel-corpus']) {
    for (const file of listFiles(path.join(sharedK8s, dir), (f) => /\.ya?ml$/.test(f))) {
      const parsed = parseManifestFile(fs.readFileSync(file, 'utf8'), file);
      for (const d of parsed.manifests) {
        const o = d.value as Record<string, unknown> | null;
        if (!o || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') continue;
        const schema: ResolvedSchema | undefined = await store.schemaFor(o.apiVersion, o.kind);
        if (!schema) continue;
        objects++;
        for (const value of [withoutNulls(o), spoiled(withoutNulls(o))]) {
          const base: FieldPath = ['items', 0];
          const make = (out: [FieldProblem[], FieldProblem[]]): SharedVisitor[] => [
            listTypeVisitor(schema, out[0]),
            builtinEnumVisitor(schema, out[1]),
          ];
          const separate: [FieldProblem[], FieldProblem[]] = [[], []];
          const separateCalls: [Visit[], Visit[]] = [[], []];
          make(separate).forEach((v, i) => {
            const r = recording(v, separateCalls[i]);
            walkWithSchema(schema, value, r.visit, base, r.relevant);
          });
          const shared: [FieldProblem[], FieldProblem[]] = [[], []];
          const sharedCalls: [Visit[], Visit[]] = [[], []];
          walkSchemaOnce(
            schema,
            value,
            make(shared).map((v, i) => recording(v, sharedCalls[i])),
            base,
          );
          const rel = path.relative(sharedK8s, file);
          // The shared walk leaves out the calls where a visitor's relevance holds only further down.
          const relevant = make([[], []]).map((v) => v.relevant);
          const expected = separateCalls.map((calls, i) =>
            calls.filter(([p, s, t]) => p.length === base.length || relevant[i](s, t)),
          );
          leftOut += separateCalls[0].length + separateCalls[1].length - expected[0].length - expected[1].length;
          assert.equal(sharedCalls[0].length, expected[0].length, `${rel}: list-type visits`);
          assert.equal(sharedCalls[1].length, expected[1].length, `${rel}: enum visits`);
          for (const i of [0, 1])
            sharedCalls[i].forEach(([p, s, t], k) => {
              const [ep, es, et] = expected[i][k];
              assert.deepEqual(p, ep, `${rel}: path of visit ${k}`);
              assert.ok(s === es, `${rel}: schema at ${p.join('.')}`);
              assert.equal(t, et, `${rel}: type name at ${p.join('.')}`);
            });
          assert.deepEqual(shared, separate, `${rel}: problems`);
          problems[0] += shared[0].length;
          problems[1] += shared[1].length;
          visits += sharedCalls[0].length + sharedCalls[1].length;
        }
      }
    }
  }
  // Meaningful only with many objects, visits and problems of both kinds.
  assert.ok(objects > 1000, `${objects} objects`);
  assert.ok(visits > 10000, `${visits} visits`);
  assert.ok(leftOut > 10000, `${leftOut} calls left out`);
  assert.ok(problems[0] > 1000, `${problems[0]} duplicates`);
  assert.ok(problems[1] > 100, `${problems[1]} enum problems`);
});
