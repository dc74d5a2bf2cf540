import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { axisTicks, formatLinearTicks, linearTickValues, logTicks, niceStep, superscript } from '../../src/plot/ticks.js';

describe('linear ticks', () => {
  it('uses 1-2-5 steps with exact decimal values', () => {
    assert.deepEqual(linearTickValues(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(linearTickValues(0, 0.3, 3), [0, 0.1, 0.2, 0.3]);
    assert.deepEqual(linearTickValues(-3, 7, 5), [-2, 0, 2, 4, 6]);
    assert.deepEqual(linearTickValues(0, 100, 2), [0, 50, 100]);
  });
  it('step mantissa is always 1, 2 or 5', () => {
    for (const span of [1e-12, 3.3e-7, 0.7, 1, 4.2, 99, 1234, 8.8e15, 1e300]) {
      for (const target of [2, 5, 10]) assert.ok([1, 2, 5].includes(niceStep(span, target).mantissa));
    }
  });
  it('handles tiny ranges around 1', () => {
    const t = linearTickValues(1, 1 + 1e-12, 5);
    assert.ok(t.length >= 3 && t.length <= 11, `got ${t.length} ticks`);
    for (const v of t) assert.ok(v >= 1 && v <= 1 + 1e-12 * (1 + 1e-6));
    const labels = formatLinearTicks(t);
    assert.equal(new Set(labels).size, labels.length, 'tick labels must be distinct');
  });
  it('handles huge ranges and scientific labels', () => {
    const t = linearTickValues(0, 3e20, 3);
    assert.deepEqual(t, [0, 1e20, 2e20, 3e20]);
    assert.deepEqual(formatLinearTicks(t), ['0', '10²⁰', '2×10²⁰', '3×10²⁰']);
    assert.deepEqual(formatLinearTicks([0, 2e-6, 4e-6]), ['0', '2×10⁻⁶', '4×10⁻⁶']);
    assert.deepEqual(formatLinearTicks([1.5e-6, 2e-6, 2.5e-6]), ['1.5×10⁻⁶', '2×10⁻⁶', '2.5×10⁻⁶']);
  });
  it('formats plain decimals with a common precision and a true minus sign', () => {
    assert.deepEqual(formatLinearTicks([-0.5, 0, 0.5, 1]), ['−0.5', '0.0', '0.5', '1.0']);
    assert.deepEqual(formatLinearTicks([0, 20, 40]), ['0', '20', '40']);
  });
  it('reversed domain gives the same ascending ticks; degenerate gives one tick', () => {
    assert.deepEqual(linearTickValues(10, 0, 5), linearTickValues(0, 10, 5));
    assert.deepEqual(linearTickValues(3, 3), [3]);
    assert.deepEqual(linearTickValues(Number.NaN, 1), []);
  });
});

describe('log ticks', () => {
  it('labels decades with superscript exponents and adds minor ticks', () => {
    const t = logTicks(1e-3, 1e2);
    assert.deepEqual(t.major.map((x) => x.label), ['10⁻³', '10⁻²', '10⁻¹', '10⁰', '10¹', '10²']);
    assert.deepEqual(t.major.map((x) => x.value), [1e-3, 1e-2, 1e-1, 1, 10, 100]);
    assert.equal(t.minor.length, 5 * 8);
  });
  it('thins decades on very wide domains', () => {
    const t = logTicks(1e-30, 1e30);
    assert.ok(t.major.length <= 8 && t.major.length >= 3, `${t.major.length} majors`);
    const exps = t.major.map((x) => Math.round(Math.log10(x.value)));
    const stride = exps[1] - exps[0];
    for (let k = 1; k < exps.length; k++) assert.equal(exps[k] - exps[k - 1], stride);
  });
  it('labels 2 and 5 when fewer than two decades are visible, and falls back to linear inside one decade', () => {
    assert.deepEqual(logTicks(1, 30).major.map((x) => x.label), ['10⁰', '2×10⁰', '5×10⁰', '10¹', '2×10¹']);
    const inside = logTicks(2, 8).major.map((x) => x.value);
    assert.deepEqual(inside, [2, 4, 6, 8]);
  });
  it('reversed domain equals sorted; invalid domains give no ticks', () => {
    assert.deepEqual(logTicks(100, 1), logTicks(1, 100));
    assert.deepEqual(logTicks(0, 10).major, []);
    assert.deepEqual(axisTicks('log', [-1, 10]).major, []);
  });
  it('superscript writes minus and digits', () => {
    assert.equal(superscript(-12), '⁻¹²');
  });
});
