import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mix64, deriveChildId, deriveForkId, streamIdFromHex, streamIdToHex, ROOT_ID } from '../../src/random/stream-id.js';
import { DomainError } from '../../src/errors/index.js';

const hex64 = (w: [number, number]) => w[0].toString(16).padStart(8, '0') + w[1].toString(16).padStart(8, '0');

describe('stream identities', () => {
  it('mix64 is the splitmix64 finaliser (first outputs of splitmix64.c seeded with 0)', () => {
    // splitmix64 (Steele, Lea & Flood 2014; Vigna's splitmix64.c): state += 0x9E3779B97F4A7C15, output mix(state)
    const outputs: string[] = [];
    let hi = 0;
    let lo = 0;
    for (let k = 0; k < 3; k++) {
      const l = lo + 0x7f4a7c15;
      hi = (hi + 0x9e3779b9 + (l >= 2 ** 32 ? 1 : 0)) >>> 0;
      lo = l >>> 0;
      outputs.push(hex64(mix64(hi, lo)));
    }
    assert.deepEqual(outputs, ['e220a8397b1dcdaf', '6e789e6aa1b965f4', '06c45d188009454f']);
  });

  it('hex form round-trips and is validated', () => {
    const id = deriveChildId(deriveChildId(ROOT_ID, 12), 'x');
    assert.deepEqual(streamIdFromHex(streamIdToHex(id)), id);
    assert.match(streamIdToHex(id), /^[0-9a-f]{32}$/);
    assert.throws(() => streamIdFromHex('ABCDEF'), DomainError);
    assert.throws(() => streamIdFromHex('g'.repeat(32)), DomainError);
  });

  it('distinct labels give distinct ids (10^4 integer labels, 10^4 strings, 10^4 forks: no collision)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10000; i++) {
      seen.add(streamIdToHex(deriveChildId(ROOT_ID, i)));
      seen.add(streamIdToHex(deriveChildId(ROOT_ID, `run-${i}`)));
      seen.add(streamIdToHex(deriveForkId(ROOT_ID, i)));
    }
    assert.equal(seen.size, 30000);
  });

  it('strings longer than one 8-byte word use all their bytes', () => {
    const a = streamIdToHex(deriveChildId(ROOT_ID, 'abcdefgh-1'));
    const b = streamIdToHex(deriveChildId(ROOT_ID, 'abcdefgh-2'));
    const c = streamIdToHex(deriveChildId(ROOT_ID, 'abcdefgh'));
    assert.equal(new Set([a, b, c]).size, 3);
  });
});
