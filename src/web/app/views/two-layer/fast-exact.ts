/**
 * The explorer's fast evaluation of the closed form QQᵀ(t) = Z Ω⁻¹ Zᵀ (Dominé et al., ICLR 2025,
 * Theorem 4.3 + App. B.5; spec `lazy-to-rich.md` §3.4) for the live curves of the two-layer view:
 * the loss, a few entries of W(t) and the NTK kernel distance S(K(0), K(t)) at many times.
 *
 * It evaluates the same formula as `exactSolution` (src/theory/lazy-to-rich/qqt.ts) from the same
 * analysis (`analyseInit`: task bases, factors k, p, m, λ_⊥ and B, C, D), but only what the curves
 * need, in task coordinates, with every buffer preallocated:
 * - Ω(t) (lower triangle) from e^{−k x}, (1 − e^{−2kx})/k and S = H diag(g) Hᵀ, its Cholesky factor L;
 * - Ŷ = L⁻¹Ẑ by right-looking forward substitution (rows of length N_i + N_o), then transposed so
 *   that W̃ = Ŷ_outᵀŶ_in (W(t) in the task bases, W = Ũ_f W̃ Ṽ_fᵀ), Ã = Ŷ_inᵀŶ_in and M̃ = Ŷ_outᵀŶ_out
 *   (W₁ᵀW₁, W₂W₂ᵀ in the task bases) are dot products of contiguous rows, computed in 2×2 blocks;
 * - loss = ½‖W̃ − diag(s̃)‖²_F + ½(yyTrace − ‖Σ_yx‖²_F) (orthogonal invariance), from the differences
 *   (no cancellation when the loss is ~1e-20 of its start);
 * - entries W_ij = ũ_iᵀ W̃ ṽ_j = ⟨ũ_i ṽ_jᵀ, W̃⟩ for the few plotted (i, j);
 * - for inputs with XXᵀ = c·I, the NTK inner products ⟨K_a, K_b⟩ ∝ N_o tr(ÃaÃb) + tr(M̃b)tr(Ãa) +
 *   tr(M̃a)tr(Ãb) + N_i tr(M̃aM̃b) (the Kronecker identity of `ntkInnerProduct` with S = c·I; c
 *   cancels in the distance), from the lower triangles of Ã and M̃.
 * Cost per time ≈ r³/2 (Ω) + r³/6 (Cholesky) + r²(N_i+N_o)/2 (solve) + r N_i N_o (W̃) +
 * r(N_i² + N_o²)/2 (Ã, M̃) multiply-adds, ≈ 3.7 r³ for a square net, which instead takes the
 * cheaper route of `squareGrams` (≈ 2.5 r³: W̃, Ã, M̃ from the Gram matrix of L⁻¹[I, EHE], whose
 * triangular half is skipped); no allocation. Tested against
 * `exactSolution` + `ntkKernelDistance` (test/web/app-fast-exact.test.ts); measured with
 * `bench/web.ts`.
 * @module
 */
import type { LinearTask } from '../../../../tasks/index.js';
import { Matrix } from '../../../../linalg/matrix.js';
import { inv } from '../../../../linalg/solve.js';
import { matmul } from '../../../../linalg/ops.js';
import { analyseInit, type InitAnalysis } from '../../../../theory/lazy-to-rich/diagnostics.js';
import type { ExactDiagnostics } from '../../../../theory/lazy-to-rich/index.js';

/** Output buffers of {@link FastTwoLayerExact.evaluate} (one entry per time). */
export interface FastCurves {
  loss: Float64Array;
  /** One array per requested entry. */
  entries: Float64Array[];
  /** NTK kernel distance S(K(0), K(t)); NaN when the inputs are not a multiple of the identity. */
  ntk: Float64Array;
}

/**
 * True when XXᵀ is a multiple of the identity (then the NTK distance needs only traces).
 * @example
 * gramIsScalar(Matrix.identity(3)); // true
 */
