/**
 * Linear networks (two-layer and deep): network function, loss on a task, exact gradients, the
 * mini-batch forms used by SGD, and the balance quantities conserved by gradient flow.
 *
 * Notation (Dominé et al. 2025, §1): a task gives Σ_xx = XXᵀ/P (N_i×N_i) and Σ_yx = YXᵀ/P
 * (N_o×N_i); the network is W = W_L⋯W₁ (L = 2: W = W₂W₁); the residual is E := Σ_yx − W Σ_xx. Loss
 * of W on a task with any Σ_xx:
 *
 *   L(W) = ½ tr(W Σ_xx Wᵀ) − tr(W Σ_yxᵀ) + ½ c,   c = tr(YYᵀ)/P (`task.yyTrace`),
 *
 * which equals (1/(2P))‖WX − Y‖²_F when the task comes from data; for whitened inputs (Σ_xx = I)
 * it is ½‖W − Σ_yx‖²_F + ½(c − ‖Σ_yx‖²_F). The negative gradient of layer l is
 *
 *   −∂L/∂W_l = (W_L⋯W_{l+1})ᵀ E (W_{l−1}⋯W₁)ᵀ        (§1 "Deep extension")
 *
 * so for two layers −∂L/∂W₁ = W₂ᵀE and −∂L/∂W₂ = E W₁ᵀ (§1 "Gradient descent").
 *
 * Loss values are computed by `taskLoss` of `src/tasks/` (cancellation-free: the whitened form for
 * whitened tasks, (1/(2P))‖WX − Y‖² when the data are known, the statistics otherwise), so every
 * module reports the same number. Gradients use the statistics: E = Σ_yx − WΣ_xx, with the product
 * skipped only when Σ_xx is exactly I.
 *
 * Time is not involved here; see `src/train/` for GD, SGD and gradient flow.
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { getBackend, type LinalgBackend } from '../linalg/backend.js';
import { assertFinite, Matrix, shapeString } from '../linalg/matrix.js';
import { taskLoss } from '../tasks/index.js';
import type { LinearTask } from '../tasks/types.js';
import type { LinearWeights, TwoLayerWeights } from './types.js';

/** Options naming the linear-algebra backend (default: `getBackend()`). */
export interface BackendChoice {
  backend?: LinalgBackend;
}

/** Exact gradients of a linear network on a task. */
export interface LinearGradients {
  /** ∂L/∂W_l for each layer (same shapes as the weights). */
  grads: Matrix[];
  /** The residual E = Σ_yx − W Σ_xx (N_o × N_i); for a mini-batch, (Y_B − W X_B) X_Bᵀ/|B|. */
  E: Matrix;
  /** The network function W = W_L⋯W₁. */
  W: Matrix;
  /** The loss at these weights. */
  loss: number;
}

/** Exact gradients of a two-layer linear network. */
export interface TwoLayerGradients {
  /** ∂L/∂W₁ = −W₂ᵀE (N_h × N_i). */
  gradW1: Matrix;
  /** ∂L/∂W₂ = −E W₁ᵀ (N_o × N_h). */
  gradW2: Matrix;
  E: Matrix;
  W: Matrix;
  loss: number;
}

function isMatrix(x: unknown): x is Matrix {
  return x instanceof Matrix;
}

/**
 * The layer list `[W₁, …, W_L]` of either weight form (no copies).
 *
 * @throws ShapeError when the list is empty or consecutive shapes do not chain (W_{l+1} must have as
 * many columns as W_l has rows); DomainError when an entry is not a Matrix or not finite.
 * @example
 * const W1 = Matrix.from([[1, 2]]);
 * const W2 = Matrix.from([[3]]);
 * layersOf({ W1, W2 }); // → [[[1, 2]], [[3]]]
 */
