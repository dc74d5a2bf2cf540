/**
 * Weights and representations of a λ-balanced two-layer linear network as functions of its network
 * function W = W₂W₁ and λ alone (Dominé et al., ICLR 2025; spec `lazy-to-rich.md` §4.2), the
 * converged representations, the W-only gradient-flow ODE (an independent integrator for tests) and
 * the large-|λ| expansions (the "semi-structured lazy" regime).
 *
 * **Why W and λ suffice.** With N_h = r = min(N_i, N_o) and W₂ᵀW₂ − W₁W₁ᵀ = λI, the Gram matrix
 * G = W₁ᵀW₁ satisfies G² + λG = WᵀW, whose PSD root of rank r is G = V (S_λ − λ/2) Vᵀ on the compact
 * SVD W = U S Vᵀ, S_λ = (S² + λ²/4)^{1/2}; similarly W₂W₂ᵀ = U (S_λ + λ/2) Uᵀ. The full-matrix
 * function √(λ²I + 4WᵀW) must not be used on all of ℝ^{N_i}: on the null space of W it returns |λ|
 * instead of 0 (spec §4.2). Everything here uses the compact SVD.
 *
 * Units: time x = t/τ (GD step k ↔ x = k·η). Assumptions: whitened inputs (for the dynamics),
 * λ-balance, N_h = min(N_i, N_o).
 *
 * @module
 */
import { DomainError, ShapeError } from '../../errors/index.js';
import { Matrix, assertFinite } from '../../linalg/matrix.js';
import { svd } from '../../linalg/decompositions.js';
import { getBackend } from '../../linalg/backend.js';
import { solveMatrixIvp } from '../../ode/index.js';
import type { LinearTask } from '../../tasks/index.js';
import { requireWhitened } from '../../tasks/index.js';
import { assembleQQt } from './aligned.js';

const EPS = 2.220446049250313e-16;

function checkLambda(lambda: number, what: string): void {
  if (typeof lambda !== 'number' || !Number.isFinite(lambda)) {
    throw new DomainError(`${what}: lambda is ${String(lambda)}, expected a finite number.`);
  }
}

/** Compact SVD of W with the per-mode Gram factors (S_λ ∓ λ/2), cancellation-free. */
interface ModeFactors {
  U: Matrix; // No × r
  V: Matrix; // Ni × r
  s: Float64Array;
  fin: Float64Array; // S_λ − λ/2 (W₁ᵀW₁ eigenvalues)
  fout: Float64Array; // S_λ + λ/2 (W₂W₂ᵀ eigenvalues)
}

function modeFactors(W: Matrix, lambda: number, what: string, checkRank: boolean): ModeFactors {
  const no = W.rows;
  const ni = W.cols;
  const r = Math.min(ni, no);
  const { U, s, Vt } = svd(W, { name: `${what}: W` });
  const V = new Matrix(ni, r);
  for (let i = 0; i < ni; i++) for (let a = 0; a < r; a++) V.data[i * r + a] = Vt.data[a * ni + i];
  if (checkRank && lambda !== 0) {
    const tol = Math.max(ni, no) * EPS * (s.length > 0 ? s[0] : 0);
    let rank = 0;
    while (rank < r && s[rank] > tol) rank++;
    if (rank < r && ((lambda < 0 && ni > r) || (lambda > 0 && no > r))) {
      const side = lambda < 0 ? 'W₁ᵀW₁ (input side)' : 'W₂W₂ᵀ (output side)';
      throw new DomainError(
        `${what}: W has rank ${rank} < r = ${r}, so with λ = ${lambda} the ${side} has eigenvalue |λ| on a ${r - rank}-dimensional subspace that W does not determine; pass the weights themselves (or a full-rank W).`,
      );
    }
  }
  const fin = new Float64Array(r);
  const fout = new Float64Array(r);
  const h = Math.abs(lambda) / 2;
  for (let a = 0; a < r; a++) {
    const k = Math.hypot(s[a], lambda / 2);
    const small = k + h > 0 ? (s[a] / (k + h)) * s[a] : 0; // s²/(S_λ + |λ|/2)
    if (lambda >= 0) {
      fin[a] = small;
      fout[a] = k + h;
    } else {
      fin[a] = k + h;
      fout[a] = small;
    }
  }
  return { U, V, s, fin, fout };
}