export function gramIsScalar(X: Matrix | undefined): boolean {
  if (!X) return true;
  const S = matmul(X, X, { transB: true });
  const n = S.rows;
  const c = S.data[0];
  const tol = 1e-12 * Math.max(1, Math.abs(c));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (Math.abs(S.data[i * n + j] - (i === j ? c : 0)) > tol) return false;
  return true;
}

/**
 * Dot products of rows of a row-major matrix X (rows of length `len`): out[i·nb + j] = X_{a0+i}·X_{b0+j}
 * for i < na, j < nb, or with `lower` (a Gram matrix: a0 = b0, na = nb) for j ≤ i only (entries
 * above the diagonal of the 2×2 diagonal blocks are written too). With `skipA`, row a0 + i is known
 * to be zero before position i (a column of a lower-triangular matrix) and the sums start there.
 * Computed in 2×2 blocks, so that four products share each pair of loads.
 */
function rowDots(X: Float64Array, len: number, a0: number, na: number, b0: number, nb: number, out: Float64Array, lower: boolean, skipA = false): void {
  for (let i = 0; i < na; i += 2) {
    const i1 = i + 1 < na;
    const ra = (a0 + i) * len;
    const rb = i1 ? ra + len : ra;
    const jEnd = lower ? Math.min(i + 2, nb) : nb;
    const oi = i * nb;
    for (let j = 0; j < jEnd; j += 2) {
      const j1 = j + 1 < jEnd;
      const ca = (b0 + j) * len;
      const cb = j1 ? ca + len : ca;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let q = skipA ? i : 0; q < len; q++) {
        const x0 = X[ra + q];
        const x1 = X[rb + q];
        const y0 = X[ca + q];
        const y1 = X[cb + q];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      out[oi + j] = s00;
      if (j1) out[oi + j + 1] = s01;
      if (i1) {
        out[oi + nb + j] = s10;
        if (j1) out[oi + nb + j + 1] = s11;
      }
    }
  }
}

/** Σ_k x_k y_k over the first n entries, with four partial sums. */
function dot4(x: Float64Array, y: Float64Array, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += x[k] * y[k];
    s1 += x[k + 1] * y[k + 1];
    s2 += x[k + 2] * y[k + 2];
    s3 += x[k + 3] * y[k + 3];
  }
  for (; k < n; k++) s0 += x[k] * y[k];
  return s0 + s1 + (s2 + s3);
}

/**
 * Forward substitution Y ← L⁻¹Y in place for the r×n row-major Y (L lower triangular, given with
 * 1/L_jj), right-looking two rows at a time: rows b, b+1 are finished, then removed from every row
 * below in one pass (two multiply-adds per load and store). With `triangular`, columns [0, r) of Y
 * start as the identity (row b of L⁻¹ is zero right of column b) and only their lower part is touched.
 */
function forwardSubstitute(Y: Float64Array, n: number, L: Float64Array, dinv: Float64Array, r: number, triangular: boolean): void {
  const dense0 = triangular ? r : 0;
  for (let b = 0; b < r; b += 2) {
    const yb = b * n;
    const has1 = b + 1 < r;
    const y1 = yb + n;
    const jb = triangular ? b + 1 : 0; // identity-part columns [0, jb) of row b are non-zero
    const d0 = dinv[b];
    for (let c = 0; c < jb; c++) Y[yb + c] *= d0;
    for (let c = dense0; c < n; c++) Y[yb + c] *= d0;
    if (has1) {
      const l = L[(b + 1) * r + b];
      const d1 = dinv[b + 1];
      for (let c = 0; c < jb; c++) Y[y1 + c] = (Y[y1 + c] - l * Y[yb + c]) * d1;
      if (triangular) Y[y1 + b + 1] *= d1;
      for (let c = dense0; c < n; c++) Y[y1 + c] = (Y[y1 + c] - l * Y[yb + c]) * d1;
    }
    const j1 = triangular ? (has1 ? b + 2 : b + 1) : 0;
    for (let i = b + 2; i < r; i++) {
      const yi = i * n;
      const l0 = L[i * r + b];
      const l1 = has1 ? L[i * r + b + 1] : 0;
      if (has1) {
        for (let c = 0; c < j1; c++) Y[yi + c] -= l0 * Y[yb + c] + l1 * Y[y1 + c];
        for (let c = dense0; c < n; c++) Y[yi + c] -= l0 * Y[yb + c] + l1 * Y[y1 + c];
      } else {
        for (let c = 0; c < j1; c++) Y[yi + c] -= l0 * Y[yb + c];
        for (let c = dense0; c < n; c++) Y[yi + c] -= l0 * Y[yb + c];
      }
    }
  }
}

