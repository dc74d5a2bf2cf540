/**
 * `runDocument` for model kind `two-layer-linear` (Dominé et al. 2025, "From Lazy to Rich"): the
 * simulation of the document's plan beside the closed form QQᵀ(t) (spec §3.4) from the same
 * initial weights at the same recorded times. The exact side needs whitened inputs, a λ-balanced
 * init, N_h = min(N_i, N_o), a non-singular B and one learning rate for both layers; otherwise it is
 * `{ available: false, reason }` with the theory's own sentence and the simulation still runs.
 *
 * Series: `loss`, `sv0…` (singular values of W(t)), `kernelDistance` (NTK distance S(K(0), K(t)),
 * spec §4.4), `balanceDrift`; with the exact side `lossExact`, `sv0Exact…`,
 * `kernelDistanceExact`, `relativeError` (‖W_sim − W_exact‖_F/‖W_exact‖_F).
 * @module
 */
import type { BuiltExperiment, TrainPlan } from '../../config/index.js';
import { Matrix } from '../../linalg/matrix.js';
import { ntkKernelDistance, type NtkStateLike } from '../../metrics/index.js';
import { exactSolution, type ExactSolution } from '../../theory/lazy-to-rich/index.js';
import { BASE_UNITS, baseSummary, lastOf, matrixArray, relativeDistance, singularValueColumns, tryExact, unavailable, type KindRun } from './common.js';
import { simulateLinear } from './linear.js';
import type { ExactAvailability } from './types.js';

/**
 * The inputs the NTK is evaluated on: the task's data X when it has samples, else the standard
 * basis of ℝ^{N_i} (for a whitened task this is X = I, whose Σ_xx = I/N_i has the same
 * eigenvectors; the kernel distance is scale-free).
 * @example
 * const built = buildDocument(validateExperiment({ model: { kind: 'two-layer-linear' }, task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] }, init: { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 }, train: { method: 'flow', tEnd: 5 } }));
 * ntkInputs(built).description; // → "standard basis of R^2 (whitened task without data)"
 */
export function ntkInputs(built: BuiltExperiment): { X: Matrix; description: string } {
  const task = built.task;
  if (task.X) return { X: task.X, description: `task data X (${task.X.rows}x${task.X.cols}, one column per sample)` };
  return { X: Matrix.identity(task.ni), description: `standard basis of R^${task.ni} (whitened task without data)` };
}

/**
 * The closed form of a two-layer document, or the sentence saying why it does not apply (the
 * theory's own refusal; or unequal layer rates, which the closed form of spec §1 does not cover).
 * @example
 * import { requireTrain } from './simulation.js';
 * const built = buildDocument(validateExperiment({ model: { kind: 'two-layer-linear' }, task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] }, init: { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 }, train: { method: 'flow', tEnd: 5 } }));
 * const plan = requireTrain(built, 'run');
 * const ex = twoLayerExactSolution(built, plan);
 * ex.ok; // → true
 */
export function twoLayerExactSolution(built: BuiltExperiment, plan: TrainPlan): { ok: true; value: ExactSolution } | { ok: false; reason: string } {
  const rates = plan.learningRates;
  if (rates && rates.some((r) => r !== rates[0])) {
    return {
      ok: false,
      reason: `train.learningRates: the closed form assumes one learning rate for both layers (spec §1), got [${rates.join(', ')}]; the simulation uses them, the exact side is not evaluated.`,
    };
  }
  const [W1, W2] = built.weights;
  return tryExact(() => exactSolution(built.task, { W1, W2 }));
}

/** S(K(0), K(t)) of each state, or NaN throughout (with a note) when a kernel is zero. */
function kernelDistances(states: readonly NtkStateLike[], X: Matrix, notes: string[], what: string): Float64Array {
  try {
    return Float64Array.from(states, (s) => ntkKernelDistance(states[0], s, X));
  } catch (error) {
    notes.push(`kernel distance (${what}) undefined: ${(error as Error).message}`);
    return new Float64Array(states.length).fill(NaN);
  }
}

