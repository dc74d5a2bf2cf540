/**
 * Fully connected networks (MLPs) under the NTK, standard and mean-field/μP parametrisations, with
 * hand-written forward and backward passes on mini-batches — the deep networks of Xu & Ziyin 2025
 * ("the mechanisms manifest in deep nonlinear networks handling real-world tasks", spec
 * `mixed-and-three-mechanisms.md` B.1, B.7; the architecture is not known, so we use e.g.
 * 784-256-256-256-10 ReLU on Fashion-MNIST).
 *
 * **Model.** Widths `n_0, …, n_L`; weights `W_l ∈ ℝ^{n_l × n_{l−1}}` (no biases); examples are rows:
 * `H_0 = X`, `Z_l = m_l H_{l−1} W_lᵀ`, `H_l = φ(Z_l)` for l < L, output `F = Z_L`. `m_l` is the
 * layer's forward multiplier and `η_l` its learning rate: GD is `W_l ← W_l − η_l ∂L/∂W_l`.
 *
 * **Parametrisations** (g² = 2 for ReLU / leaky ReLU, 1 otherwise; n := n_{L−1}, the last hidden
 * width; η the base learning rate):
 * | name | init W_l | m_l (l < L) | m_L | η_l |
 * |---|---|---|---|---|
 * | `ntk` | N(0, 1) | g/√n_{l−1} | 1/√n_{L−1} | η |
 * | `standard` | N(0, g²/n_{l−1}), last N(0, 1/n_{L−1}) | 1 | 1 | η |
 * | `mup` (mean-field) | N(0, 1) | g/√n_{l−1} | 1/n_{L−1} | η·n |
 * `mup` is Yang & Hu's μP for SGD written in the NTK-like form through the exact abc-symmetry
 * (a, b, c) → (a+θ, b−θ, c−2θ): output multiplier 1/n and every learning rate ×n. For L = 2 and 1-D
 * data it is B.5's mean-field row (κ = 1/d, η = d); `ntk` is B.5's NTK row (κ = d^{−1/2}, η = 1).
 * `standard` equals `ntk` with η_l = η·n_{l−1}/g² (same function, same updates).
 *
 * **Loss.** `mse`: `L = (1/2b) Σ_rows ‖F − Y‖²`; `cross-entropy`: `L = −(1/b) Σ_rows Σ_c Y_c log softmax(F)_c`.
 *
 * **Backward.** `G_L = ∂L/∂Z_L` (`(F − Y)/b` or `(softmax(F) − Y)/b`),
 * `∂L/∂W_l = m_l G_lᵀ H_{l−1}`, `G_{l−1} = (m_l G_l W_l) ⊙ φ'(Z_{l−1})`. Products use
 * `getBackend().gemm` (native OpenBLAS when the CLI selects it). Checked against central finite
 * differences in `test/models/mlp.test.ts`.
 *
 * @module
 */
import { ConfigError, ShapeError } from '../errors/index.js';
import { getBackend } from '../linalg/backend.js';
import { assertFinite, Matrix } from '../linalg/matrix.js';
import type { RandomStream } from '../random/index.js';
import { activation as makeActivation, type Activation, type ActivationName } from './two-layer-nonlinear.js';

/** The three parametrisations (see the module comment). */
export type MlpParametrization = 'ntk' | 'standard' | 'mup';
/** Every parametrisation name, in a fixed order (for validation and sweeps). */
export const MLP_PARAMETRIZATIONS: readonly MlpParametrization[] = ['ntk', 'standard', 'mup'];

/** Loss functions. */
export type MlpLoss = 'mse' | 'cross-entropy';

/** An MLP: weights, per-layer multipliers m_l and learning rates η_l. */
export interface Mlp {
  readonly weights: Matrix[];
  readonly multipliers: number[];
  readonly learningRates: number[];
  readonly activation: Activation;
}

