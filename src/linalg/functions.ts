/**
 * Matrix functions: functions of symmetric matrices through the eigendecomposition (`funmSym`,
 * `sqrtmPsd`, `invSqrtmPsd`, `powerPsd`, `expmSym`) and the exponential of a general square
 * matrix (`expm`).
 *
 * **Symmetric functions.** For a symmetric A = V diag(λ) Vᵀ (`backend.eigh`), f(A) = V diag(f(λ)) Vᵀ
 * (Higham, *Functions of Matrices*, SIAM 2008, §4.5 and Def. 1.2). Input must be symmetric to a
 * relative tolerance `symmetryTolerance` (default 1e-10 on ‖A − Aᵀ‖_F/‖A‖_F, see symmetry.ts), else a
 * DomainError names the asymmetry; within the tolerance the symmetric part (A + Aᵀ)/2 is used.
 * Results are exactly symmetric. The error is about ε·‖A‖ in the eigenvalues, so for a
 * well-conditioned f the relative error of f(A) is a small multiple of ε·cond.
 *
 * **PSD functions.** `sqrtmPsd`, `invSqrtmPsd` and `powerPsd` need A positive semi-definite:
 * eigenvalues below −psdTol·‖A‖₂ (default psdTol = 1e-10) raise a DomainError ("not positive
 * semi-definite: smallest eigenvalue …"); eigenvalues in [−psdTol·‖A‖₂, 0) are rounding noise and
 * are clipped to 0. Negative powers (including the inverse square root) additionally need A
 * nonsingular: a (clipped) smallest eigenvalue ≤ n·ε·‖A‖₂ raises a DomainError saying A is singular.
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { getBackend, type LinalgBackend } from './backend.js';
import { assertFinite, Matrix } from './matrix.js';
import { estimateOneNorm, oneNormUnchecked } from './norms.js';
import type { BackendOption } from './ops.js';
import { assertSymmetric, DEFAULT_SYMMETRY_TOLERANCE } from './symmetry.js';

const EPS = Number.EPSILON;

/** Options of the symmetric matrix functions. */
export interface SymmetricFunctionOptions extends BackendOption {
  /** Relative symmetry tolerance; default 1e-10 (see the module comment). */
  symmetryTolerance?: number;
}

/** Options of the PSD matrix functions. */
export interface PsdFunctionOptions extends SymmetricFunctionOptions {
  /** Eigenvalues below −psdTol·‖A‖₂ mean "not PSD"; default 1e-10 (see the module comment). */
  psdTol?: number;
}

/** Default relative tolerance for "not positive semi-definite". */
export const DEFAULT_PSD_TOL = 1e-10;

function requireSquare(op: string, A: Matrix): void {
  if (A.rows !== A.cols) {
    throw new ShapeError(`${op}: needs a square matrix, got ${A.rows}x${A.cols}.`);
  }
}

/** Checks and symmetric eigendecomposition of the symmetric part of A. */
function symmetricEigen(
  op: string,
  A: Matrix,
  options: SymmetricFunctionOptions,
): { values: Float64Array; vectors: Matrix; backend: LinalgBackend } {
  requireSquare(op, A);
  assertFinite(A, `${op}: A`);
  assertSymmetric(op, A, options.symmetryTolerance ?? DEFAULT_SYMMETRY_TOLERANCE);
  const n = A.rows;
  const S = new Matrix(n, n);
  const a = A.data;
  const s = S.data;
  for (let i = 0; i < n; i++) {
    s[i * n + i] = a[i * n + i];
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (a[i * n + j] + a[j * n + i]);
      s[i * n + j] = v;
      s[j * n + i] = v;
    }
  }
  const backend = options.backend ?? getBackend();
  const { values, vectors } = backend.eigh(S);
  return { values, vectors, backend };
}

/** V diag(f) Vᵀ, exactly symmetrised. */
function reconstruct(vectors: Matrix, f: Float64Array, backend: LinalgBackend): Matrix {
  const n = vectors.rows;
  const W = vectors.clone();
  const w = W.data;
  for (let i = 0; i < n; i++) {
    const r = i * n;
    for (let j = 0; j < n; j++) w[r + j] *= f[j];
  }
  const out = new Matrix(n, n);
  backend.gemm(false, true, 1, W, vectors, 0, out);
  const o = out.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (o[i * n + j] + o[j * n + i]);
      o[i * n + j] = v;
      o[j * n + i] = v;
    }
  }
  return out;
}

