/**
 * Task-aligned λ-balanced two-layer linear networks: the exact per-mode solution, the transition
 * function γ(t; λ), the scalar mode ODE (an independent check) and the whole aligned trajectory
 * W(t) = Ũ diag(a(t)) Ṽᵀ.
 *
 * Reference: Dominé et al., "From Lazy to Rich", ICLR 2025 — spec `lazy-to-rich.md` §3.7 (aligned
 * closed form per singular value), §5.3 (Fig. 3) and §5.9 (reversal). Braun et al. (NeurIPS 2022)
 * give the λ = 0 case.
 *
 * **Setting.** Whitened inputs (Σ_xx = I), task SVD Σ_yx = Ũ S̃ Ṽᵀ (r = min(N_i, N_o) modes),
 * N_h = r, and an aligned λ-balanced init W₁(0) = R diag(c_α) Ṽᵀ, W₂(0) = Ũ diag(d_α) Rᵀ with
 * d_α² − c_α² = λ and a_α(0) = c_α d_α. The modes decouple and each obeys
 *
 *     τ ȧ = √(λ² + 4a²) (s̃ − a)                                   (spec §3.7)
 *
 * Time is x = t/τ (GD step k ↔ x = k·η).
 *
 * @module
 */
import { DomainError, ShapeError } from '../../errors/index.js';
import { Matrix } from '../../linalg/matrix.js';
import { solveIvp } from '../../ode/index.js';
import type { LinearTask } from '../../tasks/index.js';
import { taskSvd } from '../../tasks/index.js';
import { requireWhitened } from '../../tasks/index.js';

function checkFinite(value: number, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainError(`${what} is ${String(value)}, expected a finite number.`);
  }
}

function checkTime(t: number, what: string): void {
  if (typeof t !== 'number' || Number.isNaN(t) || t < 0) {
    throw new DomainError(`${what} is ${String(t)}, expected a time t/τ ≥ 0 (Infinity is allowed).`);
  }
}

function checkSingularValue(s: number, what: string): void {
  if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) {
    throw new DomainError(`${what} is ${String(s)}, expected a finite task singular value s̃ ≥ 0.`);
  }
}

/**
 * The layer strengths (c, d) of one aligned mode with network value a = c·d under λ-balance
 * d² − c² = λ: c² = (√(λ² + 4a²) − λ)/2 (first layer, W₁), d² = (√(λ² + 4a²) + λ)/2 (second layer, W₂).
 *
 * **Method.** Spec §2.3 step 2, cancellation-free: the difference form is used only on the side
 * where it adds two non-negative numbers, the other side is 2a²/(σ ± λ) (σ = √(λ² + 4a²)).
 * Convention: c ≥ 0 and d carries the sign of a (the pair (−c, −d) is the same network).
 *
 * **Special cases.** λ = 0: c = |d| = √|a| exactly (so the saddle test B = c + d = 0 is exact for
 * a < 0). a = 0: (c, d) = (0, √λ) for λ > 0, (√|λ|, 0) for λ < 0, (0, 0) for λ = 0.
 *
 * @param a - the mode's network singular value (any sign)
 * @param lambda - the balance λ
 * @example
 * alignedModeFactors(0.5, 1); // → { c: 0.4551, d: 1.0987 } (d² − c² = 1, c·d = 0.5)
 */
export function alignedModeFactors(a: number, lambda: number): { c: number; d: number } {
  checkFinite(a, 'alignedModeFactors: a');
  checkFinite(lambda, 'alignedModeFactors: lambda');
  const sign = a < 0 ? -1 : 1;
  const abs = Math.abs(a);
  if (lambda === 0) {
    const v = Math.sqrt(abs);
    return { c: v, d: sign * v };
  }
  const sigma = Math.hypot(lambda, 2 * a);
  if (lambda > 0) {
    const d = Math.sqrt((sigma + lambda) / 2);
    return { c: (Math.SQRT2 * abs) / Math.sqrt(sigma + lambda), d: sign * d };
  }
  const c = Math.sqrt((sigma - lambda) / 2);
  return { c, d: (sign * Math.SQRT2 * abs) / Math.sqrt(sigma - lambda) };
}

