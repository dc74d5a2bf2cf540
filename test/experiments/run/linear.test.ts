/**
 * runDocument for the linear-network kinds: over inits × methods, the simulation equals the train
 * module called directly on the built weights (bit-equal), the exact side equals the closed form
 * evaluated directly at the recorded times (bit-equal), gradient flow from a λ-balanced init agrees
 * with the closed form to 1e-8 (the flow runs at rtol 1e-10, atol 1e-12, so its global error is a
 * few 1e-10), the refusal reason is the theory's own sentence, and two runs are bit-identical.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildExperiment, validateExperiment } from '../../../src/config/index.js';
import { ConfigError, ConvergenceError, LazyrichError } from '../../../src/errors/index.js';
import { Matrix } from '../../../src/linalg/matrix.js';
import { frobeniusNorm } from '../../../src/linalg/norms.js';
import { matmul, sub } from '../../../src/linalg/ops.js';
import { svdValues } from '../../../src/linalg/decompositions.js';
import { ntkKernelDistance, relativeWeightChange } from '../../../src/metrics/index.js';
import { exactSolution } from '../../../src/theory/lazy-to-rich/index.js';
import { gradientFlow, trainGradientDescent } from '../../../src/train/index.js';
import { runDocument } from '../../../src/experiments/run/index.js';

const SIGMA = [[2, 0.5], [0.1, 1]];
const INITS: Record<string, unknown> = {
  'balanced λ=-1.5': { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 },
  'balanced λ=0': { kind: 'lambda-balanced', lambda: 0, scale: 0.3, hidden: 2, seed: 4 },
  // sign det W(0) ≠ sign det Σ_yx at λ = 0: B is singular and the closed form refuses (spec §3.3).
  'balanced λ=0 singular B': { kind: 'lambda-balanced', lambda: 0, scale: 0.3, hidden: 2, seed: 3 },
  'balanced λ=2': { kind: 'lambda-balanced', lambda: 2, scale: 0.1, hidden: 2, seed: 1 },
  'explicit unbalanced': { kind: 'explicit', W1: [[0.3, 0], [0, 0.2]], W2: [[0.4, 0], [0, 0.1]] },
  gaussian: { kind: 'gaussian', std1: 0.2, std2: 0.3, hidden: 2, seed: 5 },
};
const TRAINS: Record<string, Record<string, unknown>> = {
  gd: { method: 'gd', learningRate: 0.01, steps: 300 },
  flow: { method: 'flow', tEnd: 3 },
};

function doc(init: unknown, train: unknown): Record<string, unknown> {
  return { model: { kind: 'two-layer-linear' }, task: { kind: 'whitened', sigmaYX: SIGMA }, init, train };
}

describe('runDocument: two-layer-linear over inits × methods', () => {
  for (const [initName, init] of Object.entries(INITS)) {
    for (const [method, train] of Object.entries(TRAINS)) {
      it(`${initName}, ${method}`, () => {
        const d = doc(init, train);
        const r = runDocument(d);
        assert.equal(r.kind, 'two-layer-linear');
        const built = buildExperiment(validateExperiment(d));
        const [W1, W2] = built.weights;
        // Simulation: the train module called directly.
        const ref =
          method === 'gd'
            ? trainGradientDescent(built.task, built.weights, { learningRate: 0.01, steps: 300, record: { every: 3 } })
            : gradientFlow(built.task, built.weights, { times: Array.from({ length: 101 }, (_, k) => (k === 100 ? 3 : (3 * k) / 100)), rtol: 1e-10, atol: 1e-12 });
        assert.deepEqual(r.series.t, ref.t);
        assert.deepEqual(r.series.columns.loss, ref.loss);
        const last = ref.weights[ref.weights.length - 1];
        assert.deepEqual(r.arrays.W1Final.data, last[0].data);
        assert.deepEqual(r.arrays.W2Final.data, last[1].data);
        assert.deepEqual(r.arrays.W1Initial.data, W1.data);
        assert.deepEqual(r.arrays.WFinal.shape, [2, 2]);
        assert.equal(r.summary.finalLoss, ref.loss[ref.loss.length - 1]);
        assert.equal(r.summary.steps, method === 'gd' ? 300 : null);
        assert.equal(r.summary.tEnd, 3);
        assert.equal(r.summary.weightChange, relativeWeightChange(ref.weights[0], last));
        const k = 40;
        const sv = svdValues(matmul(ref.weights[k][1], ref.weights[k][0]));
        assert.equal(r.series.columns.sv0[k], sv[0]);
        assert.equal(r.series.columns.sv1[k], sv[1]);
        assert.equal(r.series.columns.kernelDistance[k], ntkKernelDistance(ref.weights[0], ref.weights[k], Matrix.identity(2)));
        // Exact side: the closed form evaluated directly, or its own refusal sentence.
        let sol;
        try {
          sol = exactSolution(built.task, { W1, W2 });
        } catch (error) {
          assert.ok(error instanceof LazyrichError);
          assert.deepEqual(r.exact, { available: false, reason: error.message });
          assert.equal(r.summary.finalLossExact, null);
          assert.equal(r.series.columns.lossExact, undefined);
          assert.ok(['explicit unbalanced', 'gaussian', 'balanced λ=0 singular B'].includes(initName), `refused: ${error.message}`);
          return;
        }
        assert.ok(initName.startsWith('balanced') && !initName.includes('singular'));
        assert.equal(r.exact.available, true);
        const tk = r.series.t;
        tk.forEach((t, i) => assert.equal(r.series.columns.lossExact[i], sol.loss(t), `lossExact at t = ${t}`));
        assert.deepEqual(r.arrays.WFinalExact.data, sol.at(tk[tk.length - 1]).W.data);
        assert.equal(r.series.columns.sv0Exact[k], svdValues(sol.at(tk[k]).W)[0]);
        assert.equal(r.series.columns.kernelDistanceExact[k], ntkKernelDistance(sol.at(0), sol.at(tk[k]), Matrix.identity(2)));
        // relativeError: ‖W_sim − W_exact‖_F / ‖W_exact‖_F, recomputed with the Frobenius norm.
        ref.weights.forEach((w, i) => {
          const Wexact = sol.at(tk[i]).W;
          const expected = frobeniusNorm(sub(matmul(w[1], w[0]), Wexact)) / frobeniusNorm(Wexact);
          assert.ok(Math.abs(r.series.columns.relativeError[i] - expected) <= 1e-12 * Math.max(1, expected), `relativeError ${i}`);
        });
        assert.equal(r.summary.lambda, sol.lambda);
        assert.equal(r.labels.regime, sol.diagnostics.regime);
        if (method === 'flow') assert.ok((r.summary.maxRelativeError as number) <= 1e-8, `flow vs exact ${r.summary.maxRelativeError}`);
        else assert.ok((r.summary.maxRelativeError as number) > 1e-6, 'GD at η = 0.01 differs from the flow by O(η)');
      });
    }
  }
});

describe('runDocument: determinism, refusals and errors', () => {
  it('two runs of the same document and seed are bit-identical; another seed differs', () => {
    const d = { ...doc({ kind: 'gaussian', std1: 0.2, std2: 0.3, hidden: 2 }, { method: 'sgd', learningRate: 0.01, steps: 100, batchSize: 4 }), task: { kind: 'gaussian-regression', ni: 3, no: 2, p: 12 } };
    const a = runDocument(d, { seed: 4 });
    const b = runDocument(structuredClone(d), { seed: 4 });
    assert.deepEqual(a, b);
    assert.equal(a.seed, 4);
    const c = runDocument(d, { seed: 5 });
    assert.notDeepEqual(a.series.columns.loss, c.series.columns.loss);
  });

  it('a result survives structured cloning unchanged (worker boundary)', () => {
    const r = runDocument(doc(INITS['balanced λ=-1.5'], TRAINS.flow));
    assert.deepEqual(structuredClone(r), r);
  });

  it('without train: ConfigError naming train with an example', () => {
    assert.throws(
      () => runDocument({ model: { kind: 'two-layer-linear' }, task: { kind: 'whitened', sigmaYX: SIGMA }, init: INITS.gaussian }),
      (e: unknown) => e instanceof ConfigError && e.path === 'train' && /"train": \{"method": "gd"/.test(e.message),
    );
  });

  it('an invalid document is the validator’s ConfigError with its path', () => {
    assert.throws(
      () => runDocument(doc({ kind: 'lambda-balanced', lambda: 'abc', scale: 0.2 }, TRAINS.gd)),
      (e: unknown) => e instanceof ConfigError && e.path === 'init.lambda',
    );
  });

  it('a diverging GD run is a ConvergenceError naming train.learningRate', () => {
    assert.throws(
      () => runDocument(doc(INITS['balanced λ=-1.5'], { method: 'gd', learningRate: 5, steps: 200 })),
      (e: unknown) => e instanceof ConvergenceError && e.path === 'train.learningRate' && e.message.startsWith('train.learningRate: '),
    );
  });

  it('unequal layer rates: the simulation runs, the exact side says why not', () => {
    const r = runDocument(doc(INITS['balanced λ=-1.5'], { method: 'gd', learningRates: [0.01, 0.02], steps: 100 }));
    assert.equal(r.exact.available, false);
    assert.match((r.exact as { reason: string }).reason, /^train\.learningRates: the closed form assumes one learning rate/);
    assert.ok(Number.isFinite(r.summary.finalLoss));
  });

  it('deep-linear: simulation only, equal to trainGradientDescent; the reason names the depth', () => {
    const d = { model: { kind: 'deep-linear', widths: [2, 3, 3, 2] }, task: { kind: 'whitened', sigmaYX: SIGMA }, init: { kind: 'gaussian', std1: 0.3, std2: 0.3, seed: 2 }, train: { method: 'gd', learningRate: 0.01, steps: 200 } };
    const r = runDocument(d);
    assert.equal(r.exact.available, false);
    assert.match((r.exact as { reason: string }).reason, /3-layer deep-linear/);
    const built = buildExperiment(validateExperiment(d));
    const ref = trainGradientDescent(built.task, built.weights, { learningRate: 0.01, steps: 200, record: { every: 2 } });
    assert.deepEqual(r.series.columns.loss, ref.loss);
    assert.deepEqual(r.arrays.W3Final.data, ref.weights[ref.weights.length - 1][2].data);
    assert.equal(r.summary.maxRelativeError, null);
    assert.ok(r.series.columns.balanceDrift.every((v) => v >= 0));
  });
});

describe('runDocument: gradient flow vs the closed form on rectangular tasks (funnel, inverted funnel) × λ', () => {
  // DOP853 at the default rtol 1e-10, atol 1e-12: the global error over t ≤ 4 is a few 1e-10, so 1e-8 is a safe bound.
  for (const [ni, no] of [[3, 2], [2, 3]]) {
    for (const lambda of [-2, 0.5, 3]) {
      it(`${ni}→${no}, λ = ${lambda}`, () => {
        const d = {
          model: { kind: 'two-layer-linear' },
          task: { kind: 'random-low-rank', ni, no, rank: 2, singularValues: [2, 1], seed: 11 },
          init: { kind: 'lambda-balanced', lambda, scale: 0.2, seed: 5 },
          train: { method: 'flow', tEnd: 4 },
        };
        const r = runDocument(d);
        assert.equal(r.exact.available, true, JSON.stringify(r.exact));
        assert.ok((r.summary.maxRelativeError as number) <= 1e-8, `max relative error ${r.summary.maxRelativeError}`);
        assert.ok(Math.abs((r.summary.finalLoss as number) - (r.summary.finalLossExact as number)) <= 1e-8 * Math.max(1, r.summary.finalLossExact as number));
        assert.ok((r.summary.balanceDrift as number) < 1e-8, 'the flow conserves the balance');
      });
    }
  }
});

describe('runDocument: refusal reasons are the theory’s own sentences, and the simulation still runs', () => {
  const cases: Record<string, Record<string, unknown>> = {
    'inputs not whitened': {
      model: { kind: 'two-layer-linear' },
      task: { kind: 'data', X: [[1, 0, 2, -1], [0, 1, 1, 1]], Y: [[1, 0.5, 2, 0]], whiten: 'none' },
      init: { kind: 'gaussian', std1: 0.1, std2: 0.1, hidden: 1, seed: 1 },
    },
    'N_h > min(N_i, N_o)': {
      model: { kind: 'two-layer-linear', hidden: 3 },
      task: { kind: 'whitened', sigmaYX: SIGMA },
      init: { kind: 'gaussian', std1: 0.1, std2: 0.1, hidden: 3, seed: 1 },
    },
  };
  for (const [name, base] of Object.entries(cases)) {
    it(name, () => {
      const d = { ...base, train: { method: 'gd', learningRate: 0.01, steps: 50 } };
      const r = runDocument(d);
      const built = buildExperiment(validateExperiment(d));
      let message = '';
      try {
        exactSolution(built.task, { W1: built.weights[0], W2: built.weights[1] });
      } catch (error) {
        message = (error as Error).message;
      }
      assert.notEqual(message, '', 'the theory refuses this document');
      assert.deepEqual(r.exact, { available: false, reason: message });
      const ref = trainGradientDescent(built.task, built.weights, { learningRate: 0.01, steps: 50, record: { every: 1 } });
      assert.deepEqual(r.series.columns.loss, ref.loss);
    });
  }
});
