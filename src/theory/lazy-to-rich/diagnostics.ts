/**
 * Assumption checks and diagnostics of the exact λ-balanced solution (Dominé et al., ICLR 2025;
 * spec `lazy-to-rich.md` §1 (A1–A4), §3.3 (B-singularity) and §3.5 (regimes, delayed-rich rate)).
 *
 * @module
 */
import { DomainError, LazyrichError, ShapeError } from '../../errors/index.js';
import type { LinalgBackend } from '../../linalg/backend.js';
import { getBackend } from '../../linalg/backend.js';
import { svdValues } from '../../linalg/decompositions.js';
import { Matrix, assertFinite } from '../../linalg/matrix.js';
import { slogdet } from '../../linalg/solve.js';
import { measureBalance } from '../../init/index.js';
import { requireWhitened, taskSvd, type LinearTask, type TaskSvd } from '../../tasks/index.js';
import { spectralFactors, type SpectralFactors } from './eigen-f.js';
import type { ExactDiagnostics, ExactSolutionOptions, Regime, ShapeClass } from './types.js';

/** Default largest relative balance deviation accepted by the closed form. */
export const DEFAULT_BALANCE_TOLERANCE = 1e-8;
/** Default smallest 1/cond₂(B) accepted by the closed form (spec §3.3 implementation rule). */
export const DEFAULT_SINGULAR_TOLERANCE = 1e-10;
/** |λ|/(2s̃₁) below which the regime is `rich`. */
export const RICH_RATIO = 0.1;
/** |λ|/(2s̃₁) above which the regime is `lazy` (matching direction) or `delayed-rich` (mismatched). */
export const LAZY_RATIO = 2;

const fmt = (x: number): string => (x === 0 || !Number.isFinite(x) ? String(x) : Number(x.toPrecision(3)).toString());

/**
 * The rate of the slow ("delayed rich") phase: min_α (k_α − |λ|/2) = min_α s̃_α² / (k_α + |λ|/2),
 * with k_α = √(s̃_α² + λ²/4).
 *
 * Dominé et al. 2025, spec §3.5 ("|λ| → ∞, mismatched direction") and recipe R9: for a funnel
 * (N_i > N_o) with λ < 0 or an inverted funnel (N_o > N_i) with λ > 0, ‖W(t) − Σ_yx‖ decays at this
 * rate (per unit t/τ) after the initial lazy phase; ≈ s̃_min²/|λ| for |λ| ≫ s̃. Assumes whitened
 * inputs and a λ-balanced init with N_h = min(N_i, N_o).
 *
 * **Method.** The cancellation-free form s̃²/(k + |λ|/2) (the difference k − |λ|/2 loses all digits
 * when |λ| ≫ s̃).
 *
 * **Special cases.** λ = 0 gives s̃_min (then it is not a delayed phase: at λ = 0 rectangular nets
 * converge at this rate too). A task with s̃_min = 0 gives 0. The value is a property of the task and
 * λ; whether a slow phase actually occurs depends on the direction (see `regime` in
 * {@link diagnoseExact}).
 *
 * Measured (test/theory/lazy-to-rich/diagnostics.test.ts): the decay rate of ‖W − Σ‖ fitted between
 * t = 1000 and 1500 in a DOP853 simulation of a 7-3-3 net at λ = −10 is 0.00755777, against 0.00755777
 * predicted (relative difference 7e-7; the test asserts 1%).
 *
 * @param task - a task (only Σ_yx's singular values are used)
 * @param lambda - balance λ (finite)
 * @returns the slowest per-mode rate, ≥ 0
 * @throws DomainError when λ is not finite
 *
 * @example
 * delayedRichRate(whitenedTask(Matrix.from([[1, 0, 0], [0, 2, 0]])), -10); // → 0.0990 (1/(√26 + 5))
 */
