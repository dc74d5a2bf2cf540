/**
 * The continuous-time RNN of Liu et al. (ICLR 2024), discretised (spec `connectivity.md` §1.1
 * [V-code]): no biases, h₀ = 0,
 *
 *   z_t = (1 − α)·h_{t−1} + α·(W_in x_t + W_h h_{t−1}),   h_t = ReLU(z_t),   o_t = W_out h_t,
 *
 * with α = dt/τ (1 in the paper's code). Loss: mean cross-entropy over the labelled (t, b) entries
 * (all T×B for the neurogym tasks, the last step for sequential images; spec §1.3). Gradients by
 * back-propagation through time.
 *
 * Layout: a batch stores time outermost, row t·B + b (see `SequenceBatch`), so the input, readout and
 * weight-gradient products are single matrix products over all steps; only the recurrence is
 * sequential.
 *
 * @module
 */
import { ConfigError, DomainError, ShapeError } from '../errors/index.js';
import { getBackend } from '../linalg/backend.js';
import { Matrix } from '../linalg/matrix.js';
import { gaussianMatrix, uniformMatrix, type RandomStream } from '../random/index.js';
import type { SequenceBatch } from '../tasks/cognitive/types.js';

/** CTRNN weights: W_in (N × N_in), W_h (N × N), W_out (N_out × N), and the leak α ∈ (0, 1]. */
export interface CtrnnParams {
  Win: Matrix;
  Wh: Matrix;
  Wout: Matrix;
  alpha: number;
}

/** The forward pass: pre-activations Z and states H, each (T·B) × N (row t·B + b), logits (T·B) × N_out. */
export interface CtrnnForward {
  Z: Matrix;
  H: Matrix;
  logits: Matrix;
}

/** Gradients of the loss with respect to the three weight matrices. */
export interface CtrnnGradients {
  Win: Matrix;
  Wh: Matrix;
  Wout: Matrix;
}

/** Options of {@link ctrnnInit}. */
export interface CtrnnInitOptions {
  hidden: number;
  inputs: number;
  outputs: number;
  /** Gain g of W_h = g·G/√N (default 1.25, the code default; the paper may have used 1.5). */
  gain?: number;
  /** Leak α = dt/τ (default 1). */
  alpha?: number;
  /** Use this W_h instead of the Gaussian (e.g. a rank-r or cell-type init); N × N. */
  Wh?: Matrix;
}

/**
 * Initial CTRNN weights as in the paper's code (spec §1.1 [V-code]): W_h = g·G/√N with G_ij ~ N(0, 1)
 * (unless given), W_in ~ U(±1/√N_in) and W_out ~ U(±1/√N) (PyTorch `nn.Linear` default).
 * Streams: `stream.split('Wh')`, `'Win'`, `'Wout'`, so W_in and W_out do not depend on whether W_h
 * is given.
 * @example const p = ctrnnInit(createRandom(0, 'net'), { hidden: 300, inputs: 3, outputs: 3 });
 */
export function ctrnnInit(stream: RandomStream, o: CtrnnInitOptions): CtrnnParams {
  const { hidden: N, inputs: nIn, outputs: nOut } = o;
  for (const [k, v] of [
    ['hidden', N],
    ['inputs', nIn],
    ['outputs', nOut],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`ctrnnInit: ${k} must be a positive integer, got ${String(v)}.`, { path: k });
  }
  const alpha = o.alpha ?? 1;
  checkAlpha(alpha);
  const g = o.gain ?? 1.25;
  let Wh: Matrix;
  if (o.Wh) {
    if (o.Wh.rows !== N || o.Wh.cols !== N) throw ShapeError.mismatch('ctrnnInit', o.Wh.shape, [N, N], 'Wh must be hidden × hidden');
    Wh = o.Wh.clone();
  } else {
    Wh = gaussianMatrix(stream.split('Wh'), N, N, { std: g / Math.sqrt(N) });
  }
  const a = 1 / Math.sqrt(nIn);
  const c = 1 / Math.sqrt(N);
  return {
    Win: uniformMatrix(stream.split('Win'), N, nIn, { low: -a, high: a }),
    Wh,
    Wout: uniformMatrix(stream.split('Wout'), nOut, N, { low: -c, high: c }),
    alpha,
  };
}

