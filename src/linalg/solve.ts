/**
 * Linear systems, inverses, determinants and the factorisations behind them: LU, Cholesky, QR,
 * pseudo-inverse, rank and least squares.
 *
 * Every function takes an options object whose `backend` field picks the {@link LinalgBackend}
 * (default `getBackend()`), checks shapes (ShapeError naming the operation and the shapes) and
 * finiteness (DomainError naming the entry), and never returns NaN or garbage for invalid input.
 *
 * **Singularity.** `solve` and `inv` reject a matrix that is singular exactly (an LU pivot is
 * exactly zero) or to working precision: the reciprocal 1-norm condition number
 * rcond = 1 / (‖A‖₁ · ‖A⁻¹‖₁) is estimated from the LU factors with Hager's method as refined by
 * Higham (the algorithm of LAPACK's `dlacn2`; Higham, *ACM TOMS* 14 (1988) 381–396; Higham,
 * *Accuracy and Stability of Numerical Algorithms*, 2nd ed., Alg. 15.4), at the cost of a few
 * extra triangular solves, and rcond < `rcondThreshold` (default ε = 2.2e-16) raises a
 * DomainError. The estimate is a lower bound on ‖A⁻¹‖₁ that is almost always within a factor 3,
 * so rcond is, if anything, slightly overestimated. `det` and `slogdet` never throw on
 * singular input (they return 0, and sign 0 with log|det| = −∞, as NumPy does).
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { getBackend, type LinalgBackend, type LuResult, type QrResult } from './backend.js';
import { choleskyFactorInto } from './js/cholesky.js';
import { assertFinite, Matrix } from './matrix.js';
import { estimateOneNorm, oneNormUnchecked } from './norms.js';
import { assertFiniteVector, type BackendOption } from './ops.js';
import { assertSymmetric, DEFAULT_SYMMETRY_TOLERANCE } from './symmetry.js';

const EPS = Number.EPSILON;

function backendOf(options: BackendOption): LinalgBackend {
  return options.backend ?? getBackend();
}

function requireSquare(op: string, A: Matrix): void {
  if (A.rows !== A.cols) {
    throw new ShapeError(`${op}: needs a square matrix, got ${A.rows}x${A.cols}.`);
  }
}

/**
 * The LU factorisation with partial pivoting P A = L U of a square matrix, packed as LAPACK's
 * `dgetrf` (see `LuResult`). Does not throw on singular input: check `singular`.
 *
 * @throws ShapeError when A is not square; DomainError on NaN/Inf entries
 * @example
 * const f = luFactor(Matrix.from([[1, 2], [3, 4]]));
 * f.pivots; // → [1, 1]
 */
export function luFactor(A: Matrix, options: BackendOption = {}): LuResult {
  requireSquare('luFactor', A);
  assertFinite(A, 'luFactor: A');
  return backendOf(options).lu(A);
}

/** Options of {@link solve} and {@link inv}. */
export interface SolveOptions extends BackendOption {
  /**
   * Matrices whose estimated reciprocal 1-norm condition number is below this are rejected as
   * singular to working precision (default `Number.EPSILON`; 0 rejects only exact zero pivots).
   */
  rcondThreshold?: number;
}

/**
 * Solves A X = B for a square nonsingular A; B is a matrix (n × r, returns a matrix) or a vector
 * of length n (returns a Float64Array).
 *
 * **Method.** LU with partial pivoting (`backend.lu`), the 1-norm condition estimate described in
 * the module comment, then `backend.luSolve`. The backward error is O(n·ε·‖A‖) (Higham 2002,
 * Thm. 9.4), so the forward error is roughly n·ε·cond(A).
 *
 * **Special cases.** A 0×0 system has the empty solution.
 *
 * @throws ShapeError when A is not square or B's length/rows differ from n; DomainError when A is
 * singular (exactly, or its rcond estimate is below `rcondThreshold`) or an entry is NaN/Inf
 * @example
 * solve(Matrix.from([[2, 0], [0, 4]]), [2, 4]); // → [1, 1]
 */
