/**
 * Model kind `single-neuron`: the two-layer single-neuron linear network f(x) = a·wᵀx with
 * learning rates η_w, η_a (Kunin et al.; spec "connectivity" §6), trained on a whitened task
 * L = ½‖β − β*‖² with β = a·w. The conserved δ = η_w a² − η_a‖w‖² selects the branch; the exact
 * solution gives β(t), a(t), w(t), φ(t) and the kernel distance.
 *
 * | section | kinds |
 * |---|---|
 * | `model` | `{ kind: "single-neuron", etaW > 0, etaA > 0 }` |
 * | `task` | `whitened-vector`: `betaStar` ∈ ℝ^d (Σ_xx = I) |
 * | `init` | `explicit`: `a` (a number), `w` ∈ ℝ^d |
 *
 * @example
 * validateExperiment({
 *   model: { kind: 'single-neuron', etaW: 1, etaA: 1 },
 *   task: { kind: 'whitened-vector', betaStar: [1, -0.5] },
 *   init: { kind: 'explicit', a: 0.3, w: [0.1, 0.05] },
 * });
 * @module
 */
import { z } from 'zod';
import { ConfigError } from '../../errors/index.js';
import { documentOf, type CommonSections } from '../document.js';
import { finite, positive, vector } from '../primitives.js';

export const singleNeuronSchema = z.strictObject({
  kind: z.literal('single-neuron'),
  /** Learning rate of the first-layer vector w. */
  etaW: positive().describe('Learning rate η_w of w (> 0).'),
  /** Learning rate of the output weight a. */
  etaA: positive().describe('Learning rate η_a of a (> 0).'),
}).describe('Single-neuron linear network f(x) = a wᵀx (Kunin et al.), exact solution in β-space.');

export const whitenedVectorTaskSchema = z.strictObject({
  kind: z.literal('whitened-vector'),
  /** β*, the teacher vector (Σ_xx = I). */
  betaStar: vector().describe('Teacher β* ∈ R^d of a whitened task (Σ_xx = I).'),
}).describe('Whitened regression onto β*: L = ½‖a w − β*‖².');

export const singleNeuronExplicitInitSchema = z.strictObject({
  kind: z.literal('explicit'),
  /** a(0). */
  a: finite().describe('Output weight a(0).'),
  /** w(0) ∈ ℝ^d. */
  w: vector().describe('First-layer vector w(0), the length of betaStar.'),
}).describe('a and w as given.');

export const singleNeuronTaskSchema = z.discriminatedUnion('kind', [whitenedVectorTaskSchema]);
export const singleNeuronInitSchema = z.discriminatedUnion('kind', [singleNeuronExplicitInitSchema]);

export const singleNeuronDocument = documentOf('single-neuron', singleNeuronSchema, singleNeuronTaskSchema, singleNeuronInitSchema);
/** A validated `single-neuron` experiment document (Kunin et al. 2024; spec connectivity §6). */
export type SingleNeuronDocument = z.infer<typeof singleNeuronDocument>;

/** A built single-neuron experiment; times are t/τ of the gradient flow. */
export interface BuiltSingleNeuron {
  readonly family: 'single-neuron';
  readonly model: z.infer<typeof singleNeuronSchema>;
  readonly betaStar: Float64Array;
  readonly a: number;
  readonly w: Float64Array;
}

/** Builds a validated single-neuron document. */
export function buildSingleNeuron(doc: SingleNeuronDocument & CommonSections): BuiltSingleNeuron {
  const { betaStar } = doc.task;
  if (doc.init.w.length !== betaStar.length) {
    throw new ConfigError(`init.w: length ${doc.init.w.length} does not match task.betaStar of length ${betaStar.length}; w and β* live in the same input space.`, {
      path: 'init.w',
    });
  }
  return { family: 'single-neuron', model: doc.model, betaStar: Float64Array.from(betaStar), a: doc.init.a, w: Float64Array.from(doc.init.w) };
}
