/**
 * One notion of "symmetric enough" for every routine that needs a symmetric input (eigh, Cholesky,
 * the symmetric matrix functions): the relative asymmetry ‖A − Aᵀ‖_F / ‖A‖_F must not exceed a
 * tolerance (default 1e-10). Matrices assembled in floating point (X Xᵀ, W₁ᵀW₁) are symmetric to
 * about 1e-16; a larger asymmetry signals a bug or a wrong input, and is refused with its size.
 * @module
 */
import { DomainError } from '../errors/index.js';
import { shapeString, type Matrix } from './matrix.js';

/** Default bound on the relative asymmetry ‖A − Aᵀ‖_F / ‖A‖_F. */
export const DEFAULT_SYMMETRY_TOLERANCE = 1e-10;

/**
 * The relative asymmetry ‖A − Aᵀ‖_F / ‖A‖_F of a square matrix (0 for the zero matrix).
 *
 * **Method.** One pass over the strict lower triangle, with every entry divided by max|A| first, so
 * that huge or tiny entries neither overflow nor underflow.
 *
 * @example
 * relativeAsymmetry(Matrix.from([[1, 2], [2, 1]])) // → 0
 */
export function relativeAsymmetry(A: Matrix): number {
  const n = A.rows;
  const a = A.data;
  let maxAbs = 0;
  for (let i = 0; i < a.length; i++) maxAbs = Math.max(maxAbs, Math.abs(a[i]));
  if (maxAbs === 0) return 0;
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i * n + i] / maxAbs;
    norm += d * d;
    for (let j = 0; j < i; j++) {
      const x = a[i * n + j] / maxAbs;
      const y = a[j * n + i] / maxAbs;
      norm += x * x + y * y;
      diff += 2 * (x - y) * (x - y);
    }
  }
  return Math.sqrt(diff / norm);
}

/**
 * Throws a DomainError naming the asymmetry and the fix when relativeAsymmetry(A) > tolerance.
 * A must be square and finite (the caller checks).
 */
export function assertSymmetric(op: string, A: Matrix, tolerance: number = DEFAULT_SYMMETRY_TOLERANCE): void {
  if (!(tolerance >= 0)) throw new DomainError(`${op}: symmetryTolerance is ${tolerance}, expected a number ≥ 0.`);
  const asym = relativeAsymmetry(A);
  if (asym > tolerance) {
    throw new DomainError(
      `${op}: the ${shapeString(A)} matrix is not symmetric (relative asymmetry ‖A−Aᵀ‖/‖A‖ = ${asym.toExponential(2)} > ${tolerance}); symmetrize it first, e.g. symmetrize(A) = (A + Aᵀ)/2.`,
    );
  }
}
