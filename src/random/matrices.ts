/**
 * Random matrices and vectors drawn from a {@link RandomStream}: Gaussian and uniform matrices,
 * Haar-distributed orthogonal and semi-orthogonal matrices, and uniform unit vectors.
 *
 * **Fill order.** Matrices are filled in row-major order: entry (i, j) is draw number i·cols + j of
 * the stream, as NumPy's `rng.standard_normal((rows, cols))` fills a C-ordered array. (The draws
 * themselves differ from NumPy's: lazyrich uses its own Philox4x32-10 streams.)
 *
 * **Determinism.** The orthogonal factors use the pure-TypeScript Householder QR (`qrJs`, the `js`
 * backend's kernel) explicitly, never the process-wide default backend, so the same stream gives
 * bit-identical matrices whether or not a native LAPACK is loaded.
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { Matrix } from '../linalg/matrix.js';
import { qrJs } from '../linalg/js/qr.js';
import type { RandomStream } from './stream.js';

function checkDims(op: string, rows: number, cols: number): void {
  if (!Number.isSafeInteger(rows) || !Number.isSafeInteger(cols) || rows < 0 || cols < 0) {
    throw new ShapeError(`${op}: rows and cols must be non-negative integers, got ${String(rows)}x${String(cols)}.`);
  }
}

function checkOrder(op: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new ShapeError(`${op}: n must be a positive integer, got ${String(n)}.`);
  }
}

/**
 * A rows × cols matrix of independent N(mean, std²) entries, filled row-major.
 *
 * **Special cases.** std = 0 gives a constant matrix (and still consumes the draws, so later draws
 * do not depend on std). A zero dimension gives an empty matrix and draws nothing.
 *
 * @throws ShapeError for negative or fractional sizes; DomainError for a non-finite mean/std or std < 0.
 * @example
 * const W = gaussianMatrix(createRandom(0, 'W1'), 4, 3, { std: 1 / Math.sqrt(3) });
 */
export function gaussianMatrix(
  stream: RandomStream,
  rows: number,
  cols: number,
  options: { mean?: number; std?: number } = {},
): Matrix {
  checkDims('gaussianMatrix', rows, cols);
  const M = new Matrix(rows, cols);
  stream.fillNormal(M.data, options.mean ?? 0, options.std ?? 1);
  return M;
}

/**
 * A rows × cols matrix of independent uniforms on [low, high) (default [0, 1)), filled row-major.
 * @throws ShapeError for bad sizes; DomainError for non-finite bounds or low > high.
 * @example uniformMatrix(createRandom(1), 2, 2, { low: -1, high: 1 })
 */
export function uniformMatrix(
  stream: RandomStream,
  rows: number,
  cols: number,
  options: { low?: number; high?: number } = {},
): Matrix {
  checkDims('uniformMatrix', rows, cols);
  const low = options.low ?? 0;
  const high = options.high ?? 1;
  const M = new Matrix(rows, cols);
  const d = M.data;
  if (low === 0 && high === 1) {
    stream.fillUniform(d);
  } else {
    if (!Number.isFinite(low) || !Number.isFinite(high) || low > high || !Number.isFinite(high - low)) {
      throw new DomainError(
        `uniformMatrix: bounds must be finite with low <= high and a finite width, got [${String(low)}, ${String(high)}).`,
      );
    }
    for (let k = 0; k < d.length; k++) d[k] = stream.uniformRange(low, high);
  }
  return M;
}

/**
 * Orthonormal columns Q (m × k, k = min(m, n) = n here) of the QR factorisation of a Gaussian
 * m × n matrix G with m ≥ n, sign-corrected: column j is multiplied by sign(R_jj).
 */
function haarColumns(stream: RandomStream, m: number, n: number): Matrix {
  const G = gaussianMatrix(stream, m, n);
  const { Q, R } = qrJs(G, false);
  const q = Q.data;
  for (let j = 0; j < n; j++) {
    if (R.data[j * n + j] < 0) {
      for (let i = 0; i < m; i++) q[i * n + j] = -q[i * n + j];
    }
  }
  return Q;
}

/**
 * An n × n orthogonal matrix drawn from the Haar (uniform) measure on O(n).
 *
 * **Method.** Mezzadri, "How to generate random matrices from the classical compact groups",
 * Notices AMS 54 (2007): G = Q R with G an n × n standard Gaussian matrix (row-major draws), then
 * Q·diag(sign R_jj). The sign correction makes the factorisation unique, which is what makes the
 * law of Q invariant; without it Householder QR's sign convention biases Q. det Q is ±1 with
 * probability ½ each.
 *
 * **Special cases.** n = 1 gives [[±1]]. (R_jj = 0 has probability zero; it is treated as +.)
 *
 * @throws ShapeError unless n is a positive integer.
 * @example
 * const Q = haarOrthogonal(createRandom(3, 'rotation'), 5);
 * maxAbsDiff(matmul(Q, Q, { transA: true }), Matrix.identity(5)) < 1e-14; // → true (QᵀQ = I)
 */
export function haarOrthogonal(stream: RandomStream, n: number): Matrix {
  checkOrder('haarOrthogonal', n);
  return haarColumns(stream, n, n);
}

/**
 * A rows × cols matrix with orthonormal columns (rows ≥ cols) or orthonormal rows (rows < cols),
 * Haar-distributed on the Stiefel manifold: the first min(rows, cols) columns (resp. rows) of a
 * Haar orthogonal matrix have this law.
 *
 * **Method.** As {@link haarOrthogonal} with a thin QR: for rows ≥ cols, the sign-corrected thin Q
 * of a rows × cols Gaussian; for rows < cols, the transpose of that construction for cols × rows.
 *
 * @throws ShapeError unless rows and cols are positive integers.
 * @example
 * const U = haarSemiOrthogonal(createRandom(0), 10, 3);
 * maxAbsDiff(matmul(U, U, { transA: true }), Matrix.identity(3)) < 1e-14; // → true (UᵀU = I₃)
 */
export function haarSemiOrthogonal(stream: RandomStream, rows: number, cols: number): Matrix {
  checkDims('haarSemiOrthogonal', rows, cols);
  if (rows === 0 || cols === 0) {
    throw new ShapeError(`haarSemiOrthogonal: rows and cols must be positive, got ${rows}x${cols}.`);
  }
  if (rows >= cols) return haarColumns(stream, rows, cols);
  const Qt = haarColumns(stream, cols, rows);
  const out = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out.data[i * cols + j] = Qt.data[j * rows + i];
  return out;
}

/**
 * A unit vector uniformly distributed on the sphere S^{n−1} ⊂ ℝⁿ.
 *
 * **Method.** n standard normals divided by their Euclidean norm (Muller 1959; the Gaussian is
 * rotation invariant). The (probability ≈ 0) all-zero draw is redrawn.
 *
 * **Special cases.** n = 1 gives [±1].
 *
 * @throws ShapeError unless n is a positive integer.
 * @example const v = randomUnitVector(createRandom(5), 3);
 * Math.hypot(...v); // → 1.000000
 */
export function randomUnitVector(stream: RandomStream, n: number): Float64Array {
  checkOrder('randomUnitVector', n);
  const v = new Float64Array(n);
  for (;;) {
    stream.fillNormal(v);
    let ss = 0;
    for (let i = 0; i < n; i++) ss += v[i] * v[i];
    if (ss > 0) {
      const inv = 1 / Math.sqrt(ss);
      for (let i = 0; i < n; i++) v[i] *= inv;
      return v;
    }
  }
}