/** A diag(v) Aᵀ for A (n×r). */
function sandwich(A: Matrix, v: ArrayLike<number>): Matrix {
  const n = A.rows;
  const r = A.cols;
  const out = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let acc = 0;
      for (let a = 0; a < r; a++) acc += A.data[i * r + a] * v[a] * A.data[j * r + a];
      out.data[i * n + j] = acc;
      out.data[j * n + i] = acc;
    }
  }
  return out;
}

/** The two Gram matrices of a two-layer network (the diagonal blocks of QQᵀ). */
export interface GramPair {
  /** W₁ᵀW₁, N_i × N_i (input-side representation). */
  readonly W1tW1: Matrix;
  /** W₂W₂ᵀ, N_o × N_o (output-side representation). */
  readonly W2W2t: Matrix;
}

/**
 * W₁ᵀW₁ and W₂W₂ᵀ of a λ-balanced two-layer linear network from its network function W and λ
 * (Dominé et al. 2025, spec §4.2 [D, V]):
 *
 *     W₁ᵀW₁ = V diag((√(λ² + 4s_α²) − λ)/2) Vᵀ,   W₂W₂ᵀ = U diag((√(λ² + 4s_α²) + λ)/2) Uᵀ
 *
 * on the compact SVD W = U diag(s) Vᵀ (r = min(N_i, N_o) columns).
 *
 * **Method.** One thin SVD; each factor is computed without cancellation (the smaller one as
 * s²/(S_λ + |λ|/2)). Symmetric outputs by construction.
 *
 * **Special cases.** λ = 0: W₁ᵀW₁ = (WᵀW)^{1/2}, W₂W₂ᵀ = (WWᵀ)^{1/2}. Rank-deficient W: a zero
 * singular value contributes (|λ| − λ)/2 to W₁ᵀW₁ and (|λ| + λ)/2 to W₂W₂ᵀ along a direction that W
 * determines only when that side has dimension r; otherwise (λ < 0 with N_i > r, or λ > 0 with
 * N_o > r) the Grams are not functions of W and λ and the call is refused.
 *
 * Assumptions: λ-balance W₂ᵀW₂ − W₁W₁ᵀ = λI and N_h = min(N_i, N_o) (not checkable from W; the
 * identity is what R8 tests against simulations).
 *
 * @param W - network function W₂W₁, N_o × N_i
 * @param lambda - the balance λ
 * @throws DomainError on non-finite input or the undetermined rank-deficient case above
 * @example
 * gramsFromW(Matrix.from([[2, 0], [0, 0.5]]), 3);
 * // W1tW1 = diag((5−3)/2, (√10−3)/2) = diag(1, 0.0811…); W2W2t = diag(4, 3.0811…)
 */
export function gramsFromW(W: Matrix, lambda: number): GramPair {
  assertFinite(W, 'gramsFromW: W');
  checkLambda(lambda, 'gramsFromW');
  const { U, V, fin, fout } = modeFactors(W, lambda, 'gramsFromW', true);
  return { W1tW1: sandwich(V, fin), W2W2t: sandwich(U, fout) };
}

/**
 * The whole QQᵀ = [W₁ᵀW₁, Wᵀ; W, W₂W₂ᵀ] of a λ-balanced network from W and λ (spec §1, §4.2): under
 * λ-balance QQᵀ is a function of W and λ only. Same method and refusals as {@link gramsFromW}.
 *
 * @example
 * qqtFromW(Matrix.from([[1]]), 0); // → [[1, 1], [1, 1]]
 */