/**
 * The closed form prepared once per (task, init) and evaluated per time into preallocated buffers.
 * Construction throws nothing for a valid shape; check {@link FastTwoLayerExact.problem} (the
 * theory's refusal sentence) before evaluating.
 * @example
 * const task = whitenedTask(Matrix.from([[2, 0.5, 0], [0.1, 1, 0]])); // N_o = 2, N_i = 3
 * const { W1, W2 } = lambdaBalancedInit({ lambda: 1, ni: 3, no: 2, scale: 0.2, stream: createRandom(0, 'init') });
 * const fx = new FastTwoLayerExact(task, { W1, W2 }, [[0, 0], [1, 2]]);
 * fx.problem; // → null (the closed form applies; else its refusal sentence)
 * // then fx.evaluate(times, curves) fills preallocated curves
 */
export class FastTwoLayerExact {
  /** The measured assumptions, λ and the regime (as `exactSolution.diagnostics`). */
  readonly diagnostics: ExactDiagnostics;
  /** The first failed assumption (the closed form does not apply), or null. */
  readonly problem: string | null;
  /** Whether the NTK distance can be evaluated (inputs with XXᵀ ∝ I). */
  readonly ntkAvailable: boolean;

  private readonly ni: number;
  private readonly no: number;
  private readonly r: number;
  private readonly d: number;
  private readonly k: Float64Array;
  private readonly p: Float64Array;
  private readonly m: Float64Array;
  private readonly s: Float64Array;
  private readonly lp: number;
  private readonly lossConst: number;
  /** H = B⁻¹C (r×r). */
  private readonly H: Float64Array;
  private readonly BBt: Float64Array;
  private readonly DB2: Float64Array;
  private readonly DDt: Float64Array;
  /** ũ_i ṽ_jᵀ (N_o×N_i, row-major) of each requested entry (i, j): W_ij = ⟨ũ_i ṽ_jᵀ, W̃⟩. */
  private readonly uv: Float64Array[];
  private readonly Vfull: Matrix;
  private readonly Ufull: Matrix;
  // workspace
  private readonly e: Float64Array;
  private readonly g: Float64Array;
  private readonly sg: Float64Array;
  private readonly h: Float64Array;
  private readonly T: Float64Array;
  private readonly L: Float64Array;
  /** 1/L_jj of the current Cholesky factor. */
  private readonly dinv: Float64Array;
  /** Ŷ = L⁻¹Ẑ (r×(N_i + N_o): input columns first, then output columns). */
  private readonly Yr: Float64Array;
  /** Ŷᵀ: the columns of Ŷ as rows ((N_i + N_o)×r). */
  private readonly Yt: Float64Array;
  /** Square case: P = JᵀJ, R = JᵀX, Q = XᵀX (r×r, P and Q lower triangles). */
  private readonly P: Float64Array;
  private readonly R: Float64Array;
  private readonly Q: Float64Array;
  private readonly Wt: Float64Array;
  private readonly A: Float64Array;
  private readonly M: Float64Array;
  /** Ã(0), M̃(0) (the NTK reference). */
  private readonly A0: Float64Array;
  private readonly M0: Float64Array;

