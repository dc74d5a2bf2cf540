/**
 * The (γ_σ², γ_w) phase diagram of Tu, Aranguri & Jacot (2024; spec `mixed-and-three-mechanisms.md`
 * §A.2.5, lines [V-code], interpretation [D]/[R]), the lazy-region test-error prediction (§A.2.5,
 * §A.5-6) and the finite-d regime classifier (§A.5-7).
 *
 * @module
 */
import { ConfigError, DomainError } from '../../errors/index.js';

/** The theory lines of Fig. 2 as functions γ_w(γ_σ²) at size d and target rank k. */
export interface MixedPhaseLines {
  /** Black, "Active vs lazy threshold": γ_σ² + γ_w = 1 (σ²w = d). Lazy above. */
  activeLazy: (gammaSigma2: number) => number;
  /** Red, "Infinite noise threshold": γ_w + 2γ_σ² = 0 (σ⁴w = 1). Infinite noise above. */
  infiniteNoise: (gammaSigma2: number) => number;
  /** Orange, "Underparameterized threshold": γ_w = log_d k (w = k). Underparameterised below. */
  underparameterized: (gammaSigma2: number) => number;
  /** Validity of the theory: γ_w = 1 (w = d); (1) applies above. */
  validity: (gammaSigma2: number) => number;
}

/**
 * The three lines of Fig. 2 and the γ_w > 1 validity bound (§A.2.5).
 *
 * @example
 * phaseLines(200, 5).underparameterized(-1); // → 0.304 (log_200 5, the value hard-coded by the authors)
 */
export function phaseLines(d: number, k: number): MixedPhaseLines {
  if (!(Number.isInteger(d) && d >= 2)) throw new ConfigError(`phaseLines: d must be an integer ≥ 2, got ${String(d)}.`, { path: 'd' });
  if (!(Number.isInteger(k) && k >= 1)) throw new ConfigError(`phaseLines: k must be a positive integer, got ${String(k)}.`, { path: 'k' });
  const under = Math.log(k) / Math.log(d);
  return {
    activeLazy: (g) => 1 - g,
    infiniteNoise: (g) => -2 * g,
    underparameterized: () => under,
    validity: () => 1,
  };
}

/** Output of {@link classifyMixedRegime}. */
export interface MixedRegime {
  /** Finite-d label from σ²w against the singular values of Y (§A.5-7). */
  regime: 'lazy' | 'active' | 'boundary';
  /** σ⁴w > 1. */
  infiniteNoise: boolean;
  /** w < k. */
  underparameterized: boolean;
  /** Asymptotic label from γ_σ² + γ_w ≷ 1 (when the exponents are given). */
  asymptotic?: 'lazy' | 'active' | 'boundary';
  /** The threshold σ²w. */
  threshold: number;
}

/**
 * Regime classifier of recipe §A.5-7: with c = σ²w and y_1 ≥ … ≥ y_k the top-k singular values of Y,
 * "lazy" if c > y_1, "active" if c < y_k/4, "boundary" in between; "infinite noise" iff σ⁴w > 1,
 * "underparameterised" iff w < k. The asymptotic reading γ_σ² + γ_w ≷ 1 is added when the exponents are
 * given (equality → "boundary").
 *
 * @example
 * classifyMixedRegime({ sigma2: 100 ** -1.85, width: 31622, singularValues: [57, 50, 45, 40, 35], rank: 5 }).regime; // → 'active' (c = 6.3 < 35/4)
 */
