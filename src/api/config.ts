/**
 * The experiment document — `{ model, task, init, train?, theory?, record?, seed? }`, JSON or YAML
 * — the only input format: its zod schema and JSON Schema, parsing with one-sentence errors naming
 * the path (`ConfigError`), the time-list syntax of `--at`, and the pure, seeded builder from a
 * document to task, initial weights and training plan, dispatched per model kind.
 *
 * @example
 * import { config } from 'lazyrich';
 * const doc = config.parseExperiment('{"model": {"kind": "scalar-width", "kappa": 0.1, "etaU": 1, "etaW": 2}, "task": {"kind": "scalar", "a": 1.5, "sigmaXX": 1}, "init": {"kind": "explicit", "u": [0.1, 0.2, -0.3], "w": [0.3, -0.1, 0.2]}}');
 * doc.model.kind; // → "scalar-width"
 * config.parseTimes('linspace(0,1,3)'); // → [0, 0.5, 1]
 *
 * @module
 */
export { experimentSchema, experimentJsonSchema, type ExperimentDocument } from '../config/schema.js';
export { parseExperiment, parseDocumentText, validateExperiment } from '../config/parse.js';
export { buildExperiment, buildTask, type BuildOptions, type BuiltExperiment, type BuiltCommon, type TrainPlan } from '../config/build.js';
export { MODEL_KINDS, MODEL_KIND_NAMES, buildDocument, documentKind, type BuiltDocument, type DocumentKind, type LinearExperimentDocument } from '../config/kinds.js';
export { parseTimes } from '../config/times.js';
export { modelSchema, type ModelDocument } from '../config/models/index.js';
export type {
  BuiltMixedLinear,
  BuiltScalarWidth,
  BuiltSingleNeuron,
  MixedLinearDocument,
  ScalarWidthDocument,
  SingleNeuronDocument,
} from '../config/models/index.js';
export { taskSchema, type TaskDocument } from '../config/tasks.js';
export { initSchema, type InitDocument } from '../config/inits.js';
export { trainSchema, recordSchema, theorySchema, TRAIN_METHODS, type TrainDocument } from '../config/train.js';