  /**
   * @param task - whitened task
   * @param weights - initial weights (λ-balanced for the closed form to apply)
   * @param entries - (i, j) index pairs (0-based, row i < N_o, column j < N_i) of W to report
   */
  constructor(task: LinearTask, weights: { W1: Matrix; W2: Matrix }, entries: readonly (readonly [number, number])[] = []) {
    const an: InitAnalysis = analyseInit(task, weights, {}, 'exactSolution');
    this.diagnostics = an.diagnostics;
    this.problem = an.diagnostics.problems[0] ?? null;
    this.ntkAvailable = gramIsScalar(task.X);
    const { basis, factors } = an;
    const ni = basis.Vfull.rows;
    const no = basis.Ufull.rows;
    const r = basis.r;
    const d = basis.d;
    this.ni = ni;
    this.no = no;
    this.r = r;
    this.d = d;
    this.k = factors.k;
    this.p = factors.p;
    this.m = factors.m;
    this.s = basis.s;
    this.lp = factors.lambdaPerp;
    let s2 = 0;
    for (const v of task.sigmaYX.data) s2 += v * v;
    this.lossConst = 0.5 * (task.yyTrace - s2);
    this.H = new Float64Array(r * r);
    this.BBt = new Float64Array(r * r);
    this.DB2 = new Float64Array(d * r);
    this.DDt = new Float64Array(r * r);
    if (this.problem === null) {
      const Binv = inv(an.B, { rcondThreshold: 0 });
      this.H.set(matmul(Binv, an.C).data);
      this.BBt.set(matmul(Binv, Binv, { transB: true }).data);
      if (d > 0) {
        const K = matmul(Binv, an.D); // r×d
        for (let j = 0; j < d; j++) for (let a = 0; a < r; a++) this.DB2[j * r + a] = 2 * K.data[a * d + j];
        this.DDt.set(matmul(K, K, { transB: true }).data);
      }
    }
    this.Vfull = basis.Vfull;
    this.Ufull = basis.Ufull;
    this.uv = entries.map(([i, j]) => {
      const out = new Float64Array(no * ni);
      for (let o = 0; o < no; o++) for (let c = 0; c < ni; c++) out[o * ni + c] = basis.Ufull.data[i * no + o] * basis.Vfull.data[j * ni + c];
      return out;
    });
    this.e = new Float64Array(r);
    this.g = new Float64Array(r);
    this.sg = new Float64Array(r);
    this.h = new Float64Array(r);
    this.T = new Float64Array(r * r);
    this.L = new Float64Array(r * r);
    this.dinv = new Float64Array(r);
    this.Yr = new Float64Array(r * (ni + no));
    this.Yt = new Float64Array((ni + no) * r);
    this.P = new Float64Array(r * r);
    this.R = new Float64Array(r * r);
    this.Q = new Float64Array(r * r);
    this.Wt = new Float64Array(no * ni);
    this.A = new Float64Array(ni * ni);
    this.M = new Float64Array(no * no);
    this.A0 = new Float64Array(ni * ni);
    this.M0 = new Float64Array(no * no);
  }

