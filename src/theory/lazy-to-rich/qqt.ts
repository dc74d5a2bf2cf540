/**
 * The exact learning trajectory QQᵀ(t) of a two-layer linear network from a λ-balanced
 * initialisation, in the numerically stable form (Dominé et al., ICLR 2025, Theorem 4.3 + App. B.5;
 * spec `lazy-to-rich.md` §3.4).
 *
 * @module
 */
import { DomainError } from '../../errors/index.js';
import type { LinalgBackend } from '../../linalg/backend.js';
import { getBackend } from '../../linalg/backend.js';
import { Matrix } from '../../linalg/matrix.js';
import { inv } from '../../linalg/solve.js';
import { taskLoss, type LinearTask } from '../../tasks/index.js';
import { analyseInit } from './diagnostics.js';
import type { ExactSolution, ExactSolutionOptions, ExactState } from './types.js';

function checkTime(t: number, what: string): void {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new DomainError(`${what}: time t = ${t} must be a finite number ≥ 0 (t/τ, GD step k ↔ t = k·η).`);
  }
}

/** op(A)·op(B) as a new matrix (inputs finite by construction). */
function mul(be: LinalgBackend, A: Matrix, B: Matrix, tA = false, tB = false): Matrix {
  const C = new Matrix(tA ? A.cols : A.rows, tB ? B.rows : B.cols);
  be.gemm(tA, tB, 1, A, B, 0, C);
  return C;
}

/** Makes a square matrix exactly symmetric by averaging with its transpose (in place). */
function symmetrizeInPlace(A: Matrix): void {
  const n = A.rows;
  const a = A.data;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (a[i * n + j] + a[j * n + i]);
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
}

/**
 * The time-independent part of the closed form, precomputed once (spec §3.4 "Cost"): all products
 * of B⁻¹ with C and D, the task bases and the per-mode factors. Everything is kept in task
 * coordinates (the bases Ṽ_f = [Ṽ Ṽ_⊥], Ũ_f = [Ũ Ũ_⊥]) and rotated back only at the end.
 */
interface Precomputed {
  readonly ni: number;
  readonly no: number;
  readonly r: number;
  readonly d: number;
  readonly k: Float64Array;
  readonly p: Float64Array;
  readonly m: Float64Array;
  readonly lambdaPerp: number;
  /** H = B⁻¹C (r×r); the Z term is G = Cᵀ B⁻ᵀ = Hᵀ. */
  readonly H: Matrix;
  /** B⁻¹B⁻ᵀ (r×r). */
  readonly BBt: Matrix;
  /** 2·DᵀB⁻ᵀ (d×r). */
  readonly DB2: Matrix;
  /** B⁻¹DDᵀB⁻ᵀ (r×r). */
  readonly DDt: Matrix;
  /** Ṽ_f (N_i×N_i), Ũ_f (N_o×N_o). */
  readonly Vfull: Matrix;
  readonly Ufull: Matrix;
}

/** Per-solution reusable buffers (one set per solution object; never module-level). */
interface Workspace {
  readonly e: Float64Array;
  readonly g: Float64Array;
  readonly sg: Float64Array;
  readonly h: Float64Array;
  readonly T: Matrix;
  readonly S: Matrix;
  readonly omega: Matrix;
  readonly Linv: Matrix; // r × r: L⁻¹ (lower triangular, zeros above)
  readonly Zin: Matrix; // r × N_i: Ẑ_inᵀ (task coordinates)
  readonly Zout: Matrix; // r × N_o: Ẑ_outᵀ
  readonly Rin: Matrix; // r × N_i: Z_inᵀ = Ẑ_inᵀṼ_fᵀ (original coordinates)
  readonly Rout: Matrix; // r × N_o: Z_outᵀ
  readonly Yin: Matrix; // r × N_i: L⁻¹Z_inᵀ
  readonly Yout: Matrix; // r × N_o: L⁻¹Z_outᵀ
}

