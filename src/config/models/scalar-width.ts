/**
 * Model kind `scalar-width`: the width-d linear model f(x) = κ Σᵢ uᵢwᵢx on one-dimensional data
 * with layer-wise learning rates η_u, η_w (Xu & Ziyin 2025; spec "mixed-and-three-mechanisms" §B.2),
 * trained on L = ½Σ_xx(P − a)² + const with P = κuᵀw. Its exact solution is the Riccati closed
 * form of §B.3 (P, the NTK K, ζ and the hyperbolic-rotation weights u, w).
 *
 * | section | kinds |
 * |---|---|
 * | `model` | `{ kind: "scalar-width", kappa > 0, etaU > 0, etaW > 0 }` |
 * | `task` | `scalar`: target slope `a` and `sigmaXX` = E[x²] > 0 |
 * | `init` | `explicit`: `u`, `w` of equal length d; `gaussian`: `width`, `sigmaU`, `sigmaW`, `rho?` ∈ [−1, 1], `seed?` |
 *
 * The gaussian init draws wᵢ ~ N(0, σ_w²) and u = ρ(σ_u/σ_w)w + √(1−ρ²)σ_u ξ (ξ standard normal;
 * ρ = 0: independent layers; spec §B.2 "correlated initialisation").
 *
 * @example
 * validateExperiment({
 *   model: { kind: 'scalar-width', kappa: 0.1, etaU: 1, etaW: 2 },
 *   task: { kind: 'scalar', a: 1.5, sigmaXX: 1 },
 *   init: { kind: 'explicit', u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] },
 * });
 * @module
 */
import { z } from 'zod';
import { ConfigError } from '../../errors/index.js';
import { createRandom } from '../../random/index.js';
import { documentOf, type CommonSections } from '../document.js';
import { finite, nonNegative, positive, seed, size, vector } from '../primitives.js';

export const scalarWidthSchema = z.strictObject({
  kind: z.literal('scalar-width'),
  /** Output scale κ > 0. */
  kappa: positive().describe('Output scale κ (> 0) of f(x) = κ Σ u_i w_i x.'),
  /** Learning rate of the second layer u. */
  etaU: positive().describe('Learning rate η_u of u (> 0).'),
  /** Learning rate of the first layer w. */
  etaW: positive().describe('Learning rate η_w of w (> 0).'),
}).describe('Width-d linear model f(x) = κ Σ u_i w_i x on 1-D data with layer-wise learning rates (Xu & Ziyin 2025).');

export const scalarTaskSchema = z.strictObject({
  kind: z.literal('scalar'),
  /** Target slope a = E[xy]/E[x²]. */
  a: finite().describe('Target slope a = E[xy]/E[x²].'),
  /** Σ_xx = E[x²] > 0. */
  sigmaXX: positive().describe('Input second moment Σ_xx = E[x²] (> 0).'),
}).describe('One-dimensional regression: L = ½ Σ_xx (P − a)² + const.');

export const scalarExplicitInitSchema = z.strictObject({
  kind: z.literal('explicit'),
  /** Second-layer weights u ∈ ℝ^d. */
  u: vector().describe('Second-layer weights u (length d).'),
  /** First-layer weights w ∈ ℝ^d. */
  w: vector().describe('First-layer weights w (length d, the same as u).'),
}).describe('u and w as given.');

export const scalarGaussianInitSchema = z.strictObject({
  kind: z.literal('gaussian'),
  /** Width d. */
  width: size().describe('Width d.'),
  sigmaU: nonNegative().describe('Standard deviation σ_u of u_i.'),
  sigmaW: positive().describe('Standard deviation σ_w of w_i (> 0).'),
  /** Correlation ρ between u and w (default 0). */
  rho: z.number().min(-1).max(1).optional().describe('Correlation ρ ∈ [−1, 1] of u with w (default 0).'),
  seed: seed().optional(),
}).describe('w_i ~ N(0, σ_w²), u = ρ(σ_u/σ_w) w + √(1−ρ²) σ_u ξ.');

export const scalarWidthTaskSchema = z.discriminatedUnion('kind', [scalarTaskSchema]);
export const scalarWidthInitSchema = z.discriminatedUnion('kind', [scalarExplicitInitSchema, scalarGaussianInitSchema]);

export const scalarWidthDocument = documentOf('scalar-width', scalarWidthSchema, scalarWidthTaskSchema, scalarWidthInitSchema);
/** A validated `scalar-width` experiment document (Xu & Ziyin 2025; spec §B.1). */
export type ScalarWidthDocument = z.infer<typeof scalarWidthDocument>;

/** A built scalar-width experiment; times are t/τ of the gradient flow (GD step k ↔ t = k, rates inside). */
export interface BuiltScalarWidth {
  readonly family: 'scalar-width';
  readonly model: z.infer<typeof scalarWidthSchema>;
  readonly a: number;
  readonly sigmaXX: number;
  /** u(0), w(0) ∈ ℝ^d. */
  readonly u: Float64Array;
  readonly w: Float64Array;
}

/** Builds the task and initial weights of a validated scalar-width document (`base`: the base seed). */
export function buildScalarWidth(doc: ScalarWidthDocument & CommonSections, base: number): BuiltScalarWidth {
  const init = doc.init;
  let u: Float64Array;
  let w: Float64Array;
  if (init.kind === 'explicit') {
    if (init.u.length !== init.w.length) {
      throw new ConfigError(`init.w: length ${init.w.length} does not match init.u of length ${init.u.length}; u and w both have one entry per hidden unit.`, {
        path: 'init.w',
      });
    }
    u = Float64Array.from(init.u);
    w = Float64Array.from(init.w);
  } else {
    const stream = createRandom(init.seed ?? base, 'init');
    const rho = init.rho ?? 0;
    w = stream.split('w').normalArray(init.width, 0, init.sigmaW);
    const xi = stream.split('u').normalArray(init.width, 0, 1);
    u = new Float64Array(init.width);
    const c = Math.sqrt(Math.max(0, 1 - rho * rho)) * init.sigmaU;
    for (let i = 0; i < init.width; i++) u[i] = rho * (init.sigmaU / init.sigmaW) * w[i] + c * xi[i];
  }
  return { family: 'scalar-width', model: doc.model, a: doc.task.a, sigmaXX: doc.task.sigmaXX, u, w };
}