/**
 * The exact value a(t) of one task-aligned mode of a λ-balanced two-layer linear network under
 * gradient flow (whitened inputs, N_h = min(N_i, N_o)).
 *
 * Dominé et al. 2025, spec §3.7: with k = √(s̃² + λ²/4), σ₀ = √(λ² + 4a₀²), E₂ = e^{−2kx},
 * q = λ²s̃/2 + a₀(s̃² − λ²/4),
 *
 *     a(t) = [a₀(1+E₂)² + s̃σ₀(1−E₂²)/k + (1−E₂)²q/k²] / [4E₂ + σ₀(1−E₂²)/k + (1−E₂)²(λ²/2 + 2s̃a₀)/k²].
 *
 * **Method.** The equivalent scalar (r = 1) case of the stable closed form §3.4 is evaluated, which
 * has no cancellation in the denominator: with (c, d) from {@link alignedModeFactors},
 * p = √(1 + λ/2k), m = √(1 − λ/2k) (pm = s̃/k, each computed without cancellation), B = cm + dp,
 * C = dm − cp (whichever of B, C would cancel is taken from B(cm − dp) = −λ(1 + σ₀/2k) or
 * C(dm + cp) = 2λ(s̃ − a₀)(s̃ + a₀)/(k(2k + σ₀)), so the slow escape near the saddle for small λ is
 * accurate too) and f = (1 − E₂)/k (→ 2x as k → 0),
 *
 *     a(t) = (pB + mC·E₂)(mB − pC·E₂) / (4E₂ + f·(B² + E₂C²)).
 *
 * Both factors of the numerator vanish only at genuine zero crossings of a (reversal, a₀ < 0). The
 * two expressions agree to rounding (tested), and a(t) depends on λ only through λ² (a(t; λ) =
 * a(t; −λ)), for every sign of a₀.
 *
 * **Special cases.**
 * - λ = 0 and a₀ < 0 (B = 0 exactly, the saddle of Braun et al.; spec §3.3, §5.9): the mode decays
 *   monotonically to the saddle, a(t) = a₀ s̃ e^{−2s̃x} / (s̃ + |a₀|(1 − e^{−2s̃x})) < 0, and a(∞) = −0.
 *   This is the exact solution of the mode ODE (0 is attracting from below when λ = 0), so it is
 *   returned, not refused; any λ ≠ 0 escapes (ȧ(0⁻) = |λ|s̃ > 0).
 * - λ = 0 and a₀ = 0: a ≡ 0 (fixed point).
 * - s̃ = 0 and λ = 0 (k = 0): a(t) = a₀/(1 + 2|a₀|x).
 * - t = Infinity: the limit (s̃ for every start except the saddle cases above).
 * - a₀ = s̃: a ≡ s̃.
 *
 * @param s - the task singular value s̃ ≥ 0
 * @param a0 - the mode's initial network value a(0) = c(0)d(0), any sign
 * @param lambda - the balance λ (d² − c² = λ)
 * @param t - the time t/τ ≥ 0 (may be Infinity)
 * @returns a(t)
 * @throws DomainError on non-finite s, a0, lambda, negative s, or t that is negative or NaN
 * @example
 * alignedModeValue(1, 0.01, 0, 1); // → 0.0694531597 (spec §6 R5)
 * alignedModeValue(1, 0.01, -1, 2); // → 0.9664115274
 */
export function alignedModeValue(s: number, a0: number, lambda: number, t: number): number {
  checkSingularValue(s, 'alignedModeValue: s');
  checkFinite(a0, 'alignedModeValue: a0');
  checkFinite(lambda, 'alignedModeValue: lambda');
  checkTime(t, 'alignedModeValue: t');
  return modeValue(s, a0, lambda, t);
}