export function layersOf(weights: LinearWeights, what = 'weights'): Matrix[] {
  let layers: Matrix[];
  if (Array.isArray(weights)) {
    layers = [...(weights as readonly Matrix[])];
  } else if (weights !== null && typeof weights === 'object' && 'W1' in weights && 'W2' in weights) {
    layers = [(weights as TwoLayerWeights).W1, (weights as TwoLayerWeights).W2];
  } else {
    throw new DomainError(`${what} must be { W1, W2 } or a list of layer matrices [W1, …, WL].`);
  }
  if (layers.length === 0) throw new ShapeError(`${what}: give at least one layer matrix.`);
  const name = (l: number): string => (Array.isArray(weights) ? `${what}[${l}]` : `${what}.W${l + 1}`);
  layers.forEach((M, l) => {
    if (!isMatrix(M)) throw new DomainError(`${name(l)} must be a Matrix.`);
    assertFinite(M, name(l));
  });
  for (let l = 1; l < layers.length; l++) {
    if (layers[l].cols !== layers[l - 1].rows) {
      throw ShapeError.mismatch(
        what,
        [layers[l - 1].rows, layers[l - 1].cols],
        [layers[l].rows, layers[l].cols],
        `${name(l)} needs ${layers[l - 1].rows} columns to follow ${name(l - 1)} (${shapeString(layers[l - 1])}), it has ${layers[l].cols}`,
      );
    }
  }
  return layers;
}

/** True when M is exactly the identity matrix (then products with it are skipped). */
export function isExactIdentity(M: Matrix): boolean {
  if (M.rows !== M.cols) return false;
  const n = M.rows;
  const d = M.data;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (d[i * n + j] !== (i === j ? 1 : 0)) return false;
  return true;
}

/** Layer widths [N₀ = N_i, N₁, …, N_L = N_o] of a chained layer list. */
export function layerWidths(layers: readonly Matrix[]): number[] {
  return [layers[0].cols, ...layers.map((M) => M.rows)];
}

/**
 * Checks that a task fits the network: Σ_yx is N_o × N_i and Σ_xx is N_i × N_i with the network's
 * N_i, N_o, and that both are finite.
 * @throws ShapeError naming both shapes; DomainError for a non-finite task statistic.
 */
export function checkTaskFits(task: LinearTask, layers: readonly Matrix[], what: string): void {
  if (task === null || typeof task !== 'object' || !isMatrix(task.sigmaYX) || !isMatrix(task.sigmaXX)) {
    throw new DomainError(`${what}: task must be a LinearTask with Matrix sigmaYX and sigmaXX.`);
  }
  const ni = layers[0].cols;
  const no = layers[layers.length - 1].rows;
  if (task.sigmaYX.rows !== no || task.sigmaYX.cols !== ni) {
    throw new ShapeError(
      `${what}: the network maps ${ni} inputs to ${no} outputs but task "${task.name}" has sigmaYX of shape ${shapeString(task.sigmaYX)}; it must be ${no}x${ni}.`,
    );
  }
  if (task.sigmaXX.rows !== ni || task.sigmaXX.cols !== ni) {
    throw new ShapeError(`${what}: task "${task.name}" has sigmaXX of shape ${shapeString(task.sigmaXX)}; it must be ${ni}x${ni}.`);
  }
  assertFinite(task.sigmaYX, `${what}: task.sigmaYX`);
  assertFinite(task.sigmaXX, `${what}: task.sigmaXX`);
  if (!Number.isFinite(task.yyTrace)) throw new DomainError(`${what}: task.yyTrace is ${task.yyTrace}; it must be finite.`);
}

/**
 * Preallocated work space for the loss and exact gradients of one network shape, for hot loops
 * (GD, SGD, ODE right-hand sides): after construction, {@link forward}, {@link residualFromTask} /
 * {@link residualFromBatch} and {@link negativeGradients} allocate nothing and call the backend's
 * `gemm` directly (inputs are validated once, by the caller).
 *
 * **Method.** Prefix products P_l = W_l⋯W₁ (P₁ = W₁ itself, W = P_L) and suffix products
 * S_l = W_L⋯W_{l+1} (S_{L−1} = W_L itself) are formed once per evaluation; the negative gradient of
 * layer l is S_lᵀ E P_{l−1}ᵀ with the empty products omitted. For two layers this is exactly one
 * product for W and one for each gradient.
 */
export class LinearGradientWorkspace {
  readonly widths: readonly number[];
  readonly depth: number;
  /** Network function W = W_L⋯W₁ after {@link forward} (a workspace matrix, or W₁ itself when L = 1). */
  W: Matrix;
  /** Residual E (N_o × N_i) after a `residual…` call. */
  readonly E: Matrix;
  private readonly prefix: Matrix[];
  private readonly suffix: Matrix[];
  private readonly tmp: Matrix[];
  private readonly backend: LinalgBackend;
  private readonly batchBuffers = new Map<number, { R: Matrix }>();

