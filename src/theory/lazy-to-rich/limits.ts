/**
 * Limits of the exact dynamics of λ-balanced two-layer linear networks (Dominé et al., ICLR 2025;
 * spec `lazy-to-rich.md` §3.5 and §3.7): the |λ| → ∞ "matching direction" limit of W(t) (a shallow
 * net run |λ| times faster), which direction is matching and which is delayed rich for a given
 * shape, and the two limits of the transition function γ (sigmoidal at λ = 0, exponential as
 * |λ| → ∞).
 *
 * Time is x = t/τ (GD step k ↔ x = k·η). Assumptions: whitened inputs, λ-balance,
 * N_h = min(N_i, N_o).
 *
 * @module
 */
import { DomainError, ShapeError } from '../../errors/index.js';
import type { Matrix } from '../../linalg/matrix.js';
import type { LinearTask } from '../../tasks/index.js';
import { requireWhitened } from '../../tasks/index.js';
import { shallowReference } from './saxe.js';

/**
 * Which regime the |λ| → ∞ limit of a λ-balanced N_i-N_h-N_o network (N_h = min(N_i, N_o)) is in
 * (spec §3.5 [T, corrected, V]):
 * - `'lazy'` (matching direction): λ > 0 with N_o ≤ N_i (square or funnel), or λ < 0 with N_i ≤ N_o
 *   (square or inverted funnel). W(t) → Σ_yx + (W(0) − Σ_yx)e^{−|λ|x}.
 * - `'delayed-rich'`: λ > 0 with N_o > N_i, or λ < 0 with N_i > N_o: a fast lazy phase fits what the
 *   large layer's fixed row/column space can express, then a slow rich rotation at per-mode rate
 *   k_α − |λ|/2 = s̃_α²/(k_α + |λ|/2) ≈ s̃_α²/|λ|.
 * - `'none'`: λ = 0 (no large-|λ| limit).
 *
 * @example
 * largeLambdaDirection(7, 3, -10); // → 'delayed-rich'
 * largeLambdaDirection(3, 3, -10); // → 'lazy'
 */
export function largeLambdaDirection(ni: number, no: number, lambda: number): 'lazy' | 'delayed-rich' | 'none' {
  if (!Number.isInteger(ni) || !Number.isInteger(no) || ni < 1 || no < 1) {
    throw new ShapeError(`largeLambdaDirection: N_i = ${ni} and N_o = ${no} must be positive integers.`);
  }
  if (typeof lambda !== 'number' || !Number.isFinite(lambda)) {
    throw new DomainError(`largeLambdaDirection: lambda is ${String(lambda)}, expected a finite number.`);
  }
  if (lambda === 0) return 'none';
  if (lambda > 0) return no <= ni ? 'lazy' : 'delayed-rich';
  return ni <= no ? 'lazy' : 'delayed-rich';
}

/**
 * The |λ| → ∞ limit of the network function of a λ-balanced two-layer linear network in the
 * matching direction: W(t) ≈ Σ_yx + (W(0) − Σ_yx) e^{−|λ|x}, a shallow network |λ| times faster
 * (Dominé et al. 2025, spec §3.5 [T, corrected, V]; the error is O(1/|λ|) uniformly in t).
 *
 * The shape condition is enforced: the large layer's Gram matrix must be full rank on its side
 * (λ > 0 needs N_o ≤ N_i, λ < 0 needs N_i ≤ N_o). The thesis states the limit unconditionally; that
 * is wrong for the other sign, which is the delayed-rich direction.
 *
 * @param task - a whitened task (Σ_yx is N_o × N_i)
 * @param W0 - W(0) = W₂(0)W₁(0), N_o × N_i
 * @param lambda - the balance λ ≠ 0 (the approximation is good when |λ| ≫ s̃₁ and |λ| ≫ ‖W(0)‖)
 * @param t - time t/τ ≥ 0
 * @throws DomainError for λ = 0, for the delayed-rich direction (naming it and the shape), for a task
 * that is not whitened, non-finite input or negative t; ShapeError when W0 is not N_o × N_i
 * @example
 * const task = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]));
 * const w = lambdaBalancedInit({ lambda: 200, ni: 2, no: 2, scale: 0.2, stream: createRandom(0, 'init') });
 * const W0 = matmul(w.W2, w.W1);
 * // ≈ exact W(0.01) of a square net, error ≈ 1e-5
 * relativeError(largeLambdaLimit(task, W0, 200, 0.01), exactSolution(task, w).at(0.01).W) < 1e-3; // → true
 */
