/**
 * Mini-batch stochastic gradient descent on a linear network of any depth.
 *
 * @module
 */
import type { LinalgBackend } from '../linalg/backend.js';
import { ConfigError, DomainError } from '../errors/index.js';
import { Matrix } from '../linalg/matrix.js';
import { layerWidths, LinearGradientWorkspace } from '../models/linear-network.js';
import type { LinearWeights, Trajectory } from '../models/types.js';
import type { RandomStream } from '../random/index.js';
import type { LinearTask } from '../tasks/types.js';
import { applyStep, divergenceError, StepRecorder } from './gd.js';
import { resolveRates, resolveRecordSchedule, resolveSteps, workingLayers, type LearningRateOptions, type RecordOptions } from './options.js';

/** Options of {@link trainSgd}. */
export interface SgdOptions extends LearningRateOptions {
  /** Linear-algebra backend of the products (default: `getBackend()`). */
  backend?: LinalgBackend;
  /** Samples per mini-batch, an integer in [1, P]. */
  batchSize: number;
  /** Number of updates (mini-batches). Give `steps`, `epochs`, or `record.times`. */
  steps?: number;
  /** Number of passes over the data (steps = epochs · batches per epoch). */
  epochs?: number;
  /** The random stream of the shuffles (required: every draw comes from an explicit stream). */
  stream: RandomStream;
  /**
   * Drop the last, smaller batch of each epoch when P is not a multiple of `batchSize` (default
   * false: it is used, with its own 1/|B| normalisation).
   */
  dropLast?: boolean;
  /** When to record (default: every step). */
  record?: RecordOptions;
}

/**
 * Mini-batch SGD on the loss (1/(2|B|))‖W X_B − Y_B‖²_F of each batch: the exact gradients of
 * Dominé et al. 2025, §1 with the batch statistics, E_B = (Y_B − WX_B)X_Bᵀ/|B|, and simultaneous
 * updates W_l ← W_l + η_l (W_L⋯W_{l+1})ᵀ E_B (W_{l−1}⋯W₁)ᵀ.
 *
 * **Method.** Epoch e visits the samples in the order `stream.split('sgd-epoch', e).permutation(P)`
 * (so each epoch's shuffle depends only on the stream and e), cut into consecutive batches of
 * `batchSize`; the last batch of an epoch is smaller when P is not a multiple of the batch size,
 * and is dropped with `dropLast: true`. Batches are gathered into preallocated buffers; no
 * allocation per step besides the per-epoch permutation.
 *
 * **Time.** Update k is at t = k·η (η_ref as in GD). The recorded loss is the full training loss
 * `taskLoss(task, W)`, not the batch loss.
 *
 * **Special cases.** batchSize = P visits all samples each step: the same update as full-batch GD up
 * to rounding (Σ's summed in shuffled order).
 *
 * @throws DomainError when the task has no samples (X, Y); ConfigError for invalid options;
 * ConvergenceError on divergence (as GD)
 * @example
 * const task = gaussianRegressionTask(createRandom(0, 'task'), { ni: 2, no: 2, p: 16 });
 * const { W1, W2 } = lecunInit({ ni: 2, nh: 2, no: 2, stream: createRandom(0, 'init') });
 * const traj = trainSgd(task, { W1, W2 }, { learningRate: 0.05, batchSize: 4, epochs: 100, stream: createRandom(1, 'sgd') });
 * traj.loss.at(-1) < traj.loss[0]; // → true
 */
export function trainSgd(task: LinearTask, weights: LinearWeights, options: SgdOptions): Trajectory {
  const what = 'trainSgd';
  if (options === null || typeof options !== 'object') throw new ConfigError(`${what}: options are required ({ learningRate, batchSize, steps, stream }).`);
  const layers = workingLayers(task, weights, what);
  const initial = layers.map((M) => M.clone());
  const L = layers.length;
  const X = task.X;
  const Y = task.Y;
  if (X === undefined || Y === undefined) {
    throw new DomainError(`${what}: task "${task.name}" has no samples X, Y; SGD draws mini-batches of samples, so build the task with taskFromData(X, Y).`);
  }
  const P = X.cols;
  const ni = X.rows;
  const no = Y.rows;
  const { rates, eta, perLayer } = resolveRates(options, L, what);
  const B = options.batchSize;
  if (typeof B !== 'number' || !Number.isSafeInteger(B) || B < 1 || B > P) {
    throw new ConfigError(`${what}: batchSize = ${String(B)} must be an integer from 1 to the number of samples P = ${P}.`, { path: 'batchSize' });
  }
  const dropLast = options.dropLast ?? false;
  if (typeof dropLast !== 'boolean') throw new ConfigError(`${what}: dropLast must be true or false.`, { path: 'dropLast' });
  const perEpoch = dropLast ? Math.floor(P / B) : Math.ceil(P / B);
  if (options.steps !== undefined && options.epochs !== undefined) {
    throw new ConfigError(`${what}: give steps or epochs, not both.`, { path: 'steps' });
  }
  const steps = options.epochs !== undefined ? resolveSteps(options.epochs, what, 'epochs') * perEpoch : options.steps;
  const schedule = resolveRecordSchedule(options.record, steps, eta, what);
  const stream = options.stream;
  if (stream === undefined || stream === null || typeof stream.split !== 'function') {
    throw new ConfigError(`${what}: stream must be a RandomStream (e.g. createRandom(seed, 'sgd')); every shuffle comes from it.`, { path: 'stream' });
  }

  const ws = new LinearGradientWorkspace(layerWidths(layers), options.backend ? { backend: options.backend } : {});
  const grads = layers.map((M) => new Matrix(M.rows, M.cols));
  const xs = X.data;
  const ys = Y.data;
  const full = { X: new Matrix(ni, B), Y: new Matrix(no, B) };
  const rest = P % B;
  const partial = rest > 0 && !dropLast ? { X: new Matrix(ni, rest), Y: new Matrix(no, rest) } : undefined;
  const rec = new StepRecorder(schedule.steps);
  let perm: Int32Array = new Int32Array(0);
  for (let k = 0; ; k++) {
    ws.forward(layers);
    if (!rec.record(k, layers, ws.W, task)) throw divergenceError(what, k, eta, rec.lastLoss, rec.lastLossStep, task, initial, rates);
    if (k === schedule.totalSteps) break;
    const epoch = Math.floor(k / perEpoch);
    const j = k % perEpoch;
    if (j === 0) perm = stream.split('sgd-epoch', epoch).permutation(P);
    const start = j * B;
    const size = Math.min(B, P - start);
    const buf = size === B ? full : partial!;
    const xb = buf.X.data;
    const yb = buf.Y.data;
    for (let c = 0; c < size; c++) {
      const s = perm[start + c];
      for (let i = 0; i < ni; i++) xb[i * size + c] = xs[i * P + s];
      for (let i = 0; i < no; i++) yb[i * size + c] = ys[i * P + s];
    }
    ws.residualFromBatch(buf.X, buf.Y);
    ws.negativeGradients(grads);
    if (!applyStep(layers, grads, rates)) throw divergenceError(what, k + 1, eta, rec.lastLoss, rec.lastLossStep, task, initial, rates);
  }
  return {
    t: schedule.t,
    weights: rec.weights,
    loss: rec.loss,
    provenance: {
      kind: 'simulation',
      method: 'sgd',
      learningRate: eta,
      ...(perLayer ? { learningRates: Array.from(rates) } : {}),
      steps: schedule.totalSteps,
      batchSize: B,
      dropLast,
      seed: stream.id,
    },
  };
}