function workspace(pre: Precomputed): Workspace {
  const { r, ni, no } = pre;
  return {
    e: new Float64Array(r),
    g: new Float64Array(r),
    sg: new Float64Array(r),
    h: new Float64Array(r),
    T: new Matrix(r, r),
    S: new Matrix(r, r),
    omega: new Matrix(r, r),
    Linv: new Matrix(r, r),
    Zin: new Matrix(r, ni),
    Zout: new Matrix(r, no),
    Rin: new Matrix(r, ni),
    Rout: new Matrix(r, no),
    Yin: new Matrix(r, ni),
    Yout: new Matrix(r, no),
  };
}

/**
 * Writes L⁻¹ of the lower Cholesky factor of the r×r SPD matrix Ω into `Linv` (zeros above the
 * diagonal). The factorisation is the backend's (LAPACK dpotrf in the native backend); the triangular
 * inverse (r³/6 flops) is done here so that the products with L⁻¹ can go through gemm.
 */
function choleskyInverse(omega: Matrix, Linv: Matrix, t: number, be: LinalgBackend): void {
  const L = be.cholesky(omega);
  const n = omega.rows;
  if (L === null) {
    throw new DomainError(
      `exactSolution: Ω(t) at t = ${t} is not numerically positive definite, which happens only when B is nearly singular; perturb the initial weights or use a non-zero λ.`,
    );
  }
  const l = L.data;
  const v = Linv.data;
  v.fill(0);
  // Row-oriented forward substitution of L·X = I: X[i, 0..i] = (e_i − Σ_{q<i} L[i][q]·X[q, 0..q]) / L[i][i],
  // contiguous inner loops.
  for (let i = 0; i < n; i++) {
    const d = l[i * n + i];
    if (!(d > 0) || !Number.isFinite(d)) {
      throw new DomainError(
        `exactSolution: Ω(t) at t = ${t} is not numerically positive definite (pivot ${i} is ${d * d}), which happens only when B is nearly singular; perturb the initial weights or use a non-zero λ.`,
      );
    }
    const row = i * n;
    for (let q = 0; q < i; q++) {
      const f = l[row + q];
      const qrow = q * n;
      for (let j = 0; j <= q; j++) v[row + j] -= f * v[qrow + j];
    }
    v[row + i] = 1;
    const inv = 1 / d;
    for (let j = 0; j <= i; j++) v[row + j] *= inv;
  }
}

/**
 * Fills ws.Yin = L⁻¹Z_inᵀ and ws.Yout = L⁻¹Z_outᵀ (r×N_i, r×N_o, original coordinates) at time x,
 * where Ω(x) = LLᵀ. Then W₁ᵀW₁ = YinᵀYin, W = YoutᵀYin, W₂W₂ᵀ = YoutᵀYout.
 */
