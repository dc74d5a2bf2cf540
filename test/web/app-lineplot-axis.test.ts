import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LOG_AXIS_MAX_DECADES, logGridFilter, logRange, logSplits, logTickLabels } from '../../src/web/app/components/log-axis.js';

/** The exponent of an exact power of ten parsed from its text, or null. */
function exponentOf(v: number): number | null {
  const [m, e] = v.toExponential().split('e');
  return m === '1' ? Number(e) : null;
}

describe('logRange: whole decades, at most LOG_AXIS_MAX_DECADES below the maximum', () => {
  test('the stall case (loss 9.1e-23 … 3.6 at λ = 1.15, 20×20) is clamped to 15 decades below 10', () => {
    assert.deepEqual(logRange(9.099875048725481e-23, 3.6152772406185143), [1e-14, 10]);
    assert.equal(LOG_AXIS_MAX_DECADES, 15);
  });

  test('data within the span: the enclosing decades, which contain the data', () => {
    for (const [lo, hi] of [[0.002, 3.6], [0.5, 0.7], [3e-15, 0.1], [1, 1000], [1.5, 99.9], [7e200, 3e201]]) {
      const [a, b] = logRange(lo, hi);
      const ea = exponentOf(a);
      const eb = exponentOf(b);
      assert.ok(ea !== null && eb !== null, `${a}, ${b} are powers of ten`);
      assert.ok(a <= lo && hi <= b, `[${a}, ${b}] contains [${lo}, ${hi}]`);
      assert.ok(a * 10 > lo && b / 10 < hi, `[${a}, ${b}] is the tightest decade range around [${lo}, ${hi}]`);
    }
  });

  test('exact powers of ten are range ends, and a single value gets a decade either side', () => {
    assert.deepEqual(logRange(1e-3, 1e2), [1e-3, 1e2]);
    assert.deepEqual(logRange(1e-23, 10), [1e-14, 10]);
    assert.deepEqual(logRange(5, 5), [1, 10]);
    assert.deepEqual(logRange(100, 100), [10, 1000]);
  });

  test('a smaller span is honoured; spans are never wider than asked', () => {
    assert.deepEqual(logRange(1e-30, 2, 4), [1e-3, 10]);
    for (let k = -40; k <= 40; k += 3) {
      const lo = 3.7 * 10 ** k;
      for (const span of [1, 6, 12, 15]) {
        const [a, b] = logRange(lo, lo * 10 ** 25, span);
        const decades = exponentOf(b)! - exponentOf(a)!;
        assert.ok(decades >= 1 && decades <= span, `${decades} decades for span ${span}`);
      }
    }
  });

  test('no positive data, zero, negative, NaN, infinite and subnormal bounds', () => {
    assert.deepEqual(logRange(null, null), [1, 10]);
    assert.deepEqual(logRange(0, 0), [1, 10]);
    assert.deepEqual(logRange(-3, -1), [1, 10]);
    assert.deepEqual(logRange(NaN, NaN), [1, 10]);
    assert.deepEqual(logRange(0, 3), [1, 10]);
    assert.deepEqual(logRange(-1, 0.05), [0.01, 0.1]);
    assert.deepEqual(logRange(5e-324, 2), [1e-14, 10]);
    assert.deepEqual(logRange(1e-300, Infinity), [1, 10]);
    assert.deepEqual(logRange(1e-300, 2e-300), [1e-300, 1e-299]);
    const big = logRange(1, 1.7e308);
    assert.ok(Number.isFinite(big[0]) && Number.isFinite(big[1]) && big[0] < big[1]);
  });
});

