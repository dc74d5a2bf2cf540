/**
 * Householder QR factorisation (the js kernel behind `LinalgBackend.qr`).
 *
 * Computes A = Q R for an m × n A of any shape, with k = min(m, n):
 * - full: Q is m × m orthogonal, R is m × n upper triangular (trapezoidal when wide);
 * - thin: Q is m × k with orthonormal columns, R is k × n.
 *
 * **Method.** k Householder reflections H_j = I − τ_j v_j v_jᵀ (v_j[j] = 1), generated exactly as
 * LAPACK's `dlarfg` generates them (Golub & Van Loan, *Matrix Computations*, 4th ed., Alg. 5.1.1 and
 * §5.2.2): for the column x = A[j:m, j] with head α and tail norm ξ = ‖x[1:]‖,
 * β = −sign(α)·√(α² + ξ²), τ = (β − α)/β, v = x[1:]/(α − β), and R[j][j] = β. When ξ = 0 the
 * reflection is the identity (τ = 0) and R[j][j] = α, so R's diagonal carries the signs LAPACK's
 * `dgeqrf` gives (they are not forced positive; `random/` applies the Haar sign correction itself).
 * Each reflection is applied to the trailing columns row by row (w = vᵀA, A −= τ v w), and Q is
 * accumulated backwards from the identity, Q = H_0 H_1 ⋯ H_{k−1} [I], as `dorgqr` does. Norms are
 * computed with scaling, so tiny and huge columns neither underflow nor overflow.
 *
 * **Special cases.** Zero or rank-deficient columns give τ = 0 and a zero (or tiny) diagonal of R;
 * Q stays orthogonal. A matrix with a zero dimension gives empty factors (full Q = I_m). The routine
 * is pure arithmetic in a fixed order, hence deterministic across runs and platforms with IEEE
 * doubles. The input is never modified.
 *
 * @module
 */
import type { QrResult } from '../backend.js';
import { Matrix } from '../matrix.js';

/**
 * Householder QR of any m × n matrix.
 *
 * @param A - m × n matrix (not modified)
 * @param full - true: Q m × m and R m × n; false: Q m × k and R k × n with k = min(m, n)
 * @returns `{ Q, R }` with A = Q R, Qᵀ Q = I and R upper triangular
 *
 * @example
 * const { Q, R } = qrJs(Matrix.from([[3], [4]]), false);
 * // Q = [[-0.6], [-0.8]], R = [[-5]]
 */
export function qrJs(A: Matrix, full: boolean): QrResult {
  const m = A.rows;
  const n = A.cols;
  const k = Math.min(m, n);
  const W = A.clone();
  const w = W.data;
  const tau = new Float64Array(k);
  const work = new Float64Array(Math.max(n, m));

  for (let j = 0; j < k; j++) {
    const alpha = w[j * n + j];
    const xi = scaledColumnNorm(w, n, j + 1, m, j);
    if (xi === 0) {
      tau[j] = 0;
      continue;
    }
    const beta = -copySign(hypot2(alpha, xi), alpha);
    tau[j] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) w[i * n + j] *= scale;
    w[j * n + j] = beta;
    // Apply H_j to A[j:m, j+1:n]: wrow = vᵀ A_sub, then A_sub -= τ v wrow.
    applyReflectorLeft(w, n, j, m, j + 1, n, w, n, j, tau[j], work);
  }

  // R: upper part of W.
  const rRows = full ? m : k;
  const R = new Matrix(rRows, n);
  const r = R.data;
  for (let i = 0; i < Math.min(rRows, m); i++) {
    for (let j = i; j < n; j++) r[i * n + j] = w[i * n + j];
  }

  // Q: accumulate reflections backwards on the leading columns of the identity.
  const q = full ? m : k;
  const Q = new Matrix(m, q);
  const qd = Q.data;
  for (let i = 0; i < Math.min(m, q); i++) qd[i * q + i] = 1;
  for (let j = k - 1; j >= 0; j--) {
    if (tau[j] === 0) continue;
    applyReflectorLeft(qd, q, j, m, j, q, w, n, j, tau[j], work);
  }
  return { Q, R };
}

/**
 * Applies H = I − τ v vᵀ from the left to rows r0..r1−1, columns c0..c1−1 of the row-major array
 * `x` (row stride `xs`). The reflector's vector is v[0] = 1 and v[i] = vsrc[(r0 + i)·vs + vc] for
 * i ≥ 1 (stored below the diagonal of the working matrix).
 */
function applyReflectorLeft(
  x: Float64Array,
  xs: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
  vsrc: Float64Array,
  vs: number,
  vc: number,
  tau: number,
  work: Float64Array,
): void {
  if (c1 <= c0) return;
  // work[c] = Σ_i v_i x[i][c]
  const head = r0 * xs;
  for (let c = c0; c < c1; c++) work[c] = x[head + c];
  for (let i = r0 + 1; i < r1; i++) {
    const vi = vsrc[i * vs + vc];
    if (vi === 0) continue;
    const ri = i * xs;
    for (let c = c0; c < c1; c++) work[c] += vi * x[ri + c];
  }
  for (let c = c0; c < c1; c++) work[c] *= tau;
  for (let c = c0; c < c1; c++) x[head + c] -= work[c];
  for (let i = r0 + 1; i < r1; i++) {
    const vi = vsrc[i * vs + vc];
    if (vi === 0) continue;
    const ri = i * xs;
    for (let c = c0; c < c1; c++) x[ri + c] -= vi * work[c];
  }
}

/** ‖x[r0:r1, col]‖₂ of a row-major array with row stride `stride`, scaled against over/underflow. */
function scaledColumnNorm(x: Float64Array, stride: number, r0: number, r1: number, col: number): number {
  let maxAbs = 0;
  for (let i = r0; i < r1; i++) {
    const v = Math.abs(x[i * stride + col]);
    if (v > maxAbs) maxAbs = v;
  }
  if (maxAbs === 0) return 0;
  // Fast path when squares neither overflow nor lose precision to underflow.
  if (maxAbs > 1e-150 && maxAbs < 1e150) {
    let s = 0;
    for (let i = r0; i < r1; i++) {
      const v = x[i * stride + col];
      s += v * v;
    }
    return Math.sqrt(s);
  }
  let s = 0;
  for (let i = r0; i < r1; i++) {
    const v = x[i * stride + col] / maxAbs;
    s += v * v;
  }
  return maxAbs * Math.sqrt(s);
}

/** √(a² + b²) without overflow or destructive underflow. */
function hypot2(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  const big = Math.max(x, y);
  const small = Math.min(x, y);
  if (big === 0) return 0;
  const t = small / big;
  return big * Math.sqrt(1 + t * t);
}

/** |magnitude| with the sign of `sign` (+ for +0, as Fortran's SIGN). */
function copySign(magnitude: number, sign: number): number {
  return sign < 0 || Object.is(sign, -0) ? -magnitude : magnitude;
}