export function qqtFromW(W: Matrix, lambda: number): Matrix {
  const { W1tW1, W2W2t } = gramsFromW(W, lambda);
  return assembleQQt(W1tW1, W, W2W2t);
}

/**
 * One λ-balanced pair of weights with network function W (Dominé et al. 2025, spec §4.2, our
 * reading of the paper's Theorem 5.2 / Eq. 18 [P]): W₁ = R (S_λ − λ/2)^{1/2} Vᵀ,
 * W₂ = U (S_λ + λ/2)^{1/2} Rᵀ. The weights are determined only up to the hidden rotation R (every
 * function-level quantity is independent of it).
 *
 * Check (tested): W₂W₁ = W and W₂ᵀW₂ − W₁W₁ᵀ = λ I_r to rounding.
 *
 * @param W - network function, N_o × N_i
 * @param lambda - the balance λ
 * @param options - `R`: an r × r orthogonal matrix (default I_r)
 * @throws DomainError as {@link gramsFromW}, or when R is not orthogonal (‖RᵀR − I‖_F > 1e-10);
 * ShapeError when R is not r × r
 * @example
 * const { W1, W2 } = weightsFromW(Matrix.from([[0.5]]), 1);
 * [W2.get(0, 0) * W1.get(0, 0), W2.get(0, 0) ** 2 - W1.get(0, 0) ** 2]; // → [0.500000, 1.000000]
 */
export function weightsFromW(W: Matrix, lambda: number, options: { R?: Matrix } = {}): { W1: Matrix; W2: Matrix } {
  assertFinite(W, 'weightsFromW: W');
  checkLambda(lambda, 'weightsFromW');
  const no = W.rows;
  const ni = W.cols;
  const r = Math.min(ni, no);
  const R = options.R ?? Matrix.identity(r);
  if (R.rows !== r || R.cols !== r) {
    throw new ShapeError(`weightsFromW: R is ${R.rows}x${R.cols} but the hidden width is r = min(N_i, N_o) = ${r}; pass an ${r}x${r} orthogonal matrix.`);
  }
  assertFinite(R, 'weightsFromW: R');
  let orth = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      let acc = 0;
      for (let k = 0; k < r; k++) acc += R.data[k * r + i] * R.data[k * r + j];
      orth += (acc - (i === j ? 1 : 0)) ** 2;
    }
  }
  if (Math.sqrt(orth) > 1e-10) {
    throw new DomainError(`weightsFromW: R is not orthogonal (‖RᵀR − I‖_F = ${Math.sqrt(orth).toExponential(2)}); pass an orthogonal hidden rotation.`);
  }
  const { U, V, fin, fout } = modeFactors(W, lambda, 'weightsFromW', true);
  const W1 = new Matrix(r, ni);
  const W2 = new Matrix(no, r);
  for (let h = 0; h < r; h++) {
    for (let i = 0; i < ni; i++) {
      let acc = 0;
      for (let a = 0; a < r; a++) acc += R.data[h * r + a] * Math.sqrt(fin[a]) * V.data[i * r + a];
      W1.data[h * ni + i] = acc;
    }
  }
  for (let o = 0; o < no; o++) {
    for (let h = 0; h < r; h++) {
      let acc = 0;
      for (let a = 0; a < r; a++) acc += U.data[o * U.cols + a] * Math.sqrt(fout[a]) * R.data[h * r + a];
      W2.data[o * r + h] = acc;
    }
  }
  return { W1, W2 };
}