export function solve(A: Matrix, B: Matrix, options?: SolveOptions): Matrix;
export function solve(A: Matrix, b: ArrayLike<number>, options?: SolveOptions): Float64Array;
export function solve(A: Matrix, B: Matrix | ArrayLike<number>, options: SolveOptions = {}): Matrix | Float64Array {
  requireSquare('solve', A);
  const n = A.rows;
  const isMatrix = B instanceof Matrix;
  if (isMatrix) {
    if (B.rows !== n) {
      throw ShapeError.mismatch('solve', [n, n], [B.rows, B.cols], `the right-hand side needs ${n} rows`);
    }
  } else if (B.length !== n) {
    throw ShapeError.mismatch('solve', [n, n], [B.length], `the right-hand side needs length ${n}`);
  }
  assertFinite(A, 'solve: A');
  if (isMatrix) assertFinite(B, 'solve: B');
  else assertFiniteVector(B, 'solve: b');
  const factor = factorNonsingular('solve', A, options);
  const rhs = isMatrix ? B : Matrix.column(B);
  const X = backendOf(options).luSolve(factor, rhs);
  return isMatrix ? X : X.data;
}

/**
 * The inverse A⁻¹ of a square nonsingular matrix.
 *
 * **Method.** `solve(A, I)` (LU with partial pivoting and the condition check of the module comment).
 * Prefer `solve` to forming the inverse when you only need A⁻¹B.
 *
 * @throws ShapeError when A is not square; DomainError when A is singular or has NaN/Inf entries
 * @example inv(Matrix.from([[2, 0], [0, 4]])); // → [[0.5, 0], [0, 0.25]]
 */
export function inv(A: Matrix, options: SolveOptions = {}): Matrix {
  requireSquare('inv', A);
  assertFinite(A, 'inv: A');
  const factor = factorNonsingular('inv', A, options);
  return backendOf(options).luSolve(factor, Matrix.identity(A.rows));
}

function factorNonsingular(op: string, A: Matrix, options: SolveOptions): LuResult {
  const n = A.rows;
  const factor = backendOf(options).lu(A);
  if (n === 0) return factor;
  const threshold = options.rcondThreshold ?? EPS;
  if (!(threshold >= 0) || !Number.isFinite(threshold)) {
    throw new DomainError(`${op}: rcondThreshold is ${threshold}, expected a finite number ≥ 0.`);
  }
  if (factor.singular || hasZeroPivot(factor)) {
    throw new DomainError(
      `${op}: the ${n}x${n} matrix is singular (an LU pivot is exactly zero); use pinv or lstsq for a least-squares solution.`,
    );
  }
  if (threshold > 0) {
    const rc = rcondFromLu(A, factor);
    if (rc < threshold) {
      throw new DomainError(
        `${op}: the ${n}x${n} matrix is singular to working precision (estimated reciprocal condition number ${rc.toExponential(2)} < ${threshold.toExponential(2)}); use pinv or lstsq, or regularise the matrix.`,
      );
    }
  }
  return factor;
}

function hasZeroPivot(factor: LuResult): boolean {
  const n = factor.lu.rows;
  const a = factor.lu.data;
  for (let i = 0; i < n; i++) if (a[i * n + i] === 0) return true;
  return false;
}

/**
 * An estimate of the reciprocal 1-norm condition number 1 / (‖A‖₁ ‖A⁻¹‖₁) of a square matrix,
 * in [0, 1]; 0 for a singular matrix.
 *
 * **Method.** LU factorisation, then Hager–Higham 1-norm estimation of ‖A⁻¹‖₁ (LAPACK `dgecon`'s
 * approach; see the module comment). The estimate of ‖A⁻¹‖₁ is a lower bound, usually exact.
 *
 * @throws ShapeError when A is not square; DomainError on NaN/Inf entries
 * @example rcond1(Matrix.from([[1, 0], [0, 1e-3]])); // → 1e-3
 */
export function rcond1(A: Matrix, options: BackendOption = {}): number {
  requireSquare('rcond1', A);
  assertFinite(A, 'rcond1: A');
  if (A.rows === 0) return 1;
  const factor = backendOf(options).lu(A);
  if (factor.singular || hasZeroPivot(factor)) return 0;
  return rcondFromLu(A, factor);
}

function rcondFromLu(A: Matrix, factor: LuResult): number {
  const anorm = oneNormUnchecked(A);
  if (anorm === 0) return 0;
  const invNorm = estimateInverseOneNorm(factor);
  if (!Number.isFinite(invNorm)) return 0;
  const rc = 1 / anorm / invNorm;
  return Number.isFinite(rc) ? Math.min(rc, 1) : 0;
}

/** Solves A x = b in place on `x` from packed LU factors (vector version, js arithmetic). */
function luSolveVectorInPlace(factor: LuResult, x: Float64Array): void {
  const n = factor.lu.rows;
  const a = factor.lu.data;
  const piv = factor.pivots;
  for (let k = 0; k < n; k++) {
    const p = piv[k];
    if (p !== k) {
      const t = x[k];
      x[k] = x[p];
      x[p] = t;
    }
  }
  for (let i = 1; i < n; i++) {
    let s = x[i];
    const r = i * n;
    for (let k = 0; k < i; k++) s -= a[r + k] * x[k];
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    const r = i * n;
    for (let k = i + 1; k < n; k++) s -= a[r + k] * x[k];
    x[i] = s / a[r + i];
  }
}