function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha <= 1)) throw new ConfigError(`CTRNN: alpha = dt/tau must be in (0, 1], got ${String(alpha)}.`, { path: 'alpha' });
}

/** Deep copy of the weights. */
export function cloneCtrnn(p: CtrnnParams): CtrnnParams {
  return { Win: p.Win.clone(), Wh: p.Wh.clone(), Wout: p.Wout.clone(), alpha: p.alpha };
}

function checkShapes(p: CtrnnParams, batch: SequenceBatch): void {
  const N = p.Wh.rows;
  checkAlpha(p.alpha);
  if (p.Wh.cols !== N) throw ShapeError.mismatch('ctrnn', p.Wh.shape, [N, N], 'Wh must be square');
  if (p.Win.rows !== N) throw ShapeError.mismatch('ctrnn', p.Win.shape, p.Wh.shape, 'Win needs one row per hidden unit');
  if (p.Wout.cols !== N) throw ShapeError.mismatch('ctrnn', p.Wout.shape, p.Wh.shape, 'Wout needs one column per hidden unit');
  if (batch.inputs.cols !== p.Win.cols) {
    throw ShapeError.mismatch('ctrnn', batch.inputs.shape, p.Win.shape, 'the input size of the batch must equal Win.cols');
  }
  if (batch.inputs.rows !== batch.steps * batch.batchSize || batch.labels.length !== batch.steps * batch.batchSize) {
    throw new ShapeError('ctrnn: the batch needs steps·batchSize input rows and labels.');
  }
  if (batch.numClasses !== p.Wout.rows) {
    throw ShapeError.mismatch('ctrnn', [batch.numClasses], p.Wout.shape, 'the batch classes must equal Wout.rows');
  }
}

/**
 * Runs the network on a batch (spec §1.1). Returns Z, H and the logits, all time-outermost.
 * @example
 * const p = ctrnnInit(createRandom(0, 'rnn'), { hidden: 16, inputs: 3, outputs: 3 });
 * const { logits } = ctrnnForward(p, neurogymBatch('2AF', createRandom(1), 32));
 * logits.shape; // → [256, 3] (8 steps × 32 trials, 3 classes)
 */
export function ctrnnForward(p: CtrnnParams, batch: SequenceBatch): CtrnnForward {
  checkShapes(p, batch);
  const be = getBackend();
  const N = p.Wh.rows;
  const T = batch.steps;
  const B = batch.batchSize;
  const a = p.alpha;
  const Z = new Matrix(T * B, N);
  const H = new Matrix(T * B, N);
  // Input drive for all steps at once: α·X W_inᵀ.
  be.gemm(false, true, a, batch.inputs, p.Win, 0, Z);
  for (let t = 0; t < T; t++) {
    const zt = new Matrix(B, N, Z.data.subarray(t * B * N, (t + 1) * B * N));
    if (t > 0) {
      const hp = new Matrix(B, N, H.data.subarray((t - 1) * B * N, t * B * N));
      be.gemm(false, true, a, hp, p.Wh, 1, zt);
      if (a !== 1) {
        const c = 1 - a;
        for (let i = 0; i < B * N; i++) zt.data[i] += c * hp.data[i];
      }
    }
    const hd = H.data;
    const off = t * B * N;
    for (let i = 0; i < B * N; i++) {
      const v = zt.data[i];
      hd[off + i] = v > 0 ? v : 0;
    }
  }
  const logits = new Matrix(T * B, p.Wout.rows);
  be.gemm(false, true, 1, H, p.Wout, 0, logits);
  return { Z, H, logits };
}

