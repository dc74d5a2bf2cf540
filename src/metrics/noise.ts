/**
 * Noise sensitivities of a two-layer linear network (Dominé et al., ICLR 2025, Fig. 4E / App. C.3;
 * spec `lazy-to-rich.md` §4.4 — the claim [P], the formulas [D], checked here by Monte Carlo in
 * test/metrics/noise.test.ts). Averages over whitened inputs (E[xxᵀ] = I, or Σ_xx = I on a data set).
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { assertFinite, Matrix } from '../linalg/matrix.js';
import { gramState, type NtkStateLike } from './ntk.js';

function checkSigma(sigma: number, what: string): void {
  if (typeof sigma !== 'number' || !Number.isFinite(sigma) || sigma < 0) {
    throw new DomainError(`${what}: sigma is ${String(sigma)}, expected a finite noise standard deviation ≥ 0.`);
  }
}

/**
 * Input-noise sensitivity E_ξ‖W(x + ξ) − Wx‖² = E‖Wξ‖² = σ²‖W‖²_F for ξ ~ N(0, σ²I) (spec §4.4).
 * At convergence W = Σ_yx it is σ²‖S̃‖²_F, independent of λ.
 *
 * @param W - network function N_o × N_i
 * @param sigma - noise standard deviation σ ≥ 0
 * @example
 * inputNoiseSensitivity(Matrix.from([[3, 4]]), 0.1); // → 0.25
 */
export function inputNoiseSensitivity(W: Matrix, sigma: number): number {
  assertFinite(W, 'inputNoiseSensitivity: W');
  checkSigma(sigma, 'inputNoiseSensitivity');
  let s = 0;
  for (let i = 0; i < W.data.length; i++) s += W.data[i] * W.data[i];
  return sigma * sigma * s;
}

/**
 * Parameter-noise sensitivity: the mean squared output change E_{Ξ,x}‖((W₂ + σΞ₂)(W₁ + σΞ₁) − W₂W₁)x‖²
 * when every weight gets i.i.d. N(0, σ²) noise, averaged over whitened inputs (spec §4.4):
 *
 *     firstOrder  = σ² (N_o tr W₁ᵀW₁ + N_i tr W₂W₂ᵀ)      (spec §4.4 [D], confirmed by Monte Carlo)
 *     secondOrder = σ⁴ N_i N_h N_o                         (the Ξ₂Ξ₁ term; exact, no cross term)
 *     total       = firstOrder + secondOrder              (exact for Gaussian noise)
 *
 * For a converged λ-balanced square net (N_i = N_o = N) the first order is σ²N Σ_α √(λ² + 4s̃_α²):
 * minimal at λ = 0 and growing like |λ|.
 *
 * @param state - Grams (e.g. an `ExactState`), `{ W1, W2 }` or `[W1, W2]`
 * @param sigma - noise standard deviation σ ≥ 0
 * @param options - `nh`: hidden width N_h (taken from the weights when given; default for Grams
 * min(N_i, N_o), the paper's assumption)
 * @throws DomainError on a bad sigma or nh
 * @example
 * parameterNoiseSensitivity({ W1: Matrix.from([[1]]), W2: Matrix.from([[2]]) }, 0.1);
 * // → { firstOrder: 0.05, secondOrder: 1e-4, total: 0.0501 } (firstOrder = 0.01·(1 + 4))
 */
export function parameterNoiseSensitivity(
  state: NtkStateLike,
  sigma: number,
  options: { nh?: number } = {},
): { firstOrder: number; secondOrder: number; total: number } {
  checkSigma(sigma, 'parameterNoiseSensitivity');
  const g = gramState(state);
  const ni = g.W1tW1.rows;
  const no = g.W2W2t.rows;
  let nh = options.nh;
  if (Array.isArray(state)) nh ??= (state[0] as Matrix).rows;
  else if ('W1' in (state as object)) nh ??= (state as { W1: Matrix }).W1.rows;
  nh ??= Math.min(ni, no);
  if (!Number.isInteger(nh) || nh < 1) {
    throw new DomainError(`parameterNoiseSensitivity: nh = ${nh}, expected the hidden width as a positive integer.`);
  }
  if (g.W1tW1.cols !== ni || g.W2W2t.cols !== no) throw new ShapeError('parameterNoiseSensitivity: the Gram matrices must be square.');
  let tr1 = 0;
  let tr2 = 0;
  for (let i = 0; i < ni; i++) tr1 += g.W1tW1.data[i * ni + i];
  for (let i = 0; i < no; i++) tr2 += g.W2W2t.data[i * no + i];
  const s2 = sigma * sigma;
  const firstOrder = s2 * (no * tr1 + ni * tr2);
  const secondOrder = s2 * s2 * ni * nh * no;
  return { firstOrder, secondOrder, total: firstOrder + secondOrder };
}
