/**
 * Symmetric eigendecomposition in pure TypeScript: Householder tridiagonalisation followed by the
 * implicit QL algorithm with Wilkinson shifts.
 *
 * @module
 */
import { ConvergenceError } from '../../errors/index.js';
import { Matrix } from '../matrix.js';
import type { EighResult } from '../backend.js';

/** Unit roundoff of float64, 2⁻⁵³. */
const UNIT_ROUNDOFF = 2 ** -53;
/** A number whose square is still a normal float64 (squares below it flush toward subnormals). */
const SAFE_MIN_SQUARE = 2 ** -1000;
/** QL iterations allowed per eigenvalue before giving up (LAPACK's dsteqr allows 30). */
const MAX_ITERATIONS_PER_EIGENVALUE = 60;

/**
 * The power of two 2ᵏ nearest to 1/`maxAbs`; multiplying by it is exact and brings the largest
 * entry into [0.5, 1), away from overflow and underflow.
 */
export function powerOfTwoScale(maxAbs: number): number {
  if (maxAbs === 0 || !Number.isFinite(maxAbs)) return 1;
  // Clamped so that 2^-exponent is a normal float64 (inputs below 2^-1020 are only partly rescaled).
  const exponent = Math.min(1020, Math.max(-1020, Math.floor(Math.log2(maxAbs)) + 1));
  return 2 ** -exponent;
}

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix, A = V diag(λ) Vᵀ, reading only the lower
 * triangle of `A` (the `LinalgBackend.eigh` contract).
 *
 * **Method.** (1) A is scaled by a power of two so that max|aᵢⱼ| ∈ [½, 1) (exact; avoids overflow and
 * underflow for huge or tiny inputs). (2) Rows/columns are symmetrically permuted so that the diagonal
 * increases in magnitude from top-left to bottom-right: for graded matrices this is the orientation in
 * which bottom-up Householder reduction and the QL iteration preserve small eigenvalues to high relative
 * accuracy (Wilkinson & Reinsch, Handbook for Automatic Computation II, contributions II/2–II/3).
 * (3) Householder tridiagonalisation Q ᵀA Q = T, from the last row upwards, working on the lower
 * triangle only, with Q accumulated explicitly (Golub & Van Loan, Matrix Computations, 4th ed., §8.3.1).
 * (4) Implicit QL iteration with Wilkinson shifts on T (Golub & Van Loan §8.3.3–8.3.5; the QL form is the
 * mirror image of the symmetric QR step), deflating when eᵢ² ≤ ε²|dᵢ dᵢ₊₁| + safmin as in LAPACK's dsteqr;
 * the Givens rotations are applied to rows of Vᵀ, which are contiguous in memory. (5) Sort ascending.
 * Cost ≈ (4/3 + 4/3 + ~6) n³ flops.
 *
 * **Special cases.** n = 0 gives empty results; the zero matrix gives zero eigenvalues and V = I; a
 * diagonal matrix is returned (up to ordering) exactly; repeated eigenvalues get an orthonormal basis of
 * their eigenspace (V is orthogonal to working precision whatever the multiplicities). `A` is not
 * modified. Input is assumed finite (the `eigh` wrapper checks).
 *
 * @param A - square symmetric matrix (only the lower triangle is read)
 * @returns eigenvalues ascending and orthonormal eigenvectors as columns
 * @throws ConvergenceError when the QL iteration exceeds its iteration cap (not expected for finite input)
 *
 * @example
 * const { values, vectors } = eighJs(Matrix.from([[2, 1], [1, 2]]));
 * // values ≈ [1, 3]; vectors columns ≈ [1, -1]/√2 and [1, 1]/√2 (up to sign)
 */
