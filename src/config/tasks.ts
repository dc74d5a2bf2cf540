/**
 * Task section of the experiment document (`task`), a union discriminated by `kind`.
 *
 * | kind | fields | meaning |
 * |---|---|---|
 * | `whitened` | `sigmaYX` (N_o×N_i), `yyTrace?`, `name?` | a whitened task given by its input–output correlation Σ_yx |
 * | `data` | `X` (N_i×P), `Y` (N_o×P), `whiten?`, `tolerance?` | data matrices (columns are samples) or paths of `.npy` files |
 * | `random-low-rank` | `ni`, `no`, `rank`, `singularValues?`, `seed?` | a random whitened task of given rank |
 * | `semantic` | — | the hierarchical semantic task (Dominé et al. 2025 §5.4, spec §5.4) |
 * | `gaussian-regression` | `ni`, `no`, `p`, `seed?`, `whiten?` | Gaussian X and Y (the Fig. 2 protocol), PCA-whitened by default |
 * @module
 */
import { z } from 'zod';
import { matrix, nonNegative, positive, seed, size, vector } from './primitives.js';

/** The whitening choices of a data task (`none` keeps Σ_xx as it is). */
export const WHITEN_CHOICES = ['none', 'pca', 'zca'] as const;

/** A matrix given inline or as the path of a `.npy` file (resolved by the CLI loader, relative to the document). */
const matrixOrPath = () => z.union([matrix(), z.string().min(1)]);

export const whitenedTaskSchema = z.strictObject({
  kind: z.literal('whitened'),
  /** Σ_yx, N_o×N_i, row-major. */
  sigmaYX: matrix().describe('Σ_yx, N_o×N_i, row-major (rows are outputs).'),
  /** tr(YYᵀ)/P when known (default ‖Σ_yx‖²_F, so the loss minimum is 0). */
  yyTrace: nonNegative().optional().describe('tr(YYᵀ)/P (default ‖Σ_yx‖²_F, so the loss minimum is 0).'),
  name: z.string().optional(),
}).describe('A whitened task given by Σ_yx.');

export const dataTaskSchema = z.strictObject({
  kind: z.literal('data'),
  /** Inputs N_i×P (one column per sample), or a `.npy` path. */
  X: matrixOrPath().describe('Inputs N_i×P (one column per sample), inline or the path of a .npy file relative to the document.'),
  /** Targets N_o×P (one column per sample), or a `.npy` path. */
  Y: matrixOrPath().describe('Targets N_o×P (one column per sample), inline or a .npy path.'),
  whiten: z.enum(WHITEN_CHOICES).optional().describe('Whiten the inputs so that XXᵀ/P = I (default none).'),
  /** Relative eigenvalue tolerance of the whitening (passed to taskFromData). */
  tolerance: positive().optional(),
  name: z.string().optional(),
}).describe('A task from data X (N_i×P) and Y (N_o×P).');

export const randomLowRankTaskSchema = z.strictObject({
  kind: z.literal('random-low-rank'),
  ni: size(),
  no: size(),
  rank: size(),
  singularValues: vector().optional(),
  seed: seed().optional(),
}).describe('A random whitened task Ũ diag(s̃) Ṽᵀ of the given rank.');

export const semanticTaskSchema = z.strictObject({
  kind: z.literal('semantic'),
}).describe('The hierarchical semantic task (8 items, 8 features; spec §5.4), whitened.');

export const gaussianRegressionTaskSchema = z.strictObject({
  kind: z.literal('gaussian-regression'),
  ni: size(),
  no: size(),
  /** Number of samples P (P ≥ N_i is needed to whiten). */
  p: size().describe('Number of samples P (P ≥ N_i to whiten).'),
  seed: seed().optional(),
  /** Default `pca`, as in the authors' Fig. 2 notebook (spec §5.2). */
  whiten: z.enum(WHITEN_CHOICES).optional(),
}).describe('Gaussian X and Y (the Fig. 2 protocol), PCA-whitened by default.');

/** The task section: a union discriminated by `kind`. */
export const taskSchema = z.discriminatedUnion('kind', [
  whitenedTaskSchema,
  dataTaskSchema,
  randomLowRankTaskSchema,
  semanticTaskSchema,
  gaussianRegressionTaskSchema,
]);

/** A validated `task` section of a linear-network document (one of its task kinds, by `kind`). */
export type TaskDocument = z.infer<typeof taskSchema>;
