/**
 * Explicit two-layer weights and the measurement of their balance (Dominé et al., ICLR 2025;
 * spec `lazy-to-rich.md` §2.1, §2.3 "Best λ for an arbitrary pair").
 *
 * @module
 */
import { ShapeError } from '../errors/index.js';
import { Matrix, assertFinite, type NestedArray } from '../linalg/matrix.js';
import { matmul, symmetrize } from '../linalg/ops.js';
import { frobeniusNorm } from '../linalg/norms.js';

function toMatrix(M: Matrix | NestedArray, name: string): Matrix {
  if (M instanceof Matrix) {
    assertFinite(M, name);
    return M.clone();
  }
  return Matrix.from(M, { name });
}

/**
 * Explicit initial weights W₁ (N_h × N_i) and W₂ (N_o × N_h), copied after shape and finiteness
 * checks.
 *
 * **Special cases.** Nested arrays are accepted as in JSON (`[[0.3, 0], [0, 0.2]]`). With `ni` / `no`
 * (e.g. from the task) the outer dimensions are checked too. No balance is required (see
 * {@link measureBalance}).
 *
 * @throws ShapeError when W₂'s column count is not W₁'s row count (N_h), or the outer sizes differ from
 * `ni` / `no`, naming both shapes; DomainError on non-finite entries
 * @example
 * const { W1, W2 } = explicitInit([[0.3, 0], [0, 0.2]], [[0.4, 0], [0, 0.1]], { ni: 2, no: 2 });
 * matmul(W2, W1); // → [[0.12, 0], [0, 0.02]]
 */
export function explicitInit(
  W1: Matrix | NestedArray,
  W2: Matrix | NestedArray,
  options: { ni?: number; no?: number } = {},
): { W1: Matrix; W2: Matrix } {
  const A = toMatrix(W1, 'init.W1');
  const B = toMatrix(W2, 'init.W2');
  const s1 = `${A.rows}x${A.cols}`;
  const s2 = `${B.rows}x${B.cols}`;
  if (A.rows < 1 || A.cols < 1 || B.rows < 1 || B.cols < 1) {
    throw new ShapeError(`explicitInit: W1 is ${s1} and W2 is ${s2}; both need at least one row and one column.`, { path: 'init.W1' });
  }
  if (B.cols !== A.rows) {
    throw new ShapeError(
      `explicitInit: W1 is ${s1} (N_h x N_i) and W2 is ${s2} (N_o x N_h), so W2 must have ${A.rows} columns (one per hidden unit) but has ${B.cols}.`,
      { path: 'init.W2' },
    );
  }
  if (options.ni !== undefined && A.cols !== options.ni) {
    throw new ShapeError(`explicitInit: W1 is ${s1} but the task has N_i = ${options.ni} inputs, so W1 must be ${A.rows}x${options.ni}.`, {
      path: 'init.W1',
    });
  }
  if (options.no !== undefined && B.rows !== options.no) {
    throw new ShapeError(`explicitInit: W2 is ${s2} but the task has N_o = ${options.no} outputs, so W2 must be ${options.no}x${B.cols}.`, {
      path: 'init.W2',
    });
  }
  return { W1: A, W2: B };
}

/** Result of {@link measureBalance}. */
export interface BalanceMeasurement {
  /** W₂ᵀW₂ − W₁W₁ᵀ (N_h × N_h, symmetric). */
  readonly balance: Matrix;
  /** Best λ = tr(balance)/N_h, the minimiser of ‖balance − λI‖_F. */
  readonly lambda: number;
  /** ‖balance − λI‖_F (0 iff the pair is exactly λ-balanced). */
  readonly deviation: number;
  /**
   * deviation / max(‖W₂ᵀW₂‖_F, ‖W₁W₁ᵀ‖_F): scale-free, ~1e-16 for a pair built λ-balanced, O(1) for a
   * generic pair; 0 when both layers are 0.
   */
  readonly relativeDeviation: number;
}

/**
 * The balance matrix W₂ᵀW₂ − W₁W₁ᵀ of arbitrary two-layer weights, its best λ and the distance from
 * λ-balance (Dominé et al. 2025, spec §2.1; best λ = tr/N_h, §2.3 [T], correcting the thesis' missing
 * 1/N_h).
 *
 * **Method.** Two Gram products, symmetrised; λ = trace/N_h; deviation = ‖balance − λI‖_F.
 *
 * **Special cases.** Conserved by gradient flow for any Σ_xx (§2.1), so measuring at any time of a
 * flow gives the same result up to integration error; under GD it drifts by O(η²) per step.
 *
 * @throws ShapeError when the weights do not chain (W₂ columns ≠ W₁ rows); DomainError on non-finite
 * entries
 * @example
 * const init = lambdaBalancedInit({ lambda: 0.5, ni: 3, no: 2, scale: 0.3, stream: createRandom(0, 'init') });
 * const { lambda, deviation } = measureBalance(init.W1, init.W2); // λ ≈ init.lambda, deviation ~1e-15
 * lambda; // → 0.500000000
 * deviation < 1e-12; // → true
 */
export function measureBalance(W1: Matrix, W2: Matrix): BalanceMeasurement {
  if (W2.cols !== W1.rows) {
    throw ShapeError.mismatch(
      'measureBalance',
      [W1.rows, W1.cols],
      [W2.rows, W2.cols],
      `W1 is N_h x N_i and W2 is N_o x N_h, but W1 has ${W1.rows} rows and W2 has ${W2.cols} columns`,
    );
  }
  assertFinite(W1, 'measureBalance: W1');
  assertFinite(W2, 'measureBalance: W2');
  const nh = W1.rows;
  const G2 = symmetrize(matmul(W2, W2, { transA: true }));
  const G1 = symmetrize(matmul(W1, W1, { transB: true }));
  const balance = new Matrix(nh, nh);
  let tr = 0;
  for (let k = 0; k < balance.data.length; k++) balance.data[k] = G2.data[k] - G1.data[k];
  for (let h = 0; h < nh; h++) tr += balance.data[h * nh + h];
  const lambda = nh === 0 ? 0 : tr / nh;
  const D = balance.clone();
  for (let h = 0; h < nh; h++) D.data[h * nh + h] -= lambda;
  const deviation = frobeniusNorm(D);
  const scale = Math.max(frobeniusNorm(G2), frobeniusNorm(G1));
  return { balance, lambda, deviation, relativeDeviation: scale === 0 ? 0 : deviation / scale };
}
