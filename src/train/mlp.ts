/**
 * Training MLPs (`src/models/mlp.ts`) by full-batch gradient descent or seeded mini-batch SGD,
 * recording loss, accuracy and the layer-wise diagnostics of `src/metrics/layerwise.ts`.
 *
 * **Method.** Step k updates `W_l ← W_l − η_l ∂L/∂W_l` on a batch: the whole training set
 * (`batchSize` omitted) or, for SGD, consecutive slices of epoch e's order
 * `stream.split('sgd-epoch', e).permutation(n)` (dropping a last partial batch). Time is the step
 * index k (each layer's own rate η_l is part of the update). At every recorded step (`recordEvery`,
 * always 0 and the last) the full training loss/accuracy, the test accuracy (when given), the
 * consecutive-layer alignments ζ_l and the per-layer changes from the start are stored.
 *
 * **Special cases.** A non-finite loss raises ConvergenceError naming the step (learning rate too
 * large for the parametrisation).
 *
 * @module
 */
import { ConfigError, ConvergenceError, ShapeError } from '../errors/index.js';
import { assertFinite, Matrix } from '../linalg/matrix.js';
import { consecutiveAlignment, layerChanges, type LayerChange } from '../metrics/layerwise.js';
import { checkMlp, cloneMlp, mlpAccuracy, mlpBackward, mlpForward, mlpLossAndOutputGradient, type Mlp, type MlpLoss } from '../models/mlp.js';
import type { RandomStream } from '../random/index.js';

/** A labelled data set: inputs (n × n_0), targets (n × n_L, e.g. one-hot) and integer labels. */
export interface MlpDataset {
  X: Matrix;
  Y: Matrix;
  labels: ArrayLike<number>;
}

/** Options of {@link trainMlp}. */
export interface TrainMlpOptions {
  steps: number;
  loss: MlpLoss;
  /** Mini-batch size (SGD); omitted = full batch. */
  batchSize?: number;
  /** Stream of the SGD shuffles (required with batchSize). */
  stream?: RandomStream;
  /** Record every this many steps (default: steps/20, at least 1). */
  recordEvery?: number;
  /** Test set for accuracy at records. */
  test?: MlpDataset;
  /** Examples on which the recorded training loss/accuracy are computed (default: the whole training set; a subset keeps records cheap on 60 000 images). */
  trainEval?: MlpDataset;
}

/** What {@link trainMlp} recorded. */
export interface MlpRun {
  initial: Mlp;
  final: Mlp;
  step: number[];
  trainLoss: number[];
  trainAccuracy: number[];
  testAccuracy: number[];
  /** zeta[k][l]: ζ of pair (l+1, l+2) at record k. */
  zeta: number[][];
  /** changes[k][l]: change of layer l+1 from the start at record k. */
  changes: LayerChange[][];
}

function evaluate(net: Mlp, d: MlpDataset, loss: MlpLoss): { loss: number; accuracy: number } {
  const out = mlpForward(net, d.X).out;
  return { loss: mlpLossAndOutputGradient(out, d.Y, loss).loss, accuracy: mlpAccuracy(out, d.labels) };
}

function rows(M: Matrix, idx: Int32Array, from: number, count: number): Matrix {
  const out = Matrix.zeros(count, M.cols);
  for (let i = 0; i < count; i++) out.data.set(M.data.subarray(idx[from + i]! * M.cols, (idx[from + i]! + 1) * M.cols), i * M.cols);
  return out;
}

/**
 * Trains a copy of `net` (the argument is not modified).
 *
 * @throws ConfigError for bad options; ShapeError for data that do not fit; ConvergenceError on divergence.
 * @example
 * const net = createMlp(createRandom(0, 'init'), { widths: [2, 16, 2], parametrization: 'ntk', learningRate: 0.5 });
 * const X = Matrix.from([[1, 0], [0, 1], [1, 1], [-1, 0]]); // n × n_0
 * const labels = [0, 1, 1, 0];
 * const train = { X, Y: oneHot(labels, 2), labels };
 * const run = trainMlp(net, train, { steps: 30, loss: 'cross-entropy', batchSize: 2, stream: createRandom(0, 'sgd') });
 * run.trainLoss[run.trainLoss.length - 1] < run.trainLoss[0]; // → true
 */
