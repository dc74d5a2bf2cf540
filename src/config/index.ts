/**
 * The experiment document of lazyrich: schema (zod), parsing (JSON/YAML), one-sentence errors,
 * JSON Schema, and the pure builder from a document to task, weights and training plan.
 * @module
 */
export { experimentSchema, experimentJsonSchema, type ExperimentDocument } from './schema.js';
export { parseExperiment, parseDocumentText, validateExperiment, detectFormat, lineColumn } from './parse.js';
export { buildExperiment, buildTask, buildTrainPlan, buildCommon, isLinearDocument, type BuildOptions, type BuiltExperiment, type BuiltCommon, type TrainPlan } from './build.js';
export { MODEL_KINDS, MODEL_KIND_NAMES, buildDocument, documentKind, type BuiltDocument, type DocumentKind, type LinearExperimentDocument } from './kinds.js';
export { documentOf, type CommonSections } from './document.js';
export { parseTimes } from './times.js';
export { issuesToConfigError, issueMessage, closestMatch, editDistance, formatPath } from './errors.js';
export { LINEAR_MODEL_KINDS, modelSchema, modelKindOf, type ModelDocument, type ModelKind } from './models/index.js';
export {
  mixedLinearDocument,
  buildMixedLinear,
  scalarWidthDocument,
  buildScalarWidth,
  singleNeuronDocument,
  buildSingleNeuron,
  type BuiltMixedLinear,
  type BuiltScalarWidth,
  type BuiltSingleNeuron,
  type MixedLinearDocument,
  type ScalarWidthDocument,
  type SingleNeuronDocument,
} from './models/index.js';
export { taskSchema, type TaskDocument, WHITEN_CHOICES } from './tasks.js';
export { initSchema, type InitDocument } from './inits.js';
export { trainSchema, recordSchema, theorySchema, TRAIN_METHODS, type TrainDocument } from './train.js';
