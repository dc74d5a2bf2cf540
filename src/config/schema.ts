/**
 * The experiment document: `{ model, task, init, train?, theory?, record?, seed? }`.
 *
 * Every object is strict (an unknown key is an error, with a close-match suggestion), and `model`,
 * `task` and `init` are unions discriminated by `kind`. Numbers must be finite. Times are t/τ
 * (GD step k ↔ t = k·η, Dominé et al. 2025 §1).
 *
 * @example
 * // The document of issue 4, accepted as it is:
 * const doc = {
 *   model: { kind: 'two-layer-linear' },
 *   task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] },
 *   init: { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 },
 *   train: { method: 'gd', learningRate: 0.01, steps: 500 },
 * };
 * validateExperiment(doc); // → the typed document
 * @module
 */
import { z } from 'zod';
import { initSchema } from './inits.js';
import { modelSchema } from './models/index.js';
import { seed } from './primitives.js';
import { taskSchema } from './tasks.js';
import { recordSchema, theorySchema, trainSchema } from './train.js';

export const experimentSchema = z
  .strictObject({
    /** Optional `$schema` pointer for editors (ignored). */
    $schema: z.string().optional(),
    model: modelSchema,
    task: taskSchema,
    init: initSchema,
    train: trainSchema.optional(),
    theory: theorySchema.optional(),
    record: recordSchema.optional(),
    /** Seed of every random draw without its own seed (task, init, SGD batches); default 0. */
    seed: seed().optional(),
  })
  .meta({
    title: 'lazyrich experiment',
    description: 'A lazyrich experiment document: model, task, initialisation, training and what to record. Times are t/τ (GD step k ↔ t = k·η).',
  });

/** A validated experiment document. */
export type ExperimentDocument = z.infer<typeof experimentSchema>;

/**
 * The JSON Schema (draft 2020-12) of the experiment document, as committed in
 * `schema/experiment.schema.json` and printed by `lazyrich schema`.
 */
export function experimentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(experimentSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}
