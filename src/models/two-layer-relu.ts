/**
 * Two-layer ReLU teacher–student of Kunin et al. 2024, Fig. 1 (spec `connectivity.md` §6.6
 * [V-code: the authors' `two-layer-relu/run_grid.py`, `utils.py`]): f(x) = Σ_i a_i·ReLU(w_iᵀx),
 * mean-squared-error loss L = (1/n)Σ_k (f(x_k) − y_k)², full-batch GD on (W, a).
 *
 * - Teacher: m₀ = 3 neurons with unit-norm Gaussian directions and readouts sign(N(0,1)) = ±1.
 * - Inputs: Gaussian vectors normalised to the unit sphere in ℝ^d.
 * - Student: m neurons, symmetrised (m/2 unit directions repeated twice, readouts ±, so f ≡ 0 at
 *   init); ‖w_i‖ = τ·α, |a_i| = τ/α with α² = (√(4 + (δ/τ²)²) − δ/τ²)/2, so a_i² − ‖w_i‖² = δ for
 *   every neuron (the conserved quantity of §6.1, per neuron, for gradient flow).
 * - NTK over all parameters on the training inputs, from the explicit-feature identity
 *   K = HHᵀ + (G·diag(a²)·Gᵀ) ∘ (XXᵀ), H = ReLU(XWᵀ), G = 1[XWᵀ ≥ 0] (the authors' explicit
 *   features, contracted; tested against the explicit Jacobian product).
 *
 * Every random draw comes from an explicit stream (`createRandom`); the authors' torch seeds are
 * not reproducible here, so the numbers are ours, not theirs.
 * @module
 */
import { ConfigError } from '../errors/index.js';
import { Matrix } from '../linalg/matrix.js';
import { getBackend } from '../linalg/backend.js';
import type { RandomStream } from '../random/index.js';

/** Parameters of a two-layer ReLU net: W (m × d) and readouts a (length m). */
export interface ReluNetParams {
  W: Matrix;
  a: Float64Array;
}

/** A teacher–student data set. */
export interface TeacherStudentData {
  /** Inputs, n × d, rows on the unit sphere. */
  X: Matrix;
  /** Teacher outputs, length n. */
  y: Float64Array;
  teacher: ReluNetParams;
}

/**
 * α(δ, τ) of the authors' student initialisation: α² = (√(4 + r²) − r)/2 with r = δ/τ², so that
 * (τ/α)² − (τα)² = δ.
 * @example
 * reluAlpha(0, 1); // → 1
 */
export function reluAlpha(delta: number, tau: number): number {
  if (!Number.isFinite(delta)) throw new ConfigError(`reluAlpha: delta is ${delta}; give a finite number.`, { path: 'delta' });
  if (!(tau > 0 && Number.isFinite(tau))) throw new ConfigError(`reluAlpha: tau is ${tau}; give a finite scale > 0.`, { path: 'tau' });
  const r = delta / (tau * tau);
  // (√(4 + r²) − r)/2 without cancellation for r ≫ 0.
  const a2 = r > 0 ? 2 / (Math.sqrt(4 + r * r) + r) : (Math.sqrt(4 + r * r) - r) / 2;
  return Math.sqrt(a2);
}

function unitRows(stream: RandomStream, rows: number, d: number): Matrix {
  const M = Matrix.zeros(rows, d);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = stream.normal();
      M.data[i * d + j] = v;
      s += v * v;
    }
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < d; j++) M.data[i * d + j] *= inv;
  }
  return M;
}

/** f(X) = ReLU(XWᵀ)·a for every row of X. */
export function reluNetOutput(params: ReluNetParams, X: Matrix): Float64Array {
  const { W, a } = params;
  const Z = Matrix.zeros(X.rows, W.rows);
  getBackend().gemm(false, true, 1, X, W, 0, Z);
  const out = new Float64Array(X.rows);
  for (let k = 0; k < X.rows; k++) {
    let s = 0;
    for (let i = 0; i < W.rows; i++) s += Math.max(0, Z.data[k * W.rows + i]) * a[i];
    out[k] = s;
  }
  return out;
}

/**
 * Teacher (m₀ unit-norm ReLU neurons, readouts ±1) and n inputs on the unit sphere in ℝ^d.
 * Draw order: teacher directions, teacher readout signs, inputs.
 * @example
 * const data = teacherStudentData(createRandom(0, 'teacher'), { n: 10, d: 5 });
 */
export function teacherStudentData(stream: RandomStream, options: { n: number; d: number; teacherWidth?: number }): TeacherStudentData {
  const { n, d } = options;
  const m0 = options.teacherWidth ?? 3;
  for (const [k, v] of [['n', n], ['d', d], ['teacherWidth', m0]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`teacherStudentData: ${k} is ${v}; give a positive integer.`, { path: k });
  }
  const Wt = unitRows(stream, m0, d);
  const at = Float64Array.from({ length: m0 }, () => (stream.normal() >= 0 ? 1 : -1));
  const X = unitRows(stream, n, d);
  const teacher = { W: Wt, a: at };
  return { X, y: reluNetOutput(teacher, X), teacher };
}