  /**
   * Ω(x) = LLᵀ at time x: e^{−kx}, g, h into their buffers, the Cholesky factor L (lower) and 1/L_jj.
   * @throws Error when Ω is not numerically positive definite
   */
  private omega(t: number): void {
    const x = Math.min(t, 1e300);
    const { r, d, k, lp, H, BBt, DDt, e, g, sg, h, T, L } = this;
    for (let a = 0; a < r; a++) {
      const ka = k[a];
      e[a] = Math.exp(-ka * x);
      g[a] = ka > 0 ? -Math.expm1(-2 * ka * x) / ka : 2 * x;
      sg[a] = Math.sqrt(g[a]);
      h[a] = d > 0 ? Math.exp(Math.min(0, lp - ka) * x) : 0;
    }
    // T = H diag(√g); S = TTᵀ (lower triangle) into L.
    for (let i = 0; i < r; i++) {
      const ti = i * r;
      for (let q = 0; q < r; q++) T[ti + q] = H[ti + q] * sg[q];
    }
    rowDots(T, r, 0, r, 0, r, L, true);
    // Lower triangle of Ω: Ω_ij = e_i e_j (4 (B⁻¹B⁻ᵀ)_ij + S_ij) + δ_ij g_i (+ the D term).
    for (let i = 0; i < r; i++) {
      const ti = i * r;
      const ei = e[i];
      for (let j = 0; j <= i; j++) {
        let v = ei * e[j] * (4 * BBt[ti + j] + L[ti + j]);
        if (i === j) v += g[i];
        if (d > 0) {
          const dd = DDt[ti + j];
          if (dd !== 0) {
            let phi: number;
            if (lp > 0) phi = Math.exp(Math.min(0, 2 * lp - k[i] - k[j]) * x) * (-Math.expm1(-2 * lp * x) / lp);
            else if (lp < 0) phi = Math.exp(-(k[i] + k[j]) * x) * (Math.expm1(2 * lp * x) / lp);
            else phi = x === 0 ? 0 : Math.exp(Math.log(2 * x) - (k[i] + k[j]) * x);
            v += 2 * dd * phi;
          }
        }
        L[ti + j] = v;
      }
    }
    // In-place Cholesky (lower), row by row: L_ij = (Ω_ij − L_i,<j · L_j,<j) / L_jj.
    const dinv = this.dinv;
    for (let i = 0; i < r; i++) {
      const ti = i * r;
      for (let j = 0; j <= i; j++) {
        const tj = j * r;
        let v0 = 0;
        let v1 = 0;
        let q = 0;
        for (; q + 1 < j; q += 2) {
          v0 += L[ti + q] * L[tj + q];
          v1 += L[ti + q + 1] * L[tj + q + 1];
        }
        if (q < j) v0 += L[ti + q] * L[tj + q];
        const v = L[ti + j] - (v0 + v1);
        if (j < i) L[ti + j] = v * dinv[j];
        else {
          if (!(v > 0) || !Number.isFinite(v)) {
            throw new Error(`exactSolution: Ω(t) at t = ${t} is not numerically positive definite (pivot ${j}), which happens only when B is nearly singular; perturb the initial weights or use a non-zero λ.`);
          }
          const ljj = Math.sqrt(v);
          L[ti + j] = ljj;
          dinv[j] = 1 / ljj;
        }
      }
    }
  }

  /**
   * Ω(x) = LLᵀ and Ŷ = L⁻¹[Ẑ_in Ẑ_out] (task coordinates) at time x, also transposed (the columns of
   * Ŷ as the rows of `Yt`, (N_i + N_o)×r: input columns first), so that every later product is a dot
   * product of two contiguous rows.
   */
  private factor(t: number): void {
    this.omega(t);
    const { r, d, ni, no, p, m, H, DB2, e, h, L, dinv, Yr, Yt } = this;
    // Ẑ (r×n, rows b): Ẑ_in[b, a] = δ m_a − p_a e_a H_ba e_b; Ẑ_out[b, a] = δ p_a + m_a e_a H_ba e_b;
    // the d extra columns (funnel: inputs, inverted funnel: outputs) are 2 (B⁻¹D)_bj h_b.
    const n = ni + no;
    const extra = ni > no ? r : ni + r;
    for (let b = 0; b < r; b++) {
      const yb = b * n;
      const hb = b * r;
      const eb = e[b];
      for (let a = 0; a < r; a++) {
        const f = e[a] * H[hb + a] * eb;
        Yr[yb + a] = -p[a] * f;
        Yr[yb + ni + a] = m[a] * f;
      }
      Yr[yb + b] += m[b];
      Yr[yb + ni + b] += p[b];
      for (let j = 0; j < d; j++) Yr[yb + extra + j] = DB2[j * r + b] * h[b];
    }
    // Forward substitution Ŷ = L⁻¹Ẑ.
    forwardSubstitute(Yr, n, L, dinv, r, false);
    // Transposed copy: the columns of Ŷ as contiguous rows of Yt.
    for (let b = 0; b < r; b++) {
      const yb = b * n;
      for (let c = 0; c < n; c++) Yt[c * r + b] = Yr[yb + c];
    }
  }

