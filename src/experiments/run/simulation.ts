/**
 * The simulation a document describes for the linear-network kinds (two-layer-linear,
 * deep-linear): GD, SGD or gradient flow from the built initial weights, recorded at the plan's
 * times. Shared by `runDocument` and the commands `simulate` and `compare` (src/cli/simulation.ts
 * re-exports it). Pure: no files, every random draw from the document's seed.
 * @module
 */
import { ConfigError } from '../../errors/index.js';
import type { BuiltExperiment, TrainPlan } from '../../config/index.js';
import type { Trajectory } from '../../models/types.js';
import { createRandom } from '../../random/index.js';
import { gradientFlow, trainGradientDescent, trainSgd } from '../../train/index.js';

/** Default number of recorded intervals when the document does not say (about 100 records). */
export const DEFAULT_RECORDS = 100;

/**
 * The training plan, or a ConfigError (path `train`) saying that `command` needs one, with an example.
 * @example
 * const built = buildDocument(validateExperiment({ model: { kind: 'two-layer-linear' }, task: { kind: 'semantic' }, init: { kind: 'lecun', hidden: 8 } }));
 * requireTrain(built, 'run'); // throws ConfigError (the document has no train section)
 */
export function requireTrain(built: { train: TrainPlan | undefined }, command: string): TrainPlan {
  if (!built.train) {
    throw new ConfigError(
      `train: missing required section; "${command}" needs a train section, e.g. "train": {"method": "gd", "learningRate": 0.01, "steps": 500}.`,
      { path: 'train' },
    );
  }
  return built.train;
}

/**
 * Evenly spaced times 0, tEnd/n, …, tEnd (t/τ; the last one is exactly tEnd).
 * @example
 * evenTimes(1, 4); // [0, 0.25, 0.5, 0.75, 1]
 */
export function evenTimes(tEnd: number, n: number): number[] {
  return Array.from({ length: n + 1 }, (_, k) => (k === n ? tEnd : (tEnd * k) / n));
}

/**
 * Runs the plan from the built weights of a linear-network document: `gradientFlow` (DOP853 at the
 * plan's tolerances, per-layer rates as multipliers of η₁), `trainGradientDescent` or `trainSgd`
 * (batches from `createRandom(seed, 'train')`). Records every `recordEvery` steps, at
 * `recordTimes`, or about {@link DEFAULT_RECORDS} times. Time t/τ, GD step k ↔ t = k·η.
 * @throws ConvergenceError when GD/SGD diverges (from the train module).
 * @example
 * const built = buildDocument(validateExperiment({ model: { kind: 'two-layer-linear' }, task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] }, init: { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 }, train: { method: 'flow', tEnd: 5 } }));
 * const traj = runSimulation(built, requireTrain(built, 'simulate'));
 * traj.loss[traj.loss.length - 1] < traj.loss[0]; // → true
 */
export function runSimulation(built: BuiltExperiment, plan: TrainPlan): Trajectory {
  const weights = built.weights;
  if (plan.method === 'flow') {
    const times = plan.recordTimes ?? evenTimes(plan.tEnd, DEFAULT_RECORDS);
    return gradientFlow(built.task, weights, {
      times,
      rtol: plan.rtol,
      atol: plan.atol,
      ...(plan.learningRates ? { layerRates: plan.learningRates.map((r) => r / plan.learningRates![0]) } : {}),
    });
  }
  const steps = plan.steps as number;
  const record = plan.recordTimes
    ? { times: plan.recordTimes, match: 'nearest' as const }
    : { every: plan.recordEvery ?? Math.max(1, Math.round(steps / DEFAULT_RECORDS)) };
  const rates = plan.learningRates ? { learningRates: plan.learningRates } : { learningRate: plan.learningRate as number };
  if (plan.method === 'gd') return trainGradientDescent(built.task, weights, { ...rates, steps, record });
  return trainSgd(built.task, weights, {
    ...rates,
    steps,
    record,
    batchSize: plan.batchSize as number,
    stream: createRandom(built.seed, 'train'),
  });
}
