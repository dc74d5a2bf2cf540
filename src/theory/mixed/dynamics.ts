/**
 * The self-consistent ("mixed") dynamics, eq. (1) of Tu, Aranguri & Jacot (NeurIPS 2024; spec
 * `mixed-and-three-mechanisms.md` §A.2.2), for the cost C(A) = ½‖A − Y‖_F²:
 *
 *     dA/dt = −(AAᵀ + c²I)^{1/2} ∇C(A) − ∇C(A)(AᵀA + c²I)^{1/2},   ∇C(A) = A − Y,  c = σ²w,
 *
 * evaluated in the per-entry form of §C with one full SVD A = U S Vᵀ per evaluation (s_i := 0 beyond
 * the rank):
 *
 *     dA/dt = −U [ (√(s_i²+c²) + √(s_j²+c²)) ⊙ (Uᵀ ∇C V)_ij ] Vᵀ.
 *
 * Method: four gemms and one SVD per evaluation on preallocated buffers. Time t is gradient-flow time
 * of C; an Euler step with step η is one GD iteration (t = n·η). Special cases: c = 0 is the balanced
 * (active) limit of Arora et al.; c ≫ ‖A‖ the lazy limit dA/dt ≈ −2c∇C (§A.2.3). Assumption behind (1):
 * w ≫ d (γ_w > 1), see {@link closureError}.
 *
 * @module
 */
import { ConfigError, ConvergenceError, ShapeError } from '../../errors/index.js';
import { getBackend, type LinalgBackend } from '../../linalg/backend.js';
import { assertFinite, Matrix } from '../../linalg/matrix.js';
import { solveMatrixIvp } from '../../ode/index.js';
import type { OdeMethod, OdeStats } from '../../ode/index.js';
import { stableRankFromSingularValues, type MixedRun } from '../../models/mixed-linear.js';
import type { NoisyLowRankTask } from '../../tasks/noisy-low-rank.js';

function checkThreshold(c: number, where: string): void {
  if (!(typeof c === 'number' && Number.isFinite(c) && c >= 0)) {
    throw new ConfigError(`${where}: the threshold c = σ²w must be a finite number ≥ 0, got ${String(c)}; pass threshold: sigma2 * width.`, { path: 'threshold' });
  }
}

/** Preallocated buffers for {@link mixedDynamicsRhs} at one shape (reuse across calls of the same shape). */
export class MixedDynamicsWorkspace {
  readonly dOut: number;
  readonly dIn: number;
  readonly G: Matrix;
  readonly T: Matrix;
  readonly Gt: Matrix;
  readonly kOut: Float64Array;
  readonly kIn: Float64Array;
  /** Singular values of A at the last evaluation (descending, length min(d_out, d_in)). */
  s: Float64Array;
  constructor(dOut: number, dIn: number) {
    this.dOut = dOut;
    this.dIn = dIn;
    this.G = new Matrix(dOut, dIn);
    this.T = new Matrix(dOut, dIn);
    this.Gt = new Matrix(dOut, dIn);
    this.kOut = new Float64Array(dOut);
    this.kIn = new Float64Array(dIn);
    this.s = new Float64Array(0);
  }
}

/**
 * Writes dA/dt of (1) (per-entry form, §C) into `out`. No validation (hot path): A and Y finite, same
 * shape as `out` and the workspace; c ≥ 0. The singular values of A are left in `ws.s`.
 *
 * @example
 * import { Matrix } from '../../linalg/matrix.js';
 * const A = Matrix.from([[1, 0], [0, 0]]);
 * const Y = Matrix.from([[2, 0], [0, 1]]);
 * const out = new Matrix(2, 2);
 * mixedDynamicsRhs(A, Y, 0, out, new MixedDynamicsWorkspace(2, 2));
 * out.toArray(); // → [[2, 0], [0, 0]]  (balanced: 2·s·(y − s) for s = 1, and 0 for s = 0)
 */
export function mixedDynamicsRhs(A: Matrix, Y: Matrix, c: number, out: Matrix, ws: MixedDynamicsWorkspace, backend: LinalgBackend = getBackend()): void {
  const { dOut, dIn } = ws;
  const g = ws.G.data;
  const a = A.data;
  const y = Y.data;
  for (let i = 0; i < g.length; i++) g[i] = a[i] - y[i];
  const { U, s, Vt } = backend.svd(A, true);
  ws.s = s;
  const c2 = c * c;
  const ko = ws.kOut;
  const ki = ws.kIn;
  for (let i = 0; i < dOut; i++) ko[i] = i < s.length ? Math.sqrt(s[i] * s[i] + c2) : c;
  for (let j = 0; j < dIn; j++) ki[j] = j < s.length ? Math.sqrt(s[j] * s[j] + c2) : c;
  backend.gemm(true, false, 1, U, ws.G, 0, ws.T); // Uᵀ G
  backend.gemm(false, true, 1, ws.T, Vt, 0, ws.Gt); // Uᵀ G V
  const gt = ws.Gt.data;
  for (let i = 0; i < dOut; i++) {
    const kio = ko[i];
    const row = i * dIn;
    for (let j = 0; j < dIn; j++) gt[row + j] *= kio + ki[j];
  }
  backend.gemm(false, false, 1, U, ws.Gt, 0, ws.T);
  backend.gemm(false, false, -1, ws.T, Vt, 0, out);
}

