// Continuous extensions: order of the DOP853 (7th order) and DOPRI5 (4th order) interpolants on a
// single step, accuracy of sol(t) between steps, agreement of tEval with sol(t), and backward sol.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { solveIvp } from '../../src/ode/index.js';
import type { OdeRhs } from '../../src/ode/index.js';
import { DomainError } from '../../src/errors/index.js';

const oscillator: OdeRhs = (_t, y, dy) => {
  dy[0] = y[1];
  dy[1] = -y[0];
};

function maxErrOnStep(method: 'dop853' | 'dopri5', h: number): number {
  // One step of size h (loose tolerances so it is accepted as is), interpolated at 19 inner points.
  const res = solveIvp(oscillator, [0, h], [1, 0], { method, firstStep: h, rtol: 0.5, atol: 1, denseOutput: true });
  assert.equal(res.stats.naccepted, 1);
  let e = 0;
  for (let k = 1; k < 20; k++) {
    const t = (k / 20) * h;
    const y = res.sol!(t);
    e = Math.max(e, Math.abs(y[0] - Math.cos(t)), Math.abs(y[1] + Math.sin(t)));
  }
  return e;
}

describe('ode: dense output', () => {
  for (const [method, localOrder] of [
    ['dop853', 8],
    ['dopri5', 5],
  ] as const) {
    it(`${method}: the interpolant's local error on one step scales like h^${localOrder}`, (t) => {
      const hs = [1, 0.5, 0.25];
      const errs = hs.map((h) => maxErrOnStep(method, h));
      const slopes = [Math.log2(errs[0] / errs[1]), Math.log2(errs[1] / errs[2])];
      t.diagnostic(`${method}: errors ${errs.map((e) => e.toExponential(2))}; slopes ${slopes.map((s) => s.toFixed(2))}`);
      // ±0.5: measured 8.01/8.00 and 5.44/4.94; a wrong coefficient drops the order by ≥ 1.
      for (const s of slopes) assert.ok(Math.abs(s - localOrder) < 0.5, `slope ${s}`);
    });
  }

  it('dop853 sol(t) at rtol 1e-12 is accurate to 1e-10 everywhere between steps', () => {
    const T = 20;
    const res = solveIvp(oscillator, [0, T], [1, 0], { rtol: 1e-12, atol: 1e-14, denseOutput: true });
    const sol = res.sol!;
    assert.equal(sol.t0, 0);
    assert.equal(sol.t1, T);
    let worst = 0;
    const out = new Float64Array(2);
    for (let k = 0; k <= 2000; k++) {
      const t = (T * k) / 2000 + (k < 2000 ? 1e-3 * Math.sin(k) ** 2 : 0);
      const y = sol(t, out);
      assert.equal(y, out, 'writes into the given array');
      worst = Math.max(worst, Math.abs(y[0] - Math.cos(t)), Math.abs(y[1] + Math.sin(t)));
    }
    // The global error of the steps themselves is ~3e-12 here; 1e-10 is the project's bar.
    assert.ok(worst < 1e-10, `worst ${worst}`);
    // Step points (θ = 0 of their step, or t1) reproduce the step states exactly.
    for (let k = 0; k < res.t.length; k++) assert.deepEqual(sol(res.t[k]), res.y[k]);
  });

  for (const method of ['dop853', 'dopri5'] as const) {
    it(`${method}: tEval values equal sol(t) of the same run, forwards and backwards`, () => {
      for (const [span, y0] of [
        [[0, 7], [1, 0]],
        [[7, 0], [Math.cos(7), -Math.sin(7)]],
      ] as const) {
        const dir = Math.sign(span[1] - span[0]);
        const tEval = Array.from({ length: 15 }, (_, k) => span[0] + (dir * 7 * k) / 14 + (k > 0 && k < 14 ? 0.01 : 0));
        const opts = { method, rtol: 1e-10, atol: 1e-12 };
        const withEval = solveIvp(oscillator, span, y0, { ...opts, tEval });
        const dense = solveIvp(oscillator, span, y0, { ...opts, denseOutput: true });
        assert.deepEqual(Array.from(withEval.t), tEval);
        for (let k = 0; k < tEval.length; k++) {
          const s = dense.sol!(tEval[k]);
          // Same steps, same interpolation formulas: agreement to rounding.
          assert.ok(Math.abs(s[0] - withEval.y[k][0]) < 1e-14 && Math.abs(s[1] - withEval.y[k][1]) < 1e-14);
          assert.ok(Math.abs(s[0] - Math.cos(tEval[k])) < 1e-8);
        }
        // tEval only pays for the extra dense stages of the steps it touches.
        assert.ok(withEval.stats.nfev <= dense.stats.nfev);
      }
    });
  }

  it('sol(t) refuses times outside the span', () => {
    const res = solveIvp(oscillator, [0, 1], [1, 0], { denseOutput: true });
    assert.throws(() => res.sol!(1.5), DomainError);
    assert.throws(() => res.sol!(-0.1), DomainError);
    const back = solveIvp(oscillator, [1, 0], [1, 0], { denseOutput: true });
    assert.throws(() => back.sol!(1.01), DomainError);
    assert.doesNotThrow(() => back.sol!(0.5));
  });

  it('without tEval the output is every accepted step, ending exactly at t1', () => {
    const res = solveIvp(oscillator, [0, 3], [1, 0], { rtol: 1e-9, atol: 1e-12 });
    assert.equal(res.t.length, res.stats.naccepted + 1);
    assert.equal(res.t[0], 0);
    assert.equal(res.t[res.t.length - 1], 3);
    for (let k = 1; k < res.t.length; k++) assert.ok(res.t[k] > res.t[k - 1]);
    assert.equal(res.stats.nsteps, res.stats.naccepted + res.stats.nrejected);
  });
});
