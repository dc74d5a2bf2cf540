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

/** A finite number (NaN and ±Infinity are rejected). */
export const finite = (): z.ZodNumber => z.number();

/** A finite number > 0. */
export const positive = (): z.ZodNumber => z.number().positive();

/** A finite number ≥ 0. */
export const nonNegative = (): z.ZodNumber => z.number().nonnegative();

/** An integer ≥ 1 (a size or a count). */
export const positiveInt = (): z.ZodNumber => z.number().int().positive();

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
