/**
 * Gradient descent on the shallow linear network A_θ = W₂W₁ for the noisy low-rank task of Tu,
 * Aranguri & Jacot (NeurIPS 2024; spec `mixed-and-three-mechanisms.md` §A.1 "Gradient descent as
 * implemented"), with the cost C(A) = ½‖A − Y‖_F² and G = W₂W₁ − Y:
 *
 * - `simultaneous` (true GD): W₁ ← W₁ − η W₂ᵀG, W₂ ← W₂ − η G W₁ᵀ, both with the old weights;
 * - `sequential` (the authors' code): W₁ is updated first and W₂'s update uses the *updated* W₁ (with
 *   the G computed before the W₁ update).
 *
 * The hot loop uses the backend's gemm directly on preallocated buffers (three products of size
 * d·w·d per iteration, no allocation), after validating the inputs once.
 *
 * @module
 */
import { ConfigError, ConvergenceError } from '../errors/index.js';
import { getBackend, type LinalgBackend } from '../linalg/backend.js';
import { assertFinite, Matrix } from '../linalg/matrix.js';
import { checkMixedWeights, stableRankFromSingularValues, type MixedRun } from '../models/mixed-linear.js';
import type { TwoLayerWeights } from '../models/types.js';
import type { NoisyLowRankTask } from '../tasks/noisy-low-rank.js';

/** Options of {@link trainMixedGd}. */
export interface MixedGdOptions {
  /** Step size η (> 0); see `fig1StepSize` / `fig2StepSize` in src/models/mixed-linear.ts. */
  learningRate: number;
  /** Number of updates (≥ 0). */
  steps: number;
  /** `simultaneous` (default, true GD) or `sequential` (the authors' variant). */
  update?: 'simultaneous' | 'sequential';
  /** Record every this many iterations (default 1); the last iteration is always recorded. */
  recordEvery?: number;
  /** Record all singular values and the stable rank of A at each record (default true). */
  singularValues?: boolean;
  /**
   * Called at each record with the current weights and A = W₂W₁ (after n updates). The matrices are
   * the run's live buffers: read them, do not keep or modify them.
   */
  onRecord?: (n: number, W1: Matrix, W2: Matrix, A: Matrix) => void;
  /** Stop early when this returns true (called after each record with the iteration and the record index). */
  stop?: (n: number, run: { trainError: number; testError: number }) => boolean;
  /** Backend (default: the process default). */
  backend?: LinalgBackend;
  /** Update the given weights in place instead of copying them (saves 2·w·d memory). Default false. */
  inPlace?: boolean;
}

/** A GD run plus its final weights. */
export interface MixedGdRun extends MixedRun {
  W1: Matrix;
  W2: Matrix;
}

/**
 * Runs GD on W₂W₁ for the task's cost ½‖W₂W₁ − Y‖_F² and records train/test errors (and by default the
 * singular values) of A = W₂W₁ after n = 0, every, 2·every, …, steps updates. Time t = n·η.
 *
 * @example
 * import { createRandom } from '../random/index.js';
 * import { noisyLowRankTask } from '../tasks/noisy-low-rank.js';
 * import { mixedLinearInit } from '../models/mixed-linear.js';
 * const task = noisyLowRankTask({ d: 20, rank: 2, stream: createRandom(0, 'task') });
 * const init = mixedLinearInit({ dIn: 20, dOut: 20, width: 400, sigma2: 1e-3, stream: createRandom(0, 'init') });
 * const run = trainMixedGd(task, init, { learningRate: 0.01, steps: 50 });
 * run.trainError[50] < run.trainError[0]; // → true
 */
