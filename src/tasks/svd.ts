/**
 * The task SVD of Dominé et al. (ICLR 2025), spec `lazy-to-rich.md` §1: Σ_yx = Ũ_f S̃_f Ṽ_fᵀ split
 * into the r = min(N_i, N_o) paired directions (Ũ, S̃, Ṽ) and the completions Ũ_⊥, Ṽ_⊥.
 *
 * @module
 */
import { Matrix, assertFinite } from '../linalg/matrix.js';
import { svd } from '../linalg/decompositions.js';
import type { LinalgBackend } from '../linalg/backend.js';
import { normalizeColumnSigns } from './whitening.js';
import type { LinearTask, TaskSvd } from './types.js';

function columns(M: Matrix, from: number, to: number): Matrix {
  const out = new Matrix(M.rows, to - from);
  for (let i = 0; i < M.rows; i++) for (let j = from; j < to; j++) out.data[i * out.cols + j - from] = M.data[i * M.cols + j];
  return out;
}

/**
 * The full SVD of a task's Σ_yx (N_o × N_i) in the notation of Dominé et al. 2025, spec §1:
 * Ũ (N_o×r), S̃ = diag(s̃₁ ≥ … ≥ s̃_r ≥ 0), Ṽ (N_i×r), Ũ_⊥ (N_o×(N_o−r)), Ṽ_⊥ (N_i×(N_i−r)),
 * r = min(N_i, N_o), d = |N_o − N_i|, with Σ_yx = Ũ S̃ Ṽᵀ.
 *
 * **Method.** One full SVD (`svd(Σ_yx, { full: true })`), then a deterministic sign convention: for
 * α ≤ r the pair (ũ_α, ṽ_α) is flipped together so that the largest-magnitude entry of ṽ_α is
 * positive (ũ_α when s̃_α = 0 has no partner constraint, but it is flipped with ṽ_α all the same);
 * each completion column of Ũ_⊥ and Ṽ_⊥ is flipped so its largest entry is positive. Flipping a pair
 * changes no final quantity of the theory (spec §1 [V]); the convention makes results reproducible
 * across backends whenever the singular values are distinct. Within a repeated singular value (e.g.
 * the semantic task's 1, 1) the basis itself is the backend's choice.
 *
 * Assumptions: none on Σ_xx (this is the SVD of Σ_yx only; the exact theory additionally needs
 * whitened inputs, see `requireWhitened`).
 *
 * **Special cases.** Rank-deficient Σ_yx: the trailing s̃_α are 0 and their directions are an
 * orthonormal completion. N_i = N_o: Ũ_⊥ and Ṽ_⊥ have 0 columns.
 *
 * @param task - any task (only `sigmaYX` is read)
 * @param options - `backend` for the SVD
 * @example
 * const { U, s, V, Vperp } = taskSvd(whitenedTask(Matrix.from([[3, 0, 0], [0, 1, 0]])));
 * // s = [3, 1]; U = I₂; V = [[1,0],[0,1],[0,0]]; Vperp = [[0],[0],[1]]
 */
export function taskSvd(task: Pick<LinearTask, 'sigmaYX'>, options: { backend?: LinalgBackend } = {}): TaskSvd {
  const A = task.sigmaYX;
  assertFinite(A, 'taskSvd: Σ_yx');
  const no = A.rows;
  const ni = A.cols;
  const r = Math.min(ni, no);
  const { U: Uf, s, Vt } = svd(A, { full: true, name: 'taskSvd: Σ_yx', backend: options.backend });
  const Ufull = Uf.clone();
  const Vfull = new Matrix(ni, ni);
  for (let i = 0; i < ni; i++) for (let j = 0; j < ni; j++) Vfull.data[i * ni + j] = Vt.data[j * ni + i];
  // Pair signs: largest |entry| of ṽ_α positive, flip ũ_α with it.
  for (let a = 0; a < r; a++) {
    let best = 0;
    let bestAbs = -1;
    for (let i = 0; i < ni; i++) {
      const v = Math.abs(Vfull.data[i * ni + a]);
      if (v > bestAbs * (1 + 1e-12)) {
        bestAbs = v;
        best = i;
      }
    }
    if (Vfull.data[best * ni + a] < 0) {
      for (let i = 0; i < ni; i++) Vfull.data[i * ni + a] = -Vfull.data[i * ni + a];
      for (let i = 0; i < no; i++) Ufull.data[i * no + a] = -Ufull.data[i * no + a];
    }
  }
  const Uperp = normalizeColumnSigns(columns(Ufull, r, no));
  const Vperp = normalizeColumnSigns(columns(Vfull, r, ni));
  for (let i = 0; i < no; i++) for (let j = r; j < no; j++) Ufull.data[i * no + j] = Uperp.data[i * (no - r) + j - r];
  for (let i = 0; i < ni; i++) for (let j = r; j < ni; j++) Vfull.data[i * ni + j] = Vperp.data[i * (ni - r) + j - r];
  return {
    r,
    d: Math.abs(no - ni),
    U: columns(Ufull, 0, r),
    s: Float64Array.from(s.subarray(0, r)),
    V: columns(Vfull, 0, r),
    Uperp,
    Vperp,
    Ufull,
    Vfull,
  };
}