function applyChecked(op: string, values: Float64Array, f: (lambda: number) => number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = f(values[i]);
    if (!Number.isFinite(v)) {
      throw new DomainError(
        `${op}: the function is ${v} at the eigenvalue ${values[i]}; f must be finite on the spectrum of A.`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * f(A) = V diag(f(λ)) Vᵀ for a symmetric matrix A = V diag(λ) Vᵀ and a scalar function f.
 *
 * **Method.** `backend.eigh` of the symmetric part, f applied to each eigenvalue, one product.
 *
 * **Special cases.** 0×0 gives 0×0. f must be finite at every eigenvalue (DomainError otherwise).
 *
 * @throws ShapeError when A is not square; DomainError when A is not symmetric, has NaN/Inf
 * entries, or f is not finite on its spectrum
 * @example funmSym(Matrix.from([[2, 0], [0, 3]]), (x) => x * x); // → [[4, 0], [0, 9]]
 */
export function funmSym(A: Matrix, f: (lambda: number) => number, options: SymmetricFunctionOptions = {}): Matrix {
  const { values, vectors, backend } = symmetricEigen('funmSym', A, options);
  return reconstruct(vectors, applyChecked('funmSym', values, f), backend);
}

/** The PSD check and clipping shared by the PSD functions; returns clipped eigenvalues and ‖A‖₂. */
function psdEigen(
  op: string,
  A: Matrix,
  options: PsdFunctionOptions,
): { values: Float64Array; vectors: Matrix; backend: LinalgBackend; norm: number } {
  const psdTol = options.psdTol ?? DEFAULT_PSD_TOL;
  if (!(psdTol >= 0) || !Number.isFinite(psdTol)) {
    throw new DomainError(`${op}: psdTol is ${psdTol}, expected a finite number ≥ 0.`);
  }
  const e = symmetricEigen(op, A, options);
  const n = e.values.length;
  if (n === 0) return { ...e, norm: 0 };
  const lo = e.values[0];
  const hi = e.values[n - 1];
  const norm = Math.max(Math.abs(lo), Math.abs(hi));
  if (lo < -psdTol * norm) {
    throw new DomainError(
      `${op}: the ${n}x${n} matrix is not positive semi-definite: smallest eigenvalue ${lo.toExponential(3)} is below -${psdTol} x ||A||_2 = ${(-psdTol * norm).toExponential(3)}.`,
    );
  }
  const values = e.values.slice();
  for (let i = 0; i < n; i++) if (values[i] < 0) values[i] = 0;
  return { values, vectors: e.vectors, backend: e.backend, norm };
}

function assertNonsingularPsd(op: string, values: Float64Array, norm: number): void {
  const n = values.length;
  if (n === 0) return;
  const lo = values[0];
  if (lo <= n * EPS * norm) {
    throw new DomainError(
      `${op}: the ${n}x${n} positive semi-definite matrix is singular to working precision (smallest eigenvalue ${lo.toExponential(3)} <= n*eps*||A||_2 = ${(n * EPS * norm).toExponential(3)}); regularise it, e.g. add a multiple of the identity.`,
    );
  }
}

/**
 * The principal square root A^{1/2} of a symmetric positive semi-definite matrix: the unique PSD X
 * with X² = A.
 *
 * **Method.** Eigendecomposition, X = V diag(√max(λ, 0)) Vᵀ (Higham 2008, Thm. 1.29 and §6.1).
 * Eigenvalues in [−psdTol·‖A‖₂, 0) are clipped to 0 (see the module comment).
 *
 * @throws DomainError when A is not symmetric, not PSD, or has NaN/Inf entries; ShapeError when not square
 * @example sqrtmPsd(Matrix.from([[4, 0], [0, 9]])); // → [[2, 0], [0, 3]]
 */
export function sqrtmPsd(A: Matrix, options: PsdFunctionOptions = {}): Matrix {
  const { values, vectors, backend } = psdEigen('sqrtmPsd', A, options);
  return reconstruct(vectors, values.map(Math.sqrt), backend);
}

/**
 * The inverse principal square root A^{−1/2} of a symmetric positive definite matrix.
 *
 * **Method.** Eigendecomposition, V diag(1/√λ) Vᵀ.
 *
 * @throws DomainError when A is not symmetric, not PSD, singular to working precision (smallest
 * eigenvalue ≤ n·ε·‖A‖₂), or has NaN/Inf entries; ShapeError when not square
 * @example invSqrtmPsd(Matrix.from([[4, 0], [0, 9]])); // → [[0.5, 0], [0, 0.333333]]
 */
export function invSqrtmPsd(A: Matrix, options: PsdFunctionOptions = {}): Matrix {
  const { values, vectors, backend, norm } = psdEigen('invSqrtmPsd', A, options);
  assertNonsingularPsd('invSqrtmPsd', values, norm);
  return reconstruct(vectors, values.map((x) => 1 / Math.sqrt(x)), backend);
}

/**
 * The real power A^p of a symmetric positive semi-definite matrix (principal branch).
 *
 * **Method.** Eigendecomposition, V diag(λᵖ) Vᵀ (Higham 2008, §11.1 for fractional powers).
 *
 * **Special cases.** p = 0 gives the identity (also for singular A, as λ⁰ = 1). p < 0 needs A
 * nonsingular. p = 1/2 equals {@link sqrtmPsd}.
 *
 * @throws DomainError when p is not finite, A is not symmetric or not PSD, p < 0 and A is singular,
 * or A has NaN/Inf entries; ShapeError when not square
 * @example powerPsd(Matrix.from([[4, 0], [0, 9]]), 1.5); // → [[8, 0], [0, 27]]
 */
export function powerPsd(A: Matrix, p: number, options: PsdFunctionOptions = {}): Matrix {
  if (!Number.isFinite(p)) throw new DomainError(`powerPsd: the exponent is ${p}, expected a finite number.`);
  const { values, vectors, backend, norm } = psdEigen('powerPsd', A, options);
  if (p === 0) return Matrix.identity(A.rows);
  if (p < 0) assertNonsingularPsd('powerPsd', values, norm);
  return reconstruct(vectors, applyChecked('powerPsd', values, (x) => Math.pow(x, p)), backend);
}

/**
 * The exponential e^A of a symmetric matrix.
 *
 * **Method.** Eigendecomposition, V diag(e^λ) Vᵀ. For a symmetric A the relative condition number
 * of e^A in the 2-norm is ‖A‖₂ (Higham 2008, §10.2), so the relative error is about ε·‖A‖₂.
 *
 * @throws DomainError when A is not symmetric, has NaN/Inf entries, or e^λ overflows (λ > 709.78);
 * ShapeError when not square
 * @example expmSym(Matrix.from([[0, 0], [0, 1]])); // → [[1, 0], [0, 2.718282]] (e)
 */
export function expmSym(A: Matrix, options: SymmetricFunctionOptions = {}): Matrix {
  const { values, vectors, backend } = symmetricEigen('expmSym', A, options);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(Math.exp(values[i]))) {
      throw new DomainError(
        `expmSym: e^A overflows: the largest eigenvalue ${values[values.length - 1].toExponential(3)} exceeds 709.78, the largest x with finite e^x.`,
      );
    }
  }
  return reconstruct(vectors, values.map(Math.exp), backend);
}

// ---------------------------------------------------------------------------------------------
// General expm: scaling and squaring with Padé approximants (Al-Mohy & Higham 2009).

/**
 * θ_m: the largest ‖2⁻ˢA‖ for which r_m has backward error ≤ u = 2⁻⁵³ (Higham 2005, Table 2.3;
 * θ₁₃ = 4.25 as chosen by Al-Mohy & Higham 2009, §5).
 */
const THETA: Record<number, number> = {
  3: 1.495585217958292e-2,
  5: 2.539398330063230e-1,
  7: 9.504178996162932e-1,
  9: 2.097847961257068e0,
  13: 4.25,
};

/** Numerator coefficients b_0…b_m of the [m/m] Padé approximant of e^x (Higham 2005, §2). */
const PADE: Record<number, readonly number[]> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
    10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
  ],
};

