/**
 * The shallow linear network A_θ = W₂W₁ of Tu, Aranguri & Jacot (NeurIPS 2024; spec
 * `mixed-and-three-mechanisms.md` §A.1): W₁ ∈ ℝ^{w×d_in}, W₂ ∈ ℝ^{d_out×w}, every entry i.i.d.
 * N(0, σ²) with no 1/fan-in factor and no output multiplier. The scalings are σ² = d^{γ_σ²} and
 * w = int(d^{γ_w}) (the authors truncate w to an integer), and the step-size rules of Fig. 1 and
 * Fig. 2 are given as functions.
 *
 * @module
 */
import { ConfigError, DomainError, ShapeError } from '../errors/index.js';
import { Matrix } from '../linalg/matrix.js';
import type { RandomStream } from '../random/index.js';
import type { TwoLayerWeights } from './types.js';

/** σ², w and the derived threshold of a point (γ_σ², γ_w) of the phase diagram at size d. */
export interface MixedScalings {
  readonly d: number;
  readonly gammaSigma2: number;
  readonly gammaW: number;
  /** σ² = d^{γ_σ²} (variance of each weight entry). */
  readonly sigma2: number;
  /** Integer width w = int(d^{γ_w}) (truncated, as in the authors' code). */
  readonly width: number;
  /** Real-valued d^{γ_w} before truncation (Fig. 1's η uses it; the difference is negligible). */
  readonly widthReal: number;
  /** Threshold c = σ²·w (integer w) of the self-consistent dynamics (1). */
  readonly threshold: number;
  /** σ⁴·w ≈ ‖A(0)‖_F²/d² (initialisation noise level). */
  readonly initNoise: number;
}

function finite(v: unknown, name: string, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ConfigError(`${where}: ${name} must be a finite number, got ${String(v)}.`, { path: name });
  }
  return v;
}

/**
 * σ² = d^{γ_σ²}, w = int(d^{γ_w}) (§A.1 "Scalings"). Refuses a width below 1.
 *
 * @example
 * const s = mixedScalings(500, -1.85, 2.25);
 * s.width;     // → 1182177
 * s.threshold; // → ≈ 12.01 (= 500^0.4)
 */
export function mixedScalings(d: number, gammaSigma2: number, gammaW: number): MixedScalings {
  if (!Number.isInteger(d) || d < 1) throw new ConfigError(`mixedScalings: d must be a positive integer, got ${String(d)}.`, { path: 'd' });
  finite(gammaSigma2, 'gammaSigma2', 'mixedScalings');
  finite(gammaW, 'gammaW', 'mixedScalings');
  const sigma2 = Math.pow(d, gammaSigma2);
  const widthReal = Math.pow(d, gammaW);
  // int() of the authors' code (truncation, no rounding).
  const width = Math.floor(widthReal);
  if (width < 1) {
    throw new ConfigError(`mixedScalings: width int(d^γ_w) = int(${widthReal}) is below 1; raise gammaW to at least 0.`, { path: 'gammaW' });
  }
  return { d, gammaSigma2, gammaW, sigma2, width, widthReal, threshold: sigma2 * width, initNoise: sigma2 * sigma2 * width };
}

/** Options of {@link mixedLinearInit}. */
export interface MixedLinearInitOptions {
  /** Input dimension d_in (columns of A). */
  dIn: number;
  /** Output dimension d_out (rows of A). */
  dOut: number;
  /** Hidden width w (a positive integer). */
  width: number;
  /** Variance σ² of every weight entry (> 0). */
  sigma2: number;
  /** Random stream: W₁ from `stream.split('W1')`, W₂ from `stream.split('W2')`. */
  stream: RandomStream;
  /** Rank the network must be able to represent (w ≥ minRank is required; e.g. the task's k). */
  minRank?: number;
}

/** Validates width and σ² as the functions of this module need them. */
export function checkMixedWidth(width: number, sigma2: number, where: string, minRank = 1): void {
  if (!(typeof width === 'number' && Number.isInteger(width) && width >= 1)) {
    throw new ConfigError(`${where}: width must be a positive integer, got ${String(width)}; pass e.g. width: 1000.`, { path: 'width' });
  }
  if (!(typeof sigma2 === 'number' && Number.isFinite(sigma2) && sigma2 > 0)) {
    throw new ConfigError(`${where}: sigma2 must be a finite number > 0, got ${String(sigma2)}; pass e.g. sigma2: 0.01.`, { path: 'sigma2' });
  }
  if (width < minRank) {
    throw new ConfigError(`${where}: width ${width} is below the rank ${minRank} the network must represent; use width ≥ ${minRank}.`, { path: 'width' });
  }
}

/**
 * Draws W₁ (w × d_in) and W₂ (d_out × w) with i.i.d. N(0, σ²) entries (§A.1 "Model"), so A(0) = W₂W₁ has
 * entry variance σ⁴w.
 *
 * @example
 * import { createRandom } from '../random/index.js';
 * const { W1, W2 } = mixedLinearInit({ dIn: 10, dOut: 10, width: 400, sigma2: 0.01, stream: createRandom(1) });
 * [W1.rows, W1.cols, W2.rows, W2.cols]; // → [400, 10, 10, 400]
 */
export function mixedLinearInit(options: MixedLinearInitOptions): TwoLayerWeights {
  const { dIn, dOut, width, sigma2 } = options;
  for (const [name, v] of [['dIn', dIn], ['dOut', dOut]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`mixedLinearInit: ${name} must be a positive integer, got ${String(v)}.`, { path: name });
  }
  checkMixedWidth(width, sigma2, 'mixedLinearInit', options.minRank ?? 1);
  const std = Math.sqrt(sigma2);
  const W1 = new Matrix(width, dIn);
  options.stream.split('W1').fillNormal(W1.data, 0, std);
  const W2 = new Matrix(dOut, width);
  options.stream.split('W2').fillNormal(W2.data, 0, std);
  return { W1, W2 };
}

