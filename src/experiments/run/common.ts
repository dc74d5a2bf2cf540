/**
 * Helpers shared by the per-kind runners of `runDocument`: the simulation/exact comparison
 * measure, conversion of matrices and vectors to {@link RunArray}s, singular-value columns, the
 * divergence guard and the summary every run has.
 * @module
 */
import { ConvergenceError, LazyrichError } from '../../errors/index.js';
import type { TrainPlan } from '../../config/index.js';
import { svdValues } from '../../linalg/decompositions.js';
import type { Matrix } from '../../linalg/matrix.js';
import { relativeWeightChange } from '../../metrics/index.js';
import type { LinearWeights } from '../../models/types.js';
import type { ExactAvailability, RunArray, RunResult } from './types.js';

/** What a kind's runner returns: a {@link RunResult} without `kind` and `seed` (runDocument adds them). */
export type KindRun = Omit<RunResult, 'kind' | 'seed'>;

/**
 * ‖x − y‖ / ‖y‖ for flat arrays (‖x − y‖ when y = 0): the relative error of a simulated quantity
 * x against its exact value y.
 * @example
 * relativeDistance([1, 1], [1, 0]); // → 1
 */
export function relativeDistance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    d += (x[i] - y[i]) ** 2;
    n += y[i] ** 2;
  }
  return n > 0 ? Math.sqrt(d / n) : Math.sqrt(d);
}

/**
 * A matrix as a {@link RunArray} (a copy, shape [rows, cols], row-major).
 * @example
 * matrixArray(Matrix.from([[1, 2]])); // → { shape: [1, 2], data: [1, 2] }
 */
export function matrixArray(m: Matrix): RunArray {
  return { shape: [m.rows, m.cols], data: Float64Array.from(m.data) };
}

/**
 * A vector as a {@link RunArray} of shape [n] (a copy).
 * @example
 * vectorArray([1, 2]).shape; // → [2]
 */
export function vectorArray(v: ArrayLike<number>): RunArray {
  return { shape: [v.length], data: Float64Array.from(v) };
}

/**
 * Singular values of each matrix as columns `${prefix}0`, `${prefix}1`, … (descending at each time),
 * with `suffix` appended (e.g. `sv0Exact`).
 * @example
 * singularValueColumns([Matrix.from([[2, 0], [0, 1]])], 'sv'); // → { sv0: [2], sv1: [1] }
 */
export function singularValueColumns(matrices: readonly Matrix[], prefix: string, suffix = ''): Record<string, Float64Array> {
  const values = matrices.map((m) => svdValues(m));
  const n = values.length === 0 ? 0 : values[0].length;
  const out: Record<string, Float64Array> = {};
  for (let i = 0; i < n; i++) out[`${prefix}${i}${suffix}`] = Float64Array.from(values, (s) => s[i]);
  return out;
}

/** The largest entry of a series that is not NaN (null when there is none). */
export function maxOf(values: ArrayLike<number>): number | null {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m === -Infinity ? null : m;
}

/** The last entry of a series (null when empty or NaN). */
export function lastOf(values: ArrayLike<number>): number | null {
  const v = values.length > 0 ? values[values.length - 1] : NaN;
  return Number.isNaN(v) ? null : v;
}

/** The field of the plan that sets the step size: what to change when a simulation diverges. */
function stepField(plan: TrainPlan): string {
  return plan.method === 'flow' ? 'train.rtol' : plan.learningRates ? 'train.learningRates' : 'train.learningRate';
}

/**
 * Runs a simulation and turns a divergence into one sentence naming the document's field:
 * a ConvergenceError from the train module (or another error of its saying it diverged) is rethrown with path `train.learningRate` (GD/SGD) or
 * `train.rtol` (flow) and the module's own explanation.
 * @example
 * import { requireTrain } from './simulation.js';
 * const built = buildDocument(validateExperiment({ model: { kind: 'two-layer-linear' }, task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] }, init: { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 }, train: { method: 'flow', tEnd: 5 } }));
 * import { runSimulation } from './simulation.js';
 * const plan = requireTrain(built, 'run');
 * const traj = guardSimulation(plan, () => runSimulation(built, plan));
 * traj.t[traj.t.length - 1]; // → 5
 */
export function guardSimulation<T>(plan: TrainPlan, simulate: () => T): T {
  try {
    return simulate();
  } catch (error) {
    // Some trainers report a divergence as a ConfigError on their own `learningRate` option (singleNeuronGd).
    if (error instanceof ConvergenceError || (error instanceof LazyrichError && /diverg/i.test(error.message))) {
      const field = stepField(plan);
      const why = error.message.replace(/[.\s]+$/, '');
      const fix = plan.method === 'flow' ? 'tighten train.rtol/train.atol or shorten train.tEnd' : `lower ${field}`;
      throw new ConvergenceError(`${field}: the simulation diverged (${why}); ${fix}.`, { path: field, cause: error });
    }
    throw error;
  }
}

