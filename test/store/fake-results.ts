/**
 * A small sweep and hand-built RunResults for the store tests (the runner is built elsewhere). No
 * node:test import, so a child process of the kill test can load it.
 */
import { expandSweep } from '../../src/experiments/sweep/expand.js';
import type { ExpandedSweep, SweepPoint } from '../../src/experiments/sweep/types.js';
import type { RunResult } from '../../src/experiments/run/types.js';
import { createRandom } from '../../src/random/index.js';

export const BASE = {
  model: { kind: 'two-layer-linear' },
  task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] },
  init: { kind: 'lambda-balanced', lambda: 0, scale: 0.2, hidden: 2 },
  train: { method: 'gd', learningRate: 0.01, steps: 500 },
};

/** A 3 × 2 × 2-replicate sweep (12 points); `lambdas` changes the sweep (and its id). */
export function smallSweep(lambdas: number[] = [-1, 0, 1]): ExpandedSweep {
  return expandSweep({
    ...structuredClone(BASE),
    sweep: { seed: 1, replicates: 2, axes: [{ path: 'init.lambda', values: lambdas }, { path: 'init.scale', logspace: { start: -2, stop: 0, num: 2 } }] },
  });
}

/** A sweep of `n` points (one linspace axis), for the kill test. */
export function lineSweep(n: number): ExpandedSweep {
  return expandSweep({ ...structuredClone(BASE), sweep: { seed: 9, axes: [{ path: 'init.lambda', linspace: { start: -3, stop: 3, num: n } }] } });
}

/**
 * A RunResult whose numbers are drawn from the point's seed (so equal for equal points), with
 * a NaN and a null summary metric, labels, a series and two arrays.
 */
export function fakeResult(point: SweepPoint, variant = 0): RunResult {
  const rng = createRandom(point.seed, 'fake-result', variant);
  const n = 5 + (point.index % 3);
  const t = Float64Array.from({ length: n }, (_, i) => i * 0.25);
  return {
    kind: 'two-layer-linear',
    seed: point.seed,
    exact: point.index % 2 === 0 ? { available: true, what: 'closed form' } : { available: false, reason: 'init is not λ-balanced' },
    summary: { finalLoss: rng.uniform(), steps: 500, tEnd: 5, kernelDistance: point.index === 3 ? NaN : rng.normal(), maxRelativeError: point.index % 2 === 0 ? rng.uniform() * 1e-9 : null },
    labels: { regime: point.index % 3 === 0 ? 'lazy' : 'rich, "mixed"' },
    series: { t, columns: { loss: rng.normalArray(n), 'ntk distance': rng.normalArray(n) } },
    arrays: { W1: { shape: [2, 3], data: rng.normalArray(6) }, spectrum: { shape: [4], data: Float64Array.of(3, 2, 1, point.index === 5 ? Infinity : 0) } },
    units: { finalLoss: 'MSE/2', t: 't/τ' },
    notes: [`point ${point.index}`],
  };
}

