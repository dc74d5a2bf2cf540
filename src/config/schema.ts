/**
 * The experiment document: `{ model, task, init, train?, theory?, record?, seed? }`, one document
 * shape per model kind. Each kind owns its `task` and `init` sections (see ./kinds.ts), so the same
 * kind name (e.g. `init.kind: "explicit"`) has the fields its model needs: W1/W2 for
 * two-layer-linear, A for mixed-linear, u/w for scalar-width, a/w for single-neuron.
 *
 * Every object is strict (an unknown key is an error, with a close-match suggestion), and
 * `model`, `task` and `init` are unions discriminated by `kind`. Numbers must be finite. Times are
 * t/τ (GD step k ↔ t = k·η, Dominé et al. 2025 §1).
 *
 * @example
 * // The document of issue 4, accepted as it is:
 * const doc = {
 *   model: { kind: 'two-layer-linear' },
 *   task: { kind: 'whitened', sigmaYX: [[2, 0.5], [0.1, 1]] },
 *   init: { kind: 'lambda-balanced', lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 },
 *   train: { method: 'gd', learningRate: 0.01, steps: 500 },
 * };
 * validateExperiment(doc).init; // → { kind: "lambda-balanced", lambda: -1.5, scale: 0.2, hidden: 2, seed: 7 }
 * @module
 */
import { z } from 'zod';
import { MODEL_KINDS, type ExperimentDocument } from './kinds.js';

export type { ExperimentDocument } from './kinds.js';

/**
 * The union of the per-kind documents (for zod users; {@link validateExperiment} validates in two
 * phases through the kind's own document, which gives precise paths).
 */
export const experimentSchema = z.union(MODEL_KINDS.map((k) => k.document) as unknown as [z.ZodObject, z.ZodObject, ...z.ZodObject[]]) as unknown as z.ZodType<ExperimentDocument>;

/**
 * The JSON Schema (draft 2020-12) of the experiment document, as committed in
 * `schema/experiment.schema.json` and printed by `lazyrich schema`: a `oneOf` of the per-kind
 * documents, each fixing `model.kind` to one value.
 */
export function experimentJsonSchema(): Record<string, unknown> {
  const documents = MODEL_KINDS.map((k) => {
    const one = z.toJSONSchema(k.document, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
    delete one.$schema;
    return one;
  });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'lazyrich experiment',
    description: `A lazyrich experiment document: model, task, initialisation, training and what to record; model.kind (one of ${MODEL_KINDS.map((k) => k.kind).join(', ')}) selects the task and init sections. Times are t/τ (GD step k ↔ t = k·η).`,
    oneOf: documents,
  };
}
