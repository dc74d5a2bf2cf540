// Linear networks: exact gradients vs central finite differences (two-layer and deep, non-whitened
// Σ_xx, full-batch and mini-batch), network function, loss conventions, balance drift of one GD step
// (spec §2.1 [D] — confirmed here), and bad input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import { matmul, maxAbsDiff, relativeError, scale, sub, transpose } from '../../src/linalg/ops.js';
import { frobeniusNorm } from '../../src/linalg/norms.js';
import { createRandom, gaussianMatrix } from '../../src/random/index.js';
import { taskFromData, taskLoss, whitenedTask } from '../../src/tasks/index.js';
import type { LinearTask } from '../../src/tasks/types.js';
import {
  balanceDriftPerStep,
  batchGradients,
  batchLoss,
  consecutiveBalances,
  linearForward,
  linearGradients,
  linearLoss,
  networkFunction,
  twoLayerForward,
  twoLayerGradients,
  twoLayerLoss,
} from '../../src/models/index.js';
import { trainGradientDescent } from '../../src/train/index.js';
import { DomainError, ShapeError } from '../../src/errors/index.js';
import { assertBelow } from '../helpers/accuracy.js';

/** A non-whitened data task: X, Y Gaussian (X with correlated rows so Σ_xx is far from I). */
function dataTask(ni: number, no: number, p: number, seed: number): LinearTask {
  const s = createRandom(seed, 'models-test-task');
  const A = gaussianMatrix(s.split('A'), ni, ni, { std: 0.7 });
  const X = matmul(A, gaussianMatrix(s.split('X'), ni, p));
  const Y = gaussianMatrix(s.split('Y'), no, p);
  return taskFromData(X, Y, { whiten: 'none' });
}

function randomLayers(widths: number[], seed: number, std = 0.5): Matrix[] {
  const s = createRandom(seed, 'models-test-weights');
  return widths.slice(1).map((n, l) => gaussianMatrix(s.split(l), n, widths[l], { std }));
}

/** Central differences of f at every entry of every layer (h = 1e-5). */
function finiteDifferences(f: (layers: Matrix[]) => number, layers: Matrix[], h = 1e-5): Matrix[] {
  return layers.map((M) => {
    const G = new Matrix(M.rows, M.cols);
    for (let i = 0; i < M.data.length; i++) {
      const keep = M.data[i];
      M.data[i] = keep + h;
      const up = f(layers);
      M.data[i] = keep - h;
      const down = f(layers);
      M.data[i] = keep;
      G.data[i] = (up - down) / (2 * h);
    }
    return G;
  });
}

