/**
 * Matrix norms: Frobenius, spectral (σ₁), nuclear (Σσᵢ), 1-norm, ∞-norm and max-abs.
 *
 * The spectral and nuclear norms go through `backend.svd(A, false).s`; the others are plain loops.
 * Every function checks that its input is finite (DomainError naming the entry otherwise). The
 * norms of an empty matrix are 0.
 *
 * @module
 */
import { getBackend } from './backend.js';
import { assertFinite, type Matrix } from './matrix.js';
import type { BackendOption } from './ops.js';

/**
 * The Frobenius norm ‖A‖_F = √(Σᵢⱼ A[i][j]²).
 *
 * **Method.** The plain sum of squares when the largest entry is in [1e-150, 1e150] (no overflow
 * or harmful underflow possible for fewer than 1e8 entries); otherwise entries are divided by the
 * largest magnitude first, ‖A‖_F = max|A| · ‖A / max|A|‖_F, as LAPACK's `dlange`/`dlassq` avoid
 * overflow (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., §27.5).
 *
 * @example frobeniusNorm(Matrix.from([[3, 4]])); // → 5
 * @example frobeniusNorm(Matrix.from([[3e200, 4e200]])); // → 5e200 (no overflow)
 */
export function frobeniusNorm(A: Matrix): number {
  assertFinite(A, 'frobeniusNorm: A');
  return scaledTwoNorm(A.data);
}

/** The scaled Euclidean norm of an array (see {@link frobeniusNorm}); assumes finite entries. */
export function scaledTwoNorm(x: ArrayLike<number>): number {
  let maxAbs = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]);
    if (v > maxAbs) maxAbs = v;
  }
  if (maxAbs === 0) return 0;
  let s = 0;
  if (maxAbs >= 1e-150 && maxAbs <= 1e150) {
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
    return Math.sqrt(s);
  }
  for (let i = 0; i < x.length; i++) {
    const v = x[i] / maxAbs;
    s += v * v;
  }
  return maxAbs * Math.sqrt(s);
}

/**
 * The spectral norm ‖A‖₂ = σ₁, the largest singular value.
 * **Method.** `backend.svd(A, false).s[0]`.
 * @example spectralNorm(Matrix.from([[3, 0], [0, -4]])); // → 4
 */
export function spectralNorm(A: Matrix, options: BackendOption = {}): number {
  assertFinite(A, 'spectralNorm: A');
  if (A.rows === 0 || A.cols === 0) return 0;
  const s = (options.backend ?? getBackend()).svd(A, false).s;
  return s[0];
}

/**
 * The nuclear (trace) norm ‖A‖_* = Σᵢ σᵢ.
 * **Method.** Sum of `backend.svd(A, false).s`.
 * @example nuclearNorm(Matrix.from([[3, 0], [0, -4]])); // → 7
 */
export function nuclearNorm(A: Matrix, options: BackendOption = {}): number {
  assertFinite(A, 'nuclearNorm: A');
  if (A.rows === 0 || A.cols === 0) return 0;
  const s = (options.backend ?? getBackend()).svd(A, false).s;
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s[i];
  return sum;
}

/**
 * The 1-norm ‖A‖₁ = maxⱼ Σᵢ |A[i][j]| (largest absolute column sum).
 * @example oneNorm(Matrix.from([[1, -2], [3, 4]])); // → 6
 */
export function oneNorm(A: Matrix): number {
  assertFinite(A, 'oneNorm: A');
  return oneNormUnchecked(A);
}

/** {@link oneNorm} without the finiteness check (for internal hot paths). */
export function oneNormUnchecked(A: Matrix): number {
  const n = A.cols;
  const sums = new Float64Array(n);
  const a = A.data;
  for (let i = 0; i < A.rows; i++) {
    const r = i * n;
    for (let j = 0; j < n; j++) sums[j] += Math.abs(a[r + j]);
  }
  let best = 0;
  for (let j = 0; j < n; j++) if (sums[j] > best) best = sums[j];
  return best;
}

