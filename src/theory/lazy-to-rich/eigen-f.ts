/**
 * The closed-form eigendecomposition of the Riccati matrix F of a λ-balanced two-layer linear network.
 *
 * F = [ −(λ/2) I_{N_i} , Σ_yxᵀ ; Σ_yx , (λ/2) I_{N_o} ] is symmetric, (N_i+N_o)×(N_i+N_o). With the
 * task SVD Σ_yx = Ũ S̃ Ṽᵀ (+ completions Ũ_⊥, Ṽ_⊥), Dominé et al. 2025 (Lemma 4.2; spec §3.2) give
 * F = O Λ Oᵀ with per-mode quantities
 *
 *   k_α = √(s̃_α² + λ²/4),  p_α = √(1 + λ/(2k_α)),  m_α = √(1 − λ/(2k_α)),  λ_⊥ = sgn(N_o − N_i)·λ/2.
 *
 * @module
 */
import { DomainError } from '../../errors/index.js';
import { Matrix } from '../../linalg/matrix.js';
import type { TaskSvd } from '../../tasks/types.js';

/** The parts of the task SVD that F's eigenvectors use. */
export type TaskBasis = Pick<TaskSvd, 'U' | 's' | 'V' | 'Uperp' | 'Vperp'>;

/** Per-mode spectral factors of F (spec §3.2). */
export interface SpectralFactors {
  /** k_α = √(s̃_α² + λ²/4) ≥ 0, the positive eigenvalues of F (length r). */
  readonly k: Float64Array;
  /** p_α = √(1 + λ/(2k_α)) (1 when k_α = 0). */
  readonly p: Float64Array;
  /** m_α = √(1 − λ/(2k_α)) (1 when k_α = 0). */
  readonly m: Float64Array;
  /** λ_⊥ = sgn(N_o − N_i)·λ/2, eigenvalue of the d = |N_o − N_i| extra directions (0 when square). */
  readonly lambdaPerp: number;
}

/**
 * The per-mode factors k_α, p_α, m_α and λ_⊥ of F's eigendecomposition.
 *
 * Dominé et al. 2025, §3.2 of the spec (Lemma 4.2 in the paper, in the spec's notation).
 *
 * **Method.** k_α = hypot(s̃_α, λ/2). The factor on the side of λ's sign is formed directly,
 * p = √(1 + λ/(2k)) for λ ≥ 0 (m = √(1 − λ/(2k)) for λ < 0); the other from the identity
 * p·m = s̃/k, which avoids the cancellation in 1 − |λ|/(2k) when |λ| ≫ s̃ (no division by λ, so the
 * factors are continuous through λ = 0, unlike the thesis' X, A form).
 *
 * **Special cases.** k_α = 0 (s̃_α = 0 and λ = 0): p_α = m_α = 1 (the λ → 0 limit). s̃_α = 0 with
 * λ > 0: p = √2, m = 0; with λ < 0: p = 0, m = √2. Square shapes: λ_⊥ = 0 (unused).
 *
 * @param s - task singular values s̃ (≥ 0, finite)
 * @param lambda - balance λ (finite)
 * @param ni - N_i (for the sign of λ_⊥)
 * @param no - N_o
 * @throws DomainError when λ or an s̃_α is not finite or s̃_α < 0
 *
 * @example
 * const f = spectralFactors(Float64Array.of(2, 1), 1.5, 3, 2);
 * // f.k = [√(4 + 0.5625), √(1 + 0.5625)], f.p[0]² + f.m[0]² = 2, f.lambdaPerp = −0.75
 */
export function spectralFactors(s: ArrayLike<number>, lambda: number, ni: number, no: number): SpectralFactors {
  if (!Number.isFinite(lambda)) {
    throw new DomainError(`spectralFactors: lambda is ${lambda}; pass a finite balance λ.`);
  }
  const r = s.length;
  const k = new Float64Array(r);
  const p = new Float64Array(r);
  const m = new Float64Array(r);
  const half = lambda / 2;
  for (let a = 0; a < r; a++) {
    const sa = s[a];
    if (!(sa >= 0) || !Number.isFinite(sa)) {
      throw new DomainError(`spectralFactors: task singular value ${a} is ${sa}; it must be finite and ≥ 0.`);
    }
    const ka = Math.hypot(sa, half);
    k[a] = ka;
    if (ka === 0) {
      p[a] = 1;
      m[a] = 1;
    } else if (lambda >= 0) {
      p[a] = Math.sqrt(1 + half / ka);
      m[a] = sa / ka / p[a];
    } else {
      m[a] = Math.sqrt(1 - half / ka);
      p[a] = sa / ka / m[a];
    }
  }
  const lambdaPerp = no === ni ? 0 : (no > ni ? 1 : -1) * half;
  return { k, p, m, lambdaPerp };
}