describe('models: exact gradients against finite differences', () => {
  // Central differences with h = 1e-5: truncation ~h²·|f'''| ≈ 1e-10, rounding ~ε·|L|/h ≈ 1e-11; the
  // bound 1e-7 (relative to the largest gradient entry) leaves a wide margin yet fails a wrong factor,
  // a missing transpose or a missing Σ_xx by orders of magnitude.
  const shapes = [
    [3, 3, 3],
    [4, 2, 3],
    [2, 5, 4],
    [4, 5, 5, 3],
    [3, 4, 2, 5],
    [3, 4, 4, 4, 2],
    [5, 2, 3, 3, 4],
  ];
  for (const widths of shapes) {
    for (const kind of ['non-whitened', 'whitened'] as const) {
      it(`${widths.join('-')} (L = ${widths.length - 1}), ${kind} Σ_xx`, () => {
        const ni = widths[0];
        const no = widths[widths.length - 1];
        const task =
          kind === 'whitened'
            ? whitenedTask(gaussianMatrix(createRandom(widths.length, 'S'), no, ni), { yyTrace: 100 })
            : dataTask(ni, no, 12, widths.reduce((a, b) => 10 * a + b));
        const layers = randomLayers(widths, widths.length);
        const g = linearGradients(task, layers);
        const fd = finiteDifferences((ls) => linearLoss(task, ls), layers);
        const gmax = Math.max(...g.grads.map((G) => Math.max(...G.data.map(Math.abs))));
        for (let l = 0; l < layers.length; l++) {
          assertBelow(maxAbsDiff(g.grads[l], fd[l]) / gmax, 1e-7, `layer ${l + 1} gradient vs finite differences`);
        }
        assert.equal(g.loss, linearLoss(task, layers));
        // E = Σ_yx − W Σ_xx.
        const W = networkFunction(layers);
        assertBelow(relativeError(g.E, sub(task.sigmaYX, matmul(W, task.sigmaXX))), 1e-14, 'residual E');
      });
    }
  }

  it('two-layer closed forms −∂L/∂W₁ = W₂ᵀE, −∂L/∂W₂ = EW₁ᵀ match the generic code', () => {
    const task = dataTask(4, 3, 9, 7);
    const [W1, W2] = randomLayers([4, 3, 3], 8);
    const g = twoLayerGradients(task, W1, W2);
    const E = sub(task.sigmaYX, matmul(matmul(W2, W1), task.sigmaXX));
    // Rounding only: same products in a different grouping (entries O(1), 3 terms).
    assertBelow(maxAbsDiff(g.gradW1, scale(matmul(W2, E, { transA: true }), -1)), 1e-14, 'gradW1');
    assertBelow(maxAbsDiff(g.gradW2, scale(matmul(E, W1, { transB: true }), -1)), 1e-14, 'gradW2');
    assert.equal(twoLayerLoss(task, W1, W2), taskLoss(task, matmul(W2, W1)));
  });

  it('mini-batch gradients match finite differences of the batch loss (L = 2, 3)', () => {
    const s = createRandom(3, 'batch');
    for (const widths of [
      [3, 2, 4],
      [4, 3, 3, 2],
    ]) {
      const X = gaussianMatrix(s.split('X', widths.length), widths[0], 5);
      const Y = gaussianMatrix(s.split('Y', widths.length), widths[widths.length - 1], 5);
      const layers = randomLayers(widths, 11);
      const g = batchGradients(layers, X, Y);
      const fd = finiteDifferences((ls) => batchLoss(ls, X, Y), layers);
      const gmax = Math.max(...g.grads.map((G) => Math.max(...G.data.map(Math.abs))));
      for (let l = 0; l < layers.length; l++) assertBelow(maxAbsDiff(g.grads[l], fd[l]) / gmax, 1e-7, `batch layer ${l + 1}`);
      // Batch loss is (1/(2B))‖WX − Y‖².
      const R = sub(linearForward(layers, X), Y);
      assertBelow(Math.abs(g.loss - frobeniusNorm(R) ** 2 / 10), 1e-14, 'batch loss');
    }
  });

  it('the batch of all P samples gives the task gradients (statistics form) to rounding', () => {
    const task = dataTask(3, 4, 20, 5);
    const layers = randomLayers([3, 3, 4], 2);
    const gb = batchGradients(layers, task.X!, task.Y!);
    const gt = linearGradients(task, layers);
    // Same sums in a different order: rounding ~ P·ε·(entry size) ≈ 1e-14.
    for (let l = 0; l < 2; l++) assertBelow(relativeError(gb.grads[l], gt.grads[l]), 1e-13, `layer ${l + 1}`);
    assertBelow(Math.abs(gb.loss - gt.loss) / gt.loss, 1e-13, 'loss');
  });
});

describe('models: network function and forward pass', () => {
  it('networkFunction = W_L⋯W₁ and linearForward = W X, for L = 1 … 4', () => {
    const X = gaussianMatrix(createRandom(1, 'X'), 3, 6);
    for (const widths of [[3, 2], [3, 4, 2], [3, 4, 5, 2], [3, 1, 4, 4, 2]]) {
      const layers = randomLayers(widths, 4);
      let ref = layers[0];
      for (let l = 1; l < layers.length; l++) ref = matmul(layers[l], ref);
      assertBelow(relativeError(networkFunction(layers), ref), 1e-15, 'W');
      assertBelow(relativeError(linearForward(layers, X), matmul(ref, X)), 1e-14, 'WX');
    }
    const [W1, W2] = randomLayers([3, 2, 4], 9);
    assertBelow(relativeError(twoLayerForward(W1, W2, X), matmul(matmul(W2, W1), X)), 1e-15, 'two-layer');
    assertBelow(relativeError(networkFunction({ W1, W2 }), matmul(W2, W1)), 1e-15, 'object form');
  });

  it('whitened loss is ½‖W − Σ_yx‖² + ½(c − ‖Σ_yx‖²), the minimum 0 at W = Σ_yx', () => {
    const task = whitenedTask(Matrix.from([[2]]));
    assert.equal(twoLayerLoss(task, Matrix.from([[1]]), Matrix.from([[1]])), 0.5);
    assert.equal(twoLayerLoss(task, Matrix.from([[1]]), Matrix.from([[2]])), 0);
  });
});

