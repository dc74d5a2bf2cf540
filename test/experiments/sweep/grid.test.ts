/**
 * linspace/logspace against NumPy 2.4 (test/fixtures/sweep/grid.json, from tools/fixtures/sweep.py):
 * linspace bit-identical (same operations in the same order), logspace within 2 ulp (Math.pow vs C pow).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFixtureArray, loadFixture } from '../../helpers/fixtures.js';
import { linspace, logspace } from '../../../src/experiments/sweep/grid.js';

const grid = loadFixture('sweep/grid.json');

/** Distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, a);
  buf.setFloat64(8, b);
  return Number(buf.getBigInt64(0) - buf.getBigInt64(8) < 0n ? buf.getBigInt64(8) - buf.getBigInt64(0) : buf.getBigInt64(0) - buf.getBigInt64(8));
}

describe('linspace vs numpy.linspace', () => {
  for (const c of grid.linspace) {
    it(`linspace(${c.start}, ${c.stop}, ${c.num}, endpoint=${c.endpoint}) is bit-identical`, () => {
      const expected = Array.from(decodeFixtureArray(c.values).data);
      assert.deepEqual(linspace(c.start, c.stop, c.num, c.endpoint), expected);
    });
  }
  it('num = 0 gives no values; a negative or fractional num is refused', () => {
    assert.deepEqual(linspace(0, 1, 0), []);
    assert.throws(() => linspace(0, 1, -1), /num must be a non-negative integer/);
    assert.throws(() => linspace(0, 1, 2.5), /num must be a non-negative integer/);
  });
});

describe('logspace vs numpy.logspace', () => {
  for (const c of grid.logspace) {
    it(`logspace(${c.start}, ${c.stop}, ${c.num}, endpoint=${c.endpoint}, base=${c.base}) within 2 ulp`, () => {
      const expected = Array.from(decodeFixtureArray(c.values).data);
      const ours = logspace(c.start, c.stop, c.num, c.endpoint, c.base);
      assert.equal(ours.length, expected.length);
      ours.forEach((v, i) => assert.ok(ulps(v, expected[i]) <= 2, `value ${i}: ${v} vs numpy ${expected[i]}`));
    });
  }
});
