/**
 * Cholesky factorisation (the js kernel behind `LinalgBackend.cholesky`).
 *
 * Computes the lower triangular L with positive diagonal such that A = L Lᵀ for a symmetric
 * positive definite A.
 *
 * **Method.** Row-oriented Cholesky–Banachiewicz (Golub & Van Loan, *Matrix Computations*, 4th ed.,
 * §4.2.5): for i = 0…n−1 and j ≤ i, L[i][j] = (A[i][j] − Σ_{k<j} L[i][k] L[j][k]) / L[j][j], and
 * L[i][i] = √(A[i][i] − Σ_{k<i} L[i][k]²). Both inner sums walk contiguous row prefixes. Only the
 * lower triangle of A is read (as LAPACK's `dpotrf` with `uplo = 'L'`).
 *
 * **Special cases.** Returns `null` as soon as a diagonal pivot A[i][i] − Σ L[i][k]² is not
 * strictly positive (or not finite), i.e. when the leading (i+1)×(i+1) minor is not positive
 * definite. A 0×0 matrix gives a 0×0 factor. The input is never modified.
 *
 * @module
 */
import { ShapeError } from '../../errors/index.js';
import { Matrix } from '../matrix.js';

/**
 * Lower Cholesky factor of a symmetric matrix, or `null` when it is not positive definite.
 *
 * @param A - square symmetric n × n matrix (lower triangle read; not modified)
 * @returns L (n × n, lower triangular, positive diagonal) with A = L Lᵀ, or null
 * @throws ShapeError when A is not square
 *
 * @example
 * choleskyJs(Matrix.from([[4, 2], [2, 5]])); // → [[2, 0], [1, 2]]
 * choleskyJs(Matrix.from([[1, 2], [2, 1]])); // → null
 */
export function choleskyJs(A: Matrix): Matrix | null {
  if (A.rows !== A.cols) {
    throw new ShapeError(`cholesky: needs a square matrix, got ${A.rows}x${A.cols}.`);
  }
  const index = choleskyFactorInto(A);
  return index.failedAt < 0 ? index.L : null;
}

/**
 * The factorisation loop shared by {@link choleskyJs} and the high-level `cholesky` (which needs to
 * name the failing leading minor). `failedAt` is −1 on success, otherwise the 0-based index i whose
 * pivot was not positive: the leading (i+1)×(i+1) minor is not positive definite.
 */
export function choleskyFactorInto(A: Matrix): { L: Matrix; failedAt: number } {
  const n = A.rows;
  const L = new Matrix(n, n);
  const a = A.data;
  const l = L.data;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < i; j++) {
      const rj = j * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      l[ri + j] = s / l[rj + j];
    }
    let d = a[ri + i];
    for (let k = 0; k < i; k++) d -= l[ri + k] * l[ri + k];
    if (!(d > 0) || !Number.isFinite(d)) return { L, failedAt: i };
    l[ri + i] = Math.sqrt(d);
  }
  return { L, failedAt: -1 };
}
