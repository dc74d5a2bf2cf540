// Representations as functions of W and λ (spec §4.2, §6 R8): Grams from W against weights built
// in NumPy (fixture) and against gradient-flow simulations of λ-balanced nets (R8), weights up to
// rotation, the null-space pitfall, converged representations, the W-only ODE against the closed
// form, and the large-|λ| expansions (error ∝ λ⁻³).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../../src/linalg/matrix.js';
import { matmul, relativeError, sub } from '../../../src/linalg/ops.js';
import { frobeniusNorm } from '../../../src/linalg/norms.js';
import { svdValues } from '../../../src/linalg/decompositions.js';
import { DomainError, ShapeError } from '../../../src/errors/index.js';
import { createRandom, haarOrthogonal } from '../../../src/random/index.js';
import {
  convergedRepresentations,
  exactSolution,
  gramsFromW,
  largeLambdaRepresentations,
  qqtFromW,
  wOnlyFlow,
  weightsFromW,
} from '../../../src/theory/lazy-to-rich/index.js';
import { randomLowRankTask, whitenedTask } from '../../../src/tasks/index.js';
import { lambdaBalancedInit } from '../../../src/init/index.js';
import { gradientFlow } from '../../../src/train/index.js';
import { fixtureMatrix, loadFixture } from '../../helpers/fixtures.js';
import { assertBelow } from '../../helpers/accuracy.js';

const gram1 = (W1: Matrix) => matmul(W1, W1, { transA: true });
const gram2 = (W2: Matrix) => matmul(W2, W2, { transB: true });

describe('Grams from W and λ (spec §4.2)', () => {
  it('match W₁ᵀW₁, W₂W₂ᵀ of λ-balanced weights built in NumPy (5 shapes × 4 λ): ≤ 1e-13 relative', (t) => {
    const fx = loadFixture<{ cases: Record<string, unknown>[] }>('lazy_to_rich_aligned/grams.json');
    let worst = 0;
    for (const c of fx.cases) {
      const g = gramsFromW(fixtureMatrix(c.W), c.lambda as number);
      worst = Math.max(worst, relativeError(g.W1tW1, fixtureMatrix(c.W1tW1)), relativeError(g.W2W2t, fixtureMatrix(c.W2W2t)));
    }
    t.diagnostic(`worst ${worst.toExponential(2)}`);
    assertBelow(worst, 1e-13, 'gramsFromW vs NumPy weights');
  });

  for (const [ni, no] of [[3, 3], [6, 3], [3, 6], [7, 3], [3, 7]] as const) {
    it(`R8, ${ni}-${Math.min(ni, no)}-${no}: along gradient flow, the simulated Grams equal gramsFromW(W(t), λ) ≤ 1e-12 (λ ∈ {0, ±1.5, ±10})`, (t) => {
      const task = randomLowRankTask(createRandom(41, ni, no), { ni, no, rank: Math.min(ni, no) });
      let worst = 0;
      for (const lambda of [0, 1.5, -1.5, 10, -10]) {
        const init = lambdaBalancedInit({ lambda, ni, no, scale: 0.5, stream: createRandom(42, ni, no, 'init') });
        const sim = gradientFlow(task, init, { times: [0, 0.3, 1, 3, 10], rtol: 1e-13, atol: 1e-15 });
        sim.weights.forEach(([W1, W2]) => {
          const g = gramsFromW(matmul(W2, W1), lambda);
          worst = Math.max(worst, relativeError(g.W1tW1, gram1(W1)), relativeError(g.W2W2t, gram2(W2)));
        });
      }
      // The identity needs exact λ-balance; DOP853 at rtol 1e-13 keeps the balance drift ≈ 1e-14
      // relative, so the identity holds to a few ulps of the SVD (measured ≤ 2e-14).
      t.diagnostic(`worst ${worst.toExponential(2)}`);
      assertBelow(worst, 1e-12, 'R8 Grams');
    });
  }

  it('agrees with the closed form at t = 1e7 (converged) and equals convergedRepresentations', () => {
    for (const [ni, no] of [[4, 4], [5, 2], [2, 5]] as const) {
      const task = randomLowRankTask(createRandom(43, ni, no), { ni, no, rank: Math.min(ni, no) });
      for (const lambda of [0.5, -2, 3]) {
        const init = lambdaBalancedInit({ lambda, ni, no, scale: 0.3, stream: createRandom(44, 'c') });
        const st = exactSolution(task, init).at(1e7);
        const conv = convergedRepresentations(task, lambda);
        assertBelow(relativeError(conv.W1tW1, st.W1tW1), 1e-12, `W1tW1(∞) ${ni}-${no} λ=${lambda}`);
        assertBelow(relativeError(conv.W2W2t, st.W2W2t), 1e-12, `W2W2t(∞) ${ni}-${no} λ=${lambda}`);
        assertBelow(relativeError(qqtFromW(st.W, lambda), st.QQt), 1e-12, 'qqtFromW');
      }
    }
  });

  it('at λ = 0 the converged Grams are task-specific: ṼS̃Ṽᵀ = (ΣᵀΣ)^{1/2}, ŨS̃Ũᵀ = (ΣΣᵀ)^{1/2}', () => {
    const task = whitenedTask(Matrix.from([[3, 0], [0, 1], [0, 0]]));
    const g = convergedRepresentations(task, 0);
    assert.deepEqual(g.W1tW1.toArray().map((r) => r.map((v) => Math.round(v * 1e12) / 1e12)), [[3, 0], [0, 1]]);
    assertBelow(Math.abs(g.W2W2t.get(2, 2)), 1e-15, 'output null direction');
  });

  it('null-space pitfall: for N_i > r and λ < 0 the input Gram has rank r (the full-matrix √(λ²I + 4WᵀW) would put |λ| on the null space)', () => {
    const W = Matrix.from([[1, 0, 0, 0], [0, 0.5, 0, 0]]); // 4-2-2
    const g = gramsFromW(W, -3);
    // Eigenvalues (√(9 + 4s²) + 3)/2 on e1, e2 and 0 on e3, e4.
    assertBelow(Math.abs(g.W1tW1.get(0, 0) - (Math.sqrt(13) + 3) / 2), 1e-14, 'mode 1');
    assertBelow(Math.abs(g.W1tW1.get(2, 2)) + Math.abs(g.W1tW1.get(3, 3)), 1e-15, 'null space');
  });

  it('rank-deficient W: determined when that side has dimension r, refused otherwise', () => {
    // Square, λ < 0, W = 0: W₁ᵀW₁ = |λ|I is determined.
    const g = gramsFromW(Matrix.zeros(3, 3), -2);
    assertBelow(relativeError(g.W1tW1, Matrix.diag([2, 2, 2])), 1e-15, 'W = 0 square');
    assert.throws(() => gramsFromW(Matrix.zeros(3, 5), -2), /rank 0 < r = 3, .*W does not determine/);
    assert.throws(() => gramsFromW(Matrix.zeros(5, 3), 2), /W₂W₂ᵀ/);
    assert.doesNotThrow(() => gramsFromW(Matrix.zeros(5, 3), -2));
    assert.doesNotThrow(() => gramsFromW(Matrix.zeros(3, 5), 0));
    assert.throws(() => gramsFromW(Matrix.from([[Number.NaN]], { allowNonFinite: true }), 1), DomainError);
    assert.throws(() => gramsFromW(Matrix.from([[1]]), Number.NaN), DomainError);
  });
});