function checkPair(task: NoisyLowRankTask, A0: Matrix, where: string): void {
  if (A0.rows !== task.Y.rows || A0.cols !== task.Y.cols) {
    throw ShapeError.mismatch(where, [A0.rows, A0.cols], [task.Y.rows, task.Y.cols], 'A0 must have the shape of the target Y');
  }
  assertFinite(A0, `${where}: A0`);
}

/** Options of {@link mixedDynamicsEuler}. */
export interface MixedEulerOptions {
  /** Threshold c = σ²w (≥ 0; integer w as in the authors' code). */
  threshold: number;
  /** Euler step η (the GD step size, so iteration n ↔ t = n·η). */
  learningRate: number;
  steps: number;
  /** Record every this many steps (default 1); the last step is always recorded. */
  recordEvery?: number;
  /** Record all singular values and the stable rank (default true; they come free from the step's SVD). */
  singularValues?: boolean;
  /** Called at each record with A after n steps (a live buffer: read only, do not keep). */
  onRecord?: (n: number, A: Matrix) => void;
  backend?: LinalgBackend;
}

/**
 * The authors' discretisation of (1) (§A.2.2 [V-code]): explicit Euler with the GD step,
 * B ← B − η[(BBᵀ+c²I)^{1/2}(B−Y) + (B−Y)(BᵀB+c²I)^{1/2}], from B(0) = W₂(0)W₁(0); records train/test
 * errors (§A.1) and singular values after n = 0, every, …, steps steps.
 *
 * Special cases: threshold 0 is the Euler scheme of the balanced limit; with threshold ≫ ‖Y‖ each step is a GD
 * step of the lazy model, A ← A − 2ηc(A − Y). The SVD that a step uses also gives the recorded singular values.
 * Time unit: iteration n ↔ t = n·η (gradient-flow time of C).
 * Assumption: (1) stands for GD of the width-w two-layer network only when w ≫ d (spec §A.2.2); measure it with {@link closureError}.
 *
 * @example
 * import { Matrix } from '../../linalg/matrix.js';
 * import { matrixTask } from '../../tasks/noisy-low-rank.js';
 * const run = mixedDynamicsEuler(matrixTask(Matrix.from([[2, 0], [0, 1]])), Matrix.zeros(2, 2), { threshold: 1, learningRate: 0.01, steps: 1000 });
 * run.trainError[1000]; // → ≈ 0 (converged to Y)
 */
export function mixedDynamicsEuler(task: NoisyLowRankTask, A0: Matrix, options: MixedEulerOptions): MixedRun {
  const where = 'mixedDynamicsEuler';
  checkPair(task, A0, where);
  checkThreshold(options.threshold, where);
  const eta = options.learningRate;
  if (!(Number.isFinite(eta) && eta > 0)) throw new ConfigError(`${where}: learningRate must be a finite number > 0, got ${String(eta)}.`, { path: 'learningRate' });
  const steps = options.steps;
  if (!(Number.isInteger(steps) && steps >= 0)) throw new ConfigError(`${where}: steps must be an integer ≥ 0, got ${String(steps)}.`, { path: 'steps' });
  const every = options.recordEvery ?? 1;
  if (!(Number.isInteger(every) && every >= 1)) throw new ConfigError(`${where}: recordEvery must be a positive integer, got ${String(every)}.`, { path: 'recordEvery' });
  const be = options.backend ?? getBackend();
  const wantSv = options.singularValues ?? true;
  const { dOut, dIn } = task;
  const A = A0.clone();
  const dA = new Matrix(dOut, dIn);
  const ws = new MixedDynamicsWorkspace(dOut, dIn);
  const nRec = Math.floor(steps / every) + 1 + (steps % every === 0 ? 0 : 1);
  const iterations = new Int32Array(nRec);
  const tr = new Float64Array(nRec);
  const te = new Float64Array(nRec);
  const svs: Float64Array[] = [];
  const sr = new Float64Array(nRec);
  const y = task.Y.data;
  const as = task.Astar.data;
  const a = A.data;
  const da = dA.data;
  const nEl = a.length;
  let r = 0;
  for (let n = 0; n <= steps; n++) {
    const record = n % every === 0 || n === steps;
    let s: Float64Array | null = null;
    if (n < steps) {
      mixedDynamicsRhs(A, task.Y, options.threshold, dA, ws, be);
      s = ws.s;
    } else if (record && wantSv) {
      s = be.svd(A, false).s;
    }
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
        throw new ConvergenceError(`${where}: A overflowed at step ${n} (η = ${eta}); use a smaller learningRate.`, { path: 'learningRate', reached: n });
      }
      iterations[r] = n;
      tr[r] = s1 / nEl;
      te[r] = s2 / nEl;
      if (wantSv && s) {
        svs.push(Float64Array.from(s));
        sr[r] = stableRankFromSingularValues(s);
      }
      options.onRecord?.(n, A);
      r++;
    }
    if (n < steps) for (let i = 0; i < nEl; i++) a[i] += eta * da[i];
  }
  return {
    iterations,
    t: Float64Array.from(iterations, (n) => n * eta),
    trainError: tr,
    testError: te,
    ...(wantSv ? { singularValues: svs, stableRank: sr } : {}),
    A,
    provenance: { method: 'mixed-euler', learningRate: eta, steps, threshold: options.threshold },
  };
}

