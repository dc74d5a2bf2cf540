/**
 * Types of the exact (closed-form) solution of two-layer linear network learning dynamics under
 * λ-balanced initialisation (Dominé et al., ICLR 2025, "From Lazy to Rich"; spec `lazy-to-rich.md` §3).
 *
 * Time is dimensionless, x = t/τ (τ = 1/η, so GD step k corresponds to t = k·η).
 *
 * @module
 */
import type { LinalgBackend } from '../../linalg/backend.js';
import type { Matrix } from '../../linalg/matrix.js';

/**
 * Learning regime implied by λ, the shape and the task (spec §3.5):
 * - `rich`: |λ| small against the task's singular values (sigmoidal, stage-like learning);
 * - `lazy`: |λ| large in the "matching" direction (λ > 0 with N_o ≤ N_i, λ < 0 with N_i ≤ N_o):
 *   W(t) ≈ Σ + (W₀ − Σ)e^{−|λ|t}, a shallow net run |λ| times faster;
 * - `delayed-rich`: |λ| large in the mismatched direction of a rectangular net (funnel with λ < 0,
 *   inverted funnel with λ > 0): a fast lazy phase, then a slow rich phase at rate
 *   min_α (k_α − |λ|/2) (see `delayedRichRate`);
 * - `intermediate`: neither limit applies.
 */
export type Regime = 'rich' | 'intermediate' | 'lazy' | 'delayed-rich';

/** Shape class of an N_i-N_h-N_o network with N_h = min(N_i, N_o). */
export type ShapeClass = 'square' | 'funnel' | 'inverted-funnel';

/**
 * Everything `exactSolution` measures about its inputs before it evaluates anything. The same
 * object is returned (without throwing) by `diagnoseExact`, so a caller such as `compare` can name
 * the cause of a disagreement.
 */
export interface ExactDiagnostics {
  /** N_i, N_h, N_o. */
  readonly ni: number;
  readonly nh: number;
  readonly no: number;
  /** `square` (N_i = N_o), `funnel` (N_i > N_o), `inverted-funnel` (N_o > N_i). */
  readonly shape: ShapeClass;
  /** λ = tr(W₂ᵀW₂ − W₁W₁ᵀ)/N_h, the best balance constant of the initial weights. */
  readonly lambda: number;
  /** ‖W₂ᵀW₂ − W₁W₁ᵀ − λI‖_F at t = 0. */
  readonly balanceDeviation: number;
  /** The balance deviation relative to the weights' scale (as `measureBalance` defines it). */
  readonly relativeBalanceDeviation: number;
  /** Task singular values s̃₁ ≥ … ≥ s̃_r. */
  readonly taskSingularValues: Float64Array;
  /** k_α = √(s̃_α² + λ²/4), the positive eigenvalues of F. */
  readonly k: Float64Array;
  /** 1/cond₂(B) = σ_min(B)/σ_max(B) (0 when B = 0). B is singular (A4 fails) when this is ≲ 1e-10. */
  readonly inverseConditionB: number;
  /** cond₂(B) = σ_max(B)/σ_min(B) (Infinity when B is exactly singular). */
  readonly conditionB: number;
  /**
   * σ_min(B)/(√2‖Q₀‖_F) ∈ [0, 1]: B's smallest singular value against the weight scale (B = √2Q₀ᵀO₊).
   * Catches a B that is zero up to round-off (W(0) = −Σ_yx at λ = 0), where 1/cond(B) is O(1) noise.
   */
  readonly relativeSminB: number;
  /** sign det W(0) for square networks (−1, 0, +1); null when N_i ≠ N_o. */
  readonly detSignW0: number | null;
  /** sign det Σ_yx for square networks (−1, 0, +1); null when N_i ≠ N_o. */
  readonly detSignSigma: number | null;
  /** True when square and sign det W(0) ≠ sign det Σ_yx (B singular at λ = 0, near-singular for small |λ|). */
  readonly detSignMismatch: boolean;
  /** Regime classification of spec §3.5 (see {@link Regime}). */
  readonly regime: Regime;
  /** |λ| / (2 s̃₁): the ratio the regime is classified by (Infinity for a zero task with λ ≠ 0). */
  readonly lambdaRatio: number;
  /**
   * Asymptotic convergence rate of W(t) → Σ_yx: min over modes of k_α − λ_⊥ for rectangular nets
   * (the delayed-rich rate when the direction is mismatched), min k_α for square nets (× the
   * factor of the slowest exponential in the closed form, spec §3.4). 0 when a mode has k_α = 0.
   */
  readonly asymptoticRate: number;
  /** Plain sentences, one per failed assumption; empty when the closed form applies. */
  readonly problems: readonly string[];
}

/** The exact state at one time (spec §3.4: the four blocks of QQᵀ). */
export interface ExactState {
  /** Time x = t/τ. */
  readonly t: number;
  /** QQᵀ = [W₁ᵀW₁, Wᵀ; W, W₂W₂ᵀ], (N_i+N_o)×(N_i+N_o). */
  readonly QQt: Matrix;
  /** Network function W = W₂W₁, N_o×N_i. */
  readonly W: Matrix;
  /** Input-side Gram matrix W₁ᵀW₁, N_i×N_i. */
  readonly W1tW1: Matrix;
  /** Output-side Gram matrix W₂W₂ᵀ, N_o×N_o. */
  readonly W2W2t: Matrix;
}

/** Options of `exactSolution` / `diagnoseExact`. */
export interface ExactSolutionOptions {
  /**
   * Largest accepted relative balance deviation of the initial weights (`measureBalance`'s
   * `relativeDeviation`); default 1e-8.
   */
  balanceTolerance?: number;
  /** Smallest accepted 1/cond₂(B); default 1e-10 (spec §3.3 implementation rule). */
  singularTolerance?: number;
  /** Linear-algebra backend (default: `getBackend()`). */
  backend?: LinalgBackend;
}

/** The exact solution of one (task, λ-balanced init) pair, evaluable at any t ≥ 0. */
export interface ExactSolution {
  /** The balance λ of the initial weights (conserved along the flow). */
  readonly lambda: number;
  /** Measured assumptions, B's conditioning, det signs and the regime. */
  readonly diagnostics: ExactDiagnostics;
  /** QQᵀ and its blocks at time t = x (x = t/τ ≥ 0, finite; 1e7 is fine). */
  at(t: number): ExactState;
  /** The states at each of `times` (each ≥ 0 and finite; any order). Shares one workspace. */
  trajectory(times: ArrayLike<number>): ExactState[];
  /** Only the network function W(t) = W₂W₁ (cheaper than `at`). */
  networkFunction(t: number): Matrix;
  /** W(t) at each of `times`, sharing one workspace (the fast path used by benchmarks). */
  networkFunctionTrajectory(times: ArrayLike<number>): Matrix[];
  /** The task loss of W(t): ½‖W(t) − Σ_yx‖²_F + ½(yyTrace − ‖Σ_yx‖²_F). */
  loss(t: number): number;
}
