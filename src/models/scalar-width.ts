/**
 * The width-d linear network on one-dimensional data of Xu & Ziyin (ICLR 2025, "Three mechanisms of
 * feature learning in a linear network"), in the explicit parametrisation of the project spec
 * (mixed-and-three-mechanisms.md, §B.2):
 *
 * - model f(x) = κ Σᵢ uᵢwᵢ x with width d, output scale κ > 0, second layer u ∈ ℝᵈ, first layer w ∈ ℝᵈ;
 * - loss L = ½ Σ_xx (P − a)² + const, with the effective slope P := κ uᵀw, Σ_xx = E[x²] and the target
 *   slope a = E[xy]/E[x²];
 * - gradient flow with layer-wise rates: u̇ = −η_u κ Σ_xx (P − a) w, ẇ = −η_w κ Σ_xx (P − a) u.
 *
 * As a {@link Trajectory} the weights are stored as a two-layer net `[W1, W2]` with W1 = w (d × 1,
 * hidden × input) and W2 = uᵀ (1 × d); κ is not folded into the weights.
 *
 * @module
 */
import { ConfigError, DomainError } from '../errors/index.js';
import type { RandomStream } from '../random/index.js';

/** Output scale and layer-wise learning rates of the 1-D model (§B.2). */
export interface ScalarWidthParams {
  /** Output scale κ > 0. */
  readonly kappa: number;
  /** Learning rate of the second layer u, η_u > 0. */
  readonly etaU: number;
  /** Learning rate of the first layer w, η_w > 0. */
  readonly etaW: number;
}

/** The 1-D regression task: target slope a and input second moment Σ_xx (§B.2). */
export interface ScalarWidthTask {
  /** Target slope a = E[xy]/E[x²] (any finite sign). */
  readonly a: number;
  /** Input second moment Σ_xx = E[x²] > 0; default 1 where optional. */
  readonly sigmaXX: number;
}

/** Weights of the 1-D model: u (second layer) and w (first layer), both of length d ≥ 1. */
export interface ScalarWidthWeights {
  readonly u: ArrayLike<number>;
  readonly w: ArrayLike<number>;
}

/** Checks κ, η_u, η_w: finite and positive. @throws ConfigError naming the field. */
export function validateScalarWidthParams(p: ScalarWidthParams, path = 'model'): void {
  for (const key of ['kappa', 'etaU', 'etaW'] as const) {
    const v = p[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new ConfigError(`${path}.${key} must be a finite positive number (got ${String(v)}); pass a value > 0.`, { path: `${path}.${key}` });
    }
  }
}

/** Checks a (finite) and Σ_xx (finite, > 0). @throws ConfigError naming the field. */
export function validateScalarWidthTask(task: ScalarWidthTask, path = 'task'): void {
  if (typeof task.a !== 'number' || !Number.isFinite(task.a)) {
    throw new ConfigError(`${path}.a must be a finite number (got ${String(task.a)}); pass the target slope E[xy]/E[x²].`, { path: `${path}.a` });
  }
  if (typeof task.sigmaXX !== 'number' || !Number.isFinite(task.sigmaXX) || task.sigmaXX <= 0) {
    throw new ConfigError(`${path}.sigmaXX must be a finite positive number (got ${String(task.sigmaXX)}); pass E[x²] > 0.`, { path: `${path}.sigmaXX` });
  }
}

/** Checks that u and w have the same length d ≥ 1 and finite entries. @throws ConfigError. */
export function validateScalarWidthWeights(x: ScalarWidthWeights, path = 'init'): number {
  const d = x.u?.length ?? 0;
  if (d < 1) throw new ConfigError(`${path}.u must have at least one entry (width d ≥ 1); pass a non-empty array.`, { path: `${path}.u` });
  if (x.w?.length !== d) {
    throw new ConfigError(`${path}.w has length ${String(x.w?.length)} but ${path}.u has length ${d}; pass two arrays of the same width d.`, { path: `${path}.w` });
  }
  for (const key of ['u', 'w'] as const) {
    const v = x[key];
    for (let i = 0; i < d; i++) {
      if (!Number.isFinite(v[i])) {
        throw new ConfigError(`${path}.${key}[${i}] is ${String(v[i])}; every weight must be a finite number.`, { path: `${path}.${key}[${i}]` });
      }
    }
  }
  return d;
}

