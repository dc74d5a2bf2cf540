/**
 * Shared types of the linear-network models and their training runs.
 *
 * - A **two-layer** network is `{ W1, W2 }` with W₁ ∈ ℝ^{N_h×N_i}, W₂ ∈ ℝ^{N_o×N_h}; its network
 *   function is W = W₂W₁ (Dominé et al. 2025, §1 "Network").
 * - A **deep** linear network is the list `[W₁, …, W_L]` with W_l ∈ ℝ^{N_l×N_{l−1}} (N₀ = N_i,
 *   N_L = N_o); its network function is W = W_L⋯W₁ (§1 "Deep extension"). A two-layer network is the
 *   case L = 2 of the list form, and every function of `src/models/` and `src/train/` accepts both.
 * - A **trajectory** is what every simulation (GD, SGD, gradient flow) returns: the weights and the
 *   loss at the recorded times, with time in units of τ (t/τ = k·η for step k of GD; §1).
 *
 * @module
 */
import type { Matrix } from '../linalg/matrix.js';

/** The weights of a two-layer linear network ŷ = W₂W₁x. */
export interface TwoLayerWeights {
  /** First layer, N_h × N_i. */
  readonly W1: Matrix;
  /** Second layer, N_o × N_h. */
  readonly W2: Matrix;
}

/** The weights of a deep linear network, `[W₁, …, W_L]` with W_l of shape N_l × N_{l−1}. */
export type DeepLinearWeights = readonly Matrix[];

/** Either form of the weights of a linear network (two-layer object or layer list). */
export type LinearWeights = TwoLayerWeights | DeepLinearWeights;

/** How a trajectory was produced. */
export interface TrajectoryProvenance {
  kind: 'simulation';
  /** `gd`: full-batch gradient descent; `sgd`: mini-batch SGD; `flow`: gradient flow (adaptive ODE). */
  method: 'gd' | 'sgd' | 'flow';
  /**
   * The step size η that defines the time unit, t = k·η (GD/SGD). With per-layer rates it is the
   * reference rate (by default η₁, the first layer's).
   */
  learningRate?: number;
  /** Per-layer step sizes [η₁, …, η_L] when they differ (GD/SGD), or the layer rate multipliers (flow). */
  learningRates?: number[];
  /** Number of updates performed (GD/SGD). */
  steps?: number;
  /** Mini-batch size and drop-last policy (SGD). */
  batchSize?: number;
  dropLast?: boolean;
  /** Tolerances and integrator (flow). */
  rtol?: number;
  atol?: number;
  integrator?: string;
  /** Right-hand-side evaluations (flow). */
  nfev?: number;
  /** Identity of the random stream used (SGD shuffles), as 32 hex digits. */
  seed?: number | string;
}

/**
 * The result of a simulation: the weights and the training loss at each recorded time.
 *
 * `t[k]` is in units of τ (GD/SGD: the step index times η); `weights[k]` holds fresh copies
 * `[W₁, …, W_L]` at that time (for a two-layer net `[W1, W2]`); `loss[k]` is the full training loss
 * of the task at that time (also for SGD, where the updates use mini-batches).
 */
export interface Trajectory {
  t: Float64Array;
  weights: Matrix[][];
  loss: Float64Array;
  provenance: TrajectoryProvenance;
}
