// The self-consistent dynamics (1) of Tu, Aranguri & Jacot (spec mixed-and-three-mechanisms.md §A.2.2, §C):
// the per-entry SVD form against NumPy's matrix form with eigh square roots (tools/fixtures/mixed.py), the
// authors' Euler discretisation, the adaptive (DOP853) solve against the aligned closed form (A.5-3), the
// lazy limit and the balanced logistic (A.5-4), and refusals.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../../src/linalg/matrix.js';
import { matmul } from '../../../src/linalg/ops.js';
import { svdValues as svdValuesOf } from '../../../src/linalg/decompositions.js';
import { haarOrthogonal, createRandom } from '../../../src/random/index.js';
import { ConfigError, ShapeError } from '../../../src/errors/index.js';
import { matrixTask } from '../../../src/tasks/index.js';
import {
  MixedDynamicsWorkspace,
  alignedSolution,
  lazyLimitSolution,
  logisticSingularValue,
  mixedDynamicsEuler,
  mixedDynamicsFlow,
  mixedDynamicsRhs,
  mixedHittingTime,
} from '../../../src/theory/mixed/index.js';
import { fixtureMatrix, loadFixture } from '../../helpers/fixtures.js';
import { assertBelow, normwiseError } from '../../helpers/accuracy.js';
import { backendCases } from '../../helpers/backends.js';

/** U diag(v) Vᵀ for square orthogonal U (m×m), V (n×n). */
function aligned(U: Matrix, v: ArrayLike<number>, V: Matrix): Matrix {
  const S = new Matrix(U.rows, V.rows);
  for (let i = 0; i < v.length; i++) S.set(i, i, v[i]);
  return matmul(matmul(U, S), V, { transB: true });
}

describe('dynamics (1): per-entry SVD form vs NumPy matrix form', () => {
  for (const bc of backendCases()) {
    it(`rhs at c ∈ {0, 0.7, 30}, 4×6 and rank-2 5×5 (${bc.name})`, { skip: bc.skip }, () => {
      const f = loadFixture('mixed/rhs.json');
      for (const c of f.cases) {
        const A = fixtureMatrix(c.A);
        const Y = fixtureMatrix(c.Y);
        const out = new Matrix(A.rows, A.cols);
        mixedDynamicsRhs(A, Y, c.c, out, new MixedDynamicsWorkspace(A.rows, A.cols), bc.backend);
        // One SVD vs two eigh square roots: both backward stable (measured ≤ 1.3e-15 at c > 0). At c = 0 the Gram
        // matrices are singular (AᵀA is 6×6 of rank 4; the 5×5 A has rank 2) and the eigh reference's √ of
        // eigenvalues of size eps·‖A‖² costs √eps·‖A‖: measured 5e-9, so 1e-7 there.
        const tol = c.c === 0 ? 1e-7 : 1e-12;
        assertBelow(normwiseError(out.data, fixtureMatrix(c.dA).data), tol, `rhs c=${c.c} ${A.rows}x${A.cols}`);
      }
    });

    it(`15 Euler steps (the authors' discretisation) match NumPy (${bc.name})`, { skip: bc.skip }, () => {
      const f = loadFixture('mixed/euler.json');
      const task = matrixTask(fixtureMatrix(f.Y));
      const run = mixedDynamicsEuler(task, fixtureMatrix(f.A0), { threshold: f.c, learningRate: f.eta, steps: 15, recordEvery: 5, backend: bc.backend });
      assertBelow(normwiseError(run.A.data, fixtureMatrix(f.A15).data), 1e-12, 'A after 15 steps');
      let s1 = 0;
      const A5 = fixtureMatrix(f.A5);
      for (let i = 0; i < A5.data.length; i++) s1 += (A5.data[i] - task.Y.data[i]) ** 2;
      assert.ok(Math.abs(run.trainError[1] - s1 / A5.data.length) < 1e-12 * s1, 'train error after 5 steps');
      assert.deepEqual(Array.from(run.iterations), [0, 5, 10, 15]);
    });
  }
});