function dotArr(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/**
 * The effective slope P = κ uᵀw (the network function on 1-D data, §B.2).
 * @example scalarWidthSlope(0.5, { u: [1, 2], w: [3, -1] }); // → 0.5
 */
export function scalarWidthSlope(kappa: number, x: ScalarWidthWeights): number {
  return kappa * dotArr(x.u, x.w);
}

/**
 * The loss ½ Σ_xx (P − a)² (the constant part of ½E[(f−y)²] dropped, §B.2).
 * @example scalarWidthLoss(1, { a: 2, sigmaXX: 3 }, { u: [1], w: [1] }); // → 1.5
 */
export function scalarWidthLoss(kappa: number, task: ScalarWidthTask, x: ScalarWidthWeights): number {
  const r = scalarWidthSlope(kappa, x) - task.a;
  return 0.5 * task.sigmaXX * r * r;
}

/**
 * The learning-rate-weighted tangent kernel K = κ² Σ_xx (η_w ‖u‖² + η_u ‖w‖²) (§B.2), such that
 * Ṗ = −K (P − a) under gradient flow. Equals αΣ_xx√(Q+4P²) (§B.3, NTK identity).
 * @example scalarWidthNtk({ kappa: 1, etaU: 1, etaW: 2 }, 1, { u: [1], w: [1] }); // → 3
 */
export function scalarWidthNtk(p: ScalarWidthParams, sigmaXX: number, x: ScalarWidthWeights): number {
  return p.kappa * p.kappa * sigmaXX * (p.etaW * dotArr(x.u, x.u) + p.etaU * dotArr(x.w, x.w));
}

/**
 * The alignment variable ζ = 2ũᵀw̃ / (‖ũ‖² + ‖w̃‖²) ∈ [−1, 1] with ũ = u/√η_u, w̃ = w/√η_w (§B.6).
 * @throws DomainError when u = w = 0 (ζ is 0/0 there).
 * @example scalarWidthZeta({ etaU: 1, etaW: 1 }, { u: [1, 0], w: [1, 1] }); // → 0.666667 (2/3)
 */
export function scalarWidthZeta(p: Pick<ScalarWidthParams, 'etaU' | 'etaW'>, x: ScalarWidthWeights): number {
  const num = 2 * dotArr(x.u, x.w) / Math.sqrt(p.etaU * p.etaW);
  const den = dotArr(x.u, x.u) / p.etaU + dotArr(x.w, x.w) / p.etaW;
  if (den === 0) throw new DomainError('The alignment ζ is undefined when u = 0 and w = 0; start from nonzero weights.');
  return num / den;
}

/**
 * The conserved quantities of gradient flow (§B.3): the d×d matrix M = uuᵀ/η_u − wwᵀ/η_w (row-major),
 * its diagonal cᵢ = uᵢ²/η_u − wᵢ²/η_w, and Q = α²‖ũ+w̃‖²‖ũ−w̃‖² with α = κ√(η_u η_w). Under GD M drifts by
 * h²g²(η_u wwᵀ − η_w uuᵀ) per step (second order in the step h).
 * @example scalarWidthInvariants({ kappa: 1, etaU: 1, etaW: 1 }, { u: [2], w: [1] }); // → { M: [3], c: [3], Q: 9 }
 */
export function scalarWidthInvariants(p: ScalarWidthParams, x: ScalarWidthWeights): { M: Float64Array; c: Float64Array; Q: number } {
  const d = x.u.length;
  const M = new Float64Array(d * d);
  const c = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) M[i * d + j] = (x.u[i] * x.u[j]) / p.etaU - (x.w[i] * x.w[j]) / p.etaW;
    c[i] = M[i * d + i];
  }
  const { A, B, alpha } = rescaledNorms(p, x);
  return { M, c, Q: alpha * alpha * A * B };
}

/**
 * α = κ√(η_uη_w), A = ‖ũ+w̃‖², B = ‖ũ−w̃‖² with ũ = u/√η_u, w̃ = w/√η_w (§B.3); Q = α²AB, P = (α/4)(A − B).
 * @example rescaledNorms({ kappa: 1, etaU: 4, etaW: 1 }, { u: [2], w: [1] }); // → { alpha: 2, A: 4, B: 0 }
 */