function evaluateFactors(pre: Precomputed, ws: Workspace, t: number, be: LinalgBackend): void {
  // Beyond 1e300 every transient is below 1e-300 (a k_α = 0 mode decays like 1/x); capping keeps 2x finite.
  const x = Math.min(t, 1e300);
  const { r, d, ni, no, k, p, m, lambdaPerp: lp, H, BBt, DB2, DDt } = pre;
  const { e, g, sg, h, T, S, omega, Zin, Zout } = ws;
  for (let a = 0; a < r; a++) {
    const ka = k[a];
    e[a] = Math.exp(-ka * x);
    // (1 − e^{−2kx})/k, → 2x as k → 0 (spec §3.5 degenerate modes).
    g[a] = ka > 0 ? -Math.expm1(-2 * ka * x) / ka : 2 * x;
    sg[a] = Math.sqrt(g[a]);
    // e^{(λ_⊥ − k)x}: the exponent is ≤ 0 because k ≥ |λ|/2 ≥ λ_⊥ (spec §3.4 notes).
    h[a] = d > 0 ? Math.exp(Math.min(0, lp - ka) * x) : 0;
  }
  // S = H diag(g) Hᵀ = (H diag(√g))(H diag(√g))ᵀ.
  const Hd = H.data;
  const Td = T.data;
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) Td[i * r + j] = Hd[i * r + j] * sg[j];
  be.gemm(false, true, 1, T, T, 0, S);
  // Ω = 4E B⁻¹B⁻ᵀ E + (I − E²)S⁻¹ + E B⁻¹C (I − E²)S⁻¹ CᵀB⁻ᵀ E + 2 (B⁻¹DDᵀB⁻ᵀ)∘Φ.
  const Od = omega.data;
  const Sd = S.data;
  const Bd = BBt.data;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j <= i; j++) {
      let v = e[i] * e[j] * (4 * Bd[i * r + j] + Sd[i * r + j]);
      if (i === j) v += g[i];
      if (d > 0) {
        const dd = DDt.data[i * r + j];
        if (dd !== 0) {
          // Φ_ij = e^{−(k_i+k_j)x}(e^{2λ_⊥x} − 1)/λ_⊥, in a form whose every factor is bounded.
          let phi: number;
          if (lp > 0) phi = Math.exp(Math.min(0, 2 * lp - k[i] - k[j]) * x) * (-Math.expm1(-2 * lp * x) / lp);
          else if (lp < 0) phi = Math.exp(-(k[i] + k[j]) * x) * (Math.expm1(2 * lp * x) / lp);
          else phi = x === 0 ? 0 : Math.exp(Math.log(2 * x) - (k[i] + k[j]) * x); // 2x·e^{−(k_i+k_j)x} without 0·∞
          v += 2 * dd * phi;
        }
      }
      Od[i * r + j] = v;
      Od[j * r + i] = v;
    }
  }
  choleskyInverse(omega, ws.Linv, x, be);
  // Ẑ_inᵀ (r×N_i) in task coordinates: column a < r is (M − P E G E)ᵀ with G = Hᵀ, i.e. entry (b, a)
  // = δ m_a − p_a e_a H_ba e_b; columns r + j (N_i > N_o) are 2(DᵀB⁻ᵀ)_{j b} h_b.
  const Zi = Zin.data;
  const Zo = Zout.data;
  for (let b = 0; b < r; b++) {
    const eb = e[b];
    for (let a = 0; a < r; a++) {
      const egh = e[a] * Hd[b * r + a] * eb;
      Zi[b * ni + a] = (a === b ? m[a] : 0) - p[a] * egh;
      Zo[b * no + a] = (a === b ? p[a] : 0) + m[a] * egh;
    }
    if (ni > no) for (let j = 0; j < d; j++) Zi[b * ni + r + j] = DB2.data[j * r + b] * h[b];
    if (no > ni) for (let j = 0; j < d; j++) Zo[b * no + r + j] = DB2.data[j * r + b] * h[b];
  }
  // Back to the original coordinates (Z_inᵀ = Ẑ_inᵀṼ_fᵀ), then L⁻¹Zᵀ.
  be.gemm(false, true, 1, Zin, pre.Vfull, 0, ws.Rin);
  be.gemm(false, true, 1, Zout, pre.Ufull, 0, ws.Rout);
  be.gemm(false, false, 1, ws.Linv, ws.Rin, 0, ws.Yin);
  be.gemm(false, false, 1, ws.Linv, ws.Rout, 0, ws.Yout);
}

function precompute(analysis: ReturnType<typeof analyseInit>, be: LinalgBackend): Precomputed {
  const { basis, factors, B, C, D } = analysis;
  const ni = basis.Vfull.rows;
  const no = basis.Ufull.rows;
  const r = basis.r;
  const d = basis.d;
  const Binv = inv(B, { backend: be, rcondThreshold: 0 });
  const H = mul(be, Binv, C);
  const BBt = mul(be, Binv, Binv, false, true);
  const K = mul(be, Binv, D); // r×d
  const DB2 = new Matrix(d, r);
  for (let j = 0; j < d; j++) for (let a = 0; a < r; a++) DB2.data[j * r + a] = 2 * K.data[a * d + j];
  const DDt = mul(be, K, K, false, true);
  return {
    ni,
    no,
    r,
    d,
    k: factors.k,
    p: factors.p,
    m: factors.m,
    lambdaPerp: factors.lambdaPerp,
    H,
    BBt,
    DB2,
    DDt,
    Vfull: basis.Vfull,
    Ufull: basis.Ufull,
  };
}