  /**
   * The square case (N_i = N_o = r, no extra columns) with fewer operations: Ẑ_in = [I F]·[D_m; −D_p]
   * and Ẑ_out = [I F]·[D_p; D_m] with F = E H E (E = diag e^{−kx}), so W̃, Ã and M̃ are sums of four
   * scaled entries of the Gram matrix of [J X] = L⁻¹[I F]: P = JᵀJ (= Ω⁻¹), R = JᵀX and Q = XᵀX.
   * J is lower triangular, which the solve and the products skip: ≈ 2.5 r³ multiply-adds per time
   * against ≈ 3.7 r³ by {@link factor}. Fills Wt (all of W̃) and the lower triangles of A and M.
   */
  private squareGrams(t: number): void {
    this.omega(t);
    const { r, p, m, H, e, L, dinv, Yr, Yt, P, R, Q, Wt, A, M } = this;
    const n = 2 * r;
    // [I F] (r×2r rows b): F_ba = e_b H_ba e_a.
    for (let b = 0; b < r; b++) {
      const yb = b * n;
      const hb = b * r;
      const eb = e[b];
      for (let a = 0; a < r; a++) {
        Yr[yb + a] = a === b ? 1 : 0;
        Yr[yb + r + a] = eb * H[hb + a] * e[a];
      }
    }
    // [J X] = L⁻¹[I F]; row b of J is zero right of column b.
    forwardSubstitute(Yr, n, L, dinv, r, true);
    for (let b = 0; b < r; b++) {
      const yb = b * n;
      for (let c = 0; c < n; c++) Yt[c * r + b] = Yr[yb + c];
    }
    // Column a of J (row a of Yt) is zero above row a: products with it start at a.
    rowDots(Yt, r, 0, r, 0, r, P, true, true);
    rowDots(Yt, r, 0, r, r, r, R, false, true);
    rowDots(Yt, r, r, r, r, r, Q, true, false);
    // One pass over the lower triangle (b ≤ a) gives W̃_ab, W̃_ba and the lower Ã_ab, M̃_ab.
    for (let a = 0; a < r; a++) {
      const pa = p[a];
      const ma = m[a];
      const ar = a * r;
      for (let b = 0; b <= a; b++) {
        const pb = p[b];
        const mb = m[b];
        const br = b * r;
        const Pab = P[ar + b];
        const Qab = Q[ar + b];
        const Rab = R[ar + b];
        const Rba = R[br + a];
        Wt[ar + b] = pa * mb * Pab - pa * pb * Rab + ma * mb * Rba - ma * pb * Qab;
        Wt[br + a] = pb * ma * Pab - pb * pa * Rba + mb * ma * Rab - mb * pa * Qab;
        A[ar + b] = ma * mb * Pab - ma * pb * Rab - pa * mb * Rba + pa * pb * Qab;
        M[ar + b] = pa * pb * Pab + pa * mb * Rab + ma * pb * Rba + ma * mb * Qab;
      }
    }
  }

  /** The Gram matrix of rows [from, from + count) of Yt (count×count, symmetric) into `out`. */
  private gram(from: number, count: number, out: Float64Array): void {
    rowDots(this.Yt, this.r, from, count, from, count, out, true);
    for (let i = 0; i < count; i++) for (let j = 0; j < i; j++) out[j * count + i] = out[i * count + j];
  }

