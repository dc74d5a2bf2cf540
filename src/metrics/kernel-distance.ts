/**
 * Kernel distance (Fort et al., NeurIPS 2020) and the Frobenius cosine it is built on; used by
 * Dominé et al. (ICLR 2025) to measure how far the NTK moves during training (spec
 * `lazy-to-rich.md` §4.4).
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { assertFinite, type Matrix } from '../linalg/matrix.js';

/**
 * ⟨A, B⟩_F / (‖A‖_F ‖B‖_F), the cosine of the angle between two matrices seen as vectors.
 *
 * **Method.** Each operand is scaled by its largest |entry| first, so nothing overflows or
 * underflows; the result is clamped to [−1, 1] (rounding can step just outside).
 *
 * **Special cases.** Returns 0 when either matrix is zero (a zero matrix has no direction, hence no
 * shared structure).
 *
 * @throws ShapeError on different shapes; DomainError on NaN/Inf entries
 * @example
 * frobeniusCosine(Matrix.identity(2), Matrix.from([[1, 0], [0, 0]])); // → 0.707107 (1/√2)
 */
export function frobeniusCosine(A: Matrix, B: Matrix): number {
  if (A.rows !== B.rows || A.cols !== B.cols) {
    throw ShapeError.mismatch('frobeniusCosine', A.shape, B.shape, 'both matrices must have the same shape');
  }
  assertFinite(A, 'frobeniusCosine: A');
  assertFinite(B, 'frobeniusCosine: B');
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < A.data.length; i++) {
    ma = Math.max(ma, Math.abs(A.data[i]));
    mb = Math.max(mb, Math.abs(B.data[i]));
  }
  if (ma === 0 || mb === 0) return 0;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < A.data.length; i++) {
    const a = A.data[i] / ma;
    const b = B.data[i] / mb;
    ab += a * b;
    aa += a * a;
    bb += b * b;
  }
  return Math.min(1, Math.max(-1, ab / Math.sqrt(aa * bb)));
}

/**
 * The kernel distance of Fort et al. (2020), S(K₁, K₂) = 1 − ⟨K₁, K₂⟩_F / (‖K₁‖_F ‖K₂‖_F), in [0, 2]
 * (0: same kernel up to scale). Dominé et al. 2025, spec §4.4 [T]: the authors' `kernel_distance`.
 *
 * For NTKs of two-layer linear networks use `ntkKernelDistance`, which gives the same number from
 * the Gram matrices without forming the (N_o P)² kernels.
 *
 * **Special cases.** Clamped at 0 from below (rounding gives −1e-16 for K₁ = K₂).
 *
 * @throws ShapeError on different shapes; DomainError on NaN/Inf entries or a zero kernel (its
 * direction, and so the distance, is undefined)
 * @example
 * kernelDistance(Matrix.identity(2), Matrix.from([[2, 0], [0, 2]])); // → 0
 */
export function kernelDistance(K1: Matrix, K2: Matrix): number {
  if (K1.rows !== K2.rows || K1.cols !== K2.cols) {
    throw ShapeError.mismatch('kernelDistance', K1.shape, K2.shape, 'both kernels must have the same shape');
  }
  assertFinite(K1, 'kernelDistance: K1');
  assertFinite(K2, 'kernelDistance: K2');
  if (K1.data.every((v) => v === 0) || K2.data.every((v) => v === 0)) {
    throw new DomainError('kernelDistance: a kernel is identically zero, so its direction and the distance are undefined; check the weights.');
  }
  return Math.max(0, 1 - frobeniusCosine(K1, K2));
}
