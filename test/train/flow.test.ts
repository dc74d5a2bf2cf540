// Gradient flow (DOP853): conservation laws (spec §6 R2, two-layer and deep), agreement with the
// closed form of src/theory/lazy-to-rich (R3 tolerance 1e-9 over shapes × λ × times), GD → GF at
// rate O(η) (R7) against both our flow and the closed form, per-layer rates, and bad input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import { matmul, maxAbsDiff, relativeError, trace } from '../../src/linalg/ops.js';
import { createRandom, gaussianMatrix } from '../../src/random/index.js';
import { gaussianRegressionTask, taskFromData, taskLoss, whitenedTask } from '../../src/tasks/index.js';
import type { LinearTask } from '../../src/tasks/types.js';
import { lambdaBalancedInit } from '../../src/init/index.js';
import { exactSolution } from '../../src/theory/lazy-to-rich/index.js';
import type { ExactSolution } from '../../src/theory/lazy-to-rich/index.js';
import { consecutiveBalances, networkFunction, type TwoLayerWeights } from '../../src/models/index.js';
import { gradientFlow, trainGradientDescent } from '../../src/train/index.js';
import { ConfigError, ShapeError } from '../../src/errors/index.js';
import { assertBelow } from '../helpers/accuracy.js';

const SHAPES: [number, number][] = [
  [5, 5],
  [6, 3],
  [3, 6],
  [7, 3],
  [3, 7],
];
const label = ([ni, no]: [number, number]): string => `${ni}-${Math.min(ni, no)}-${no}`;

/** A λ-balanced init whose closed form applies (redraws a square λ = 0 init with a det-sign mismatch, §3.3). */
function balancedWithSolution(task: LinearTask, lambda: number, scale: number, seed: string): { init: TwoLayerWeights; sol: ExactSolution } {
  for (let d = 0; d < 10; d++) {
    const init = lambdaBalancedInit({ lambda, ni: task.ni, no: task.no, scale, stream: createRandom(seed, d) });
    try {
      return { init, sol: exactSolution(task, init) };
    } catch {
      // B singular for this draw (sign det W(0) ≠ sign det Σ_yx at λ ≈ 0); draw again.
    }
  }
  throw new Error('no init with a non-singular B in 10 draws');
}

describe('train: gradient flow conserves the balance (spec §6 R2)', () => {
  // Measured (P = 20 PCA-whitened Gaussian task, scale 0.5, t ≤ 100): max drift of W₂ᵀW₂ − W₁W₁ᵀ is
  // 4e-12 at the default rtol 1e-10 / atol 1e-12, and 6e-14 at rtol 1e-12 / atol 1e-14; DOP853 does
  // not conserve quadratic invariants exactly, so the drift scales with the tolerance. Bounds: the
  // spec's 1e-10 at the defaults, 1e-12 at the tight setting (a factor ≥ 15 above the measurements).
  for (const shape of SHAPES) {
    for (const lambda of [-2, 0, 1.5, 10]) {
      it(`${label(shape)}, λ = ${lambda}: drift < 1e-10 (defaults), < 1e-12 (rtol 1e-12); tr W₂W₂ᵀ − tr W₁ᵀW₁ = λN_h`, () => {
        const [ni, no] = shape;
        const nh = Math.min(ni, no);
        const task = gaussianRegressionTask(createRandom(2, 'r2', ni, no), { ni, no, p: 20 });
        const init = lambdaBalancedInit({ lambda, ni, no, scale: 0.5, stream: createRandom(3, 'r2-init', ni, no) });
        const B0 = consecutiveBalances(init)[0];
        for (const [tol, bound] of [
          [undefined, 1e-10],
          [1e-12, 1e-12],
        ] as const) {
          const traj = gradientFlow(task, init, { times: [1, 10, 30, 100], ...(tol ? { rtol: tol, atol: tol * 1e-2 } : {}) });
          for (let k = 0; k < traj.t.length; k++) {
            const B = consecutiveBalances(traj.weights[k])[0];
            assertBelow(maxAbsDiff(B, B0), bound, `balance drift at t = ${traj.t[k]}`);
            assertBelow(Math.abs(trace(B) - lambda * nh), 10 * bound, `trace identity at t = ${traj.t[k]}`);
          }
          // The flow learns: the loss at t = 100 is below the initial loss.
          assert.ok(traj.loss[3] < taskLoss(task, networkFunction(init)));
        }
      });
    }
  }

  it('any Σ_xx: conservation holds for a non-whitened task too (4-3-2, t = 50)', () => {
    const s = createRandom(9, 'nw');
    const X = matmul(gaussianMatrix(s.split('A'), 4, 4, { std: 0.7 }), gaussianMatrix(s.split('X'), 4, 15));
    const task = taskFromData(X, gaussianMatrix(s.split('Y'), 2, 15), { whiten: 'none' });
    assert.equal(task.whitened, false);
    const W1 = gaussianMatrix(s.split('W1'), 3, 4, { std: 0.4 });
    const W2 = gaussianMatrix(s.split('W2'), 2, 3, { std: 0.4 });
    const B0 = consecutiveBalances({ W1, W2 })[0];
    const traj = gradientFlow(task, { W1, W2 }, { times: [5, 50] });
    for (const ws of traj.weights) assertBelow(maxAbsDiff(consecutiveBalances(ws)[0], B0), 1e-10, 'drift');
  });

  // Spec §1 "Deep extension" [V]: every consecutive W_{l+1}ᵀW_{l+1} − W_lW_lᵀ is conserved.
  for (const widths of [
    [4, 5, 5, 3],
    [3, 4, 4, 4, 2],
    [5, 3, 4, 2, 3],
  ]) {
    it(`deep ${widths.join('-')}: every consecutive balance conserved to 1e-10 over t ≤ 20`, () => {
      const ni = widths[0];
      const no = widths[widths.length - 1];
      const task = gaussianRegressionTask(createRandom(6, 'deep', widths.length), { ni, no, p: 12 });
      const s = createRandom(7, 'deep-w', widths.length);
      const layers = widths.slice(1).map((n, l) => gaussianMatrix(s.split(l), n, widths[l], { std: 0.5 }));
      const D0 = consecutiveBalances(layers);
      const traj = gradientFlow(task, layers, { times: [1, 5, 20] });
      for (let k = 0; k < traj.t.length; k++) {
        const D = consecutiveBalances(traj.weights[k]);
        D.forEach((Dl, l) => assertBelow(maxAbsDiff(Dl, D0[l]), 1e-10, `balance ${l + 1} at t = ${traj.t[k]}`));
      }
      assert.ok(traj.loss[2] < traj.loss[0]);
    });
  }
});