  constructor(widths: readonly number[], options: BackendChoice = {}) {
    this.widths = [...widths];
    const L = widths.length - 1;
    this.depth = L;
    this.backend = options.backend ?? getBackend();
    const ni = widths[0];
    const no = widths[L];
    this.prefix = new Array<Matrix>(L + 1);
    for (let l = 2; l <= L; l++) this.prefix[l] = new Matrix(widths[l], ni);
    this.suffix = new Array<Matrix>(L);
    for (let l = 1; l <= L - 2; l++) this.suffix[l] = new Matrix(no, widths[l]);
    this.tmp = new Array<Matrix>(L + 1);
    for (let l = 2; l <= L - 1; l++) this.tmp[l] = new Matrix(widths[l], ni);
    this.E = new Matrix(no, ni);
    this.W = L >= 2 ? this.prefix[L] : new Matrix(no, ni);
  }

  /** Forms the prefix/suffix products of `layers` and W = P_L. Returns W. */
  forward(layers: readonly Matrix[]): Matrix {
    const L = this.depth;
    const b = this.backend;
    this.prefix[1] = layers[0];
    for (let l = 2; l <= L; l++) b.gemm(false, false, 1, layers[l - 1], this.prefix[l - 1], 0, this.prefix[l]);
    if (L >= 2) {
      this.suffix[L - 1] = layers[L - 1];
      for (let l = L - 2; l >= 1; l--) b.gemm(false, false, 1, this.suffix[l + 1], layers[l], 0, this.suffix[l]);
    }
    this.W = this.prefix[L];
    return this.W;
  }

  /**
   * E = Σ_yx − W Σ_xx for the full task (after {@link forward}). With `identity` (Σ_xx is exactly
   * I, see {@link isExactIdentity}) the product with Σ_xx is skipped.
   */
  residualFromTask(sigmaYX: Matrix, sigmaXX: Matrix, identity: boolean): Matrix {
    const E = this.E.data;
    const S = sigmaYX.data;
    if (identity) {
      const W = this.W.data;
      for (let i = 0; i < E.length; i++) E[i] = S[i] - W[i];
    } else {
      E.set(S);
      this.backend.gemm(false, false, -1, this.W, sigmaXX, 1, this.E);
    }
    return this.E;
  }

  /**
   * The mini-batch residual E_B = (Y_B − W X_B) X_Bᵀ / |B| (after {@link forward}), i.e.
   * Σ_yx − W Σ_xx with the batch's own statistics. `Xb` is N_i × |B|, `Yb` is N_o × |B|.
   * Returns the squared error ‖W X_B − Y_B‖²_F (for the batch loss).
   */
  residualFromBatch(Xb: Matrix, Yb: Matrix): number {
    const B = Xb.cols;
    let buf = this.batchBuffers.get(B);
    if (buf === undefined) {
      buf = { R: new Matrix(Yb.rows, B) };
      this.batchBuffers.set(B, buf);
    }
    const R = buf.R;
    R.data.set(Yb.data);
    this.backend.gemm(false, false, -1, this.W, Xb, 1, R);
    let sq = 0;
    const r = R.data;
    for (let i = 0; i < r.length; i++) sq += r[i] * r[i];
    this.backend.gemm(false, true, 1 / B, R, Xb, 0, this.E);
    return sq;
  }

  /**
   * Writes −∂L/∂W_l = S_lᵀ E P_{l−1}ᵀ into `out[l − 1]` for every layer (after `forward` and a
   * `residual…` call on the same weights). `out` must not alias the weights.
   */
  negativeGradients(out: readonly Matrix[]): void {
    const L = this.depth;
    const b = this.backend;
    const E = this.E;
    if (L === 1) {
      out[0].data.set(E.data);
      return;
    }
    b.gemm(true, false, 1, this.suffix[1], E, 0, out[0]);
    for (let l = 2; l <= L - 1; l++) {
      b.gemm(true, false, 1, this.suffix[l], E, 0, this.tmp[l]);
      b.gemm(false, true, 1, this.tmp[l], this.prefix[l - 1], 0, out[l - 1]);
    }
    b.gemm(false, true, 1, E, this.prefix[L - 1], 0, out[L - 1]);
  }
}