/** Options of {@link createMlp}. */
export interface CreateMlpOptions {
  /** `[n_0, …, n_L]`, e.g. `[784, 256, 256, 256, 10]`. */
  widths: readonly number[];
  parametrization: MlpParametrization;
  /** Base learning rate η (> 0). */
  learningRate: number;
  /** Default `relu`. */
  activation?: ActivationName;
}

/** The gain² g² of an activation (2 for ReLU-like, 1 otherwise). */
export function activationGain2(name: ActivationName): number {
  return name === 'relu' || name === 'leaky-relu' ? 2 : 1;
}

/**
 * Draws an MLP (layer l from `stream.split('W', l)`) in the given parametrisation.
 *
 * @throws ConfigError for bad widths, learning rate or parametrisation.
 * @example
 * const net = createMlp(createRandom(0, 'init'), { widths: [784, 256, 256, 256, 10], parametrization: 'mup', learningRate: 0.05 });
 * mlpWidths(net); // → [784, 256, 256, 256, 10]
 */
export function createMlp(stream: RandomStream, o: CreateMlpOptions): Mlp {
  const widths = o.widths;
  if (!Array.isArray(widths) || widths.length < 2 || widths.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new ConfigError(`createMlp: widths ${JSON.stringify(widths)} must list at least two positive integers [n_0, …, n_L].`, { path: 'widths' });
  }
  if (!(Number.isFinite(o.learningRate) && o.learningRate > 0)) {
    throw new ConfigError(`createMlp: learningRate is ${o.learningRate}; give a finite positive number.`, { path: 'learningRate' });
  }
  if (!MLP_PARAMETRIZATIONS.includes(o.parametrization)) {
    throw new ConfigError(`createMlp: parametrization '${String(o.parametrization)}' is unknown; use ntk, standard or mup.`, { path: 'parametrization' });
  }
  const act = makeActivation(o.activation ?? 'relu');
  const g2 = activationGain2(act.name);
  const L = widths.length - 1;
  const n = widths[L - 1]!;
  const weights: Matrix[] = [];
  const multipliers: number[] = [];
  const learningRates: number[] = [];
  for (let l = 1; l <= L; l++) {
    const fanIn = widths[l - 1]!;
    const last = l === L;
    const gain2 = last ? 1 : g2;
    let std = 1;
    let m: number;
    let eta = o.learningRate;
    if (o.parametrization === 'standard') {
      std = Math.sqrt(gain2 / fanIn);
      m = 1;
    } else {
      m = last && o.parametrization === 'mup' ? 1 / fanIn : Math.sqrt(gain2 / fanIn);
      if (o.parametrization === 'mup') eta = o.learningRate * n;
    }
    const W = new Matrix(widths[l]!, fanIn, stream.split('W', l).normalArray(widths[l]! * fanIn, 0, std));
    weights.push(W);
    multipliers.push(m);
    learningRates.push(eta);
  }
  return { weights, multipliers, learningRates, activation: act };
}

/** A deep copy of the weights (multipliers, rates and activation are shared). */
export function cloneMlp(net: Mlp): Mlp {
  return { ...net, weights: net.weights.map((W) => W.clone()) };
}

/** Widths `[n_0, …, n_L]` of an MLP. */
export function mlpWidths(net: Mlp): number[] {
  return [net.weights[0]!.cols, ...net.weights.map((W) => W.rows)];
}

/** Checks consistent layer shapes, multipliers and rates once (hot loops skip the checks). */
export function checkMlp(net: Mlp, X?: Matrix): void {
  const L = net.weights.length;
  if (L < 1) throw new ShapeError('mlp: the network has no layers; give at least one weight matrix.');
  if (net.multipliers.length !== L || net.learningRates.length !== L) {
    throw new ShapeError(`mlp: ${L} layers but ${net.multipliers.length} multipliers and ${net.learningRates.length} learning rates; give one of each per layer.`);
  }
  for (let l = 1; l < L; l++) {
    if (net.weights[l]!.cols !== net.weights[l - 1]!.rows) {
      throw ShapeError.mismatch('mlp', net.weights[l - 1]!.shape, net.weights[l]!.shape, `layer ${l + 1} input width must equal layer ${l} output width`);
    }
  }
  if (X !== undefined && X.cols !== net.weights[0]!.cols) {
    throw ShapeError.mismatch('mlp input', X.shape, net.weights[0]!.shape, 'inputs must have one column per first-layer input');
  }
}

