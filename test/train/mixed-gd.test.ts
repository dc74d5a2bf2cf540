// GD on W2W1 for the noisy low-rank task (Tu, Aranguri & Jacot 2024; spec mixed-and-three-mechanisms.md §A.1)
// against the NumPy reference of tools/fixtures/mixed.py (gd.json): the authors' sequential update and true
// (simultaneous) GD, on both backends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import { matrixTask } from '../../src/tasks/index.js';
import { trainMixedGd } from '../../src/train/index.js';
import { ConfigError, ConvergenceError, ShapeError } from '../../src/errors/index.js';
import { decodeFixtureArray, fixtureMatrix, loadFixture } from '../helpers/fixtures.js';
import { assertBelow, normwiseError } from '../helpers/accuracy.js';
import { backendCases } from '../helpers/backends.js';

const f = loadFixture('mixed/gd.json');
const task = matrixTask(fixtureMatrix(f.Y), fixtureMatrix(f.Astar));
const init = () => ({ W1: fixtureMatrix(f.W1), W2: fixtureMatrix(f.W2) });

describe('trainMixedGd vs NumPy (d = 6, w = 40, η = 0.02, 25 steps)', () => {
  for (const bc of backendCases()) {
    for (const mode of ['sequential', 'simultaneous'] as const) {
      it(`${mode} updates, ${bc.name} backend`, { skip: bc.skip }, () => {
        const run = trainMixedGd(task, init(), { learningRate: f.eta, steps: f.steps, update: mode, backend: bc.backend });
        const ref = f[mode];
        // 25 steps of O(d·w) sums: rounding differences stay at a few ulps of the O(1) errors.
        assertBelow(normwiseError(run.trainError, decodeFixtureArray(ref.train).data), 1e-12, `${mode} train error`);
        assertBelow(normwiseError(run.testError, decodeFixtureArray(ref.test).data), 1e-12, `${mode} test error`);
        assertBelow(normwiseError(run.singularValues![f.steps], decodeFixtureArray(ref.sv).data), 1e-12, `${mode} final singular values`);
        assertBelow(normwiseError(run.W1.data, fixtureMatrix(ref.W1).data), 1e-12, `${mode} W1`);
        assertBelow(normwiseError(run.W2.data, fixtureMatrix(ref.W2).data), 1e-12, `${mode} W2`);
        assert.deepEqual(Array.from(run.iterations), Array.from({ length: f.steps + 1 }, (_, i) => i));
        assert.equal(run.t[10], 10 * f.eta);
      });
    }
  }

  it('the two update rules differ (second order in η), so the test can tell them apart', () => {
    const a = trainMixedGd(task, init(), { learningRate: f.eta, steps: 5, update: 'sequential' });
    const b = trainMixedGd(task, init(), { learningRate: f.eta, steps: 5, update: 'simultaneous' });
    assert.ok(Math.abs(a.trainError[5] - b.trainError[5]) > 1e-6);
  });

  it('recordEvery, stop, singularValues:false and inPlace', () => {
    const full = trainMixedGd(task, init(), { learningRate: f.eta, steps: 25 });
    const sparse = trainMixedGd(task, init(), { learningRate: f.eta, steps: 25, recordEvery: 10, singularValues: false });
    assert.deepEqual(Array.from(sparse.iterations), [0, 10, 20, 25]);
    assert.equal(sparse.trainError[3], full.trainError[25]);
    assert.equal(sparse.singularValues, undefined);
    const stopped = trainMixedGd(task, init(), { learningRate: f.eta, steps: 25, stop: (n) => n === 7 });
    assert.equal(stopped.iterations.length, 8);
    assert.equal(stopped.provenance.steps, 7);
    const w = init();
    const inPlace = trainMixedGd(task, w, { learningRate: f.eta, steps: 3, inPlace: true });
    assert.equal(inPlace.W1, w.W1);
    const copy = init();
    trainMixedGd(task, copy, { learningRate: f.eta, steps: 3 });
    assert.deepEqual(copy.W1.data, fixtureMatrix(f.W1).data, 'the default run leaves the given weights untouched');
  });

  it('onRecord sees A = W2·W1 after n updates', () => {
    const seen: number[] = [];
    const run = trainMixedGd(task, init(), {
      learningRate: f.eta,
      steps: 4,
      onRecord: (n, W1, W2, A) => {
        seen.push(n);
        const P = new Matrix(A.rows, A.cols);
        for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) {
          let s = 0;
          for (let l = 0; l < W1.rows; l++) s += W2.get(i, l) * W1.get(l, j);
          P.set(i, j, s);
        }
        assertBelow(normwiseError(A.data, P.data), 1e-14, 'A vs W2·W1');
      },
    });
    assert.deepEqual(seen, [0, 1, 2, 3, 4]);
    assert.equal(run.A.rows, 6);
  });

  it('bad inputs are refused with a typed error', () => {
    assert.throws(() => trainMixedGd(task, init(), { learningRate: 0, steps: 1 }), ConfigError);
    assert.throws(() => trainMixedGd(task, init(), { learningRate: -1, steps: 1 }), ConfigError);
    assert.throws(() => trainMixedGd(task, init(), { learningRate: 0.1, steps: -1 }), ConfigError);
    assert.throws(() => trainMixedGd(task, init(), { learningRate: 0.1, steps: 1, recordEvery: 0 }), ConfigError);
    assert.throws(() => trainMixedGd(task, init(), { learningRate: 0.1, steps: 1, update: 'jacobi' as never }), ConfigError);
    assert.throws(() => trainMixedGd(task, { W1: new Matrix(40, 5), W2: new Matrix(6, 40) }, { learningRate: 0.1, steps: 1 }), ShapeError);
    assert.throws(() => trainMixedGd(task, { W1: new Matrix(40, 6), W2: new Matrix(6, 39) }, { learningRate: 0.1, steps: 1 }), ShapeError);
    // A step far beyond the stability limit 2/(2·σ²w·…) overflows: reported, not returned as numbers.
    assert.throws(() => trainMixedGd(task, init(), { learningRate: 50, steps: 200 }), ConvergenceError);
  });
});
