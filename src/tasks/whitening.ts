/**
 * Whitening of task inputs and checks of the whitening assumption (A1) Σ_xx = I of the exact theory
 * (Dominé et al., ICLR 2025; spec `lazy-to-rich.md` §1).
 *
 * @module
 */
import { ConfigError, DomainError, ShapeError } from '../errors/index.js';
import { Matrix, shapeString } from '../linalg/matrix.js';
import { matmul, symmetrize } from '../linalg/ops.js';
import { eigh } from '../linalg/decompositions.js';
import type { LinearTask, WhiteningKind, WhiteningReport } from './types.js';

const EPS = 2.220446049250313e-16;

/** Default tolerance on ‖Σ_xx − I‖_F/√N_i under which a task counts as whitened. */
export const DEFAULT_WHITENING_TOLERANCE = 1e-10;

/**
 * The second-moment matrix A Bᵀ / P of the columns of A and B (symmetrised when A = B).
 * @internal
 */
export function secondMoment(A: Matrix, B: Matrix, p: number): Matrix {
  const M = matmul(A, B, { transB: true });
  const d = M.data;
  for (let k = 0; k < d.length; k++) d[k] /= p;
  return A === B ? symmetrize(M) : M;
}

/**
 * Flips the sign of each column of `E` so that its entry of largest magnitude (the first such
 * entry on ties) is positive. Makes eigen- and singular-vector bases independent of the backend's
 * sign convention wherever the spectrum is simple. Mutates and returns `E`.
 * @internal
 */
export function normalizeColumnSigns(E: Matrix, columns = E.cols): Matrix {
  const { rows, cols, data } = E;
  for (let j = 0; j < columns; j++) {
    let best = 0;
    let bestAbs = -1;
    for (let i = 0; i < rows; i++) {
      const a = Math.abs(data[i * cols + j]);
      if (a > bestAbs * (1 + 1e-12)) {
        bestAbs = a;
        best = i;
      }
    }
    if (data[best * cols + j] < 0) for (let i = 0; i < rows; i++) data[i * cols + j] = -data[i * cols + j];
  }
  return E;
}

/**
 * Σ^{-1/2}-type whitening transform T of a symmetric positive definite Σ (N×N), so that T Σ Tᵀ = I.
 *
 * - `'zca'`: T = E diag(d^{-1/2}) Eᵀ (symmetric; the whitening closest to the identity map).
 * - `'pca'`: T = diag(d^{-1/2}) Eᵀ with the eigenvalues d in descending order (row k of T·X is the
 *   k-th principal component, unit variance) and each eigenvector's largest entry positive.
 *
 * @throws DomainError when Σ is singular to working precision (rank < N).
 * @internal
 */
export function whiteningTransform(sigma: Matrix, kind: 'pca' | 'zca', what: string): Matrix {
  const n = sigma.rows;
  const { values, vectors } = eigh(sigma, { name: what });
  const top = values[n - 1];
  const floor = n * EPS * Math.max(top, 0) * 16;
  let rank = 0;
  for (let k = 0; k < n; k++) if (values[k] > floor) rank++;
  if (rank < n) {
    throw new DomainError(
      `${what}: Σ_xx = XXᵀ/P is singular (numerical rank ${rank} of ${n}, smallest eigenvalue ${values[0].toExponential(3)}), so the inputs cannot be whitened; use at least N_i = ${n} linearly independent samples or fewer input dimensions.`,
    );
  }
  // Eigenvectors in descending eigenvalue order, signs fixed.
  const E = new Matrix(n, n);
  const d = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const src = n - 1 - k;
    d[k] = values[src];
    for (let i = 0; i < n; i++) E.data[i * n + k] = vectors.data[i * n + src];
  }
  normalizeColumnSigns(E);
  const T = new Matrix(n, n);
  if (kind === 'pca') {
    for (let k = 0; k < n; k++) {
      const w = 1 / Math.sqrt(d[k]);
      for (let i = 0; i < n; i++) T.data[k * n + i] = w * E.data[i * n + k];
    }
    return T;
  }
  const Es = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) Es.data[i * n + k] = E.data[i * n + k] / Math.sqrt(d[k]);
  return symmetrize(matmul(Es, E, { transB: true }));
}

