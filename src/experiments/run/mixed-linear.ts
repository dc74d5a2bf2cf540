/**
 * `runDocument` for model kind `mixed-linear` (Tu, Aranguri & Jacot 2024; spec
 * mixed-and-three-mechanisms §A.1–A.2): A = W₂W₁ fitted to Y under ½‖A − Y‖²_F. The simulation is
 * gradient descent on W₁, W₂ (`trainMixedGd`) from the document's weights; the exact side is a
 * high-accuracy DOP853 solve (rtol 1e-12, atol 1e-14) of the self-consistent dynamics (1) with
 * threshold c = σ²w from the same A(0) = W₂(0)W₁(0), at the recorded times. (1) is itself an
 * approximation of GD that needs w ≫ d (§A.2.2), so `relativeError` measures that closure as well
 * as the step size. Also used by `lazyrich exact/simulate/compare` (src/cli/kinds/mixed-linear.ts).
 *
 * Series: `loss` (½‖A − Y‖²_F), `trainError` (‖A − Y‖²_F/(d_out·d_in)), `testError` (against A*,
 * when the task has one), `sv0…` (singular values of A), and the same with `Exact`, plus
 * `relativeError` (‖A_sim − A_exact‖_F/‖A_exact‖_F).
 * @module
 */
import { ConfigError, DomainError } from '../../errors/index.js';
import type { BuiltDocument, TrainPlan } from '../../config/index.js';
import { svdValues } from '../../linalg/decompositions.js';
import type { Matrix } from '../../linalg/matrix.js';
import { matmul } from '../../linalg/ops.js';
import { stableRankFromSingularValues } from '../../models/mixed-linear.js';
import { matrixTask, type NoisyLowRankTask } from '../../tasks/noisy-low-rank.js';
import { classifyMixedRegime, mixedDynamicsFlow, type MixedFlowResult } from '../../theory/mixed/index.js';
import { trainMixedGd, type MixedGdRun } from '../../train/mixed-gd.js';
import {
  BASE_UNITS,
  assertFiniteSeries,
  baseSummary,
  guardSimulation,
  lastOf,
  matrixArray,
  relativeDistance,
  singularValueColumns,
  tryExact,
  unavailable,
  weightChangeOrNull,
  type KindRun,
} from './common.js';
import { DEFAULT_RECORDS } from './simulation.js';
import type { ExactAvailability, RunArray } from './types.js';

/** A built mixed-linear document. */
export type BuiltMixed = Extract<BuiltDocument, { family: 'mixed-linear' }>;

/** Relative tolerance of the solve of (1) (the solver's global error is then ~1e-11 relative). */
export const MIXED_EXACT_RTOL = 1e-12;
/** Absolute tolerance of the solve of (1). */
export const MIXED_EXACT_ATOL = 1e-14;

/**
 * The threshold c = σ²w of the dynamics (1).
 * @example
 * const built = buildDocument(validateExperiment({ model: { kind: 'mixed-linear', sigma2: 0.01, width: 50 }, task: { kind: 'matrix', Y: [[1, 0.5], [0, 2]] }, init: { kind: 'gaussian', seed: 1 }, train: { method: 'gd', learningRate: 0.01, steps: 100 } }));
 * mixedThreshold(built); // → 0.5 (sigma2 · width)
 */
export function mixedThreshold(built: BuiltMixed): number {
  return built.model.sigma2 * built.model.width;
}

/**
 * The task {Y, A*} of a built document (A* = Y when the document gives none).
 * @example
 * const built = buildDocument(validateExperiment({ model: { kind: 'mixed-linear', sigma2: 0.01, width: 50 }, task: { kind: 'matrix', Y: [[1, 0.5], [0, 2]] }, init: { kind: 'gaussian', seed: 1 }, train: { method: 'gd', learningRate: 0.01, steps: 100 } }));
 * mixedTaskOf(built).Y; // → [[1, 0.5], [0, 2]]
 */
export function mixedTaskOf(built: BuiltMixed): NoisyLowRankTask {
  return matrixTask(built.Y, built.Astar);
}

/**
 * Solves (1) from `A0` (default: the document's A(0)) at `times`, DOP853 at
 * {@link MIXED_EXACT_RTOL}, {@link MIXED_EXACT_ATOL}.
 * @example
 * const built = buildDocument(validateExperiment({ model: { kind: 'mixed-linear', sigma2: 0.01, width: 50 }, task: { kind: 'matrix', Y: [[1, 0.5], [0, 2]] }, init: { kind: 'gaussian', seed: 1 }, train: { method: 'gd', learningRate: 0.01, steps: 100 } }));
 * mixedExactFlow(built, [0, 1, 2]).A[2].shape; // → [2, 2]
 */