describe('logSplits: a bounded, exact list of m·10^e ticks', () => {
  test('the ticks of a small range, listed by hand', () => {
    assert.deepEqual(logSplits(0.5, 3), [0.5, 0.6, 0.7, 0.8, 0.9, 1, 2, 3]);
    assert.deepEqual(logSplits(1e-2, 1), [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });

  test('minima where uPlot 1.6 loops without end (9e-23 in Chromium, ≤ 1e-30 in Node) give every tick once', () => {
    for (const min of [9e-23, 9.1e-23, 1e-30, 9e-33, 5e-324]) {
      const s = logSplits(min, 10);
      assert.ok(s.length <= 9 * (LOG_AXIS_MAX_DECADES + 1), `${s.length} splits`);
      assert.equal(s[s.length - 1], 10);
      assert.equal(s[0], 1e-14, `the lowest tick is ${LOG_AXIS_MAX_DECADES} decades below the top one (10)`);
      assert.equal(new Set(s).size, s.length);
    }
  });

  test('over ranges from 1e-40 to 1e40: sorted, inside the range, leading digits 1–9, every decade present', () => {
    for (let k = -40; k <= 40; k += 0.37) {
      for (const width of [0.3, 1, 2.5, 7, 14, 30]) {
        const min = 10 ** k;
        const max = 10 ** (k + width);
        const s = logSplits(min, max);
        assert.ok(s.length >= 1 && s.length <= 9 * (LOG_AXIS_MAX_DECADES + 1));
        for (let i = 0; i < s.length; i++) {
          assert.ok(s[i] >= min * (1 - 1e-12) && s[i] <= max * (1 + 1e-12), `${s[i]} in [${min}, ${max}]`);
          if (i > 0) assert.ok(s[i] > s[i - 1]);
          const [m] = s[i].toExponential().split('e');
          assert.match(m, /^[1-9]$/, `${s[i]} is a one-digit multiple of a power of ten`);
        }
        // every power of ten inside the range, down to LOG_AXIS_MAX_DECADES below the largest one, is a tick
        let eTop = Math.ceil(Math.log10(max)) + 1;
        while (Number(`1e${eTop}`) > max) eTop--;
        for (let e = eTop; e >= eTop - LOG_AXIS_MAX_DECADES; e--) {
          const p = Number(`1e${e}`);
          if (p >= min) assert.ok(s.includes(p), `1e${e} in the splits of [${min}, ${max}]`);
        }
      }
    }
  });

  test('degenerate ranges return the finite positive bound alone', () => {
    assert.deepEqual(logSplits(0, 10), [10]);
    assert.deepEqual(logSplits(NaN, NaN), [1]);
    assert.deepEqual(logSplits(5, 5), [5]);
    assert.deepEqual(logSplits(3, 2), [3]);
  });
});

describe('logTickLabels', () => {
  test('labels only powers of ten, decimal in [0.01, 1e4), 1eN outside', () => {
    assert.deepEqual(logTickLabels([0.001, 0.01, 0.02, 0.1, 1, 5, 10, 1e3, 1e4, 2e4], 10), ['1e-3', '0.01', '', '0.1', '1', '', '10', '1000', '1e4', '']);
  });

  test('at most six labels on a 15-decade axis, every label the value of its tick, null ticks blank', () => {
    const s: (number | null)[] = logSplits(...logRange(9.1e-23, 3.6));
    const labels = logTickLabels(s);
    const shown = labels.filter((l) => l !== '');
    assert.ok(shown.length >= 2 && shown.length <= 6, `${shown.length} labels`);
    labels.forEach((l, i) => {
      if (l !== '') assert.equal(Number(l), s[i]);
    });
    assert.deepEqual(logTickLabels([null, 1, null]), ['', '1', '']);
    // seven decades with the default six labels: every second exponent (divisible by 2)
    assert.deepEqual(logTickLabels([0.001, 0.01, 0.1, 1, 10, 100, 1000]), ['', '0.01', '', '1', '', '100', '']);
  });
});

describe('logGridFilter', () => {
  test('keeps exactly the powers of ten of the splits, in place', () => {
    const s = logSplits(3e-5, 20);
    const g = logGridFilter(s);
    assert.equal(g.length, s.length);
    const kept = g.filter((v) => v !== null);
    assert.deepEqual(kept, [1e-4, 1e-3, 1e-2, 1e-1, 1, 10]);
    g.forEach((v, i) => assert.ok(v === null || v === s[i]));
    assert.deepEqual(logGridFilter([null, 0.5, 1, 2, 10]), [null, null, 1, null, 10]);
  });
});
