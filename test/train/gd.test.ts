// Full-batch gradient descent: the update rule, per-layer rates, time = k·η and the recording
// schedule, option validation, divergence diagnostics, and inputs left untouched.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import { matmul, maxAbsDiff, sub } from '../../src/linalg/ops.js';
import { createRandom, gaussianMatrix } from '../../src/random/index.js';
import { taskFromData, taskLoss, whitenedTask } from '../../src/tasks/index.js';
import { lambdaBalancedInit } from '../../src/init/index.js';
import { networkFunction } from '../../src/models/index.js';
import { gdStabilityEstimate, trainGradientDescent } from '../../src/train/index.js';
import { ConfigError, ConvergenceError, ShapeError } from '../../src/errors/index.js';
import { assertBelow } from '../helpers/accuracy.js';

const ISSUE_TASK = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]));
const W1 = Matrix.from([[0.3, 0], [0, 0.2]]);
const W2 = Matrix.from([[0.4, 0], [0, 0.1]]);

function dataTask(ni: number, no: number, p: number, seed: number) {
  const s = createRandom(seed, 'gd-test');
  const X = matmul(gaussianMatrix(s.split('A'), ni, ni, { std: 0.6 }), gaussianMatrix(s.split('X'), ni, p));
  return taskFromData(X, gaussianMatrix(s.split('Y'), no, p), { whiten: 'none' });
}

describe('train: gradient descent update rule', () => {
  it('two steps by hand: W₁ ← W₁ + η₁W₂ᵀE, W₂ ← W₂ + η₂EW₁ᵀ (simultaneous, non-whitened Σ_xx)', () => {
    const task = dataTask(3, 2, 8, 1);
    const s = createRandom(2, 'w');
    const A = gaussianMatrix(s.split(1), 4, 3, { std: 0.5 });
    const B = gaussianMatrix(s.split(2), 2, 4, { std: 0.5 });
    for (const rates of [[0.05, 0.05], [0.05, 0.02]]) {
      let a = A.clone();
      let b = B.clone();
      for (let k = 0; k < 2; k++) {
        const E = sub(task.sigmaYX, matmul(matmul(b, a), task.sigmaXX));
        const na = matmul(b, E, { transA: true });
        const nb = matmul(E, a, { transB: true });
        for (let i = 0; i < a.data.length; i++) a.data[i] += rates[0] * na.data[i];
        for (let i = 0; i < b.data.length; i++) b.data[i] += rates[1] * nb.data[i];
      }
      const traj = trainGradientDescent(task, { W1: A, W2: B }, { learningRates: rates, steps: 2 });
      // Same arithmetic up to the grouping of the products: rounding only.
      assertBelow(maxAbsDiff(traj.weights[2][0], a), 1e-15, 'W1 after 2 steps');
      assertBelow(maxAbsDiff(traj.weights[2][1], b), 1e-15, 'W2 after 2 steps');
      assert.deepEqual(Array.from(traj.t), [0, rates[0], 2 * rates[0]]);
      assert.equal(traj.provenance.method, 'gd');
      assert.equal(traj.provenance.learningRate, rates[0]);
    }
    // Inputs are never modified.
    assert.equal(A.get(0, 0), gaussianMatrix(createRandom(2, 'w').split(1), 4, 3, { std: 0.5 }).get(0, 0));
  });

  it('deep (L = 3) one step matches the layer formula (W₃W₂)ᵀE, W₃ᵀEW₁ᵀ, E(W₂W₁)ᵀ', () => {
    const task = dataTask(3, 2, 7, 4);
    const s = createRandom(5, 'deep');
    const L = [gaussianMatrix(s.split(1), 4, 3), gaussianMatrix(s.split(2), 3, 4), gaussianMatrix(s.split(3), 2, 3)];
    const eta = 0.01;
    const E = sub(task.sigmaYX, matmul(networkFunction(L), task.sigmaXX));
    const G = [
      matmul(matmul(L[2], L[1]), E, { transA: true }),
      matmul(matmul(L[2], E, { transA: true }), L[0], { transB: true }),
      matmul(E, matmul(L[1], L[0]), { transB: true }),
    ];
    const traj = trainGradientDescent(task, L, { learningRate: eta, steps: 1 });
    for (let l = 0; l < 3; l++) {
      const ref = L[l].clone();
      for (let i = 0; i < ref.data.length; i++) ref.data[i] += eta * G[l].data[i];
      assertBelow(maxAbsDiff(traj.weights[1][l], ref), 1e-15, `layer ${l + 1}`);
    }
  });

  it('records the loss taskLoss(task, W) at every recorded point and decreases it on the issue config', () => {
    const traj = trainGradientDescent(ISSUE_TASK, { W1, W2 }, { learningRate: 0.01, steps: 500, record: { every: 100 } });
    assert.deepEqual(Array.from(traj.t), [0, 1, 2, 3, 4, 5]);
    for (let k = 0; k < traj.t.length; k++) assert.equal(traj.loss[k], taskLoss(ISSUE_TASK, networkFunction(traj.weights[k])));
    for (let k = 1; k < traj.t.length; k++) assert.ok(traj.loss[k] < traj.loss[k - 1]);
    assert.ok(traj.loss[5] < 1e-3 * traj.loss[0]);
    // every that does not divide steps: the last step is recorded too.
    const odd = trainGradientDescent(ISSUE_TASK, { W1, W2 }, { learningRate: 0.01, steps: 25, record: { every: 10 } });
    assert.deepEqual(Array.from(odd.t, (t) => Math.round(t / 0.01)), [0, 10, 20, 25]);
    // steps: 0 records the initial point only.
    const none = trainGradientDescent(ISSUE_TASK, { W1, W2 }, { learningRate: 0.01, steps: 0 });
    assert.equal(none.t.length, 1);
    assert.equal(maxAbsDiff(none.weights[0][0], W1), 0);
  });
});