/** 1/|c_{2m+1}| = (2m)!(2m+1)!/(m!)², c_{2m+1} the leading coefficient of e^x − r_m(x) (Al-Mohy & Higham 2009, §5). */
const INV_LEADING_ERROR_COEF: Record<number, number> = {
  3: 100800,
  5: 10059033600,
  7: 4487938430976000,
  9: 5914384781877411840000,
  13: 113250775606021113483283660800000000,
};

const LOG2_U = -53;

/**
 * The exponential e^A = Σₖ Aᵏ/k! of a general square matrix.
 *
 * **Method.** The scaling and squaring algorithm of Al-Mohy & Higham, "A new scaling and squaring
 * algorithm for the matrix exponential", *SIAM J. Matrix Anal. Appl.* 31 (2009) 970–989, Alg. 5.1
 * (the algorithm of SciPy's `expm` and MATLAB's `expm` since R2015b), built on Higham, "The scaling
 * and squaring method for the matrix exponential revisited", *SIAM J. Matrix Anal. Appl.* 26 (2005)
 * 1179–1193: the Padé degree m ∈ {3, 5, 7, 9, 13} and the scaling s are chosen from
 * dₖ = ‖Aᵏ‖₁^{1/k} (k = 4, 6, 8, 10; estimated with `estimateOneNorm` when the power is not
 * formed) instead of ‖A‖₁, which avoids overscaling for non-normal matrices, and the correction
 * ℓ(A, m) (computed from ‖|A|^{2m+1}‖₁, here exactly in log-scaled arithmetic) guards against
 * underscaling. Then r_m(2⁻ˢA) = (−U + V)⁻¹(U + V) by LU with partial pivoting, squared s times.
 * For an upper (or lower) triangular A, the diagonal and first super- (sub-)diagonal are recomputed
 * exactly after every squaring (Al-Mohy & Higham 2009, Code Fragment 2.1, with Higham 2008,
 * eq. (10.42)), as SciPy does.
 *
 * **Special cases.** A diagonal A (the zero matrix, 1×1) gives diag(e^{aᵢᵢ}) exactly. A nilpotent
 * A has ‖Aᵏ‖ = 0 for large k, so no scaling is applied and the result is accurate. 0×0 gives 0×0.
 * A result with entries beyond the double range raises a DomainError instead of returning ∞.
 *
 * @throws ShapeError when A is not square; DomainError on NaN/Inf entries or overflow of e^A
 * @example expm(Matrix.from([[0, 1], [0, 0]])); // → [[1, 1], [0, 1]]
 * @example expm(Matrix.from([[0, -Math.PI], [Math.PI, 0]])); // → [[-1.000000, 0.000000], [0.000000, -1.000000]] (−I)
 */
