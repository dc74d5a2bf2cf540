/**
 * Constructors of linear regression tasks for the exact-dynamics theory of two-layer linear
 * networks (Dominé et al., ICLR 2025, "From Lazy to Rich"; spec `lazy-to-rich.md` §1, §5.2, §5.4,
 * §5.9) and the task loss.
 *
 * @module
 */
import { ConfigError, DomainError, ShapeError } from '../errors/index.js';
import { Matrix, assertFinite, shapeString } from '../linalg/matrix.js';
import { matmul } from '../linalg/ops.js';
import { frobeniusNorm } from '../linalg/norms.js';
import { gaussianMatrix, haarSemiOrthogonal } from '../random/matrices.js';
import type { RandomStream } from '../random/stream.js';
import type { DataTask, LinearTask, WhiteningKind } from './types.js';
import {
  DEFAULT_WHITENING_TOLERANCE,
  checkTolerance,
  checkWhiteningKind,
  secondMoment,
  whitenInputs,
  whiteningReport,
} from './whitening.js';

function checkDim(n: unknown, path: string): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw new ConfigError(`${path} is ${String(n)}; it must be a positive integer.`, { path });
  }
  return n;
}

function checkMatrix(M: unknown, what: string): Matrix {
  if (!(M instanceof Matrix)) throw new ConfigError(`${what} must be a Matrix.`, { path: what });
  return M;
}

/** ‖A‖²_F as a plain sum of squares (exact for small integers; callers' entries are finite and moderate). */
function squaredFrobenius(A: Matrix): number {
  let ss = 0;
  for (let k = 0; k < A.data.length; k++) ss += A.data[k] * A.data[k];
  if (!Number.isFinite(ss)) {
    const f = frobeniusNorm(A);
    return f * f;
  }
  return ss;
}

/**
 * A task with whitened inputs (Σ_xx = I) given directly by its input–output correlation Σ_yx
 * (Dominé et al. 2025, spec §1, assumption (A1)).
 *
 * **Method.** Stores a copy of Σ_yx, Σ_xx = I_{N_i} and yyTrace = ‖Σ_yx‖²_F (so the whitened loss
 * ½‖W − Σ_yx‖²_F + ½(yyTrace − ‖Σ_yx‖²_F) has minimum 0), unless `yyTrace` is given.
 *
 * **Special cases.** Any shape N_o × N_i ≥ 1 × 1, any rank (including Σ_yx = 0).
 *
 * @param sigmaYX - Σ_yx, N_o × N_i, finite
 * @param options - `name` (default "whitened task"), `yyTrace` (tr(YYᵀ)/P, must be ≥ ‖Σ_yx‖²_F
 *   up to round-off)
 * @throws DomainError on non-finite entries or a yyTrace below ‖Σ_yx‖²_F; ShapeError on an empty Σ_yx
 * @example
 * const task = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]), { name: 'toy' });
 * task.whitened; // → true
 */
export function whitenedTask(sigmaYX: Matrix, options: { name?: string; yyTrace?: number } = {}): LinearTask {
  checkMatrix(sigmaYX, 'whitenedTask: sigmaYX');
  if (sigmaYX.rows < 1 || sigmaYX.cols < 1) {
    throw new ShapeError(`whitenedTask: Σ_yx is ${shapeString(sigmaYX)}; it needs at least one row (output) and one column (input).`);
  }
  assertFinite(sigmaYX, 'whitenedTask: Σ_yx');
  const norm2 = squaredFrobenius(sigmaYX);
  let yyTrace = norm2;
  if (options.yyTrace !== undefined) {
    yyTrace = options.yyTrace;
    if (!Number.isFinite(yyTrace) || yyTrace < norm2 * (1 - 1e-12)) {
      throw new DomainError(
        `whitenedTask: yyTrace = ${String(yyTrace)} is below ‖Σ_yx‖²_F = ${norm2}, which no data can give (tr(YYᵀ)/P ≥ ‖Σ_yx‖²_F when Σ_xx = I); omit it or pass tr(YYᵀ)/P.`,
      );
    }
  }
  return {
    name: options.name ?? 'whitened task',
    ni: sigmaYX.cols,
    no: sigmaYX.rows,
    sigmaYX: sigmaYX.clone(),
    sigmaXX: Matrix.identity(sigmaYX.cols),
    whitened: true,
    yyTrace,
  };
}