/**
 * Solves Aᵀ x = b in place from the packed LU factors of A: with P A = L U, Aᵀ = Uᵀ Lᵀ P, so
 * solve Uᵀ y = b (forward), Lᵀ z = y (backward), then x = Pᵀ z (interchanges in reverse order).
 */
function luSolveTransposedVectorInPlace(factor: LuResult, x: Float64Array): void {
  const n = factor.lu.rows;
  const a = factor.lu.data;
  const piv = factor.pivots;
  // Uᵀ y = b: column-oriented forward substitution over rows of U.
  for (let i = 0; i < n; i++) {
    const r = i * n;
    const xi = x[i] / a[r + i];
    x[i] = xi;
    if (xi !== 0) for (let k = i + 1; k < n; k++) x[k] -= a[r + k] * xi;
  }
  // Lᵀ z = y: unit upper, backward, using rows of L.
  for (let i = n - 1; i >= 1; i--) {
    const r = i * n;
    const xi = x[i];
    if (xi !== 0) for (let k = 0; k < i; k++) x[k] -= a[r + k] * xi;
  }
  for (let k = n - 1; k >= 0; k--) {
    const p = piv[k];
    if (p !== k) {
      const t = x[k];
      x[k] = x[p];
      x[p] = t;
    }
  }
}

/** Hager–Higham estimate of ‖A⁻¹‖₁ from the LU factors of A (see `estimateOneNorm`). */
function estimateInverseOneNorm(factor: LuResult): number {
  return estimateOneNorm(
    factor.lu.rows,
    (x) => {
      luSolveVectorInPlace(factor, x);
      return x;
    },
    (x) => {
      luSolveTransposedVectorInPlace(factor, x);
      return x;
    },
  );
}

/**
 * The determinant of a square matrix.
 *
 * **Method.** The product of the LU pivots times the permutation sign (LAPACK `dgetrf`, as NumPy).
 *
 * **Special cases.** 0×0 gives 1; a singular matrix gives 0 (no error). For large n the product
 * can overflow to ±∞ or underflow to 0: use {@link slogdet} then.
 *
 * @throws ShapeError when A is not square; DomainError on NaN/Inf entries
 * @example det(Matrix.from([[1, 2], [3, 4]])); // → -2
 */
export function det(A: Matrix, options: BackendOption = {}): number {
  requireSquare('det', A);
  assertFinite(A, 'det: A');
  const n = A.rows;
  if (n === 0) return 1;
  const f = backendOf(options).lu(A);
  let d = f.permutationSign;
  const a = f.lu.data;
  for (let i = 0; i < n; i++) d *= a[i * n + i];
  return d === 0 ? 0 : d; // +0 rather than −0 for singular matrices
}

/**
 * The sign and natural log of |det A|, without overflow: det A = sign · exp(logAbsDet).
 *
 * **Method.** LU with partial pivoting; log|det| = Σᵢ log|U[i][i]|, sign = permutation sign ×
 * Πᵢ sign(U[i][i]).
 *
 * **Special cases.** Singular: sign 0 and logAbsDet −∞ (NumPy's convention). 0×0: sign 1, log 0.
 *
 * @throws ShapeError when A is not square; DomainError on NaN/Inf entries
 * @example slogdet(Matrix.from([[1, 2], [3, 4]])); // → { sign: -1, logAbsDet: 0.693147 } (log 2)
 */
export function slogdet(A: Matrix, options: BackendOption = {}): { sign: number; logAbsDet: number } {
  requireSquare('slogdet', A);
  assertFinite(A, 'slogdet: A');
  const n = A.rows;
  if (n === 0) return { sign: 1, logAbsDet: 0 };
  const f = backendOf(options).lu(A);
  let sign = f.permutationSign;
  let logAbsDet = 0;
  const a = f.lu.data;
  for (let i = 0; i < n; i++) {
    const u = a[i * n + i];
    if (u === 0) return { sign: 0, logAbsDet: -Infinity };
    if (u < 0) sign = -sign;
    logAbsDet += Math.log(Math.abs(u));
  }
  return { sign, logAbsDet };
}

/** Options of {@link cholesky}. */
export interface CholeskyOptions extends BackendOption {
  /** Largest accepted relative asymmetry ‖A − Aᵀ‖_F/‖A‖_F (default {@link DEFAULT_SYMMETRY_TOLERANCE}). */
  symmetryTolerance?: number;
}