/**
 * The representations a λ-balanced network converges to when W → Σ_yx (full rank, non-singular B):
 * W₁ᵀW₁(∞) = Ṽ diag((√(λ² + 4s̃²) − λ)/2) Ṽᵀ, W₂W₂ᵀ(∞) = Ũ diag((√(λ² + 4s̃²) + λ)/2) Ũᵀ
 * (Dominé et al. 2025, spec §4.2). At λ = 0 both are task-specific, ṼS̃Ṽᵀ and ŨS̃Ũᵀ.
 *
 * @param task - a whitened task (checked)
 * @param lambda - the conserved balance λ
 * @throws DomainError when the task is not whitened, or Σ_yx is rank-deficient in the undetermined
 * case of {@link gramsFromW} (then the limit depends on the init, not only on λ)
 * @example
 * convergedRepresentations(whitenedTask(Matrix.from([[2]])), 0); // → { W1tW1: [[2.000000]], W2W2t: [[2.000000]] }
 */
export function convergedRepresentations(task: LinearTask, lambda: number): GramPair {
  requireWhitened(task, 'convergedRepresentations');
  checkLambda(lambda, 'convergedRepresentations');
  return gramsFromW(task.sigmaYX, lambda);
}

/**
 * Leading terms of the Gram matrices for large |λ| in the matching direction (Dominé et al. 2025,
 * spec §4.2 "semi-structured lazy", paper Thm C.4/C.5 [P]; expansions [D], tested to scale as λ⁻³):
 * - λ → +∞, N_o ≤ N_i: W₂W₂ᵀ = λI + WWᵀ/λ + O(λ⁻³) (task-agnostic), W₁ᵀW₁ = WᵀW/λ + O(λ⁻³);
 * - λ → −∞, N_i ≤ N_o: W₁ᵀW₁ = |λ|I + WᵀW/|λ| + O(λ⁻³), W₂W₂ᵀ = WWᵀ/|λ| + O(λ⁻³).
 *
 * @param W - network function N_o × N_i
 * @param lambda - λ ≠ 0 in the matching direction for the shape
 * @throws DomainError for λ = 0 or the delayed-rich direction (there the identity term is only a
 * projector onto W's column/row space)
 * @example
 * largeLambdaRepresentations(Matrix.from([[1]]), 100); // → { W2W2t: [[100.01]], W1tW1: [[0.01]] }
 */
export function largeLambdaRepresentations(W: Matrix, lambda: number): GramPair {
  assertFinite(W, 'largeLambdaRepresentations: W');
  checkLambda(lambda, 'largeLambdaRepresentations');
  const no = W.rows;
  const ni = W.cols;
  if (lambda === 0) throw new DomainError('largeLambdaRepresentations: lambda = 0 has no large-|λ| expansion; use gramsFromW.');
  if ((lambda > 0 && no > ni) || (lambda < 0 && ni > no)) {
    throw new DomainError(
      `largeLambdaRepresentations: λ = ${lambda} with N_i = ${ni}, N_o = ${no} is the delayed-rich direction (the expansion needs ${lambda > 0 ? 'N_o ≤ N_i' : 'N_i ≤ N_o'}); use gramsFromW.`,
    );
  }
  const L = Math.abs(lambda);
  const be = getBackend();
  const WtW = new Matrix(ni, ni);
  const WWt = new Matrix(no, no);
  be.gemm(true, false, 1 / L, W, W, 0, WtW);
  be.gemm(false, true, 1 / L, W, W, 0, WWt);
  if (lambda > 0) for (let i = 0; i < no; i++) WWt.data[i * no + i] += L;
  else for (let i = 0; i < ni; i++) WtW.data[i * ni + i] += L;
  return { W1tW1: WtW, W2W2t: WWt };
}

/** Options of {@link wOnlyFlow}. */
export interface WOnlyFlowOptions {
  /** DOP853 relative tolerance (default 1e-12). */
  rtol?: number;
  /** Absolute tolerance (default 1e-14). */
  atol?: number;
}