export function eighJs(A: Matrix): EighResult {
  const n = A.rows;
  if (n === 0) return { values: new Float64Array(0), vectors: new Matrix(0, 0) };
  const src = A.data;

  // (1) scale, (2) permutation by increasing |diagonal|.
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = Math.abs(src[i * n + j]);
      if (v > maxAbs) maxAbs = v;
    }
  }
  if (maxAbs === 0) return { values: new Float64Array(n), vectors: Matrix.identity(n) };
  const scale = powerOfTwoScale(maxAbs);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const absDiag = new Float64Array(n);
  for (let i = 0; i < n; i++) absDiag[i] = Math.abs(src[i * n + i]);
  // Stable sort keeps the original order among equal diagonal entries (identity for constant diagonals).
  const order = Array.from(perm).sort((x, y) => absDiag[x] - absDiag[y] || x - y);
  for (let i = 0; i < n; i++) perm[i] = order[i];

  // Working copy: lower triangle of the permuted, scaled matrix, a[i][j] for j ≤ i.
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const pi = perm[i];
    for (let j = 0; j <= i; j++) {
      const pj = perm[j];
      a[i * n + j] = (pi >= pj ? src[pi * n + pj] : src[pj * n + pi]) * scale;
    }
  }

  const d = new Float64Array(n);
  const e = new Float64Array(n); // e[i] couples i-1 and i (i ≥ 1) after reduction
  const h = new Float64Array(n); // h[i] = ‖u‖²/2 of reflector i, 0 when the step is skipped
  tridiagonalize(a, n, d, e, h);

  // Vᵀ initialised to Qᵀ = H₁ H₂ ⋯ H_{n-1} (each Hᵢ = I − u uᵀ/hᵢ is symmetric).
  const vt = accumulateTransposedQ(a, n, h);

  // Subdiagonal shifted down: off[i] couples i and i+1.
  const off = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) off[i] = e[i + 1];
  implicitQl(d, off, vt, n);

  // (5) sort ascending and undo the permutation and the scaling.
  const idx = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y] || x - y);
  const values = new Float64Array(n);
  const vectors = new Matrix(n, n);
  const vd = vectors.data;
  for (let k = 0; k < n; k++) {
    const src_k = idx[k];
    values[k] = d[src_k] / scale;
    const rowOff = src_k * n;
    for (let i = 0; i < n; i++) vd[perm[i] * n + k] = vt[rowOff + i];
  }
  return { values, vectors };
}

/**
 * Householder reduction of the symmetric matrix whose lower triangle is in `a` to tridiagonal form,
 * from the last row upwards. On return d holds the diagonal, e[i] (i ≥ 1) the subdiagonal entry
 * (i, i−1), and row i of `a` (entries 0..i−1) the Householder vector uᵢ with hᵢ = uᵢᵀuᵢ/2.
 */
function tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array, h: Float64Array): void {
  const p = new Float64Array(n);
  for (let i = n - 1; i >= 1; i--) {
    const l = i - 1; // the reflector acts on indices 0..l
    const rowI = i * n;
    let colScale = 0;
    for (let k = 0; k <= l; k++) colScale += Math.abs(a[rowI + k]);
    if (l === 0 || colScale === 0) {
      e[i] = a[rowI + l];
      h[i] = 0;
      continue;
    }
    // u = x − β e_l where x = a[i][0..l] (scaled for safety), β = −sign(x_l)‖x‖.
    let sumSq = 0;
    for (let k = 0; k <= l; k++) {
      const v = a[rowI + k] / colScale;
      a[rowI + k] = v;
      sumSq += v * v;
    }
    const f = a[rowI + l];
    const g = f >= 0 ? -Math.sqrt(sumSq) : Math.sqrt(sumSq);
    e[i] = colScale * g;
    const hi = sumSq - f * g; // = uᵀu/2 for u = x − g e_l
    a[rowI + l] = f - g;
    h[i] = hi;
    // Apply H = I − u uᵀ/hi on both sides of the leading (l+1)×(l+1) block B:
    // p = B u / hi, K = uᵀp/(2 hi), q = p − K u, B ← B − u qᵀ − q uᵀ. Lower triangle only.
    p.fill(0, 0, l + 1);
    for (let j = 0; j <= l; j++) {
      const rowJ = j * n;
      const uj = a[rowI + j];
      let acc = a[rowJ + j] * uj;
      for (let k = 0; k < j; k++) {
        const ajk = a[rowJ + k];
        acc += ajk * a[rowI + k];
        p[k] += ajk * uj;
      }
      p[j] += acc;
    }
    let uTp = 0;
    for (let j = 0; j <= l; j++) {
      p[j] /= hi;
      uTp += a[rowI + j] * p[j];
    }
    const K = uTp / (2 * hi);
    for (let j = 0; j <= l; j++) p[j] -= K * a[rowI + j];
    for (let j = 0; j <= l; j++) {
      const rowJ = j * n;
      const uj = a[rowI + j];
      const qj = p[j];
      for (let k = 0; k <= j; k++) a[rowJ + k] -= uj * p[k] + qj * a[rowI + k];
    }
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i];
  e[0] = 0;
}

