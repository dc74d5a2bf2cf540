/**
 * Elementwise and product operations on {@link Matrix} and vectors.
 *
 * Every function checks shapes (a {@link ShapeError} names the operation and both shapes) and
 * finiteness of its inputs (a {@link DomainError} names the operand and the offending entry), and
 * returns a new matrix unless its name says "into" or it is documented as in place (`gemm`,
 * `copyInto`). Matrix products go through a {@link LinalgBackend} (`getBackend()` unless an options
 * object passes `backend`); everything else is a plain loop.
 *
 * Vectors are `Float64Array`s (any `ArrayLike<number>` is accepted as input).
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { getBackend, type LinalgBackend } from './backend.js';
import { assertFinite, Matrix } from './matrix.js';

/** The options every backend-using function accepts. */
export interface BackendOption {
  /** The backend for matrix products and decompositions; defaults to `getBackend()`. */
  backend?: LinalgBackend;
}

/** Options of {@link matmul} and {@link gemm}. */
export interface ProductOptions extends BackendOption {
  /** Use Aᵀ instead of A. */
  transA?: boolean;
  /** Use Bᵀ instead of B. */
  transB?: boolean;
}

/** Throws a DomainError naming `what` when a vector has a NaN or infinite entry. */
export function assertFiniteVector(x: ArrayLike<number>, what: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new DomainError(`${what}: entry [${i}] is ${x[i]}, expected a finite number.`);
    }
  }
}

function sameShape(op: string, A: Matrix, B: Matrix): void {
  if (A.rows !== B.rows || A.cols !== B.cols) {
    throw ShapeError.mismatch(op, [A.rows, A.cols], [B.rows, B.cols], 'elementwise operations need equal shapes');
  }
}

function opShape(X: Matrix, trans: boolean | undefined): [number, number] {
  return trans ? [X.cols, X.rows] : [X.rows, X.cols];
}

function productShape(op: string, A: Matrix, B: Matrix, o: ProductOptions): [number, number] {
  const [m, k] = opShape(A, o.transA);
  const [kb, n] = opShape(B, o.transB);
  if (k !== kb) {
    const why =
      `inner dimensions ${k} and ${kb} differ` +
      (o.transA || o.transB ? ` (transA=${!!o.transA}, transB=${!!o.transB})` : '');
    throw ShapeError.mismatch(op, [A.rows, A.cols], [B.rows, B.cols], why);
  }
  return [m, n];
}

/**
 * The matrix product op(A)·op(B) as a new matrix, where op(X) is X or Xᵀ.
 *
 * **Method.** One call to `backend.gemm` with beta = 0.
 *
 * **Special cases.** An inner dimension of 0 gives the zero matrix of shape m × n.
 *
 * @throws ShapeError when the inner dimensions differ; DomainError on NaN/Inf entries
 * @example
 * matmul(Matrix.from([[1, 2]]), Matrix.from([[3], [4]])); // → [[11]]
 * const X = Matrix.from([[1, 2], [3, 4]]);
 * matmul(X, X, { transA: true }); // → [[10, 14], [14, 20]]
 */
export function matmul(A: Matrix, B: Matrix, options: ProductOptions = {}): Matrix {
  const [m, n] = productShape('matmul', A, B, options);
  assertFinite(A, 'matmul: A');
  assertFinite(B, 'matmul: B');
  const C = new Matrix(m, n);
  (options.backend ?? getBackend()).gemm(!!options.transA, !!options.transB, 1, A, B, 0, C);
  return C;
}

/**
 * The BLAS `gemm` update C ← alpha·op(A)·op(B) + beta·C, in place; returns C.
 *
 * **Special cases.** When beta = 0, C's old entries are ignored (they may be NaN). C must not share
 * storage with A or B.
 *
 * @throws ShapeError when the shapes do not fit; DomainError on NaN/Inf in A, B, alpha, beta, or in
 * C when beta ≠ 0
 * @example
 * const A = Matrix.from([[1, 2], [3, 4]]);
 * const B = Matrix.identity(2);
 * const C = Matrix.identity(2);
 * gemm(2, A, B, 1, C); // C = 2AB + I
 * C; // → [[3, 4], [6, 9]]
 */
