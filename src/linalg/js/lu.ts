/**
 * LU factorisation with partial pivoting (the js kernel behind `LinalgBackend.lu` / `luSolve`).
 *
 * Computes P A = L U for a square A, where L is unit lower triangular, U upper triangular and P a
 * permutation, packed as LAPACK's `dgetrf` packs them: the strictly lower part of `lu` holds L's
 * multipliers, the upper part (diagonal included) holds U.
 *
 * **Method.** Right-looking Gaussian elimination (Golub & Van Loan, *Matrix Computations*, 4th ed.,
 * Alg. 3.4.1), row-major so that the rank-1 trailing update walks contiguous rows. At step k the
 * pivot is the first entry of largest magnitude in column k on or below the diagonal (the choice
 * of LAPACK's `idamax`), and rows k and `pivots[k]` are swapped across the whole matrix, so the
 * 0-based pivot vector follows LAPACK's convention: at step k, row k was interchanged with row
 * `pivots[k]` (≥ k).
 *
 * **Special cases.** A zero pivot column does not stop the factorisation (as in `dgetrf`): the step
 * is skipped, `singular` is set, and the remaining columns are still eliminated. A 0×0 matrix gives
 * an empty factorisation with `permutationSign = 1`. Inputs are assumed finite (the high-level
 * wrappers check) and are never modified.
 *
 * @module
 */
import type { LuResult } from '../backend.js';
import { DomainError, ShapeError } from '../../errors/index.js';
import { Matrix } from '../matrix.js';

/**
 * LU factorisation with partial pivoting of a square matrix. Never throws on singular input.
 *
 * @param A - square n × n matrix (not modified)
 * @returns packed factors, LAPACK-style 0-based pivots, the permutation sign and a singular flag
 * @throws ShapeError when A is not square
 *
 * @example
 * const f = luJs(Matrix.from([[0, 1], [2, 3]]));
 * // f.pivots = [1, 1]; f.lu = [[2, 3], [0, 1]]; f.permutationSign = -1
 */
export function luJs(A: Matrix): LuResult {
  if (A.rows !== A.cols) {
    throw new ShapeError(`lu: needs a square matrix, got ${A.rows}x${A.cols}; LU with partial pivoting is defined here for square matrices only.`);
  }
  const n = A.rows;
  const lu = A.clone();
  const a = lu.data;
  const pivots = new Int32Array(n);
  let sign = 1;
  let singular = false;

  for (let k = 0; k < n; k++) {
    // Pivot search: first index of the largest |a[i][k]|, i ≥ k.
    let p = k;
    let maxAbs = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > maxAbs) {
        maxAbs = v;
        p = i;
      }
    }
    pivots[k] = p;
    if (maxAbs === 0) {
      singular = true;
      continue;
    }
    if (p !== k) {
      sign = -sign;
      const rk = k * n;
      const rp = p * n;
      for (let j = 0; j < n; j++) {
        const t = a[rk + j];
        a[rk + j] = a[rp + j];
        a[rp + j] = t;
      }
    }
    const rk = k * n;
    const pivot = a[rk + k];
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const l = a[ri + k] / pivot;
      a[ri + k] = l;
      if (l !== 0) {
        for (let j = k + 1; j < n; j++) a[ri + j] -= l * a[rk + j];
      }
    }
  }
  return { lu, pivots, permutationSign: sign, singular };
}

/**
 * Solves A X = B from the packed factorisation `factor = luJs(A)`.
 *
 * **Method.** Applies the row interchanges to a copy of B, then forward substitution with the unit
 * lower factor and back substitution with the upper factor, both by rows (row-major friendly).
 *
 * @param factor - the result of `lu(A)` for an n × n A, not singular
 * @param B - n × r right-hand sides (not modified)
 * @returns X, n × r
 * @throws ShapeError when B has a row count other than n; DomainError when the factor has an exact
 * zero pivot (A singular)
 *
 * @example
 * const f = luJs(Matrix.from([[2, 0], [0, 4]]));
 * luSolveJs(f, Matrix.from([[2], [4]])); // → [[1], [1]]
 */
export function luSolveJs(factor: LuResult, B: Matrix): Matrix {
  const n = factor.lu.rows;
  if (B.rows !== n) {
    throw ShapeError.mismatch('luSolve', [n, n], [B.rows, B.cols], `the right-hand side needs ${n} rows`);
  }
  const a = factor.lu.data;
  for (let k = 0; k < n; k++) {
    if (a[k * n + k] === 0) {
      throw new DomainError(
        `luSolve: the ${n}x${n} matrix is singular (pivot ${k} is exactly zero); use pinv or lstsq for a least-squares solution.`,
      );
    }
  }
  const r = B.cols;
  const X = B.clone();
  const x = X.data;
  // Row interchanges, in order.
  for (let k = 0; k < n; k++) {
    const p = factor.pivots[k];
    if (p !== k) {
      const rk = k * r;
      const rp = p * r;
      for (let j = 0; j < r; j++) {
        const t = x[rk + j];
        x[rk + j] = x[rp + j];
        x[rp + j] = t;
      }
    }
  }
  // Forward substitution, L unit lower: row_i -= sum_{k<i} L[i][k] row_k.
  for (let i = 1; i < n; i++) {
    const ri = i * r;
    const li = i * n;
    for (let k = 0; k < i; k++) {
      const l = a[li + k];
      if (l !== 0) {
        const rk = k * r;
        for (let j = 0; j < r; j++) x[ri + j] -= l * x[rk + j];
      }
    }
  }
  // Back substitution, U upper.
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * r;
    const ui = i * n;
    for (let k = i + 1; k < n; k++) {
      const u = a[ui + k];
      if (u !== 0) {
        const rk = k * r;
        for (let j = 0; j < r; j++) x[ri + j] -= u * x[rk + j];
      }
    }
    const d = a[ui + i];
    for (let j = 0; j < r; j++) x[ri + j] /= d;
  }
  return X;
}
