/**
 * Recipe R10 (spec §6): the stable closed form at extreme times. At t = 1e7 it is finite and
 * W = Σ_yx to rounding for every shape and sign of R3 (including the Φ term with λ_⊥ > 0, i.e. an
 * inverted funnel with λ > 0, where the slow rate k − λ/2 ≈ s̃²/λ is tiny); the unstable Fukumizu form
 * refuses there instead of returning Inf/NaN.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/errors/index.js';
import { lambdaBalancedInit } from '../../../src/init/index.js';
import { Matrix } from '../../../src/linalg/matrix.js';
import { createRandom } from '../../../src/random/index.js';
import { gaussianRegressionTask, whitenedTask } from '../../../src/tasks/index.js';
import { diagnoseExact, exactSolution, fukumizuQQt, FUKUMIZU_MAX_EXPONENT } from '../../../src/theory/lazy-to-rich/index.js';
import { assertBelow } from '../../helpers/accuracy.js';
import { distFro, referenceFlow, relFro, qqtOf } from './flow-reference.js';

const SHAPES: readonly [number, number][] = [
  [5, 5],
  [6, 3],
  [3, 6],
  [7, 3],
  [3, 7],
  [2, 4],
  [4, 2],
];
const LAMBDAS = [0, 1e-3, 1, 1.5, -1.5, 2, -2, 10, -10, 20, -20];

function isFiniteMatrix(M: Matrix): boolean {
  return M.data.every((v) => Number.isFinite(v));
}

function negateInput0(W1: Matrix): Matrix {
  const A = W1.clone();
  for (let h = 0; h < A.rows; h++) A.data[h * A.cols] = -A.data[h * A.cols];
  return A;
}

describe('exactSolution at t = 1e7 (R10)', () => {
  let worst = 0;
  for (const [ni, no] of SHAPES) {
    for (const lambda of LAMBDAS) {
      it(`${ni}-${Math.min(ni, no)}-${no}, λ = ${lambda}: finite, ‖W − Σ‖_F < 1e-13, Gram blocks at their limits`, () => {
        const s = createRandom(10, 'R10', ni, no, String(lambda));
        const task = gaussianRegressionTask(s.split('task'), { ni, no, p: 20 });
        let { W1, W2 } = lambdaBalancedInit({ lambda, ni, no, scale: 0.5, stream: s.split('init') });
        if (ni === no && Math.abs(lambda) < 0.01 && diagnoseExact(task, { W1, W2 }).detSignMismatch) W1 = negateInput0(W1);
        const sol = exactSolution(task, { W1, W2 });
        // Every slow rate here is ≥ s̃_min²/(k + |λ|/2) ≳ 1e-3, so by 1e7 every transient is e^{-1e4} = 0.
        const st = sol.at(1e7);
        assert.ok(isFiniteMatrix(st.QQt), 'QQᵀ(1e7) finite');
        const e = distFro(st.W, task.sigmaYX);
        worst = Math.max(worst, e);
        // Rounding of the task-basis rotation Ũ_f·diag(s̃)·Ṽ_fᵀ (‖Σ‖ ≈ 1–2, ≤ 49 entries): ~1e-15.
        assertBelow(e, 1e-13, '‖W(1e7) − Σ_yx‖_F');
        // Converged Gram block (spec §4.2): W₁ᵀW₁(∞) = Ṽ diag((√(λ²+4s̃²) − λ)/2) Ṽᵀ, checked through its
        // trace Σ_α (√(λ² + 4s̃_α²) − λ)/2 (entries O(|λ|), rounding ~1e-15·|λ|).
        let tr = 0;
        for (let i = 0; i < ni; i++) tr += st.W1tW1.get(i, i);
        let expected = 0;
        for (const sv of sol.diagnostics.taskSingularValues) expected += (Math.sqrt(lambda * lambda + 4 * sv * sv) - lambda) / 2;
        assertBelow(Math.abs(tr - expected), 1e-12 * (1 + Math.abs(lambda)), 'tr W₁ᵀW₁(∞)');
        assert.ok(Number.isFinite(sol.loss(1e7)));
        assertBelow(Math.abs(sol.loss(1e7) - 0.5 * (task.yyTrace - sumSquares(task.sigmaYX))), 1e-13, 'loss at the minimum');
      });
    }
  }
  it('reports the worst case', () => {
    assert.ok(worst < 1e-13);
    console.log(`R10 worst ‖W(1e7) − Σ‖_F = ${worst.toExponential(2)}`);
  });
});

describe('long times: the stable form stays accurate where e^{Ft} overflows', () => {
  it('inverted funnel 3-3-7 with λ = +10 (λ_⊥ > 0, delayed rich): matches DOP853 up to t = 3000', () => {
    // The Φ term with λ_⊥ > 0 multiplies e^{(2λ_⊥ − k_i − k_j)t} by −expm1(−2λ_⊥t)/λ_⊥; the naive
    // (e^{2λ_⊥t} − 1)/λ_⊥ would overflow near t = 71 here.
    const s = createRandom(13, 'long');
    const task = gaussianRegressionTask(s.split('task'), { ni: 3, no: 7, p: 20 });
    const init = lambdaBalancedInit({ lambda: 10, ni: 3, no: 7, scale: 0.1, stream: s.split('init') });
    const sol = exactSolution(task, init);
    assert.equal(sol.diagnostics.regime, 'delayed-rich');
    const T = [0, 50, 500, 1500, 3000];
    const ref = referenceFlow(task.sigmaYX, init.W1, init.W2, T, { rtol: 1e-12, atol: 1e-14 });
    T.forEach((t, k) => {
      // QQᵀ entries are O(λ) = O(10); DOP853's accumulated error over t = 3000 is ~1e-11 relative.
      assertBelow(relFro(sol.at(t).QQt, qqtOf(ref[k].W1, ref[k].W2)), 1e-9, `QQᵀ at t=${t}`);
    });
    // Fukumizu's form refuses beyond 2k_max·t = 700 (t ≈ 34 here) instead of overflowing.
    assert.throws(() => fukumizuQQt(task, init, 100), DomainError);
  });

  it('W(t) stays finite and monotone towards Σ on a log grid up to 1e300', () => {
    const task = whitenedTask(Matrix.from([[2, 0.5, 0], [0.1, 1, 0.3]]));
    const init = lambdaBalancedInit({ lambda: -3, ni: 3, no: 2, scale: 0.3, stream: createRandom(14, 'grid') });
    const sol = exactSolution(task, init);
    let prev = Infinity;
    for (let e = -3; e <= 300; e += 3) {
      const W = sol.networkFunction(10 ** e);
      assert.ok(isFiniteMatrix(W), `finite at 1e${e}`);
      const gap = distFro(W, task.sigmaYX);
      assert.ok(gap <= prev + 1e-15, `‖W − Σ‖ not increasing at 1e${e}`);
      prev = gap;
    }
    assertBelow(prev, 1e-14, '‖W(1e300) − Σ‖');
    assert.ok(isFiniteMatrix(sol.at(Number.MAX_VALUE).QQt), 'finite at the largest double');
  });

  it('λ = 0 rectangular with a zero task singular value (k_α = 0, the linear-in-t terms): finite and → the task at huge t', () => {
    // Σ_yx of rank 1 in a 3-2-2... here 3 inputs, 2 outputs: s̃₂ = 0, so k₂ = 0 at λ = 0 and that mode of
    // W decays like 1/t (spec §3.5 degenerate modes; Φ's λ_⊥ = 0 branch 2x·e^{−(k_i+k_j)x}).
    const task = whitenedTask(Matrix.from([[1, 0, 0], [0, 0, 0]]));
    const init = lambdaBalancedInit({ lambda: 0, ni: 3, no: 2, scale: 0.3, stream: createRandom(17, 'k0') });
    const sol = exactSolution(task, init);
    const T = [0, 1, 10, 100];
    const ref = referenceFlow(task.sigmaYX, init.W1, init.W2, T, { rtol: 1e-13, atol: 1e-15 });
    // QQᵀ entries O(0.3–1); ODE error ~1e-12 over t ≤ 100.
    T.forEach((t, k) => assertBelow(relFro(sol.at(t).QQt, qqtOf(ref[k].W1, ref[k].W2)), 1e-9, `QQᵀ at t=${t}`));
    for (const t of [1e6, 1e12, 1e300, Number.MAX_VALUE]) {
      const W = sol.networkFunction(t);
      assert.ok(isFiniteMatrix(W), `finite at ${t}`);
      // The k = 0 mode decays like 1/t: measured ‖W − Σ‖ ~ 1/t.
      assertBelow(distFro(W, task.sigmaYX), 10 / t + 1e-15, `‖W − Σ‖ at ${t}`);
    }
  });
});

describe('fukumizuQQt refuses where it would overflow (R10)', () => {
  const task = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]));
  const init = lambdaBalancedInit({ lambda: 1, ni: 2, no: 2, scale: 0.3, stream: createRandom(15, 'fk') });
  const kmax = Math.hypot(diagnoseExact(task, init).taskSingularValues[0], 0.5);
  it('t = 1e7 → DomainError naming 2·k_max·t and the stable alternative', () => {
    assert.throws(
      () => fukumizuQQt(task, init, 1e7),
      (e: unknown) => e instanceof DomainError && /2·k_max·t = .* exceeds 700/.test((e as Error).message) && /exactSolution/.test((e as Error).message),
    );
  });
  it('the threshold is 2·k_max·t = 700: just below it returns finite numbers or refuses as singular, just above it refuses', () => {
    const tAbove = (FUKUMIZU_MAX_EXPONENT / (2 * kmax)) * (1 + 1e-9);
    assert.throws(() => fukumizuQQt(task, init, tAbove), /exceeds 700/);
    const tBelow = (FUKUMIZU_MAX_EXPONENT / (2 * kmax)) * 0.999;
    try {
      assert.ok(isFiniteMatrix(fukumizuQQt(task, init, tBelow)));
    } catch (e) {
      // The bracket may be singular to working precision long before overflow: also a refusal.
      assert.ok(e instanceof DomainError && /singular to working precision/.test((e as Error).message));
    }
  });
  it('negative / NaN time and unbalanced weights → DomainError', () => {
    assert.throws(() => fukumizuQQt(task, init, -1), DomainError);
    assert.throws(() => fukumizuQQt(task, init, NaN), DomainError);
    assert.throws(
      () => fukumizuQQt(task, { W1: Matrix.from([[0.3, 0], [0, 0.2]]), W2: Matrix.from([[0.4, 0], [0, 0.1]]) }, 1),
      /not λ-balanced/,
    );
  });
});

function sumSquares(M: Matrix): number {
  let s = 0;
  for (const v of M.data) s += v * v;
  return s;
}