export function delayedRichRate(task: Pick<LinearTask, 'sigmaYX'>, lambda: number): number {
  if (!Number.isFinite(lambda)) throw new DomainError(`delayedRichRate: lambda is ${lambda}; pass a finite balance λ.`);
  const s = svdValues(task.sigmaYX, { name: 'delayedRichRate: Σ_yx' });
  let min = Infinity;
  for (let a = 0; a < s.length; a++) {
    const k = Math.hypot(s[a], lambda / 2);
    const rate = k === 0 ? 0 : (s[a] * s[a]) / (k + Math.abs(lambda) / 2);
    if (rate < min) min = rate;
  }
  return s.length === 0 ? 0 : min;
}

/**
 * The regime implied by λ, the shape and the task's singular values (spec §3.5).
 *
 * **Method.** ρ = |λ|/(2s̃₁) with s̃₁ the largest task singular value. ρ < 0.1 → `rich`; ρ > 2 →
 * `lazy` in the matching direction (square nets, λ > 0 with N_o < N_i, λ < 0 with N_i < N_o) and
 * `delayed-rich` in the mismatched one (λ < 0 with N_i > N_o, λ > 0 with N_o > N_i); otherwise
 * `intermediate`. The thresholds are conventions (at ρ = 2 the mode factor m² = 1 − λ/(2k) is 0.03,
 * i.e. the small layer carries 3% of the mode).
 *
 * **Special cases.** Only the relative scale λ is classified; a large absolute init scale at λ ≈ 0
 * (the paper's "fully lazy" Fig. 4D) is not detected here. A zero task with λ ≠ 0 has ρ = ∞.
 *
 * @example
 * classifyRegime(Float64Array.of(1), -10, 7, 3); // → { regime: 'delayed-rich', ratio: 5 }
 */
export function classifyRegime(
  s: ArrayLike<number>,
  lambda: number,
  ni: number,
  no: number,
): { regime: Regime; ratio: number } {
  const s1 = s.length > 0 ? s[0] : 0;
  const ratio = lambda === 0 ? 0 : s1 === 0 ? Infinity : Math.abs(lambda) / (2 * s1);
  if (ratio < RICH_RATIO) return { regime: 'rich', ratio };
  if (ratio <= LAZY_RATIO) return { regime: 'intermediate', ratio };
  const mismatched = (lambda < 0 && ni > no) || (lambda > 0 && no > ni);
  return { regime: mismatched ? 'delayed-rich' : 'lazy', ratio };
}

/** Internal: everything measured about (task, init), for the closed form to reuse. */
export interface InitAnalysis {
  readonly diagnostics: ExactDiagnostics;
  readonly basis: TaskSvd;
  readonly factors: SpectralFactors;
  /** B = W₁(0)ṼM_λ + W₂(0)ᵀŨP_λ (N_h×r). */
  readonly B: Matrix;
  /** C = W₂(0)ᵀŨM_λ − W₁(0)ṼP_λ (N_h×r). */
  readonly C: Matrix;
  /** D = W₁(0)Ṽ_⊥ (N_i > N_o) or W₂(0)ᵀŨ_⊥ (N_o > N_i), N_h×d. */
  readonly D: Matrix;
}