export function gemm(
  alpha: number,
  A: Matrix,
  B: Matrix,
  beta: number,
  C: Matrix,
  options: ProductOptions = {},
): Matrix {
  const [m, n] = productShape('gemm', A, B, options);
  if (C.rows !== m || C.cols !== n) {
    throw ShapeError.mismatch('gemm', [m, n], [C.rows, C.cols], `the product op(A)op(B) is ${m}x${n} but C is ${C.rows}x${C.cols}`);
  }
  if (!Number.isFinite(alpha) || !Number.isFinite(beta)) {
    throw new DomainError(`gemm: alpha = ${alpha} and beta = ${beta} must be finite numbers.`);
  }
  if (C.data === A.data || C.data === B.data) {
    throw new DomainError('gemm: C must not share storage with A or B; pass a separate output matrix.');
  }
  assertFinite(A, 'gemm: A');
  assertFinite(B, 'gemm: B');
  if (beta !== 0) assertFinite(C, 'gemm: C');
  (options.backend ?? getBackend()).gemm(!!options.transA, !!options.transB, alpha, A, B, beta, C);
  return C;
}

/**
 * A + B. @throws ShapeError when shapes differ
 * @example add(Matrix.from([[1]]), Matrix.from([[2]])); // → [[3]]
 */
export function add(A: Matrix, B: Matrix): Matrix {
  return addScaledImpl('add', A, 1, B);
}

/**
 * A − B. @throws ShapeError when shapes differ
 * @example sub(Matrix.from([[3]]), Matrix.from([[2]])); // → [[1]]
 */
export function sub(A: Matrix, B: Matrix): Matrix {
  return addScaledImpl('sub', A, -1, B);
}

/**
 * A + s·B (the BLAS `axpy` on matrices), as a new matrix.
 * @throws ShapeError when shapes differ; DomainError when s or an entry is not finite
 * @example
 * addScaled(Matrix.from([[1, 1]]), -0.5, Matrix.from([[2, 4]])); // → [[0, -1]]
 */
export function addScaled(A: Matrix, s: number, B: Matrix): Matrix {
  return addScaledImpl('addScaled', A, s, B);
}

function addScaledImpl(op: string, A: Matrix, s: number, B: Matrix): Matrix {
  sameShape(op, A, B);
  if (!Number.isFinite(s)) throw new DomainError(`${op}: the scale factor is ${s}, expected a finite number.`);
  assertFinite(A, `${op}: A`);
  assertFinite(B, `${op}: B`);
  const out = new Matrix(A.rows, A.cols);
  const a = A.data;
  const b = B.data;
  const o = out.data;
  if (s === 1) for (let i = 0; i < o.length; i++) o[i] = a[i] + b[i];
  else if (s === -1) for (let i = 0; i < o.length; i++) o[i] = a[i] - b[i];
  else for (let i = 0; i < o.length; i++) o[i] = a[i] + s * b[i];
  return out;
}

/**
 * s·A as a new matrix.
 * @throws DomainError when s or an entry is not finite
 * @example scale(Matrix.from([[1, 2]]), 3); // → [[3, 6]]
 */
export function scale(A: Matrix, s: number): Matrix {
  if (!Number.isFinite(s)) throw new DomainError(`scale: the scale factor is ${s}, expected a finite number.`);
  assertFinite(A, 'scale: A');
  const out = new Matrix(A.rows, A.cols);
  const a = A.data;
  const o = out.data;
  for (let i = 0; i < o.length; i++) o[i] = s * a[i];
  return out;
}

/**
 * The elementwise (Hadamard) product A ∘ B.
 * @throws ShapeError when shapes differ
 * @example hadamard(Matrix.from([[1, 2]]), Matrix.from([[3, 4]])); // → [[3, 8]]
 */
export function hadamard(A: Matrix, B: Matrix): Matrix {
  sameShape('hadamard', A, B);
  assertFinite(A, 'hadamard: A');
  assertFinite(B, 'hadamard: B');
  const out = new Matrix(A.rows, A.cols);
  const a = A.data;
  const b = B.data;
  const o = out.data;
  for (let i = 0; i < o.length; i++) o[i] = a[i] * b[i];
  return out;
}

/**
 * Aᵀ as a new matrix.
 * **Method.** Blocked copy (32 × 32 tiles) so both sides stay cache-friendly.
 * @example transpose(Matrix.from([[1, 2, 3]])); // → [[1], [2], [3]]
 */
