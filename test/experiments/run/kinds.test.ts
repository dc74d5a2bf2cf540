/**
 * runDocument for mixed-linear, scalar-width and single-neuron over inits × methods: the simulation
 * equals the train/model function called directly on the built weights (bit-equal), the exact side
 * equals the theory function evaluated directly at the recorded times (bit-equal), gradient flow
 * agrees with the closed forms to 1e-8 (DOP853 at the default rtol 1e-10, atol 1e-12 has a global
 * error of a few 1e-10 here), the refusals carry the theory's own sentence, labels come from the
 * existing classifiers, and two runs are bit-identical.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildDocument, validateExperiment } from '../../../src/config/index.js';
import { ConfigError, ConvergenceError, DomainError, LazyrichError } from '../../../src/errors/index.js';
import { svdValues } from '../../../src/linalg/decompositions.js';
import { matmul } from '../../../src/linalg/ops.js';
import { singleNeuronFlow, singleNeuronGd, singleNeuronParams } from '../../../src/models/single-neuron.js';
import { matrixTask } from '../../../src/tasks/noisy-low-rank.js';
import { classifyMixedRegime, mixedDynamicsFlow } from '../../../src/theory/mixed/index.js';
import { singleNeuronExact } from '../../../src/theory/single-neuron/index.js';
import { classifyMechanism, scalarWidthExact } from '../../../src/theory/three-mechanisms/index.js';
import { trainMixedGd } from '../../../src/train/mixed-gd.js';
import { scalarWidthFlow, scalarWidthGd } from '../../../src/train/scalar-width.js';
import { runDocument } from '../../../src/experiments/run/index.js';

const evenTimes = (tEnd: number, n = 100) => Array.from({ length: n + 1 }, (_, k) => (k === n ? tEnd : (tEnd * k) / n));

function refusal(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof LazyrichError, String(error));
    return error.message;
  }
}

describe('runDocument: scalar-width over inits × methods', () => {
  const model = { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 };
  const task = { kind: 'scalar', a: 1.5, sigmaXX: 1 };
  const inits: Record<string, unknown> = {
    'issue explicit': { kind: 'explicit', u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] },
    'gaussian ρ=0.5': { kind: 'gaussian', width: 8, sigmaU: 0.5, sigmaW: 0.2, rho: 0.5, seed: 3 },
    'gaussian wide': { kind: 'gaussian', width: 50, sigmaU: 1, sigmaW: 1, seed: 1 },
    'zero (saddle)': { kind: 'explicit', u: [0, 0], w: [0, 0] },
  };
  const trains: Record<string, Record<string, unknown>> = { gd: { method: 'gd', learningRate: 0.01, steps: 300 }, flow: { method: 'flow', tEnd: 3 } };
  for (const [initName, init] of Object.entries(inits)) {
    for (const [method, train] of Object.entries(trains)) {
      it(`${initName}, ${method}`, () => {
        const doc = { model, task, init, train };
        const r = runDocument(doc);
        const built = buildDocument(validateExperiment(doc)) as Extract<ReturnType<typeof buildDocument>, { family: 'scalar-width' }>;
        const params = { kappa: 0.1, etaU: 1, etaW: 2 };
        const tk = { a: 1.5, sigmaXX: 1 };
        const ref =
          method === 'gd'
            ? scalarWidthGd(params, tk, { u: built.u, w: built.w }, { steps: 300, step: 0.01, recordEvery: 3 })
            : scalarWidthFlow(params, tk, { u: built.u, w: built.w }, evenTimes(3), { rtol: 1e-10, atol: 1e-12 });
        assert.deepEqual(r.series.t, ref.t);
        assert.deepEqual(r.series.columns.P, ref.P);
        assert.deepEqual(r.arrays.uFinal.data, ref.u[ref.u.length - 1]);
        assert.deepEqual(r.arrays.wFinal.data, ref.w[ref.w.length - 1]);
        assert.deepEqual(r.arrays.uInitial.data, built.u);
        const why = refusal(() => scalarWidthExact(params, tk, { u: built.u, w: built.w }));
        if (why !== undefined) {
          assert.equal(initName, 'zero (saddle)');
          assert.deepEqual(r.exact, { available: false, reason: why });
          assert.equal(r.labels.mechanism, undefined, 'K(0) = 0: no mechanism label');
          assert.equal(r.summary.weightChange, null);
          assert.ok(r.series.columns.zeta.every(Number.isNaN), 'ζ = 0/0 at u = w = 0');
          return;
        }
        const ex = scalarWidthExact(params, tk, { u: built.u, w: built.w });
        const st = Array.from(ref.t, (t) => ex.at(t));
        assert.deepEqual(r.series.columns.PExact, Float64Array.from(st, (s) => s.P));
        assert.deepEqual(r.series.columns.zetaExact, Float64Array.from(st, (s) => s.zeta));
        assert.deepEqual(r.series.columns.lossExact, Float64Array.from(st, (s) => s.loss));
        assert.deepEqual(r.arrays.uFinalExact.data, st[st.length - 1].u);
        assert.equal(r.summary.zetaEndExact, st[st.length - 1].zeta);
        assert.equal(r.summary.PEndExact, st[st.length - 1].P);
        assert.equal(r.summary.PEnd, ref.P[ref.P.length - 1]);
        assert.equal(r.summary.Q, ex.Q);
        const samples = ref.u.map((u, k) => ({ u, w: ref.w[k] }));
        assert.equal(r.labels.mechanism, classifyMechanism(params, samples).label);
        assert.equal(r.labels.mechanismExact, classifyMechanism(params, [st[0], st[st.length - 1]]).label);
        if (method === 'flow') assert.ok((r.summary.maxRelativeError as number) <= 1e-8, `flow vs exact ${r.summary.maxRelativeError}`);
        else assert.ok((r.summary.maxRelativeError as number) > 1e-7, 'GD differs from the flow by O(h)');
      });
    }
  }

  it('sgd is refused naming train.method; determinism', () => {
    const init = inits['gaussian ρ=0.5'];
    assert.throws(() => runDocument({ model, task, init, train: { method: 'sgd', learningRate: 0.01, steps: 10, batchSize: 1 } }), (e: unknown) => e instanceof DomainError && e.path === 'train.method');
    const doc = { model, task, init, train: trains.gd };
    assert.deepEqual(runDocument(doc, { seed: 2 }), runDocument(doc, { seed: 2 }));
  });
});

describe('runDocument: single-neuron over inits × methods', () => {
  const model = { kind: 'single-neuron', etaW: 1, etaA: 1 };
  const task = { kind: 'whitened-vector', betaStar: [1, -0.5] };
  const inits: Record<string, { a: number; w: number[]; label?: string }> = {
    upstream: { a: 0.3, w: [0.1, 0.05], label: 'upstream' },
    downstream: { a: 0.05, w: [0.3, 0.2], label: 'downstream' },
    balanced: { a: 0.5, w: [0.3, 0.4], label: 'balanced' },
    'a = 0': { a: 0, w: [0.3, 0.2], label: 'downstream' },
  };
  const trains: Record<string, Record<string, unknown>> = { gd: { method: 'gd', learningRate: 0.01, steps: 300 }, flow: { method: 'flow', tEnd: 3 } };
  for (const [initName, init] of Object.entries(inits)) {
    for (const [method, train] of Object.entries(trains)) {
      it(`${initName}, ${method}`, () => {
        const doc = { model, task, init: { kind: 'explicit', a: init.a, w: init.w }, train };
        const r = runDocument(doc);
        const rates = { etaW: 1, etaA: 1 };
        const data = { betaStar: [1, -0.5] };
        const ref =
          method === 'gd'
            ? singleNeuronGd(rates, data, { a: init.a, w: init.w }, { learningRate: 0.01, steps: 300, recordEvery: 3 })
            : singleNeuronFlow(rates, data, { a: init.a, w: init.w }, { times: evenTimes(3), rtol: 1e-10, atol: 1e-12 });
        assert.deepEqual(r.series.t, ref.t);
        assert.deepEqual(r.series.columns.loss, ref.loss);
        const last = singleNeuronParams(ref.weights[ref.weights.length - 1]);
        assert.deepEqual(Array.from(r.arrays.wFinal.data), last.w);
        assert.equal(r.arrays.aFinal.data[0], last.a);
        assert.equal(r.labels.init, init.label);
        const why = refusal(() => singleNeuronExact(rates, data, { a: init.a, w: init.w }));
        if (why !== undefined) {
          assert.equal(initName, 'a = 0');
          assert.deepEqual(r.exact, { available: false, reason: why });
          assert.equal(r.summary.maxRelativeError, null);
          return;
        }
        const sol = singleNeuronExact(rates, data, { a: init.a, w: init.w });
        const pts = Array.from(ref.t, (t) => sol.at(t));
        assert.deepEqual(r.series.columns.lossExact, Float64Array.from(pts, (p) => p.loss));
        assert.deepEqual(r.series.columns.phiExact, Float64Array.from(pts, (p) => p.phi));
        assert.deepEqual(r.series.columns.kernelDistanceExact, Float64Array.from(pts, (p) => p.kernelDistance));
        assert.deepEqual(Array.from(r.arrays.betaFinalExact.data), pts[pts.length - 1].beta);
        assert.equal(r.summary.delta, sol.delta);
        if (method === 'flow') {
          assert.ok((r.summary.maxRelativeError as number) <= 1e-8, `flow vs exact ${r.summary.maxRelativeError}`);
          // The simulated φ and kernel distance use the theory's formulas: they agree with the exact ones to the flow's accuracy.
          r.series.columns.phi.forEach((v, k) => assert.ok(Math.abs(v - pts[k].phi) < 1e-8, `phi ${k}`));
          r.series.columns.kernelDistance.forEach((v, k) => assert.ok(Math.abs(v - pts[k].kernelDistance) < 1e-8, `kernel distance ${k}`));
        }
      });
    }
  }
});

describe('runDocument: mixed-linear', () => {
  const Y = [[1, 0.5, 0], [0, 2, 0.3], [0.2, 0, 0.5]];
  const Astar = [[1, 0.5, 0], [0, 2, 0.3], [0.2, 0, 0.4]];
  const cases: Record<string, Record<string, unknown>> = {
    'matrix with A*, σ²=1e-3': { model: { kind: 'mixed-linear', sigma2: 1e-3, width: 100 }, task: { kind: 'matrix', Y, Astar }, init: { kind: 'gaussian', seed: 1 } },
    'matrix, σ²=0.05 (lazy)': { model: { kind: 'mixed-linear', sigma2: 0.05, width: 100 }, task: { kind: 'matrix', Y }, init: { kind: 'gaussian', seed: 2 } },
    'noisy low rank': { model: { kind: 'mixed-linear', sigma2: 1e-4, width: 80 }, task: { kind: 'noisy-low-rank', d: 4, rank: 2, seed: 3 }, init: { kind: 'gaussian', seed: 4 } },
  };
  for (const [name, base] of Object.entries(cases)) {
    it(name, () => {
      const doc = { ...base, train: { method: 'gd', learningRate: 0.01, steps: 200 } };
      const r = runDocument(doc);
      const built = buildDocument(validateExperiment(doc)) as Extract<ReturnType<typeof buildDocument>, { family: 'mixed-linear' }>;
      const W1 = built.W1!;
      const W2 = built.W2!;
      const task = matrixTask(built.Y, built.Astar);
      const ref = trainMixedGd(task, { W1, W2 }, { learningRate: 0.01, steps: 200, recordEvery: 2, singularValues: true });
      assert.deepEqual(r.series.t, ref.t);
      assert.deepEqual(r.series.columns.trainError, ref.trainError);
      assert.deepEqual(r.arrays.W1Final.data, ref.W1.data);
      assert.deepEqual(r.arrays.AFinal.data, ref.A.data);
      assert.equal(r.series.columns.testError !== undefined, built.Astar !== undefined);
      ref.singularValues!.forEach((s, k) => assert.ok(Math.abs(r.series.columns.sv0[k] - s[0]) <= 1e-12 * s[0], `sv0 at record ${k}`));
      const c = built.model.sigma2 * built.model.width;
      const sol = mixedDynamicsFlow(task, matmul(W2, W1), { threshold: c, times: Array.from(ref.t), rtol: 1e-12, atol: 1e-14 });
      assert.equal(r.exact.available, true);
      assert.deepEqual(r.arrays.AFinalExact.data, sol.A[sol.A.length - 1].data);
      assert.deepEqual(r.series.columns.trainErrorExact, sol.trainError);
      assert.equal(r.summary.threshold, c);
      const rank = name === 'noisy low rank' ? 2 : 3;
      assert.equal(r.labels.regime, classifyMixedRegime({ sigma2: built.model.sigma2, width: built.model.width, singularValues: svdValues(built.Y), rank }).regime);
      assert.ok((r.summary.maxRelativeError as number) < 0.5, `GD vs (1): ${r.summary.maxRelativeError}`);
      assert.deepEqual(runDocument(doc), r, 'deterministic');
    });
  }

  it('arrays larger than maxArrayEntries are left out with a note', () => {
    const doc = { ...cases['matrix, σ²=0.05 (lazy)'], train: { method: 'gd', learningRate: 0.01, steps: 10 } };
    const full = runDocument(doc);
    assert.deepEqual(full.arrays.W1Initial.shape, [100, 3]);
    const cut = runDocument(doc, { maxArrayEntries: 299 });
    assert.deepEqual(Object.keys(cut.arrays).sort(), ['AFinal', 'AFinalExact', 'Y']);
    assert.ok(cut.notes.includes('array W1Initial (100x3) left out: 300 entries exceed maxArrayEntries = 299.'), cut.notes.join(' | '));
    assert.deepEqual(cut.series, full.series);
  });

  it('flow and an A-only init are refused naming the field', () => {
    const base = cases['matrix, σ²=0.05 (lazy)'];
    assert.throws(() => runDocument({ ...base, train: { method: 'flow', tEnd: 1 } }), (e: unknown) => e instanceof DomainError && e.path === 'train.method');
    assert.throws(
      () => runDocument({ ...base, init: { kind: 'explicit', A: [[0.01, 0, 0], [0, 0.02, 0], [0, 0, 0]] }, train: { method: 'gd', learningRate: 0.01, steps: 10 } }),
      (e: unknown) => e instanceof ConfigError && e.path === 'init',
    );
  });
});

describe('runDocument: a diverging simulation of any kind names train.learningRate', () => {
  const diverging: Record<string, Record<string, unknown>> = {
    'mixed-linear': { model: { kind: 'mixed-linear', sigma2: 0.01, width: 50 }, task: { kind: 'matrix', Y: [[1, 0.5], [0, 2]] }, init: { kind: 'gaussian', seed: 1 }, train: { method: 'gd', learningRate: 3, steps: 300 } },
    'scalar-width': { model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 }, task: { kind: 'scalar', a: 1.5, sigmaXX: 1 }, init: { kind: 'explicit', u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] }, train: { method: 'gd', learningRate: 50, steps: 300 } },
    'single-neuron': { model: { kind: 'single-neuron', etaW: 1, etaA: 1 }, task: { kind: 'whitened-vector', betaStar: [1, -0.5] }, init: { kind: 'explicit', a: 0.3, w: [0.1, 0.05] }, train: { method: 'gd', learningRate: 5, steps: 300 } },
  };
  for (const [kind, doc] of Object.entries(diverging)) {
    it(kind, () => {
      assert.throws(
        () => runDocument(doc),
        (e: unknown) => e instanceof ConvergenceError && e.path === 'train.learningRate' && /^train\.learningRate: the simulation diverged \(.+\); lower train\.learningRate\.$/.test(e.message),
      );
    });
  }
});