/** Options of {@link taskFromData}. */
export interface TaskFromDataOptions {
  /** `'none'` (default) keeps X; `'pca'` / `'zca'` transform X so that XXᵀ/P = I. */
  whiten?: WhiteningKind;
  /** Largest ‖Σ_xx − I‖_F/√N_i for which the task counts as whitened (default 1e-10). */
  tolerance?: number;
  /** Task name (default "data task"). */
  name?: string;
}

/**
 * A task from data X (N_i × P) and Y (N_o × P): Σ_xx = XXᵀ/P, Σ_yx = YXᵀ/P, yyTrace = tr(YYᵀ)/P
 * (Dominé et al. 2025, spec §1), optionally whitening the inputs first.
 *
 * **Method.** `whiten: 'pca'` or `'zca'` replaces X by T·X with T from the eigendecomposition of
 * XXᵀ/P (PCA: rows of TX are the principal components in descending variance, each eigenvector's
 * largest entry positive; ZCA: T = Σ_xx^{-1/2}, symmetric), followed by one refinement pass, so that
 * the new Σ_xx equals I to a few ulps. The data are not centred (the network has no bias, so the
 * second-moment matrix XXᵀ/P is what enters the loss). The task is flagged `whitened` when
 * ‖Σ_xx − I‖_F/√N_i ≤ `tolerance`; the transform is reported as `whiteningTransform`.
 *
 * **Special cases.** `whiten: 'none'` with already whitened data (e.g. X = √P·I) is flagged whitened.
 * Whitening needs Σ_xx non-singular (at least N_i linearly independent samples).
 *
 * @throws ShapeError when X and Y have different numbers of columns or no columns; DomainError on
 * non-finite entries or a singular Σ_xx with whitening; ConfigError on a bad option
 * @example
 * const X = gaussianMatrix(createRandom(0, 'X'), 3, 50); // N_i × P
 * const Y = gaussianMatrix(createRandom(0, 'Y'), 2, 50); // N_o × P
 * const task = taskFromData(X, Y, { whiten: 'zca' });
 * whiteningReport(task).deviation < 1e-12; // → true
 */
export function taskFromData(X: Matrix, Y: Matrix, options: TaskFromDataOptions = {}): DataTask {
  checkMatrix(X, 'taskFromData: X');
  checkMatrix(Y, 'taskFromData: Y');
  const whiten = checkWhiteningKind(options.whiten ?? 'none', 'taskFromData: whiten');
  const tolerance = checkTolerance(options.tolerance ?? DEFAULT_WHITENING_TOLERANCE, 'taskFromData: tolerance');
  if (X.cols !== Y.cols) {
    throw ShapeError.mismatch(
      'taskFromData',
      [X.rows, X.cols],
      [Y.rows, Y.cols],
      `X is N_i x P and Y is N_o x P with one column per sample, but X has ${X.cols} columns and Y has ${Y.cols}`,
    );
  }
  const p = X.cols;
  if (p < 1) throw new ShapeError(`taskFromData: X and Y have no columns (P = 0); give at least one sample.`);
  if (X.rows < 1 || Y.rows < 1) {
    throw new ShapeError(`taskFromData: X is ${shapeString(X)} and Y is ${shapeString(Y)}; N_i and N_o must be at least 1.`);
  }
  assertFinite(X, 'taskFromData: X');
  assertFinite(Y, 'taskFromData: Y');
  const rawSigmaXX = secondMoment(X, X, p);
  let Xw = X.clone();
  let sigmaXX = rawSigmaXX;
  let T = Matrix.identity(X.rows);
  if (whiten !== 'none') {
    const w = whitenInputs(X, whiten, 'taskFromData: Σ_xx');
    Xw = w.X;
    sigmaXX = w.sigma;
    T = w.T;
  }
  const Yc = Y.clone();
  const sigmaYX = secondMoment(Yc, Xw, p);
  const yyTrace = squaredFrobenius(Yc) / p;
  const partial = { sigmaXX, ni: X.rows } as LinearTask;
  const whitened = whiteningReport(partial).deviation <= tolerance;
  return {
    name: options.name ?? 'data task',
    ni: X.rows,
    no: Y.rows,
    sigmaYX,
    sigmaXX,
    whitened,
    yyTrace,
    X: Xw,
    Y: Yc,
    p,
    whitening: whiten,
    whiteningTransform: T,
    rawSigmaXX: whiten === 'none' ? sigmaXX : rawSigmaXX,
  };
}

