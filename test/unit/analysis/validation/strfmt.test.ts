// String formats of custom resources as kube-openapi's strfmt checks them, against what the real kube-apiserver
// 1.35 answered for a test CRD with one field per format (dry-run create, strict field validation; 2026-12-06).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesFormat } from '../../../../analysis/validation/formats';

const V = {
  v1: '123e4567-e89b-12d3-a456-426614174000',
  v3: '123e4567-e89b-32d3-a456-426614174000',
  v4: '123e4567-e89b-42d3-a456-426614174000',
  v4b: '123e4567-e89b-42d3-8456-426614174000',
  upper: '123E4567-E89B-42D3-8456-426614174000',
  bare: '123e4567e89b42d38456426614174000',
  v5: '123e4567-e89b-52d3-9456-426614174000',
  urn: 'urn:uuid:123e4567-e89b-42d3-8456-426614174000',
};
// The values the server accepted per format; every other value of V it refused.
const ACCEPTED: Record<string, string[]> = {
  uuid: [V.v1, V.v3, V.v4, V.v4b, V.upper, V.bare, V.v5],
  uuid3: [V.v3],
  uuid4: [V.v4, V.v4b, V.upper, V.bare],
  uuid5: [V.v5],
};

test('uuid, uuid3, uuid4, uuid5 as the server checks them (hyphens optional, any case, no urn: prefix)', () => {
  for (const [format, accepted] of Object.entries(ACCEPTED))
    for (const v of Object.values(V)) assert.equal(matchesFormat(format, v), accepted.includes(v), `${format} ${v}`);
});

test("duration as kube-openapi parses it: Go's time.ParseDuration, else a number with a known unit anywhere", () => {
  for (const v of ['PT1H', '1h', '1d', '3w', 'P1D', '1h30m', '1.5h', '1 h', '-1h', '1ms', '1us'])
    assert.equal(matchesFormat('duration', v), true, v);
  for (const v of ['10', '1y', '1mo']) assert.equal(matchesFormat('duration', v), false, v);
});

test('hostname as kube-openapi checks it: any letter or symbol, a top-level label of 2+ letters', () => {
  const a = (n: number) => 'a'.repeat(n);
  const accepted = ['😀', 'a', 'é.com', 'a-', a(63), `${a(63)}.com`, 'xn--abc.com', 'é', 'ab.cd.ef', '😀.com'];
  const refused = ['a_b', '-a', 'a.b', 'a..b', '1.2.3.4', 'a.b1', 'foo.c', a(64), 'ab.😀😀', 'a.-b', 'a.b-', 'a b'];
  for (const v of accepted) assert.equal(matchesFormat('hostname', v), true, v);
  for (const v of refused) assert.equal(matchesFormat('hostname', v), false, v);
  for (const v of ['a.bc.', 'a-b.c-d']) assert.equal(matchesFormat('hostname', v), false, v);
});