/** F = O diag(values) Oᵀ, with the blocks in the order [O₊ (r), O₋ (r), O_⊥ (d)]. */
export interface FEigendecomposition extends SpectralFactors {
  /** Eigenvalues in block order: +k_α (r), −k_α (r), λ_⊥ (d). */
  readonly values: Float64Array;
  /** Orthogonal (N_i+N_o)×(N_i+N_o), columns = eigenvectors in the order of `values`. */
  readonly O: Matrix;
}

/**
 * The Riccati matrix F = [ −(λ/2) I , Σ_yxᵀ ; Σ_yx , (λ/2) I ] of spec §3.1, (N_i+N_o)×(N_i+N_o).
 *
 * @param sigmaYX - Σ_yx (N_o×N_i)
 * @param lambda - balance λ
 * @example
 * riccatiMatrix(Matrix.from([[2]]), 0).toArray(); // → [[0, 2], [2, 0]]
 */
export function riccatiMatrix(sigmaYX: Matrix, lambda: number): Matrix {
  const no = sigmaYX.rows;
  const ni = sigmaYX.cols;
  const n = ni + no;
  const F = new Matrix(n, n);
  for (let i = 0; i < ni; i++) F.data[i * n + i] = -lambda / 2;
  for (let o = 0; o < no; o++) F.data[(ni + o) * n + ni + o] = lambda / 2;
  for (let o = 0; o < no; o++) {
    for (let i = 0; i < ni; i++) {
      const v = sigmaYX.data[o * ni + i];
      F.data[(ni + o) * n + i] = v;
      F.data[i * n + ni + o] = v;
    }
  }
  return F;
}

/**
 * The eigendecomposition F = O Λ Oᵀ in closed form, from the task basis (spec §3.2, Lemma 4.2 of
 * Dominé et al. 2025):
 *
 * | block | eigenvalue | eigenvectors |
 * |---|---|---|
 * | O₊ | +k_α | (1/√2)[Ṽ M_λ ; Ũ P_λ] |
 * | O₋ | −k_α | (1/√2)[Ṽ P_λ ; −Ũ M_λ] |
 * | O_⊥ (N_i > N_o) | −λ/2 | [Ṽ_⊥ ; 0] |
 * | O_⊥ (N_o > N_i) | +λ/2 | [0 ; Ũ_⊥] |
 *
 * **Method.** Direct assembly from {@link spectralFactors}; O(n²) work, no iterative eigensolver.
 * Orthogonality of O follows from p² + m² = 2.
 *
 * **Special cases.** Valid for every λ (including 0 and negative) and every task (rank-deficient
 * included: k_α = 0 gives p = m = 1, so O₊, O₋ still orthonormal). Assumes whitened inputs, since F
 * is the Riccati matrix of the whitened dynamics.
 *
 * @param basis - the task SVD (`taskSvd(task)`): Ũ (N_o×r), s̃, Ṽ (N_i×r), Ũ_⊥, Ṽ_⊥
 * @param lambda - balance λ
 * @example
 * const e = fEigendecomposition(taskSvd(whitenedTask(Matrix.from([[2, 0, 0], [0, 1, 0]]))), 1);
 * // ‖riccatiMatrix(Σ, 1) − e.O·diag(e.values)·e.Oᵀ‖ ≈ 1e-16
 */
export function fEigendecomposition(basis: TaskBasis, lambda: number): FEigendecomposition {
  const ni = basis.V.rows;
  const no = basis.U.rows;
  const r = basis.s.length;
  const d = Math.abs(no - ni);
  const f = spectralFactors(basis.s, lambda, ni, no);
  const n = ni + no;
  const O = new Matrix(n, n);
  const values = new Float64Array(n);
  const h = Math.SQRT1_2;
  for (let a = 0; a < r; a++) {
    values[a] = f.k[a];
    values[r + a] = -f.k[a];
    for (let i = 0; i < ni; i++) {
      const v = basis.V.data[i * r + a];
      O.data[i * n + a] = h * v * f.m[a];
      O.data[i * n + r + a] = h * v * f.p[a];
    }
    for (let o = 0; o < no; o++) {
      const u = basis.U.data[o * r + a];
      O.data[(ni + o) * n + a] = h * u * f.p[a];
      O.data[(ni + o) * n + r + a] = -h * u * f.m[a];
    }
  }
  for (let j = 0; j < d; j++) {
    const col = 2 * r + j;
    if (ni > no) {
      values[col] = -lambda / 2;
      for (let i = 0; i < ni; i++) O.data[i * n + col] = basis.Vperp.data[i * d + j];
    } else {
      values[col] = lambda / 2;
      for (let o = 0; o < no; o++) O.data[(ni + o) * n + col] = basis.Uperp.data[o * d + j];
    }
  }
  return { ...f, values, O };
}