/**
 * Runs a two-layer-linear document: simulation and, where it applies, the closed form at the same
 * recorded times. See the module comment for the series.
 * @throws ConvergenceError naming train.learningRate when the simulation diverges.
 * @example
 * import { requireTrain } from './simulation.js';
 * const built = buildDocument(validateExperiment({ model: { kind: 'two-layer-linear' }, task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] }, init: { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 }, train: { method: 'flow', tEnd: 5 } }));
 * const plan = requireTrain(built, 'run');
 * const r = runTwoLayerLinear(built, plan);
 * r.summary.maxRelativeError < 1e-8; // → true (≲ 1e-9 for gradient flow from a λ-balanced init)
 */
export function runTwoLayerLinear(built: BuiltExperiment, plan: TrainPlan): KindRun {
  const notes: string[] = [];
  const sim = simulateLinear(built, plan);
  const t = Float64Array.from(sim.traj.t);
  const { X, description } = ntkInputs(built);
  notes.push(`NTK kernel distance on the ${description}.`);
  const kd = kernelDistances(sim.traj.weights, X, notes, 'simulation');
  const columns: Record<string, Float64Array> = { ...sim.columns, kernelDistance: kd };
  const units: Record<string, string> = {
    ...BASE_UNITS,
    ...sim.units,
    kernelDistance: 'NTK kernel distance S(K(0), K(t)) = 1 − ⟨K(0), K(t)⟩/(‖K(0)‖‖K(t)‖) ∈ [0, 2] (simulation; summary: at the last record)',
    lambda: 'balance λ = tr(W₂ᵀW₂ − W₁W₁ᵀ)/N_h of the initial weights (weight² units)',
    inverseConditionB: '1/cond₂(B) of the closed form (spec §3.3); small means near-singular',
  };
  const arrays = { ...sim.arrays };
  const labels: Record<string, string> = { method: plan.method };
  const ex = twoLayerExactSolution(built, plan);
  let exact: ExactAvailability;
  let exactCols: { lossExact: Float64Array; relativeError: Float64Array } | undefined;
  const extra: Record<string, number | null> = { kernelDistanceExact: null, lambda: null, inverseConditionB: null };
  if (ex.ok) {
    const sol = ex.value;
    const states = sol.trajectory(t);
    const lossExact = Float64Array.from(t, (x) => sol.loss(x));
    const relativeError = Float64Array.from(states, (s, k) => relativeDistance(sim.W[k].data, s.W.data));
    const kdExact = kernelDistances(states, X, notes, 'exact');
    Object.assign(columns, { lossExact, relativeError, kernelDistanceExact: kdExact }, singularValueColumns(states.map((s) => s.W), 'sv', 'Exact'));
    for (const name of Object.keys(columns)) if (/^sv\d+Exact$/.test(name)) units[name] = `singular value ${name.slice(2, -5)} of W(t) (exact solution), descending`;
    units.kernelDistanceExact = 'NTK kernel distance S(K(0), K(t)) of the exact solution';
    units.WFinalExact = 'network function W(T) of the exact solution at the last record, N_o×N_i';
    arrays.WFinalExact = matrixArray(states[states.length - 1].W);
    exactCols = { lossExact, relativeError };
    extra.kernelDistanceExact = lastOf(kdExact);
    extra.lambda = sol.lambda;
    extra.inverseConditionB = sol.diagnostics.inverseConditionB;
    labels.regime = sol.diagnostics.regime;
    exact = { available: true, what: 'closed form QQᵀ(t) of Dominé et al. 2025 §3.4 from the same initial weights, at the recorded times; relativeError is of W = W₂W₁' };
  } else {
    exact = unavailable(ex.reason);
  }
  if (plan.method !== 'flow' && ex.ok) notes.push(`GD/SGD differ from the gradient flow of the closed form by O(η) (η = ${plan.learningRate}).`);
  const summary = { ...baseSummary(plan, t, columns.loss, exactCols), kernelDistance: lastOf(kd), ...sim.summary, ...extra };
  return { exact, summary, labels, series: { t, columns }, arrays, units, notes };
}
