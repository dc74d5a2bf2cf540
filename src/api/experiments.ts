/**
 * Reproduced experiments: the registry of the papers' figures and tables, keyed
 * `"<paper>/<name>"` (what `lazyrich reproduce` runs). Each experiment builds its configs, runs
 * them and returns figures (SVG), tables and checks `{ name, paper, ours, tolerance, pass }`; it is
 * pure — real data (Fashion-MNIST) comes in through `ExperimentOptions.data`. Also the demo run.
 *
 * @example
 * import { experiments } from 'lazyrich';
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
export { runDemo, demoFigure, type DemoOptions, type DemoRun, type DemoResult } from '../experiments/demo.js';