/**
 * The symmetrised student of the authors' code: m/2 unit directions u_j, readout signs s_j;
 * neurons j and j + m/2 share w = τα·u_j and have readouts ±s_j·τ/α. Output at init is 0.
 * @throws ConfigError when m is odd or τ ≤ 0
 * @example
 * symmetricStudent(createRandom(0, 'student'), { m: 4, d: 3, tau: 1, delta: 0 });
 */
export function symmetricStudent(stream: RandomStream, options: { m: number; d: number; tau: number; delta: number }): ReluNetParams {
  const { m, d, tau, delta } = options;
  if (!Number.isInteger(m) || m < 2 || m % 2 !== 0) throw new ConfigError(`symmetricStudent: m is ${m}; give an even width ≥ 2 (neurons come in ± pairs).`, { path: 'm' });
  const alpha = reluAlpha(delta, tau);
  const half = m / 2;
  const U = unitRows(stream, half, d);
  const signs = Array.from({ length: half }, () => (stream.normal() >= 0 ? 1 : -1));
  const W = Matrix.zeros(m, d);
  const a = new Float64Array(m);
  for (let j = 0; j < half; j++) {
    for (let k = 0; k < d; k++) {
      const v = tau * alpha * U.data[j * d + k];
      W.data[j * d + k] = v;
      W.data[(j + half) * d + k] = v;
    }
    a[j] = (signs[j] * tau) / alpha;
    a[j + half] = (-signs[j] * tau) / alpha;
  }
  return { W, a };
}

/** Mean squared error (1/n)Σ(f(x_k) − y_k)² (the authors' loss). */
export function reluNetLoss(params: ReluNetParams, X: Matrix, y: ArrayLike<number>): number {
  const f = reluNetOutput(params, X);
  let s = 0;
  for (let k = 0; k < f.length; k++) s += (f[k] - y[k]) ** 2;
  return s / f.length;
}

/**
 * Gradient of the MSE: ∂L/∂a_i = (2/n)Σ_k r_k ReLU(w_iᵀx_k), ∂L/∂w_i = (2/n)Σ_k r_k a_i 1[w_iᵀx_k ≥ 0] x_k,
 * r = f(X) − y. (ReLU′(0) = 1, as in the authors' code.)
 */
export function reluNetGradient(params: ReluNetParams, X: Matrix, y: ArrayLike<number>): { gW: Matrix; ga: Float64Array; loss: number } {
  const { W, a } = params;
  const n = X.rows;
  const m = W.rows;
  const Z = Matrix.zeros(n, m);
  getBackend().gemm(false, true, 1, X, W, 0, Z);
  const r = new Float64Array(n);
  let loss = 0;
  for (let k = 0; k < n; k++) {
    let s = -y[k];
    for (let i = 0; i < m; i++) s += Math.max(0, Z.data[k * m + i]) * a[i];
    r[k] = s;
    loss += s * s;
  }
  const ga = new Float64Array(m);
  // B[k, i] = (2/n) r_k a_i 1[z ≥ 0]; gW = Bᵀ X.
  const B = Matrix.zeros(n, m);
  for (let k = 0; k < n; k++) {
    const c = (2 / n) * r[k];
    for (let i = 0; i < m; i++) {
      const z = Z.data[k * m + i];
      if (z >= 0) {
        ga[i] += c * z;
        B.data[k * m + i] = c * a[i];
      }
    }
  }
  const gW = Matrix.zeros(m, X.cols);
  getBackend().gemm(true, false, 1, B, X, 0, gW);
  return { gW, ga, loss: loss / n };
}

/**
 * Full-parameter NTK on the inputs X (n × n): K = HHᵀ + (G·diag(a²)·Gᵀ) ∘ (XXᵀ),
 * H = ReLU(XWᵀ), G = 1[XWᵀ ≥ 0] — the Gram matrix of the authors' explicit features
 * [ReLU(w_iᵀx); a_i·1[w_iᵀx ≥ 0]·x].
 */