/**
 * The network function W = W_L⋯W₁ (two layers: W₂W₁), as a new N_o × N_i matrix.
 *
 * @throws ShapeError when the layers do not chain; DomainError for NaN/Inf entries
 * @example
 * networkFunction({ W1: Matrix.from([[1, 0]]), W2: Matrix.from([[2], [3]]) }); // → [[2, 0], [3, 0]]
 */
export function networkFunction(weights: LinearWeights, options: BackendChoice = {}): Matrix {
  const layers = layersOf(weights);
  const ws = new LinearGradientWorkspace(layerWidths(layers), options);
  return ws.forward(layers).clone();
}

/**
 * The outputs Ŷ = W_L⋯W₁ X of a linear network for the inputs X (N_i × P, one sample per column).
 *
 * @throws ShapeError when X does not have N_i rows
 * @example
 * const W1 = Matrix.from([[1, 0], [0, 1]]); // N_h × N_i
 * const W2 = Matrix.from([[0.5, 0], [0, 0.5]]);
 * const W3 = Matrix.from([[1, 1]]); // N_o × N_h
 * const X = Matrix.from([[1, 0, 2], [0, 1, 2]]); // N_i × P
 * linearForward([W1, W2, W3], X); // → [[0.5, 0.5, 2]]
 */
export function linearForward(weights: LinearWeights, X: Matrix, options: BackendChoice = {}): Matrix {
  const layers = layersOf(weights);
  if (!isMatrix(X)) throw new DomainError('linearForward: X must be a Matrix (N_i x P).');
  if (X.rows !== layers[0].cols) {
    throw new ShapeError(`linearForward: X has ${X.rows} rows but the network has ${layers[0].cols} inputs; pass X as N_i x P (one sample per column).`);
  }
  assertFinite(X, 'linearForward: X');
  const b = options.backend ?? getBackend();
  let H = X;
  for (const M of layers) {
    const next = new Matrix(M.rows, H.cols);
    b.gemm(false, false, 1, M, H, 0, next);
    H = next;
  }
  return H === X ? X.clone() : H;
}

/**
 * The outputs Ŷ = W₂W₁X of a two-layer linear network (Dominé et al. 2025, §1 "Network").
 * @example
 * const W1 = Matrix.from([[1, 1]]); // N_h × N_i
 * const W2 = Matrix.from([[2], [3]]); // N_o × N_h
 * twoLayerForward(W1, W2, Matrix.from([[1], [2]])); // → [[6], [9]]
 */
export function twoLayerForward(W1: Matrix, W2: Matrix, X: Matrix, options: BackendChoice = {}): Matrix {
  return linearForward({ W1, W2 }, X, options);
}

/**
 * Loss and exact gradients of a linear network of any depth L ≥ 1 on a task with any Σ_xx
 * (Dominé et al. 2025, §1 "Loss" and "Deep extension"): ∂L/∂W_l = −(W_L⋯W_{l+1})ᵀ E (W_{l−1}⋯W₁)ᵀ,
 * E = Σ_yx − WΣ_xx.
 *
 * **Special cases.** L = 1 is linear regression (∂L/∂W = −E). The loss is `taskLoss(task, W)`
 * (for whitened tasks ½‖E‖² + ½(c − ‖Σ_yx‖²), no cancellation near the minimum).
 *
 * @throws ShapeError when the network does not fit the task; DomainError for non-finite input
 * @example
 * const task = whitenedTask(Matrix.from([[1, 0.5]])); // N_o = 1, N_i = 2
 * const W1 = Matrix.from([[1, 0], [0, 1]]); // N_h × N_i
 * const W2 = Matrix.from([[0.5, 0], [0, 0.5]]);
 * const W3 = Matrix.from([[1, 1]]); // N_o × N_h
 * const { grads, W } = linearGradients(task, [W1, W2, W3]);
 * W; // → [[0.5, 0.5]]
 * grads.map((G) => G.shape); // → [[2, 2], [2, 2], [1, 2]]
 */
