// Explicit Euler and RK4: empirical convergence orders, the step grid, Hermite output between grid
// points, and backward integration.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { solveIvp } from '../../src/ode/index.js';
import type { OdeRhs } from '../../src/ode/index.js';

// y' = -y + sin t, y(0) = 1: exact y = (3/2) e^{-t} + (sin t − cos t)/2.
const forced: OdeRhs = (t, y, dy) => {
  dy[0] = -y[0] + Math.sin(t);
};
const forcedExact = (t: number): number => 1.5 * Math.exp(-t) + 0.5 * (Math.sin(t) - Math.cos(t));

/** Least-squares slope of log(err) against log(h). */
function fitSlope(hs: readonly number[], errs: readonly number[]): number {
  const x = hs.map(Math.log);
  const y = errs.map(Math.log);
  const mx = x.reduce((a, b) => a + b) / x.length;
  const my = y.reduce((a, b) => a + b) / y.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num += (x[i] - mx) * (y[i] - my);
    den += (x[i] - mx) ** 2;
  }
  return num / den;
}

describe('ode: fixed-step methods', () => {
  const steps = [0.1, 0.05, 0.025, 0.0125, 0.00625];

  for (const [method, order] of [
    ['euler', 1],
    ['rk4', 4],
  ] as const) {
    it(`${method} converges with order ${order} (fitted slope of the max grid error on [0, 2])`, (t) => {
      const errs = steps.map((step) => {
        const res = solveIvp(forced, [0, 2], [1], { method, step });
        assert.equal(res.t[res.t.length - 1], 2, 'the grid ends exactly at t1');
        let e = 0;
        for (let k = 0; k < res.t.length; k++) e = Math.max(e, Math.abs(res.y[k][0] - forcedExact(res.t[k])));
        return e;
      });
      const slope = fitSlope(steps, errs);
      t.diagnostic(`${method}: errors ${errs.map((e) => e.toExponential(2)).join(', ')}; slope ${slope.toFixed(3)}`);
      // ±0.1: the asymptotic regime is reached for these steps (pre-asymptotic drift is < 0.05).
      assert.ok(Math.abs(slope - order) < 0.1, `slope ${slope}`);
    });
  }

  it('uses N = ⌈span/step⌉ equal steps and outputs every grid point by default', () => {
    const res = solveIvp(forced, [0, 1], [1], { method: 'rk4', step: 0.3 });
    assert.equal(res.t.length, 5); // 4 steps of 0.25
    assert.deepEqual(Array.from(res.t), [0, 0.25, 0.5, 0.75, 1]);
    assert.equal(res.stats.naccepted, 4);
    assert.equal(res.stats.nrejected, 0);
    // RK4: 4 evaluations per step, the last step's end derivative is not needed.
    assert.equal(res.stats.nfev, 16);
  });

  it('returns grid states exactly at grid tEval points and Hermite values in between', () => {
    const step = 0.01;
    const grid = solveIvp(forced, [0, 1], [1], { method: 'rk4', step });
    const at = solveIvp(forced, [0, 1], [1], { method: 'rk4', step, tEval: [0, 0.12345, 0.5, 0.505, 1] });
    const idx = (tv: number): number => grid.t.findIndex((g) => g === tv);
    assert.ok(idx(0.5) > 0 && idx(1) > 0, '0.5 and 1 lie on the grid');
    for (let k = 0; k < at.t.length; k++) {
      const tv = at.t[k];
      const i = idx(tv);
      if (i >= 0) assert.equal(at.y[k][0], grid.y[i][0], `grid point t = ${tv}`);
      // Between grid points: RK4 global error O(h⁴) ≈ 1e-10 plus Hermite error O(h⁴·y⁗) ≈ 1e-10.
      assert.ok(Math.abs(at.y[k][0] - forcedExact(tv)) < 1e-9, `t = ${tv}`);
    }
  });

  it('Hermite dense output of Euler keeps order 1 between grid points', () => {
    const errs = steps.map((step) => {
      const res = solveIvp(forced, [0, 2], [1], { method: 'euler', step, denseOutput: true });
      let e = 0;
      for (let k = 1; k < 200; k++) {
        const tv = (2 * k) / 200 + 0.0013;
        e = Math.max(e, Math.abs(res.sol!(tv)[0] - forcedExact(tv)));
      }
      return e;
    });
    // ±0.15: a max over many points between grid nodes, still in the asymptotic regime.
    assert.ok(Math.abs(fitSlope(steps, errs) - 1) < 0.15);
  });

  it('integrates backwards (t1 < t0) with descending tEval', () => {
    const T = 2;
    const res = solveIvp(forced, [T, 0], [forcedExact(T)], { method: 'rk4', step: 0.01, tEval: [2, 1.5, 0.77, 0] });
    assert.deepEqual(Array.from(res.t), [2, 1.5, 0.77, 0]);
    for (let k = 0; k < res.t.length; k++) {
      // Backwards the mode e^{-t} grows by e² over the span; RK4 at h = 0.01 stays far below 1e-8.
      assert.ok(Math.abs(res.y[k][0] - forcedExact(res.t[k])) < 1e-8, `t = ${res.t[k]}`);
    }
  });

  it('RK4 is exact for a cubic polynomial in t (order conditions up to 4)', () => {
    const res = solveIvp((t, _y, dy) => (dy[0] = 3 * t * t - 2 * t + 1), [0, 3], [0.5], { method: 'rk4', step: 0.7 });
    const yEnd = res.y[res.y.length - 1][0];
    // Simpson's rule is exact on cubics: only rounding remains.
    assert.ok(Math.abs(yEnd - (27 - 9 + 3 + 0.5)) < 1e-12);
  });
});