/**
 * Mean cross-entropy of the logits against the labels over the labelled entries (label ≥ 0), and
 * its gradient with respect to the logits (softmax − one-hot, divided by the count). Stable
 * log-sum-exp.
 * @throws DomainError when no entry is labelled or a label is out of range
 */
export function crossEntropy(logits: Matrix, labels: Int32Array): { loss: number; dLogits: Matrix } {
  const K = logits.cols;
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y >= K) throw new DomainError(`crossEntropy: label ${y} at row ${i} is not below the number of classes ${K}.`);
    if (y >= 0) count++;
  }
  if (count === 0) throw new DomainError('crossEntropy: no labelled entry (every label is -1); label at least one step.');
  const d = new Matrix(logits.rows, K);
  let loss = 0;
  for (let i = 0; i < logits.rows; i++) {
    const y = labels[i];
    if (y < 0) continue;
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, logits.data[i * K + k]);
    let s = 0;
    for (let k = 0; k < K; k++) s += Math.exp(logits.data[i * K + k] - m);
    const lse = m + Math.log(s);
    loss += lse - logits.data[i * K + y];
    for (let k = 0; k < K; k++) d.data[i * K + k] = Math.exp(logits.data[i * K + k] - lse) / count;
    d.data[i * K + y] -= 1 / count;
  }
  return { loss: loss / count, dLogits: d };
}

/**
 * Loss and gradients by back-propagation through time (spec §1.3 loss):
 * dH_t = dO_t W_out + (1 − α)·dZ_{t+1} + α·dZ_{t+1} W_h,  dZ_t = dH_t ⊙ 1[z_t > 0],
 * ∇W_out = Σ_t dO_tᵀ H_t,  ∇W_h = α Σ_t dZ_tᵀ H_{t−1},  ∇W_in = α Σ_t dZ_tᵀ X_t.
 * (ReLU′(0) = 0, as PyTorch.) Checked against central finite differences in test/models/rnn.test.ts.
 * @example
 * const p = ctrnnInit(createRandom(0, 'rnn'), { hidden: 16, inputs: 3, outputs: 3 });
 * const batch = neurogymBatch('2AF', createRandom(1, '2AF'), 4);
 * const { loss, grads } = ctrnnLossAndGradients(p, batch);
 * loss === ctrnnLoss(p, batch); // → true
 */
export function ctrnnLossAndGradients(
  p: CtrnnParams,
  batch: SequenceBatch,
): { loss: number; grads: CtrnnGradients; forward: CtrnnForward } {
  const fwd = ctrnnForward(p, batch);
  const { loss, dLogits } = crossEntropy(fwd.logits, batch.labels);
  return { loss, grads: ctrnnBackward(p, batch, fwd, dLogits), forward: fwd };
}

/**
 * Back-propagation through time of any output cotangent: the gradients of Σ dLogits ⊙ logits with
 * respect to W_in, W_h, W_out, given the forward pass of the same weights and batch (formulas in
 * {@link ctrnnLossAndGradients}). With dLogits = u this is Jᵀu, so ‖∇_{W_h}(u·o)‖² = uᵀKu for the
 * W_h tangent kernel K.
 * @throws ShapeError when dLogits is not (T·B) × N_out
 * @example
 * const p = ctrnnInit(createRandom(0, 'rnn'), { hidden: 16, inputs: 3, outputs: 3 });
 * const batch = neurogymBatch('2AF', createRandom(1, '2AF'), 4);
 * const fwd = ctrnnForward(p, batch);
 * const { dLogits } = crossEntropy(fwd.logits, batch.labels);
 * const g = ctrnnBackward(p, batch, fwd, dLogits);
 * g.Wh.shape; // → [16, 16]
 */
