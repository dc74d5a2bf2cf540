/**
 * `runDocument` for model kind `deep-linear` (W = W_L⋯W₁): simulation only — no closed form
 * exists for depth L > 2 from arbitrary weights, so the exact side is unavailable with that reason.
 * Series `loss`, `sv0…` (singular values of W(t)), `balanceDrift`; summary `weightChange`.
 * @module
 */
import type { BuiltExperiment, TrainPlan } from '../../config/index.js';
import { BASE_UNITS, baseSummary, unavailable, type KindRun } from './common.js';
import { simulateLinear } from './linear.js';

/**
 * Runs a deep-linear document (simulation only).
 * @throws ConvergenceError naming train.learningRate when the simulation diverges.
 * @example
 * import { requireTrain } from './simulation.js';
 * const built = buildDocument(validateExperiment({ model: { kind: 'deep-linear', widths: [2, 3, 2] }, task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] }, init: { kind: 'gaussian', std1: 0.1, std2: 0.1, seed: 1 }, train: { method: 'gd', learningRate: 0.01, steps: 100 } }));
 * const plan = requireTrain(built, 'run');
 * runDeepLinear(built, plan).exact.available; // → false
 */
export function runDeepLinear(built: BuiltExperiment, plan: TrainPlan): KindRun {
  const sim = simulateLinear(built, plan);
  const t = Float64Array.from(sim.traj.t);
  return {
    exact: unavailable(
      `model.kind: there is no exact solution for a ${built.widths.length - 1}-layer deep-linear network (the closed form of Dominé et al. 2025 covers two layers; use model kind "two-layer-linear" for it); the simulation ran alone.`,
    ),
    summary: { ...baseSummary(plan, t, sim.columns.loss, undefined), ...sim.summary },
    labels: { method: plan.method },
    series: { t, columns: sim.columns },
    arrays: sim.arrays,
    units: { ...BASE_UNITS, ...sim.units },
    notes: [`widths ${built.widths.join('-')}.`],
  };
}
