// The W2W1 network of Tu, Aranguri & Jacot (spec mixed-and-three-mechanisms.md §A.1): scalings, the integer
// width, initialisation statistics, the Fig. 1 / Fig. 2 step-size rules; and the noisy low-rank task.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom } from '../../src/random/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { svdValues } from '../../src/linalg/decompositions.js';
import { ConfigError, DomainError, ShapeError } from '../../src/errors/index.js';
import { fig1StepSize, fig2StepSize, mixedLinearInit, mixedScalings, mixedStepSize, stableRankFromSingularValues } from '../../src/models/mixed-linear.js';
import { matrixCost, matrixTask, noisyLowRankTask, testError, trainError } from '../../src/tasks/index.js';

function meanVar(x: Float64Array): [number, number] {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let s = 0;
  for (const v of x) s += (v - m) * (v - m);
  return [m, s / x.length];
}

describe('mixed-linear model (§A.1)', () => {
  it('Fig. 1 scalings at d = 500: σ² = 1.016e-5, w = 1,182,177 (int), σ²w = 12.01, σ⁴w = 1.2e-4', () => {
    const s = mixedScalings(500, -1.85, 2.25);
    assert.equal(s.width, 1182177);
    assert.ok(Math.abs(s.sigma2 - 1.016e-5) < 5e-9);
    // σ²w with the integer width differs from 500^0.4 by the truncation (< 1e-6 relative).
    assert.ok(Math.abs(s.threshold - Math.pow(500, 0.4)) / Math.pow(500, 0.4) < 1e-6);
    assert.ok(Math.abs(s.threshold - 12.01) < 0.005);
    assert.ok(Math.abs(s.initNoise - 1.2e-4) < 0.05e-4);
    assert.equal(mixedScalings(100, -1.85, 2.25).width, 31622); // spec §A.4 table
    assert.equal(mixedScalings(200, -1.85, 2.25).width, 150424);
    assert.equal(mixedScalings(50, -1.85, 2.25).width, 6647);
    assert.equal(mixedScalings(100, -1.5, 0.2).width, 2);
    assert.throws(() => mixedScalings(100, -1, -0.5), ConfigError); // int(100^-0.5) = 0
  });

  it('initialisation: entries N(0, σ²), shapes, seeded (A(0) statistics: recipe A.5-1 in test/theory/mixed)', () => {
    const d = 30;
    const width = 3000;
    const sigma2 = 0.002;
    const { W1, W2 } = mixedLinearInit({ dIn: d, dOut: d + 2, width, sigma2, stream: createRandom(11, 'init') });
    assert.deepEqual([W1.rows, W1.cols, W2.rows, W2.cols], [width, d, d + 2, width]);
    for (const W of [W1, W2]) {
      const [m, v] = meanVar(W.data);
      // 90,000 draws: the sample variance has relative sd √(2/n) = 0.0047; 5 sd.
      assert.ok(Math.abs(v / sigma2 - 1) < 0.024, `variance ${v}`);
      assert.ok(Math.abs(m) < 5 * Math.sqrt(sigma2 / W.data.length));
    }
    const again = mixedLinearInit({ dIn: d, dOut: d + 2, width, sigma2, stream: createRandom(11, 'init') });
    assert.deepEqual(again.W1.data, W1.data, 'seeded');
  });

  it('bad inputs: negative width, width < rank, σ² ≤ 0, non-integer sizes', () => {
    const stream = createRandom(1);
    assert.throws(() => mixedLinearInit({ dIn: 3, dOut: 3, width: -5, sigma2: 0.1, stream }), (e: Error) => e instanceof ConfigError && /width/.test(e.message));
    assert.throws(() => mixedLinearInit({ dIn: 3, dOut: 3, width: 2.5, sigma2: 0.1, stream }), ConfigError);
    assert.throws(() => mixedLinearInit({ dIn: 3, dOut: 3, width: 2, sigma2: 0.1, stream, minRank: 3 }), (e: Error) => e instanceof ConfigError && /rank 3/.test(e.message));
    assert.throws(() => mixedLinearInit({ dIn: 3, dOut: 3, width: 10, sigma2: 0, stream }), (e: Error) => e instanceof ConfigError && /sigma2/.test(e.message));
    assert.throws(() => mixedLinearInit({ dIn: 3, dOut: 3, width: 10, sigma2: -1, stream }), ConfigError);
    assert.throws(() => mixedLinearInit({ dIn: 0, dOut: 3, width: 10, sigma2: 1, stream }), ConfigError);
  });

  it('step-size rules: Fig. 1 divides by 5 (real w on the lazy side), Fig. 2 by 50 (integer w)', () => {
    // Active side (exponents sum 0.4 < 1): η = 1/(5‖A*‖).
    assert.equal(fig1StepSize(500, -1.85, 2.25, 250), 1 / 1250);
    assert.equal(fig2StepSize(500, -1.85, 2.25, 250), 1 / 12500);
    // Lazy side (−1.5 + 2.75 > 1).
    const s = mixedScalings(100, -1.5, 2.75);
    assert.equal(fig1StepSize(100, -1.5, 2.75, 50), 1 / (5 * s.widthReal * s.sigma2));
    assert.equal(fig2StepSize(100, -1.5, 2.75, 50), 1 / (50 * s.width * s.sigma2));
    assert.throws(() => mixedStepSize({ gammaSigma2: -2, gammaW: 1.5, sigma2: 1, width: 1, targetOpNorm: 0, divisor: 5 }), DomainError);
    assert.throws(() => mixedStepSize({ gammaSigma2: -2, gammaW: 1.5, sigma2: 1, width: 1, targetOpNorm: 1, divisor: 0 }), ConfigError);
  });

  it('stable rank', () => {
    assert.equal(stableRankFromSingularValues([2, 2, 2]), 3);
    assert.equal(stableRankFromSingularValues([2, 1]), 1.25);
    assert.equal(stableRankFromSingularValues([0, 0]), 0);
  });
});