export function trainMixedGd(task: NoisyLowRankTask, weights: TwoLayerWeights, options: MixedGdOptions): MixedGdRun {
  const eta = options.learningRate;
  if (!(typeof eta === 'number' && Number.isFinite(eta) && eta > 0)) {
    throw new ConfigError(`trainMixedGd: learningRate must be a finite number > 0, got ${String(eta)}.`, { path: 'learningRate' });
  }
  const steps = options.steps;
  if (!(Number.isInteger(steps) && steps >= 0)) {
    throw new ConfigError(`trainMixedGd: steps must be an integer ≥ 0, got ${String(steps)}.`, { path: 'steps' });
  }
  const every = options.recordEvery ?? 1;
  if (!(Number.isInteger(every) && every >= 1)) {
    throw new ConfigError(`trainMixedGd: recordEvery must be a positive integer, got ${String(every)}.`, { path: 'recordEvery' });
  }
  const update = options.update ?? 'simultaneous';
  if (update !== 'simultaneous' && update !== 'sequential') {
    throw new ConfigError(`trainMixedGd: update must be 'simultaneous' or 'sequential', got ${String(update)}.`, { path: 'update' });
  }
  const Y = task.Y;
  const [dOut, w, dIn] = checkMixedWeights(weights.W1, weights.W2, Y, 'trainMixedGd');
  assertFinite(weights.W1, 'trainMixedGd: W1');
  assertFinite(weights.W2, 'trainMixedGd: W2');
  const be = options.backend ?? getBackend();
  const wantSv = options.singularValues ?? true;

  const W1 = options.inPlace ? weights.W1 : weights.W1.clone();
  const W2 = options.inPlace ? weights.W2 : weights.W2.clone();
  const A = new Matrix(dOut, dIn);
  const G = new Matrix(dOut, dIn);
  const gW1 = update === 'simultaneous' ? new Matrix(w, dIn) : null;
  const y = Y.data;
  const as = task.Astar.data;
  const nEl = dOut * dIn;

  const nRec = Math.floor(steps / every) + 1 + (steps % every === 0 ? 0 : 1);
  const iterations = new Int32Array(nRec);
  const tr = new Float64Array(nRec);
  const te = new Float64Array(nRec);
  const svs: Float64Array[] | undefined = wantSv ? [] : undefined;
  const sr = wantSv ? new Float64Array(nRec) : undefined;
  let r = 0;
  let last = steps;

  for (let n = 0; n <= steps; n++) {
    be.gemm(false, false, 1, W2, W1, 0, A);
    const a = A.data;
    const g = G.data;
    const record = n % every === 0 || n === steps;
    if (record) {
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < nEl; i++) {
        const e1 = a[i] - y[i];
        const e2 = a[i] - as[i];
        s1 += e1 * e1;
        s2 += e2 * e2;
      }
      if (!Number.isFinite(s1)) {
        throw new ConvergenceError(`trainMixedGd: the weights overflowed at iteration ${n} (η = ${eta}); use a smaller learningRate.`, { path: 'learningRate', reached: n });
      }
      iterations[r] = n;
      tr[r] = s1 / nEl;
      te[r] = s2 / nEl;
      if (svs && sr) {
        const s = be.svd(A, false).s;
        svs.push(s);
        sr[r] = stableRankFromSingularValues(s);
      }
      options.onRecord?.(n, W1, W2, A);
      r++;
      if (options.stop?.(n, { trainError: tr[r - 1], testError: te[r - 1] })) {
        last = n;
        break;
      }
    }
    if (n === steps) break;
    for (let i = 0; i < nEl; i++) g[i] = a[i] - y[i];
    if (gW1) {
      be.gemm(true, false, 1, W2, G, 0, gW1); // ∂C/∂W1 = W2ᵀ G (old W2)
      be.gemm(false, true, -eta, G, W1, 1, W2); // W2 ← W2 − η G W1ᵀ (old W1)
      const w1 = W1.data;
      const gw = gW1.data;
      for (let i = 0; i < w1.length; i++) w1[i] -= eta * gw[i];
    } else {
      be.gemm(true, false, -eta, W2, G, 1, W1); // W1 ← W1 − η W2ᵀ G
      be.gemm(false, true, -eta, G, W1, 1, W2); // W2 ← W2 − η G W1ᵀ (updated W1)
    }
  }
  const trim = <T extends Float64Array | Int32Array>(x: T): T => (r === x.length ? x : (x.subarray(0, r) as T));
  return {
    iterations: trim(iterations),
    t: Float64Array.from(trim(iterations), (n) => n * eta),
    trainError: trim(tr),
    testError: trim(te),
    ...(svs && sr ? { singularValues: svs, stableRank: trim(sr) } : {}),
    A,
    W1,
    W2,
    provenance: { method: update === 'simultaneous' ? 'gd-simultaneous' : 'gd-sequential', learningRate: eta, steps: last },
  };
}