  /**
   * W₁ᵀW₁ (N_i×N_i) and W₂W₂ᵀ (N_o×N_o) at time t, in the original coordinates (for the RSMs).
   * @throws Error when the closed form does not apply
   */
  gramsAt(t: number): { W1tW1: Matrix; W2W2t: Matrix } {
    if (this.problem !== null) throw new Error(this.problem);
    this.factor(t);
    this.gram(0, this.ni, this.A);
    this.gram(this.ni, this.no, this.M);
    const rotate = (Q: Matrix, G: Float64Array): Matrix => {
      const n = Q.rows;
      const GM = new Matrix(n, n, Float64Array.from(G));
      const out = matmul(matmul(Q, GM), Q, { transB: true });
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const v = 0.5 * (out.data[i * n + j] + out.data[j * n + i]);
          out.data[i * n + j] = v;
          out.data[j * n + i] = v;
        }
      }
      return out;
    };
    return { W1tW1: rotate(this.Vfull, this.A), W2W2t: rotate(this.Ufull, this.M) };
  }

  /**
   * Evaluates the curves at `times` (t/τ ≥ 0) into `out` (arrays of at least times.length).
   * @throws Error when the closed form does not apply ({@link problem}) or Ω is not positive definite
   */
  evaluate(times: ArrayLike<number>, out: FastCurves): void {
    if (this.problem !== null) throw new Error(this.problem);
    const { ni, no, r, s, Yt, Wt, A, M, A0, M0, uv } = this;
    const nEntries = Math.min(out.entries.length, uv.length);
    const wantNtk = this.ntkAvailable;
    let trA0 = 0;
    let trM0 = 0;
    let n00 = 0;
    if (wantNtk) {
      this.factor(0);
      this.gram(0, ni, A0);
      this.gram(ni, no, M0);
      let aa = 0;
      let mm = 0;
      for (let i = 0; i < ni; i++) trA0 += A0[i * ni + i];
      for (let i = 0; i < no; i++) trM0 += M0[i * no + i];
      for (let q = 0; q < ni * ni; q++) aa += A0[q] * A0[q];
      for (let q = 0; q < no * no; q++) mm += M0[q] * M0[q];
      n00 = no * aa + 2 * trM0 * trA0 + ni * mm;
    }
    const square = this.d === 0;
    for (let it = 0; it < times.length; it++) {
      // W̃ = Ŷ_outᵀŶ_in (N_o×N_i), and the lower triangles of Ã = Ŷ_inᵀŶ_in, M̃ = Ŷ_outᵀŶ_out.
      if (square) this.squareGrams(times[it]);
      else {
        this.factor(times[it]);
        rowDots(Yt, r, ni, no, 0, ni, Wt, false);
        if (wantNtk) {
          rowDots(Yt, r, 0, ni, 0, ni, A, true);
          rowDots(Yt, r, ni, no, ni, no, M, true);
        }
      }
      // Entries W_ij = ⟨ũ_i ṽ_jᵀ, W̃⟩.
      const nw = no * ni;
      for (let q = 0; q < nEntries; q++) out.entries[q][it] = dot4(uv[q], Wt, nw);
      // The loss ½‖W̃ − diag(s̃)‖² + const, from the differences (W̃ is scratch from here on).
      for (let a = 0; a < r; a++) Wt[a * ni + a] -= s[a];
      out.loss[it] = 0.5 * dot4(Wt, Wt, nw) + this.lossConst;
      if (wantNtk) {
        // Ã and M̃ enter only through traces, ‖·‖² and ⟨·(0), ·⟩: their lower triangles (off-diagonal
        // entries count twice).
        let trA = 0;
        let aa = 0;
        let a0a = 0;
        for (let i = 0; i < ni; i++) {
          const ai = i * ni;
          let off = 0;
          let off0 = 0;
          for (let j = 0; j < i; j++) {
            const v = A[ai + j];
            off += v * v;
            off0 += A0[ai + j] * v;
          }
          const v = A[ai + i];
          trA += v;
          aa += 2 * off + v * v;
          a0a += 2 * off0 + A0[ai + i] * v;
        }
        let trM = 0;
        let mm = 0;
        let m0m = 0;
        for (let i = 0; i < no; i++) {
          const mi = i * no;
          let off = 0;
          let off0 = 0;
          for (let j = 0; j < i; j++) {
            const v = M[mi + j];
            off += v * v;
            off0 += M0[mi + j] * v;
          }
          const v = M[mi + i];
          trM += v;
          mm += 2 * off + v * v;
          m0m += 2 * off0 + M0[mi + i] * v;
        }
        const n0t = no * a0a + trM * trA0 + trM0 * trA + ni * m0m;
        const ntt = no * aa + 2 * trM * trA + ni * mm;
        const cos = n0t / (Math.sqrt(n00) * Math.sqrt(ntt));
        out.ntk[it] = Math.min(2, Math.max(0, 1 - cos));
      } else out.ntk[it] = NaN;
    }
  }
}
