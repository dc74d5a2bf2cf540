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
import { finite, matrix, nonNegative, seed, size } from './primitives.js';

export const explicitInitSchema = z.strictObject({
  kind: z.literal('explicit'),
  /** First layer, N_h×N_i, row-major (two-layer models). */
  W1: matrix().optional(),
  /** Second layer, N_o×N_h, row-major (two-layer models). */
  W2: matrix().optional(),
  /** Every layer [W₁, …, W_L], W_l of shape N_l×N_{l−1} (deep models; also accepted for two layers). */
  weights: z.array(matrix()).min(1).optional(),
}).describe('The weights as given: W1 (N_h×N_i) and W2 (N_o×N_h), or weights = [W1, …, WL].');

export const lambdaBalancedInitSchema = z.strictObject({
  kind: z.literal('lambda-balanced'),
  /** λ of W₂ᵀW₂ − W₁W₁ᵀ = λI (any sign, 0 included). */
  lambda: finite().describe('λ of W2ᵀW2 − W1W1ᵀ = λI (any sign, 0 included).'),
  /** Singular values of W(0) = W₂W₁: one value for every mode, or one per mode (r = min(N_i, N_o) values). */
  scale: z.union([nonNegative(), z.array(nonNegative()).min(1)]).describe('Singular values of W(0) = W2W1: one for every mode, or one per mode.'),
  /** Hidden width (must be min(N_i, N_o) for the closed form, spec §2.2). */
  hidden: size().optional(),
  seed: seed().optional(),
  /** Take the singular vectors of W(0) from the task (U = Ũ, V = Ṽ) instead of Haar-random ones. */
  aligned: z.boolean().optional().describe('Take the singular vectors of W(0) from the task (U = Ũ, V = Ṽ).'),
}).describe('The λ-balanced construction (spec §2.3): W2ᵀW2 − W1W1ᵀ = λI and W(0) with singular values scale.');

export const taskAlignedInitSchema = z.strictObject({
  kind: z.literal('task-aligned'),
  lambda: finite(),
  /** Initial strength a_α(0) of every mode (one number for all, or one per mode; any sign). */
  a0: z.union([finite(), z.array(finite()).min(1)]).describe('Initial mode strengths a_α(0): one for every mode or one per mode; any sign.'),
}).describe('W(0) = Ũ diag(a0) Ṽᵀ aligned with the task (spec §3.7), λ-balanced.');

export const gaussianInitSchema = z.strictObject({
  kind: z.literal('gaussian'),
  std1: nonNegative(),
  std2: nonNegative(),
  hidden: size().optional(),
  seed: seed().optional(),
}).describe('I.i.d. Gaussian entries: std1 for W1, std2 for W2 (and every later layer of a deep net).');

export const lecunInitSchema = z.strictObject({
  kind: z.literal('lecun'),
  hidden: size().optional(),
  seed: seed().optional(),
}).describe('LeCun normal: variance 1/fan-in per layer.');

/** The init section: a union discriminated by `kind`. */
export const initSchema = z.discriminatedUnion('kind', [
  explicitInitSchema,
  lambdaBalancedInitSchema,
  taskAlignedInitSchema,
  gaussianInitSchema,
  lecunInitSchema,
]);

/** A validated `init` section of a linear-network document (one of its init kinds, by `kind`). */
export type InitDocument = z.infer<typeof initSchema>;