/** Options of {@link mixedDynamicsFlow}. */
export interface MixedFlowOptions {
  /** Threshold c = σ²w (≥ 0). */
  threshold: number;
  /** Output times (ascending, ≥ 0; gradient-flow time of C, t = n·η for GD iteration n). */
  times: ArrayLike<number>;
  /** Relative / absolute tolerances of the adaptive solver (defaults 1e-10, 1e-12). */
  rtol?: number;
  atol?: number;
  /** Integrator (default 'dop853'); 'rk4'/'euler' need `step`. */
  method?: OdeMethod;
  step?: number;
  backend?: LinalgBackend;
}

/** Result of {@link mixedDynamicsFlow}: A(t) at each requested time, with its errors. */
export interface MixedFlowResult {
  t: Float64Array;
  A: Matrix[];
  trainError: Float64Array;
  testError: Float64Array;
  stats: OdeStats;
}

/**
 * Integrates (1) with the adaptive ODE solver (DOP853 by default) on the flattened d_out×d_in matrix
 * (§A.6: "integrating (1) directly with an adaptive ODE solver"), from A(0) = A0.
 *
 * Special cases: threshold 0 gives the balanced (Arora et al.) dynamics; an A0 aligned with Y gives the per-singular-
 * value solution of {@link alignedSolution}; at d_in = d_out = 1 it is paper B's exact 1-D model with c = √Q/2 and
 * time scaled by αΣ_xx (§B.4). Times are gradient-flow times of C (GD iteration n ↔ t = n·η).
 * Assumption: (1) stands for GD of the width-w two-layer network only when w ≫ d (spec §A.2.2); measure it with {@link closureError}.
 *
 * @example
 * import { Matrix } from '../../linalg/matrix.js';
 * import { matrixTask } from '../../tasks/noisy-low-rank.js';
 * const res = mixedDynamicsFlow(matrixTask(Matrix.from([[2, 0], [0, 1]])), Matrix.zeros(2, 2), { threshold: 1, times: [0, 1] });
 * Math.abs(res.A[1].get(0, 0) - alignedSingularValue(1, { y: 2, c: 1, s0: 0 })) < 1e-8; // → true
 */
export function mixedDynamicsFlow(task: NoisyLowRankTask, A0: Matrix, options: MixedFlowOptions): MixedFlowResult {
  const where = 'mixedDynamicsFlow';
  checkPair(task, A0, where);
  checkThreshold(options.threshold, where);
  const times = Float64Array.from(options.times);
  if (times.length === 0) throw new ConfigError(`${where}: times must list at least one time.`, { path: 'times' });
  for (let i = 0; i < times.length; i++) {
    if (!(Number.isFinite(times[i]) && times[i] >= 0) || (i > 0 && times[i] < times[i - 1])) {
      throw new ConfigError(`${where}: times must be finite, ≥ 0 and ascending; entry ${i} is ${times[i]}.`, { path: 'times' });
    }
  }
  const be = options.backend ?? getBackend();
  const ws = new MixedDynamicsWorkspace(task.dOut, task.dIn);
  const c = options.threshold;
  const t1 = times[times.length - 1];
  let As: Matrix[];
  let stats: OdeStats;
  if (t1 === 0) {
    As = Array.from(times, () => A0.clone());
    stats = { nfev: 0, nsteps: 0, naccepted: 0, nrejected: 0 };
  } else {
    const res = solveMatrixIvp((_t, M, dM) => mixedDynamicsRhs(M, task.Y, c, dM, ws, be), [0, t1], A0, {
      method: options.method ?? 'dop853',
      rtol: options.rtol ?? 1e-10,
      atol: options.atol ?? 1e-12,
      tEval: times,
      ...(options.step !== undefined ? { step: options.step } : {}),
    });
    As = res.y;
    stats = res.stats;
  }
  const nEl = task.dOut * task.dIn;
  const tr = new Float64Array(As.length);
  const te = new Float64Array(As.length);
  As.forEach((A, k) => {
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < nEl; i++) {
      const e1 = A.data[i] - task.Y.data[i];
      const e2 = A.data[i] - task.Astar.data[i];
      s1 += e1 * e1;
      s2 += e2 * e2;
    }
    tr[k] = s1 / nEl;
    te[k] = s2 / nEl;
  });
  return { t: times, A: As, trainError: tr, testError: te, stats };
}