/** Options of {@link randomLowRankTask}. */
export interface RandomLowRankTaskOptions {
  ni: number;
  no: number;
  /** Number of non-zero singular values, 1 ≤ rank ≤ min(N_i, N_o). */
  rank: number;
  /** s̃₁ ≥ … ≥ s̃_rank > 0 (default linspace: s̃_α = (rank − α + 1)/rank, i.e. 1, …, 1/rank). */
  singularValues?: readonly number[];
  name?: string;
}

/**
 * A whitened task Σ_yx = Ũ diag(s̃) Ṽᵀ with Haar-random Ũ (N_o × rank) and Ṽ (N_i × rank)
 * (Dominé et al. 2025, spec §1 task SVD; the random tasks of recipes R3/R7 of spec §6).
 *
 * **Method.** Ũ = haarSemiOrthogonal(stream.split('U'), N_o, rank), Ṽ =
 * haarSemiOrthogonal(stream.split('V'), N_i, rank) (sign-corrected QR, Mezzadri 2007). Only named
 * children of `stream` are used, so the result depends only on the stream's identity.
 *
 * **Special cases.** rank = min(N_i, N_o) gives a full-rank task; default singular values are
 * distinct (1, (rank−1)/rank, …, 1/rank).
 *
 * @throws ConfigError on bad sizes, a rank outside [1, min(N_i, N_o)], or singular values that are
 * not finite, positive and descending, or of the wrong count
 * @example
 * const task = randomLowRankTask(createRandom(1, 'task'), { ni: 5, no: 3, rank: 2 });
 * taskSvd(task).s; // → [1, 0.5, 0] (rank 2: the third singular value is 0)
 */
export function randomLowRankTask(stream: RandomStream, options: RandomLowRankTaskOptions): LinearTask {
  const ni = checkDim(options.ni, 'randomLowRankTask: ni');
  const no = checkDim(options.no, 'randomLowRankTask: no');
  const rank = options.rank;
  if (!Number.isSafeInteger(rank) || rank < 1 || rank > Math.min(ni, no)) {
    throw new ConfigError(
      `randomLowRankTask: rank is ${String(rank)}; it must be an integer from 1 to min(N_i, N_o) = ${Math.min(ni, no)}.`,
      { path: 'rank' },
    );
  }
  let s: number[];
  if (options.singularValues === undefined) {
    s = Array.from({ length: rank }, (_, a) => (rank - a) / rank);
  } else {
    s = Array.from(options.singularValues);
    if (s.length !== rank) {
      throw new ConfigError(`randomLowRankTask: singularValues has ${s.length} entries; give rank = ${rank}.`, { path: 'singularValues' });
    }
    s.forEach((v, a) => {
      if (!Number.isFinite(v) || v <= 0 || (a > 0 && v > s[a - 1])) {
        throw new ConfigError(
          `randomLowRankTask: singularValues[${a}] = ${String(v)}; singular values must be finite, positive and in descending order.`,
          { path: `singularValues[${a}]` },
        );
      }
    });
  }
  const U = haarSemiOrthogonal(stream.split('U'), no, rank);
  const V = haarSemiOrthogonal(stream.split('V'), ni, rank);
  for (let i = 0; i < no; i++) for (let a = 0; a < rank; a++) U.data[i * rank + a] *= s[a];
  return whitenedTask(matmul(U, V, { transB: true }), { name: options.name ?? `random rank-${rank} task ${ni}→${no}` });
}

/** Options of {@link gaussianRegressionTask}. */
export interface GaussianRegressionTaskOptions {
  ni: number;
  no: number;
  /** Number of samples P (≥ N_i when whitening). */
  p: number;
  /** Whitening of X (default 'pca', as the authors' notebook). */
  whiten?: WhiteningKind;
  /** Standard deviation of the entries of Y (default 1). */
  yStd?: number;
  name?: string;
}

/**
 * Random regression data as in the authors' figure notebook (spec §5.2 [T]): X (N_i × P) and
 * Y (N_o × P) with i.i.d. N(0, 1) entries (Y scaled by `yStd`), X PCA-whitened so that XXᵀ/P = I.
 *
 * **Method.** X = gaussianMatrix(stream.split('X'), …), Y = gaussianMatrix(stream.split('Y'), …),
 * then {@link taskFromData} with the chosen whitening.
 *
 * @throws ConfigError on bad sizes; DomainError when P < N_i with whitening (Σ_xx singular)
 * @example
 * const task = gaussianRegressionTask(createRandom(0, 'fig2'), { ni: 3, no: 3, p: 10 });
 */