function checkWeights(task: LinearTask, weights: { W1: Matrix; W2: Matrix }, what: string): void {
  if (weights === null || typeof weights !== 'object' || !(weights.W1 instanceof Matrix) || !(weights.W2 instanceof Matrix)) {
    throw new DomainError(`${what}: weights must be an object { W1, W2 } of Matrix values.`);
  }
  if (!(task?.sigmaYX instanceof Matrix)) throw new DomainError(`${what}: task.sigmaYX must be a Matrix.`);
  const { W1, W2 } = weights;
  const ni = task.sigmaYX.cols;
  const no = task.sigmaYX.rows;
  if (ni === 0 || no === 0) throw new ShapeError(`${what}: the task has N_i = ${ni} and N_o = ${no}; both must be at least 1.`);
  if (W1.cols !== ni) {
    throw new ShapeError(`${what}: W1 is ${W1.rows}x${W1.cols} but the task has N_i = ${ni} inputs, so W1 must be N_h x ${ni}.`);
  }
  if (W2.rows !== no) {
    throw new ShapeError(`${what}: W2 is ${W2.rows}x${W2.cols} but the task has N_o = ${no} outputs, so W2 must be ${no} x N_h.`);
  }
  if (W2.cols !== W1.rows) {
    throw new ShapeError(`${what}: W1 is ${W1.rows}x${W1.cols} and W2 is ${W2.rows}x${W2.cols}; W2 must have N_h = ${W1.rows} columns.`);
  }
  assertFinite(W1, `${what}: W1`);
  assertFinite(W2, `${what}: W2`);
  assertFinite(task.sigmaYX, `${what}: task.sigmaYX`);
}

/** op(A)·op(B) as a new matrix, through the backend (inputs already checked finite). */
function mul(be: LinalgBackend, A: Matrix, B: Matrix, tA = false, tB = false): Matrix {
  const C = new Matrix(tA ? A.cols : A.rows, tB ? B.rows : B.cols);
  be.gemm(tA, tB, 1, A, B, 0, C);
  return C;
}

/** Scales column a of M by f[a] in place. */
function scaleColumns(M: Matrix, f: ArrayLike<number>): Matrix {
  for (let i = 0; i < M.rows; i++) for (let a = 0; a < M.cols; a++) M.data[i * M.cols + a] *= f[a];
  return M;
}

