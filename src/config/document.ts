/**
 * One model kind's experiment document: `{ model, task, init, train?, theory?, record?, seed?, sweep? }`
 * where `model`, `task` and `init` are that kind's own schemas. The experiment schema is the union
 * of these documents (see ./kinds.ts); validation reads `model.kind` first and then validates the
 * whole document with that kind's document schema, so every message keeps its precise path.
 * @module
 */
import { z } from 'zod';
import { seed } from './primitives.js';
import { recordSchema, theorySchema, trainSchema } from './train.js';
import { sweepSchema, type SweepDocument } from '../experiments/sweep/schema.js';

/**
 * The strict document schema of one model kind.
 * @example
 * import { mixedInitSchema, mixedLinearSchema, mixedTaskSchema } from './models/mixed-linear.js';
 * const doc = documentOf('mixed-linear', mixedLinearSchema, mixedTaskSchema, mixedInitSchema);
 * doc.safeParse({ model: { kind: 'mixed-linear', sigma2: 0.01, width: 4 }, task: { kind: 'matrix', Y: [[1, 0], [0, 1]] }, init: { kind: 'gaussian' } }).success; // → true
 */
export function documentOf<M extends z.ZodType, T extends z.ZodType, I extends z.ZodType>(kind: string, model: M, task: T, init: I) {
  return z
    .strictObject({
      /** Optional `$schema` pointer for editors (ignored). */
      $schema: z.string().optional(),
      model,
      task,
      init,
      train: trainSchema.optional(),
      theory: theorySchema.optional(),
      record: recordSchema.optional(),
      /** Seed of every random draw without its own seed (task, init, SGD batches); default 0. */
      seed: seed().optional(),
      /** A parameter sweep over this document (src/experiments/sweep/): expanded by `lazyrich sweep`. */
      sweep: sweepSchema.optional(),
    })
    .meta({
      title: `lazyrich experiment: ${kind}`,
      description: `A lazyrich experiment document of model kind "${kind}": model, task, initialisation, training and what to record. Times are t/τ (GD step k ↔ t = k·η).`,
    });
}

/** The sections every document has besides model, task and init. */
export interface CommonSections {
  train?: z.infer<typeof trainSchema> | undefined;
  theory?: z.infer<typeof theorySchema> | undefined;
  record?: z.infer<typeof recordSchema> | undefined;
  seed?: number | undefined;
  sweep?: SweepDocument | undefined;
}
