/**
 * Runs the simulation a document describes (GD, SGD or gradient flow from its initial weights),
 * shared by `simulate` and `compare`.
 * @module
 */
import { ConfigError } from '../errors/index.js';
import type { BuiltExperiment, TrainPlan } from '../config/index.js';
import type { Trajectory } from '../models/types.js';
import { createRandom } from '../random/index.js';
import { gradientFlow, trainGradientDescent, trainSgd } from '../train/index.js';

/** Default number of recorded intervals when the document does not say (about 100 records). */
export const DEFAULT_RECORDS = 100;

/** The training plan, or a ConfigError saying the command needs one. */
export function requireTrain(built: { train: TrainPlan | undefined }, command: string): TrainPlan {
  if (!built.train) {
    throw new ConfigError(
      `train: missing required section; "${command}" needs a train section, e.g. "train": {"method": "gd", "learningRate": 0.01, "steps": 500}.`,
      { path: 'train' },
    );
  }
  return built.train;
}

/** Evenly spaced times 0, tEnd/n, …, tEnd. */
export function evenTimes(tEnd: number, n: number): number[] {
  return Array.from({ length: n + 1 }, (_, k) => (k === n ? tEnd : (tEnd * k) / n));
}

/**
 * Runs the plan from the built weights. `override` replaces fields of the plan (compare uses it to
 * rerun at half the step size).
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