/**
 * Throws a ConvergenceError naming the step-size field when a simulated series has a NaN or ±Inf
 * (a divergence the train module did not catch itself).
 * @example
 * import { requireTrain } from './simulation.js';
 * const built = buildDocument(validateExperiment({ model: { kind: 'two-layer-linear' }, task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] }, init: { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 }, train: { method: 'flow', tEnd: 5 } }));
 * const plan = requireTrain(built, 'run');
 * assertFiniteSeries(plan, [0, 1], { loss: [1, 0.5] }); // → undefined (finite losses pass)
 * assertFiniteSeries(plan, [0, 1], { loss: [1, NaN] }); // throws ConvergenceError
 */
export function assertFiniteSeries(plan: TrainPlan, t: ArrayLike<number>, columns: Record<string, ArrayLike<number>>): void {
  for (const [name, values] of Object.entries(columns)) {
    for (let k = 0; k < values.length; k++) {
      if (!Number.isFinite(values[k])) {
        const field = stepField(plan);
        const where = plan.method === 'flow' ? 'gradient flow' : `${plan.method === 'gd' ? 'gradient descent' : 'SGD'} with ${field} = ${plan.learningRates ? `[${plan.learningRates.join(', ')}]` : plan.learningRate}`;
        throw new ConvergenceError(`${field}: the simulation diverged: ${name} is ${values[k]} at t = ${t[k]} (${where}); ${plan.method === 'flow' ? 'tighten train.rtol or shorten train.tEnd' : `lower ${field}`}.`, {
          path: field,
          reached: k,
        });
      }
    }
  }
}

/**
 * Evaluates the exact side, turning the theory's refusal (a LazyrichError: assumption not met) into
 * `{ available: false, reason }` with the theory's own sentence.
 * @example
 * const task = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]));
 * const W1 = Matrix.from([[0.3, 0], [0, 0.2]]);
 * const W2 = Matrix.from([[0.4, 0], [0, 0.1]]); // not λ-balanced
 * const ex = tryExact(() => exactSolution(task, { W1, W2 }));
 * ex.ok; // → false
 * if (!ex.ok) console.log(ex.reason.startsWith('exactSolution')); // prints true
 */
export function tryExact<T>(evaluate: () => T): { ok: true; value: T } | { ok: false; reason: string } {
  try {
    return { ok: true, value: evaluate() };
  } catch (error) {
    if (error instanceof LazyrichError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The unavailable exact side with a reason. */
export function unavailable(reason: string): ExactAvailability {
  return { available: false, reason };
}

/**
 * The summary entries every run has: `finalLoss`, `steps` (null for flow), `tEnd`; with an exact
 * loss also `finalLossExact` and `maxRelativeError` (null when absent).
 */
export function baseSummary(
  plan: TrainPlan,
  t: Float64Array,
  loss: Float64Array,
  exact: { lossExact: Float64Array; relativeError: Float64Array } | undefined,
): Record<string, number | null> {
  return {
    finalLoss: lastOf(loss),
    steps: plan.method === 'flow' ? null : (plan.steps ?? null),
    tEnd: t.length > 0 ? t[t.length - 1] : 0,
    finalLossExact: exact ? lastOf(exact.lossExact) : null,
    maxRelativeError: exact ? maxOf(exact.relativeError) : null,
  };
}

/** Units of the entries {@link baseSummary} writes and of the common series. */
export const BASE_UNITS: Readonly<Record<string, string>> = {
  t: 't/τ (dimensionless time; GD step k ↔ t = k·η)',
  finalLoss: 'training loss of the simulation at the last record',
  finalLossExact: 'loss of the exact solution at the last record',
  maxRelativeError: 'largest relative error of the simulation against the exact solution over the records (dimensionless)',
  steps: 'number of GD/SGD steps (null for gradient flow)',
  tEnd: 'last recorded time, t/τ',
  loss: 'training loss of the simulation',
  lossExact: 'loss of the exact solution',
  relativeError: 'relative error of the simulation against the exact solution (dimensionless)',
  weightChange: '‖θ(T) − θ(0)‖/‖θ(0)‖ over all weights (dimensionless)',
};

/**
 * ‖θ(T) − θ(0)‖/‖θ(0)‖ over all layers (`relativeWeightChange`), or null when the initial weights
 * are all zero (the relative change is undefined there).
 * @example
 * const W1 = Matrix.from([[1, 0], [0, 1]]);
 * const W2 = Matrix.from([[1, 0]]);
 * weightChangeOrNull([W1, W2], [scale(W1, 2), W2]) !== null; // → true
 */
export function weightChangeOrNull(initial: LinearWeights, final: LinearWeights): number | null {
  try {
    return relativeWeightChange(initial, final);
  } catch (error) {
    if (error instanceof LazyrichError) return null;
    throw error;
  }
}
