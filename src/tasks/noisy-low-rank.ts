/**
 * The noisy low-rank matrix estimation task of Tu, Aranguri & Jacot (NeurIPS 2024, "Mixed Dynamics
 * in Linear Networks"; spec `mixed-and-three-mechanisms.md` §A.1). Everything is observed (this is
 * not matrix completion): the network is fitted to Y = A* + E with the cost C(A) = ½‖A − Y‖_F²
 * (gradient ∇C(A) = A − Y, no 1/d² factor), and reports
 *
 * - train error = ‖A − Y‖_F² / (d_out·d_in),
 * - test error  = ‖A − A*‖_F² / (d_out·d_in)   (Fig. 2 caption: (1/d²)‖A_θ(t) − A*‖_F²).
 *
 * @module
 */
import { ConfigError, ShapeError } from '../errors/index.js';
import { Matrix } from '../linalg/matrix.js';
import type { RandomStream } from '../random/index.js';

/** A noisy low-rank matrix task: target A* = C Dᵀ (rank k), fixed noise E, training target Y = A* + E. */
export interface NoisyLowRankTask {
  readonly kind: 'noisy-low-rank';
  /** Output dimension (rows of A). */
  readonly dOut: number;
  /** Input dimension (columns of A). */
  readonly dIn: number;
  /** Rank k of the clean target (0 when the task was built from a given Y without A*). */
  readonly rank: number;
  /** Clean target A* (d_out × d_in). */
  readonly Astar: Matrix;
  /** Noise E (d_out × d_in). */
  readonly E: Matrix;
  /** Training target Y = A* + E. */
  readonly Y: Matrix;
}

/** Options of {@link noisyLowRankTask}. */
export interface NoisyLowRankTaskOptions {
  /** Square size d (d_in = d_out = d, as in every experiment of the paper). */
  d?: number;
  /** Rows of A (defaults to d). */
  dOut?: number;
  /** Columns of A (defaults to d). */
  dIn?: number;
  /** Rank k of A* (the paper uses 5). */
  rank: number;
  /** Noise standard deviation (default 1, as in the paper; 0 gives a noiseless task). */
  noiseStd?: number;
  /** Random stream; A*'s factors come from `stream.split('C')`, `split('D')`, the noise from `split('E')`. */
  stream: RandomStream;
}

function positiveInt(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new ConfigError(`noisyLowRankTask: ${name} must be a positive integer, got ${String(v)}; pass e.g. ${name}: 100.`, { path: name });
  }
  return v;
}

/**
 * Draws the noisy low-rank task of §A.1: C ∈ ℝ^{d_out×k}, D ∈ ℝ^{d_in×k} with i.i.d. N(0, k^{-1/2})
 * entries (standard deviation k^{-1/4}, so entries of A* = C Dᵀ have variance ≈ 1 and its singular values are
 * ≈ d/√k), and E i.i.d. N(0, noiseStd²), drawn once.
 *
 * @example
 * import { createRandom } from '../random/index.js';
 * const task = noisyLowRankTask({ d: 100, rank: 5, stream: createRandom(0, 'task') });
 * testError(task.Astar, task); // → 0
 * trainError(task.Y, task);    // → 0
 */
export function noisyLowRankTask(options: NoisyLowRankTaskOptions): NoisyLowRankTask {
  const dOut = positiveInt(options.dOut ?? options.d, 'dOut');
  const dIn = positiveInt(options.dIn ?? options.d, 'dIn');
  const k = positiveInt(options.rank, 'rank');
  if (k > Math.min(dOut, dIn)) {
    throw new ConfigError(`noisyLowRankTask: rank ${k} exceeds min(dOut, dIn) = ${Math.min(dOut, dIn)}; choose rank ≤ ${Math.min(dOut, dIn)}.`, { path: 'rank' });
  }
  const noiseStd = options.noiseStd ?? 1;
  if (!(Number.isFinite(noiseStd) && noiseStd >= 0)) {
    throw new ConfigError(`noisyLowRankTask: noiseStd must be a finite number ≥ 0, got ${String(noiseStd)}.`, { path: 'noiseStd' });
  }
  const std = Math.pow(k, -0.25);
  const C = options.stream.split('C').fillNormal(new Float64Array(dOut * k), 0, std);
  const D = options.stream.split('D').fillNormal(new Float64Array(dIn * k), 0, std);
  const Astar = new Matrix(dOut, dIn);
  const a = Astar.data;
  for (let i = 0; i < dOut; i++) {
    for (let j = 0; j < dIn; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += C[i * k + l] * D[j * k + l];
      a[i * dIn + j] = s;
    }
  }
  const E = new Matrix(dOut, dIn);
  options.stream.split('E').fillNormal(E.data, 0, noiseStd);
  const Y = new Matrix(dOut, dIn);
  for (let i = 0; i < a.length; i++) Y.data[i] = a[i] + E.data[i];
  return { kind: 'noisy-low-rank', dOut, dIn, rank: k, Astar, E, Y };
}

/**
 * A task from explicit matrices: Y (and optionally the clean target A*; without it the test error is
 * measured against Y and `E` is zero).
 *
 * @example
 * const task = matrixTask(Matrix.from([[1, 0.5], [0, 2]]));
 * trainError(Matrix.zeros(2, 2), task); // → 1.3125 ((1 + 0.25 + 4) / 4)
 */
export function matrixTask(Y: Matrix, Astar?: Matrix): NoisyLowRankTask {
  if (Astar !== undefined && (Astar.rows !== Y.rows || Astar.cols !== Y.cols)) {
    throw ShapeError.mismatch('matrixTask', [Y.rows, Y.cols], [Astar.rows, Astar.cols], 'Y and Astar must have the same shape');
  }
  for (const v of Y.data) if (!Number.isFinite(v)) throw new ConfigError('matrixTask: Y has a non-finite entry; pass finite numbers.', { path: 'Y' });
  const As = Astar ?? Y;
  const E = new Matrix(Y.rows, Y.cols);
  for (let i = 0; i < E.data.length; i++) E.data[i] = Y.data[i] - As.data[i];
  return { kind: 'noisy-low-rank', dOut: Y.rows, dIn: Y.cols, rank: 0, Astar: As, E, Y };
}

function meanSquaredDistance(A: Matrix, B: Matrix, what: string): number {
  if (A.rows !== B.rows || A.cols !== B.cols) {
    throw ShapeError.mismatch(what, [A.rows, A.cols], [B.rows, B.cols], 'A must have the task\'s shape d_out × d_in');
  }
  let s = 0;
  const a = A.data;
  const b = B.data;
  for (let i = 0; i < a.length; i++) {
    const e = a[i] - b[i];
    s += e * e;
  }
  return s / a.length;
}

/** Train error ‖A − Y‖_F² / (d_out·d_in) (§A.1). */
export function trainError(A: Matrix, task: NoisyLowRankTask): number {
  return meanSquaredDistance(A, task.Y, 'trainError');
}

/** Test error ‖A − A*‖_F² / (d_out·d_in) (§A.1, Fig. 2 caption). */
export function testError(A: Matrix, task: NoisyLowRankTask): number {
  return meanSquaredDistance(A, task.Astar, 'testError');
}

/** Training cost C(A) = ½‖A − Y‖_F² (§A.1; the quantity GD minimises). */
export function matrixCost(A: Matrix, task: NoisyLowRankTask): number {
  return 0.5 * meanSquaredDistance(A, task.Y, 'matrixCost') * A.data.length;
}
