/**
 * Spectral decompositions with input checks: the symmetric eigendecomposition (`eigh`, `eigvalsh`)
 * and the singular value decomposition (`svd`, `svdValues`).
 *
 * These wrappers validate their input (finite entries, shapes, symmetry) and then call the chosen
 * {@link LinalgBackend} (`options.backend`, else the process default from `getBackend()`), so the
 * kernels themselves can assume clean input. Results follow the backend conventions: eigenvalues
 * ascending with orthonormal eigenvector columns; singular values descending with orthonormal U, V.
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { getBackend } from './backend.js';
import type { EighResult, LinalgBackend, SvdResult } from './backend.js';
import { assertFinite, shapeString } from './matrix.js';
import { assertSymmetric, DEFAULT_SYMMETRY_TOLERANCE } from './symmetry.js';

export { relativeAsymmetry, DEFAULT_SYMMETRY_TOLERANCE } from './symmetry.js';
import type { Matrix } from './matrix.js';

/** Options of {@link eigh} and {@link eigvalsh}. */
export interface EighOptions {
  /** Backend to use; defaults to `getBackend()`. */
  backend?: LinalgBackend;
  /**
   * Largest accepted relative asymmetry ‖A − Aᵀ‖_F / ‖A‖_F (default 1e-10). Matrices assembled in
   * floating point (e.g. X Xᵀ) are symmetric to about 1e-16; larger asymmetry signals a bug.
   */
  symmetryTolerance?: number;
  /** Name of the matrix in error messages (default `"eigh"`). */
  name?: string;
}

/** Options of {@link svd} and {@link svdValues}. */
export interface SvdOptions {
  /** True for square U (m×m) and Vᵀ (n×n); false (default) for thin factors with k = min(m, n). */
  full?: boolean;
  /** Backend to use; defaults to `getBackend()`. */
  backend?: LinalgBackend;
  /** Name of the matrix in error messages (default `"svd"`). */
  name?: string;
}

function checkSymmetric(A: Matrix, options: EighOptions): void {
  const name = options.name ?? 'eigh';
  assertFinite(A, name);
  if (!A.isSquare) {
    throw new ShapeError(
      `${name}: the symmetric eigendecomposition needs a square matrix, got ${shapeString(A)}; use svd for rectangular matrices.`,
    );
  }
  assertSymmetric(name, A, options.symmetryTolerance ?? DEFAULT_SYMMETRY_TOLERANCE);
}

/**
 * Symmetric eigendecomposition A = V diag(λ) Vᵀ of a real symmetric matrix.
 *
 * Returns the eigenvalues λ₁ ≤ … ≤ λₙ in ascending order and an orthogonal V whose column k is a unit
 * eigenvector of λₖ.
 *
 * **Method.** Checks the input (finite, square, symmetric within `symmetryTolerance`) and calls the
 * backend's `eigh`: in the `js` backend Householder tridiagonalisation and implicit QL with Wilkinson
 * shifts (Golub & Van Loan, Matrix Computations, 4th ed., §8.3), in the native backend LAPACK. Only the
 * lower triangle is used by the kernels, so tiny asymmetries within the tolerance are harmless.
 * Eigenvalues are accurate to about ε·‖A‖₂ (and to high relative accuracy for graded positive definite
 * matrices in the js backend).
 *
 * **Special cases.** A 0×0 matrix gives empty results. Repeated eigenvalues get an orthonormal basis of
 * their eigenspace (which basis is arbitrary, and eigenvector signs are arbitrary).
 *
 * @param A - square symmetric matrix
 * @param options - backend, symmetry tolerance, name for messages
 * @throws DomainError when an entry is NaN/±Inf or A is not symmetric; ShapeError when A is not square
 *
 * @example
 * const { values, vectors } = eigh(Matrix.from([[2, 1], [1, 2]]));
 * values; // → [1, 3] (vectors: columns ±[1, -1]/√2 and ±[1, 1]/√2)
 */
export function eigh(A: Matrix, options: EighOptions = {}): EighResult {
  checkSymmetric(A, options);
  return (options.backend ?? getBackend()).eigh(A);
}

/**
 * The eigenvalues of a real symmetric matrix, ascending. Same checks, method and accuracy as
 * {@link eigh} (the eigenvectors are computed by the backend and discarded).
 *
 * @example
 * eigvalsh(Matrix.from([[2, 0], [0, -1]])) // → [-1, 2]
 */
export function eigvalsh(A: Matrix, options: EighOptions = {}): Float64Array {
  return eigh(A, options).values;
}

/**
 * Singular value decomposition A = U diag(s) Vᵀ of a real m×n matrix.
 *
 * s holds the k = min(m, n) singular values σ₁ ≥ … ≥ σₖ ≥ 0; U (m×k thin, m×m full) and Vᵀ (k×n thin,
 * n×n full) have orthonormal columns / rows.
 *
 * **Method.** Checks that the entries are finite and calls the backend's `svd`: in the `js` backend a
 * QR-preconditioned one-sided Jacobi SVD (Drmač & Veselić, SIAM J. Matrix Anal. Appl. 29, 2008), which
 * computes the singular values of graded matrices D₁ B D₂ to high relative accuracy; in the native
 * backend LAPACK (normwise accuracy ε·σ₁).
 *
 * **Special cases.** Any shape, including 1×n, n×1 and empty ones (k = 0). Zero or repeated singular
 * values still come with orthonormal singular vectors (bases completed); which basis of a repeated
 * singular subspace is returned, and the signs, are arbitrary.
 *
 * @param A - any real matrix
 * @param options - `full` (default false), backend, name for messages
 * @throws DomainError when an entry is NaN or ±Inf
 *
 * @example
 * const { U, s, Vt } = svd(Matrix.from([[3, 0], [4, 5]]));
 * s; // → [6.7082, 2.2361] ([3√5, √5])
 */
export function svd(A: Matrix, options: SvdOptions = {}): SvdResult {
  assertFinite(A, options.name ?? 'svd');
  return (options.backend ?? getBackend()).svd(A, options.full ?? false);
}

/**
 * The singular values of A, descending (length min(m, n)). Same checks, method and accuracy as
 * {@link svd}.
 *
 * @example
 * svdValues(Matrix.from([[0, 2], [0, 0], [1, 0]])) // → [2, 1]
 */
export function svdValues(A: Matrix, options: SvdOptions = {}): Float64Array {
  return svd(A, { ...options, full: false }).s;
}
