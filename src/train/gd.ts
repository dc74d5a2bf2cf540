/**
 * Full-batch gradient descent on a linear network of any depth.
 *
 * @module
 */
import type { LinalgBackend } from '../linalg/backend.js';
import { ConvergenceError } from '../errors/index.js';
import { isFiniteMatrix, Matrix } from '../linalg/matrix.js';
import { isExactIdentity, layerWidths, LinearGradientWorkspace } from '../models/linear-network.js';
import type { LinearWeights, Trajectory } from '../models/types.js';
import { taskLoss } from '../tasks/index.js';
import type { LinearTask } from '../tasks/types.js';
import { resolveRates, resolveRecordSchedule, workingLayers, type LearningRateOptions, type RecordOptions } from './options.js';
import { gdStabilityEstimate } from './stability.js';

/** Options of {@link trainGradientDescent}. */
export interface GradientDescentOptions extends LearningRateOptions {
  /** Linear-algebra backend of the products (default: `getBackend()`). */
  backend?: LinalgBackend;
  /** Number of updates k (a non-negative integer); may be omitted when `record.times` is given. */
  steps?: number;
  /** When to record (default: every step). */
  record?: RecordOptions;
}

/**
 * The recording shared by GD and SGD: snapshots of the layers and the loss of W at the scheduled
 * steps, and the last recorded loss (for divergence messages).
 */
export class StepRecorder {
  readonly weights: Matrix[][] = [];
  readonly loss: Float64Array;
  lastLoss = NaN;
  lastLossStep = 0;
  private next = 0;

  constructor(private readonly steps: readonly number[]) {
    this.loss = new Float64Array(steps.length);
  }

  /**
   * At a scheduled step k, records copies of `layers` and taskLoss(task, W); returns false (nothing
   * recorded) when W is not finite there. Unscheduled steps return true and record nothing.
   */
  record(k: number, layers: readonly Matrix[], W: Matrix, task: LinearTask): boolean {
    if (k !== this.steps[this.next]) return true;
    if (!isFiniteMatrix(W)) return false;
    this.weights.push(layers.map((M) => M.clone()));
    this.lastLoss = this.loss[this.next] = taskLoss(task, W);
    this.lastLossStep = k;
    this.next++;
    return true;
  }
}

/**
 * One simultaneous update W_l ← W_l + η_l·G_l of every layer in place, where G_l are the negative
 * gradients. Returns false when an updated entry is not finite (the caller reports divergence).
 */
export function applyStep(layers: readonly Matrix[], negativeGradients: readonly Matrix[], rates: ArrayLike<number>): boolean {
  let check = 0;
  for (let l = 0; l < layers.length; l++) {
    const w = layers[l].data;
    const g = negativeGradients[l].data;
    const r = rates[l];
    for (let i = 0; i < w.length; i++) {
      const v = w[i] + r * g[i];
      w[i] = v;
      check += v;
    }
  }
  return Number.isFinite(check);
}

/** Builds the ConvergenceError of a diverged run: the step, the last loss, and the stability heuristic. */
export function divergenceError(
  what: string,
  step: number,
  eta: number,
  lastLoss: number,
  lastLossStep: number,
  task: LinearTask,
  initial: readonly Matrix[],
  rates: Float64Array,
): ConvergenceError {
  let hint: string;
  try {
    const est = gdStabilityEstimate(task, initial, rates);
    const lam = est.lambda === undefined ? '' : ` (λ̂ = ${est.lambda.toPrecision(3)})`;
    const safe = (eta * 1.8) / est.value;
    hint = est.stable
      ? `the stability estimate η·curvature ≈ ${est.value.toPrecision(3)}${lam} is below 2, so the run left the stable region mid-way; use a smaller learningRate, e.g. ${(eta / 10).toPrecision(2)}`
      : `η·curvature ≈ ${est.value.toPrecision(3)}${lam} exceeds 2, the stability limit of gradient descent (large |λ|·η is unstable); use learningRate below ${safe.toPrecision(2)}`;
  } catch {
    hint = `use a smaller learningRate, e.g. ${(eta / 10).toPrecision(2)}`;
  }
  return new ConvergenceError(
    `${what}: the weights became non-finite at step ${step} (t = ${step * eta}; loss ${lastLoss.toPrecision(4)} at step ${lastLossStep}); ${hint}.`,
    { reached: step, path: 'learningRate' },
  );
}

