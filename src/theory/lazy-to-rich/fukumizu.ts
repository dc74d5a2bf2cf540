/**
 * The unstable (Fukumizu 1998) form of the λ-balanced Riccati solution, kept as an independent
 * cross-check of the stable closed form (spec `lazy-to-rich.md` §3.1).
 *
 * @module
 */
import { DomainError } from '../../errors/index.js';
import { getBackend } from '../../linalg/backend.js';
import { svdValues } from '../../linalg/decompositions.js';
import { expm } from '../../linalg/functions.js';
import { Matrix } from '../../linalg/matrix.js';
import { solve } from '../../linalg/solve.js';
import type { BackendOption } from '../../linalg/ops.js';
import { measureBalance } from '../../init/index.js';
import { requireWhitened, type LinearTask } from '../../tasks/index.js';
import { DEFAULT_BALANCE_TOLERANCE } from './diagnostics.js';
import { riccatiMatrix } from './eigen-f.js';

/** Largest 2·k_max·t accepted by {@link fukumizuQQt} (e^{709.8} is the largest double). */
export const FUKUMIZU_MAX_EXPONENT = 700;

/**
 * QQᵀ(t) by the original matrix-Riccati solution (Fukumizu 1998; Braun et al. 2022 at λ = 0;
 * Dominé et al. 2025 for λ ≠ 0 — spec §3.1):
 *
 *   QQᵀ(t) = e^{Fx}Q₀ [I + ½Q₀ᵀ(e^{Fx}F⁻¹e^{Fx} − F⁻¹)Q₀]⁻¹ Q₀ᵀe^{Fx},  Q₀ = [W₁(0)ᵀ; W₂(0)].
 *
 * **Use only as a cross-check**: it forms e^{Fx}, whose entries grow like e^{k_max x}; the bracket
 * grows like e^{2k_max x} and overflows double precision once 2k_max·x > 709 (t ≈ 350/k_max). It
 * refuses (DomainError) when 2k_max·x > 700 instead of returning Inf/NaN; use `exactSolution` there.
 * In practice its accuracy goes long before overflow: the bracket's eigenvalues spread like
 * e^{2(k₁−k_r)x}, so the error grows like ε·e^{2(k₁−k_r)x}. Measured against the stable form
 * (k = 1.72, 0.985): 4e-16 at t = 2, 6e-12 at t = 10, 8e-5 at t = 20, and the bracket is singular to
 * working precision (→ DomainError) by t = 40, far below the overflow threshold t ≈ 200.
 *
 * **Method.** Independent of the eigendecomposition used by the stable form: one matrix exponential
 * of the 2n×2n block matrix [[Fx, xI], [0, 0]] (n = N_i+N_o) gives e^{Fx} (top-left) and
 * Ψ = ∫₀ˣ e^{Fu}du (top-right) (Van Loan's block trick), and F⁻¹(e^{2Fx} − I) = ∫₀^{2x}e^{Fu}du =
 * (I + e^{Fx})Ψ, so F need not be invertible (λ = 0 with N_i ≠ N_o or a rank-deficient Σ_yx are
 * fine). Then an LU solve with the N_h×N_h bracket.
 *
 * **Assumptions.** Whitened inputs, λ-balanced initial weights (relative deviation ≤ 1e-8), Q₀ of full
 * column rank. It does *not* need N_h = min(N_i, N_o) or a non-singular B: at λ = 0 with a det-sign
 * mismatch it follows the flow into the saddle, as the ODE does. Time x = t/τ ≥ 0.
 *
 * @param task - whitened task
 * @param weights - λ-balanced initial weights { W1 (N_h×N_i), W2 (N_o×N_h) }
 * @param t - time x = t/τ ≥ 0 with 2k_max·x ≤ 700, k_max = max_α √(s̃_α² + λ²/4)
 * @returns QQᵀ(t), (N_i+N_o)×(N_i+N_o)
 * @throws DomainError when the task is not whitened, the weights are not λ-balanced or non-finite,
 *   t is negative/NaN, or 2k_max·t > 700
 *
 * @example
 * const task = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]));
 * const init = lambdaBalancedInit({ lambda: 1, ni: 2, no: 2, scale: 0.2, aligned: task, stream: createRandom(0, 'init') });
 * const QQt = fukumizuQQt(task, init, 2); // agrees with exactSolution(task, init).at(2).QQt to ~1e-12
 * relativeError(QQt, exactSolution(task, init).at(2).QQt) < 1e-10; // → true
 */