export function trainMlp(net: Mlp, train: MlpDataset, o: TrainMlpOptions): MlpRun {
  checkMlp(net, train.X);
  if (!Number.isInteger(o.steps) || o.steps < 0) throw new ConfigError(`trainMlp: steps is ${o.steps}; give a non-negative integer.`, { path: 'steps' });
  const n = train.X.rows;
  const nOut = net.weights[net.weights.length - 1]!.rows;
  if (train.Y.rows !== n || train.Y.cols !== nOut || train.labels.length !== n) {
    throw ShapeError.mismatch('trainMlp targets', train.Y.shape, [n, nOut], 'Y must have one row per example and one column per output, and labels one entry per example');
  }
  assertFinite(train.X, 'trainMlp: X');
  assertFinite(train.Y, 'trainMlp: Y');
  const b = o.batchSize;
  if (b !== undefined) {
    if (!Number.isInteger(b) || b < 1 || b > n) throw new ConfigError(`trainMlp: batchSize is ${b}; give an integer in [1, ${n}].`, { path: 'batchSize' });
    if (o.stream === undefined) throw new ConfigError('trainMlp: mini-batch SGD needs a random stream for the shuffles; pass options.stream.', { path: 'stream' });
  }
  const every = o.recordEvery ?? Math.max(1, Math.floor(o.steps / 20));
  if (!Number.isInteger(every) || every < 1) throw new ConfigError(`trainMlp: recordEvery is ${every}; give a positive integer.`, { path: 'recordEvery' });
  const initial = cloneMlp(net);
  const cur = cloneMlp(net);
  const grads = cur.weights.map((W) => Matrix.zeros(W.rows, W.cols));
  const run: MlpRun = { initial, final: cur, step: [], trainLoss: [], trainAccuracy: [], testAccuracy: [], zeta: [], changes: [] };
  const record = (k: number): void => {
    const e = evaluate(cur, o.trainEval ?? train, o.loss);
    if (!Number.isFinite(e.loss)) {
      throw new ConvergenceError(`trainMlp: the training loss became ${e.loss} by step ${k}; lower the learning rate.`, { reached: k });
    }
    run.step.push(k);
    run.trainLoss.push(e.loss);
    run.trainAccuracy.push(e.accuracy);
    run.testAccuracy.push(o.test === undefined ? Number.NaN : evaluate(cur, o.test, o.loss).accuracy);
    run.zeta.push(consecutiveAlignment(cur.weights, cur.learningRates));
    run.changes.push(layerChanges(initial.weights, cur.weights));
  };
  record(0);
  let perm: Int32Array = new Int32Array(0);
  let pos = 0;
  let epoch = 0;
  for (let k = 1; k <= o.steps; k++) {
    let X = train.X;
    let Y = train.Y;
    if (b !== undefined) {
      if (pos + b > n || perm.length === 0) {
        perm = o.stream!.split('sgd-epoch', epoch++).permutation(n);
        pos = 0;
      }
      X = rows(train.X, perm, pos, b);
      Y = rows(train.Y, perm, pos, b);
      pos += b;
    }
    const fwd = mlpForward(cur, X);
    const { loss, G } = mlpLossAndOutputGradient(fwd.out, Y, o.loss);
    if (!Number.isFinite(loss)) throw new ConvergenceError(`trainMlp: the batch loss became ${loss} at step ${k}; lower the learning rate.`, { reached: k });
    mlpBackward(cur, fwd, G, grads);
    cur.weights.forEach((W, l) => {
      const eta = cur.learningRates[l]!;
      const g = grads[l]!.data;
      const w = W.data;
      for (let i = 0; i < w.length; i++) w[i] = w[i]! - eta * g[i]!;
    });
    if (k % every === 0 || k === o.steps) record(k);
  }
  return run;
}