export function gaussianRegressionTask(stream: RandomStream, options: GaussianRegressionTaskOptions): DataTask {
  const ni = checkDim(options.ni, 'gaussianRegressionTask: ni');
  const no = checkDim(options.no, 'gaussianRegressionTask: no');
  const p = checkDim(options.p, 'gaussianRegressionTask: p');
  const whiten = checkWhiteningKind(options.whiten ?? 'pca', 'gaussianRegressionTask: whiten');
  const yStd = options.yStd ?? 1;
  if (!Number.isFinite(yStd) || yStd < 0) {
    throw new ConfigError(`gaussianRegressionTask: yStd is ${String(yStd)}; give a finite number ≥ 0.`, { path: 'yStd' });
  }
  if (whiten !== 'none' && p < ni) {
    throw new DomainError(
      `gaussianRegressionTask: P = ${p} samples cannot be whitened in N_i = ${ni} dimensions (Σ_xx has rank ≤ P); use p ≥ ${ni} or whiten: "none".`,
    );
  }
  const X = gaussianMatrix(stream.split('X'), ni, p);
  const Y = gaussianMatrix(stream.split('Y'), no, p, { std: yStd });
  return taskFromData(X, Y, { whiten, name: options.name ?? `gaussian regression ${ni}→${no}, P = ${p}` });
}

/**
 * The hierarchical semantic task's item × feature table (spec §5.4 [T], Braun et al. 2022; Saxe et
 * al. 2019): 8 items (two birds, two fish, two trees, two flowers) × 8 ±1 hierarchical features.
 * Columns are orthogonal with squared norms 8, 8, 4, 4, 2, 2, 2, 2.
 */
export const SEMANTIC_ITEMS_BY_FEATURES: readonly (readonly number[])[] = Object.freeze([
  [1, 1, 1, 0, 1, 0, 0, 0],
  [1, 1, 1, 0, -1, 0, 0, 0],
  [1, 1, -1, 0, 0, 1, 0, 0],
  [1, 1, -1, 0, 0, -1, 0, 0],
  [1, -1, 0, 1, 0, 0, 1, 0],
  [1, -1, 0, 1, 0, 0, -1, 0],
  [1, -1, 0, -1, 0, 0, 0, 1],
  [1, -1, 0, -1, 0, 0, 0, -1],
].map((row) => Object.freeze(row)));

/** Item names of the semantic task, in row order of {@link SEMANTIC_ITEMS_BY_FEATURES}. */
export const SEMANTIC_ITEM_LABELS: readonly string[] = Object.freeze([
  'bird 1', 'bird 2', 'fish 1', 'fish 2', 'tree 1', 'tree 2', 'flower 1', 'flower 2',
]);

/** Feature names of the semantic task, in column order (levels of the hierarchy). */
export const SEMANTIC_FEATURE_LABELS: readonly string[] = Object.freeze([
  'living thing', 'animal (+) / plant (−)', 'bird (+) / fish (−)', 'tree (+) / flower (−)',
  'bird 1 / bird 2', 'fish 1 / fish 2', 'tree 1 / tree 2', 'flower 1 / flower 2',
]);

/** The semantic task: a data task with item and feature labels. */
export interface SemanticTask extends DataTask {
  /** Labels of the inputs (one-hot items). */
  readonly itemLabels: readonly string[];
  /** Labels of the outputs (features). */
  readonly featureLabels: readonly string[];
}

/**
 * The hierarchical semantic task of Fig. 4 (Dominé et al. 2025, spec §5.4 [T, V]).
 *
 * **Method.** Inputs are one-hot items, targets the item's feature column: Y = Y_itemsᵀ (8 × 8).
 * Whitened (default): X = √8·I₈, so Σ_xx = XXᵀ/8 = I and Σ_yx = YXᵀ/8 = Y_itemsᵀ/√8, whose singular
 * values are 1, 1, 1/√2, 1/√2, ½, ½, ½, ½; yyTrace = tr(YYᵀ)/8 = 4 = ‖Σ_yx‖²_F. With
 * `whitened: false`, the authors' X = I₈ with the 1/P loss: Σ_xx = I/8 and Σ_yx = Y_itemsᵀ/8
 * (the same dynamics as the whitened task with τ_eff = 8τ, spec §5.4).
 *
 * @example
 * const task = semanticTask(); // 8 → 8, whitened
 * taskSvd(task).s; // → [1, 1, 0.7071, 0.7071, 0.5, 0.5, 0.5, 0.5]
 */