/**
 * Integrates the gradient flow of a λ-balanced two-layer network written in W alone (Dominé et al.
 * 2025, spec §4.2 [D, V]):
 *
 *     τ dW/dt = W₂W₂ᵀ(Σ_yx − W) + (Σ_yx − W) W₁ᵀW₁,   with both Grams from {@link gramsFromW}(W, λ).
 *
 * An independent integrator for tests of the closed form (it never forms Q): one thin SVD per
 * right-hand-side evaluation, DOP853.
 *
 * Assumptions: whitened task (checked), λ-balanced start with N_h = min(N_i, N_o); W(0) of full rank
 * r unless the Grams are still determined (see {@link gramsFromW}).
 *
 * **Conditioning (measured).** When λ < 0 with N_i > N_o (or λ > 0 with N_o > N_i) the eigenvalue
 * ≈ |λ| of the large-side Gram sits on the singular vector of the smallest singular value s_r of W,
 * which is separated from W's null space only by s_r; if a mode of W passes near zero on the way
 * (common for random inits: s_r dipped to 4e-5 on a 6-3-3 net at λ = −2), that direction and hence
 * the right-hand side are known only to ≈ ε|λ|/s_r, and the trajectory error grows to ~1e-8
 * whatever the tolerance. The closed form and the weight-space flow have no such problem; use this
 * integrator as a cross-check where s_r stays away from 0 (tests assert that precondition).
 *
 * @param task - a whitened task
 * @param W0 - W(0) = W₂(0)W₁(0), N_o × N_i
 * @param lambda - the balance λ
 * @param times - ascending times t/τ ≥ 0
 * @returns `{ t, W }` with W at each time
 * @throws DomainError (not whitened, bad numbers, undetermined Grams at W0), ShapeError (W0 shape),
 * ConvergenceError from the integrator
 * @example
 * const task = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]));
 * const w = lambdaBalancedInit({ lambda: 1.5, ni: 2, no: 2, scale: 0.2, aligned: task, stream: createRandom(0, 'init') });
 * const { W } = wOnlyFlow(task, matmul(w.W2, w.W1), 1.5, [0, 1, 5]);
 * relativeError(W[2], exactSolution(task, w).at(5).W) < 1e-6; // → true
 */
export function wOnlyFlow(
  task: LinearTask,
  W0: Matrix,
  lambda: number,
  times: ArrayLike<number>,
  options: WOnlyFlowOptions = {},
): { t: Float64Array; W: Matrix[] } {
  requireWhitened(task, 'wOnlyFlow');
  checkLambda(lambda, 'wOnlyFlow');
  if (W0.rows !== task.no || W0.cols !== task.ni) {
    throw ShapeError.mismatch('wOnlyFlow', W0.shape, task.sigmaYX.shape, 'W(0) must be N_o x N_i like the task Σ_yx');
  }
  assertFinite(W0, 'wOnlyFlow: W0');
  gramsFromW(W0, lambda); // refuses an undetermined start
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
      throw new DomainError(`wOnlyFlow: times[${i}] is ${String(t)}, expected a finite time t/τ ≥ 0.`);
    }
    if (i > 0 && t < times[i - 1]) throw new DomainError('wOnlyFlow: times must be ascending.');
  }
  if (times.length === 0) return { t: new Float64Array(0), W: [] };
  const tEnd = times[times.length - 1];
  if (tEnd === 0) return { t: Float64Array.from(times), W: Array.from(times, () => W0.clone()) };
  const S = task.sigmaYX;
  const no = W0.rows;
  const ni = W0.cols;
  const E = new Matrix(no, ni);
  const be = getBackend();
  const res = solveMatrixIvp(
    (_t, W, dW) => {
      for (let i = 0; i < E.data.length; i++) E.data[i] = S.data[i] - W.data[i];
      const { U, V, fin, fout } = modeFactors(W, lambda, 'wOnlyFlow', false);
      const G1 = sandwich(V, fin);
      const G2 = sandwich(U, fout);
      be.gemm(false, false, 1, G2, E, 0, dW);
      be.gemm(false, false, 1, E, G1, 1, dW);
    },
    [0, tEnd],
    W0,
    { method: 'dop853', rtol: options.rtol ?? 1e-12, atol: options.atol ?? 1e-14, tEval: times },
  );
  return { t: res.t, W: res.y };
}