describe('noisy low-rank task (§A.1)', () => {
  it('A* has rank k, entries of variance ≈ 1, singular values ≈ d/√k; E has variance 1; Y = A* + E', () => {
    const d = 200;
    const k = 5;
    const task = noisyLowRankTask({ d, rank: k, stream: createRandom(0, 'task') });
    const s = svdValues(task.Astar);
    assert.ok(s[k] < 1e-10 * s[0], 'rank k');
    // Each singular value is d/√k = 89.4 up to O(√d) fluctuations of the Gaussian factors (≤ 25%).
    for (let i = 0; i < k; i++) assert.ok(Math.abs(s[i] / (d / Math.sqrt(k)) - 1) < 0.3, `s_${i} = ${s[i]}`);
    const [, vE] = meanVar(task.E.data);
    // 40,000 N(0,1) draws: variance within 5 sd (0.035).
    assert.ok(Math.abs(vE - 1) < 0.035);
    let fro = 0;
    for (const v of task.Astar.data) fro += v * v;
    // ‖A*‖²/d² is a sum of k·d² products: its mean is 1, with O(1/√k) draw-to-draw spread in the factors' norms.
    assert.ok(Math.abs(fro / (d * d) - 1) < 0.35, `τ_A = ${fro / (d * d)}`);
    for (let i = 0; i < task.Y.data.length; i++) assert.equal(task.Y.data[i], task.Astar.data[i] + task.E.data[i]);
    // The errors of §A.1 at the obvious points (A = 0: train ≈ τ_A + τ_E ≈ 2, test = τ_A ≈ 1).
    assert.equal(trainError(task.Y, task), 0);
    assert.equal(testError(task.Astar, task), 0);
    const zero = Matrix.zeros(d, d);
    assert.ok(Math.abs(trainError(zero, task) - 2) < 0.4);
    assert.equal(testError(zero, task), fro / (d * d));
    assert.deepEqual(noisyLowRankTask({ d, rank: k, stream: createRandom(0, 'task') }).Y.data, task.Y.data, 'seeded');
  });

  it('errors are ‖·‖²/(d_out·d_in); matrixCost is ½‖A − Y‖²', () => {
    const task = matrixTask(Matrix.from([[1, 0.5], [0, 2]]));
    assert.equal(trainError(Matrix.zeros(2, 2), task), (1 + 0.25 + 4) / 4);
    assert.equal(matrixCost(Matrix.zeros(2, 2), task), (1 + 0.25 + 4) / 2);
    const rect = noisyLowRankTask({ dOut: 3, dIn: 7, rank: 2, stream: createRandom(2) });
    assert.deepEqual([rect.Y.rows, rect.Y.cols], [3, 7]);
    assert.throws(() => trainError(Matrix.zeros(7, 3), rect), ShapeError);
    assert.throws(() => matrixTask(Matrix.zeros(2, 2), Matrix.zeros(2, 3)), ShapeError);
    assert.throws(() => noisyLowRankTask({ d: 4, rank: 5, stream: createRandom(1) }), ConfigError);
    assert.throws(() => noisyLowRankTask({ d: -4, rank: 1, stream: createRandom(1) }), ConfigError);
    assert.throws(() => noisyLowRankTask({ d: 4, rank: 0, stream: createRandom(1) }), ConfigError);
    assert.throws(() => noisyLowRankTask({ d: 4, rank: 1, noiseStd: -1, stream: createRandom(1) }), ConfigError);
  });
});
