/**
 * The experiment document of lazyrich: schema (zod), parsing (JSON/YAML), one-sentence errors,
 * JSON Schema, and the pure builder from a document to task, weights and training plan.
 * @module
 */
export { experimentSchema, experimentJsonSchema, type ExperimentDocument } from './schema.js';
export { parseExperiment, parseDocumentText, validateExperiment, detectFormat, lineColumn } from './parse.js';
export { buildExperiment, buildTask, buildTrainPlan, type BuildOptions, type BuiltExperiment, type TrainPlan } from './build.js';
export { parseTimes } from './times.js';
export { issuesToConfigError, issueMessage, closestMatch, editDistance, formatPath } from './errors.js';
export { MODEL_KINDS, modelSchema, modelKindOf, type ModelDocument, type ModelKind } from './models/index.js';
export { taskSchema, type TaskDocument, WHITEN_CHOICES } from './tasks.js';
export { initSchema, type InitDocument } from './inits.js';
export { trainSchema, recordSchema, theorySchema, TRAIN_METHODS, type TrainDocument } from './train.js';