/** a(t) without argument checks (the callers validate once). */
function modeValue(s: number, a0: number, lambda: number, t: number): number {
  if (t === 0) return a0;
  if (a0 === 0 && lambda === 0) return 0;
  const k = Math.hypot(s, lambda / 2);
  let p = 1;
  let m = 1;
  if (k > 0) {
    if (lambda >= 0) {
      p = Math.sqrt(1 + lambda / (2 * k));
      m = s / (k * p);
    } else {
      m = Math.sqrt(1 - lambda / (2 * k));
      p = s / (k * m);
    }
  }
  const { c, d } = alignedModeFactors(a0, lambda);
  // B = cm + dp and C = dm − cp without cancellation: one of them adds terms of equal sign; the
  // other follows from B(cm − dp) = −λ(1 + σ₀/2k) and C(dm + cp) = λ·2(s̃ − a₀)(s̃ + a₀)/(k(2k + σ₀)).
  let B: number;
  let C: number;
  if (lambda === 0) {
    B = d < 0 ? 0 : c * m + d * p;
    C = d < 0 ? d * m - c * p : 0;
  } else {
    const sigma0 = Math.hypot(lambda, 2 * a0);
    if (d >= 0) {
      B = c * m + d * p;
      const den = d * m + c * p;
      C = den > 0 ? (lambda * 2 * (s - a0) * (s + a0)) / (k * (2 * k + sigma0) * den) : d * m - c * p;
    } else {
      C = d * m - c * p;
      B = (-lambda * (1 + sigma0 / (2 * k))) / (c * m - d * p);
    }
  }
  const E2 = k > 0 ? Math.exp(-2 * k * t) : 1;
  const f = k > 0 ? -Math.expm1(-2 * k * t) / k : 2 * t;
  if (B === 0) {
    // Saddle branch (λ = 0, a₀ < 0): both numerator factors carry E₂; cancel one analytically so
    // that nothing underflows before the answer does.
    return (-p * m * C * C * E2) / (4 + f * C * C);
  }
  return ((p * B + m * C * E2) * (m * B - p * C * E2)) / (4 * E2 + f * (B * B + E2 * C * C));
}

/**
 * a(t) of one aligned mode at several times t/τ (see {@link alignedModeValue}; Dominé et al. 2025,
 * spec §3.7: same assumptions and special cases).
 *
 * @example
 * alignedModeValues(1, 0.01, 5, [1, 2, 5]); // → [0.9949383370, 0.9999767808, 1.0000000000]
 */
export function alignedModeValues(s: number, a0: number, lambda: number, times: ArrayLike<number>): Float64Array {
  checkSingularValue(s, 'alignedModeValues: s');
  checkFinite(a0, 'alignedModeValues: a0');
  checkFinite(lambda, 'alignedModeValues: lambda');
  const out = new Float64Array(times.length);
  for (let i = 0; i < times.length; i++) {
    checkTime(times[i], `alignedModeValues: times[${i}]`);
    out[i] = modeValue(s, a0, lambda, times[i]);
  }
  return out;
}

/**
 * The transition function γ(t; λ) of the paper's Theorem 5.1 form s_α(t) = s_α(0) + γ_α(t; λ)(s̃_α −
 * s_α(0)), i.e. γ = (a(t) − a₀)/(s̃ − a₀) for a task-aligned mode (Dominé et al. 2025, spec §3.7).
 *
 * Its limits (spec §3.7 [V], implemented in `limits.ts`): λ = 0 gives the sigmoid
 * (e^{2s̃x} − 1)/(e^{2s̃x} − 1 + s̃/a₀) (for a₀ > 0), |λ| → ∞ gives 1 − e^{−|λ|x}.
 *
 * **Special cases.** a₀ = s̃ (the mode starts converged): γ is the limit a₀ → s̃ of the ratio,
 * 1 − e^{−2kx} with k = √(s̃² + λ²/4) (the linearised rate √(λ² + 4s̃²)). γ(0) = 0; γ(∞) = 1 except
 * at the λ = 0, a₀ ≤ 0 saddle, where γ(∞) = −a₀/(s̃ − a₀) < 1.
 *
 * Assumptions: whitened inputs, λ-balance, task-aligned init, N_h = min(N_i, N_o); x = t/τ.
 *
 * @example
 * transitionFunction(1, 0.01, 0, 2); // → 0.348950 ((0.3554609871 − 0.01)/0.99)
 */