describe('train: gradient flow agrees with the closed form (R3)', () => {
  // Measured max relative error of W, W₁ᵀW₁, W₂W₂ᵀ (rtol 1e-12, atol 1e-14) over these settings:
  // ≤ 4.5e-11. Bound 1e-9: the project's closed-form-vs-ODE bar (spec R3).
  const times = [0.1, 1, 5, 30, 100];
  for (const shape of SHAPES) {
    for (const lambda of [0, 1e-3, 1, -1.5, 2, -10, 10]) {
      it(`${label(shape)}, λ = ${lambda}, t ∈ {${times.join(', ')}}`, () => {
        const [ni, no] = shape;
        const task = gaussianRegressionTask(createRandom(4, 'r3', ni, no), { ni, no, p: 20 });
        const { init, sol } = balancedWithSolution(task, lambda, 0.5, `r3-init-${ni}-${no}-${lambda}`);
        const traj = gradientFlow(task, init, { times, rtol: 1e-12, atol: 1e-14 });
        times.forEach((t, k) => {
          const ex = sol.at(t);
          const [A, B] = traj.weights[k];
          assertBelow(relativeError(matmul(B, A), ex.W), 1e-9, `W at t = ${t}`);
          assertBelow(relativeError(matmul(A, A, { transA: true }), ex.W1tW1), 1e-9, `W₁ᵀW₁ at t = ${t}`);
          assertBelow(relativeError(matmul(B, B, { transB: true }), ex.W2W2t), 1e-9, `W₂W₂ᵀ at t = ${t}`);
          assertBelow(Math.abs(traj.loss[k] - sol.loss(t)), 1e-9 * Math.max(1, sol.loss(t)), `loss at t = ${t}`);
        });
      });
    }
  }
});

