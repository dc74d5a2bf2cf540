// The scalar mixed kernel ds/dt = 2λ√(s²+c²)(y − s) (spec mixed-and-three-mechanisms.md §A.2.4, §C):
// closed-form hitting time vs mpmath quadrature (tools/fixtures/mixed.py) and vs DOP853; its inverse
// (aligned solution); the logistic c = 0 limit (A.5-4); the speed-up times (A.5-9).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { solveIvp } from '../../../src/ode/index.js';
import { ConfigError, DomainError } from '../../../src/errors/index.js';
import {
  alignedSingularValue,
  logisticSingularValue,
  mixedHittingTime,
  mixedScalarRate,
  speedUpTimes,
} from '../../../src/theory/mixed/index.js';
import { loadFixture } from '../../helpers/fixtures.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

function integrate(y: number, c: number, lambda: number, s0: number, t: number): number {
  const res = solveIvp((_t, s, ds) => {
    ds[0] = 2 * lambda * Math.hypot(s[0], c) * (y - s[0]);
  }, [0, t], Float64Array.of(s0), { rtol: 1e-13, atol: 1e-14 * Math.max(1, Math.abs(y)) });
  return res.y[res.y.length - 1][0];
}

describe('mixed scalar kernel (§A.2.4)', () => {
  it('hitting time t(x) equals the mpmath quadrature ∫dx/rate (30 digits) for every fixture case', () => {
    const f = loadFixture('mixed/hitting.json');
    for (const c of f.cases) {
      const t = mixedHittingTime(c.x, { y: c.y, c: c.c, lambda: c.lambda, x0: c.x0 });
      // Closed form of logs of O(1)–O(y²) quantities: a few ulps of cancellation; 1e-12 relative.
      assert.ok(rel(t, c.t) < 1e-12, `case ${JSON.stringify(c)}: ${t} vs ${c.t}`);
    }
  });

  it('spec example (A.5-3): y = 224, c = 12, s0 = 1e-3 reaches 0.95y at t = 0.0145187', () => {
    const t = mixedHittingTime(0.95 * 224, { y: 224, c: 12, x0: 1e-3 });
    assert.equal(t.toFixed(7), '0.0145187');
  });

  it('DOP853 (rtol 1e-13) run to t(x) lands on x, over a product of y, c, λ, s0 (A.5-3: ≤ 1e-8 relative)', () => {
    let worst = 0;
    for (const y of [0.3, 5, 224])
      for (const c of [0.01, 1, 12, 300])
        for (const lambda of [1, 0.25])
          for (const s0 of [0, 1e-3, -0.2]) {
            const x = s0 + 0.9 * (y - s0);
            const t = mixedHittingTime(x, { y, c, lambda, x0: s0 });
            const s = integrate(y, c, lambda, s0, t);
            worst = Math.max(worst, Math.abs(s - x) / Math.abs(y - s0));
          }
    // Measured worst 4.8e-12 (fraction of the path y − s0); spec asks 1e-8.
    assert.ok(worst < 1e-8, `worst ${worst}`);
  });

  it('A.5-3 as written: RK4 with dt = 1e-5/y reaches 0.95y at the closed-form t(x) to 1e-8 relative', () => {
    for (const [y, c] of [[224, 12], [198, 12.01], [5, 0.3]] as const) {
      const t = mixedHittingTime(0.95 * y, { y, c, x0: 1e-3 });
      const n = Math.ceil(t / (1e-5 / y));
      const res = solveIvp((_t, s, ds) => {
        ds[0] = 2 * Math.hypot(s[0], c) * (y - s[0]);
      }, [0, t], Float64Array.of(1e-3), { method: 'rk4', step: t / n, tEval: [t] });
      assert.ok(Math.abs(res.y[0][0] / (0.95 * y) - 1) < 1e-8, `y=${y}: ${res.y[0][0]}`);
    }
  });

  it('alignedSingularValue inverts the hitting time and matches DOP853 (1e-10 of y)', () => {
    for (const [y, c, s0, lambda] of [[224, 12, 1e-3, 1], [2, 0.5, 0, 1], [1, 3, 2.5, 0.7], [-2, 1, 0.4, 1], [3, 0, 0.01, 1]] as const) {
      for (const t of [0, 0.001, 0.05, 0.4, 3]) {
        const s = alignedSingularValue(t, { y, c, s0, lambda });
        const ref = integrate(y, c, lambda, s0, t);
        assert.ok(Math.abs(s - ref) <= 1e-10 * Math.abs(y) + 1e-14, `y=${y} c=${c} s0=${s0} t=${t}: ${s} vs ${ref}`);
      }
    }
  });

  it('balanced limit c = 0: the logistic y/(1 + (y/s0 − 1)e^{−2yt}) (A.5-4), and the kernel with c = 0 agrees', () => {
    for (const [y, s0] of [[2, 0.01], [50, 1e-3], [1, 3]] as const) {
      for (const t of [0.01, 0.5, 2]) {
        const l = logisticSingularValue(t, { y, s0 });
        assert.ok(Math.abs(l - integrate(y, 0, 1, s0, t)) < 1e-10 * y);
        assert.ok(Math.abs(l - alignedSingularValue(t, { y, c: 0, s0 })) < 1e-12 * y);
      }
    }
    assert.equal(logisticSingularValue(5, { y: 2, s0: 0 }), 0);
    // c = 0 with s0 of the other sign than y: s decays to the fixed point 0 (never crosses it).
    for (const [y, s0] of [[2, -0.5], [-1, 0.3]] as const) {
      for (const t of [0.1, 1, 4]) {
        const s = alignedSingularValue(t, { y, c: 0, s0 });
        assert.ok(Math.abs(s - integrate(y, 0, 1, s0, t)) < 1e-11, `y=${y} s0=${s0} t=${t}: ${s}`);
        assert.ok(Math.sign(s) === Math.sign(s0));
      }
    }
    assert.equal(alignedSingularValue(5, { y: 2, c: 0, s0: 0 }), 0);
  });

  it('rates: lazy 2c(y − s) for s ≪ c, balanced 2s(y − s) for s ≫ c; speed-up times (A.5-9)', () => {
    assert.ok(rel(mixedScalarRate(1e-6, { y: 1, c: 100 }), 2 * 100 * (1 - 1e-6)) < 1e-12);
    assert.ok(rel(mixedScalarRate(1e3, { y: 2e3, c: 1e-3 }), 2 * 1e3 * 1e3) < 1e-12);
    // Fig. 1 numbers: y ≈ 224, c = 12.01, ε = 0.05: ≈ 0.0148, i.e. 18.5 GD iterations at η = 1/1250.
    const { reach, cross } = speedUpTimes({ y: 224, c: 12.01, epsilon: 0.05 });
    assert.equal(reach.toFixed(4), '0.0148');
    assert.ok(Math.abs(reach * 1250 - 18) < 3);
    // The approximation vs the exact hitting time from s0 = 0 (y ≫ c): 0.014765 vs 0.014517 (+1.7%).
    const exact = mixedHittingTime(0.95 * 224, { y: 224, c: 12.01, x0: 0 });
    assert.ok(rel(reach, exact) < 0.03, `${reach} vs ${exact}`);
    // Crossing c at ≈ 1/(2y) (A.5-9): exact 0.002019 vs 1/(2y) = 0.002232 (−10%) at y/c = 18.7.
    const tc = mixedHittingTime(12.01, { y: 224, c: 12.01, x0: 0 });
    assert.ok(Math.abs(tc / cross - 1) < 0.15, `crossing ${tc} vs 1/(2y) = ${cross}`);
  });

  it('refuses unreachable targets, c < 0, λ ≤ 0, and the c = 0, s0 = 0 case where t divides by zero', () => {
    assert.throws(() => mixedHittingTime(3, { y: 2, c: 1, x0: 0 }), DomainError); // beyond y
    assert.throws(() => mixedHittingTime(2, { y: 2, c: 1, x0: 0 }), DomainError); // y itself
    assert.throws(() => mixedHittingTime(-1, { y: 2, c: 1, x0: 0 }), DomainError); // behind the start
    assert.throws(() => mixedHittingTime(1, { y: 2, c: 0, x0: 0 }), (e: Error) => e instanceof DomainError && /c = 0/.test(e.message));
    assert.throws(() => mixedHittingTime(1, { y: 2, c: -1, x0: 0 }), ConfigError);
    assert.throws(() => mixedHittingTime(1, { y: 2, c: 1, x0: 0, lambda: 0 }), ConfigError);
    assert.throws(() => alignedSingularValue(-1, { y: 2, c: 1, s0: 0 }), ConfigError);
    assert.throws(() => speedUpTimes({ y: 2, c: 0, epsilon: 0.05 }), DomainError);
    assert.equal(mixedHittingTime(0.5, { y: 2, c: 1, x0: 0.5 }), 0);
  });
});