/**
 * The ∞-norm ‖A‖_∞ = maxᵢ Σⱼ |A[i][j]| (largest absolute row sum).
 * @example infNorm(Matrix.from([[1, -2], [3, 4]])); // → 7
 */
export function infNorm(A: Matrix): number {
  assertFinite(A, 'infNorm: A');
  const n = A.cols;
  const a = A.data;
  let best = 0;
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    const r = i * n;
    for (let j = 0; j < n; j++) s += Math.abs(a[r + j]);
    if (s > best) best = s;
  }
  return best;
}

/**
 * The largest entry magnitude max_{i,j} |A[i][j]| (not a submultiplicative norm).
 * @example maxAbs(Matrix.from([[1, -5]])); // → 5
 */
export function maxAbs(A: Matrix): number {
  assertFinite(A, 'maxAbs: A');
  const a = A.data;
  let best = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > best) best = v;
  }
  return best;
}

/**
 * An estimate of ‖B‖₁ for a linear operator B on ℝⁿ given only products x ↦ Bx and x ↦ Bᵀx
 * (for example B = A⁻¹ through LU solves, or B = A⁸ through repeated products).
 *
 * **Method.** Hager's method with Higham's refinements, the t = 1 algorithm of LAPACK's `dlacn2`
 * (Higham, "FORTRAN codes for estimating the one-norm of a real or complex matrix", *ACM TOMS*
 * 14 (1988) 381–396; Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., Alg. 15.4):
 * at most 5 iterations of x ← e_j with j = argmax |Bᵀ sign(Bx)|, plus the extra test vector
 * xᵢ = (−1)ⁱ(1 + i/(n−1)). The result is a lower bound on ‖B‖₁, exact in most cases and rarely
 * below ‖B‖₁/3. It costs about 4–5 products with B and as many with Bᵀ.
 *
 * **Special cases.** n = 0 gives 0; n = 1 gives |B·1| exactly.
 *
 * @param n - the dimension
 * @param apply - x ↦ Bx (may overwrite and return its argument)
 * @param applyTransposed - x ↦ Bᵀx (may overwrite and return its argument)
 * @example
 * const A = Matrix.from([[1, -2], [3, 4]]);
 * estimateOneNorm(2, (x) => matvec(A, x), (x) => matvec(A, x, { trans: true })); // → 6
 */
export function estimateOneNorm(
  n: number,
  apply: (x: Float64Array) => Float64Array,
  applyTransposed: (x: Float64Array) => Float64Array,
): number {
  if (n === 0) return 0;
  let y = apply(new Float64Array(n).fill(1 / n));
  let est = sumAbs(y);
  if (n === 1) return est;
  const xi = new Float64Array(n);
  for (let i = 0; i < n; i++) xi[i] = y[i] >= 0 ? 1 : -1;
  let z = applyTransposed(xi.slice());
  let j = argMaxAbs(z);
  for (let iter = 2; iter <= 5; iter++) {
    const e = new Float64Array(n);
    e[j] = 1;
    y = apply(e);
    const estOld = est;
    est = sumAbs(y);
    let sameSigns = true;
    for (let i = 0; i < n; i++) {
      const s = y[i] >= 0 ? 1 : -1;
      if (s !== xi[i]) sameSigns = false;
      xi[i] = s;
    }
    if (sameSigns || est <= estOld) {
      est = Math.max(est, estOld);
      break;
    }
    z = applyTransposed(xi.slice());
    const jLast = j;
    j = argMaxAbs(z);
    if (Math.abs(z[jLast]) === Math.abs(z[j])) break;
  }
  const alt = new Float64Array(n);
  for (let i = 0; i < n; i++) alt[i] = (i % 2 === 0 ? 1 : -1) * (1 + i / (n - 1));
  const altEst = (2 * sumAbs(apply(alt))) / (3 * n);
  return Math.max(est, altEst);
}

function sumAbs(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]);
  return s;
}

function argMaxAbs(z: Float64Array): number {
  let j = 0;
  let best = -1;
  for (let i = 0; i < z.length; i++) {
    const v = Math.abs(z[i]);
    if (v > best) {
      best = v;
      j = i;
    }
  }
  return j;
}