export function rescaledNorms(p: ScalarWidthParams, x: ScalarWidthWeights): { alpha: number; A: number; B: number } {
  const su = Math.sqrt(p.etaU);
  const sw = Math.sqrt(p.etaW);
  let A = 0;
  let B = 0;
  for (let i = 0; i < x.u.length; i++) {
    const ut = x.u[i] / su;
    const wt = x.w[i] / sw;
    A += (ut + wt) * (ut + wt);
    B += (ut - wt) * (ut - wt);
  }
  return { alpha: p.kappa * su * sw, A, B };
}

/**
 * Gradient-flow velocity of the 1-D model: writes (u̇, ẇ) = (−η_u g w, −η_w g u) with
 * g = κ Σ_xx (P − a) (§B.2). `du`/`dw` must have length d.
 */
export function scalarWidthVelocity(
  p: ScalarWidthParams,
  task: ScalarWidthTask,
  x: ScalarWidthWeights,
  du: Float64Array,
  dw: Float64Array,
): void {
  const g = p.kappa * task.sigmaXX * (scalarWidthSlope(p.kappa, x) - task.a);
  for (let i = 0; i < x.u.length; i++) {
    du[i] = -p.etaU * g * x.w[i];
    dw[i] = -p.etaW * g * x.u[i];
  }
}

/** Options of {@link scalarWidthInit}. */
export interface ScalarWidthInitOptions {
  /** Standard deviation σ_u of uᵢ; default 1. */
  sigmaU?: number;
  /** Standard deviation σ_w of wᵢ; default 1. */
  sigmaW?: number;
  /**
   * Correlation ρ ∈ [−1, 1] between u and w (§B.2): u = ρ(σ_u/σ_w) w + √(1−ρ²) σ_u ξ; default 0
   * (independent draws).
   */
  rho?: number;
}

/**
 * Gaussian initialisation of §B.2: wᵢ ~ N(0, σ_w²), then uᵢ = ρ(σ_u/σ_w)wᵢ + √(1−ρ²)σ_u ξᵢ with
 * ξᵢ ~ N(0, 1) (ρ = 0: independent). Draws w from `stream.split('w')` and ξ from `stream.split('u')`, as
 * `scalarInit` of src/models/two-layer-nonlinear.ts does, so the same stream gives the same start to the
 * linear theory and to the nonlinear nets (spec §B.7).
 *
 * @example
 * const x = scalarWidthInit(createRandom(1, 'init'), 64, { sigmaU: 1, sigmaW: 1 });
 * [x.u.length, x.w.length]; // → [64, 64]
 */
export function scalarWidthInit(stream: RandomStream, d: number, opts: ScalarWidthInitOptions = {}): { u: Float64Array; w: Float64Array } {
  if (!Number.isInteger(d) || d < 1) throw new ConfigError(`width d must be an integer ≥ 1 (got ${String(d)}); pass the number of hidden units.`, { path: 'd' });
  const sigmaU = opts.sigmaU ?? 1;
  const sigmaW = opts.sigmaW ?? 1;
  const rho = opts.rho ?? 0;
  if (!(Number.isFinite(sigmaU) && sigmaU >= 0)) throw new ConfigError(`sigmaU must be a finite number ≥ 0 (got ${String(sigmaU)}).`, { path: 'sigmaU' });
  if (!(Number.isFinite(sigmaW) && sigmaW >= 0)) throw new ConfigError(`sigmaW must be a finite number ≥ 0 (got ${String(sigmaW)}).`, { path: 'sigmaW' });
  if (!(Number.isFinite(rho) && Math.abs(rho) <= 1)) throw new ConfigError(`rho must be in [−1, 1] (got ${String(rho)}); it is the correlation between u and w.`, { path: 'rho' });
  if (rho !== 0 && sigmaW === 0) throw new ConfigError('rho ≠ 0 needs sigmaW > 0 (u is built from w/σ_w); set sigmaW > 0 or rho = 0.', { path: 'rho' });
  const w = stream.split('w').normalArray(d, 0, sigmaW);
  const xi = stream.split('u').normalArray(d);
  const u = new Float64Array(d);
  const s = Math.sqrt(Math.max(0, 1 - rho * rho)) * sigmaU;
  for (let i = 0; i < d; i++) u[i] = (rho === 0 ? 0 : (rho * sigmaU / sigmaW) * w[i]) + s * xi[i];
  return { u, w };
}