describe('train: time t = k·η and requested times', () => {
  it('hits requested times exactly when they are multiples of η (incl. 0.3 = 30·0.01 in floating point)', () => {
    const times = [0, 0.3, 1.7, 2.5];
    const traj = trainGradientDescent(ISSUE_TASK, { W1, W2 }, { learningRate: 0.01, record: { times } });
    assert.deepEqual(Array.from(traj.t), times);
    assert.equal(traj.provenance.steps, 250);
    // The state at t = 0.3 is the one after exactly 30 steps.
    const every = trainGradientDescent(ISSUE_TASK, { W1, W2 }, { learningRate: 0.01, steps: 30, record: { every: 30 } });
    assert.equal(maxAbsDiff(traj.weights[1][0], every.weights[1][0]), 0);
    assert.equal(maxAbsDiff(traj.weights[1][1], every.weights[1][1]), 0);
  });

  it('refuses times that are not multiples of η, or uses the nearest step when asked', () => {
    assert.throws(
      () => trainGradientDescent(ISSUE_TASK, { W1, W2 }, { learningRate: 0.01, record: { times: [0.125] } }),
      (e: Error) => e instanceof ConfigError && /not a multiple of the step η = 0.01/.test(e.message) && /between steps 12 and 13/.test(e.message),
    );
    const near = trainGradientDescent(ISSUE_TASK, { W1, W2 }, { learningRate: 0.01, record: { times: [0.124, 0.5], match: 'nearest' } });
    assert.deepEqual(Array.from(near.t), [0.12, 0.5]);
  });

  it('per-layer rates: t = k·η₁ by default, or k·referenceRate', () => {
    const a = trainGradientDescent(ISSUE_TASK, { W1, W2 }, { learningRates: [0.02, 0.01], steps: 3 });
    assert.deepEqual(Array.from(a.t), [0, 0.02, 0.04, 0.06]);
    assert.deepEqual(a.provenance.learningRates, [0.02, 0.01]);
    const b = trainGradientDescent(ISSUE_TASK, { W1, W2 }, { learningRates: [0.02, 0.01], referenceRate: 0.01, steps: 3 });
    assert.deepEqual(Array.from(b.t), [0, 0.01, 0.02, 0.03]);
    assert.equal(maxAbsDiff(a.weights[3][1], b.weights[3][1]), 0);
  });
});