export function largeLambdaLimit(task: LinearTask, W0: Matrix, lambda: number, t: number): Matrix {
  requireWhitened(task, 'largeLambdaLimit');
  if (W0.rows !== task.no || W0.cols !== task.ni) {
    throw ShapeError.mismatch('largeLambdaLimit', W0.shape, task.sigmaYX.shape, 'W(0) must be N_o x N_i like the task Σ_yx');
  }
  const dir = largeLambdaDirection(task.ni, task.no, lambda);
  if (dir === 'none') {
    throw new DomainError('largeLambdaLimit: lambda = 0 has no large-|λ| limit; use the exact solution (or the sigmoidal transition) instead.');
  }
  if (dir === 'delayed-rich') {
    const need = lambda > 0 ? 'N_o ≤ N_i' : 'N_i ≤ N_o';
    throw new DomainError(
      `largeLambdaLimit: λ = ${lambda} on a ${task.ni}-${Math.min(task.ni, task.no)}-${task.no} network is the delayed-rich direction (the shallow-net limit needs ${need}); use the exact solution, which shows the slow rich phase at rate ≈ s̃²/|λ|.`,
    );
  }
  return shallowReference(task.sigmaYX, W0, t, Math.abs(lambda));
}

/**
 * The λ = 0 limit of the transition function γ (spec §3.7 [V]; Saxe et al. 2014):
 * γ(x) = (e^{2s̃x} − 1)/(e^{2s̃x} − 1 + s̃/a₀) — sigmoidal, stage-like.
 *
 * **Method.** Overflow-free: γ = a₀f/(a₀f + e^{−2s̃x}) with f = −expm1(−2s̃x)/s̃ (→ 2x at s̃ = 0).
 * At λ = 0 it equals `transitionFunction(s, a0, 0, t)` to rounding (R6: 1e-15).
 *
 * @param s - task singular value ≥ 0
 * @param a0 - initial mode value, > 0 (for a₀ ≤ 0 the λ = 0 mode is stuck at the saddle and the
 * formula does not apply)
 * @param t - time t/τ ≥ 0
 * @throws DomainError when a0 ≤ 0, s < 0, or t is negative/NaN
 * @example
 * sigmoidTransition(1, 0.01, 2); // → ≈ 0.348950
 */
export function sigmoidTransition(s: number, a0: number, t: number): number {
  if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) {
    throw new DomainError(`sigmoidTransition: s is ${String(s)}, expected a finite task singular value ≥ 0.`);
  }
  if (typeof a0 !== 'number' || !Number.isFinite(a0) || a0 <= 0) {
    throw new DomainError(
      `sigmoidTransition: a0 is ${String(a0)}, expected a finite a0 > 0 (a mode with a0 ≤ 0 stays at the λ = 0 saddle; use transitionFunction).`,
    );
  }
  if (typeof t !== 'number' || Number.isNaN(t) || t < 0) {
    throw new DomainError(`sigmoidTransition: t is ${String(t)}, expected a time t/τ ≥ 0.`);
  }
  if (t === Infinity) return 1;
  const E = Math.exp(-2 * s * t);
  const f = s > 0 ? -Math.expm1(-2 * s * t) / s : 2 * t;
  return (a0 * f) / (a0 * f + E);
}

/**
 * The |λ| → ∞ limit of the transition function γ (spec §3.7 [V]): γ(x) = 1 − e^{−|λ|x}, exponential
 * (lazy). The error of the exact γ against it is about 2/λ² (2e-7 at |λ| = 1000, R6).
 *
 * @param lambda - the balance λ (finite)
 * @param t - time t/τ ≥ 0
 * @example
 * exponentialTransition(1000, 1e-3); // → 0.632121 (1 − e^{−1})
 */
export function exponentialTransition(lambda: number, t: number): number {
  if (typeof lambda !== 'number' || !Number.isFinite(lambda)) {
    throw new DomainError(`exponentialTransition: lambda is ${String(lambda)}, expected a finite number.`);
  }
  if (typeof t !== 'number' || Number.isNaN(t) || t < 0) {
    throw new DomainError(`exponentialTransition: t is ${String(t)}, expected a time t/τ ≥ 0.`);
  }
  if (lambda === 0) return 0;
  return -Math.expm1(-Math.abs(lambda) * t);
}
