/**
 * Singular value decomposition in pure TypeScript: the QR-preconditioned one-sided Jacobi method
 * (QR with column pivoting after sorting rows by norm, a second QR of Rᵀ, then Hestenes–Jacobi with
 * de Rijk pivoting).
 *
 * @module
 */
import { ConvergenceError } from '../../errors/index.js';
import { Matrix } from '../matrix.js';
import type { SvdResult } from '../backend.js';
import { powerOfTwoScale } from './eigh.js';

const EPSILON = 2 ** -52;
/** Columns whose squared norm falls below this (after scaling max|aᵢⱼ| to ~1) are treated as zero. */
const NEGLIGIBLE_SQUARED_NORM = 1e-250;
/** Jacobi sweeps allowed before giving up (typically 4–10 suffice). */
const MAX_SWEEPS = 80;

/**
 * Singular value decomposition A = U diag(s) Vᵀ of an m×n matrix of any shape (the
 * `LinalgBackend.svd` contract).
 *
 * **Method.** A wide matrix (m < n) is handled through Aᵀ = V Σ Uᵀ. For m ≥ n: (1) scale A by a power of
 * two so that max|aᵢⱼ| ∈ [½, 1) (exact). (2) Sort the rows by decreasing ∞-norm and compute a Householder
 * QR factorisation with column pivoting, A P = Q R (Businger & Golub 1965); with sorted rows it is
 * row-wise backward stable (Cox & Higham, BIT 38, 1998). (3) Second preconditioning: Householder QR
 * Rᵀ = Q₁ R₁ without pivoting, so R = X Q₁ᵀ with X = R₁ᵀ (Drmač & Veselić, SIAM J. Matrix Anal. Appl. 29,
 * 2008, "New fast and accurate Jacobi SVD algorithm I"). (4) One-sided Jacobi (Hestenes 1958) on the
 * columns of X: plane rotations of column pairs, angle from the 2×2 Gram matrix (Rutishauser's formula,
 * applied in his small-correction form), until every pair satisfies |xₚᵀx_q| ≤ √n·ε‖xₚ‖‖x_q‖, choosing at
 * each step the remaining column of largest norm (de Rijk 1989). Then X Vₓ = W with orthogonal columns,
 * σₖ = ‖wₖ‖, Uₓ = W Σ⁻¹, and A = (Pᵣᵀ Q [Uₓ; 0]) Σ (P Q₁ Vₓ)ᵀ. The singular values are computed to high
 * *relative* accuracy for matrices A = D₁ B D₂ with diagonal D₁, D₂ and well-conditioned B (Demmel &
 * Veselić 1992; Drmač & Veselić 2008), not only to the normwise accuracy ε‖A‖ of bidiagonalisation-based
 * methods such as LAPACK's dgesdd. Cost ≈ 2mn² + 8/3 n³ + (≈6–9 sweeps)·9n³ flops for the factors.
 *
 * **Special cases.** Empty shapes (0×n, m×0) give k = 0 singular values and identity (full) or empty (thin)
 * factors; the zero matrix gives s = 0, U and V identities. Zero singular values from rank deficiency still
 * get orthonormal singular vectors: the columns of Uₓ for σ = 0 are completed to an orthonormal basis by
 * Gram–Schmidt (twice) against the others, and the right factor P Q₁ Vₓ is orthogonal by construction.
 * Repeated singular values get an orthonormal basis of their singular subspaces. Singular values below
 * about 1e−125·max|aᵢⱼ| are returned as 0 (their squares would be subnormal); the absolute error is then
 * still far below ε‖A‖. `A` is not modified. Input is assumed finite (the `svd` wrapper checks).
 *
 * @param A - any m×n matrix
 * @param full - true for square U (m×m) and Vᵀ (n×n); false for thin U (m×k) and Vᵀ (k×n), k = min(m, n)
 * @throws ConvergenceError when the Jacobi sweeps exceed their cap (not expected for finite input)
 *
 * @example
 * const { U, s, Vt } = svdJs(Matrix.from([[3, 0], [4, 5]]), false);
 * // s ≈ [6.7082, 2.2361] (= [3√5, √5]); U·diag(s)·Vt reproduces A
 */
