/**
 * The neural tangent kernel (NTK) of a two-layer linear network and its kernel distance, as
 * functions of the two Gram matrices W₁ᵀW₁ and W₂W₂ᵀ (Dominé et al., ICLR 2025; spec
 * `lazy-to-rich.md` §4.3, §4.4). Because the NTK depends only on the diagonal blocks of QQᵀ, the same
 * functions serve the closed form (`ExactState`) and simulations (pass `{ W1, W2 }` or `[W1, W2]`).
 *
 * For inputs x, x′ the output-space kernel (N_o × N_o) is
 *
 *     K(x, x′) = (xᵀ W₁ᵀW₁ x′) I_{N_o} + (xᵀx′) W₂W₂ᵀ.
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { assertFinite, Matrix } from '../linalg/matrix.js';
import { getBackend } from '../linalg/backend.js';
import type { TwoLayerWeights } from '../models/types.js';

/** The two Gram matrices that determine the NTK (the diagonal blocks of QQᵀ). */
export interface GramState {
  /** W₁ᵀW₁, N_i × N_i. */
  readonly W1tW1: Matrix;
  /** W₂W₂ᵀ, N_o × N_o. */
  readonly W2W2t: Matrix;
}

/** Anything the NTK functions accept: Gram matrices (e.g. an `ExactState`), `{ W1, W2 }` or `[W1, W2]`. */
export type NtkStateLike = GramState | TwoLayerWeights | readonly Matrix[];

/** Index order of the (N_o P)-dimensional kernel: `o·P + p` (output-major) or `p·N_o + o` (sample-major). */
export type NtkOrdering = 'output-major' | 'sample-major';

/**
 * The Gram matrices of a state: returned as is for a `GramState`, computed as W₁ᵀW₁ and W₂W₂ᵀ for
 * two-layer weights.
 *
 * @throws DomainError for a layer list that is not two layers, or non-finite weights; ShapeError when
 * W₂W₁ is not defined
 * @example
 * const W1 = Matrix.from([[1, 2]]); // N_h × N_i
 * const W2 = Matrix.from([[3]]); // N_o × N_h
 * gramState({ W1, W2 }).W1tW1; // → [[1, 2], [2, 4]]
 */
export function gramState(state: NtkStateLike): GramState {
  if (!Array.isArray(state) && 'W1tW1' in (state as object) && 'W2W2t' in (state as object)) {
    return state as GramState;
  }
  let W1: Matrix;
  let W2: Matrix;
  if (Array.isArray(state)) {
    if (state.length !== 2) {
      throw new DomainError(`gramState: the NTK formulas are for two-layer networks, got ${state.length} weight matrices.`);
    }
    [W1, W2] = state as readonly Matrix[];
  } else {
    ({ W1, W2 } = state as TwoLayerWeights);
  }
  if (!(W1 instanceof Matrix) || !(W2 instanceof Matrix)) {
    throw new DomainError('gramState: expected { W1tW1, W2W2t }, { W1, W2 } or [W1, W2] with Matrix entries.');
  }
  if (W2.cols !== W1.rows) {
    throw ShapeError.mismatch('gramState', W2.shape, W1.shape, 'W₂ must have N_h columns where W₁ has N_h rows');
  }
  assertFinite(W1, 'gramState: W1');
  assertFinite(W2, 'gramState: W2');
  const be = getBackend();
  const G1 = new Matrix(W1.cols, W1.cols);
  const G2 = new Matrix(W2.rows, W2.rows);
  be.gemm(true, false, 1, W1, W1, 0, G1);
  be.gemm(false, true, 1, W2, W2, 0, G2);
  return { W1tW1: G1, W2W2t: G2 };
}

function checkGrams(g: GramState, X: Matrix, what: string): void {
  const ni = X.rows;
  if (g.W1tW1.rows !== ni || g.W1tW1.cols !== ni) {
    throw ShapeError.mismatch(what, g.W1tW1.shape, X.shape, 'W₁ᵀW₁ must be N_i x N_i for inputs X of shape N_i x P');
  }
  if (g.W2W2t.rows !== g.W2W2t.cols) {
    throw new ShapeError(`${what}: W₂W₂ᵀ must be square, got ${g.W2W2t.rows}x${g.W2W2t.cols}.`);
  }
  assertFinite(g.W1tW1, `${what}: W1tW1`);
  assertFinite(g.W2W2t, `${what}: W2W2t`);
}