export function mixedExactFlow(built: BuiltMixed, times: ArrayLike<number>, A0: Matrix = built.A0): MixedFlowResult {
  return mixedDynamicsFlow(mixedTaskOf(built), A0, { threshold: mixedThreshold(built), times: Array.from(times), rtol: MIXED_EXACT_RTOL, atol: MIXED_EXACT_ATOL });
}

/**
 * Gradient descent on W₁, W₂ from the document's weights with A = W₂W₁ kept at every record.
 * @throws DomainError when the method is not `gd`; ConfigError when the init gives only A.
 * @example
 * import { requireTrain } from './simulation.js';
 * const built = buildDocument(validateExperiment({ model: { kind: 'mixed-linear', sigma2: 0.01, width: 50 }, task: { kind: 'matrix', Y: [[1, 0.5], [0, 2]] }, init: { kind: 'gaussian', seed: 1 }, train: { method: 'gd', learningRate: 0.01, steps: 100 } }));
 * const plan = requireTrain(built, 'run');
 * const { run, A } = mixedGd(built, plan);
 * A.length === run.t.length; // → true
 */
export function mixedGd(built: BuiltMixed, plan: TrainPlan): { run: MixedGdRun; A: Matrix[] } {
  if (plan.method !== 'gd') {
    throw new DomainError(`train.method: the mixed-linear simulation is gradient descent on W1, W2 (spec §A.1); use "gd" (got "${plan.method}"; the flow of (1) is what "lazyrich exact" prints).`, {
      path: 'train.method',
    });
  }
  if (!built.W1 || !built.W2) {
    throw new ConfigError('init: simulating needs the weights W1 and W2 (init kind "gaussian", or explicit W1 and W2); an explicit A alone defines only the dynamics (1).', { path: 'init' });
  }
  const steps = plan.steps as number;
  const every = plan.recordEvery ?? Math.max(1, Math.round(steps / DEFAULT_RECORDS));
  const A: Matrix[] = [];
  const run = trainMixedGd(mixedTaskOf(built), { W1: built.W1, W2: built.W2 }, {
    learningRate: plan.learningRate as number,
    steps,
    recordEvery: every,
    singularValues: false,
    onRecord: (_n, _W1, _W2, At) => A.push(At.clone()),
  });
  return { run, A };
}

/** ½‖A − Y‖²_F. */
function cost(A: Matrix, Y: Matrix): number {
  let s = 0;
  for (let i = 0; i < A.data.length; i++) s += (A.data[i] - Y.data[i]) ** 2;
  return 0.5 * s;
}

/** The rank k of the target the regime classifier compares σ²w with: `task.rank`, else the numerical rank of A* (or Y). */
function targetRank(built: BuiltMixed): { rank: number; singularValues: Float64Array } {
  const sY = svdValues(built.Y);
  const task = built.document.task;
  if (task.kind === 'noisy-low-rank') return { rank: task.rank, singularValues: sY };
  const s = svdValues(built.Astar ?? built.Y);
  const tol = (s[0] ?? 0) * Math.max(built.Y.rows, built.Y.cols) * 1e-12;
  return { rank: Math.max(1, s.filter((v) => v > tol).length), singularValues: sY };
}

/**
 * Runs a mixed-linear document: GD on W₁, W₂ beside the solve of (1) from the same A(0).
 * @throws DomainError for a method other than gd; ConfigError when the init gives only A;
 *   ConvergenceError naming train.learningRate when GD diverges.
 * @example
 * import { requireTrain } from './simulation.js';
 * const built = buildDocument(validateExperiment({ model: { kind: 'mixed-linear', sigma2: 0.01, width: 50 }, task: { kind: 'matrix', Y: [[1, 0.5], [0, 2]] }, init: { kind: 'gaussian', seed: 1 }, train: { method: 'gd', learningRate: 0.01, steps: 100 } }));
 * const plan = requireTrain(built, 'run');
 * ['lazy', 'active', 'boundary'].includes(runMixedLinear(built, plan).labels.regime); // → true
 */
