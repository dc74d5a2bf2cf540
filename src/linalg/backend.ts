/**
 * The linear-algebra backend interface and the choice of the default backend.
 *
 * Every heavy kernel (matrix product and the dense decompositions) goes through a
 * {@link LinalgBackend}. Two implement it:
 * - `js`: pure TypeScript (`./js/`), always available, the browser path;
 * - `native`: OpenBLAS/LAPACK through koffi (`./native/`, Node only), chosen automatically by the
 *   Node entry points when the system libraries load (see `./native/select.ts`).
 *
 * The default backend is the only process-wide setting of the numerical core, in the same spirit
 * as NumPy's BLAS: it changes speed, never semantics (both backends pass one test suite). Every
 * high-level function also takes an explicit backend argument, so code that must not depend on it
 * can pass one.
 *
 * Conventions shared by every backend:
 * - inputs are never modified (a backend copies before calling an in-place routine);
 * - inputs are finite (the high-level wrappers check; backends may assume it);
 * - `eigh` returns eigenvalues in ascending order with orthonormal eigenvector columns;
 * - `svd` returns singular values in descending order; `full` gives square U (m×m) and Vᵀ (n×n),
 *   thin gives U m×k and Vᵀ k×n with k = min(m, n); U and V are orthonormal even where singular
 *   values are zero or repeated;
 * - `lu` uses partial pivoting with LAPACK's 0-based pivot convention: at step i, row i was
 *   swapped with row `pivots[i]` (≥ i).
 *
 * @module
 */
import type { Matrix } from './matrix.js';
import { jsBackend } from './js/index.js';

/** Symmetric eigendecomposition A = V diag(values) Vᵀ. */
export interface EighResult {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Orthonormal eigenvectors as columns (n × n). */
  vectors: Matrix;
}

/** Singular value decomposition A = U diag(s) Vᵀ. */
export interface SvdResult {
  /** Left singular vectors as columns: m × m (full) or m × k (thin). */
  U: Matrix;
  /** Singular values, descending, length k = min(m, n). */
  s: Float64Array;
  /** Right singular vectors as rows: n × n (full) or k × n (thin). */
  Vt: Matrix;
}

/** LU factorisation with partial pivoting, P A = L U, packed as in LAPACK's `dgetrf`. */
export interface LuResult {
  /** n × n: strictly lower part holds L (unit diagonal implied), upper part holds U. */
  lu: Matrix;
  /** LAPACK-style 0-based pivots: row i was interchanged with row pivots[i]. */
  pivots: Int32Array;
  /** Sign of the permutation (+1 or −1). */
  permutationSign: number;
  /** True when a pivot is exactly zero (U is singular). */
  singular: boolean;
}

/** Householder QR, A = Q R. */
export interface QrResult {
  /** m × m (full) or m × k (thin), orthonormal columns. */
  Q: Matrix;
  /** m × n (full) or k × n (thin), upper triangular. */
  R: Matrix;
}

/** The kernels a backend provides. See the module comment for the shared conventions. */
export interface LinalgBackend {
  /** `"js"` or `"native"`. */
  readonly name: string;
  /**
   * General matrix product, in place: C ← alpha·op(A)·op(B) + beta·C, where op(X) is X or Xᵀ.
   * Shapes are checked by the caller. When beta = 0, C's old entries are ignored (NaN included).
   * C must not share storage with A or B (`ops.gemm` refuses it; the js kernel tolerates it, native does not).
   */
  gemm(transA: boolean, transB: boolean, alpha: number, A: Matrix, B: Matrix, beta: number, C: Matrix): void;
  /** Symmetric eigendecomposition of a square symmetric A (only the lower triangle need be read). */
  eigh(A: Matrix): EighResult;
  /** SVD of any shape, full or thin. */
  svd(A: Matrix, full: boolean): SvdResult;
  /** LU factorisation of a square A with partial pivoting. Does not throw on singular input. */
  lu(A: Matrix): LuResult;
  /** Solves A X = B given `lu(A)` (which must not be singular). B is n × r. */
  luSolve(factor: LuResult, B: Matrix): Matrix;
  /** Lower Cholesky factor L (A = L Lᵀ) of a symmetric A, or `null` when A is not positive definite. */
  cholesky(A: Matrix): Matrix | null;
  /** Householder QR, full or thin. */
  qr(A: Matrix, full: boolean): QrResult;
}

let defaultBackend: LinalgBackend = jsBackend;

/** The backend used when a function is not given one explicitly (initially `js`). */
export function getBackend(): LinalgBackend {
  return defaultBackend;
}

/** Makes `backend` the default for the whole process (or page). Returns the previous one. */
export function setBackend(backend: LinalgBackend): LinalgBackend {
  const previous = defaultBackend;
  defaultBackend = backend;
  return previous;
}

export { jsBackend };