export function svdJs(A: Matrix, full: boolean): SvdResult {
  if (A.rows < A.cols) {
    const t = svdTall(transpose(A), full, `${A.rows}x${A.cols}`);
    return { U: transpose(t.Vt), s: t.s, Vt: transpose(t.U) };
  }
  return svdTall(A, full, `${A.rows}x${A.cols}`);
}

/** Aᵀ as a new matrix. */
function transpose(A: Matrix): Matrix {
  const { rows, cols, data } = A;
  const out = new Matrix(cols, rows);
  const o = out.data;
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    for (let j = 0; j < cols; j++) o[j * rows + i] = data[off + j];
  }
  return out;
}

/** SVD of a tall or square matrix (m ≥ n); `shape` is the caller's shape, for messages. */
function svdTall(A: Matrix, full: boolean, shape: string): SvdResult {
  const m = A.rows;
  const n = A.cols;
  const uCols = full ? m : n;
  const src = A.data;

  let maxAbs = 0;
  for (let i = 0; i < src.length; i++) {
    const v = Math.abs(src[i]);
    if (v > maxAbs) maxAbs = v;
  }
  if (n === 0 || maxAbs === 0) {
    // Zero (or empty) matrix: s = 0, U and V are (parts of) identities.
    return { U: identityColumns(m, uCols), s: new Float64Array(n), Vt: Matrix.identity(n) };
  }
  const scale = powerOfTwoScale(maxAbs);

  // (2a) Row order by decreasing ∞-norm (stable). rowPerm[i] = original row placed at position i.
  const rowNorm = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let mx = 0;
    for (let j = 0; j < n; j++) mx = Math.max(mx, Math.abs(src[i * n + j]));
    rowNorm[i] = mx;
  }
  const rowPerm = Array.from({ length: m }, (_, i) => i).sort((x, y) => rowNorm[y] - rowNorm[x] || x - y);

  // bt = Bᵀ (n×m, row j = column j of the row-sorted, scaled A), so columns are contiguous.
  const bt = new Float64Array(n * m);
  for (let i = 0; i < m; i++) {
    const off = rowPerm[i] * n;
    for (let j = 0; j < n; j++) bt[j * m + i] = src[off + j] * scale;
  }
  const colPerm = new Int32Array(n);
  const tau = new Float64Array(n);
  householderQr(bt, m, n, colPerm, tau);

  // (3) Second preconditioning: Rᵀ = Q₁ R₁ (Householder QR, no pivoting). ct = (Rᵀ)ᵀ = R, row-major.
  const ct = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) ct[j * n + i] = bt[i * m + j];
  }
  const tau1 = new Float64Array(n);
  householderQr(ct, n, n, null, tau1);

  // (4) One-sided Jacobi on X = R₁ᵀ: row k of w = column k of X = row k of R₁. X Vₓ = W; jt = Vₓᵀ.
  const w = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    for (let j = k; j < n; j++) w[k * n + j] = ct[j * n + k];
  }
  const jt = new Float64Array(n * n);
  for (let k = 0; k < n; k++) jt[k * n + k] = 1;
  oneSidedJacobi(w, jt, n, shape);

  // Singular values and their order.
  const sigma = new Float64Array(n);
  for (let k = 0; k < n; k++) sigma[k] = rowNorm2(w, k * n, n);
  const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => sigma[y] - sigma[x] || x - y);
  const s = new Float64Array(n);
  for (let k = 0; k < n; k++) s[k] = sigma[order[k]] / scale;

  // A P = Q R = Q X Q₁ᵀ = (Q Uₓ) Σ (Q₁ Vₓ)ᵀ with Uₓ = W Σ⁻¹ (completed where σ = 0).
  const uxT = new Float64Array(n * n);
  let rank = 0;
  for (let k = 0; k < n; k++) {
    const sk = sigma[order[k]];
    if (sk === 0) break;
    const srcOff = order[k] * n;
    for (let j = 0; j < n; j++) uxT[k * n + j] = w[srcOff + j] / sk;
    rank++;
  }
  completeOrthonormalRows(uxT, n, rank);

  // Left vectors: U = Pᵣᵀ Q [Uₓ 0; 0 I] (m × uCols).
  const M = new Float64Array(m * uCols);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) M[i * uCols + k] = uxT[k * n + i];
  }
  for (let i = n; i < uCols; i++) M[i * uCols + i] = 1;
  applyQ(bt, m, n, tau, M, uCols);
  const U = new Matrix(m, uCols);
  const ud = U.data;
  for (let i = 0; i < m; i++) ud.set(M.subarray(i * uCols, (i + 1) * uCols), rowPerm[i] * uCols);

  // Right vectors: V = P Q₁ Vₓ, returned as Vᵀ.
  const N = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const jOff = order[k] * n;
    for (let i = 0; i < n; i++) N[i * n + k] = jt[jOff + i];
  }
  applyQ(ct, n, n, tau1, N, n);
  const Vt = new Matrix(n, n);
  const vtd = Vt.data;
  for (let j = 0; j < n; j++) {
    const dst = colPerm[j];
    for (let k = 0; k < n; k++) vtd[k * n + dst] = N[j * n + k];
  }

  return { U, s, Vt };
}