/** Checks that W₂W₁ is defined and has the shape of Y; returns [d_out, w, d_in]. */
export function checkMixedWeights(W1: Matrix, W2: Matrix, Y: Matrix | undefined, where: string): [number, number, number] {
  if (W2.cols !== W1.rows) throw ShapeError.mismatch(where, [W2.rows, W2.cols], [W1.rows, W1.cols], 'W2 must be d_out × w and W1 w × d_in');
  if (Y !== undefined && (W2.rows !== Y.rows || W1.cols !== Y.cols)) {
    throw ShapeError.mismatch(where, [W2.rows, W1.cols], [Y.rows, Y.cols], 'the network W2·W1 must have the shape of the target Y');
  }
  return [W2.rows, W1.rows, W1.cols];
}

/** Options of {@link mixedStepSize}. */
export interface MixedStepSizeOptions {
  /** γ_σ² + γ_w decides the side: lazy if > 1. */
  gammaSigma2: number;
  gammaW: number;
  /** σ² and the width used in the lazy-side rule (Fig. 1: real-valued d^{γ_w}; Fig. 2: integer w). */
  sigma2: number;
  width: number;
  /** ‖A*‖_op, the operator norm of the clean target (active-side rule). */
  targetOpNorm: number;
  /** 5 for Fig. 1, 50 for Fig. 2. */
  divisor: number;
}

/**
 * The step-size rule of the authors' code (§A.1 "Gradient descent as implemented"):
 * η = 1/(divisor·wσ²) if γ_w + γ_σ² > 1 (lazy side), else η = 1/(divisor·‖A*‖_op).
 *
 * @example
 * mixedStepSize({ gammaSigma2: -1.5, gammaW: 2.75, sigma2: 100 ** -1.5, width: 316227, targetOpNorm: 50, divisor: 5 }); // 1/(5·316.2)
 */
export function mixedStepSize(o: MixedStepSizeOptions): number {
  finite(o.gammaSigma2, 'gammaSigma2', 'mixedStepSize');
  finite(o.gammaW, 'gammaW', 'mixedStepSize');
  if (!(o.divisor > 0)) throw new ConfigError(`mixedStepSize: divisor must be > 0, got ${String(o.divisor)}.`, { path: 'divisor' });
  if (o.gammaSigma2 + o.gammaW > 1) {
    if (!(o.sigma2 > 0 && o.width > 0)) throw new ConfigError('mixedStepSize: sigma2 and width must be > 0 on the lazy side.', { path: 'sigma2' });
    return 1 / (o.divisor * o.width * o.sigma2);
  }
  if (!(o.targetOpNorm > 0 && Number.isFinite(o.targetOpNorm))) {
    throw new DomainError(`mixedStepSize: the active-side rule divides by ‖A*‖_op, which is ${String(o.targetOpNorm)}; pass a nonzero target.`, { path: 'targetOpNorm' });
  }
  return 1 / (o.divisor * o.targetOpNorm);
}

/**
 * Fig. 1 step size (§A.3, `dynamics.ipynb`): divisor 5, lazy side uses the real-valued d^{γ_w}.
 *
 * @example
 * fig1StepSize(500, -1.85, 2.25, 250); // → 8e-4 (1/(5·250): active side, exponents sum to 0.4)
 */
export function fig1StepSize(d: number, gammaSigma2: number, gammaW: number, targetOpNorm: number): number {
  const s = mixedScalings(d, gammaSigma2, gammaW);
  return mixedStepSize({ gammaSigma2, gammaW, sigma2: s.sigma2, width: s.widthReal, targetOpNorm, divisor: 5 });
}

/**
 * Fig. 2 step size (§A.3, `main.ipynb`): divisor 50, lazy side uses the integer w.
 *
 * @example
 * fig2StepSize(200, -1, 2.5, 40); // 1/(50·w·σ²) with w = int(200^2.5)
 */
export function fig2StepSize(d: number, gammaSigma2: number, gammaW: number, targetOpNorm: number): number {
  const s = mixedScalings(d, gammaSigma2, gammaW);
  return mixedStepSize({ gammaSigma2, gammaW, sigma2: s.sigma2, width: s.width, targetOpNorm, divisor: 50 });
}

/**
 * What a run of GD on W₂W₁ or of the discretised dynamics (1) records at each recorded iteration n
 * (the matrix after n updates): train and test errors (§A.1), optionally the singular values of A
 * (descending) and the stable rank ‖A‖_F²/‖A‖_op².
 */
export interface MixedRun {
  /** Iteration index n of each record (0 = initialisation). */
  iterations: Int32Array;
  /** Time n·η of each record (gradient-flow time of the cost C, §A.2). */
  t: Float64Array;
  trainError: Float64Array;
  testError: Float64Array;
  /** Singular values of A per record, descending (present when requested). */
  singularValues?: Float64Array[];
  /** Stable rank ‖A‖_F²/‖A‖_op² per record (present with the singular values). */
  stableRank?: Float64Array;
  /** The final matrix A (after the last update). */
  A: Matrix;
  provenance: { method: 'gd-sequential' | 'gd-simultaneous' | 'mixed-euler'; learningRate: number; steps: number; threshold?: number };
}

/** Stable rank ‖A‖_F²/‖A‖_op² from singular values (descending); 0 for the zero matrix. */
export function stableRankFromSingularValues(s: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < s.length; i++) f += s[i] * s[i];
  return s.length === 0 || s[0] === 0 ? 0 : f / (s[0] * s[0]);
}
