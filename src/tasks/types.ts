/**
 * Types of the linear regression tasks that two-layer linear networks learn (Dominé et al., ICLR
 * 2025, "From Lazy to Rich"; spec `lazy-to-rich.md` §1).
 *
 * A task is summarised by its second-order statistics: with X ∈ ℝ^{N_i×P} and Y ∈ ℝ^{N_o×P},
 * Σ_xx = XXᵀ/P, Σ_yx = YXᵀ/P and tr(YYᵀ)/P. The loss of a network with map W = W₂W₁ is
 * L = (1/(2P))‖WX − Y‖²_F = ½ tr(W Σ_xx Wᵀ) − tr(W Σ_yxᵀ) + ½ tr(YYᵀ)/P, so these three statistics
 * determine both the loss and the gradient-flow dynamics.
 *
 * @module
 */
import type { Matrix } from '../linalg/matrix.js';

/** How the inputs of a task built from data were whitened (see `taskFromData`). */
export type WhiteningKind = 'none' | 'pca' | 'zca';

/**
 * A linear regression task (shared contract of issue 4; fields may be added, never renamed).
 *
 * Loss of a map W (general Σ_xx): L = ½ tr(W Σ_xx Wᵀ) − tr(W Σ_yxᵀ) + ½ yyTrace.
 * Whitened (Σ_xx = I): L = ½‖W − Σ_yx‖²_F + ½(yyTrace − ‖Σ_yx‖²_F).
 */
export interface LinearTask {
  /** Human-readable name, used in reports and error messages. */
  readonly name: string;
  /** Input dimension N_i. */
  readonly ni: number;
  /** Output dimension N_o. */
  readonly no: number;
  /** Input–output correlation Σ_yx = YXᵀ/P, N_o × N_i. */
  readonly sigmaYX: Matrix;
  /** Input correlation Σ_xx = XXᵀ/P, N_i × N_i (the identity when whitened). */
  readonly sigmaXX: Matrix;
  /** True when ‖Σ_xx − I‖_F/√N_i is within the tolerance the task was built with. */
  readonly whitened: boolean;
  /** tr(YYᵀ)/P, or ‖Σ_yx‖²_F when no data is known so that the loss minimum (whitened) is 0. */
  readonly yyTrace: number;
  /** Inputs (after whitening, if any), N_i × P, when the task was built from data. */
  readonly X?: Matrix;
  /** Targets, N_o × P, when the task was built from data. */
  readonly Y?: Matrix;
}

/**
 * A task built from data by `taskFromData`: the contract fields plus how the inputs were whitened.
 * The stored X is the transformed one, X = T·X_raw with T = `whiteningTransform`.
 */
export interface DataTask extends LinearTask {
  readonly X: Matrix;
  readonly Y: Matrix;
  /** Number of samples P. */
  readonly p: number;
  /** The whitening that was applied to the raw inputs. */
  readonly whitening: WhiteningKind;
  /** T (N_i × N_i) with X = T·X_raw; the identity for `whiten: 'none'`. */
  readonly whiteningTransform: Matrix;
  /** Σ_xx of the raw inputs, X_raw X_rawᵀ/P (equal to `sigmaXX` for `whiten: 'none'`). */
  readonly rawSigmaXX: Matrix;
}

/**
 * The full SVD of Σ_yx in the notation of the spec §1 (Dominé et al. 2025): Σ_yx = Ũ_f S̃_f Ṽ_fᵀ with
 * r = min(N_i, N_o), Ũ = first r columns of Ũ_f, Ṽ = first r columns of Ṽ_f, S̃ = diag(s̃₁ ≥ … ≥ s̃_r),
 * Ũ_⊥ / Ṽ_⊥ the remaining N_o − r / N_i − r columns, d = |N_o − N_i|.
 */
export interface TaskSvd {
  /** r = min(N_i, N_o). */
  readonly r: number;
  /** d = |N_o − N_i|. */
  readonly d: number;
  /** Ũ, N_o × r, orthonormal columns. */
  readonly U: Matrix;
  /** s̃₁ ≥ … ≥ s̃_r ≥ 0. */
  readonly s: Float64Array;
  /** Ṽ, N_i × r, orthonormal columns. */
  readonly V: Matrix;
  /** Ũ_⊥, N_o × (N_o − r) (0 columns unless N_o > N_i). */
  readonly Uperp: Matrix;
  /** Ṽ_⊥, N_i × (N_i − r) (0 columns unless N_i > N_o). */
  readonly Vperp: Matrix;
  /** Ũ_f = [Ũ, Ũ_⊥], N_o × N_o orthogonal. */
  readonly Ufull: Matrix;
  /** Ṽ_f = [Ṽ, Ṽ_⊥], N_i × N_i orthogonal. */
  readonly Vfull: Matrix;
}

/** Measured distance of Σ_xx from the identity (see `whiteningReport`). */
export interface WhiteningReport {
  /** ‖Σ_xx − I‖_F / √N_i (root-mean-square over the diagonal scale). */
  readonly deviation: number;
  /** max_ij |(Σ_xx − I)_ij|. */
  readonly maxAbs: number;
}