export function ctrnnBackward(p: CtrnnParams, batch: SequenceBatch, fwd: CtrnnForward, dLogits: Matrix): CtrnnGradients {
  if (dLogits.rows !== fwd.logits.rows || dLogits.cols !== fwd.logits.cols) {
    throw ShapeError.mismatch('ctrnnBackward', dLogits.shape, fwd.logits.shape, 'dLogits must have the shape of the logits');
  }
  const be = getBackend();
  const N = p.Wh.rows;
  const T = batch.steps;
  const B = batch.batchSize;
  const a = p.alpha;
  const dZ = new Matrix(T * B, N);
  // dH for every step from the readout at once.
  be.gemm(false, false, 1, dLogits, p.Wout, 0, dZ);
  for (let t = T - 1; t >= 0; t--) {
    const off = t * B * N;
    const dzt = new Matrix(B, N, dZ.data.subarray(off, off + B * N));
    if (t < T - 1) {
      const dzn = new Matrix(B, N, dZ.data.subarray(off + B * N, off + 2 * B * N));
      be.gemm(false, false, a, dzn, p.Wh, 1, dzt);
      if (a !== 1) {
        const c = 1 - a;
        for (let i = 0; i < B * N; i++) dzt.data[i] += c * dzn.data[i];
      }
    }
    const z = fwd.Z.data;
    for (let i = 0; i < B * N; i++) if (!(z[off + i] > 0)) dzt.data[i] = 0;
  }
  const gWout = new Matrix(p.Wout.rows, N);
  be.gemm(true, false, 1, dLogits, fwd.H, 0, gWout);
  const gWin = new Matrix(N, p.Win.cols);
  be.gemm(true, false, a, dZ, batch.inputs, 0, gWin);
  const gWh = new Matrix(N, N);
  if (T > 1) {
    const dzLate = new Matrix((T - 1) * B, N, dZ.data.subarray(B * N));
    const hEarly = new Matrix((T - 1) * B, N, fwd.H.data.subarray(0, (T - 1) * B * N));
    be.gemm(true, false, a, dzLate, hEarly, 0, gWh);
  }
  return { Win: gWin, Wh: gWh, Wout: gWout };
}

/**
 * Mean cross-entropy loss only (no gradients).
 * @example
 * const p = ctrnnInit(createRandom(0, 'rnn'), { hidden: 16, inputs: 3, outputs: 3, gain: 0.01 });
 * const batch = neurogymBatch('2AF', createRandom(1, '2AF'), 4);
 * ctrnnLoss(p, batch); // → ≈ 1.0986 (ln 3 at a small init)
 */
export function ctrnnLoss(p: CtrnnParams, batch: SequenceBatch): number {
  return crossEntropy(ctrnnForward(p, batch).logits, batch.labels).loss;
}

/**
 * Hidden states of all trials at step `t` (default the batch's decision step), B × N — the input of
 * representation alignment and sign similarity (spec §3).
 */
export function hiddenAtStep(fwd: CtrnnForward, batch: SequenceBatch, t = batch.decisionStep): Matrix {
  const B = batch.batchSize;
  const N = fwd.H.cols;
  return new Matrix(B, N, fwd.H.data.slice(t * B * N, (t + 1) * B * N));
}

/**
 * Fraction of labelled entries whose arg-max logit equals the label.
 * @example
 * const p = ctrnnInit(createRandom(0, 'rnn'), { hidden: 16, inputs: 3, outputs: 3 });
 * const batch = neurogymBatch('2AF', createRandom(1, '2AF'), 4);
 * const acc = ctrnnAccuracy(p, batch);
 * acc >= 0 && acc <= 1; // → true
 */
export function ctrnnAccuracy(p: CtrnnParams, batch: SequenceBatch, onlyStep?: number): number {
  const { logits } = ctrnnForward(p, batch);
  const K = logits.cols;
  let ok = 0;
  let n = 0;
  for (let i = 0; i < logits.rows; i++) {
    const y = batch.labels[i];
    if (y < 0) continue;
    if (onlyStep !== undefined && Math.floor(i / batch.batchSize) !== onlyStep) continue;
    let best = 0;
    for (let k = 1; k < K; k++) if (logits.data[i * K + k] > logits.data[i * K + best]) best = k;
    if (best === y) ok++;
    n++;
  }
  return n === 0 ? 0 : ok / n;
}
