// B.4/B.9 cross-check (spec mixed-and-three-mechanisms.md): paper A's self-consistent dynamics (1) at
// d_in = d_out = 1, Ȧ = −2√(A² + c²)(A − a), with c = √Q/2 and time rescaled by λ = αΣ_xx, reproduces the
// function P(t) of paper B's width-d model exactly (not approximately): against the closed form of
// src/theory/three-mechanisms (mechanisms-theory) and against a DOP853 simulation of the width-d weights.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../../src/linalg/matrix.js';
import { createRandom } from '../../../src/random/index.js';
import { matrixTask } from '../../../src/tasks/index.js';
import { scalarWidthInit } from '../../../src/models/scalar-width.js';
import { scalarWidthFlow } from '../../../src/train/scalar-width.js';
import { scalarWidthExact } from '../../../src/theory/three-mechanisms/index.js';
import { alignedSingularValue, mixedDynamicsFlow } from '../../../src/theory/mixed/index.js';
import { mixedScalings } from '../../../src/models/mixed-linear.js';

describe('B.9: (1) at d = 1 is the 1-D width-d model of Part B', () => {
  // Product of settings: widths, learning-rate ratios, output scales, target signs, init scales.
  const cases = [
    { d: 64, kappa: 1 / 64, etaU: 128, etaW: 32, a: 1.5, sigmaXX: 1, sigma: 1 }, // the spec's B.3 test case
    { d: 5, kappa: 1, etaU: 1, etaW: 1, a: -0.8, sigmaXX: 2, sigma: 0.3 },
    { d: 200, kappa: 0.05, etaU: 0.5, etaW: 4, a: 2, sigmaXX: 0.7, sigma: 0.1 },
    { d: 1, kappa: 2, etaU: 1, etaW: 3, a: 0.4, sigmaXX: 1, sigma: 1 },
  ];
  for (const [k, c] of cases.entries()) {
    it(`d = ${c.d}, κ = ${c.kappa}, η = (${c.etaU}, ${c.etaW}), a = ${c.a}`, () => {
      const init = scalarWidthInit(createRandom(k, 'b9'), c.d, { sigmaU: c.sigma, sigmaW: c.sigma });
      const params = { kappa: c.kappa, etaU: c.etaU, etaW: c.etaW };
      const task = { a: c.a, sigmaXX: c.sigmaXX };
      const ex = scalarWidthExact(params, task, init);
      const lambda = ex.alpha * c.sigmaXX;
      const threshold = Math.sqrt(ex.Q) / 2;
      const times = [0.25, 1, 3, 8].map((x) => x * ex.tc);
      // Paper A's (1) on the 1×1 matrix A, integrated in its own time τ = λt.
      const A = mixedDynamicsFlow(matrixTask(Matrix.from([[c.a]])), Matrix.from([[ex.P0]]), { threshold, times: times.map((t) => lambda * t), rtol: 1e-12, atol: 1e-14 });
      const sim = scalarWidthFlow(params, task, init, times);
      times.forEach((t, i) => {
        const P = ex.slope(t);
        const scale = Math.max(Math.abs(c.a), Math.abs(ex.P0));
        // Both DOP853 at rtol 1e-12 and a closed form: agreement to 1e-10 of the scale of P.
        assert.ok(Math.abs(A.A[i].get(0, 0) - P) < 1e-10 * scale, `(1) ${A.A[i].get(0, 0)} vs closed form ${P} at t = ${t}`);
        assert.ok(Math.abs(sim.P[i] - P) < 1e-10 * scale, `width-d simulation ${sim.P[i]} vs closed form ${P}`);
        // The aligned closed form of Part A with (y, c, λ) = (a, √Q/2, αΣ_xx) is the same function.
        const s = alignedSingularValue(t, { y: c.a, c: threshold, lambda, s0: ex.P0 });
        assert.ok(Math.abs(s - P) < 1e-10 * scale, `aligned ${s} vs ${P}`);
      });
    });
  }

  it('B.4 identification at i.i.d. init: κ = 1, η_u = η_w = 1, σ_u = σ_w = σ ⇒ √Q/2 ≈ σ²w (relative O(w^{-1/2}))', () => {
    const w = 20000;
    const sc = mixedScalings(w, -0.8, 1); // σ² = w^{-0.8}, width w
    const init = scalarWidthInit(createRandom(3, 'b4'), w, { sigmaU: Math.sqrt(sc.sigma2), sigmaW: Math.sqrt(sc.sigma2) });
    const ex = scalarWidthExact({ kappa: 1, etaU: 1, etaW: 1 }, { a: 1, sigmaXX: 1 }, init);
    const rel = Math.abs(Math.sqrt(ex.Q) / 2 / sc.threshold - 1);
    // √Q = ‖u+w‖‖u−w‖ with ‖u±w‖² = 2σ²w(1 + O(w^{-1/2})): 5/√w = 0.035 is ≥ 5 standard deviations.
    assert.ok(rel < 5 / Math.sqrt(w), `√Q/2 = ${Math.sqrt(ex.Q) / 2} vs σ²w = ${sc.threshold}`);
  });
});