export function fukumizuQQt(
  task: LinearTask,
  weights: { readonly W1: Matrix; readonly W2: Matrix },
  t: number,
  options: BackendOption = {},
): Matrix {
  const what = 'fukumizuQQt';
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new DomainError(`${what}: time t = ${t} must be a finite number ≥ 0 (t/τ).`);
  }
  const { W1, W2 } = weights;
  const ni = task.sigmaYX.cols;
  const no = task.sigmaYX.rows;
  if (W1.cols !== ni || W2.rows !== no || W2.cols !== W1.rows) {
    throw new DomainError(
      `${what}: W1 is ${W1.rows}x${W1.cols} and W2 is ${W2.rows}x${W2.cols}, which do not fit the ${no}x${ni} task; W1 must be N_h x ${ni} and W2 ${no} x N_h.`,
    );
  }
  requireWhitened(task, what);
  const bal = measureBalance(W1, W2);
  if (!(bal.relativeDeviation <= DEFAULT_BALANCE_TOLERANCE)) {
    throw new DomainError(
      `${what}: the initial weights are not λ-balanced (relative deviation ${bal.relativeDeviation.toPrecision(3)} > ${DEFAULT_BALANCE_TOLERANCE}); build them with lambdaBalancedInit.`,
    );
  }
  const lambda = bal.lambda;
  const s = svdValues(task.sigmaYX, { name: `${what}: Σ_yx` });
  const kmax = Math.hypot(s.length > 0 ? s[0] : 0, lambda / 2);
  if (2 * kmax * t > FUKUMIZU_MAX_EXPONENT) {
    throw new DomainError(
      `${what}: 2·k_max·t = ${(2 * kmax * t).toPrecision(4)} exceeds ${FUKUMIZU_MAX_EXPONENT}, where e^{2Ft} overflows double precision; use exactSolution (the stable form) at this time.`,
    );
  }
  const be = options.backend ?? getBackend();
  const n = ni + no;
  const nh = W1.rows;
  const F = riccatiMatrix(task.sigmaYX, lambda);
  // Van Loan block exponential: expm([[Fx, xI], [0, 0]]) = [[e^{Fx}, Ψ], [0, I]].
  const big = new Matrix(2 * n, 2 * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) big.data[i * 2 * n + j] = F.data[i * n + j] * t;
    big.data[i * 2 * n + n + i] = t;
  }
  const Ebig = expm(big, { backend: be });
  const eF = new Matrix(n, n);
  const Psi = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      eF.data[i * n + j] = Ebig.data[i * 2 * n + j];
      Psi.data[i * n + j] = Ebig.data[i * 2 * n + n + j];
    }
  }
  // Q₀ = [W₁ᵀ; W₂] (n × N_h).
  const Q0 = new Matrix(n, nh);
  for (let i = 0; i < ni; i++) for (let h = 0; h < nh; h++) Q0.data[i * nh + h] = W1.data[h * ni + i];
  for (let o = 0; o < no; o++) for (let h = 0; h < nh; h++) Q0.data[(ni + o) * nh + h] = W2.data[o * nh + h];
  // J = (I + e^{Fx})Ψ = ∫₀^{2x} e^{Fu} du.
  const J = Psi.clone();
  be.gemm(false, false, 1, eF, Psi, 1, J);
  const JQ = new Matrix(n, nh);
  be.gemm(false, false, 1, J, Q0, 0, JQ);
  const A = Matrix.identity(nh);
  be.gemm(true, false, 0.5, Q0, JQ, 1, A);
  const Y = new Matrix(n, nh);
  be.gemm(false, false, 1, eF, Q0, 0, Y); // e^{Fx}Q₀
  let X: Matrix;
  try {
    X = solve(A, transposeOf(Y), { backend: be }); // A⁻¹ Yᵀ
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    throw new DomainError(
      `${what}: the bracket I + ½Q₀ᵀ(e^{Ft}F⁻¹e^{Ft} − F⁻¹)Q₀ is singular to working precision at t = ${t} (its entries grow like e^{2k_α t} at different rates), the known instability of this form; use exactSolution (the stable form) at this time.`,
      { cause: e },
    );
  }
  const out = new Matrix(n, n);
  be.gemm(false, false, 1, Y, X, 0, out);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (out.data[i * n + j] + out.data[j * n + i]);
      out.data[i * n + j] = v;
      out.data[j * n + i] = v;
    }
  }
  return out;
}

function transposeOf(A: Matrix): Matrix {
  const T = new Matrix(A.cols, A.rows);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) T.data[j * A.rows + i] = A.data[i * A.cols + j];
  return T;
}