export function runMixedLinear(built: BuiltMixed, plan: TrainPlan): KindRun {
  const { run, A } = guardSimulation(plan, () => mixedGd(built, plan));
  const t = Float64Array.from(run.t);
  const Y = built.Y;
  const hasTest = built.Astar !== undefined;
  const loss = Float64Array.from(A, (a) => cost(a, Y));
  assertFiniteSeries(plan, t, { loss });
  const columns: Record<string, Float64Array> = { loss, trainError: Float64Array.from(run.trainError) };
  if (hasTest) columns.testError = Float64Array.from(run.testError);
  Object.assign(columns, singularValueColumns(A, 'sv'));
  const W1 = built.W1 as Matrix;
  const W2 = built.W2 as Matrix;
  const units: Record<string, string> = {
    ...BASE_UNITS,
    loss: 'cost ½‖A − Y‖²_F of the simulation, A = W₂W₁',
    lossExact: 'cost ½‖A − Y‖²_F of the solve of (1)',
    relativeError: '‖A_sim − A_(1)‖_F/‖A_(1)‖_F (GD against the self-consistent dynamics (1); dimensionless)',
    trainError: '‖A − Y‖²_F/(d_out·d_in) (simulation)',
    testError: '‖A − A*‖²_F/(d_out·d_in) (simulation)',
    threshold: 'c = σ²w of the dynamics (1)',
    stableRank: 'stable rank ‖A‖²_F/‖A‖²_op of the simulated A at the last record',
    finalTrainError: 'train error at the last record (simulation)',
    finalTestError: 'test error at the last record (simulation)',
    W1Initial: 'W₁(0), width×d_in',
    W2Initial: 'W₂(0), d_out×width',
    W1Final: 'W₁ at the last record',
    W2Final: 'W₂ at the last record',
    AFinal: 'A = W₂W₁ of the simulation at the last record, d_out×d_in',
    Y: 'target Y, d_out×d_in',
  };
  for (const name of Object.keys(columns)) if (/^sv\d+$/.test(name)) units[name] = `singular value ${name.slice(2)} of A(t) = W₂W₁ (simulation), descending`;
  const arrays: Record<string, RunArray> = {
    W1Initial: matrixArray(W1),
    W2Initial: matrixArray(W2),
    W1Final: matrixArray(run.W1),
    W2Final: matrixArray(run.W2),
    AFinal: matrixArray(A[A.length - 1]),
    Y: matrixArray(Y),
  };
  if (built.Astar) {
    arrays.Astar = matrixArray(built.Astar);
    units.Astar = 'clean target A*, d_out×d_in';
  }
  const A0 = matmul(W2, W1);
  const ex = tryExact(() => mixedExactFlow(built, t, A0));
  let exact: ExactAvailability;
  let exactCols: { lossExact: Float64Array; relativeError: Float64Array } | undefined;
  const extra: Record<string, number | null> = {};
  if (ex.ok) {
    const res = ex.value;
    const lossExact = Float64Array.from(res.A, (a) => cost(a, Y));
    const relativeError = Float64Array.from(A, (a, k) => relativeDistance(a.data, res.A[k].data));
    Object.assign(columns, { lossExact, relativeError, trainErrorExact: Float64Array.from(res.trainError) });
    if (hasTest) columns.testErrorExact = Float64Array.from(res.testError);
    Object.assign(columns, singularValueColumns(res.A, 'sv', 'Exact'));
    for (const name of Object.keys(columns)) if (/^sv\d+Exact$/.test(name)) units[name] = `singular value ${name.slice(2, -5)} of A(t) from (1), descending`;
    units.trainErrorExact = '‖A − Y‖²_F/(d_out·d_in) from (1)';
    units.testErrorExact = '‖A − A*‖²_F/(d_out·d_in) from (1)';
    units.AFinalExact = 'A(T) from the solve of (1), d_out×d_in';
    units.finalTestErrorExact = 'test error of (1) at the last record';
    arrays.AFinalExact = matrixArray(res.A[res.A.length - 1]);
    exactCols = { lossExact, relativeError };
    if (hasTest) extra.finalTestErrorExact = lastOf(res.testError);
    exact = {
      available: true,
      what: `self-consistent dynamics (1) of Tu, Aranguri & Jacot 2024 (spec §A.2.2) from A(0) = W₂(0)W₁(0), DOP853 rtol ${MIXED_EXACT_RTOL}, atol ${MIXED_EXACT_ATOL}, at the recorded times; an approximation of GD for width ≫ d`,
    };
  } else {
    exact = unavailable(ex.reason);
  }
  const labels: Record<string, string> = { method: plan.method };
  const { rank, singularValues } = targetRank(built);
  const regime = tryExact(() => classifyMixedRegime({ sigma2: built.model.sigma2, width: built.model.width, singularValues, rank }));
  if (regime.ok) labels.regime = regime.value.regime;
  const sFinal = svdValues(A[A.length - 1]);
  const summary: Record<string, number | null> = {
    ...baseSummary(plan, t, loss, exactCols),
    finalTrainError: lastOf(run.trainError),
    finalTestError: hasTest ? lastOf(run.testError) : null,
    ...extra,
    threshold: mixedThreshold(built),
    stableRank: stableRankFromSingularValues(sFinal),
    weightChange: weightChangeOrNull([W1, W2], [run.W1, run.W2]),
  };
  const notes = [
    `regime label from σ²w = ${mixedThreshold(built)} against the top ${rank} singular values of Y (spec §A.5-7).`,
    ...(hasTest ? [] : ['no task.Astar: the test error is not recorded.']),
  ];
  return { exact, summary, labels, series: { t, columns }, arrays, units, notes };
}
