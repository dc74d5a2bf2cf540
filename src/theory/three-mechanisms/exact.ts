/**
 * Exact gradient-flow solution of the width-d 1-D linear network of Xu & Ziyin (ICLR 2025), spec
 * mixed-and-three-mechanisms.md §B.3 (derived in the spec [D]; every identity re-checked here against
 * DOP853 and SciPy, see test/theory/three-mechanisms/).
 *
 * @module
 */
import { ConfigError, DomainError } from '../../errors/index.js';
import {
  rescaledNorms,
  scalarWidthSlope,
  validateScalarWidthParams,
  validateScalarWidthTask,
  validateScalarWidthWeights,
  type ScalarWidthParams,
  type ScalarWidthTask,
  type ScalarWidthWeights,
} from '../../models/scalar-width.js';
import { mixedHittingTime } from '../mixed/index.js';

/** The state of the exact solution at time t (field names as printed by `lazyrich exact`). */
export interface ScalarWidthState {
  /** Gradient-flow time t (the rates η_u, η_w are inside the flow, §B.2). */
  t: number;
  /** Effective slope P(t) = κ uᵀw. */
  P: number;
  /** Tangent kernel K(t) = κ²Σ_xx(η_w‖u‖²+η_u‖w‖²) = αΣ_xx√(Q+4P²). */
  K: number;
  /** Alignment ζ(t) = 2ũᵀw̃/(‖ũ‖²+‖w̃‖²) = 2P/√(Q+4P²). */
  zeta: number;
  /** Second-layer weights u(t). */
  u: Float64Array;
  /** First-layer weights w(t). */
  w: Float64Array;
  /** Hyperbolic angle s(t) = ∫₀ᵗ αΣ_xx(P−a) (ũ ± w̃ = (ũ₀ ± w̃₀)e^{∓s}). */
  s: number;
  /** Loss ½Σ_xx(P−a)². */
  loss: number;
}

/** The exact solution object returned by {@link scalarWidthExact}. */
export interface ScalarWidthExact {
  readonly params: ScalarWidthParams;
  readonly task: ScalarWidthTask;
  /** Width d. */
  readonly d: number;
  /** α = κ√(η_uη_w). */
  readonly alpha: number;
  /** A = ‖ũ₀+w̃₀‖², B = ‖ũ₀−w̃₀‖² (ũ = u/√η_u, w̃ = w/√η_w). */
  readonly A: number;
  readonly B: number;
  /** Conserved Q = α²AB. */
  readonly Q: number;
  /** Initial slope P₀ = κu₀ᵀw₀. */
  readonly P0: number;
  /** Convergence rate Δ = αΣ_xx√(4a²+Q) (P → a like e^{−Δt} when Δ > 0). */
  readonly rate: number;
  /** Time scale t_c = 1/Δ (Infinity when Δ = 0). */
  readonly tc: number;
  /** Kernel at t = 0 and t → ∞: K₀ = αΣ_xx√(Q+4P₀²), K∞ = αΣ_xx√(Q+4P∞²). */
  readonly K0: number;
  readonly KInf: number;
  /** Limit P∞: a, or 0 when Q = 0 and P₀a ≤ 0 (the flow stops at the saddle P = 0). */
  readonly PInf: number;
  /** Limit ζ∞ = 2P∞/√(Q+4P∞²) (sign P₀ when Q = 0 and P∞ = 0). */
  readonly zetaInf: number;
  /** The state at time t ≥ 0. */
  at(t: number): ScalarWidthState;
  /** P, K, ζ and the loss at many times (no weights; for curves). @throws DomainError for t < 0 or non-finite. */
  curves(times: ArrayLike<number>): { t: Float64Array; P: Float64Array; K: Float64Array; zeta: Float64Array; loss: Float64Array };
  /** Only z(t) = e^{2s(t)} (cheap). */
  z(t: number): number;
  /** Only P(t) (cheap). */
  slope(t: number): number;
  /**
   * The time at which P first equals `target` (between P₀ and P∞, P∞ excluded): spec §B.3, the F-formula of
   * A.2.4 through `mixedHittingTime` of src/theory/mixed with λ = αΣ_xx, c = √Q/2, y = a, x₀ = P₀.
   * @throws DomainError when the target is not reached in finite time.
   */
  hittingTime(target: number): number;
}