/** Forward pass: pre-activations `Z_l` and activations `H_l` (`H[0] = X`), output `F = Z_L`. */
export interface MlpForward {
  Z: Matrix[];
  H: Matrix[];
  out: Matrix;
}

/**
 * Forward pass on the rows of `X` (b × n_0). No checks (call {@link checkMlp} once).
 *
 * @example
 * const net = createMlp(createRandom(0, 'init'), { widths: [2, 4, 3], parametrization: 'standard', learningRate: 0.1 });
 * const X = Matrix.from([[1, 0], [0, 1], [1, 1]]); // batch × n_0
 * const { out } = mlpForward(net, X); // b × n_L
 * out.shape; // → [3, 3]
 */
export function mlpForward(net: Mlp, X: Matrix): MlpForward {
  const be = getBackend();
  const L = net.weights.length;
  const Z: Matrix[] = [];
  const H: Matrix[] = [X];
  const f = net.activation.f;
  let h = X;
  for (let l = 0; l < L; l++) {
    const W = net.weights[l]!;
    const z = Matrix.zeros(X.rows, W.rows);
    be.gemm(false, true, net.multipliers[l]!, h, W, 0, z);
    Z.push(z);
    if (l < L - 1) {
      const a = Matrix.zeros(z.rows, z.cols);
      const zd = z.data;
      const ad = a.data;
      if (net.activation.name === 'relu') for (let k = 0; k < zd.length; k++) ad[k] = zd[k]! > 0 ? zd[k]! : 0;
      else for (let k = 0; k < zd.length; k++) ad[k] = f(zd[k]!);
      H.push(a);
      h = a;
    }
  }
  return { Z, H, out: Z[L - 1]! };
}

/**
 * Loss and ∂L/∂F for a batch (targets `Y`, b × n_L; one-hot for classification). Cross-entropy uses a
 * max-shifted log-sum-exp (no overflow for large logits).
 *
 * @example
 * const out = Matrix.from([[1, 0]]);
 * const Y = Matrix.from([[0, 0]]);
 * const { loss, G } = mlpLossAndOutputGradient(out, Y, 'mse');
 * G.shape; // → [1, 2]
 */
export function mlpLossAndOutputGradient(out: Matrix, Y: Matrix, loss: MlpLoss): { loss: number; G: Matrix } {
  const b = out.rows;
  const c = out.cols;
  const G = Matrix.zeros(b, c);
  let total = 0;
  if (loss === 'mse') {
    for (let k = 0; k < out.data.length; k++) {
      const r = out.data[k]! - Y.data[k]!;
      total += r * r;
      G.data[k] = r / b;
    }
    return { loss: total / (2 * b), G };
  }
  for (let i = 0; i < b; i++) {
    let mx = -Infinity;
    for (let j = 0; j < c; j++) mx = Math.max(mx, out.data[i * c + j]!);
    let s = 0;
    for (let j = 0; j < c; j++) s += Math.exp(out.data[i * c + j]! - mx);
    const lse = mx + Math.log(s);
    for (let j = 0; j < c; j++) {
      const y = Y.data[i * c + j]!;
      const p = Math.exp(out.data[i * c + j]! - lse);
      total -= y * (out.data[i * c + j]! - lse);
      G.data[i * c + j] = (p * sumRow(Y, i) - y) / b;
    }
  }
  return { loss: total / b, G };
}

function sumRow(Y: Matrix, i: number): number {
  let s = 0;
  for (let j = 0; j < Y.cols; j++) s += Y.data[i * Y.cols + j]!;
  return s;
}