/** The first `cols` columns of the m×m identity. */
function identityColumns(m: number, cols: number): Matrix {
  const out = new Matrix(m, cols);
  for (let i = 0; i < Math.min(m, cols); i++) out.data[i * cols + i] = 1;
  return out;
}

/** Euclidean norm of x[off..off+len), scaled against overflow/underflow of the squares. */
function rowNorm2(x: Float64Array, off: number, len: number): number {
  let mx = 0;
  for (let i = 0; i < len; i++) mx = Math.max(mx, Math.abs(x[off + i]));
  if (mx === 0) return 0;
  let ss = 0;
  for (let i = 0; i < len; i++) {
    const v = x[off + i] / mx;
    ss += v * v;
  }
  return mx * Math.sqrt(ss);
}

/**
 * Householder QR with column pivoting, in place on bt = Bᵀ (n×m row-major: row j is column j of B).
 * On return row k holds R's column-k entries R[0..k][k] at positions 0..k and the Householder vector
 * v (with v₀ = 1 implied) at positions k+1..m−1; tau[k] its factor (Hₖ = I − τ v vᵀ); colPerm[k] the
 * original column in position k. Partial column norms are downdated and recomputed when cancellation
 * makes the downdate unreliable (the safeguard of LAPACK's dgeqp3, Drmač & Bujanović 2008).
 */
function householderQr(bt: Float64Array, m: number, n: number, colPerm: Int32Array | null, tau: Float64Array): void {
  const norm = new Float64Array(n);
  const normAtRecompute = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    if (colPerm) colPerm[j] = j;
    norm[j] = rowNorm2(bt, j * m, m);
    normAtRecompute[j] = norm[j];
  }
  const tol = Math.sqrt(EPSILON);
  const steps = Math.min(m, n);
  for (let k = 0; k < steps; k++) {
    // Pivot: the remaining column of largest partial norm.
    let piv = k;
    if (colPerm) for (let j = k + 1; j < n; j++) if (norm[j] > norm[piv]) piv = j;
    if (colPerm && piv !== k) {
      const a = k * m;
      const b = piv * m;
      for (let i = 0; i < m; i++) {
        const t = bt[a + i];
        bt[a + i] = bt[b + i];
        bt[b + i] = t;
      }
      let t = colPerm[k];
      colPerm[k] = colPerm[piv];
      colPerm[piv] = t;
      t = norm[k];
      norm[k] = norm[piv];
      norm[piv] = t;
      t = normAtRecompute[k];
      normAtRecompute[k] = normAtRecompute[piv];
      normAtRecompute[piv] = t;
    }
    // Reflector for x = bt[k][k..m-1].
    const rk = k * m;
    const alpha = bt[rk + k];
    const xnorm = rowNorm2(bt, rk + k + 1, m - k - 1);
    if (xnorm === 0) {
      tau[k] = 0;
    } else {
      const beta = alpha >= 0 ? -Math.hypot(alpha, xnorm) : Math.hypot(alpha, xnorm);
      tau[k] = (beta - alpha) / beta;
      const inv = 1 / (alpha - beta);
      for (let i = k + 1; i < m; i++) bt[rk + i] *= inv;
      bt[rk + k] = beta;
      const tk = tau[k];
      // Apply Hₖ to the remaining columns j > k.
      for (let j = k + 1; j < n; j++) {
        const rj = j * m;
        let dot = bt[rj + k];
        for (let i = k + 1; i < m; i++) dot += bt[rk + i] * bt[rj + i];
        dot *= tk;
        bt[rj + k] -= dot;
        for (let i = k + 1; i < m; i++) bt[rj + i] -= dot * bt[rk + i];
      }
    }
    // Downdate partial norms (only needed for pivoting).
    if (colPerm) for (let j = k + 1; j < n; j++) {
      if (norm[j] === 0) continue;
      let t = Math.abs(bt[j * m + k]) / norm[j];
      t = Math.max(0, (1 + t) * (1 - t));
      const ratio = norm[j] / normAtRecompute[j];
      if (t * ratio * ratio <= tol) {
        norm[j] = rowNorm2(bt, j * m + k + 1, m - k - 1);
        normAtRecompute[j] = norm[j];
      } else {
        norm[j] *= Math.sqrt(t);
      }
    }
  }
}