function congruence(X: Matrix, M: Matrix): Matrix {
  const be = getBackend();
  const MX = new Matrix(M.rows, X.cols);
  be.gemm(false, false, 1, M, X, 0, MX);
  const out = new Matrix(X.cols, X.cols);
  be.gemm(true, false, 1, X, MX, 0, out);
  return out;
}

/**
 * The NTK of a two-layer linear network on the training inputs, an (N_o P) × (N_o P) matrix
 * (Dominé et al. 2025, spec §4.3 [V]):
 * - output-major (index o·P + p): K = I_{N_o} ⊗ XᵀW₁ᵀW₁X + W₂W₂ᵀ ⊗ XᵀX (the authors' `get_ntk` [T]);
 * - sample-major (index p·N_o + o): K = XᵀX ⊗ W₂W₂ᵀ + XᵀW₁ᵀW₁X ⊗ I_{N_o}.
 * Both equal JJᵀ with J = ∂vec(W₂W₁X)/∂(W₁, W₂) (tested against {@link ntkFiniteDifference}).
 * Function-space dynamics: τ dŷ/dt = −K ∂L/∂ŷ with ∂L/∂ŷ_n = (ŷ_n − y_n)/P.
 *
 * This forms the full kernel; for distances and inner products use {@link ntkKernelDistance} /
 * {@link ntkInnerProduct}, which never do.
 *
 * @param W1tW1 - N_i × N_i
 * @param W2W2t - N_o × N_o
 * @param X - inputs N_i × P
 * @param options - `ordering` (default 'output-major')
 * @throws ShapeError / DomainError on bad shapes or non-finite entries
 * @example
 * ntk(Matrix.identity(1), Matrix.identity(1), Matrix.from([[1, 2]])); // → [[2, 4], [4, 8]]
 */
export function ntk(W1tW1: Matrix, W2W2t: Matrix, X: Matrix, options: { ordering?: NtkOrdering } = {}): Matrix {
  const ordering = options.ordering ?? 'output-major';
  if (ordering !== 'output-major' && ordering !== 'sample-major') {
    throw new DomainError(`ntk: ordering is "${String(ordering)}", expected "output-major" or "sample-major".`);
  }
  checkGrams({ W1tW1, W2W2t }, X, 'ntk');
  assertFinite(X, 'ntk: X');
  const P = X.cols;
  const no = W2W2t.rows;
  const G = congruence(X, W1tW1);
  const H = congruence(X, Matrix.identity(X.rows));
  const n = no * P;
  const K = new Matrix(n, n);
  for (let o = 0; o < no; o++) {
    for (let o2 = 0; o2 < no; o2++) {
      const m = W2W2t.data[o * no + o2];
      const delta = o === o2 ? 1 : 0;
      for (let p = 0; p < P; p++) {
        for (let p2 = 0; p2 < P; p2++) {
          const v = delta * G.data[p * P + p2] + m * H.data[p * P + p2];
          const row = ordering === 'output-major' ? o * P + p : p * no + o;
          const col = ordering === 'output-major' ? o2 * P + p2 : p2 * no + o2;
          K.data[row * n + col] = v;
        }
      }
    }
  }
  return K;
}

/** tr(AB) for symmetric-or-not square A, B of the same size (= Σ A_ij B_ji). */
function traceProduct(A: Matrix, B: Matrix): number {
  const n = A.rows;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += A.data[i * n + j] * B.data[j * n + i];
  return s;
}

function trace(A: Matrix): number {
  let s = 0;
  for (let i = 0; i < A.rows; i++) s += A.data[i * A.cols + i];
  return s;
}

/**
 * The Frobenius inner product ⟨K_a, K_b⟩_F of the NTKs of two states on inputs X, without forming
 * any (N_o P)² or even P × P matrix (Dominé et al. 2025, spec §4.4; the identity
 * ⟨A⊗B, C⊗D⟩ = tr(AᵀC) tr(BᵀD)).
 *
 * **Method.** With A = W₁ᵀW₁, M = W₂W₂ᵀ, S = XXᵀ (N_i × N_i), G = XᵀAX and H = XᵀX:
 * ⟨K_a, K_b⟩ = N_o tr(G_aG_b) + tr(M_b) tr(G_aH) + tr(M_a) tr(G_bH) + tr(M_aM_b) tr(H²), and
 * tr(G_aG_b) = tr(A_a S A_b S), tr(G H) = tr(A S²), tr(H²) = tr(S²). Cost O(N_i² P + N_i³ + N_o²).
 * The value does not depend on the ordering (a permutation of both indices).
 *
 * @throws ShapeError / DomainError on mismatched shapes or non-finite entries
 * @example
 * const state = { W1: Matrix.identity(2), W2: Matrix.identity(2) };
 * const X = Matrix.identity(2);
 * const g = gramState(state);
 * ntkInnerProduct(state, state, X) - frobeniusNorm(ntk(g.W1tW1, g.W2W2t, X)) ** 2; // → 0.000000
 */
