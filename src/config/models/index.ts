/**
 * The linear-network model kinds of issue 4 (two-layer-linear, deep-linear), which share the task
 * and init sections of ./tasks.ts and ./inits.ts and build weights [W₁, …, W_L]. A linear kind is
 * one module (schema + buildWeights, see ./types.ts) listed here; every model kind, linear or not,
 * is listed in ../kinds.ts.
 * @module
 */
import { z } from 'zod';
import { deepLinear } from './deep-linear.js';
import { twoLayerLinear } from './two-layer-linear.js';
import type { ModelKind } from './types.js';

export { twoLayerLinear } from './two-layer-linear.js';
export { deepLinear } from './deep-linear.js';
export { mixedLinearDocument, buildMixedLinear, type BuiltMixedLinear, type MixedLinearDocument } from './mixed-linear.js';
export { scalarWidthDocument, buildScalarWidth, type BuiltScalarWidth, type ScalarWidthDocument } from './scalar-width.js';
export { singleNeuronDocument, buildSingleNeuron, type BuiltSingleNeuron, type SingleNeuronDocument } from './single-neuron.js';
export type { ModelKind, ModelBuildContext, BuiltModel } from './types.js';

/** The linear-network model kinds. */
export const LINEAR_MODEL_KINDS = [twoLayerLinear, deepLinear] as const;

/** The model section of a linear-network document: a union discriminated by `kind`. */
export const modelSchema = z.discriminatedUnion('kind', [twoLayerLinear.schema, deepLinear.schema]);

/** A validated `model` section of a linear-network document (`two-layer-linear` or `deep-linear`). */
export type ModelDocument = z.infer<typeof modelSchema>;

/** The model kind definition of a (validated) model section. */
export function modelKindOf(model: ModelDocument): ModelKind {
  const found = LINEAR_MODEL_KINDS.find((m) => m.kind === model.kind);
  // The schema admits exactly the registered kinds, so this cannot fail after validation.
  if (!found) throw new Error(`model kind ${model.kind} has no definition`);
  return found as unknown as ModelKind;
}