describe('weights up to a hidden rotation (spec §4.2)', () => {
  it('W₂W₁ = W and W₂ᵀW₂ − W₁W₁ᵀ = λI to 1e-14, for any orthogonal R; Grams independent of R', () => {
    for (const [ni, no] of [[3, 3], [5, 2], [2, 5]] as const) {
      const r = Math.min(ni, no);
      const task = randomLowRankTask(createRandom(45, ni, no), { ni, no, rank: r });
      for (const lambda of [0, 0.8, -5, 100]) {
        const R = haarOrthogonal(createRandom(46, String(lambda)), r);
        const { W1, W2 } = weightsFromW(task.sigmaYX, lambda, { R });
        const scale = frobeniusNorm(task.sigmaYX);
        assertBelow(frobeniusNorm(sub(matmul(W2, W1), task.sigmaYX)) / scale, 1e-14, 'W2W1 = W');
        const bal = sub(matmul(W2, W2, { transA: true }), matmul(W1, W1, { transB: true }));
        assertBelow(frobeniusNorm(sub(bal, Matrix.diag(new Array(r).fill(lambda)))) / Math.max(Math.abs(lambda), scale), 1e-14, 'balance');
        const g = gramsFromW(task.sigmaYX, lambda);
        assertBelow(relativeError(gram1(W1), g.W1tW1), 1e-14, 'W1tW1');
      }
    }
    assert.throws(() => weightsFromW(Matrix.identity(2), 1, { R: Matrix.from([[1, 1], [0, 1]]) }), /not orthogonal/);
    assert.throws(() => weightsFromW(Matrix.identity(2), 1, { R: Matrix.identity(3) }), ShapeError);
  });
});