export function ntkInnerProduct(a: NtkStateLike, b: NtkStateLike, X: Matrix): number {
  assertFinite(X, 'ntkInnerProduct: X');
  const ga = gramState(a);
  const gb = gramState(b);
  checkGrams(ga, X, 'ntkInnerProduct');
  checkGrams(gb, X, 'ntkInnerProduct');
  if (ga.W2W2t.rows !== gb.W2W2t.rows) {
    throw ShapeError.mismatch('ntkInnerProduct', ga.W2W2t.shape, gb.W2W2t.shape, 'both states must have the same N_o');
  }
  return innerFromGrams(ga, gb, X);
}

function innerFromGrams(ga: GramState, gb: GramState, X: Matrix, S0?: Matrix): number {
  const be = getBackend();
  const ni = X.rows;
  const no = ga.W2W2t.rows;
  let S = S0;
  if (S === undefined) {
    S = new Matrix(ni, ni);
    be.gemm(false, true, 1, X, X, 0, S);
  }
  const AS = new Matrix(ni, ni);
  const BS = new Matrix(ni, ni);
  const S2 = new Matrix(ni, ni);
  be.gemm(false, false, 1, ga.W1tW1, S, 0, AS);
  be.gemm(false, false, 1, gb.W1tW1, S, 0, BS);
  be.gemm(false, false, 1, S, S, 0, S2);
  const trGG = traceProduct(AS, BS);
  const trGaH = traceProduct(ga.W1tW1, S2);
  const trGbH = traceProduct(gb.W1tW1, S2);
  const trHH = trace(S2);
  const trMM = traceProduct(ga.W2W2t, gb.W2W2t);
  return no * trGG + trace(gb.W2W2t) * trGaH + trace(ga.W2W2t) * trGbH + trMM * trHH;
}

/**
 * The kernel distance S(K_a, K_b) = 1 − ⟨K_a, K_b⟩/(‖K_a‖‖K_b‖) (Fort et al. 2020) between the NTKs
 * of two states of a two-layer linear network on inputs X (Dominé et al. 2025, spec §4.4), by the
 * Kronecker identities of {@link ntkInnerProduct} — no (N_o P)² matrix is formed. Equals
 * `kernelDistance(ntk(a), ntk(b))` to rounding (tested < 1e-12), for either ordering.
 *
 * Typical use: S(K(0), K(t)) along a trajectory — `ntkKernelDistance(sol.at(0), sol.at(t), X)` or
 * with simulated `[W1, W2]`.
 *
 * **Special cases.** Clamped to [0, 2].
 *
 * @throws DomainError when either kernel is zero (distance undefined); ShapeError on mismatched shapes
 * @example
 * const task = semanticTask();
 * const init = lambdaBalancedInit({ lambda: 0, ni: 8, no: 8, scale: 0.01, stream: createRandom(0, 'init') });
 * const exact = exactSolution(task, init);
 * const X = Matrix.identity(8); // the whitened task's inputs
 * ntkKernelDistance(exact.at(0), exact.at(0), X); // → 0
 * ntkKernelDistance(exact.at(0), exact.at(20), X); // → 0.022
 */
export function ntkKernelDistance(a: NtkStateLike, b: NtkStateLike, X: Matrix): number {
  assertFinite(X, 'ntkKernelDistance: X');
  const ga = gramState(a);
  const gb = gramState(b);
  checkGrams(ga, X, 'ntkKernelDistance');
  checkGrams(gb, X, 'ntkKernelDistance');
  if (ga.W2W2t.rows !== gb.W2W2t.rows) {
    throw ShapeError.mismatch('ntkKernelDistance', ga.W2W2t.shape, gb.W2W2t.shape, 'both states must have the same N_o');
  }
  const ni = X.rows;
  const S = new Matrix(ni, ni);
  getBackend().gemm(false, true, 1, X, X, 0, S);
  const ab = innerFromGrams(ga, gb, X, S);
  const aa = innerFromGrams(ga, ga, X, S);
  const bb = innerFromGrams(gb, gb, X, S);
  if (!(aa > 0) || !(bb > 0)) {
    throw new DomainError('ntkKernelDistance: a kernel is identically zero (zero weights or zero inputs), so the distance is undefined.');
  }
  const cos = ab / (Math.sqrt(aa) * Math.sqrt(bb));
  return Math.min(2, Math.max(0, 1 - cos));
}

