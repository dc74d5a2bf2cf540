/**
 * Running experiments.
 *
 * - One document: `runDocument(doc)` runs the exact solution (where the model kind has one) and the
 *   simulation from the same initial weights (what `lazyrich run` does), as time series, summary
 *   metrics and arrays (`RunResult`).
 * - Sweeps: `expandSweep(doc)` expands a document's `sweep` section into validated points with
 *   stable keys and seeds (what `lazyrich sweep` runs), `parseShard`/`shardOf` split them.
 * - Reproductions: the registry of the papers' figures and tables, keyed `"<paper>/<name>"` (what
 *   `lazyrich reproduce` runs). Each builds its configs, runs them and returns figures (SVG), tables
 *   and checks `{ name, paper, ours, tolerance, pass }`; real data (Fashion-MNIST) comes in through
 *   `ExperimentOptions.data`. Also the demo run.
 *
 * @example
 * import { experiments } from 'lazyrich';
 * const doc = {
 *   model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 },
 *   task: { kind: 'scalar', a: 1.5, sigmaXX: 1 },
 *   init: { kind: 'explicit', u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] },
 *   train: { method: 'gd', learningRate: 0.01, steps: 200 },
 * };
 * const r = experiments.runDocument(doc); // the closed form beside GD from the same weights
 * r.exact.available; // → true
 * r.summary.maxRelativeError < 0.05; // → true
 * experiments.findExperiment('mixed/fig1').id; // → "mixed/fig1"
 *
 * @module
 */
export { experiments, findExperiment } from '../experiments/registry.js';
export type {
  Budget,
  ExperimentOptions,
  ImageDataset,
  ExperimentData,
  ExperimentFigure,
  ExperimentTable,
  ExperimentCheck,
  ExperimentResult,
  Experiment,
} from '../experiments/types.js';
export {
  runDocument,
  runResultToJson,
  runFigure,
  type RunArray,
  type RunOptions,
  type RunResult,
  type ExactAvailability,
  type RunResultJson,
  type RunArrayJson,
} from '../experiments/run/index.js';
export {
  expandSweep,
  parseShard,
  shardOf,
  formatShard,
  linspace,
  logspace,
  sweepSchema,
  MAX_SWEEP_POINTS,
  type Assignments,
  type SweepPoint,
  type ExpandedSweep,
  type Shard,
  type ExpandOptions,
  type SweepDocument,
} from '../experiments/sweep/index.js';
export { runDemo, demoFigure, type DemoOptions, type DemoRun, type DemoResult } from '../experiments/demo.js';