export function classifyMixedRegime(o: {
  sigma2: number;
  width: number;
  /** Singular values of Y, descending (at least `rank` of them). */
  singularValues: ArrayLike<number>;
  rank: number;
  gammaSigma2?: number;
  gammaW?: number;
}): MixedRegime {
  if (!(Number.isFinite(o.sigma2) && o.sigma2 > 0)) throw new ConfigError(`classifyMixedRegime: sigma2 must be a finite number > 0, got ${String(o.sigma2)}.`, { path: 'sigma2' });
  if (!(Number.isFinite(o.width) && o.width > 0)) throw new ConfigError(`classifyMixedRegime: width must be > 0, got ${String(o.width)}.`, { path: 'width' });
  if (!(Number.isInteger(o.rank) && o.rank >= 1)) throw new ConfigError(`classifyMixedRegime: rank must be a positive integer, got ${String(o.rank)}.`, { path: 'rank' });
  if (o.singularValues.length < o.rank) {
    throw new ConfigError(`classifyMixedRegime: need at least rank = ${o.rank} singular values of Y, got ${o.singularValues.length}.`, { path: 'singularValues' });
  }
  const c = o.sigma2 * o.width;
  const y1 = o.singularValues[0];
  const yk = o.singularValues[o.rank - 1];
  const regime = c > y1 ? 'lazy' : c < yk / 4 ? 'active' : 'boundary';
  const out: MixedRegime = { regime, infiniteNoise: o.sigma2 * o.sigma2 * o.width > 1, underparameterized: o.width < o.rank, threshold: c };
  if (o.gammaSigma2 !== undefined && o.gammaW !== undefined) {
    const s = o.gammaSigma2 + o.gammaW;
    out.asymptotic = s > 1 ? 'lazy' : s < 1 ? 'active' : 'boundary';
  }
  return out;
}

/** Output of {@link lazyTestErrorPrediction}. */
export interface LazyTestErrorPrediction {
  /** min_n [(1−u_n)²τ_E + u_n²(τ_A+τ_0)], u_n = (1 − 2ηc)^n (GD). */
  minTestError: number;
  /** The minimising iteration n. */
  iteration: number;
  /** Continuous-time minimum τ_E(τ_A+τ_0)/(τ_E+τ_A+τ_0). */
  continuousMin: number;
  /** Test error (1−u)²τ_E + u²(τ_A+τ_0) at each n = 0…maxSteps. */
  curve: Float64Array;
}

/**
 * Lazy-region test error (§A.2.5 "Quantitative predictions", §A.5-6): under the lazy dynamics
 * A_n = Y + (A0 − Y)u_n with u_n = (1 − 2ηc)^n, c = σ²w, and, neglecting the cross terms between A*, E
 * and A0 (independent, O(1/d) relative), test error ≈ (1−u_n)²τ_E + u_n²(τ_A + τ_0) with
 * τ_A = ‖A*‖_F²/d², τ_E = ‖E‖_F²/d², τ_0 = ‖A0‖_F²/d² ≈ σ⁴w. Minimum over n = 0…maxSteps.
 *
 * @example
 * lazyTestErrorPrediction({ tauA: 1, tauE: 1, tau0: 0, threshold: 1, learningRate: 0.01, maxSteps: 1000 }).continuousMin; // → 0.5
 */
export function lazyTestErrorPrediction(o: { tauA: number; tauE: number; tau0: number; threshold: number; learningRate: number; maxSteps: number }): LazyTestErrorPrediction {
  for (const k of ['tauA', 'tauE', 'tau0'] as const) {
    if (!(Number.isFinite(o[k]) && o[k] >= 0)) throw new ConfigError(`lazyTestErrorPrediction: ${k} must be a finite number ≥ 0, got ${String(o[k])}.`, { path: k });
  }
  if (!(o.threshold > 0 && o.learningRate > 0)) throw new ConfigError('lazyTestErrorPrediction: threshold and learningRate must be > 0.', { path: 'threshold' });
  if (!(Number.isInteger(o.maxSteps) && o.maxSteps >= 0)) throw new ConfigError(`lazyTestErrorPrediction: maxSteps must be an integer ≥ 0, got ${String(o.maxSteps)}.`, { path: 'maxSteps' });
  const q = 1 - 2 * o.learningRate * o.threshold;
  const denom = o.tauE + o.tauA + o.tau0;
  if (denom === 0) throw new DomainError('lazyTestErrorPrediction: τ_E + τ_A + τ_0 = 0, so the continuous minimum divides by zero; the task and init cannot all be zero.', { path: 'tauE' });
  const curve = new Float64Array(o.maxSteps + 1);
  let best = Infinity;
  let arg = 0;
  let u = 1;
  for (let n = 0; n <= o.maxSteps; n++) {
    const v = (1 - u) * (1 - u) * o.tauE + u * u * (o.tauA + o.tau0);
    curve[n] = v;
    if (v < best) {
      best = v;
      arg = n;
    }
    u *= q;
  }
  return { minTestError: best, iteration: arg, continuousMin: (o.tauE * (o.tauA + o.tau0)) / denom, curve };
}