export function transitionFunction(s: number, a0: number, lambda: number, t: number): number {
  checkSingularValue(s, 'transitionFunction: s');
  checkFinite(a0, 'transitionFunction: a0');
  checkFinite(lambda, 'transitionFunction: lambda');
  checkTime(t, 'transitionFunction: t');
  if (a0 === s) return -Math.expm1(-2 * Math.hypot(s, lambda / 2) * t);
  return (modeValue(s, a0, lambda, t) - a0) / (s - a0);
}

/** Options of {@link alignedModeOde}. */
export interface AlignedModeOdeOptions {
  /** Relative tolerance of DOP853 (default 1e-12). */
  rtol?: number;
  /** Absolute tolerance (default 1e-14·max(s̃, |a₀|, 1e-300)). */
  atol?: number;
}

/**
 * Integrates the aligned mode ODE τȧ = √(λ² + 4a²)(s̃ − a) (spec §3.7) with DOP853 — an
 * independent check of {@link alignedModeValue}, not a faster route.
 *
 * @param times - ascending output times t/τ ≥ 0 (the integration starts at 0)
 * @returns a at each time
 * @throws DomainError on bad arguments; ConvergenceError from the integrator
 * @example
 * alignedModeOde(1, 0.01, 0, [1, 2, 5])[0]; // → ≈ 0.0694531597
 */
export function alignedModeOde(
  s: number,
  a0: number,
  lambda: number,
  times: ArrayLike<number>,
  options: AlignedModeOdeOptions = {},
): Float64Array {
  checkSingularValue(s, 'alignedModeOde: s');
  checkFinite(a0, 'alignedModeOde: a0');
  checkFinite(lambda, 'alignedModeOde: lambda');
  for (let i = 0; i < times.length; i++) {
    checkTime(times[i], `alignedModeOde: times[${i}]`);
    if (!Number.isFinite(times[i])) throw new DomainError(`alignedModeOde: times[${i}] must be finite to integrate.`);
    if (i > 0 && times[i] < times[i - 1]) throw new DomainError('alignedModeOde: times must be ascending.');
  }
  const out = new Float64Array(times.length);
  if (times.length === 0) return out;
  const tEnd = times[times.length - 1];
  if (tEnd === 0) return out.fill(a0);
  const atol = options.atol ?? 1e-14 * Math.max(s, Math.abs(a0), 1e-300);
  const res = solveIvp(
    (_t, y, dy) => {
      dy[0] = Math.hypot(lambda, 2 * y[0]) * (s - y[0]);
    },
    [0, tEnd],
    [a0],
    { method: 'dop853', rtol: options.rtol ?? 1e-12, atol, tEval: times },
  );
  for (let i = 0; i < times.length; i++) out[i] = res.y[i][0];
  return out;
}

/**
 * One time point of an aligned trajectory. Structurally compatible with the closed form's
 * `ExactState` (t, QQt, W, W1tW1, W2W2t), plus the mode values `a`.
 */
export interface AlignedState {
  /** Time t/τ. */
  readonly t: number;
  /** a_α(t), α = 1..r (signed network singular values along Ũ, Ṽ). */
  readonly a: Float64Array;
  /** W(t) = Ũ diag(a) Ṽᵀ, N_o × N_i. */
  readonly W: Matrix;
  /** W₁ᵀW₁(t) = Ṽ diag(c²) Ṽᵀ, N_i × N_i. */
  readonly W1tW1: Matrix;
  /** W₂W₂ᵀ(t) = Ũ diag(d²) Ũᵀ, N_o × N_o. */
  readonly W2W2t: Matrix;
  /** QQᵀ = [W₁ᵀW₁, Wᵀ; W, W₂W₂ᵀ], (N_i + N_o) square. */
  readonly QQt: Matrix;
}

/** A diag(v) Bᵀ for A (n×r), B (m×r). */
function scaledProduct(A: Matrix, v: ArrayLike<number>, B: Matrix): Matrix {
  const n = A.rows;
  const m = B.rows;
  const r = v.length;
  const out = new Matrix(n, m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let a = 0; a < r; a++) acc += A.data[i * A.cols + a] * v[a] * B.data[j * B.cols + a];
      out.data[i * m + j] = acc;
    }
  }
  return out;
}