describe('models: balance quantities', () => {
  it('consecutiveBalances gives W_{l+1}ᵀW_{l+1} − W_lW_lᵀ for every pair', () => {
    const layers = randomLayers([3, 4, 5, 2], 6);
    const D = consecutiveBalances(layers);
    assert.equal(D.length, 2);
    for (let l = 0; l < 2; l++) {
      const ref = sub(matmul(layers[l + 1], layers[l + 1], { transA: true }), matmul(layers[l], layers[l], { transB: true }));
      assertBelow(maxAbsDiff(D[l], ref), 1e-15, `D${l + 1}`);
    }
  });

  // Spec §2.1 [D]: one GD step changes W₂ᵀW₂ − W₁W₁ᵀ by exactly η²(W₁EᵀEW₁ᵀ − W₂ᵀEEᵀW₂). Confirmed:
  // the measured change (difference of two O(1) balance matrices after a real GD step) equals the
  // formula to rounding, ≤ 1e-14 absolute here (the balance entries are O(1), so their difference
  // carries ~1e-16 rounding; the drift itself is 1e-6 … 1e-2), over shapes × η × Σ_xx kinds.
  for (const widths of [
    [3, 3, 3],
    [5, 3, 2],
    [2, 3, 5],
    [4, 4, 6],
  ]) {
    for (const eta of [0.1, 0.01, [0.05, 0.02] as [number, number]]) {
      for (const kind of ['whitened', 'non-whitened'] as const) {
        it(`one GD step drift = formula: ${widths.join('-')}, η = ${JSON.stringify(eta)}, ${kind}`, () => {
          const [ni, , no] = widths;
          const task =
            kind === 'whitened'
              ? whitenedTask(gaussianMatrix(createRandom(ni * no, 'S'), no, ni, { std: 1.5 }))
              : dataTask(ni, no, 15, 31 + ni);
          const [W1, W2] = randomLayers(widths, 17, 0.8);
          const before = consecutiveBalances({ W1, W2 })[0];
          const step =
            typeof eta === 'number'
              ? trainGradientDescent(task, { W1, W2 }, { learningRate: eta, steps: 1, record: { every: 1 } })
              : trainGradientDescent(task, { W1, W2 }, { learningRates: eta, steps: 1, record: { every: 1 } });
          const after = consecutiveBalances(step.weights[1])[0];
          const measured = sub(after, before);
          const formula = balanceDriftPerStep(W1, W2, task, eta);
          assert.ok(frobeniusNorm(formula) > 1e-7, 'the drift is not trivially zero');
          assertBelow(maxAbsDiff(measured, formula), 1e-14, 'measured drift − formula');
          if (typeof eta === 'number') {
            // The η² form of the spec, computed independently with plain products.
            const E = sub(task.sigmaYX, matmul(matmul(W2, W1), task.sigmaXX));
            const a = matmul(matmul(W1, transpose(E)), matmul(E, transpose(W1)));
            const b = matmul(matmul(transpose(W2), E), matmul(transpose(E), W2));
            assertBelow(maxAbsDiff(formula, scale(sub(a, b), eta * eta)), 1e-15, 'η² form');
          }
        });
      }
    }
  }
});

describe('models: bad input', () => {
  const task = whitenedTask(Matrix.from([[1, 0], [0, 1], [0, 0]]));
  it('shape mismatches name both shapes', () => {
    assert.throws(() => twoLayerLoss(task, new Matrix(2, 3), new Matrix(3, 2)), ShapeError);
    assert.throws(() => linearGradients(task, [new Matrix(2, 2), new Matrix(3, 3)]), (e: Error) => e instanceof ShapeError && /needs 2 columns/.test(e.message));
    assert.throws(() => linearGradients(task, []), ShapeError);
    assert.throws(() => batchGradients([new Matrix(2, 2)], new Matrix(2, 3), new Matrix(2, 4)), ShapeError);
    assert.throws(() => linearForward([new Matrix(2, 2)], new Matrix(3, 3)), ShapeError);
  });
  it('NaN weights and non-matrices are DomainErrors naming the entry', () => {
    const W1 = new Matrix(2, 2);
    W1.set(1, 0, NaN);
    assert.throws(() => twoLayerLoss(task, W1, new Matrix(3, 2)), (e: Error) => e instanceof DomainError && /W1.*\[1\]\[0\]/.test(e.message));
    assert.throws(() => networkFunction({} as never), DomainError);
    assert.throws(() => balanceDriftPerStep(new Matrix(2, 2), new Matrix(3, 2), task, NaN), DomainError);
  });
});
