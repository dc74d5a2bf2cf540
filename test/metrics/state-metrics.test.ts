// RSMs, task-specificity, relative weight change and forgetting (spec §4.2, §4.4, §5.8): NumPy
// fixtures, limits in λ, generic state inputs, continual learning through the closed form, bad input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import { matmul, relativeError, sub } from '../../src/linalg/ops.js';
import { DomainError, ShapeError } from '../../src/errors/index.js';
import { createRandom } from '../../src/random/index.js';
import {
  convergedForgetting,
  forgetting,
  relativeWeightChange,
  rsmInput,
  rsmOutput,
  taskLossRate,
  taskSpecificity,
} from '../../src/metrics/index.js';
import { convergedRepresentations, exactSolution, weightsFromW } from '../../src/theory/lazy-to-rich/index.js';
import { randomLowRankTask, semanticTask, taskLoss, whitenedTask } from '../../src/tasks/index.js';
import { fixtureMatrix, loadFixture } from '../helpers/fixtures.js';
import { assertBelow } from '../helpers/accuracy.js';

describe('RSMs (spec §4.2)', () => {
  it('RSM_I = XᵀW₁ᵀW₁X and RSM_O = Yᵀ(W₂W₂ᵀ)⁺Y match NumPy (incl. rank-deficient W₂W₂ᵀ): ≤ 1e-12', () => {
    const fx = loadFixture<{ cases: Record<string, unknown>[] }>('lazy_to_rich_aligned/grams.json');
    for (const c of fx.cases) {
      assertBelow(relativeError(rsmInput(fixtureMatrix(c.W1tW1), fixtureMatrix(c.X)), fixtureMatrix(c.rsmInput)), 1e-13, 'RSM_I');
      assertBelow(relativeError(rsmOutput(fixtureMatrix(c.W2W2t), fixtureMatrix(c.Y)), fixtureMatrix(c.rsmOutput)), 1e-12, `RSM_O ${c.ni}-${c.no} λ=${c.lambda}`);
    }
  });

  it('refuses shapes that do not fit', () => {
    assert.throws(() => rsmInput(Matrix.identity(3), Matrix.identity(2)), ShapeError);
    assert.throws(() => rsmOutput(Matrix.identity(3), Matrix.identity(2)), ShapeError);
  });
});

describe('task-specificity (spec §4.4)', () => {
  const task = semanticTask({ whitened: true });
  it('converged: TSC = 1 on both sides at λ = 0; input stays high as λ → +∞ and output as λ → −∞; the other side drops', () => {
    const tsc = (l: number) => {
      const g = convergedRepresentations(task, l);
      return taskSpecificity(task, g.W1tW1, g.W2W2t);
    };
    const z = tsc(0);
    assertBelow(1 - z.input, 1e-14, 'input at λ = 0');
    assertBelow(1 - z.output, 1e-14, 'output at λ = 0');
    const p = tsc(100);
    const m = tsc(-100);
    // λ = +100: W₁ᵀW₁ ≈ WᵀW/λ ∝ ṼS̃²Ṽᵀ (cos ≈ 1); W₂W₂ᵀ ≈ λI, whose best cosine is with ŨS̃Ũᵀ:
    // tr S̃/(√8‖S̃‖_F) = (2 + √2 + 2)/(√8·2) = 0.95711 for this task (the identity's own structure).
    assert.ok(p.input > 0.9999 && m.output > 0.9999, `${p.input} ${m.output}`);
    const idCos = (2 + Math.SQRT2 + 2) / (Math.sqrt(8) * 2);
    assertBelow(Math.abs(p.output - idCos), 1e-4, 'output side at λ = +100');
    assertBelow(Math.abs(m.input - idCos), 1e-4, 'input side at λ = −100');
    assert.ok(tsc(1).input < z.input && tsc(1).output < z.output);
  });
  it('refuses Grams of the wrong size', () => {
    assert.throws(() => taskSpecificity(task, Matrix.identity(3), Matrix.identity(8)), /N_i = 8/);
  });
});

