/**
 * Representational similarity matrices of a two-layer linear network (Braun et al. 2022; Dominé et
 * al., ICLR 2025, spec `lazy-to-rich.md` §4.2 "RSMs" [T]). Functions of the Gram matrices, so the same
 * call serves the closed form (`ExactState`) and simulations.
 *
 * @module
 */
import { ShapeError } from '../errors/index.js';
import { assertFinite, Matrix } from '../linalg/matrix.js';
import { getBackend } from '../linalg/backend.js';
import { pinv } from '../linalg/solve.js';

function congruence(X: Matrix, M: Matrix): Matrix {
  // Xᵀ M X, symmetrised (M symmetric).
  const be = getBackend();
  const MX = new Matrix(M.rows, X.cols);
  be.gemm(false, false, 1, M, X, 0, MX);
  const out = new Matrix(X.cols, X.cols);
  be.gemm(true, false, 1, X, MX, 0, out);
  const n = out.rows;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (out.data[i * n + j] + out.data[j * n + i]);
      out.data[i * n + j] = v;
      out.data[j * n + i] = v;
    }
  }
  return out;
}

/**
 * Input RSM, RSM_I = Xᵀ W₁ᵀW₁ X (P × P): similarity of the hidden representations W₁x_n of the inputs
 * (spec §4.2). For one-hot/orthogonal items it is W₁ᵀW₁ up to the input scale.
 *
 * @param W1tW1 - N_i × N_i Gram matrix of the first layer
 * @param X - inputs N_i × P
 * @throws ShapeError when W1tW1 is not N_i × N_i; DomainError on NaN/Inf
 * @example
 * rsmInput(Matrix.identity(2), Matrix.from([[1, 0], [0, 2]])); // → [[1, 0], [0, 4]]
 */
export function rsmInput(W1tW1: Matrix, X: Matrix): Matrix {
  if (W1tW1.rows !== X.rows || W1tW1.cols !== X.rows) {
    throw ShapeError.mismatch('rsmInput', W1tW1.shape, X.shape, 'W₁ᵀW₁ must be N_i x N_i for inputs X of shape N_i x P');
  }
  assertFinite(W1tW1, 'rsmInput: W1tW1');
  assertFinite(X, 'rsmInput: X');
  return congruence(X, W1tW1);
}

/**
 * Output RSM, RSM_O = Yᵀ (W₂W₂ᵀ)⁺ Y (P × P), with the Moore–Penrose pseudo-inverse (spec §4.2 [T],
 * as in Braun et al. 2022).
 *
 * **Method.** `pinv` (thin SVD, cutoff max(N_o, N_o)·ε·σ₁) then Yᵀ(·)Y.
 *
 * @param W2W2t - N_o × N_o Gram matrix of the second layer
 * @param Y - targets N_o × P
 * @throws ShapeError when W2W2t is not N_o × N_o; DomainError on NaN/Inf
 * @example
 * rsmOutput(Matrix.from([[2, 0], [0, 0]]), Matrix.identity(2)); // → [[0.5, 0], [0, 0]]
 */
export function rsmOutput(W2W2t: Matrix, Y: Matrix): Matrix {
  if (W2W2t.rows !== Y.rows || W2W2t.cols !== Y.rows) {
    throw ShapeError.mismatch('rsmOutput', W2W2t.shape, Y.shape, 'W₂W₂ᵀ must be N_o x N_o for targets Y of shape N_o x P');
  }
  assertFinite(W2W2t, 'rsmOutput: W2W2t');
  assertFinite(Y, 'rsmOutput: Y');
  return congruence(Y, pinv(W2W2t));
}