/**
 * The lower Cholesky factor L (A = L Lᵀ, positive diagonal) of a symmetric positive definite matrix.
 *
 * **Method.** `backend.cholesky` (only the lower triangle is read, as LAPACK `dpotrf`); when it
 * fails, the js factorisation is rerun to name the first leading minor that is not positive definite.
 *
 * @throws ShapeError when A is not square; DomainError when A is not symmetric (relative tolerance
 * `symmetryTol`), not positive definite, or has NaN/Inf entries
 * @example cholesky(Matrix.from([[4, 2], [2, 5]])); // → [[2, 0], [1, 2]]
 */
export function cholesky(A: Matrix, options: CholeskyOptions = {}): Matrix {
  requireSquare('cholesky', A);
  assertFinite(A, 'cholesky: A');
  assertSymmetric('cholesky', A, options.symmetryTolerance ?? DEFAULT_SYMMETRY_TOLERANCE);
  const L = backendOf(options).cholesky(A);
  if (L !== null) return L;
  const { failedAt } = choleskyFactorInto(A);
  const n = A.rows;
  if (failedAt >= 0) {
    const k = failedAt + 1;
    throw new DomainError(
      `cholesky: the ${n}x${n} matrix is not positive definite (its leading ${k}x${k} minor is not); add a multiple of the identity or use an eigendecomposition for semi-definite matrices.`,
    );
  }
  throw new DomainError(
    `cholesky: the ${n}x${n} matrix is not positive definite to working precision; add a multiple of the identity or use an eigendecomposition for semi-definite matrices.`,
  );
}

/**
 * The Householder QR factorisation A = Q R of any m × n matrix (k = min(m, n)).
 * - `mode: 'thin'` (default, NumPy's `'reduced'`): Q m × k, R k × n;
 * - `mode: 'full'` (NumPy's `'complete'`): Q m × m, R m × n.
 *
 * R's diagonal has the signs LAPACK `dgeqrf` gives (not forced positive).
 *
 * @throws DomainError on NaN/Inf entries or an unknown mode
 * @example
 * const { Q, R } = qr(Matrix.from([[3], [4]]));
 * [Q.toArray(), R.toArray()]; // → [[[-0.6], [-0.8]], [[-5]]]
 */
export function qr(A: Matrix, options: BackendOption & { mode?: 'full' | 'thin' } = {}): QrResult {
  const mode = options.mode ?? 'thin';
  if (mode !== 'full' && mode !== 'thin') {
    throw new DomainError(`qr: mode is '${String(mode)}', expected 'full' or 'thin'.`);
  }
  assertFinite(A, 'qr: A');
  return backendOf(options).qr(A, mode === 'full');
}

/**
 * The Moore–Penrose pseudo-inverse A⁺ (n × m) of an m × n matrix.
 *
 * **Method.** Thin SVD A = U Σ Vᵀ; A⁺ = V Σ⁺ Uᵀ where singular values σᵢ ≤ rcond·σ₁ are treated
 * as zero (Golub & Van Loan §5.5.2).
 *
 * **Special cases.** Default `rcond = max(m, n)·ε` (NumPy's `pinv(A, rtol=None)`, the same cutoff
 * as {@link matrixRank}; NumPy's legacy default is 1e-15). The zero matrix and empty matrices give
 * the zero n × m matrix.
 *
 * @throws DomainError on NaN/Inf entries or a negative rcond
 * @example pinv(Matrix.from([[2, 0], [0, 0]])); // → [[0.5, 0], [0, 0]]
 */
export function pinv(A: Matrix, options: BackendOption & { rcond?: number } = {}): Matrix {
  assertFinite(A, 'pinv: A');
  const m = A.rows;
  const n = A.cols;
  const rcond = options.rcond ?? Math.max(m, n) * EPS;
  if (!(rcond >= 0) || !Number.isFinite(rcond)) {
    throw new DomainError(`pinv: rcond is ${rcond}, expected a finite number ≥ 0.`);
  }
  return pseudoInverseParts(A, rcond, backendOf(options)).pinv;
}