export function reluNetNtk(params: ReluNetParams, X: Matrix): Matrix {
  const { W, a } = params;
  const n = X.rows;
  const m = W.rows;
  const Z = Matrix.zeros(n, m);
  const be = getBackend();
  be.gemm(false, true, 1, X, W, 0, Z);
  const H = Matrix.zeros(n, m);
  const Ga = Matrix.zeros(n, m);
  const G = Matrix.zeros(n, m);
  for (let t = 0; t < n * m; t++) {
    const z = Z.data[t];
    H.data[t] = Math.max(0, z);
    if (z >= 0) {
      G.data[t] = 1;
      const i = t % m;
      Ga.data[t] = a[i] * a[i];
    }
  }
  const K = Matrix.zeros(n, n);
  be.gemm(false, true, 1, H, H, 0, K);
  const GG = Matrix.zeros(n, n);
  be.gemm(false, true, 1, Ga, G, 0, GG);
  const XX = Matrix.zeros(n, n);
  be.gemm(false, true, 1, X, X, 0, XX);
  for (let t = 0; t < n * n; t++) K.data[t] += GG.data[t] * XX.data[t];
  return K;
}

/** Options of {@link trainReluNet}. */
export interface ReluTrainOptions {
  learningRate: number;
  steps: number;
  /** Step indices at which to record the parameters (0 and `steps` are always recorded). */
  checkpoints?: readonly number[];
}

/** A recorded GD run: step indices, parameters and training loss at each. */
export interface ReluTrainResult {
  steps: number[];
  params: ReluNetParams[];
  loss: number[];
}

/**
 * Full-batch GD on the MSE: W ← W − η·∂L/∂W, a ← a − η·∂L/∂a (the authors' `fit_nn_gd`).
 * @example
 * const data = teacherStudentData(createRandom(0, 'data'), { n: 20, d: 3 });
 * const student = symmetricStudent(createRandom(0, 'student'), { m: 10, d: 3, tau: 0.1, delta: 0 });
 * const run = trainReluNet(student, data.X, data.y, { learningRate: 0.05, steps: 100 });
 * run.loss[run.loss.length - 1] < run.loss[0]; // → true
 */
export function trainReluNet(init: ReluNetParams, X: Matrix, y: ArrayLike<number>, options: ReluTrainOptions): ReluTrainResult {
  const { learningRate: lr, steps } = options;
  if (!(lr > 0 && Number.isFinite(lr))) throw new ConfigError(`trainReluNet: learningRate is ${lr}; give a finite step size > 0.`, { path: 'learningRate' });
  if (!Number.isInteger(steps) || steps < 0) throw new ConfigError(`trainReluNet: steps is ${steps}; give an integer ≥ 0.`, { path: 'steps' });
  const marks = new Set([0, steps, ...(options.checkpoints ?? []).filter((s) => s <= steps)]);
  const W = init.W.clone();
  const a = Float64Array.from(init.a);
  const out: ReluTrainResult = { steps: [], params: [], loss: [] };
  const record = (k: number): void => {
    out.steps.push(k);
    out.params.push({ W: W.clone(), a: Float64Array.from(a) });
    out.loss.push(reluNetLoss({ W, a }, X, y));
  };
  for (let k = 0; k <= steps; k++) {
    if (marks.has(k)) record(k);
    if (k === steps) break;
    const { gW, ga } = reluNetGradient({ W, a }, X, y);
    for (let t = 0; t < W.data.length; t++) W.data[t] -= lr * gW.data[t];
    for (let i = 0; i < a.length; i++) a[i] -= lr * ga[i];
    if (!Number.isFinite(a[0])) throw new ConfigError(`trainReluNet: GD diverged at step ${k + 1}; lower learningRate.`, { path: 'learningRate' });
  }
  return out;
}

/** Per-neuron δ_i = a_i² − ‖w_i‖² (conserved by gradient flow, §6.1). */
export function reluNeuronDeltas(params: ReluNetParams): Float64Array {
  const { W, a } = params;
  const d = W.cols;
  return Float64Array.from(a, (ai, i) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += W.data[i * d + j] ** 2;
    return ai * ai - s;
  });
}

/** Hamming distance of activation patterns (authors' definition): Σ_i mean_k 1[sign(w_iᵀx_k) changed]. */
export function activationHamming(p0: ReluNetParams, p1: ReluNetParams, X: Matrix): number {
  const n = X.rows;
  const m = p0.W.rows;
  const Z0 = Matrix.zeros(n, m);
  const Z1 = Matrix.zeros(n, m);
  getBackend().gemm(false, true, 1, X, p0.W, 0, Z0);
  getBackend().gemm(false, true, 1, X, p1.W, 0, Z1);
  let c = 0;
  for (let t = 0; t < n * m; t++) if (Math.sign(Z0.data[t]) !== Math.sign(Z1.data[t])) c++;
  return c / n;
}

/** ‖(W, a) − (W₀, a₀)‖ over all parameters. */
export function parameterDistance(p0: ReluNetParams, p1: ReluNetParams): number {
  let s = 0;
  for (let t = 0; t < p0.W.data.length; t++) s += (p1.W.data[t] - p0.W.data[t]) ** 2;
  for (let i = 0; i < p0.a.length; i++) s += (p1.a[i] - p0.a[i]) ** 2;
  return Math.sqrt(s);
}
