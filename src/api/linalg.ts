/**
 * Dense linear algebra on row-major float64 matrices: the {@link Matrix} type, products and
 * elementwise operations, norms, symmetric eigendecomposition, SVD, LU/Cholesky/QR, solves and
 * least squares, and functions of symmetric matrices (square root, power, exponential).
 *
 * Every heavy kernel goes through a backend: `js` (pure TypeScript, always available, the browser
 * path) or `native` (OpenBLAS/LAPACK, Node only: see `lazyrich/node`). `getBackend()` /
 * `setBackend()` hold the default; every high-level function also takes `{ backend }`.
 *
 * @example
 * import { linalg } from 'lazyrich';
 * const A = linalg.Matrix.from([[2, 0], [0, 1]]);
 * Array.from(linalg.svd(A).s); // → [2, 1]
 *
 * @module
 */
export { Matrix, isFiniteMatrix, shapeString, type NestedArray } from '../linalg/matrix.js';
export {
  matmul,
  gemm,
  add,
  sub,
  addScaled,
  scale,
  hadamard,
  transpose,
  trace,
  symmetrize,
  isSymmetric,
  outer,
  dot,
  matvec,
  maxAbsDiff,
  relativeError,
  type BackendOption,
  type ProductOptions,
} from '../linalg/ops.js';
export { frobeniusNorm, spectralNorm, nuclearNorm, oneNorm, infNorm, maxAbs } from '../linalg/norms.js';
export { eigh, eigvalsh, svd, svdValues, relativeAsymmetry, DEFAULT_SYMMETRY_TOLERANCE, type EighOptions, type SvdOptions } from '../linalg/decompositions.js';
export {
  luFactor,
  solve,
  inv,
  det,
  slogdet,
  rcond1,
  cholesky,
  qr,
  pinv,
  matrixRank,
  lstsq,
  type SolveOptions,
  type CholeskyOptions,
} from '../linalg/solve.js';
export {
  funmSym,
  sqrtmPsd,
  invSqrtmPsd,
  powerPsd,
  expmSym,
  expm,
  type SymmetricFunctionOptions,
  type PsdFunctionOptions,
} from '../linalg/functions.js';
export {
  getBackend,
  setBackend,
  jsBackend,
  type LinalgBackend,
  type EighResult,
  type SvdResult,
  type LuResult,
  type QrResult,
} from '../linalg/backend.js';