describe('the W-only ODE (spec §4.2) — an independent integrator', () => {
  const minSr = (sol: ReturnType<typeof exactSolution>, r: number) => {
    let m = Infinity;
    for (let i = 0; i <= 300; i++) m = Math.min(m, svdValues(sol.at(i * 0.05).W)[r - 1]);
    return m;
  };
  // [N_i, N_o, λ list, init seed]; the seeds of the rectangular cases keep s_r(W(t)) ≥ 0.05 (checked;
  // square nets have no null space next to s_r, so no precondition),
  // see the conditioning note of wOnlyFlow and the last test here.
  const cases: [number, number, number[], number][] = [
    [4, 4, [0.05, 2, -2, -8], 48],
    [6, 3, [0, 1e-3, 2, -2, -8], 52],
    [3, 6, [0, 1e-3, 2, -2, 8], 48],
  ];
  for (const [ni, no, lambdas, seed] of cases) {
    it(`${ni}-${Math.min(ni, no)}-${no}: matches the closed form over λ × t (≤ 1e-9 relative)`, (t) => {
      const r = Math.min(ni, no);
      const task = randomLowRankTask(createRandom(47, ni, no), { ni, no, rank: r });
      const times = [0, 0.2, 1, 4, 15];
      let worst = 0;
      for (const lambda of lambdas) {
        const init = lambdaBalancedInit({ lambda, ni, no, scale: 0.4, stream: createRandom(seed, ni, no) });
        const sol = exactSolution(task, init);
        if (ni !== no) assert.ok(minSr(sol, r) > 0.05, 'precondition: W stays well away from rank deficiency');
        const { W } = wOnlyFlow(task, matmul(init.W2, init.W1), lambda, times);
        times.forEach((x, k) => (worst = Math.max(worst, relativeError(W[k], sol.at(x).W))));
      }
      t.diagnostic(`worst ${worst.toExponential(2)}`);
      assertBelow(worst, 1e-9, 'W-only flow vs closed form');
    });
  }

  it('conditioning: with λ < 0 on a funnel, a mode of W passing near 0 costs accuracy (documented), the other sign does not', (t) => {
    const task = randomLowRankTask(createRandom(47, 6, 3), { ni: 6, no: 3, rank: 3 });
    const times = [0, 1, 4];
    const err = (lambda: number) => {
      const init = lambdaBalancedInit({ lambda, ni: 6, no: 3, scale: 0.4, stream: createRandom(50, 6, 3) });
      const sol = exactSolution(task, init);
      const { W } = wOnlyFlow(task, matmul(init.W2, init.W1), lambda, times);
      return { e: Math.max(...times.map((x, k) => relativeError(W[k], sol.at(x).W))), sr: minSr(sol, 3) };
    };
    const bad = err(-2);
    const good = err(2);
    t.diagnostic(`λ = −2: min s_r ${bad.sr.toExponential(2)}, error ${bad.e.toExponential(2)}; λ = +2: error ${good.e.toExponential(2)}`);
    assert.ok(bad.sr < 1e-3 && bad.e > 1e-10, 'the ill-conditioned case loses accuracy');
    assertBelow(good.e, 1e-9, 'the determined side');
  });

  it('refuses an unwhitened task, a wrong W₀ shape and descending times', () => {
    const task = whitenedTask(Matrix.from([[1, 0], [0, 2]]));
    assert.throws(() => wOnlyFlow(task, Matrix.zeros(3, 2), 1, [1]), ShapeError);
    assert.throws(() => wOnlyFlow(task, Matrix.identity(2), 1, [2, 1]), /ascending/);
    assert.throws(() => wOnlyFlow(task, Matrix.identity(2), 1, [Number.NaN]), DomainError);
  });
});

describe('large-|λ| expansions (spec §4.2, semi-structured lazy)', () => {
  it('λ → +∞ (N_o ≤ N_i) and λ → −∞ (N_i ≤ N_o): error against the exact Grams falls like λ⁻³', (t) => {
    for (const [ni, no, sign] of [[4, 4, 1], [5, 3, 1], [4, 4, -1], [3, 5, -1]] as const) {
      const task = randomLowRankTask(createRandom(49, ni, no), { ni, no, rank: Math.min(ni, no) });
      const W = task.sigmaYX;
      const errs = [20, 40, 80].map((L) => {
        const lambda = sign * L;
        const ex = gramsFromW(W, lambda);
        const ap = largeLambdaRepresentations(W, lambda);
        return frobeniusNorm(sub(ex.W1tW1, ap.W1tW1)) + frobeniusNorm(sub(ex.W2W2t, ap.W2W2t));
      });
      const slopes = [Math.log2(errs[0] / errs[1]), Math.log2(errs[1] / errs[2])];
      t.diagnostic(`${ni}-${no} sign ${sign}: errors ${errs.map((e) => e.toExponential(2))}, slopes ${slopes.map((s) => s.toFixed(3))}`);
      for (const s of slopes) assertBelow(Math.abs(s - 3), 0.05, 'λ⁻³ slope');
    }
  });

  it('refuses λ = 0 and the delayed-rich direction', () => {
    assert.throws(() => largeLambdaRepresentations(Matrix.zeros(5, 3), 10), /delayed-rich/);
    assert.throws(() => largeLambdaRepresentations(Matrix.zeros(3, 5), -10), /delayed-rich/);
    assert.throws(() => largeLambdaRepresentations(Matrix.zeros(3, 3), 0), /lambda = 0/);
  });
});