/** Internal: checks and measures (task, init); throws only for malformed input (shapes, NaN). */
export function analyseInit(
  task: LinearTask,
  weights: { W1: Matrix; W2: Matrix },
  options: ExactSolutionOptions = {},
  what = 'exactSolution',
): InitAnalysis {
  checkWeights(task, weights, what);
  const be = options.backend ?? getBackend();
  const balanceTol = options.balanceTolerance ?? DEFAULT_BALANCE_TOLERANCE;
  const singularTol = options.singularTolerance ?? DEFAULT_SINGULAR_TOLERANCE;
  if (!(balanceTol >= 0)) throw new DomainError(`${what}: balanceTolerance is ${balanceTol}; pass a number ≥ 0.`);
  if (!(singularTol >= 0)) throw new DomainError(`${what}: singularTolerance is ${singularTol}; pass a number ≥ 0.`);
  const { W1, W2 } = weights;
  const ni = task.sigmaYX.cols;
  const no = task.sigmaYX.rows;
  const nh = W1.rows;
  const r = Math.min(ni, no);
  const d = Math.abs(ni - no);
  const problems: string[] = [];

  try {
    requireWhitened(task, what);
  } catch (e) {
    if (e instanceof LazyrichError) problems.push(e.message);
    else throw e;
  }
  if (nh !== r) {
    problems.push(
      `${what}: the hidden width N_h = ${nh} must equal min(N_i, N_o) = ${r} (assumption A3 of the closed form); use ${r} hidden units.`,
    );
  }
  const bal = measureBalance(W1, W2);
  const lambda = bal.lambda;
  if (!(bal.relativeDeviation <= balanceTol)) {
    problems.push(
      `${what}: the initial weights are not λ-balanced (‖W2ᵀW2 − W1W1ᵀ − λI‖_F = ${fmt(bal.deviation)} with λ = ${fmt(lambda)}, relative deviation ${fmt(bal.relativeDeviation)} > ${fmt(balanceTol)}); build them with lambdaBalancedInit or rebalance(W1, W2, λ).`,
    );
  }

  const basis = taskSvd(task, { backend: be });
  const factors = spectralFactors(basis.s, lambda, ni, no);
  // B = W₁ṼM + W₂ᵀŨP, C = W₂ᵀŨM − W₁ṼP, D = W₁Ṽ_⊥ or W₂ᵀŨ_⊥ (spec §3.3).
  const W1V = mul(be, W1, basis.V);
  const W2tU = mul(be, W2, basis.U, true);
  const B = new Matrix(nh, r);
  const C = new Matrix(nh, r);
  for (let h = 0; h < nh; h++) {
    for (let a = 0; a < r; a++) {
      const x = W1V.data[h * r + a];
      const y = W2tU.data[h * r + a];
      B.data[h * r + a] = x * factors.m[a] + y * factors.p[a];
      C.data[h * r + a] = y * factors.m[a] - x * factors.p[a];
    }
  }
  const D = ni > no ? mul(be, W1, basis.Vperp) : no > ni ? mul(be, W2, basis.Uperp, true) : new Matrix(nh, 0);

  const sB = be.svd(B, false).s;
  const smax = sB.length > 0 ? sB[0] : 0;
  const smin = sB.length > 0 ? sB[sB.length - 1] : 0;
  const inverseConditionB = smax === 0 ? 0 : smin / smax;
  const conditionB = smin === 0 ? Infinity : smax / smin;
  // B = √2·Q₀ᵀO₊ with O₊ orthonormal, so ‖B‖₂ ≤ √2‖Q₀‖_F: the weight scale against which a B made of
  // round-off (e.g. W(0) = −Σ_yx at λ = 0, where B = 0 exactly but σ_min/σ_max of the round-off is O(1))
  // is recognised as zero.
  let q2 = 0;
  for (const v of W1.data) q2 += v * v;
  for (const v of W2.data) q2 += v * v;
  const weightScale = Math.SQRT2 * Math.sqrt(q2);
  const relativeSminB = weightScale === 0 ? 0 : smin / weightScale;
  const relativeSmaxB = weightScale === 0 ? 0 : smax / weightScale;

  let detSignW0: number | null = null;
  let detSignSigma: number | null = null;
  if (ni === no && nh === ni) {
    detSignW0 = slogdet(W1, { backend: be }).sign * slogdet(W2, { backend: be }).sign;
    detSignSigma = slogdet(task.sigmaYX, { backend: be }).sign;
  }
  const detSignMismatch = detSignW0 !== null && detSignSigma !== null && detSignW0 !== 0 && detSignSigma !== 0 && detSignW0 !== detSignSigma;

  if (nh === r && !(inverseConditionB >= singularTol && relativeSminB >= singularTol)) {
    const icb =
      inverseConditionB < singularTol || !(inverseConditionB >= 0)
        ? `1/cond(B) = ${fmt(inverseConditionB)} < ${fmt(singularTol)}`
        : `σ_min(B) = ${fmt(relativeSminB)} of the weight scale √2‖Q₀‖_F, below ${fmt(singularTol)}`;
    if (weightScale === 0) {
      problems.push(
        `${what}: B = W1(0)ṼM + W2(0)ᵀŨP is zero because the initial weights are zero, a saddle the gradient flow never leaves; start from non-zero weights.`,
      );
    } else if (relativeSmaxB < singularTol) {
      problems.push(
        `${what}: B = W1(0)ṼM + W2(0)ᵀŨP vanishes (σ_max(B) = ${fmt(relativeSmaxB)} of the weight scale), as for W(0) = −Σ_yx at λ = 0 (reversal), so every mode starts at a saddle the gradient flow never leaves; use a non-zero λ or perturb the initial weights.`,
      );
    } else if (detSignMismatch) {
      problems.push(
        `${what}: B is singular (${icb}) because sign det W(0) = ${detSignW0} differs from sign det Σ_yx = ${detSignSigma} at λ = ${fmt(lambda)}, so the gradient flow stalls at a saddle and never reaches Σ_yx; negate one column of W1 (an input reflection, which keeps the balance) or use a non-zero λ.`,
      );
    } else {
      problems.push(
        `${what}: B = W1(0)ṼM + W2(0)ᵀŨP is nearly singular (${icb}), so the closed form is undefined for this initialisation (assumption A4); perturb the initial weights.`,
      );
    }
  }

  const { regime, ratio } = classifyRegime(basis.s, lambda, ni, no);
  let asymptoticRate = Infinity;
  for (let a = 0; a < r; a++) {
    const rate = d > 0 ? (factors.lambdaPerp > 0 ? (basis.s[a] * basis.s[a]) / (factors.k[a] + factors.lambdaPerp) : factors.k[a] - factors.lambdaPerp) : 2 * factors.k[a];
    if (rate < asymptoticRate) asymptoticRate = rate;
  }
  const shape: ShapeClass = ni === no ? 'square' : ni > no ? 'funnel' : 'inverted-funnel';
  const diagnostics: ExactDiagnostics = {
    ni,
    nh,
    no,
    shape,
    lambda,
    balanceDeviation: bal.deviation,
    relativeBalanceDeviation: bal.relativeDeviation,
    taskSingularValues: Float64Array.from(basis.s),
    k: Float64Array.from(factors.k),
    inverseConditionB,
    conditionB,
    relativeSminB,
    detSignW0,
    detSignSigma,
    detSignMismatch,
    regime,
    lambdaRatio: ratio,
    asymptoticRate,
    problems,
  };
  return { diagnostics, basis, factors, B, C, D };
}