describe('dynamics (1): solutions', () => {
  const d = 4;
  const stream = createRandom(5, 'mixed-dyn');
  const U = haarOrthogonal(stream.split('U'), d);
  const V = haarOrthogonal(stream.split('V'), d);

  it('A.5-3: aligned start, the adaptive solve of (1) keeps A = U diag(s_i) Vᵀ with the closed-form s_i(t)', () => {
    const y = [224, 60, 12, 3];
    const s0 = [1e-3, 1e-3, 1e-3, 1e-3];
    const c = 12;
    const task = matrixTask(aligned(U, y, V));
    // Times at which each s_i reaches 95% of y_i (closed form), plus a common late time.
    const times = y.map((yi) => mixedHittingTime(0.95 * yi, { y: yi, c, x0: 1e-3 })).sort((a, b) => a - b);
    const res = mixedDynamicsFlow(task, aligned(U, s0, V), { threshold: c, times, rtol: 1e-12, atol: 1e-12 });
    const closed = alignedSolution(y, s0, c, times);
    let worst = 0;
    times.forEach((_, k) => {
      const ref = aligned(U, closed[k], V);
      worst = Math.max(worst, normwiseError(res.A[k].data, ref.data));
    });
    // DOP853 at rtol 1e-12 on a 16-dim system with rates up to 2·√(224²+12²): measured 1.4e-14–5.2e-13.
    assertBelow(worst, 1e-9, 'flow vs aligned closed form (normwise)');
    // Hitting times themselves to 1e-8 (A.5-3): at t_i, s_i = 0.95 y_i.
    const Ut = U;
    times.forEach((t, k) => {
      const S = matmul(matmul(Ut, res.A[k], { transA: true }), V); // diag(s(t))
      const i = y.findIndex((yi) => Math.abs(mixedHittingTime(0.95 * yi, { y: yi, c, x0: 1e-3 }) - t) === 0);
      assert.ok(Math.abs(S.get(i, i) / (0.95 * y[i]) - 1) < 1e-8, `s_${i}(t_${i}) = ${S.get(i, i)}`);
    });
  });

  it('A.5-3 with fixed-step RK4 on the matrix ODE (dt = 2e-4/y₁; the recipe’s 1e-5/y₁ is run on the scalar kernel in kernel.test.ts): hitting time to 1e-8 relative', () => {
    const y = [224, 12];
    const c = 12;
    const task = matrixTask(aligned(U, [...y, 0, 0], V));
    const A0 = aligned(U, [1e-3, 1e-3, 0, 0], V);
    const t1 = mixedHittingTime(0.95 * 224, { y: 224, c, x0: 1e-3 }); // 0.0145187
    const step = t1 / Math.ceil(t1 / (2e-4 / 224)); // RK4 error ∝ (2y·dt)⁴ ≈ 2e-13 per step
    const res = mixedDynamicsFlow(task, A0, { threshold: c, times: [t1], method: 'rk4', step });
    const S = matmul(matmul(U, res.A[0], { transA: true }), V);
    assert.ok(Math.abs(S.get(0, 0) / (0.95 * 224) - 1) < 1e-8, `${S.get(0, 0)}`);
  });

  it('A.5-4 lazy limit: c = 1e4·‖Y‖ follows Y + (A0 − Y)e^{−2ct} to 1e-3 relative', () => {
    const s = createRandom(9, 'lazy');
    const Y = new Matrix(3, 5);
    s.fillNormal(Y.data);
    const A0 = new Matrix(3, 5);
    s.split('A0').fillNormal(A0.data, 0, 0.1);
    let op = 0;
    for (const v of Y.data) op += v * v;
    const c = 1e4 * Math.sqrt(op); // ≥ 1e4‖Y‖_op
    const times = [0.1, 0.5, 1, 2].map((x) => x / (2 * c));
    const res = mixedDynamicsFlow(matrixTask(Y), A0, { threshold: c, times });
    times.forEach((t, k) => {
      const ref = lazyLimitSolution(Y, A0, c, t);
      // Recipe: 1e-3. The neglected term is O((‖A‖/c)²) ≈ 1e-9 relative (measured ≤ 4.4e-10), so also 1e-8.
      assertBelow(normwiseError(res.A[k].data, ref.data), 1e-3, `lazy limit at 2ct = ${2 * c * t}`);
      assertBelow(normwiseError(res.A[k].data, ref.data), 1e-8, `lazy limit at 2ct = ${2 * c * t} (tight)`);
    });
  });

  it('A.5-4 balanced limit: c = 0, aligned A(0) ⇒ each s_i is the logistic', () => {
    const y = [3, 1.5, 0.5, 0.2];
    const s0 = [0.01, 0.02, 0.05, 0.1];
    const task = matrixTask(aligned(U, y, V));
    const times = [0.2, 1, 4];
    const res = mixedDynamicsFlow(task, aligned(U, s0, V), { threshold: 0, times, rtol: 1e-12, atol: 1e-14 });
    times.forEach((t, k) => {
      const S = matmul(matmul(U, res.A[k], { transA: true }), V);
      for (let i = 0; i < d; i++) {
        assert.ok(Math.abs(S.get(i, i) - logisticSingularValue(t, { y: y[i], s0: s0[i] })) < 1e-9, `s_${i}(${t})`);
      }
    });
  });

  it('Euler with step η converges to the adaptive solve at first order (error ∝ η)', () => {
    const s = createRandom(4, 'euler');
    const Y = new Matrix(4, 4);
    s.fillNormal(Y.data, 0, 2);
    const A0 = new Matrix(4, 4);
    s.split('A0').fillNormal(A0.data, 0, 0.05);
    const task = matrixTask(Y);
    const T = 0.4;
    const ref = mixedDynamicsFlow(task, A0, { threshold: 0.3, times: [T] }).A[0];
    const errs = [100, 200, 400].map((n) => normwiseError(mixedDynamicsEuler(task, A0, { threshold: 0.3, learningRate: T / n, steps: n }).A.data, ref.data));
    // Ratios of a first-order method: 2 per halving (±10% for higher-order terms).
    assert.ok(Math.abs(errs[0] / errs[1] - 2) < 0.2 && Math.abs(errs[1] / errs[2] - 2) < 0.2, `errors ${errs}`);
  });

  it('A.5-9 speed-up at the Fig. 1 parameters: Euler of (1) (η = 1/1250, c = 12.01) reaches 95% of y_i in 18 ± 3 iterations', () => {
    const y = [245, 235, 224, 215, 198]; // the top-5 plateau of Fig. 1 (and the spec's y ≈ 224)
    const c = 12.01;
    const eta = 1 / 1250;
    const task = matrixTask(aligned(haarOrthogonal(createRandom(1, 'U'), 5), y, haarOrthogonal(createRandom(1, 'V'), 5)));
    const reach = new Array<number>(5).fill(-1);
    const cross = new Array<number>(5).fill(-1);
    mixedDynamicsEuler(task, Matrix.zeros(5, 5), {
      threshold: c,
      learningRate: eta,
      steps: 40,
      onRecord: (n, A) => {
        const S = svdValuesOf(A);
        y.forEach((yi, i) => {
          if (reach[i] < 0 && S[i] >= 0.95 * yi) reach[i] = n;
          if (cross[i] < 0 && S[i] >= c) cross[i] = n;
        });
      },
    });
    y.forEach((yi, i) => {
      const predicted = Math.log((2 * yi) / (0.05 * c)) / (2 * yi) / eta; // A.2.4 approximation, in iterations
      // Spec: 18 ± 3 iterations (≈ 20.5 for y = 198). Measured 17, 18, 19, 19, 20 vs ln(2y/(εc))/(2yη) = 17.1–20.5;
      // threshold crossed at iteration 3 for all five (1/(2yη) = 2.6–3.2).
      assert.ok(Math.abs(reach[i] - predicted) <= 3, `y=${yi}: reached 95% at ${reach[i]}, predicted ${predicted}`);
      assert.ok(reach[i] >= 15 && reach[i] <= 24, `y=${yi}: ${reach[i]}`);
      // Crossing c at ≈ 1/(2y) = 2.6–3.2 iterations.
      assert.ok(Math.abs(cross[i] - 1 / (2 * yi) / eta) <= 1.5, `y=${yi}: crossed c at ${cross[i]}`);
    });
  });

  it('refuses mismatched shapes, negative threshold, bad step and bad times', () => {
    const task = matrixTask(Matrix.from([[1, 0], [0, 2]]));
    assert.throws(() => mixedDynamicsFlow(task, Matrix.zeros(2, 3), { threshold: 1, times: [1] }), ShapeError);
    assert.throws(() => mixedDynamicsFlow(task, Matrix.zeros(2, 2), { threshold: -1, times: [1] }), (e: Error) => e instanceof ConfigError && /σ²w/.test(e.message));
    assert.throws(() => mixedDynamicsFlow(task, Matrix.zeros(2, 2), { threshold: 1, times: [1, 0.5] }), ConfigError);
    assert.throws(() => mixedDynamicsFlow(task, Matrix.zeros(2, 2), { threshold: 1, times: [] }), ConfigError);
    assert.throws(() => mixedDynamicsEuler(task, Matrix.zeros(2, 2), { threshold: 1, learningRate: 0, steps: 3 }), ConfigError);
    assert.throws(() => mixedDynamicsEuler(task, Matrix.zeros(3, 2), { threshold: 1, learningRate: 0.1, steps: 3 }), ShapeError);
    assert.throws(() => lazyLimitSolution(Matrix.zeros(2, 2), Matrix.zeros(2, 1), 1, 1), ShapeError);
    assert.throws(() => alignedSolution([1, 2], [0], 1, [1]), ShapeError);
    const z = mixedDynamicsFlow(task, Matrix.zeros(2, 2), { threshold: 1, times: [0] });
    assert.deepEqual(Array.from(z.A[0].data), [0, 0, 0, 0]);
  });
});