/**
 * The Jacobian J = ∂ vec(W₂W₁X) / ∂θ by central differences, θ = (row-major W₁, then row-major W₂);
 * rows follow `ordering` (as in {@link ntk}). A test helper for small networks: it forms J
 * explicitly ((N_o P) × (N_h(N_i + N_o)) entries).
 *
 * **Method.** ŷ is affine in each single weight, so the central difference has no truncation error;
 * only rounding (≈ ε‖ŷ‖/h) remains. Default h = 2⁻¹⁰.
 *
 * @example
 * const W1 = Matrix.from([[1, 0], [0, 1]]);
 * const W2 = Matrix.from([[1, 1]]);
 * const X = Matrix.identity(2);
 * const J = jacobianFiniteDifference({ W1, W2 }, X);
 * [J.rows, J.cols]; // → [2, 6]
 */
export function jacobianFiniteDifference(
  weights: TwoLayerWeights,
  X: Matrix,
  options: { ordering?: NtkOrdering; h?: number } = {},
): Matrix {
  const ordering = options.ordering ?? 'output-major';
  const h = options.h ?? 2 ** -10;
  if (!(h > 0) || !Number.isFinite(h)) throw new DomainError(`jacobianFiniteDifference: h = ${h}, expected a finite step > 0.`);
  const W1 = weights.W1.clone();
  const W2 = weights.W2.clone();
  if (W2.cols !== W1.rows || W1.cols !== X.rows) {
    throw new ShapeError(`jacobianFiniteDifference: W1 ${W1.rows}x${W1.cols}, W2 ${W2.rows}x${W2.cols} and X ${X.rows}x${X.cols} do not chain (W2·W1·X).`);
  }
  assertFinite(W1, 'jacobianFiniteDifference: W1');
  assertFinite(W2, 'jacobianFiniteDifference: W2');
  assertFinite(X, 'jacobianFiniteDifference: X');
  const no = W2.rows;
  const P = X.cols;
  const n = no * P;
  const params = [W1, W2];
  const nParams = W1.data.length + W2.data.length;
  const J = new Matrix(n, nParams);
  const be = getBackend();
  const H = new Matrix(W1.rows, P);
  const F = new Matrix(no, P);
  const evalF = (out: Float64Array): void => {
    be.gemm(false, false, 1, W1, X, 0, H);
    be.gemm(false, false, 1, W2, H, 0, F);
    for (let o = 0; o < no; o++) {
      for (let p = 0; p < P; p++) out[ordering === 'output-major' ? o * P + p : p * no + o] = F.data[o * P + p];
    }
  };
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  let col = 0;
  for (const M of params) {
    for (let i = 0; i < M.data.length; i++, col++) {
      const keep = M.data[i];
      M.data[i] = keep + h;
      evalF(plus);
      M.data[i] = keep - h;
      evalF(minus);
      M.data[i] = keep;
      for (let r = 0; r < n; r++) J.data[r * nParams + col] = (plus[r] - minus[r]) / (2 * h);
    }
  }
  return J;
}

/**
 * The empirical NTK JJᵀ from {@link jacobianFiniteDifference} (a test reference for {@link ntk}).
 *
 * @example
 * const W1 = Matrix.from([[1, 0], [0, 1]]);
 * const W2 = Matrix.from([[1, 1]]);
 * const X = Matrix.identity(2);
 * const g = gramState({ W1, W2 });
 * const K = ntk(g.W1tW1, g.W2W2t, X, { ordering: 'sample-major' });
 * relativeError(ntkFiniteDifference({ W1, W2 }, X, { ordering: 'sample-major' }), K) < 1e-6; // → true
 */
export function ntkFiniteDifference(
  weights: TwoLayerWeights,
  X: Matrix,
  options: { ordering?: NtkOrdering; h?: number } = {},
): Matrix {
  const J = jacobianFiniteDifference(weights, X, options);
  const K = new Matrix(J.rows, J.rows);
  getBackend().gemm(false, true, 1, J, J, 0, K);
  return K;
}