/**
 * Whitens inputs X (N_i × P) so that (TX)(TX)ᵀ/P = I, returning T and TX.
 *
 * **Method.** T₀ from the eigendecomposition of Σ_xx = XXᵀ/P ({@link whiteningTransform}), then one
 * refinement pass T = S^{-1/2}_zca · T₀ with S the second moment of T₀X, which removes the
 * O(cond(Σ_xx)·ε) error of the first pass, so Σ_xx of the result is I to a few ulps.
 * @internal
 */
export function whitenInputs(X: Matrix, kind: 'pca' | 'zca', what: string): { T: Matrix; X: Matrix; sigma: Matrix } {
  const p = X.cols;
  const T0 = whiteningTransform(secondMoment(X, X, p), kind, what);
  const X0 = matmul(T0, X);
  const correction = whiteningTransform(secondMoment(X0, X0, p), 'zca', what);
  const T = matmul(correction, T0);
  const Xw = matmul(T, X);
  return { T, X: Xw, sigma: secondMoment(Xw, Xw, p) };
}

/**
 * How far a task's input correlation is from the identity (assumption (A1) of the exact theory,
 * Dominé et al. 2025, spec §1).
 *
 * **Method.** deviation = ‖Σ_xx − I‖_F/√N_i, maxAbs = max_ij |(Σ_xx − I)_ij|.
 *
 * **Special cases.** An exactly whitened task gives 0 for both.
 *
 * @example
 * whiteningReport(whitenedTask(Matrix.from([[1, 0]]))); // → { deviation: 0, maxAbs: 0 }
 */
export function whiteningReport(task: LinearTask): WhiteningReport {
  const S = task.sigmaXX;
  const n = S.rows;
  let ss = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const e = S.data[i * n + j] - (i === j ? 1 : 0);
      ss += e * e;
      maxAbs = Math.max(maxAbs, Math.abs(e));
    }
  }
  return { deviation: n === 0 ? 0 : Math.sqrt(ss / n), maxAbs };
}

/**
 * Throws unless the task is whitened (Σ_xx = I within `tolerance`), for functions that assume (A1)
 * of Dominé et al. 2025 (spec §1), e.g. the closed-form solution.
 *
 * **Special cases.** A task flagged `whitened: false` is rejected even if its Σ_xx happens to be
 * within tolerance of I (rebuild it to change the flag); the message always quotes the measured
 * ‖Σ_xx − I‖_F/√N_i.
 *
 * @param task - the task
 * @param what - the caller, named in the message (e.g. `"exactSolution"`)
 * @param tolerance - largest accepted ‖Σ_xx − I‖_F/√N_i (default 1e-10)
 * @throws DomainError when the inputs are not whitened, naming the deviation and the fix
 * @example
 * requireWhitened(semanticTask(), 'exactSolution'); // → undefined
 * requireWhitened(semanticTask({ whitened: false }), 'exactSolution'); // throws DomainError
 */
export function requireWhitened(task: LinearTask, what: string, tolerance = DEFAULT_WHITENING_TOLERANCE): void {
  if (task.sigmaXX.rows !== task.ni || task.sigmaXX.cols !== task.ni) {
    throw new ShapeError(
      `${what}: task "${task.name}" has Σ_xx of shape ${shapeString(task.sigmaXX)} but N_i = ${task.ni}; Σ_xx must be N_i x N_i.`,
    );
  }
  const { deviation } = whiteningReport(task);
  if (!task.whitened || !(deviation <= tolerance)) {
    throw new DomainError(
      `${what}: task "${task.name}" does not have whitened inputs (‖Σ_xx − I‖_F/√N_i = ${deviation.toExponential(3)}, tolerance ${tolerance}), which the exact solution assumes; build the task with whiten: "zca" (or "pca").`,
    );
  }
}

/** Validates a whitening kind (ConfigError naming the option). @internal */
export function checkWhiteningKind(kind: unknown, path: string): WhiteningKind {
  if (kind === 'none' || kind === 'pca' || kind === 'zca') return kind;
  throw new ConfigError(`${path} is ${JSON.stringify(kind)}; use "none", "pca" or "zca".`, { path });
}

/** Validates a non-negative finite tolerance. @internal */
export function checkTolerance(tolerance: number, path: string): number {
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new ConfigError(`${path} is ${String(tolerance)}; give a finite number ≥ 0, e.g. 1e-10.`, { path });
  }
  return tolerance;
}
