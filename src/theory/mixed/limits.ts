/**
 * Limits and diagnostics of the self-consistent dynamics (1) of Tu, Aranguri & Jacot (2024; spec
 * `mixed-and-three-mechanisms.md` §A.2.2–A.2.4): the lazy (NTK) solution, the aligned per-singular-value
 * solution, and the closure diagnostic comparing W₂W₂ᵀ with (AAᵀ + σ⁴w²I)^{1/2}.
 *
 * @module
 */
import { ConfigError, ShapeError } from '../../errors/index.js';
import { getBackend, type LinalgBackend } from '../../linalg/backend.js';
import { assertFinite, Matrix } from '../../linalg/matrix.js';
import { spectralNorm } from '../../linalg/norms.js';
import { checkMixedWeights } from '../../models/mixed-linear.js';
import { alignedSingularValue } from './kernel.js';

/**
 * Lazy (NTK) limit of (1) when ‖A‖_op ≪ c = σ²w (§A.2.3): dA/dt = −2c(A − Y), so
 * A(t) = Y + (A0 − Y)e^{−2ct}. The NTK is the constant 2σ²w·Id. Time t is gradient-flow time of
 * C(A) = ½‖A − Y‖_F² in units of τ = 1 (GD iteration n ↔ t = nη; the discrete analogue replaces e^{−2ct} by (1 − 2ηc)^n).
 *
 * @example
 * import { Matrix } from '../../linalg/matrix.js';
 * lazyLimitSolution(Matrix.from([[1]]), Matrix.from([[0]]), 1, Math.LN2 / 2).get(0, 0); // → 0.5
 */
export function lazyLimitSolution(Y: Matrix, A0: Matrix, c: number, t: number): Matrix {
  if (Y.rows !== A0.rows || Y.cols !== A0.cols) throw ShapeError.mismatch('lazyLimitSolution', [A0.rows, A0.cols], [Y.rows, Y.cols], 'A0 must have the shape of Y');
  if (!(Number.isFinite(c) && c >= 0)) throw new ConfigError(`lazyLimitSolution: the threshold c must be a finite number ≥ 0, got ${String(c)}.`, { path: 'threshold' });
  if (!(Number.isFinite(t) && t >= 0)) throw new ConfigError(`lazyLimitSolution: t must be a finite number ≥ 0, got ${String(t)}.`, { path: 't' });
  const u = Math.exp(-2 * c * t);
  const out = new Matrix(Y.rows, Y.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = Y.data[i] + (A0.data[i] - Y.data[i]) * u;
  return out;
}

/**
 * The aligned solution of (1) (§A.2.4): when A(0) = U diag(s_i(0)) Vᵀ shares the singular vectors of
 * Y = U diag(y_i) Vᵀ, (1) keeps A(t) = U diag(s_i(t)) Vᵀ with ds_i/dt = 2√(s_i² + c²)(y_i − s_i).
 * Returns s_i(t) for each i at each time (rows: times), from the closed-form hitting time inverted
 * to machine precision.
 *
 * Special cases: c = 0 is the balanced limit (logistic per value; s_i(0) = 0 stays 0); c ≫ y the lazy
 * limit s_i(t) ≈ y_i + (s_i(0) − y_i)e^{−2ct}.
 * Time: t is the gradient-flow time of (1) (t/τ with τ = 1; GD step n ↔ t = nη).
 *
 * @example
 * alignedSolution([224, 100], [1e-3, 1e-3], 12, [0.0145187])[0][0]; // → ≈ 212.8 (= 0.95·224)
 */
export function alignedSolution(y: ArrayLike<number>, s0: ArrayLike<number>, c: number, times: ArrayLike<number>): Float64Array[] {
  if (y.length !== s0.length) throw ShapeError.mismatch('alignedSolution', [y.length], [s0.length], 'one initial value s0 per target singular value y');
  return Array.from(times, (t) => Float64Array.from(y, (yi, i) => alignedSingularValue(t, { y: yi, c, s0: s0[i] })));
}

/** Relative operator-norm closure errors of (1) (§A.2.2, §A.5-2). */
export interface ClosureError {
  /** ‖W₂W₂ᵀ − (AAᵀ+c²I)^{1/2}‖_op / ‖(AAᵀ+c²I)^{1/2}‖_op. */
  left: number;
  /** ‖W₁ᵀW₁ − (AᵀA+c²I)^{1/2}‖_op / ‖(AᵀA+c²I)^{1/2}‖_op. */
  right: number;
}

/**
 * The closure diagnostic of (1) (§A.2.2): (1) replaces the exact W₂W₂ᵀ and W₁ᵀW₁ of the gradient-flow
 * identity dA/dt = −W₂W₂ᵀ∇C − ∇C W₁ᵀW₁ by (AAᵀ + c²I)^{1/2} and (AᵀA + c²I)^{1/2}, c = σ²w. At an i.i.d.
 * N(0, σ²) initialisation the error is the Marchenko–Pastur spread ≈ 2√(d/w), so (1) needs w ≫ d.
 *
 * @example
 * import { createRandom } from '../../random/index.js';
 * import { mixedLinearInit } from '../../models/mixed-linear.js';
 * const { W1, W2 } = mixedLinearInit({ dIn: 20, dOut: 20, width: 20000, sigma2: 1e-4, stream: createRandom(3) });
 * closureError(W1, W2, 1e-4 * 20000); // → { left: 0.053, right: 0.061 } (MP spread 2√(d/w) = 0.063)
 */
export function closureError(W1: Matrix, W2: Matrix, threshold: number, backend: LinalgBackend = getBackend()): ClosureError {
  const [dOut, , dIn] = checkMixedWeights(W1, W2, undefined, 'closureError');
  if (!(Number.isFinite(threshold) && threshold >= 0)) throw new ConfigError(`closureError: the threshold c = σ²w must be a finite number ≥ 0, got ${String(threshold)}.`, { path: 'threshold' });
  assertFinite(W1, 'closureError: W1');
  assertFinite(W2, 'closureError: W2');
  const A = new Matrix(dOut, dIn);
  backend.gemm(false, false, 1, W2, W1, 0, A);
  const { U, s, Vt } = backend.svd(A, true);
  const c2 = threshold * threshold;
  const side = (Q: Matrix, transposed: boolean, n: number, gram: Matrix): number => {
    // S = Q diag(√(s²+c²)) Qᵀ with Q = U (columns) or V = Vtᵀ; D = gram − S.
    const D = gram;
    let maxK = 0;
    for (let k = 0; k < n; k++) {
      const sk = k < s.length ? s[k] : 0;
      const kv = Math.sqrt(sk * sk + c2);
      if (kv > maxK) maxK = kv;
      for (let i = 0; i < n; i++) {
        const qik = transposed ? Q.data[k * n + i] : Q.data[i * n + k];
        if (qik === 0) continue;
        const f = kv * qik;
        for (let j = 0; j < n; j++) D.data[i * n + j] -= f * (transposed ? Q.data[k * n + j] : Q.data[j * n + k]);
      }
    }
    return spectralNorm(D, { backend }) / maxK;
  };
  const G2 = new Matrix(dOut, dOut);
  backend.gemm(false, true, 1, W2, W2, 0, G2);
  const G1 = new Matrix(dIn, dIn);
  backend.gemm(true, false, 1, W1, W1, 0, G1);
  return { left: side(U, false, dOut, G2), right: side(Vt, true, dIn, G1) };
}