export function linearGradients(task: LinearTask, weights: LinearWeights, options: BackendChoice = {}): LinearGradients {
  const layers = layersOf(weights);
  checkTaskFits(task, layers, 'linearGradients');
  const ws = new LinearGradientWorkspace(layerWidths(layers), options);
  ws.forward(layers);
  ws.residualFromTask(task.sigmaYX, task.sigmaXX, isExactIdentity(task.sigmaXX));
  const loss = taskLoss(task, ws.W);
  const grads = layers.map((M) => new Matrix(M.rows, M.cols));
  ws.negativeGradients(grads);
  for (const G of grads) for (let i = 0; i < G.data.length; i++) G.data[i] = -G.data[i];
  return { grads, E: ws.E.clone(), W: ws.W.clone(), loss };
}

/** Alias of {@link linearGradients} for deep (L ≥ 3) networks; any depth is accepted. */
export const deepLinearGradients = linearGradients;

/**
 * Loss L = ½tr(WΣ_xxWᵀ) − tr(WΣ_yxᵀ) + ½c of a linear network of any depth on a task
 * (Dominé et al. 2025, §1 "Loss"; c = `task.yyTrace`).
 * @example
 * const task = whitenedTask(Matrix.from([[1, 0.5]])); // N_o = 1, N_i = 2
 * const W1 = Matrix.from([[1, 0], [0, 1]]); // N_h × N_i
 * const W2 = Matrix.from([[0.5, 0], [0, 0.5]]);
 * const W3 = Matrix.from([[1, 1]]); // N_o × N_h
 * linearLoss(task, [W1, W2, W3]); // → 0.125 (½‖Σ_yx − W‖²_F with W = [0.5, 0.5])
 */
export function linearLoss(task: LinearTask, weights: LinearWeights, options: BackendChoice = {}): number {
  const layers = layersOf(weights);
  checkTaskFits(task, layers, 'linearLoss');
  const ws = new LinearGradientWorkspace(layerWidths(layers), options);
  return taskLoss(task, ws.forward(layers));
}

/** Alias of {@link linearLoss} for deep networks. */
export const deepLinearLoss = linearLoss;

/**
 * Loss of a two-layer linear network on a task, using the task's Σ's (general Σ_xx):
 * L = ½tr(W₂W₁Σ_xxW₁ᵀW₂ᵀ) − tr(W₂W₁Σ_yxᵀ) + ½c (Dominé et al. 2025, §1 "Loss").
 *
 * **Special cases.** Whitened tasks: ½‖W₂W₁ − Σ_yx‖² + ½(c − ‖Σ_yx‖²); it is 0 at W = Σ_yx when
 * c = ‖Σ_yx‖² (the convention of tasks given by Σ_yx alone).
 *
 * @throws ShapeError when W1, W2 and the task do not fit
 * @example
 * twoLayerLoss(whitenedTask(Matrix.from([[2]])), Matrix.from([[1]]), Matrix.from([[1]])); // → 0.5
 */
export function twoLayerLoss(task: LinearTask, W1: Matrix, W2: Matrix, options: BackendChoice = {}): number {
  return linearLoss(task, { W1, W2 }, options);
}

/**
 * Exact gradients of a two-layer linear network (Dominé et al. 2025, §1 "Gradient descent"):
 * with E = Σ_yx − W₂W₁Σ_xx, −∂L/∂W₁ = W₂ᵀE and −∂L/∂W₂ = EW₁ᵀ.
 * @example
 * const task = whitenedTask(Matrix.from([[1]]));
 * const { gradW1, gradW2 } = twoLayerGradients(task, Matrix.from([[0.5]]), Matrix.from([[0.5]]));
 * [gradW1.get(0, 0), gradW2.get(0, 0)]; // → [-0.375, -0.375] (−W₂ᵀE and −EW₁ᵀ with E = 0.75)
 */
export function twoLayerGradients(task: LinearTask, W1: Matrix, W2: Matrix, options: BackendChoice = {}): TwoLayerGradients {
  const g = linearGradients(task, { W1, W2 }, options);
  return { gradW1: g.grads[0], gradW2: g.grads[1], E: g.E, W: g.W, loss: g.loss };
}