/**
 * Full-batch gradient descent with simultaneous updates (Dominé et al. 2025, §1 "Gradient
 * descent"): every layer moves along its exact negative gradient, computed from the weights before
 * the step,
 *
 *   W_l ← W_l + η_l (W_L⋯W_{l+1})ᵀ E (W_{l−1}⋯W₁)ᵀ,   E = Σ_yx − W Σ_xx,
 *
 * i.e. for two layers W₁ ← W₁ + η₁W₂ᵀE, W₂ ← W₂ + η₂EW₁ᵀ. Any Σ_xx and any depth L ≥ 1.
 *
 * **Time.** Step k is reported at t/τ = k·η (§1; η_ref = `referenceRate`, default η₁, with
 * per-layer rates). GD approaches gradient flow with an O(η) error (§6 R7). Requested
 * `record.times` are hit exactly when they are multiples of η (else an error, or the nearest step
 * with `record.match: 'nearest'`).
 *
 * **Method.** Preallocated products and direct backend `gemm` calls: no allocation per step. The
 * inputs are validated once; each update checks that the weights stay finite.
 *
 * **Special cases.** `steps: 0` records the initial weights only. The caller's matrices are not
 * modified. The loss is `taskLoss(task, W)` at each recorded point.
 *
 * @throws ConfigError for invalid options (η ≤ 0, non-integer steps, times not multiples of η, …);
 * ShapeError when the weights do not chain or do not fit the task; ConvergenceError when the
 * weights become non-finite (naming the step, the last loss and the stability estimate η·curvature).
 * @example
 * const task = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]));
 * const { W1, W2 } = lambdaBalancedInit({ lambda: 0, ni: 2, no: 2, scale: 0.1, aligned: task, stream: createRandom(0, 'init') });
 * const traj = trainGradientDescent(task, { W1, W2 }, { learningRate: 0.01, steps: 2000, record: { every: 500 } });
 * traj.t; // → [0, 5, 10, 15, 20]
 * traj.loss.at(-1) < 1e-6; // → true
 */
export function trainGradientDescent(task: LinearTask, weights: LinearWeights, options: GradientDescentOptions): Trajectory {
  const what = 'trainGradientDescent';
  const layers = workingLayers(task, weights, what);
  const initial = layers.map((M) => M.clone());
  const L = layers.length;
  const { rates, eta, perLayer } = resolveRates(options ?? {}, L, what);
  const schedule = resolveRecordSchedule(options.record, options.steps, eta, what);
  const ws = new LinearGradientWorkspace(layerWidths(layers), options.backend ? { backend: options.backend } : {});
  const grads = layers.map((M) => new Matrix(M.rows, M.cols));
  const identity = isExactIdentity(task.sigmaXX);
  const rec = new StepRecorder(schedule.steps);
  for (let k = 0; ; k++) {
    ws.forward(layers);
    if (!rec.record(k, layers, ws.W, task)) throw divergenceError(what, k, eta, rec.lastLoss, rec.lastLossStep, task, initial, rates);
    if (k === schedule.totalSteps) break;
    ws.residualFromTask(task.sigmaYX, task.sigmaXX, identity);
    ws.negativeGradients(grads);
    if (!applyStep(layers, grads, rates)) throw divergenceError(what, k + 1, eta, rec.lastLoss, rec.lastLossStep, task, initial, rates);
  }
  return {
    t: schedule.t,
    weights: rec.weights,
    loss: rec.loss,
    provenance: {
      kind: 'simulation',
      method: 'gd',
      learningRate: eta,
      ...(perLayer ? { learningRates: Array.from(rates) } : {}),
      steps: schedule.totalSteps,
    },
  };
}
