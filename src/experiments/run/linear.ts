/**
 * The simulation side of a run of a linear network (two-layer-linear and deep-linear): the
 * trajectory from the document's plan and what every linear run records about it — loss, singular
 * values of the network function W = W_L⋯W₁, the balance drift, the relative weight change and the
 * initial and final weights.
 * @module
 */
import type { BuiltExperiment, TrainPlan } from '../../config/index.js';
import type { Matrix } from '../../linalg/matrix.js';
import { frobeniusNorm } from '../../linalg/norms.js';
import { sub } from '../../linalg/ops.js';
import { consecutiveBalances, networkFunction } from '../../models/index.js';
import type { Trajectory } from '../../models/types.js';
import { assertFiniteSeries, guardSimulation, matrixArray, singularValueColumns, weightChangeOrNull } from './common.js';
import { runSimulation } from './simulation.js';
import type { RunArray } from './types.js';

/**
 * ‖D_l(t) − D_l(0)‖_F summed over consecutive layer pairs at each record, D_l = W_{l+1}ᵀW_{l+1} −
 * W_lW_lᵀ (zero under exact gradient flow with equal rates; O(η²) per GD step, Dominé et al. §2.1).
 * @example
 * const task = whitenedTask(Matrix.from([[1]]));
 * const traj = trainGradientDescent(task, { W1: Matrix.from([[0.1]]), W2: Matrix.from([[0.1]]) }, { learningRate: 0.1, steps: 50 });
 * Math.max(...balanceDriftSeries(traj)) >= 0; // → true (the largest drift of the run)
 */
export function balanceDriftSeries(traj: Trajectory): Float64Array {
  const D0 = consecutiveBalances(traj.weights[0]);
  return Float64Array.from(traj.weights, (w) => {
    const D = consecutiveBalances(w);
    let s = 0;
    for (let l = 0; l < D.length; l++) s += frobeniusNorm(sub(D[l], D0[l]));
    return s;
  });
}

/** The simulated side of a linear-network run. */
export interface LinearSimulation {
  traj: Trajectory;
  /** W(t) = W_L⋯W₁ at each record. */
  W: Matrix[];
  columns: Record<string, Float64Array>;
  summary: Record<string, number | null>;
  arrays: Record<string, RunArray>;
  units: Record<string, string>;
}

/**
 * Simulates the plan (guarded against divergence) and measures the series `loss`, `sv0…`,
 * `balanceDrift`, the summary `weightChange`, `balanceDrift` (max) and the arrays `W{l}Initial`,
 * `W{l}Final`, `WFinal`, `target` (Σ_yx).
 * @throws ConvergenceError naming train.learningRate when the run diverges.
 * @example
 * import { requireTrain } from './simulation.js';
 * const built = buildDocument(validateExperiment({ model: { kind: 'two-layer-linear' }, task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] }, init: { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 }, train: { method: 'flow', tEnd: 5 } }));
 * const plan = requireTrain(built, 'run');
 * const sim = simulateLinear(built, plan);
 * sim.columns.loss.length > 0; // → true
 */
export function simulateLinear(built: BuiltExperiment, plan: TrainPlan): LinearSimulation {
  const traj = guardSimulation(plan, () => runSimulation(built, plan));
  const loss = Float64Array.from(traj.loss);
  assertFiniteSeries(plan, traj.t, { loss });
  const W = traj.weights.map((w) => networkFunction(w));
  const drift = balanceDriftSeries(traj);
  const columns: Record<string, Float64Array> = { loss, ...singularValueColumns(W, 'sv'), balanceDrift: drift };
  const first = traj.weights[0];
  const last = traj.weights[traj.weights.length - 1];
  const weightChange = weightChangeOrNull(first, last);
  const arrays: Record<string, RunArray> = {};
  first.forEach((m, l) => (arrays[`W${l + 1}Initial`] = matrixArray(m)));
  last.forEach((m, l) => (arrays[`W${l + 1}Final`] = matrixArray(m)));
  arrays.WFinal = matrixArray(W[W.length - 1]);
  arrays.target = matrixArray(built.task.sigmaYX);
  let maxDrift = 0;
  for (const d of drift) maxDrift = Math.max(maxDrift, d);
  const units: Record<string, string> = {
    balanceDrift: 'series: Σ_l ‖D_l(t) − D_l(0)‖_F with D_l = W_{l+1}ᵀW_{l+1} − W_lW_lᵀ (weight² units); summary: its maximum',
    WFinal: 'network function W = W_L⋯W₁ of the simulation at the last record, N_o×N_i',
    target: 'Σ_yx, the task’s input-output correlation, N_o×N_i',
  };
  for (const name of Object.keys(columns)) if (/^sv\d+$/.test(name)) units[name] = `singular value ${name.slice(2)} of W(t) = W_L⋯W₁ (simulation), descending`;
  first.forEach((_, l) => {
    units[`W${l + 1}Initial`] = `layer ${l + 1} weights at t = 0`;
    units[`W${l + 1}Final`] = `layer ${l + 1} weights at the last record (simulation)`;
  });
  return { traj, W, columns, summary: { weightChange, balanceDrift: maxDrift }, arrays, units };
}
