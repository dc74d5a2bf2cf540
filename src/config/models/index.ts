/**
 * The registry of model kinds of the experiment document. To add a kind, write its module (schema
 * + buildWeights, see ./types.ts) and list it here; nothing else changes.
 * @module
 */
import { z } from 'zod';
import { deepLinear } from './deep-linear.js';
import { twoLayerLinear } from './two-layer-linear.js';
import type { ModelKind } from './types.js';

export { twoLayerLinear } from './two-layer-linear.js';
export { deepLinear } from './deep-linear.js';
export type { ModelKind, ModelBuildContext, BuiltModel } from './types.js';

/** Every model kind, in the order `lazyrich schema` and error messages list them. */
export const MODEL_KINDS = [twoLayerLinear, deepLinear] as const;

/** The model section: a union discriminated by `kind`. */
export const modelSchema = z.discriminatedUnion('kind', [twoLayerLinear.schema, deepLinear.schema]);

export type ModelDocument = z.infer<typeof modelSchema>;

/** The model kind definition of a (validated) model section. */
export function modelKindOf(model: ModelDocument): ModelKind {
  const found = MODEL_KINDS.find((m) => m.kind === model.kind);
  // The schema admits exactly the registered kinds, so this cannot fail after validation.
  if (!found) throw new Error(`model kind ${model.kind} has no definition`);
  return found as unknown as ModelKind;
}