function checkBatch(layers: readonly Matrix[], X: Matrix, Y: Matrix, what: string): void {
  if (!isMatrix(X) || !isMatrix(Y)) throw new DomainError(`${what}: X and Y must be matrices (N_i x B and N_o x B).`);
  const ni = layers[0].cols;
  const no = layers[layers.length - 1].rows;
  if (X.rows !== ni || Y.rows !== no || X.cols !== Y.cols) {
    throw new ShapeError(
      `${what}: X is ${shapeString(X)} and Y is ${shapeString(Y)} but the network needs X as ${ni} x B and Y as ${no} x B (one sample per column, same B).`,
    );
  }
  if (X.cols === 0) throw new ShapeError(`${what}: the batch is empty; give at least one sample.`);
  assertFinite(X, `${what}: X`);
  assertFinite(Y, `${what}: Y`);
}

/**
 * Mini-batch loss (1/(2|B|))‖W X_B − Y_B‖²_F and its exact gradients: the full-batch formulas with
 * the batch statistics Σ_xx^B = X_BX_Bᵀ/|B|, Σ_yx^B = Y_BX_Bᵀ/|B|, i.e. E_B = (Y_B − WX_B)X_Bᵀ/|B|.
 * Used by SGD; with B = all P samples it is the task loss (1/(2P))‖WX − Y‖².
 *
 * @throws ShapeError when X (N_i × B) and Y (N_o × B) do not fit the network
 * @example
 * const Xb = Matrix.from([[1, -1]]); // N_i × |B|
 * const Yb = Matrix.from([[2, -2]]); // N_o × |B|
 * const { W, grads } = batchGradients([Matrix.from([[1]]), Matrix.from([[1]])], Xb, Yb);
 * grads.map((G) => G.get(0, 0)); // → [-1, -1]
 */
export function batchGradients(weights: LinearWeights, X: Matrix, Y: Matrix, options: BackendChoice = {}): LinearGradients {
  const layers = layersOf(weights);
  checkBatch(layers, X, Y, 'batchGradients');
  const ws = new LinearGradientWorkspace(layerWidths(layers), options);
  ws.forward(layers);
  const sq = ws.residualFromBatch(X, Y);
  const grads = layers.map((M) => new Matrix(M.rows, M.cols));
  ws.negativeGradients(grads);
  for (const G of grads) for (let i = 0; i < G.data.length; i++) G.data[i] = -G.data[i];
  return { grads, E: ws.E.clone(), W: ws.W.clone(), loss: sq / (2 * X.cols) };
}

/**
 * Mini-batch loss (1/(2|B|))‖W_L⋯W₁X_B − Y_B‖²_F.
 * @example
 * batchLoss({ W1: Matrix.from([[1]]), W2: Matrix.from([[1]]) }, Matrix.from([[1, -1]]), Matrix.from([[2, -2]])); // → 0.5
 */
export function batchLoss(weights: LinearWeights, X: Matrix, Y: Matrix, options: BackendChoice = {}): number {
  const layers = layersOf(weights);
  checkBatch(layers, X, Y, 'batchLoss');
  const ws = new LinearGradientWorkspace(layerWidths(layers), options);
  ws.forward(layers);
  return ws.residualFromBatch(X, Y) / (2 * X.cols);
}

/**
 * The balance matrices D_l = W_{l+1}ᵀW_{l+1} − W_lW_lᵀ (N_l × N_l) of every consecutive pair of
 * layers, l = 1 … L−1. Each is conserved by gradient flow for any task (Dominé et al. 2025, §1
 * "Deep extension", §2.1); for two layers D₁ = λI is the λ-balance condition.
 *
 * @example
 * const W1 = Matrix.from([[1, 0], [0, 1]]); // N_h × N_i
 * const W2 = Matrix.from([[0.5, 0], [0, 0.5]]);
 * const W3 = Matrix.from([[1, 1]]); // N_o × N_h
 * consecutiveBalances([W1, W2, W3]); // → [[[-0.75, 0], [0, -0.75]], [[0.75, 1], [1, 0.75]]]
 */