describe('relative weight change', () => {
  it('‖θ_T − θ₀‖/‖θ₀‖ over all layers, accepting {W1, W2} and [W₁, …] in any combination', () => {
    const a = { W1: Matrix.from([[3, 0]]), W2: Matrix.from([[4]]) };
    const b = [Matrix.from([[3, 1]]), Matrix.from([[4]])];
    assertBelow(Math.abs(relativeWeightChange(a, b) - 0.2), 1e-16, '{W1,W2} vs list');
    assert.equal(relativeWeightChange(b, b), 0);
    assert.throws(() => relativeWeightChange([Matrix.zeros(1, 1)], [Matrix.identity(1)]), /all zero/);
    assert.throws(() => relativeWeightChange(a, [Matrix.identity(1)]), ShapeError);
    assert.throws(() => relativeWeightChange(a, [Matrix.from([[3, 1]]), Matrix.from([[4, 1]])]), ShapeError);
  });
});

describe('forgetting (spec §5.8)', () => {
  it('continual learning j → k through the closed form: measured F_i equals ½(‖Σᵏ − Σⁱ‖² − ‖Σʲ − Σⁱ‖²), independent of λ', (t) => {
    const [ni, no] = [4, 3];
    const mk = (seed: number) => randomLowRankTask(createRandom(81, seed), { ni, no, rank: 3 });
    const [ti, tj, tk] = [mk(1), mk(2), mk(3)];
    const pred = convergedForgetting(ti, tj, tk);
    const got: number[] = [];
    for (const lambda of [-1.5, 0.5, 2]) {
      const init = weightsFromW(tj.sigmaYX, lambda); // converged on task j, λ-balanced
      const W = exactSolution(tk, init).at(1e4).W; // then converged on task k
      const F = forgetting(ti, tj.sigmaYX, W);
      got.push(F);
      // Same quantity through the full losses (the constants cancel).
      assertBelow(Math.abs(F - (taskLoss(ti, W) - taskLoss(ti, tj.sigmaYX))), 1e-13, 'via taskLoss');
      assertBelow(Math.abs(F - pred), 1e-12 * Math.abs(pred), `λ=${lambda}`);
    }
    t.diagnostic(`predicted ${pred.toFixed(6)}, measured ${got.map((g) => g.toFixed(6)).join(', ')}`);
  });

  it('dL_i/dt = tr(Ẇ(W − Σⁱ)ᵀ) matches a centred difference of L_i along the closed form (1e-8)', () => {
    const ti = randomLowRankTask(createRandom(82, 'i'), { ni: 3, no: 3, rank: 3 });
    const tk = randomLowRankTask(createRandom(82, 'k'), { ni: 3, no: 3, rank: 3 });
    const sol = exactSolution(tk, weightsFromW(Matrix.from([[0.3, 0, 0], [0, 0.2, 0], [0, 0, 0.1]]), 1));
    const x = 0.7;
    const h = 1e-4;
    const W = sol.at(x).W;
    const dW = sub(sol.at(x + h).W, sol.at(x - h).W);
    for (let i = 0; i < dW.data.length; i++) dW.data[i] /= 2 * h;
    const fd = (taskLoss(ti, sol.at(x + h).W) - taskLoss(ti, sol.at(x - h).W)) / (2 * h);
    assertBelow(Math.abs(taskLossRate(ti, W, dW) - fd), 1e-8, 'dL_i/dt');
  });

  it('refuses unwhitened tasks and mismatched shapes', () => {
    const S = Matrix.identity(2);
    assert.throws(() => forgetting(S, Matrix.identity(3), Matrix.identity(3)), ShapeError);
    const raw = { ...whitenedTask(S), whitened: false };
    assert.throws(() => forgetting(raw, S, S), /whiten/);
    assert.throws(() => taskLossRate(S, S, Matrix.identity(3)), ShapeError);
    assert.throws(() => forgetting(S, S, Matrix.from([[Number.NaN, 0], [0, 1]], { allowNonFinite: true })), DomainError);
    void matmul;
  });
});
