/**
 * Building blocks of the experiment document: finite numbers, counts, rectangular matrices.
 *
 * Every schema here rejects NaN and ±Infinity (YAML's `.nan`, `.inf`), so a document that
 * validates never carries a non-finite number into the numerical core. The messages the user sees
 * are produced from the zod issues by `./errors.ts`; the refinements below only supply the
 * shape-specific sentences (ragged rows, empty matrices).
 * @module
 */
import { z } from 'zod';
import { ConfigError } from '../errors/index.js';

/** A finite number (NaN and ±Infinity are rejected). */
export const finite = (): z.ZodNumber => z.number();

/** A finite number > 0. */
export const positive = (): z.ZodNumber => z.number().positive();

/** A finite number ≥ 0. */
export const nonNegative = (): z.ZodNumber => z.number().nonnegative();

/** An integer ≥ 1 (a size or a count). */
export const positiveInt = (): z.ZodNumber => z.number().int().positive();

/**
 * Largest value lazyrich accepts for one dimension of a model or task (units, inputs, outputs,
 * samples, width): 100 000. Larger sizes would not fit in memory as dense float64 matrices.
 */
export const MAX_DIMENSION = 100_000;

/** Largest number of entries of one dense matrix lazyrich builds from a document: 5·10⁷ (400 MB of float64). */
export const MAX_MATRIX_ENTRIES = 50_000_000;

/**
 * A dimension: an integer from 1 to {@link MAX_DIMENSION}; a larger one is refused as "too large"
 * (before anything is allocated).
 */
export const size = (): z.ZodNumber =>
  positiveInt().refine((v) => v <= MAX_DIMENSION, {
    error: (issue) => `too large: ${String(issue.input)} exceeds the largest size lazyrich accepts, ${MAX_DIMENSION}; use a smaller size`,
  });

/**
 * Refuses a dense `rows×cols` matrix with more than {@link MAX_MATRIX_ENTRIES} entries before it is
 * allocated: a ConfigError at `path` saying "too large" and what to reduce.
 * @example
 * checkMatrixEntries('task.ni', 2, 3, 'the task matrix is no×ni') // fine
 * checkMatrixEntries('task.ni', 1e5, 1e5, 'the task matrix is no×ni') // throws "task.ni: too large: …"
 */
export function checkMatrixEntries(path: string, rows: number, cols: number, what: string): void {
  const entries = rows * cols;
  if (entries > MAX_MATRIX_ENTRIES) {
    throw new ConfigError(
      `${path}: too large: ${what} would be ${rows}x${cols} = ${entries.toExponential(2)} entries, above the limit of ${MAX_MATRIX_ENTRIES.toExponential(0)} (${(MAX_MATRIX_ENTRIES * 8) / 1e6} MB of float64); use smaller sizes.`,
      { path },
    );
  }
}

/** An integer ≥ 0 (a seed). */
export const seed = (): z.ZodNumber => z.number().int().nonnegative();

/**
 * A dense matrix written as an array of equal-length rows of finite numbers, row-major:
 * `[[a, b], [c, d]]` is the 2×2 matrix with first row (a, b). Empty matrices and ragged rows are
 * rejected with a sentence naming the two row lengths that differ.
 */
export function matrix(): z.ZodType<number[][]> {
  return z
    .array(z.array(z.number()))
    .superRefine((rows, ctx) => {
      if (rows.length === 0 || rows[0].length === 0) {
        ctx.addIssue({ code: 'custom', message: 'expected a non-empty matrix (an array of rows, each an array of numbers), got an empty one' });
        return;
      }
      const n = rows[0].length;
      for (let i = 1; i < rows.length; i++) {
        if (rows[i].length !== n) {
          ctx.addIssue({
            code: 'custom',
            message: `ragged matrix: row 0 has ${n} entries but row ${i} has ${rows[i].length}; every row must have the same length`,
          });
          return;
        }
      }
    });
}

/** A non-empty list of finite numbers. */
export function vector(): z.ZodType<number[]> {
  return z.array(z.number()).min(1);
}