export function expm(A: Matrix, options: BackendOption = {}): Matrix {
  requireSquare('expm', A);
  assertFinite(A, 'expm: A');
  const n = A.rows;
  const a = A.data;
  if (n === 0) return new Matrix(0, 0);
  const shape = triangularShape(A);
  if (shape === 'diagonal') {
    const out = new Matrix(n, n);
    for (let i = 0; i < n; i++) out.data[i * n + i] = Math.exp(a[i * n + i]);
    assertNoOverflow(out, A);
    return out;
  }
  const backend = options.backend ?? getBackend();
  if (shape === 'lower') {
    // e^{Aᵀ} = (e^A)ᵀ: reuse the upper-triangular path.
    const T = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) T.data[j * n + i] = a[i * n + j];
    const E = expmGeneral(T, true, backend);
    const out = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out.data[j * n + i] = E.data[i * n + j];
    assertNoOverflow(out, A);
    return out;
  }
  const out = expmGeneral(A, shape === 'upper', backend);
  assertNoOverflow(out, A);
  return out;
}

function assertNoOverflow(E: Matrix, A: Matrix): void {
  const e = E.data;
  for (let i = 0; i < e.length; i++) {
    if (!Number.isFinite(e[i])) {
      throw new DomainError(
        `expm: e^A overflows the double range for this ${A.rows}x${A.cols} matrix (1-norm ${oneNormUnchecked(A).toExponential(3)}); rescale the problem (e.g. a shorter time step).`,
      );
    }
  }
}