/**
 * The exact solution of gradient flow on the width-d 1-D model (spec §B.3).
 *
 * **Method.** With α = κ√(η_uη_w), ũ = u/√η_u, w̃ = w/√η_w the flow is dũ/dt = −g w̃, dw̃/dt = −g ũ
 * (g = αΣ_xx(P−a)), solved by the hyperbolic rotation ũ ± w̃ = (ũ₀ ± w̃₀)e^{∓s}. z = e^{2s} obeys the
 * Riccati equation ż = −bz² − cz + e (b = α²Σ_xxB/2, c = 2αΣ_xx a, e = α²Σ_xxA/2), whose solution is
 * evaluated in the division-free form
 * z(t) = [(k + hE)/Δ + eφ] / [(h + kE)/Δ + bφ], E = e^{−Δt}, φ = (1−E)/Δ, h = (Δ+c)/2, k = (Δ−c)/2
 * (equivalent to the spec's (z₊ − z₋R₀e^{−Δt})/(1 − R₀e^{−Δt}) but with no division by b, so
 * B → 0 and A → 0 are covered), with h·k = be computed without cancellation, and the limit
 * z = (1+et)/(1+bt) when Δ = 0. Then P = (α/4)(A/z − Bz), u = √η_u ũ, w = √η_w w̃.
 *
 * **Assumptions.** Gradient flow (not GD), κ, η_u, η_w > 0, Σ_xx > 0; time t is flow time with the
 * rates inside the flow (GD with step h approximates it at t = k·h).
 *
 * **Special cases.** B = 0 (ũ₀ = w̃₀) or A = 0 (ũ₀ = −w̃₀): Q = 0, ζ ≡ ±1, pure rescaling. Q = 0 with
 * P₀a ≤ 0: P tends to the saddle 0, not to a. u₀ = w₀ = 0: refused (saddle, ζ undefined).
 *
 * **Checked** (test/theory/three-mechanisms/exact.test.ts): against the spec's own z± expression in 50-digit
 * mpmath 9e-16; against SciPy DOP853 (rtol 1e-13) 3e-13 for P, u, w and 1.1e-12 for the hitting time; against
 * the project's DOP853 over d × rates × κ × sign a × sign P₀ × t (270 points) 9.3e-12; invariants M, cᵢ, Q
 * conserved to 1e-12 and the NTK identity to 1e-12 along the flow (recipes B.8-1…5).
 *
 * @throws ConfigError for invalid rates, task or weights (non-finite, ≤ 0, width 0, mismatched);
 *   DomainError when u₀ = w₀ = 0.
 * @example
 * const ex = scalarWidthExact({ kappa: 1, etaU: 1, etaW: 1 }, { a: 2, sigmaXX: 1 }, { u: [1], w: [0] });
 * ex.at(0).P;            // → 0
 * ex.at(50).P;           // → 2.0000000000000004
 * ex.Q;                  // → 1  (A = B = 1, α = 1)
 * ex.tc;                 // 0.24253562503633297 = 1/√17
 * ex.zetaInf;            // 0.9701425001453319 = 4/√17
 * ex.hittingTime(1);     // → 0.47582609450471497 (time at which P = 1)
 */