/**
 * M ← Q M where Q = H₀ H₁ ⋯ H_{n−1} is stored in `bt` by `householderQr`; M is m × cols,
 * row-major.
 */
function applyQ(bt: Float64Array, m: number, n: number, tau: Float64Array, M: Float64Array, cols: number): void {
  const w = new Float64Array(cols);
  for (let k = Math.min(m, n) - 1; k >= 0; k--) {
    const tk = tau[k];
    if (tk === 0) continue;
    const rk = k * m;
    // w = vᵀ M[k..m-1][:], v₀ = 1.
    w.set(M.subarray(k * cols, (k + 1) * cols));
    for (let i = k + 1; i < m; i++) {
      const vi = bt[rk + i];
      if (vi === 0) continue;
      const ri = i * cols;
      for (let c = 0; c < cols; c++) w[c] += vi * M[ri + c];
    }
    for (let c = 0; c < cols; c++) w[c] *= tk;
    const rkM = k * cols;
    for (let c = 0; c < cols; c++) M[rkM + c] -= w[c];
    for (let i = k + 1; i < m; i++) {
      const vi = bt[rk + i];
      if (vi === 0) continue;
      const ri = i * cols;
      for (let c = 0; c < cols; c++) M[ri + c] -= vi * w[c];
    }
  }
}

/**
 * One-sided Jacobi on the n vectors stored as rows of `w` (n×n), accumulating the same rotations in
 * the rows of `jt`. On return the rows of `w` are mutually orthogonal (|wₚ·w_q| ≤ √n·ε‖wₚ‖‖w_q‖).
 */
