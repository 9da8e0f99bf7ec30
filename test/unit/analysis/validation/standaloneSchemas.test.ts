// The cached validators drop the schema constants ajv's standalone code never reads (standaloneSchemas.ts); the
// validators judge as before (standalonePaths.test.ts compares every corpus kind with fresh compiles), and a
// constant that is read, or code in another form, is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutUnusedSchemas } from '../../../../analysis/validation/standaloneSchemas';

test('unused schema constants are dropped, used ones and the code around them kept', () => {
  const tricky = JSON.stringify({ description: 'ends };const schema9 = {"a":1}; here', q: '\\"', list: [{ b: [] }] });
  const code =
    `"use strict";module.exports = validate1;const schema1 = ${tricky};const schema2 = {"enum":["a","b"]};` +
    `const schema3 = true;const schema4 = [1,{"x":"]"}];` +
    'function validate1(data){return schema2.enum.includes(data);}';
  const out = withoutUnusedSchemas(code);
  assert.equal(
    out,
    '"use strict";module.exports = validate1;const schema2 = {"enum":["a","b"]};' +
      'function validate1(data){return schema2.enum.includes(data);}',
  );
  const mod = { exports: undefined as unknown };
  new Function('module', out)(mod);
  assert.equal((mod.exports as (d: unknown) => boolean)('b'), true);
  assert.equal((mod.exports as (d: unknown) => boolean)('c'), false);
});

test('a schema constant that is not one JSON value and a semicolon leaves the code unchanged', () => {
  for (const code of [
    'const schema1 = {"a":1}\nconst schema2 = 2;',
    'const schema1 = {"a":[1};',
    'const schema1 = foo();',
  ])
    assert.equal(withoutUnusedSchemas(code), code);
});