export function consecutiveBalances(weights: LinearWeights, options: BackendChoice = {}): Matrix[] {
  const layers = layersOf(weights);
  const b = options.backend ?? getBackend();
  const out: Matrix[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const D = new Matrix(layers[l].rows, layers[l].rows);
    b.gemm(true, false, 1, layers[l + 1], layers[l + 1], 0, D);
    b.gemm(false, true, -1, layers[l], layers[l], 1, D);
    out.push(D);
  }
  return out;
}

/**
 * The exact change of the balance matrix W₂ᵀW₂ − W₁W₁ᵀ made by one simultaneous GD step
 * W₁ ← W₁ + η₁W₂ᵀE, W₂ ← W₂ + η₂EW₁ᵀ (E = Σ_yx − W₂W₁Σ_xx, any Σ_xx):
 *
 *   Δ = (η₂ − η₁)(W₂ᵀEW₁ᵀ + W₁EᵀW₂) + η₂² W₁EᵀEW₁ᵀ − η₁² W₂ᵀEEᵀW₂,
 *
 * which for one rate η is η²(W₁EᵀEW₁ᵀ − W₂ᵀEEᵀW₂) (Dominé et al. 2025, §2.1, tagged [D] there;
 * confirmed by expanding the products and numerically in test/models — the measured change equals
 * this to rounding). Gradient flow has no drift; GD drifts at second order in η.
 *
 * @param eta one step size, or [η₁, η₂] per layer
 * @throws ShapeError when W1, W2 and the task do not fit; DomainError for η not finite
 * @example
 * const task = whitenedTask(Matrix.from([[2, 0], [0, 1]]));
 * const W1 = Matrix.from([[0.1, 0], [0, 0.2]]);
 * const W2 = Matrix.from([[0.3, 0], [0, 0.1]]);
 * const drift = balanceDriftPerStep(W1, W2, task, 0.01); // N_h × N_h
 * drift.shape; // → [2, 2]
 */
export function balanceDriftPerStep(
  W1: Matrix,
  W2: Matrix,
  task: LinearTask,
  eta: number | readonly [number, number],
  options: BackendChoice = {},
): Matrix {
  const layers = layersOf({ W1, W2 });
  checkTaskFits(task, layers, 'balanceDriftPerStep');
  const [e1, e2] = typeof eta === 'number' ? [eta, eta] : eta;
  if (!Number.isFinite(e1) || !Number.isFinite(e2)) {
    throw new DomainError(`balanceDriftPerStep: the step size must be finite, got ${String(eta)}.`);
  }
  const b = options.backend ?? getBackend();
  const ws = new LinearGradientWorkspace(layerWidths(layers), options);
  ws.forward(layers);
  const E = ws.residualFromTask(task.sigmaYX, task.sigmaXX, isExactIdentity(task.sigmaXX));
  const nh = W1.rows;
  const A = new Matrix(nh, W1.cols); // W₂ᵀE  (N_h × N_i) = the first layer's update direction
  b.gemm(true, false, 1, W2, E, 0, A);
  const Bm = new Matrix(W2.rows, nh); // EW₁ᵀ (N_o × N_h) = the second layer's update direction
  b.gemm(false, true, 1, E, W1, 0, Bm);
  // W₂'ᵀW₂' − W₂ᵀW₂ = η₂(W₂ᵀB + BᵀW₂) + η₂²BᵀB and W₁'W₁'ᵀ − W₁W₁ᵀ = η₁(AW₁ᵀ + W₁Aᵀ) + η₁²AAᵀ,
  // where W₂ᵀB = W₂ᵀEW₁ᵀ = AW₁ᵀ, so the first-order terms cancel when η₁ = η₂.
  const D = new Matrix(nh, nh);
  const cross = new Matrix(nh, nh);
  b.gemm(false, true, 1, A, W1, 0, cross); // W₂ᵀEW₁ᵀ
  const c = cross.data;
  const d = D.data;
  for (let i = 0; i < nh; i++) for (let j = 0; j < nh; j++) d[i * nh + j] = (e2 - e1) * (c[i * nh + j] + c[j * nh + i]);
  b.gemm(true, false, e2 * e2, Bm, Bm, 1, D); // + η₂² W₁EᵀEW₁ᵀ
  b.gemm(false, true, -e1 * e1, A, A, 1, D); // − η₁² W₂ᵀEEᵀW₂
  return D;
}
