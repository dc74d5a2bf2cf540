// Mini-batch SGD: batch = P equals GD (to rounding), reproducibility per seed, the documented
// shuffle/batching/drop-last policy replayed by hand, and option errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import { matmul, maxAbsDiff, relativeError } from '../../src/linalg/ops.js';
import { createRandom, gaussianMatrix } from '../../src/random/index.js';
import { taskFromData, whitenedTask } from '../../src/tasks/index.js';
import { batchGradients } from '../../src/models/index.js';
import { trainGradientDescent, trainSgd } from '../../src/train/index.js';
import { ConfigError, DomainError } from '../../src/errors/index.js';
import { assertBelow } from '../helpers/accuracy.js';

const s = createRandom(11, 'sgd-test');
const X = matmul(gaussianMatrix(s.split('A'), 3, 3, { std: 0.8 }), gaussianMatrix(s.split('X'), 3, 10));
const task = taskFromData(X, gaussianMatrix(s.split('Y'), 2, 10), { whiten: 'none' });
const W1 = gaussianMatrix(s.split('W1'), 4, 3, { std: 0.3 });
const W2 = gaussianMatrix(s.split('W2'), 2, 4, { std: 0.3 });

describe('train: SGD', () => {
  it('batchSize = P gives full-batch GD (Σ summed in shuffled order: rounding only, ≤ 1e-12 after 200 steps)', () => {
    for (const layers of [{ W1, W2 }, [W1, gaussianMatrix(s.split('M'), 4, 4, { std: 0.5 }), W2]]) {
      const sgd = trainSgd(task, layers, { learningRate: 0.05, batchSize: 10, steps: 200, stream: createRandom(1, 'a'), record: { every: 50 } });
      const gd = trainGradientDescent(task, layers, { learningRate: 0.05, steps: 200, record: { every: 50 } });
      assert.deepEqual(Array.from(sgd.t), Array.from(gd.t));
      for (let k = 0; k < gd.t.length; k++) {
        gd.weights[k].forEach((M, l) => assertBelow(relativeError(sgd.weights[k][l], M), 1e-12, `layer ${l + 1} at t = ${gd.t[k]}`));
        assertBelow(Math.abs(sgd.loss[k] - gd.loss[k]) / gd.loss[k], 1e-12, 'loss');
      }
      assert.ok(gd.loss.at(-1)! < gd.loss[0]);
    }
  });

  it('is reproducible per seed and differs across seeds', () => {
    const run = (seed: number) => trainSgd(task, { W1, W2 }, { learningRate: 0.05, batchSize: 3, epochs: 5, stream: createRandom(seed, 'sgd') });
    const a = run(1);
    const b = run(1);
    const c = run(2);
    assert.equal(a.t.length, 5 * 4 + 1);
    for (let k = 0; k < a.t.length; k++) {
      assert.equal(maxAbsDiff(a.weights[k][0], b.weights[k][0]), 0);
      assert.equal(a.loss[k], b.loss[k]);
    }
    assert.ok(maxAbsDiff(a.weights[20][0], c.weights[20][0]) > 1e-6);
    assert.equal(a.provenance.seed, createRandom(1, 'sgd').id);
    assert.equal(a.provenance.batchSize, 3);
  });

  for (const dropLast of [false, true]) {
    it(`follows the documented policy: epoch e uses split('sgd-epoch', e).permutation(P), consecutive batches, dropLast = ${dropLast}`, () => {
      const B = 4; // P = 10: batches of 4, 4 and (unless dropped) 2
      const stream = createRandom(5, 'policy');
      const perEpoch = dropLast ? 2 : 3;
      const steps = 3 * perEpoch;
      const traj = trainSgd(task, { W1, W2 }, { learningRates: [0.05, 0.02], batchSize: B, steps, stream, dropLast });
      let layers = [W1.clone(), W2.clone()];
      for (let k = 0; k < steps; k++) {
        const e = Math.floor(k / perEpoch);
        const j = k % perEpoch;
        const perm = stream.split('sgd-epoch', e).permutation(10);
        const idx = Array.from(perm.subarray(j * B, Math.min(10, (j + 1) * B)));
        const pick = (M: Matrix) => Matrix.from(Array.from({ length: M.rows }, (_, i) => idx.map((c) => M.get(i, c))));
        const g = batchGradients(layers, pick(task.X!), pick(task.Y!));
        layers = layers.map((M, l) => {
          const out = M.clone();
          for (let i = 0; i < out.data.length; i++) out.data[i] -= [0.05, 0.02][l] * g.grads[l].data[i];
          return out;
        });
        // Same kernels in the same order: identical to the last bit.
        assert.equal(maxAbsDiff(traj.weights[k + 1][0], layers[0]), 0, `step ${k + 1}`);
        assert.equal(maxAbsDiff(traj.weights[k + 1][1], layers[1]), 0, `step ${k + 1}`);
      }
      assert.equal(traj.provenance.dropLast, dropLast);
    });
  }

  const bad: [string, object, RegExp][] = [
    ['batchSize 0', { learningRate: 0.1, batchSize: 0, steps: 1 }, /batchSize = 0 must be an integer from 1 to the number of samples P = 10/],
    ['batchSize > P', { learningRate: 0.1, batchSize: 11, steps: 1 }, /batchSize = 11/],
    ['batchSize fractional', { learningRate: 0.1, batchSize: 2.5, steps: 1 }, /batchSize = 2.5/],
    ['steps and epochs', { learningRate: 0.1, batchSize: 2, steps: 1, epochs: 1 }, /steps or epochs, not both/],
    ['no stream', { learningRate: 0.1, batchSize: 2, steps: 1, stream: undefined }, /stream must be a RandomStream/],
    ['η ≤ 0', { learningRate: -1, batchSize: 2, steps: 1 }, /learningRate = -1/],
  ];
  for (const [name, options, pattern] of bad) {
    it(`${name} → ConfigError`, () => {
      assert.throws(
        () => trainSgd(task, { W1, W2 }, { stream: createRandom(0, 'x'), ...options } as never),
        (e: Error) => e instanceof ConfigError && pattern.test(e.message),
      );
    });
  }

  it('a task without samples → DomainError pointing at taskFromData', () => {
    const t = whitenedTask(Matrix.from([[1, 0, 0], [0, 1, 0]]));
    assert.throws(
      () => trainSgd(t, { W1, W2 }, { learningRate: 0.1, batchSize: 2, steps: 1, stream: createRandom(0, 'x') }),
      (e: Error) => e instanceof DomainError && /taskFromData/.test(e.message),
    );
  });
});
