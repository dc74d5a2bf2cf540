/**
 * `runDocument`: one experiment document in, one {@link RunResult} out — the simulation of the
 * document's `train` plan and, where the model kind has one, the exact solution from the SAME initial
 * weights at the SAME recorded times, as time series, summary metrics, labels and arrays. Pure and
 * deterministic (same document and seed → bit-identical result), so it runs unchanged in Node, a
 * worker and the browser. `lazyrich run` prints/writes it, `lazyrich sweep` stores one per point.
 *
 * One runner per model kind ({@link RUN_KINDS}); a new kind adds its module here and one entry.
 * @module
 */
import { buildDocument, validateExperiment, type BuiltDocument, type BuiltExperiment, type ExperimentDocument, type TrainPlan } from '../../config/index.js';
import { ConfigError } from '../../errors/index.js';
import type { KindRun } from './common.js';
import { runDeepLinear } from './deep-linear.js';
import { runMixedLinear, type BuiltMixed } from './mixed-linear.js';
import { runScalarWidth, type BuiltScalarWidthDocument } from './scalar-width.js';
import { runSingleNeuron, type BuiltSingleNeuronDocument } from './single-neuron.js';
import { requireTrain } from './simulation.js';
import { runTwoLayerLinear } from './two-layer-linear.js';
import type { RunOptions, RunResult } from './types.js';

export type { RunArray, RunOptions, RunResult, ExactAvailability } from './types.js';
export { runResultToJson, type RunResultJson, type RunArrayJson } from './serialize.js';
export { runFigure } from './figure.js';

/** Default largest number of entries of one array of a run result (see RunOptions.maxArrayEntries). */
export const DEFAULT_MAX_ARRAY_ENTRIES = 1_000_000;

/** One model kind's runner: the built document and its plan → the run (without kind and seed). */
export type KindRunner = (built: BuiltDocument, plan: TrainPlan) => KindRun;

/** The runner of each model kind. */
export const RUN_KINDS: Readonly<Record<string, KindRunner>> = {
  'two-layer-linear': (built, plan) => runTwoLayerLinear(built as BuiltExperiment, plan),
  'deep-linear': (built, plan) => runDeepLinear(built as BuiltExperiment, plan),
  'mixed-linear': (built, plan) => runMixedLinear(built as BuiltMixed, plan),
  'scalar-width': (built, plan) => runScalarWidth(built as BuiltScalarWidthDocument, plan),
  'single-neuron': (built, plan) => runSingleNeuron(built as BuiltSingleNeuronDocument, plan),
};

/**
 * Validates, builds and runs an experiment document (see the module comment).
 * @param doc - a parsed document (JSON value) or an already validated one
 * @param options - `seed` overrides the document's seed; `loadMatrix` resolves `.npy` paths of data tasks
 * @throws ConfigError for an invalid document (naming the path) or a missing `train` section;
 *   DomainError for a method the kind cannot simulate; ConvergenceError naming `train.learningRate`
 *   when the simulation diverges.
 * @example
 * const r = runDocument({
 *   model: { kind: 'two-layer-linear' },
 *   task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] },
 *   init: { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 },
 *   train: { method: 'flow', tEnd: 5 },
 * });
 * r.exact.available;            // → true
 * r.summary.maxRelativeError < 1e-8; // → true (≈ 1e-10)
 */
export function runDocument(doc: ExperimentDocument | unknown, options: RunOptions = {}): RunResult {
  const validated = validateExperiment(doc);
  const built = buildDocument(validated, options);
  const plan = requireTrain(built, 'run');
  const kind = validated.model.kind;
  const runner = RUN_KINDS[kind];
  if (!runner) {
    throw new ConfigError(`model.kind: "run" has no runner for "${kind}"; it runs ${Object.keys(RUN_KINDS).join(', ')}.`, { path: 'model.kind' });
  }
  const run = runner(built, plan);
  const limit = options.maxArrayEntries ?? DEFAULT_MAX_ARRAY_ENTRIES;
  for (const [name, a] of Object.entries(run.arrays)) {
    if (a.data.length > limit) {
      delete run.arrays[name];
      run.notes.push(`array ${name} (${a.shape.join('x')}) left out: ${a.data.length} entries exceed maxArrayEntries = ${limit}.`);
    }
  }
  return { kind, seed: built.seed, ...run };
}