describe('train: gradient descent approaches gradient flow at rate O(η) (spec §6 R7)', () => {
  // 3-3-3, P = 10 (PCA-whitened Gaussian task), λ-balanced init with scale 0.3; max over
  // t ∈ {0.1, 0.2, …, 10} of ‖W_GD − W_GF‖_F/‖W_GF‖_F (GF: rtol 1e-12). Measured:
  //   η      λ = −5    λ = 0     λ = +5
  //   1e-2   2.89e-2   2.40e-3   2.89e-2
  //   1e-3   2.82e-3   2.39e-4   2.82e-3
  //   1e-4   2.82e-4   2.39e-5   2.82e-4
  // Linear in η (ratios 10.0–10.3). The constants differ from the spec's table (7.6e-4 / 3.4e-3 /
  // 1.1e-3 at η = 1e-2), which used another random task and init; the O(η) law is what is checked.
  // Assertion: each ratio err(η)/err(η/10) ∈ [9, 11] (first-order method: 10 up to O(η) terms).
  const times = Array.from({ length: 100 }, (_, j) => (j + 1) / 10);
  const task = gaussianRegressionTask(createRandom(0, 'r7'), { ni: 3, no: 3, p: 10 });
  for (const lambda of [-5, 0, 5]) {
    it(`3-3-3, λ = ${lambda}: error ratio ≈ 10 per decade of η, against our flow and against the closed form`, () => {
      const { init, sol } = balancedWithSolution(task, lambda, 0.3, `r7-init-${lambda}`);
      const gf = gradientFlow(task, init, { times, rtol: 1e-12, atol: 1e-14 });
      const exact = sol.networkFunctionTrajectory(times);
      const errs: number[] = [];
      const errsExact: number[] = [];
      for (const eta of [1e-2, 1e-3, 1e-4]) {
        const gd = trainGradientDescent(task, init, { learningRate: eta, record: { times } });
        let m = 0;
        let mx = 0;
        for (let k = 0; k < times.length; k++) {
          const W = networkFunction(gd.weights[k]);
          m = Math.max(m, relativeError(W, networkFunction(gf.weights[k])));
          mx = Math.max(mx, relativeError(W, exact[k]));
        }
        errs.push(m);
        errsExact.push(mx);
      }
      for (let j = 0; j + 1 < errs.length; j++) {
        const r = errs[j] / errs[j + 1];
        assert.ok(r > 9 && r < 11, `ratio ${r} for η = ${[1e-2, 1e-3][j]}`);
        const rx = errsExact[j] / errsExact[j + 1];
        assert.ok(rx > 9 && rx < 11, `ratio vs closed form ${rx}`);
      }
      // Our flow and the closed form agree far below the GD error, so both references give the same table.
      for (let j = 0; j < 3; j++) assertBelow(Math.abs(errs[j] - errsExact[j]) / errs[j], 1e-4, 'same table');
      assertBelow(errs[2], 5e-4, 'GD error at η = 1e-4');
    });
  }

  it('per-layer rates: GD with [η₁, η₂] → the flow with layerRates [1, η₂/η₁] at rate O(η)', () => {
    const init = lambdaBalancedInit({ lambda: 1, ni: 3, no: 3, scale: 0.3, stream: createRandom(1, 'pl') });
    const ts = [0.5, 1, 2, 4];
    const gf = gradientFlow(task, init, { times: ts, layerRates: [1, 0.5], rtol: 1e-12, atol: 1e-14 });
    const errs = [1e-2, 1e-3].map((eta) => {
      const gd = trainGradientDescent(task, init, { learningRates: [eta, eta / 2], record: { times: ts } });
      return Math.max(...ts.map((_, k) => relativeError(networkFunction(gd.weights[k]), networkFunction(gf.weights[k]))));
    });
    const r = errs[0] / errs[1];
    assert.ok(r > 9 && r < 11, `ratio ${r}`);
    // With unequal rates the flow no longer conserves W₂ᵀW₂ − W₁W₁ᵀ (it is not a gradient flow of the
    // balance), so the layer-rate option really changes the dynamics.
    assert.ok(maxAbsDiff(consecutiveBalances(gf.weights[3])[0], consecutiveBalances(init)[0]) > 1e-3);
  });
});

describe('train: gradient flow options and errors', () => {
  const task = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]));
  const init = { W1: Matrix.from([[0.3, 0], [0, 0.2]]), W2: Matrix.from([[0.4, 0], [0, 0.1]]) };
  it('times = [0] returns the initial weights; provenance names the integrator', () => {
    const a = gradientFlow(task, init, { times: [0] });
    assert.equal(maxAbsDiff(a.weights[0][0], init.W1), 0);
    const b = gradientFlow(task, init, { times: [0, 2] });
    assert.equal(b.provenance.method, 'flow');
    assert.equal(b.provenance.integrator, 'dop853');
    assert.equal(b.provenance.rtol, 1e-10);
    assert.ok((b.provenance.nfev ?? 0) > 0);
    assert.equal(maxAbsDiff(b.weights[0][1], init.W2), 0);
  });
  const bad: [string, object, RegExp][] = [
    ['no times', {}, /times must be a non-empty list/],
    ['empty times', { times: [] }, /non-empty/],
    ['negative time', { times: [-1] }, /times\[0\] = -1/],
    ['NaN time', { times: [NaN] }, /times\[0\] = NaN/],
    ['decreasing', { times: [2, 1] }, /strictly increasing/],
    ['bad layerRates', { times: [1], layerRates: [1] }, /layerRates must list 2/],
  ];
  for (const [name, options, pattern] of bad) {
    it(`${name} → ConfigError`, () => {
      assert.throws(() => gradientFlow(task, init, options as never), (e: Error) => e instanceof ConfigError && pattern.test(e.message));
    });
  }
  it('bad rtol is rejected by the integrator with its own sentence; wrong shapes → ShapeError', () => {
    assert.throws(() => gradientFlow(task, init, { times: [1], rtol: -1 }), /rtol/);
    assert.throws(() => gradientFlow(task, { W1: new Matrix(3, 2), W2: new Matrix(3, 3) }, { times: [1] }), ShapeError);
  });
});
