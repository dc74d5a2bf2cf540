/**
 * What the gallery view computes (pure; run in its worker): the registered experiments of
 * `src/experiments/registry.ts` and the result of one of them, exactly as `lazyrich reproduce`
 * computes it (without the Fashion-MNIST loader, which only the command line has: experiments that
 * use it report that part as skipped).
 * @module
 */
import { experiments, findExperiment } from '../../../../experiments/registry.js';
import type { Budget, ExperimentResult } from '../../../../experiments/types.js';
import { ConfigError } from '../../../../errors/index.js';

/** One registered experiment as the gallery lists it. */
export interface ExperimentListing {
  id: string;
  title: string;
  reproduces: string;
}

/** Every registered experiment, in report order. */
export function listExperiments(): ExperimentListing[] {
  return experiments.map((e) => ({ id: e.id, title: e.title, reproduces: e.reproduces }));
}

/** A request to run one experiment. */
export interface RunRequest {
  id: string;
  budget: Budget;
  seed: number;
}

/** The result of a run and its wall time in ms. */
export interface RunOutcome {
  result: ExperimentResult;
  elapsedMs: number;
}

/**
 * Runs one registered experiment.
 * @throws ConfigError for an unknown id, a bad budget or seed
 * @example runExperiment({ id: 'three-mechanisms/phase-diagram', budget: 'quick', seed: 0 }).result.checks;
 */
export function runExperiment(req: RunRequest): RunOutcome {
  if (req.budget !== 'quick' && req.budget !== 'paper') throw new ConfigError(`budget: expected "quick" or "paper", got "${String(req.budget)}".`, { path: 'budget' });
  if (!(Number.isSafeInteger(req.seed) && req.seed >= 0)) throw new ConfigError(`seed: expected an integer ≥ 0, got ${String(req.seed)}.`, { path: 'seed' });
  const exp = findExperiment(req.id);
  const t0 = performance.now();
  const result = exp.run({ budget: req.budget, seed: req.seed });
  return { result, elapsedMs: performance.now() - t0 };
}