function triangularShape(A: Matrix): 'diagonal' | 'upper' | 'lower' | 'general' {
  const n = A.rows;
  const a = A.data;
  let upper = true; // all entries below the diagonal are zero
  let lower = true; // all entries above the diagonal are zero
  for (let i = 0; i < n && (upper || lower); i++) {
    for (let j = 0; j < n; j++) {
      if (a[i * n + j] !== 0) {
        if (j < i) upper = false;
        else if (j > i) lower = false;
      }
    }
  }
  if (upper && lower) return 'diagonal';
  if (upper) return 'upper';
  if (lower) return 'lower';
  return 'general';
}

function product(X: Matrix, Y: Matrix, backend: LinalgBackend): Matrix {
  const C = new Matrix(X.rows, Y.cols);
  backend.gemm(false, false, 1, X, Y, 0, C);
  return C;
}

function matvecPlain(X: Matrix, x: Float64Array, trans: boolean): Float64Array {
  const n = X.rows;
  const d = X.data;
  const y = new Float64Array(n);
  if (!trans) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      const r = i * n;
      for (let j = 0; j < n; j++) s += d[r + j] * x[j];
      y[i] = s;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      const r = i * n;
      for (let j = 0; j < n; j++) y[j] += d[r + j] * xi;
    }
  }
  return y;
}

/** Estimate of ‖F₁F₂⋯F_k‖₁ (the product is never formed). */
function productOneNormEstimate(factors: Matrix[]): number {
  const n = factors[0].rows;
  return estimateOneNorm(
    n,
    (x) => {
      let y = x;
      for (let i = factors.length - 1; i >= 0; i--) y = matvecPlain(factors[i], y, false);
      return y;
    },
    (x) => {
      let y = x;
      for (let i = 0; i < factors.length; i++) y = matvecPlain(factors[i], y, true);
      return y;
    },
  );
}

/** log₂ ‖|A|ᵖ‖₁, computed exactly (up to rounding) by p vector products with log scaling; −∞ when zero. */
function log2OneNormAbsPower(A: Matrix, p: number): number {
  const n = A.rows;
  const a = A.data;
  let v = new Float64Array(n).fill(1); // row vector 1ᵀ|A|^k, rescaled
  let log2Scale = 0;
  for (let k = 0; k < p; k++) {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const vi = v[i];
      if (vi === 0) continue;
      const r = i * n;
      for (let j = 0; j < n; j++) w[j] += vi * Math.abs(a[r + j]);
    }
    let m = 0;
    for (let j = 0; j < n; j++) if (w[j] > m) m = w[j];
    if (m === 0) return -Infinity;
    for (let j = 0; j < n; j++) w[j] /= m;
    log2Scale += Math.log2(m);
    v = w;
  }
  return log2Scale; // max entry of v is 1 after rescaling
}

/**
 * ℓ(2⁻ˢA, m) = max(⌈log₂(α/u)/(2m)⌉, 0) with α = |c_{2m+1}| ‖|2⁻ˢA|^{2m+1}‖₁ / ‖2⁻ˢA‖₁
 * (Al-Mohy & Higham 2009, §5). `log2AbsPowerNorm` is log₂‖|A|^{2m+1}‖₁ for the unscaled A.
 */
function ell(log2AbsPowerNorm: number, oneNormA: number, m: number, s: number): number {
  if (log2AbsPowerNorm === -Infinity || oneNormA === 0) return 0;
  const p = 2 * m + 1;
  const log2Alpha = log2AbsPowerNorm - s * p - Math.log2(INV_LEADING_ERROR_COEF[m]) - (Math.log2(oneNormA) - s);
  const value = Math.ceil((log2Alpha - LOG2_U) / (2 * m));
  return Math.max(value, 0);
}

/**
 * Above this 1-norm, A is first scaled by a power of two so that A⁶ cannot overflow
 * nor can the estimated ‖A¹⁰‖₁ (1e30¹⁰ = 1e300); the extra squarings are added to s.
 */
const PRESCALE_NORM = 1e30;