describe('train: gradient descent errors', () => {
  const bad: [string, object, RegExp][] = [
    ['η = 0', { learningRate: 0, steps: 1 }, /learningRate = 0 must be a positive/],
    ['η < 0', { learningRate: -0.1, steps: 1 }, /learningRate = -0.1/],
    ['η NaN', { learningRate: NaN, steps: 1 }, /learningRate = NaN/],
    ['no rate', { steps: 1 }, /exactly one of learningRate/],
    ['both rates', { learningRate: 0.1, learningRates: [0.1, 0.1], steps: 1 }, /not both/],
    ['rates of wrong length', { learningRates: [0.1], steps: 1 }, /one step size per layer \(2/],
    ['steps not integer', { learningRate: 0.1, steps: 2.5 }, /steps = 2.5 must be a non-negative integer/],
    ['steps negative', { learningRate: 0.1, steps: -1 }, /steps = -1/],
    ['no steps', { learningRate: 0.1 }, /give steps/],
    ['every 0', { learningRate: 0.1, steps: 3, record: { every: 0 } }, /record.every = 0/],
    ['times decreasing', { learningRate: 0.1, record: { times: [1, 0.5] } }, /strictly increasing/],
    ['times negative', { learningRate: 0.1, record: { times: [-1] } }, /≥ 0/],
    ['times beyond steps', { learningRate: 0.1, steps: 5, record: { times: [1] } }, /only 5 steps run/],
    ['every and times', { learningRate: 0.1, steps: 5, record: { every: 1, times: [0] } }, /not both/],
    ['referenceRate with one rate', { learningRate: 0.1, referenceRate: 0.1, steps: 1 }, /referenceRate only applies/],
  ];
  for (const [name, options, pattern] of bad) {
    it(`${name} → ConfigError`, () => {
      assert.throws(() => trainGradientDescent(ISSUE_TASK, { W1, W2 }, options as never), (e: Error) => e instanceof ConfigError && pattern.test(e.message));
    });
  }

  it('wrong shapes → ShapeError', () => {
    assert.throws(() => trainGradientDescent(ISSUE_TASK, { W1: new Matrix(2, 3), W2 }, { learningRate: 0.1, steps: 1 }), ShapeError);
  });

  it('divergence → ConvergenceError naming the step, the last loss and |λ|·η beyond the stability limit', () => {
    const init = lambdaBalancedInit({ lambda: 50, ni: 2, no: 2, scale: 0.2, stream: createRandom(7, 'init') });
    // η·√(λ² + 4s*²) ≈ 0.1·50 = 5 > 2: unstable (the estimate predicts it before running).
    const est = gdStabilityEstimate(ISSUE_TASK, init, 0.1);
    assert.equal(est.stable, false);
    assert.ok(Math.abs(est.lambda! - 50) < 1e-10);
    assert.throws(
      () => trainGradientDescent(ISSUE_TASK, init, { learningRate: 0.1, steps: 10_000, record: { every: 1000 } }),
      (e: Error) =>
        e instanceof ConvergenceError &&
        typeof e.reached === 'number' &&
        e.reached > 0 &&
        e.message.includes(`step ${e.reached}`) &&
        /exceeds 2, the stability limit of gradient descent/.test(e.message) &&
        /λ̂ = 50/.test(e.message) &&
        /use learningRate below/.test(e.message),
    );
    // The suggested rate is stable and the run converges.
    const fine = trainGradientDescent(ISSUE_TASK, init, { learningRate: 0.03, steps: 2000, record: { every: 2000 } });
    assert.ok(gdStabilityEstimate(ISSUE_TASK, init, 0.03).stable);
    assert.ok(fine.loss[1] < 1e-20);
  });
});
