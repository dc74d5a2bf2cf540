/** SHA-256 against Python's hashlib (test/fixtures/sweep/digest.json) and canonical JSON. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixture } from '../../helpers/fixtures.js';
import { canonicalJson, digestOf, sha256Hex } from '../../../src/experiments/sweep/digest.js';

describe('sha256Hex', () => {
  for (const c of loadFixture('sweep/digest.json').cases) {
    it(`matches hashlib for a ${c.text.length}-character text`, () => assert.equal(sha256Hex(c.text), c.sha256));
  }
  it('hashes bytes as given', () => {
    const c = loadFixture('sweep/digest.json').cases[1];
    assert.equal(sha256Hex(new TextEncoder().encode(c.text)), c.sha256);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members, writes -0 as 0', () => {
    assert.equal(canonicalJson({ b: 1, a: [2, { d: null, c: -0 }], u: undefined }), '{"a":[2,{"c":0,"d":null}],"b":1}');
  });
  it('gives the same text and digest whatever the key order', () => {
    const x = { init: { lambda: 1, scale: 0.2 }, model: { kind: 'k' } };
    const y = { model: { kind: 'k' }, init: { scale: 0.2, lambda: 1 } };
    assert.equal(canonicalJson(x), canonicalJson(y));
    assert.equal(digestOf(x), digestOf(y));
    assert.notEqual(digestOf(x), digestOf({ ...x, init: { lambda: 1, scale: 0.3 } }));
  });
  it('keeps non-finite numbers apart from null and from each other', () => {
    assert.equal(canonicalJson([NaN, Infinity, -Infinity, null]), '["NaN","Infinity","-Infinity",null]');
  });
  it('digestOf is a 16-hex-digit prefix of the SHA-256 of the canonical text', () => {
    const v = { assignments: { 'init.lambda': -1.5 }, replicate: 0 };
    assert.equal(digestOf(v), sha256Hex(canonicalJson(v)).slice(0, 16));
    assert.match(digestOf(v), /^[0-9a-f]{16}$/);
  });
});