function expmGeneral(A: Matrix, upperTriangular: boolean, backend: LinalgBackend): Matrix {
  const normA = oneNormUnchecked(A);
  const s0 = normA > PRESCALE_NORM ? Math.ceil(Math.log2(normA / PRESCALE_NORM)) : 0;
  const { R, s } = padeAndScaling(s0 === 0 ? A : scaled(A, Math.pow(2, -s0)), backend);
  return finish(A, R, s + s0, upperTriangular, backend);
}

/** Chooses m and s and returns r_m(2⁻ˢA) and s (Al-Mohy & Higham 2009, Alg. 5.1 steps 1–13). */
function padeAndScaling(A: Matrix, backend: LinalgBackend): { R: Matrix; s: number } {
  const n = A.rows;
  const normA = oneNormUnchecked(A);
  const I = Matrix.identity(n);
  const A2 = product(A, A, backend);
  const ellAt = (m: number, s: number) => ell(log2OneNormAbsPower(A, 2 * m + 1), normA, m, s);

  // Degree 3.
  const d4Est = Math.pow(productOneNormEstimate([A2, A2]), 1 / 4);
  let d6 = Math.pow(productOneNormEstimate([A2, A2, A2]), 1 / 6);
  const eta1 = Math.max(d4Est, d6);
  if (eta1 <= THETA[3] && ellAt(3, 0) === 0) {
    return { R: padeLowDegree(A, [A2], 3, backend), s: 0 };
  }
  // Degree 5.
  const A4 = product(A2, A2, backend);
  const d4 = Math.pow(oneNormUnchecked(A4), 1 / 4);
  const eta2 = Math.max(d4, d6);
  if (eta2 <= THETA[5] && ellAt(5, 0) === 0) {
    return { R: padeLowDegree(A, [A2, A4], 5, backend), s: 0 };
  }
  // Degrees 7 and 9.
  const A6 = product(A2, A4, backend);
  d6 = Math.pow(oneNormUnchecked(A6), 1 / 6);
  const d8 = Math.pow(productOneNormEstimate([A4, A4]), 1 / 8);
  const eta3 = Math.max(d6, d8);
  if (eta3 <= THETA[7] && ellAt(7, 0) === 0) {
    return { R: padeLowDegree(A, [A2, A4, A6], 7, backend), s: 0 };
  }
  if (eta3 <= THETA[9] && ellAt(9, 0) === 0) {
    const A8 = product(A4, A4, backend);
    return { R: padeLowDegree(A, [A2, A4, A6, A8], 9, backend), s: 0 };
  }
  // Degree 13 with scaling.
  const eta4 = Math.max(d8, Math.pow(productOneNormEstimate([A4, A6]), 1 / 10));
  const eta5 = Math.min(eta3, eta4);
  let s = eta5 === 0 ? 0 : Math.max(Math.ceil(Math.log2(eta5 / THETA[13])), 0);
  s += ellAt(13, s);
  const c1 = Math.pow(2, -s);
  const As = scaled(A, c1);
  const A2s = scaled(A2, c1 * c1);
  const A4s = scaled(A4, Math.pow(c1, 4));
  const A6s = scaled(A6, Math.pow(c1, 6));
  return { R: pade13(As, A2s, A4s, A6s, I, backend), s };
}

function scaled(X: Matrix, c: number): Matrix {
  const out = X.clone();
  const d = out.data;
  for (let i = 0; i < d.length; i++) d[i] *= c;
  return out;
}

/** r_m(A) for m ∈ {3, 5, 7, 9} from the even powers [A², A⁴, …, A^{m−1}]. */
function padeLowDegree(A: Matrix, evenPowers: Matrix[], m: number, backend: LinalgBackend): Matrix {
  const b = PADE[m];
  const n = A.rows;
  const Uinner = new Matrix(n, n);
  const V = new Matrix(n, n);
  const ui = Uinner.data;
  const v = V.data;
  for (let k = 0; k < n; k++) {
    ui[k * n + k] = b[1];
    v[k * n + k] = b[0];
  }
  for (let j = 0; j < evenPowers.length; j++) {
    const P = evenPowers[j].data;
    const bu = b[2 * j + 3];
    const bv = b[2 * j + 2];
    for (let k = 0; k < P.length; k++) {
      ui[k] += bu * P[k];
      v[k] += bv * P[k];
    }
  }
  const U = product(A, Uinner, backend);
  return solvePade(U, V, backend);
}