/**
 * Backward pass from `G = ∂L/∂F`: the gradients `∂L/∂W_l` (same shapes as the weights), and
 * optionally the per-layer `G_l = ∂L/∂Z_l`.
 *
 * @example
 * const net = createMlp(createRandom(0, 'init'), { widths: [2, 4, 3], parametrization: 'standard', learningRate: 0.1 });
 * const X = Matrix.from([[1, 0], [0, 1], [1, 1]]); // batch × n_0
 * const fwd = mlpForward(net, X);
 * const { G } = mlpLossAndOutputGradient(fwd.out, oneHot([0, 1, 2], 3), 'cross-entropy');
 * const grads = mlpBackward(net, fwd, G).grads;
 * grads.map((g) => g.shape); // → [[4, 2], [3, 4]]
 */
export function mlpBackward(net: Mlp, fwd: MlpForward, G: Matrix, into?: Matrix[]): { grads: Matrix[]; deltas: Matrix[] } {
  const be = getBackend();
  const L = net.weights.length;
  const grads: Matrix[] = into ?? net.weights.map((W) => Matrix.zeros(W.rows, W.cols));
  const deltas: Matrix[] = new Array<Matrix>(L);
  let g = G;
  const df = net.activation.df;
  for (let l = L - 1; l >= 0; l--) {
    deltas[l] = g;
    const m = net.multipliers[l]!;
    be.gemm(true, false, m, g, fwd.H[l]!, 0, grads[l]!);
    if (l > 0) {
      const prev = Matrix.zeros(g.rows, net.weights[l]!.cols);
      be.gemm(false, false, m, g, net.weights[l]!, 0, prev);
      const z = fwd.Z[l - 1]!.data;
      const pd = prev.data;
      if (net.activation.name === 'relu') for (let k = 0; k < pd.length; k++) pd[k] = z[k]! > 0 ? pd[k]! : 0;
      else for (let k = 0; k < pd.length; k++) pd[k] = pd[k]! * df(z[k]!);
      g = prev;
    }
  }
  return { grads, deltas };
}

/**
 * Loss and gradients on a batch.
 *
 * @throws ShapeError when X, Y and the network do not fit; DomainError for non-finite inputs.
 * @example
 * const net = createMlp(createRandom(0, 'init'), { widths: [2, 4, 3], parametrization: 'standard', learningRate: 0.1 });
 * const X = Matrix.from([[1, 0], [0, 1], [1, 1]]); // batch × n_0
 * const Y = oneHot([0, 1, 2], 3);
 * const { loss, grads } = mlpLossAndGradients(net, X, Y, 'cross-entropy');
 * loss > 0; // → true
 */
export function mlpLossAndGradients(net: Mlp, X: Matrix, Y: Matrix, loss: MlpLoss): { loss: number; grads: Matrix[]; out: Matrix } {
  checkMlp(net, X);
  const nOut = net.weights[net.weights.length - 1]!.rows;
  if (Y.rows !== X.rows || Y.cols !== nOut) throw ShapeError.mismatch('mlp targets', Y.shape, [X.rows, nOut], 'Y must be batch × outputs');
  assertFinite(X, 'mlp: X');
  assertFinite(Y, 'mlp: Y');
  const fwd = mlpForward(net, X);
  const { loss: value, G } = mlpLossAndOutputGradient(fwd.out, Y, loss);
  return { loss: value, grads: mlpBackward(net, fwd, G).grads, out: fwd.out };
}

/**
 * Fraction of rows whose arg-max output equals the label (ties: the first maximum).
 *
 * @example
 * mlpAccuracy(Matrix.from([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]), [0, 1, 1]); // → 0.666667
 */
export function mlpAccuracy(out: Matrix, labels: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < out.rows; i++) {
    let best = 0;
    for (let j = 1; j < out.cols; j++) if (out.data[i * out.cols + j]! > out.data[i * out.cols + best]!) best = j;
    if (best === labels[i]) hits++;
  }
  return hits / out.rows;
}
