/**
 * The explorer's fast evaluation of the closed form QQᵀ(t) = Z Ω⁻¹ Zᵀ (Dominé et al., ICLR 2025,
 * Theorem 4.3 + App. B.5; spec `lazy-to-rich.md` §3.4) for the live curves of the two-layer view:
 * the loss, a few entries of W(t) and the NTK kernel distance S(K(0), K(t)) at many times.
 *
 * It evaluates the same formula as `exactSolution` (src/theory/lazy-to-rich/qqt.ts) from the same
 * analysis (`analyseInit`: task bases, factors k, p, m, λ_⊥ and B, C, D), but only what the curves
 * need, in task coordinates, with every buffer preallocated:
 * - Ω(t) (lower triangle) from e^{−k x}, (1 − e^{−2kx})/k and S = H diag(g) Hᵀ, its Cholesky factor L;
 * - Y = L⁻¹Ẑ by forward substitution, so W̃ = Ŷ_outᵀŶ_in is W(t) in the task bases (W = Ũ_f W̃ Ṽ_fᵀ);
 * - loss = ½‖W̃ − diag(s̃)‖²_F + ½(yyTrace − ‖Σ_yx‖²_F) (orthogonal invariance);
 * - entries W_ij = ũ_iᵀ W̃ ṽ_j for the few plotted (i, j);
 * - Ã = Ŷ_inᵀŶ_in, M̃ = Ŷ_outᵀŶ_out (W₁ᵀW₁, W₂W₂ᵀ in the task bases) and, for inputs with XXᵀ = c·I,
 *   the NTK inner products ⟨K_a, K_b⟩ ∝ N_o tr(ÃaÃb) + tr(M̃b)tr(Ãa) + tr(M̃a)tr(Ãb) + N_i tr(M̃aM̃b)
 *   (the Kronecker identity of `ntkInnerProduct` with S = c·I; c cancels in the distance).
 * Cost per time ≈ r³/2 + r³/6 + r²(N_i+N_o)/2 + N_iN_o r + (N_i² + N_o²) r/2 multiply-adds, no
 * allocation. Tested against `exactSolution` + `ntkKernelDistance` (test/web/app-fast-exact.test.ts).
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
 * The closed form prepared once per (task, init) and evaluated per time into preallocated buffers.
 * Construction throws nothing for a valid shape; check {@link FastTwoLayerExact.problem} (the
 * theory's refusal sentence) before evaluating.
 * @example
 * const fx = new FastTwoLayerExact(task, { W1, W2 }, [[0, 0], [1, 2]]);
 * if (!fx.problem) fx.evaluate(times, curves);
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
  private readonly H: Float64Array;
  private readonly BBt: Float64Array;
  private readonly DB2: Float64Array;
  private readonly DDt: Float64Array;
  /** Rows of Ũ_f for the entries' output indices and of Ṽ_f for their input indices. */
  private readonly uRows: Float64Array[];
  private readonly Vfull: Matrix;
  private readonly Ufull: Matrix;
  private readonly vRows: Float64Array[];
  // workspace
  private readonly e: Float64Array;
  private readonly g: Float64Array;
  private readonly sg: Float64Array;
  private readonly h: Float64Array;
  private readonly T: Float64Array;
  private readonly L: Float64Array;
  private readonly Yin: Float64Array;
  private readonly Yout: Float64Array;
  private readonly Wt: Float64Array;
  private readonly Wv: Float64Array;
  private readonly A: Float64Array;
  private readonly M: Float64Array;
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
    this.uRows = entries.map(([i]) => basis.Ufull.data.slice(i * no, (i + 1) * no));
    this.vRows = entries.map(([, j]) => basis.Vfull.data.slice(j * ni, (j + 1) * ni));
    this.e = new Float64Array(r);
    this.g = new Float64Array(r);
    this.sg = new Float64Array(r);
    this.h = new Float64Array(r);
    this.T = new Float64Array(r * r);
    this.L = new Float64Array(r * r);
    this.Yin = new Float64Array(r * ni);
    this.Yout = new Float64Array(r * no);
    this.Wt = new Float64Array(no * ni);
    this.Wv = new Float64Array(no);
    this.A = new Float64Array(ni * ni);
    this.M = new Float64Array(no * no);
    this.A0 = new Float64Array(ni * ni);
    this.M0 = new Float64Array(no * no);
  }

  /** Ω(x) = LLᵀ and Ŷ_in = L⁻¹Ẑ_in, Ŷ_out = L⁻¹Ẑ_out (task coordinates) at time x. */
  private factor(t: number): void {
    const x = Math.min(t, 1e300);
    const { r, d, ni, no, k, p, m, lp, H, BBt, DB2, DDt, e, g, sg, h, T, L, Yin, Yout } = this;
    for (let a = 0; a < r; a++) {
      const ka = k[a];
      e[a] = Math.exp(-ka * x);
      g[a] = ka > 0 ? -Math.expm1(-2 * ka * x) / ka : 2 * x;
      sg[a] = Math.sqrt(g[a]);
      h[a] = d > 0 ? Math.exp(Math.min(0, lp - ka) * x) : 0;
    }
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) T[i * r + j] = H[i * r + j] * sg[j];
    // Lower triangle of Ω into L: S_ij = T_i·T_j.
    for (let i = 0; i < r; i++) {
      const ti = i * r;
      for (let j = 0; j <= i; j++) {
        const tj = j * r;
        let sij = 0;
        for (let q = 0; q < r; q++) sij += T[ti + q] * T[tj + q];
        let v = e[i] * e[j] * (4 * BBt[ti + j] + sij);
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
    // In-place Cholesky (lower).
    for (let j = 0; j < r; j++) {
      const tj = j * r;
      let dj = L[tj + j];
      for (let q = 0; q < j; q++) dj -= L[tj + q] * L[tj + q];
      if (!(dj > 0) || !Number.isFinite(dj)) {
        throw new Error(`exactSolution: Ω(t) at t = ${t} is not numerically positive definite (pivot ${j}), which happens only when B is nearly singular; perturb the initial weights or use a non-zero λ.`);
      }
      const ljj = Math.sqrt(dj);
      L[tj + j] = ljj;
      const inv = 1 / ljj;
      for (let i = j + 1; i < r; i++) {
        const ti = i * r;
        let v = L[ti + j];
        for (let q = 0; q < j; q++) v -= L[ti + q] * L[tj + q];
        L[ti + j] = v * inv;
      }
    }
    // Ẑ (task coordinates), rows b: Ẑ_in[b, a] = δ m_a − p_a e_a H_ba e_b; Ẑ_out[b, a] = δ p_a + m_a e_a H_ba e_b.
    for (let b = 0; b < r; b++) {
      const eb = e[b];
      const yi = b * ni;
      const yo = b * no;
      for (let a = 0; a < r; a++) {
        const egh = e[a] * H[b * r + a] * eb;
        Yin[yi + a] = (a === b ? m[a] : 0) - p[a] * egh;
        Yout[yo + a] = (a === b ? p[a] : 0) + m[a] * egh;
      }
      if (ni > no) for (let j = 0; j < d; j++) Yin[yi + r + j] = DB2[j * r + b] * h[b];
      if (no > ni) for (let j = 0; j < d; j++) Yout[yo + r + j] = DB2[j * r + b] * h[b];
    }
    // Forward substitution in place: Y ← L⁻¹Y (row b uses rows < b).
    for (let b = 0; b < r; b++) {
      const tb = b * r;
      const inv = 1 / L[tb + b];
      const yi = b * ni;
      const yo = b * no;
      for (let q = 0; q < b; q++) {
        const l = L[tb + q];
        if (l === 0) continue;
        const qi = q * ni;
        const qo = q * no;
        for (let c = 0; c < ni; c++) Yin[yi + c] -= l * Yin[qi + c];
        for (let c = 0; c < no; c++) Yout[yo + c] -= l * Yout[qo + c];
      }
      for (let c = 0; c < ni; c++) Yin[yi + c] *= inv;
      for (let c = 0; c < no; c++) Yout[yo + c] *= inv;
    }
  }

  /** Ã = ŶᵀŶ (n×n, symmetric) into `out` from the r×n rows of Y. */
  private gram(Y: Float64Array, n: number, out: Float64Array): void {
    const r = this.r;
    out.fill(0);
    for (let b = 0; b < r; b++) {
      const yb = b * n;
      for (let i = 0; i < n; i++) {
        const v = Y[yb + i];
        if (v === 0) continue;
        const oi = i * n;
        for (let j = 0; j <= i; j++) out[oi + j] += v * Y[yb + j];
      }
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j];
  }

  /**
   * W₁ᵀW₁ (N_i×N_i) and W₂W₂ᵀ (N_o×N_o) at time t, in the original coordinates (for the RSMs).
   * @throws Error when the closed form does not apply
   */
  gramsAt(t: number): { W1tW1: Matrix; W2W2t: Matrix } {
    if (this.problem !== null) throw new Error(this.problem);
    this.factor(t);
    this.gram(this.Yin, this.ni, this.A);
    this.gram(this.Yout, this.no, this.M);
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
    const { ni, no, r, s, Yin, Yout, Wt, Wv, A, M, A0, M0, uRows, vRows } = this;
    const nEntries = Math.min(out.entries.length, uRows.length);
    const wantNtk = this.ntkAvailable;
    let trA0 = 0;
    let trM0 = 0;
    let n00 = 0;
    if (wantNtk) {
      this.factor(0);
      this.gram(Yin, ni, A0);
      this.gram(Yout, no, M0);
      let aa = 0;
      let mm = 0;
      for (let i = 0; i < ni; i++) trA0 += A0[i * ni + i];
      for (let i = 0; i < no; i++) trM0 += M0[i * no + i];
      for (let q = 0; q < ni * ni; q++) aa += A0[q] * A0[q];
      for (let q = 0; q < no * no; q++) mm += M0[q] * M0[q];
      n00 = no * aa + 2 * trM0 * trA0 + ni * mm;
    }
    for (let it = 0; it < times.length; it++) {
      this.factor(times[it]);
      // W̃ = Ŷ_outᵀŶ_in (N_o×N_i).
      Wt.fill(0);
      for (let b = 0; b < r; b++) {
        const yo = b * no;
        const yi = b * ni;
        for (let o = 0; o < no; o++) {
          const v = Yout[yo + o];
          if (v === 0) continue;
          const wo = o * ni;
          for (let c = 0; c < ni; c++) Wt[wo + c] += v * Yin[yi + c];
        }
      }
      let dev = 0;
      for (let o = 0; o < no; o++) {
        for (let c = 0; c < ni; c++) {
          const w = Wt[o * ni + c] - (o === c && o < r ? s[o] : 0);
          dev += w * w;
        }
      }
      out.loss[it] = 0.5 * dev + this.lossConst;
      for (let q = 0; q < nEntries; q++) {
        const u = uRows[q];
        const v = vRows[q];
        for (let o = 0; o < no; o++) {
          let acc = 0;
          const wo = o * ni;
          for (let c = 0; c < ni; c++) acc += Wt[wo + c] * v[c];
          Wv[o] = acc;
        }
        let acc = 0;
        for (let o = 0; o < no; o++) acc += u[o] * Wv[o];
        out.entries[q][it] = acc;
      }
      if (wantNtk) {
        this.gram(Yin, ni, A);
        this.gram(Yout, no, M);
        let trA = 0;
        let trM = 0;
        let aa = 0;
        let a0a = 0;
        let mm = 0;
        let m0m = 0;
        for (let i = 0; i < ni; i++) trA += A[i * ni + i];
        for (let i = 0; i < no; i++) trM += M[i * no + i];
        for (let q = 0; q < ni * ni; q++) {
          aa += A[q] * A[q];
          a0a += A0[q] * A[q];
        }
        for (let q = 0; q < no * no; q++) {
          mm += M[q] * M[q];
          m0m += M0[q] * M[q];
        }
        const n0t = no * a0a + trM * trA0 + trM0 * trA + ni * m0m;
        const ntt = no * aa + 2 * trM * trA + ni * mm;
        const cos = n0t / (Math.sqrt(n00) * Math.sqrt(ntt));
        out.ntk[it] = Math.min(2, Math.max(0, 1 - cos));
      } else out.ntk[it] = NaN;
    }
  }
}
