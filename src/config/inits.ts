/**
 * Initialisation section of the experiment document (`init`), a union discriminated by `kind`.
 *
 * | kind | fields | meaning |
 * |---|---|---|
 * | `explicit` | `W1`, `W2` (two-layer) or `weights` ([W₁, …, W_L], deep) | the weights as given |
 * | `lambda-balanced` | `lambda`, `scale`, `hidden?`, `seed?`, `aligned?` | the λ-balanced construction of spec §2.3; `scale` = the network's singular values (one number for all, or one per mode) |
 * | `task-aligned` | `lambda`, `a0` | W(0) = Ũ diag(a₀) Ṽᵀ aligned with the task (spec §3.7) |
 * | `gaussian` | `std1`, `std2`, `hidden`, `seed?` | i.i.d. N(0, std²) entries per layer |
 * | `lecun` | `hidden`, `seed?` | LeCun normal: variance 1/fan-in per layer |
 * @module
 */
import { z } from 'zod';
import { finite, matrix, nonNegative, positiveInt, seed } from './primitives.js';

export const explicitInitSchema = z.strictObject({
  kind: z.literal('explicit'),
  /** First layer, N_h×N_i, row-major (two-layer models). */
  W1: matrix().optional(),
  /** Second layer, N_o×N_h, row-major (two-layer models). */
  W2: matrix().optional(),
  /** Every layer [W₁, …, W_L], W_l of shape N_l×N_{l−1} (deep models; also accepted for two layers). */
  weights: z.array(matrix()).min(1).optional(),
});

export const lambdaBalancedInitSchema = z.strictObject({
  kind: z.literal('lambda-balanced'),
  /** λ of W₂ᵀW₂ − W₁W₁ᵀ = λI (any sign, 0 included). */
  lambda: finite(),
  /** Singular values of W(0) = W₂W₁: one value for every mode, or one per mode (r = min(N_i, N_o) values). */
  scale: z.union([nonNegative(), z.array(nonNegative()).min(1)]),
  /** Hidden width (must be min(N_i, N_o) for the closed form, spec §2.2). */
  hidden: positiveInt().optional(),
  seed: seed().optional(),
  /** Take the singular vectors of W(0) from the task (U = Ũ, V = Ṽ) instead of Haar-random ones. */
  aligned: z.boolean().optional(),
});

export const taskAlignedInitSchema = z.strictObject({
  kind: z.literal('task-aligned'),
  lambda: finite(),
  /** Initial strength a_α(0) of every mode (one number for all, or one per mode; any sign). */
  a0: z.union([finite(), z.array(finite()).min(1)]),
});

export const gaussianInitSchema = z.strictObject({
  kind: z.literal('gaussian'),
  std1: nonNegative(),
  std2: nonNegative(),
  hidden: positiveInt().optional(),
  seed: seed().optional(),
});

export const lecunInitSchema = z.strictObject({
  kind: z.literal('lecun'),
  hidden: positiveInt().optional(),
  seed: seed().optional(),
});

/** The init section: a union discriminated by `kind`. */
export const initSchema = z.discriminatedUnion('kind', [
  explicitInitSchema,
  lambdaBalancedInitSchema,
  taskAlignedInitSchema,
  gaussianInitSchema,
  lecunInitSchema,
]);

export type InitDocument = z.infer<typeof initSchema>;