export function semanticTask(options: { whitened?: boolean } = {}): SemanticTask {
  const whitened = options.whitened ?? true;
  const n = 8;
  const xScale = whitened ? Math.sqrt(n) : 1;
  const X = Matrix.identity(n);
  for (let i = 0; i < n; i++) X.data[i * n + i] = xScale;
  const Y = new Matrix(n, n);
  for (let item = 0; item < n; item++) for (let f = 0; f < n; f++) Y.data[f * n + item] = SEMANTIC_ITEMS_BY_FEATURES[item][f];
  const task = taskFromData(X, Y, { name: whitened ? 'semantic hierarchy (whitened)' : 'semantic hierarchy (X = I)' });
  return { ...task, itemLabels: SEMANTIC_ITEM_LABELS, featureLabels: SEMANTIC_FEATURE_LABELS };
}

/**
 * The reversal of a task, Σ_yx → −Σ_yx (Dominé et al. 2025, App. D.2; spec §5.9): the targets are
 * negated (Y → −Y when data are present); Σ_xx and yyTrace are unchanged.
 *
 * **Special cases.** Reversing twice gives the original statistics exactly.
 *
 * @example
 * const task = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]));
 * const rev = reversedTask(task); // rev.sigmaYX = −task.sigmaYX
 * rev.sigmaYX; // → [[-2, -0.5], [-0.1, -1]]
 */
export function reversedTask<T extends LinearTask>(task: T): T {
  const neg = (M: Matrix): Matrix => {
    const out = M.clone();
    for (let k = 0; k < out.data.length; k++) out.data[k] = -out.data[k];
    return out;
  };
  return {
    ...task,
    name: `${task.name} (reversed)`,
    sigmaYX: neg(task.sigmaYX),
    ...(task.Y !== undefined ? { Y: neg(task.Y) } : {}),
  };
}

/**
 * The training loss of a linear map W (N_o × N_i) on a task (Dominé et al. 2025, spec §1, §4.1):
 * L = (1/(2P))‖WX − Y‖²_F = ½ tr(W Σ_xx Wᵀ) − tr(W Σ_yxᵀ) + ½ yyTrace.
 *
 * **Method.** Whitened tasks use the cancellation-free form ½‖W − Σ_yx‖²_F + ½(yyTrace − ‖Σ_yx‖²_F)
 * (the last term is the irreducible loss, 0 for `whitenedTask`). Other tasks use the data when
 * present ((1/(2P))‖WX − Y‖²_F, no cancellation near the minimum) and the statistics otherwise.
 *
 * @param task - the task
 * @param W - the network map W = W₂W₁ (or W_L⋯W₁), N_o × N_i
 * @throws ShapeError when W is not N_o × N_i; DomainError on non-finite entries
 * @example
 * taskLoss(whitenedTask(Matrix.from([[1, 0], [0, 2]])), Matrix.zeros(2, 2)); // → 2.5
 */
export function taskLoss(task: LinearTask, W: Matrix): number {
  if (W.rows !== task.no || W.cols !== task.ni) {
    throw ShapeError.mismatch(
      'taskLoss',
      [W.rows, W.cols],
      [task.no, task.ni],
      `W must be N_o x N_i = ${task.no}x${task.ni} for task "${task.name}"`,
    );
  }
  assertFinite(W, 'taskLoss: W');
  const S = task.sigmaYX;
  if (task.whitened) {
    let ss = 0;
    for (let k = 0; k < W.data.length; k++) {
      const e = W.data[k] - S.data[k];
      ss += e * e;
    }
    return 0.5 * ss + 0.5 * (task.yyTrace - squaredFrobenius(S));
  }
  if (task.X !== undefined && task.Y !== undefined) {
    const R = matmul(W, task.X);
    const y = task.Y.data;
    let ss = 0;
    for (let k = 0; k < y.length; k++) {
      const e = R.data[k] - y[k];
      ss += e * e;
    }
    return ss / (2 * task.X.cols);
  }
  const WS = matmul(W, task.sigmaXX);
  let quad = 0;
  let cross = 0;
  for (let k = 0; k < W.data.length; k++) {
    quad += WS.data[k] * W.data[k];
    cross += W.data[k] * S.data[k];
  }
  return 0.5 * quad - cross + 0.5 * task.yyTrace;
}
