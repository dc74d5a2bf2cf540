/**
 * A cheap, heuristic stability estimate for gradient descent on a linear network, used to explain a
 * divergence (and available to callers who want to choose η).
 *
 * @module
 */
import { getBackend } from '../linalg/backend.js';
import { Matrix } from '../linalg/matrix.js';
import { spectralNorm } from '../linalg/norms.js';
import { eigvalsh } from '../linalg/decompositions.js';
import { pinv } from '../linalg/solve.js';
import { layersOf, layerWidths, LinearGradientWorkspace } from '../models/linear-network.js';
import type { LinearWeights } from '../models/types.js';
import type { LinearTask } from '../tasks/types.js';

/** Result of {@link gdStabilityEstimate}. */
export interface GdStabilityEstimate {
  /**
   * Σ_l η_l·c_l at the initial weights, with c_l = λ_max(Σ_xx)‖W_L⋯W_{l+1}‖₂²‖W_{l−1}⋯W₁‖₂² the
   * Gauss–Newton curvature along layer l.
   */
  initial: number;
  /**
   * Two-layer networks only: the same quantity at the λ-balanced global minimum,
   * λ_max(Σ_xx)(η₁(k + λ̂)/2 + η₂(k − λ̂)/2) with k = √(λ̂² + 4s*²), s* = ‖Σ_yxΣ_xx⁺‖₂ and
   * λ̂ = tr(W₂ᵀW₂ − W₁W₁ᵀ)/N_h (which equals η·√(λ̂² + 4s*²) for one rate η).
   */
  converged: number | undefined;
  /** max(initial, converged): GD is expected to be unstable when this exceeds 2. */
  value: number;
  /** The measured λ̂ (two-layer only). */
  lambda: number | undefined;
  /** value < 2. */
  stable: boolean;
}

/**
 * Heuristic stability check of gradient descent with per-layer rates η_l: GD on a quadratic is
 * stable iff η·(largest curvature) < 2, and the largest curvature of a linear network's loss along
 * layer l is about λ_max(Σ_xx)·‖(layers above)‖²‖(layers below)‖² (the Gauss–Newton part). For a
 * λ-balanced two-layer network the curvature at the minimum is λ_max(Σ_xx)√(λ² + 4s*²) (spec §4.2:
 * ‖W₂‖² + ‖W₁‖² = √(λ² + 4s²)), so large |λ| needs η ≲ 2/|λ| — "the effective rate |λ|·η" of the
 * Anguita thesis (spec §6 R7).
 *
 * This is a heuristic (it ignores the non-Gauss–Newton Hessian term and curvature peaks mid-run).
 *
 * @param rates one rate for all layers, or one per layer
 * @example
 * const task = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]));
 * const { W1, W2 } = lambdaBalancedInit({ lambda: 0, ni: 2, no: 2, scale: 0.1, aligned: task, stream: createRandom(0, 'init') });
 * gdStabilityEstimate(task, { W1, W2 }, 0.01).stable; // → true (moderate λ and Σ_yx)
 */
export function gdStabilityEstimate(task: LinearTask, weights: LinearWeights, rates: number | ArrayLike<number>): GdStabilityEstimate {
  const layers = layersOf(weights, 'gdStabilityEstimate: weights');
  const L = layers.length;
  const eta = typeof rates === 'number' ? new Float64Array(L).fill(rates) : Float64Array.from(rates);
  const ev = eigvalsh(task.sigmaXX);
  const lmax = Math.max(0, ...ev);
  const b = getBackend();
  let initial = 0;
  for (let l = 0; l < L; l++) {
    let above = 1;
    let below = 1;
    if (l + 1 < L) {
      const ws = new LinearGradientWorkspace(layerWidths(layers.slice(l + 1)));
      above = spectralNorm(ws.forward(layers.slice(l + 1)));
    }
    if (l > 0) {
      const ws = new LinearGradientWorkspace(layerWidths(layers.slice(0, l)));
      below = spectralNorm(ws.forward(layers.slice(0, l)));
    }
    initial += eta[l] * lmax * above * above * below * below;
  }
  let converged: number | undefined;
  let lambda: number | undefined;
  if (L === 2) {
    const [W1, W2] = layers;
    const nh = W1.rows;
    let tr = 0;
    for (const x of W2.data) tr += x * x;
    for (const x of W1.data) tr -= x * x;
    lambda = tr / nh;
    const Wstar = new Matrix(task.sigmaYX.rows, task.sigmaYX.cols);
    b.gemm(false, false, 1, task.sigmaYX, pinv(task.sigmaXX), 0, Wstar);
    const s = spectralNorm(Wstar);
    const k = Math.sqrt(lambda * lambda + 4 * s * s);
    converged = lmax * (eta[0] * (k + lambda) * 0.5 + eta[1] * (k - lambda) * 0.5);
  }
  const value = Math.max(initial, converged ?? 0);
  return { initial, converged, value, lambda, stable: value < 2 };
}