function oneSidedJacobi(w: Float64Array, jt: Float64Array, n: number, shape: string): void {
  const tol = Math.sqrt(n) * EPSILON;
  const sq = new Float64Array(n);
  // Negligible rows are set to zero: their squares would be subnormal and inaccurate.
  for (let k = 0; k < n; k++) {
    const r = rowNorm2(w, k * n, n);
    if (r * r < NEGLIGIBLE_SQUARED_NORM) w.fill(0, k * n, (k + 1) * n);
  }
  for (let sweep = 0; ; sweep++) {
    if (sweep >= MAX_SWEEPS) {
      throw new ConvergenceError(
        `svd (js): one-sided Jacobi did not converge within ${MAX_SWEEPS} sweeps for a ${shape} matrix; check the input for NaN/Inf (the svd wrapper rejects them) or use the native backend.`,
        { reached: sweep },
      );
    }
    for (let k = 0; k < n; k++) {
      let ss = 0;
      const off = k * n;
      for (let i = 0; i < n; i++) ss += w[off + i] * w[off + i];
      sq[k] = ss;
    }
    let rotations = 0;
    for (let p = 0; p < n - 1; p++) {
      // de Rijk: bring the remaining row of largest norm to position p.
      let big = p;
      for (let q = p + 1; q < n; q++) if (sq[q] > sq[big]) big = q;
      if (big !== p) {
        swapRows(w, p, big, n);
        swapRows(jt, p, big, n);
        const t = sq[p];
        sq[p] = sq[big];
        sq[big] = t;
      }
      if (sq[p] === 0) break;
      const op = p * n;
      for (let q = p + 1; q < n; q++) {
        const beta = sq[q];
        if (beta === 0) continue;
        const alpha = sq[p];
        const oq = q * n;
        let gamma = 0;
        for (let i = 0; i < n; i++) gamma += w[op + i] * w[oq + i];
        if (Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        rotations++;
        const zeta = (beta - alpha) / (2 * gamma);
        const az = Math.abs(zeta);
        const t = az > 1e150 ? 0.5 / zeta : (zeta >= 0 ? 1 : -1) / (az + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        // Rutishauser's form x' = x − s(y + τx), y' = y + s(x − τy), τ = s/(1 + c): algebraically
        // c·x − s·y and s·x + c·y, but it perturbs x and y by small corrections, which keeps the
        // accumulated rotations markedly closer to orthogonal (most late rotations are tiny).
        const tau = s / (1 + c);
        for (let i = 0; i < n; i++) {
          const x = w[op + i];
          const y = w[oq + i];
          w[op + i] = x - s * (y + tau * x);
          w[oq + i] = y + s * (x - tau * y);
        }
        for (let i = 0; i < n; i++) {
          const x = jt[op + i];
          const y = jt[oq + i];
          jt[op + i] = x - s * (y + tau * x);
          jt[oq + i] = y + s * (x - tau * y);
        }
        // Norm updates α' = α − tγ, β' = β + tγ; recomputed where cancellation could spoil them.
        const newAlpha = alpha - t * gamma;
        const newBeta = beta + t * gamma;
        sq[p] = newAlpha < 0.25 * alpha ? sumSquares(w, op, n) : newAlpha;
        sq[q] = newBeta < 0.25 * beta ? sumSquares(w, oq, n) : newBeta;
      }
    }
    if (rotations === 0) return;
  }
}

function sumSquares(x: Float64Array, off: number, len: number): number {
  let ss = 0;
  for (let i = 0; i < len; i++) ss += x[off + i] * x[off + i];
  return ss;
}

function swapRows(x: Float64Array, a: number, b: number, n: number): void {
  const oa = a * n;
  const ob = b * n;
  for (let i = 0; i < n; i++) {
    const t = x[oa + i];
    x[oa + i] = x[ob + i];
    x[ob + i] = t;
  }
}

/**
 * Rows 0..rank−1 of `v` (n×n) are orthonormal; fills rows rank..n−1 so that all n rows are an orthonormal
 * basis. Each new row is the standard basis vector with the largest component outside the current span
 * (the largest diagonal entry of I − VᵀV, at least (n−r)/n ≥ 1/n), orthogonalised twice (Gram–Schmidt
 * with reorthogonalisation, "twice is enough": Giraud et al. 2005).
 */
function completeOrthonormalRows(v: Float64Array, n: number, rank: number): void {
  if (rank >= n) return;
  const outside = new Float64Array(n).fill(1);
  for (let r = 0; r < rank; r++) {
    for (let j = 0; j < n; j++) outside[j] -= v[r * n + j] * v[r * n + j];
  }
  for (let r = rank; r < n; r++) {
    let best = 0;
    for (let j = 1; j < n; j++) if (outside[j] > outside[best]) best = j;
    const o = r * n;
    v.fill(0, o, o + n);
    v[o + best] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (let q = 0; q < r; q++) {
        const oq = q * n;
        let dot = 0;
        for (let i = 0; i < n; i++) dot += v[oq + i] * v[o + i];
        if (dot === 0) continue;
        for (let i = 0; i < n; i++) v[o + i] -= dot * v[oq + i];
      }
    }
    const nrm = rowNorm2(v, o, n);
    for (let i = 0; i < n; i++) v[o + i] /= nrm;
    for (let j = 0; j < n; j++) outside[j] -= v[o + j] * v[o + j];
  }
}
