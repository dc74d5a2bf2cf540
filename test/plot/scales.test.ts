import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createScale, emptyExtent, includeValues, resolveDomain } from '../../src/plot/scales.js';
import { DomainError, ConfigError } from '../../src/errors/index.js';

// Pixel positions are exact up to a few ulps of the range; 1e-9 px is far below print precision (0.01 px).
const EPS = 1e-9;

describe('scales', () => {
  it('linear scale maps and inverts', () => {
    const s = createScale('linear', [0, 10], [100, 300]);
    assert.equal(s.map(0), 100);
    assert.equal(s.map(5), 200);
    assert.ok(Math.abs(s.invert(250) - 7.5) < EPS);
  });
  it('y-style reversed range and reversed domain', () => {
    const s = createScale('linear', [0, 1], [400, 0]);
    assert.equal(s.map(1), 0);
    const r = createScale('linear', [10, 0], [0, 100]);
    assert.equal(r.map(10), 0);
    assert.equal(r.map(0), 100);
  });
  it('log scale maps decades evenly and gives NaN for non-positive values', () => {
    const s = createScale('log', [1e-2, 1e2], [0, 400]);
    assert.ok(Math.abs(s.map(1) - 200) < EPS);
    assert.ok(Math.abs(s.map(10) - 300) < EPS);
    assert.ok(Math.abs(s.invert(100) - 0.1) < 1e-12);
    assert.ok(Number.isNaN(s.map(0)));
    assert.ok(Number.isNaN(s.map(-1)));
  });
  it('rejects non-positive log domains and non-finite domains', () => {
    assert.throws(() => createScale('log', [0, 1], [0, 1]), DomainError);
    assert.throws(() => createScale('linear', [0, Number.NaN], [0, 1]), ConfigError);
    assert.throws(() => resolveDomain('log', [-1, 10], emptyExtent(), 'test axis'), DomainError);
  });
  it('resolves domains from data: padding, degenerate, empty, log drops non-positive', () => {
    const e = emptyExtent();
    includeValues(e, [0, 10, Number.NaN], 'linear');
    assert.deepEqual(resolveDomain('linear', undefined, e, 'a'), [-0.4, 10.4]);
    const c = emptyExtent();
    includeValues(c, [5, 5], 'linear');
    assert.deepEqual(resolveDomain('linear', undefined, c, 'a'), [4.5, 5.5]);
    assert.deepEqual(resolveDomain('linear', undefined, emptyExtent(), 'a'), [0, 1]);
    assert.deepEqual(resolveDomain('log', undefined, emptyExtent(), 'a'), [1, 10]);
    const l = emptyExtent();
    includeValues(l, [-1, 0, 1, 100], 'log');
    assert.equal(l.droppedNonPositive, 2);
    const [a, b] = resolveDomain('log', undefined, l, 'a');
    assert.ok(a < 1 && a > 0.8 && b > 100 && b < 125);
    assert.deepEqual(resolveDomain('linear', [3, 3], emptyExtent(), 'a'), [2.7, 3.3]);
  });
});