/**
 * Qᵀ = H₁ H₂ ⋯ H_{n−1} (row-major n×n) from the reflectors stored by `tridiagonalize`: starting from
 * Z = I, Z ← Z Hᵢ for i = 1, 2, …, which only touches the leading i×i block of Z.
 */
function accumulateTransposedQ(a: Float64Array, n: number, h: Float64Array): Float64Array {
  const z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) z[i * n + i] = 1;
  for (let i = 1; i < n; i++) {
    const hi = h[i];
    if (hi === 0) continue;
    const rowI = i * n;
    // Z_block ← Z_block − (Z_block u) uᵀ / hi over rows/cols 0..i-1.
    for (let r = 0; r < i; r++) {
      const rowR = r * n;
      let w = 0;
      for (let k = 0; k < i; k++) w += z[rowR + k] * a[rowI + k];
      if (w === 0) continue;
      w /= hi;
      for (let k = 0; k < i; k++) z[rowR + k] -= w * a[rowI + k];
    }
  }
  return z;
}

/**
 * Implicit QL iteration with Wilkinson shifts on the symmetric tridiagonal matrix (d, off), where
 * off[i] couples i and i+1. Rotations are applied to rows of `vt` (row-major n×n). On return d holds the
 * eigenvalues (unsorted) and row k of `vt` the eigenvector of d[k].
 */
function implicitQl(d: Float64Array, off: Float64Array, vt: Float64Array, n: number): void {
  const eps2 = UNIT_ROUNDOFF * UNIT_ROUNDOFF;
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    for (;;) {
      // Find the first negligible off-diagonal at or below l.
      let m = l;
      for (; m < n - 1; m++) {
        const em = off[m];
        if (em * em <= eps2 * Math.abs(d[m] * d[m + 1]) + SAFE_MIN_SQUARE) break;
      }
      if (m === l) break;
      if (++iterations > MAX_ITERATIONS_PER_EIGENVALUE) {
        throw new ConvergenceError(
          `eigh (js): the QL iteration did not converge for eigenvalue ${l} of a ${n}x${n} matrix within ${MAX_ITERATIONS_PER_EIGENVALUE} iterations; check the input for NaN/Inf (the eigh wrapper rejects them) or use the native backend.`,
          { reached: l },
        );
      }
      // Wilkinson shift from the leading 2×2 block of the unreduced part.
      let g = (d[l + 1] - d[l]) / (2 * off[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + off[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * off[i];
        const b = c * off[i];
        r = Math.hypot(f, g);
        off[i + 1] = r;
        if (r === 0) {
          // Exact underflow in the chase: deflate here and restart.
          d[i + 1] -= p;
          off[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        // Rotate eigenvector rows i and i+1.
        const ri = i * n;
        const ri1 = ri + n;
        for (let k = 0; k < n; k++) {
          const x = vt[ri + k];
          const y = vt[ri1 + k];
          vt[ri1 + k] = s * x + c * y;
          vt[ri + k] = c * x - s * y;
        }
      }
      if (underflow) continue;
      d[l] -= p;
      off[l] = g;
      off[m] = 0;
    }
  }
}