/**
 * The exact solution QQᵀ(t) of gradient flow for a two-layer linear network ŷ = W₂W₁x started from
 * λ-balanced weights, evaluable at any t ≥ 0.
 *
 * Dominé et al., ICLR 2025, "From Lazy to Rich", Theorem 4.3 with App. B.5 — spec §3.4, the stable
 * form QQᵀ(t) = Z(t) Ω(t)⁻¹ Z(t)ᵀ:
 *
 *   Z_in  = Ṽ(M_λ − P_λ E CᵀB⁻ᵀ E) [+ 2Ṽ_⊥ DᵀB⁻ᵀ e^{(λ_⊥−S_λ)x}],
 *   Z_out = Ũ(P_λ + M_λ E CᵀB⁻ᵀ E) [+ 2Ũ_⊥ DᵀB⁻ᵀ e^{(λ_⊥−S_λ)x}],
 *   Ω = 4E B⁻¹B⁻ᵀ E + (I − E²)S_λ⁻¹ + E B⁻¹C(I − E²)S_λ⁻¹CᵀB⁻ᵀ E + 2(B⁻¹DDᵀB⁻ᵀ)∘Φ(x),
 *
 * with E = e^{−S_λ x}, S_λ = diag(k_α), P_λ, M_λ, λ_⊥ of §3.2 (`spectralFactors`) and B, C, D of §3.3.
 *
 * **Assumptions** (each checked; failure → DomainError naming it, never numbers): whitened inputs
 * Σ_xx = I (A1, `requireWhitened`); λ-balanced initial weights W₂ᵀW₂ − W₁W₁ᵀ = λI (A2, measured
 * with `measureBalance`, relative deviation ≤ `balanceTolerance` = 1e-8); N_h = min(N_i, N_o) (A3);
 * B non-singular (A4, 1/cond₂(B) ≥ `singularTolerance` = 1e-10; at λ = 0 for square nets this fails
 * exactly when sign det W(0) ≠ sign det Σ_yx, and the message says the flow stalls at a saddle).
 *
 * **Time units.** x = t/τ with τ = 1/η: GD step k ↔ t = k·η (spec §1).
 *
 * **Method.** Once: the task SVD, B⁻¹ and the products B⁻¹C, B⁻¹B⁻ᵀ, B⁻¹D. Per time: O(r³) for Ω and
 * its Cholesky factor (Ω = LLᵀ), O((N_i+N_o)·r²) for L⁻¹Zᵀ, O((N_i+N_o)²·r) for the blocks
 * (L⁻¹Zᵀ)ᵀ(L⁻¹Zᵀ). Every exponential has a non-positive exponent (k_α ≥ |λ|/2 ≥ λ_⊥) and the Φ term
 * is formed with expm1, so nothing overflows: t = 1e7 returns W = Σ_yx to rounding (R10).
 *
 * **Special cases.** Continuous in λ through 0 (p = m = 1 at λ = 0, Braun et al. 2022). k_α = 0
 * (s̃_α = 0, λ = 0): (1 − e^{−2kx})/k → 2x. Φ at λ_⊥ = 0: e^{−(k_i+k_j)x}·2x (Braun's linear-in-t
 * term). t = 0 reproduces the initial Gram matrices. The individual weights are not determined (only
 * up to a hidden rotation Q → QR); use `W1tW1`, `W`, `W2W2t`.
 *
 * @param task - a whitened task (Σ_yx, N_o×N_i)
 * @param weights - λ-balanced initial weights { W1 (N_h×N_i), W2 (N_o×N_h) }, N_h = min(N_i, N_o)
 * @param options - `balanceTolerance`, `singularTolerance`, `backend`
 * @returns the solution object: `at(t)`, `trajectory(times)`, `networkFunction(t)`, `loss(t)`,
 *   `lambda`, `diagnostics`
 * @throws ShapeError when the weights do not fit the task; DomainError when an assumption fails, an
 *   entry is NaN/Inf, or a time is negative or not finite
 *
 * @example
 * const task = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]));
 * const init = lambdaBalancedInit({ lambda: -1.5, ni: 2, no: 2, scale: 0.2, stream: createRandom(7) });
 * const sol = exactSolution(task, init);
 * sol.at(1).W;          // W₂W₁ at t/τ = 1
 * sol.loss(1e7);        // the minimum loss (0 here), no overflow
 * sol.diagnostics.regime; // → 'intermediate'
 */
