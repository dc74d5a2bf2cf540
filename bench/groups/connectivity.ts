/**
 * The `connectivity` benchmark group (issue 6, "Performance"): Liu et al.'s CTRNN (spec
 * connectivity.md §1, §3) beside NumPy (bench/numpy_connectivity.py) on the same numbers:
 * - `rnn-iter`: one training iteration of the 2AF CTRNN (N = 300, batch 32, 8 steps, 3 inputs,
 *   3 outputs, α = 1): forward pass, mean cross-entropy over all 8·32 labels and BPTT gradients of
 *   all three matrices (`ctrnnLossAndGradients`). Check: a directional derivative along a unit D,
 *   (L(W + εD) − L(W − εD))/(2ε) with ε = 1e-7, against ⟨∇L, D⟩ (finite-difference residual ≲ 1e-8);
 *   summary = row sums of ∇W_h.
 * - `rnn-ntk`: the 768 × 768 factorised W_h-only tangent kernel on 32 trials × 8 steps × 3 outputs
 *   (`rnnNtk`). Check: for a fixed u, uᵀKu = ‖∇_{W_h}(u·o)‖² with the gradient from BPTT
 *   (`ctrnnBackward`), an identity independent of the factorisation (rounding-level); summary = row
 *   sums of K.
 * Goal (issue 6): ≤ 1.5× NumPy's time with the native backend, i.e. ratio ≥ 1/1.5; js reported too.
 * `--quick` uses N = 100.
 * @module
 */
import type { LinalgBackend } from '../../src/linalg/backend.js';
import { setBackend } from '../../src/linalg/backend.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { createRandom } from '../../src/random/index.js';
import { neurogymBatch, type SequenceBatch } from '../../src/tasks/index.js';
import { ctrnnBackward, ctrnnForward, ctrnnInit, ctrnnLoss, ctrnnLossAndGradients, type CtrnnGradients, type CtrnnParams } from '../../src/models/rnn.js';
import { rnnNtk } from '../../src/metrics/index.js';
import type { BenchCase, BenchCheck, BenchGroup, BenchGoal, BenchOptions } from '../registry.js';

const GOALS: BenchGoal[] = [{ backend: 'native', minRatio: 1 / 1.5 }];

function setup(quick: boolean): { p: CtrnnParams; batch: SequenceBatch; inputs: Record<string, Matrix> } {
  const N = quick ? 100 : 300;
  const p = ctrnnInit(createRandom(1, 'bench-connectivity', 'net', N), { hidden: N, inputs: 3, outputs: 3 });
  const batch = neurogymBatch('2AF', createRandom(2, 'bench-connectivity', 'batch'), 32);
  const labels = new Matrix(1, batch.labels.length, Float64Array.from(batch.labels));
  return { p, batch, inputs: { Win: p.Win, Wh: p.Wh, Wout: p.Wout, X: batch.inputs, labels } };
}

/** Runs `f` with `backend` as the process default (the model code calls getBackend()). */
function withBackend<R>(backend: LinalgBackend, f: () => R): R {
  const prev = setBackend(backend);
  try {
    return f();
  } finally {
    setBackend(prev);
  }
}

function rowSums(M: Matrix): Float64Array {
  const out = new Float64Array(M.rows);
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) out[i] += M.data[i * M.cols + j];
  return out;
}

function iterCase(quick: boolean): BenchCase<CtrnnGradients> {
  const { p, batch, inputs } = setup(quick);
  return {
    op: 'rnn-iter',
    shape: `N=${p.Wh.rows} B=32 T=8`,
    inputs,
    prepare: (backend) => () => withBackend(backend, () => ctrnnLossAndGradients(p, batch).grads),
    check(g): BenchCheck {
      const s = createRandom(3, 'bench-connectivity', 'direction');
      const D = { Win: s.normalArray(p.Win.data.length), Wh: s.normalArray(p.Wh.data.length), Wout: s.normalArray(p.Wout.data.length) };
      let dd = 0;
      for (const k of ['Win', 'Wh', 'Wout'] as const) for (const v of D[k]) dd += v * v;
      for (const k of ['Win', 'Wh', 'Wout'] as const) for (let i = 0; i < D[k].length; i++) D[k][i] /= Math.sqrt(dd);
      let dot = 0;
      for (const k of ['Win', 'Wh', 'Wout'] as const) for (let i = 0; i < D[k].length; i++) dot += g[k].data[i] * D[k][i];
      const eps = 1e-7; // along a unit direction: few ReLU kinks crossed, rounding ~1e-16/ε
      const shifted = (sign: number): number => {
        const q: CtrnnParams = { ...p, Win: p.Win.clone(), Wh: p.Wh.clone(), Wout: p.Wout.clone() };
        for (const k of ['Win', 'Wh', 'Wout'] as const) for (let i = 0; i < D[k].length; i++) q[k].data[i] += sign * eps * D[k][i];
        return ctrnnLoss(q, batch);
      };
      const fd = (shifted(1) - shifted(-1)) / (2 * eps);
      return { residual: Math.abs(fd - dot) / Math.abs(dot), summary: rowSums(g.Wh) };
    },
    numpy: { op: 'rnn_iter', params: { T: 8, B: 32, alpha: 1 } },
    // central difference with ε = 1e-7 along a unit direction: rounding ~1e-9 relative to |⟨∇L, D⟩|
    residualLimit: 1e-6,
    goals: GOALS,
  };
}

function ntkCase(quick: boolean): BenchCase<Matrix> {
  const { p, batch, inputs } = setup(quick);
  return {
    op: 'rnn-ntk',
    shape: `768x768 (N=${p.Wh.rows})`,
    inputs,
    prepare: (backend) => () => withBackend(backend, () => rnnNtk(p, batch)),
    check(K): BenchCheck {
      const u = new Matrix(K.rows, 1, createRandom(4, 'bench-connectivity', 'u').normalArray(K.rows));
      const fwd = ctrnnForward(p, batch);
      const g = ctrnnBackward(p, batch, fwd, new Matrix(fwd.logits.rows, fwd.logits.cols, u.data.slice()));
      let jtu = 0;
      for (const v of g.Wh.data) jtu += v * v;
      let uku = 0;
      let kf = 0;
      let uu = 0;
      for (let i = 0; i < K.rows; i++) {
        uu += u.data[i] * u.data[i];
        for (let j = 0; j < K.cols; j++) {
          uku += u.data[i] * K.data[i * K.cols + j] * u.data[j];
          kf += K.data[i * K.cols + j] ** 2;
        }
      }
      return { residual: Math.abs(uku - jtu) / (Math.sqrt(kf) * uu), summary: rowSums(K) };
    },
    numpy: { op: 'rnn_ntk', params: { T: 8, B: 32, alpha: 1 } },
    // two exact computations of the same quadratic form: rounding of 768² terms of 300-term sums
    residualLimit: 1e-12,
    goals: GOALS,
  };
}

export const connectivityGroup: BenchGroup = {
  name: 'connectivity',
  description: 'Liu et al. CTRNN: one 2AF training iteration (N = 300, B = 32, T = 8) and the 768×768 factorised W_h NTK vs NumPy',
  numpyScript: 'bench/numpy_connectivity.py',
  cases: (options: BenchOptions) => [iterCase(options.quick), ntkCase(options.quick)],
};