/** [A, Wᵀ; W, D] for A (ni×ni), W (no×ni), D (no×no). @internal */
export function assembleQQt(W1tW1: Matrix, W: Matrix, W2W2t: Matrix): Matrix {
  const ni = W1tW1.rows;
  const no = W2W2t.rows;
  const n = ni + no;
  const Q = new Matrix(n, n);
  for (let i = 0; i < ni; i++) for (let j = 0; j < ni; j++) Q.data[i * n + j] = W1tW1.data[i * ni + j];
  for (let i = 0; i < no; i++) {
    for (let j = 0; j < ni; j++) {
      const w = W.data[i * ni + j];
      Q.data[(ni + i) * n + j] = w;
      Q.data[j * n + ni + i] = w;
    }
    for (let j = 0; j < no; j++) Q.data[(ni + i) * n + ni + j] = W2W2t.data[i * no + j];
  }
  return Q;
}

/**
 * The exact trajectory of a two-layer linear network from a task-aligned λ-balanced init:
 * W(t) = Ũ diag(a_α(t)) Ṽᵀ with each a_α(t) from {@link alignedModeValue}, and the Gram matrices
 * W₁ᵀW₁ = Ṽ diag(c_α²) Ṽᵀ, W₂W₂ᵀ = Ũ diag(d_α²) Ũᵀ (spec §3.7 with §2.3; §4.2).
 *
 * Assumptions: whitened task (checked), N_h = r = min(N_i, N_o), the init W₁(0) = R diag(c)Ṽᵀ,
 * W₂(0) = Ũ diag(d)Rᵀ with d² − c² = λ and c·d = a₀ (e.g. `taskAlignedInit({ task, lambda, a0 })`).
 * Ũ, Ṽ are the task's `taskSvd` (deterministic signs). Time is t/τ.
 *
 * **Special cases.** A negative a₀ is a mode that starts reversed (§5.9); at λ = 0 it stays at the
 * saddle (a → 0⁻). Modes with s̃_α = 0 decay to 0.
 *
 * @param task - a whitened task
 * @param a0 - the initial mode values: one number for all r modes, or r numbers
 * @param lambda - the balance λ
 * @param times - times t/τ ≥ 0
 * @throws DomainError (task not whitened, bad numbers, negative time), ShapeError (a0 length ≠ r)
 * @example
 * const task = whitenedTask(Matrix.from([[2, 0], [0, 1]]));
 * const [st] = alignedTrajectory(task, 1e-3, 0.5, [3]);
 * st.a; // Float64Array [a(3; s̃=2), a(3; s̃=1)]
 */
export function alignedTrajectory(
  task: LinearTask,
  a0: number | ArrayLike<number>,
  lambda: number,
  times: ArrayLike<number>,
): AlignedState[] {
  requireWhitened(task, 'alignedTrajectory');
  checkFinite(lambda, 'alignedTrajectory: lambda');
  const { U, V, s, r } = taskSvd(task);
  let starts: Float64Array;
  if (typeof a0 === 'number') {
    checkFinite(a0, 'alignedTrajectory: a0');
    starts = new Float64Array(r).fill(a0);
  } else {
    if (a0.length !== r) {
      throw new ShapeError(
        `alignedTrajectory: a0 has ${a0.length} entries but the task has r = min(N_i, N_o) = ${r} modes; pass one number or ${r}.`,
      );
    }
    starts = Float64Array.from(a0);
    for (let i = 0; i < r; i++) checkFinite(starts[i], `alignedTrajectory: a0[${i}]`);
  }
  const out: AlignedState[] = [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    checkTime(t, `alignedTrajectory: times[${i}]`);
    const a = new Float64Array(r);
    const c2 = new Float64Array(r);
    const d2 = new Float64Array(r);
    for (let al = 0; al < r; al++) {
      a[al] = modeValue(s[al], starts[al], lambda, t);
      const { c, d } = alignedModeFactors(a[al], lambda);
      c2[al] = c * c;
      d2[al] = d * d;
    }
    const W = scaledProduct(U, a, V);
    const W1tW1 = scaledProduct(V, c2, V);
    const W2W2t = scaledProduct(U, d2, U);
    out.push({ t, a, W, W1tW1, W2W2t, QQt: assembleQQt(W1tW1, W, W2W2t) });
  }
  return out;
}