export function exactSolution(
  task: LinearTask,
  weights: { readonly W1: Matrix; readonly W2: Matrix },
  options: ExactSolutionOptions = {},
): ExactSolution {
  const be = options.backend ?? getBackend();
  const analysis = analyseInit(task, weights, options, 'exactSolution');
  const { diagnostics } = analysis;
  if (diagnostics.problems.length > 0) throw new DomainError(diagnostics.problems[0]);
  const pre = precompute(analysis, be);
  const ws = workspace(pre);
  const { ni, no } = pre;
  const stateAt = (t: number): ExactState => {
    evaluateFactors(pre, ws, t, be);
    const W1tW1 = mul(be, ws.Yin, ws.Yin, true, false);
    const W = mul(be, ws.Yout, ws.Yin, true, false);
    const W2W2t = mul(be, ws.Yout, ws.Yout, true, false);
    symmetrizeInPlace(W1tW1);
    symmetrizeInPlace(W2W2t);
    const n = ni + no;
    const QQt = new Matrix(n, n);
    const q = QQt.data;
    for (let i = 0; i < ni; i++) for (let j = 0; j < ni; j++) q[i * n + j] = W1tW1.data[i * ni + j];
    for (let o = 0; o < no; o++) {
      for (let i = 0; i < ni; i++) {
        const v = W.data[o * ni + i];
        q[(ni + o) * n + i] = v;
        q[i * n + ni + o] = v;
      }
      for (let j = 0; j < no; j++) q[(ni + o) * n + ni + j] = W2W2t.data[o * no + j];
    }
    return { t, QQt, W, W1tW1, W2W2t };
  };
  const functionAt = (t: number): Matrix => {
    evaluateFactors(pre, ws, t, be);
    return mul(be, ws.Yout, ws.Yin, true, false);
  };
  const times = (ts: ArrayLike<number>, what: string): void => {
    if (ts === null || typeof ts !== 'object' || typeof ts.length !== 'number') {
      throw new DomainError(`${what}: times must be an array of numbers ≥ 0.`);
    }
    for (let i = 0; i < ts.length; i++) checkTime(ts[i], `${what}: times[${i}]`);
  };

  return {
    lambda: diagnostics.lambda,
    diagnostics,
    at(t: number): ExactState {
      checkTime(t, 'exactSolution.at');
      return stateAt(t);
    },
    trajectory(ts: ArrayLike<number>): ExactState[] {
      times(ts, 'exactSolution.trajectory');
      const out: ExactState[] = [];
      for (let i = 0; i < ts.length; i++) out.push(stateAt(ts[i]));
      return out;
    },
    networkFunction(t: number): Matrix {
      checkTime(t, 'exactSolution.networkFunction');
      return functionAt(t);
    },
    networkFunctionTrajectory(ts: ArrayLike<number>): Matrix[] {
      times(ts, 'exactSolution.networkFunctionTrajectory');
      const out: Matrix[] = [];
      for (let i = 0; i < ts.length; i++) out.push(functionAt(ts[i]));
      return out;
    },
    loss(t: number): number {
      checkTime(t, 'exactSolution.loss');
      // Whitened task loss (spec §4.1): ½‖W − Σ_yx‖²_F + ½(yyTrace − ‖Σ_yx‖²_F).
      return taskLoss(task, functionAt(t));
    },
  };
}