export function transpose(A: Matrix): Matrix {
  assertFinite(A, 'transpose: A');
  const m = A.rows;
  const n = A.cols;
  const out = new Matrix(n, m);
  const a = A.data;
  const o = out.data;
  const T = 32;
  for (let i0 = 0; i0 < m; i0 += T) {
    const i1 = Math.min(i0 + T, m);
    for (let j0 = 0; j0 < n; j0 += T) {
      const j1 = Math.min(j0 + T, n);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) o[j * m + i] = a[i * n + j];
      }
    }
  }
  return out;
}

/**
 * The trace Σᵢ A[i][i] of a square matrix (0 for 0×0).
 * @throws ShapeError when A is not square
 * @example trace(Matrix.identity(3)); // → 3
 */
export function trace(A: Matrix): number {
  if (A.rows !== A.cols) {
    throw new ShapeError(`trace: needs a square matrix, got ${A.rows}x${A.cols}.`);
  }
  assertFinite(A, 'trace: A');
  let s = 0;
  for (let i = 0; i < A.rows; i++) s += A.data[i * A.cols + i];
  return s;
}

/**
 * The symmetric part (A + Aᵀ)/2 of a square matrix; exactly symmetric.
 * @throws ShapeError when A is not square
 * @example symmetrize(Matrix.from([[1, 2], [0, 1]])); // → [[1, 1], [1, 1]]
 */
export function symmetrize(A: Matrix): Matrix {
  if (A.rows !== A.cols) {
    throw new ShapeError(`symmetrize: needs a square matrix, got ${A.rows}x${A.cols}.`);
  }
  assertFinite(A, 'symmetrize: A');
  const n = A.rows;
  const out = new Matrix(n, n);
  const a = A.data;
  const o = out.data;
  for (let i = 0; i < n; i++) {
    o[i * n + i] = a[i * n + i];
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (a[i * n + j] + a[j * n + i]);
      o[i * n + j] = v;
      o[j * n + i] = v;
    }
  }
  return out;
}

/**
 * The largest asymmetry max_{i,j} |A[i][j] − A[j][i]| of a square matrix.
 * @throws ShapeError when A is not square
 */
export function maxAsymmetry(A: Matrix): number {
  if (A.rows !== A.cols) {
    throw new ShapeError(`maxAsymmetry: needs a square matrix, got ${A.rows}x${A.cols}.`);
  }
  const n = A.rows;
  const a = A.data;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const d = Math.abs(a[i * n + j] - a[j * n + i]);
      if (d > worst || Number.isNaN(d)) worst = d;
    }
  }
  return worst;
}

/**
 * True when A is square and |A[i][j] − A[j][i]| ≤ tol · max|A| for all i, j (a relative test;
 * `tol = 0` asks for exact symmetry). Non-square or non-finite matrices are not symmetric.
 * @example isSymmetric(Matrix.from([[1, 2], [2, 1]])); // → true
 */
export function isSymmetric(A: Matrix, tol = 0): boolean {
  if (A.rows !== A.cols) return false;
  if (!Number.isFinite(tol) || tol < 0) {
    throw new DomainError(`isSymmetric: the tolerance is ${tol}, expected a finite number ≥ 0.`);
  }
  let maxAbs = 0;
  const a = A.data;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (!Number.isFinite(v)) return false;
    if (v > maxAbs) maxAbs = v;
  }
  return maxAsymmetry(A) <= tol * maxAbs;
}

/**
 * The outer product x yᵀ (length(x) × length(y)).
 * @example outer([1, 2], [3, 4, 5]); // → [[3, 4, 5], [6, 8, 10]]
 */
export function outer(x: ArrayLike<number>, y: ArrayLike<number>): Matrix {
  assertFiniteVector(x, 'outer: x');
  assertFiniteVector(y, 'outer: y');
  const m = x.length;
  const n = y.length;
  const out = new Matrix(m, n);
  const o = out.data;
  for (let i = 0; i < m; i++) {
    const xi = x[i];
    for (let j = 0; j < n; j++) o[i * n + j] = xi * y[j];
  }
  return out;
}

/**
 * The inner product Σ xᵢ yᵢ.
 * @throws ShapeError when the lengths differ
 * @example dot([1, 2], [3, 4]); // → 11
 */
