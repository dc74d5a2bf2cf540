import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { philox4x32, philoxFill } from '../../src/random/philox.js';
import { loadFixture } from '../helpers/fixtures.js';

const M32 = 0xffffffff;

// Random123 1.14, tests/kat_vectors (https://github.com/DEShawResearch/random123), the three
// "philox4x32 10" lines: counter[4] key[2] → output[4].
const KAT: { ctr: number[]; key: number[]; out: number[] }[] = [
  { ctr: [0, 0, 0, 0], key: [0, 0], out: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
  { ctr: [M32, M32, M32, M32], key: [M32, M32], out: [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd] },
  {
    ctr: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0],
    out: [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  },
];

describe('Philox4x32-10', () => {
  it('matches the Random123 known-answer vectors', () => {
    for (const { ctr, key, out } of KAT) {
      assert.deepEqual(Array.from(philox4x32(ctr, key)), out);
    }
  });

  it('matches the independent Python implementation bit for bit (28 counters/keys)', () => {
    const fx = loadFixture<{ cases: { ctr: number[]; key: number[]; out: number[] }[] }>('random/philox.json');
    assert.equal(fx.cases.length, 28);
    for (const c of fx.cases) assert.deepEqual(Array.from(philox4x32(c.ctr, c.key)), c.out);
  });

  it('philoxFill counts consecutive counters with a carry from word 0 into word 1', () => {
    const key = [0x01234567, 0x89abcdef];
    const out = new Uint32Array(12);
    philoxFill(out, 0, 3, M32 - 1, 7, 11, 13, key[0], key[1]);
    assert.deepEqual(Array.from(out.subarray(0, 4)), Array.from(philox4x32([M32 - 1, 7, 11, 13], key)));
    assert.deepEqual(Array.from(out.subarray(4, 8)), Array.from(philox4x32([M32, 7, 11, 13], key)));
    assert.deepEqual(Array.from(out.subarray(8, 12)), Array.from(philox4x32([0, 8, 11, 13], key)));
    // 64-bit wrap-around of the low half
    const wrap = new Uint32Array(8);
    philoxFill(wrap, 0, 2, M32, M32, 5, 6, key[0], key[1]);
    assert.deepEqual(Array.from(wrap.subarray(4, 8)), Array.from(philox4x32([0, 0, 5, 6], key)));
  });

  it('is a different function of every input word (one-bit changes flip about half the output bits)', () => {
    const base = philox4x32([1, 2, 3, 4], [5, 6]);
    const popcount = (x: number) => {
      let c = 0;
      for (let v = x >>> 0; v; v &= v - 1) c++;
      return c;
    };
    for (let word = 0; word < 6; word++) {
      const ctr = [1, 2, 3, 4];
      const key = [5, 6];
      if (word < 4) ctr[word] ^= 1;
      else key[word - 4] ^= 1;
      const other = philox4x32(ctr, key);
      let flipped = 0;
      for (let i = 0; i < 4; i++) flipped += popcount(base[i] ^ other[i]);
      // 128 output bits, each flipping with probability 1/2: mean 64, sd 5.7; ±30 is > 5 sd.
      assert.ok(flipped > 34 && flipped < 94, `word ${word}: ${flipped} bits flipped`);
    }
  });
});