export function scalarWidthExact(params: ScalarWidthParams, task: ScalarWidthTask, init: ScalarWidthWeights): ScalarWidthExact {
  validateScalarWidthParams(params);
  validateScalarWidthTask(task);
  const d = validateScalarWidthWeights(init);
  const { alpha, A, B } = rescaledNorms(params, init);
  if (A === 0 && B === 0) {
    throw new DomainError('init.u and init.w are both zero: the flow sits at the saddle P = 0 and ζ is 0/0; start from nonzero weights.', { path: 'init' });
  }
  const sxx = task.sigmaXX;
  const a = task.a;
  const su = Math.sqrt(params.etaU);
  const sw = Math.sqrt(params.etaW);
  const sum = new Float64Array(d); // ũ₀ + w̃₀
  const dif = new Float64Array(d); // ũ₀ − w̃₀
  for (let i = 0; i < d; i++) {
    sum[i] = init.u[i] / su + init.w[i] / sw;
    dif[i] = init.u[i] / su - init.w[i] / sw;
  }
  const Q = alpha * alpha * A * B;
  const P0 = scalarWidthSlope(params.kappa, init);
  const bq = (alpha * alpha * sxx * B) / 2;
  const eq = (alpha * alpha * sxx * A) / 2;
  const cq = 2 * alpha * sxx * a;
  const Delta = Math.sqrt(cq * cq + 4 * bq * eq);
  let hq: number;
  let kq: number;
  if (cq >= 0) {
    hq = (Delta + cq) / 2;
    kq = hq > 0 ? (bq * eq) / hq : 0;
  } else {
    kq = (Delta - cq) / 2;
    hq = (bq * eq) / kq;
  }
  const zOf = (t: number): number => {
    if (!(Number.isFinite(t) && t >= 0)) throw new DomainError(`t must be a finite time ≥ 0 (got ${t}).`);
    if (Delta === 0) return (1 + eq * t) / (1 + bq * t);
    const E = Math.exp(-Delta * t);
    const phi = -Math.expm1(-Delta * t) / Delta;
    return ((kq + hq * E) / Delta + eq * phi) / ((hq + kq * E) / Delta + bq * phi);
  };
  // A/z and B·z with 0·∞ := 0 (A = 0 or B = 0 exactly).
  const slopeOfZ = (z: number): number => (alpha / 4) * ((A === 0 ? 0 : A / z) - (B === 0 ? 0 : B * z));
  const kernelOf = (P: number): number => alpha * sxx * Math.sqrt(Q + 4 * P * P);
  const zetaOf = (P: number): number => {
    const den = Math.sqrt(Q + 4 * P * P);
    return den === 0 ? Math.sign(P0) : (2 * P) / den;
  };
  const PInf = Q === 0 && P0 * a <= 0 ? 0 : a;
  const self: ScalarWidthExact = {
    params: { ...params },
    task: { ...task },
    d,
    alpha,
    A,
    B,
    Q,
    P0,
    rate: Delta,
    tc: Delta > 0 ? 1 / Delta : Infinity,
    K0: kernelOf(P0),
    KInf: kernelOf(PInf),
    PInf,
    zetaInf: Q === 0 ? Math.sign(P0) : zetaOf(PInf),
    z: zOf,
    slope: (t: number) => slopeOfZ(zOf(t)),
    curves(times: ArrayLike<number>) {
      const n = times.length;
      const out = { t: Float64Array.from(times), P: new Float64Array(n), K: new Float64Array(n), zeta: new Float64Array(n), loss: new Float64Array(n) };
      for (let k = 0; k < n; k++) {
        const P = slopeOfZ(zOf(out.t[k]));
        out.P[k] = P;
        out.K[k] = kernelOf(P);
        out.zeta[k] = zetaOf(P);
        out.loss[k] = 0.5 * sxx * (P - a) * (P - a);
      }
      return out;
    },
    at(t: number): ScalarWidthState {
      const z = zOf(t);
      const P = slopeOfZ(z);
      const rz = Math.sqrt(z);
      const u = new Float64Array(d);
      const w = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        const p = sum[i] === 0 ? 0 : sum[i] / rz;
        const m = dif[i] === 0 ? 0 : dif[i] * rz;
        u[i] = (su * (p + m)) / 2;
        w[i] = (sw * (p - m)) / 2;
      }
      const r = P - a;
      return { t, P, K: kernelOf(P), zeta: zetaOf(P), u, w, s: 0.5 * Math.log(z), loss: 0.5 * sxx * r * r };
    },
    hittingTime(target: number): number {
      if (!Number.isFinite(target)) throw new ConfigError(`target must be a finite slope (got ${target}).`, { path: 'target' });
      if (target !== P0 && PInf !== a) {
        throw new DomainError(`With Q = 0 and P₀a ≤ 0 the slope tends to the saddle 0, not to a = ${a}; no finite hitting time for ${target}.`);
      }
      // One kernel serves both papers (spec §C): paper A's closed-form hitting time with λ = αΣ_xx, c = √Q/2, y = a.
      return mixedHittingTime(target, { lambda: alpha * sxx, c: Math.sqrt(Q) / 2, y: a, x0: P0 });
    },
  };
  return self;
}