export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) {
    throw ShapeError.mismatch('dot', [x.length], [y.length], 'vectors need equal lengths');
  }
  assertFiniteVector(x, 'dot: x');
  assertFiniteVector(y, 'dot: y');
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/**
 * The matrix–vector product A x (or Aᵀ x with `trans: true`) as a new Float64Array.
 * **Method.** Row dot products for A x, row-wise accumulation for Aᵀ x (both contiguous).
 * @throws ShapeError when the vector length does not match
 * @example matvec(Matrix.from([[1, 2], [3, 4]]), [1, 1]); // → [3, 7]
 */
export function matvec(A: Matrix, x: ArrayLike<number>, options: { trans?: boolean } = {}): Float64Array {
  const m = A.rows;
  const n = A.cols;
  const trans = !!options.trans;
  if ((trans ? m : n) !== x.length) {
    throw ShapeError.mismatch(
      'matvec',
      [m, n],
      [x.length],
      `${trans ? 'Aᵀx needs a vector of length ' + m : 'Ax needs a vector of length ' + n}`,
    );
  }
  assertFinite(A, 'matvec: A');
  assertFiniteVector(x, 'matvec: x');
  const a = A.data;
  if (!trans) {
    const y = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let s = 0;
      const r = i * n;
      for (let j = 0; j < n; j++) s += a[r + j] * x[j];
      y[i] = s;
    }
    return y;
  }
  const y = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const r = i * n;
    for (let j = 0; j < n; j++) y[j] += a[r + j] * xi;
  }
  return y;
}

/**
 * Copies the entries of `src` into `dst` (same shape) and returns `dst`.
 * @throws ShapeError when shapes differ
 * @example
 * const state = Matrix.zeros(1, 2);
 * copyInto(state, Matrix.from([[5, 6]])); // → [[5, 6]]
 */
export function copyInto(dst: Matrix, src: Matrix): Matrix {
  sameShape('copyInto', dst, src);
  assertFinite(src, 'copyInto: src');
  dst.data.set(src.data);
  return dst;
}

/**
 * max_{i,j} |A[i][j] − B[i][j]| (0 for empty matrices).
 * @throws ShapeError when shapes differ
 * @example maxAbsDiff(Matrix.from([[1, 2]]), Matrix.from([[1, 2.5]])); // → 0.5
 */
export function maxAbsDiff(A: Matrix, B: Matrix): number {
  sameShape('maxAbsDiff', A, B);
  assertFinite(A, 'maxAbsDiff: A');
  assertFinite(B, 'maxAbsDiff: B');
  const a = A.data;
  const b = B.data;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d > worst) worst = d;
  }
  return worst;
}

/**
 * The relative Frobenius error ‖A − ref‖_F / ‖ref‖_F.
 *
 * **Special cases.** When ref is the zero matrix (or empty) the absolute error ‖A‖_F is returned,
 * so two zero matrices give 0 and a nonzero A against a zero ref gives its size, never NaN.
 * Norms are computed with scaling, so huge entries do not overflow.
 *
 * @throws ShapeError when shapes differ
 * @example relativeError(Matrix.from([[1.1]]), Matrix.from([[1]])); // → ≈ 0.1
 */
export function relativeError(A: Matrix, ref: Matrix): number {
  sameShape('relativeError', A, ref);
  assertFinite(A, 'relativeError: A');
  assertFinite(ref, 'relativeError: ref');
  const a = A.data;
  const r = ref.data;
  // Both norms as scale·√(sum of squares of entries/scale); the difference is formed from
  // pre-scaled operands so that it cannot overflow.
  const c = Math.max(maxAbsOf(a), maxAbsOf(r));
  if (c === 0) return 0;
  let dMax = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] / c - r[i] / c);
    if (d > dMax) dMax = d;
  }
  if (dMax === 0) return 0;
  let ds = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] / c - r[i] / c) / dMax;
    ds += d * d;
  }
  const rMax = maxAbsOf(r);
  if (rMax === 0) return c * dMax * Math.sqrt(ds);
  let rs = 0;
  for (let i = 0; i < r.length; i++) {
    const v = r[i] / rMax;
    rs += v * v;
  }
  return (c / rMax) * dMax * Math.sqrt(ds / rs);
}

function maxAbsOf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m) m = v;
  }
  return m;
}