/**
 * Measures whether the exact solution of Dominé et al. 2025 (spec §3.4) applies to (task, init),
 * without throwing on a failed assumption: whitened inputs (A1), λ-balance (A2, measured with
 * `measureBalance`), N_h = min(N_i, N_o) (A3), non-singular B (A4, spec §3.3), plus cond(B), the det
 * signs (square nets), the regime (§3.5) and the asymptotic convergence rate.
 *
 * **Method.** One full SVD of Σ_yx (`taskSvd`), B and C of §3.3, an SVD of B for 1/cond₂(B) and for
 * σ_min(B) relative to the weight scale √2‖Q₀‖_F (≥ ‖B‖₂, since B = √2Q₀ᵀO₊; this catches a B that
 * is zero up to round-off, whose σ_min/σ_max is meaningless), LU for the det signs. B is treated as
 * singular when either ratio is below `singularTolerance`. `problems` lists one sentence per failed assumption (the sentence `exactSolution`
 * throws); empty means the closed form applies.
 *
 * **Special cases.** Square nets: B is singular at λ = 0 iff sign det W(0) ≠ sign det Σ_yx (spec §3.3
 * [V]); for small |λ| ≠ 0 with a mismatch, 1/cond(B) ∝ |λ|. `asymptoticRate` is the rate of the
 * slowest exponential of the closed form: 2 min k_α (square), min (k_α − λ_⊥) (rectangular).
 *
 * @param task - the task (whitened for the closed form to apply)
 * @param weights - initial { W1 (N_h×N_i), W2 (N_o×N_h) }
 * @param options - tolerances (`balanceTolerance` 1e-8, `singularTolerance` 1e-10), backend
 * @throws ShapeError when the shapes do not fit the task; DomainError on NaN/Inf entries
 *
 * @example
 * const d = diagnoseExact(whitenedTask(Matrix.from([[1, 0], [0, 1]])),
 *   { W1: Matrix.from([[0.1, 0], [0, -0.1]]), W2: Matrix.from([[0.1, 0], [0, 0.1]]) });
 * d.detSignMismatch; // → true (det W(0) < 0 < det Σ; d.problems[0] explains the saddle)
 */
export function diagnoseExact(
  task: LinearTask,
  weights: { W1: Matrix; W2: Matrix },
  options: ExactSolutionOptions = {},
): ExactDiagnostics {
  return analyseInit(task, weights, options, 'diagnoseExact').diagnostics;
}