/** A⁺ with its effective rank and singular values (shared by pinv and lstsq). */
function pseudoInverseParts(
  A: Matrix,
  rcond: number,
  backend: LinalgBackend,
): { pinv: Matrix; rank: number; singularValues: Float64Array } {
  const m = A.rows;
  const n = A.cols;
  const out = new Matrix(n, m);
  if (m === 0 || n === 0) return { pinv: out, rank: 0, singularValues: new Float64Array(0) };
  const { U, s, Vt } = backend.svd(A, false);
  const k = s.length;
  const cutoff = rcond * s[0];
  let r = 0;
  while (r < k && s[r] > cutoff) r++;
  if (r === 0) return { pinv: out, rank: 0, singularValues: s };
  // Σ⁺Vᵀ restricted to its first r rows, and U's first r columns: A⁺ = (Σ⁺Vᵀ)ᵀ Uᵀ.
  const SVt = new Matrix(r, n);
  for (let i = 0; i < r; i++) {
    const inv = 1 / s[i];
    for (let j = 0; j < n; j++) SVt.data[i * n + j] = Vt.data[i * n + j] * inv;
  }
  const Ur = new Matrix(m, r);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < r; j++) Ur.data[i * r + j] = U.data[i * U.cols + j];
  }
  backend.gemm(true, true, 1, SVt, Ur, 0, out);
  return { pinv: out, rank: r, singularValues: s };
}

/**
 * The numerical rank: the number of singular values greater than `tol`.
 *
 * **Method.** Thin SVD; default `tol = σ₁ · max(m, n) · ε` (NumPy's `matrix_rank` default, after
 * Press et al., *Numerical Recipes*, 2nd ed., §2.6).
 *
 * @throws DomainError on NaN/Inf entries or a negative tol
 * @example matrixRank(Matrix.from([[1, 2], [2, 4]])); // → 1
 */
export function matrixRank(A: Matrix, options: BackendOption & { tol?: number } = {}): number {
  assertFinite(A, 'matrixRank: A');
  if (options.tol !== undefined && (!(options.tol >= 0) || !Number.isFinite(options.tol))) {
    throw new DomainError(`matrixRank: tol is ${options.tol}, expected a finite number ≥ 0.`);
  }
  if (A.rows === 0 || A.cols === 0) return 0;
  const s = backendOf(options).svd(A, false).s;
  const tol = options.tol ?? s[0] * Math.max(A.rows, A.cols) * EPS;
  let r = 0;
  for (let i = 0; i < s.length; i++) if (s[i] > tol) r++;
  return r;
}

/**
 * The minimum-norm least-squares solution X = argmin ‖A X − B‖_F (smallest ‖X‖_F among minimisers)
 * for an m × n A and m × r B (or a length-m vector b).
 *
 * **Method.** Thin SVD, X = V Σ⁺ Uᵀ B with the cutoff of {@link pinv} (LAPACK `dgelsd` solves the
 * same problem; NumPy's `lstsq` with `rcond=None` uses the same cutoff max(m, n)·ε·σ₁).
 *
 * @returns the solution (matrix or Float64Array, matching B), the effective rank and the singular values
 * @throws ShapeError when B's rows differ from m; DomainError on NaN/Inf entries
 * @example lstsq(Matrix.from([[1], [1]]), [1, 3]).solution; // → [2]
 */
export function lstsq(
  A: Matrix,
  B: Matrix,
  options?: BackendOption & { rcond?: number },
): { solution: Matrix; rank: number; singularValues: Float64Array };
export function lstsq(
  A: Matrix,
  b: ArrayLike<number>,
  options?: BackendOption & { rcond?: number },
): { solution: Float64Array; rank: number; singularValues: Float64Array };
export function lstsq(
  A: Matrix,
  B: Matrix | ArrayLike<number>,
  options: BackendOption & { rcond?: number } = {},
): { solution: Matrix | Float64Array; rank: number; singularValues: Float64Array } {
  const m = A.rows;
  const n = A.cols;
  const isMatrix = B instanceof Matrix;
  const bRows = isMatrix ? B.rows : B.length;
  if (bRows !== m) {
    throw ShapeError.mismatch('lstsq', [m, n], isMatrix ? [B.rows, B.cols] : [B.length], `the right-hand side needs ${m} rows`);
  }
  assertFinite(A, 'lstsq: A');
  if (isMatrix) assertFinite(B, 'lstsq: B');
  else assertFiniteVector(B, 'lstsq: b');
  const rhs = isMatrix ? B : Matrix.column(B);
  const rcond = options.rcond ?? Math.max(m, n) * EPS;
  if (!(rcond >= 0) || !Number.isFinite(rcond)) {
    throw new DomainError(`lstsq: rcond is ${rcond}, expected a finite number ≥ 0.`);
  }
  const backend = backendOf(options);
  const { pinv: P, rank, singularValues } = pseudoInverseParts(A, rcond, backend);
  const X = new Matrix(n, rhs.cols);
  if (m > 0 && n > 0) backend.gemm(false, false, 1, P, rhs, 0, X);
  return { solution: isMatrix ? X : X.data, rank, singularValues };
}