/** r_13(A) from A, A², A⁴, A⁶ (Higham 2005, eq. (2.11) arrangement). */
function pade13(A: Matrix, A2: Matrix, A4: Matrix, A6: Matrix, I: Matrix, backend: LinalgBackend): Matrix {
  const b = PADE[13];
  const n = A.rows;
  const len = n * n;
  const a2 = A2.data;
  const a4 = A4.data;
  const a6 = A6.data;
  const id = I.data;
  const W1 = new Matrix(n, n);
  const W2 = new Matrix(n, n);
  const Z1 = new Matrix(n, n);
  const Z2 = new Matrix(n, n);
  for (let k = 0; k < len; k++) {
    W1.data[k] = b[13] * a6[k] + b[11] * a4[k] + b[9] * a2[k];
    W2.data[k] = b[7] * a6[k] + b[5] * a4[k] + b[3] * a2[k] + b[1] * id[k];
    Z1.data[k] = b[12] * a6[k] + b[10] * a4[k] + b[8] * a2[k];
    Z2.data[k] = b[6] * a6[k] + b[4] * a4[k] + b[2] * a2[k] + b[0] * id[k];
  }
  // W = A6 W1 + W2; U = A W; V = A6 Z1 + Z2.
  backend.gemm(false, false, 1, A6, W1, 1, W2);
  const U = product(A, W2, backend);
  backend.gemm(false, false, 1, A6, Z1, 1, Z2);
  return solvePade(U, Z2, backend);
}

/** (V − U)⁻¹ (V + U) by LU with partial pivoting. */
function solvePade(U: Matrix, V: Matrix, backend: LinalgBackend): Matrix {
  const n = U.rows;
  const P = new Matrix(n, n);
  const Q = new Matrix(n, n);
  for (let k = 0; k < n * n; k++) {
    P.data[k] = V.data[k] + U.data[k];
    Q.data[k] = V.data[k] - U.data[k];
  }
  const f = backend.lu(Q);
  if (f.singular) {
    // Cannot happen for ‖2⁻ˢA‖ within θ_m (Higham 2005, §4), but guard against a silent Inf.
    throw new DomainError(`expm: the Padé denominator is singular for this ${n}x${n} matrix; this is a bug, please report it.`);
  }
  return backend.luSolve(f, P);
}

/**
 * Squares R s times; for upper-triangular A, recomputes the diagonal and first superdiagonal of
 * e^{2^{-i}A} exactly at every stage (Al-Mohy & Higham 2009, Code Fragment 2.1).
 */
function finish(A: Matrix, R: Matrix, s: number, upperTriangular: boolean, backend: LinalgBackend): Matrix {
  let X = R;
  if (upperTriangular) fixTriangular(X, A, Math.pow(2, -s));
  for (let i = s - 1; i >= 0; i--) {
    X = product(X, X, backend);
    if (upperTriangular) fixTriangular(X, A, Math.pow(2, -i));
  }
  return X;
}

/** Sets diag(X) = e^{c·aᵢᵢ} and the superdiagonal to the exact values for e^{cA}. */
function fixTriangular(X: Matrix, A: Matrix, c: number): void {
  const n = A.rows;
  const a = A.data;
  const x = X.data;
  for (let i = 0; i < n; i++) x[i * n + i] = Math.exp(c * a[i * n + i]);
  for (let i = 0; i + 1 < n; i++) {
    const l1 = c * a[i * n + i];
    const l2 = c * a[(i + 1) * n + i + 1];
    const t = c * a[i * n + i + 1];
    x[i * n + i + 1] = t * expDividedDifference(l1, l2);
  }
}

/** (e^{λ₂} − e^{λ₁})/(λ₂ − λ₁), accurate also for close λ (Higham 2008, eq. (10.42)). */
function expDividedDifference(l1: number, l2: number): number {
  const d = 0.5 * (l2 - l1);
  if (Math.abs(d) > 0.5) return (Math.exp(l2) - Math.exp(l1)) / (l2 - l1);
  const mean = 0.5 * (l1 + l2);
  const sinhc = Math.abs(d) < 1e-4 ? 1 + (d * d) / 6 + (d * d * d * d) / 120 : Math.sinh(d) / d;
  return Math.exp(mean) * sinhc;
}
