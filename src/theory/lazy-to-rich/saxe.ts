/**
 * Core formulas of Saxe, McClelland & Ganguli (ICLR 2014), "Exact solutions to the nonlinear dynamics
 * of learning in deep linear neural networks", as collected in spec `lazy-to-rich.md` §3.8, and the
 * shallow (one-layer) reference dynamics of §3.5.
 *
 * Notation (spec §3.8): Saxe's learning-rate symbol is λ; here λ is reserved for the balance and time
 * is x = t/τ throughout (GD step k ↔ x = k·η). Whitened inputs (Σ_xx = I).
 *
 * @module
 */
import { DomainError, ShapeError } from '../../errors/index.js';
import { Matrix } from '../../linalg/matrix.js';
import { solveIvp } from '../../ode/index.js';

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

function checkS(s: number, what: string): void {
  if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) {
    throw new DomainError(`${what} is ${String(s)}, expected a finite task singular value s ≥ 0.`);
  }
}

/**
 * Saxe et al. (2014) aligned, balanced two-layer mode: τu̇ = 2u(s − u), solved by
 * u(t) = s e^{2sx} / (e^{2sx} − 1 + s/u₀) (spec §3.8 [V]; stage-like learning on the timescale τ/s).
 *
 * **Method.** The overflow-free form u = u₀ / (u₀·(1 − e^{−2sx})/s + e^{−2sx}), with
 * (1 − e^{−2sx})/s = −expm1(−2sx)/s (→ 2x at s = 0).
 *
 * **Special cases.** u₀ = 0: u ≡ 0 (saddle). s = 0: u = u₀/(1 + 2u₀x). t = Infinity: s (u₀ > 0).
 * It is the λ = 0, a₀ ≥ 0 case of `alignedModeValue` (Dominé et al. 2025, §3.7).
 *
 * @param s - the task singular value s ≥ 0
 * @param u0 - u(0) ≥ 0 (a balanced mode a = b has u = ab = a² ≥ 0)
 * @param t - time t/τ ≥ 0
 * @throws DomainError on u0 < 0 (use `alignedModeValue(s, u0, 0, t)` for a sign-mismatched mode),
 * non-finite input or a negative time
 * @example
 * saxeModeValue(1, 0.01, 1); // → 0.0694531597
 */
export function saxeModeValue(s: number, u0: number, t: number): number {
  checkS(s, 'saxeModeValue: s');
  checkFinite(u0, 'saxeModeValue: u0');
  if (u0 < 0) {
    throw new DomainError(
      `saxeModeValue: u0 = ${u0} is negative, but a balanced mode has u = a·a ≥ 0; use alignedModeValue(s, u0, 0, t) for a mode that starts reversed.`,
    );
  }
  checkTime(t, 'saxeModeValue: t');
  if (u0 === 0) return 0;
  if (t === Infinity) return s > 0 ? s : 0;
  const E = Math.exp(-2 * s * t);
  const f = s > 0 ? -Math.expm1(-2 * s * t) / s : 2 * t;
  return u0 / (u0 * f + E);
}

/**
 * The time Saxe et al. (2014) give for a balanced aligned two-layer mode to go from u₀ to u_f:
 * t/τ = (1/2s) ln[ u_f (s − u₀) / (u₀ (s − u_f)) ] (spec §3.8 [V]).
 *
 * **Special cases.** u_f = u₀: 0. u_f = s ≠ u₀: Infinity (reached only asymptotically).
 *
 * @param s - task singular value, > 0
 * @param u0 - start, > 0
 * @param uf - target on the path from u₀ to s (u₀ ≤ u_f ≤ s or s ≤ u_f ≤ u₀)
 * @throws DomainError when s ≤ 0, u0 ≤ 0, or u_f is not between u₀ and s (the flow never gets there)
 * @example
 * saxeTimeToReach(1, 0.01, 0.5); // → 2.2976 (ln(99)/2)
 */
export function saxeTimeToReach(s: number, u0: number, uf: number): number {
  checkFinite(s, 'saxeTimeToReach: s');
  checkFinite(u0, 'saxeTimeToReach: u0');
  checkFinite(uf, 'saxeTimeToReach: uf');
  if (!(s > 0)) throw new DomainError(`saxeTimeToReach: s = ${s}, expected s > 0 (with s = 0 the mode only decays).`);
  if (!(u0 > 0)) throw new DomainError(`saxeTimeToReach: u0 = ${u0}, expected u0 > 0 (u0 = 0 is a fixed point).`);
  const lo = Math.min(u0, s);
  const hi = Math.max(u0, s);
  if (!(uf >= lo && uf <= hi)) {
    throw new DomainError(
      `saxeTimeToReach: uf = ${uf} is not between u0 = ${u0} and s = ${s}, so the flow never reaches it; pick uf in [${lo}, ${hi}].`,
    );
  }
  if (uf === u0) return 0;
  if (uf === s) return Infinity;
  return (Math.log(uf / u0) + Math.log((s - u0) / (s - uf))) / (2 * s);
}

/** Options of {@link saxeDeepModeValues}. */
export interface SaxeDeepOptions {
  /** `'auto'` (default): closed form for L ≤ 2, DOP853 for L ≥ 3; `'ode'` integrates for every L. */
  method?: 'auto' | 'ode';
  /** DOP853 relative tolerance (default 1e-12). */
  rtol?: number;
  /** DOP853 absolute tolerance (default 1e-14·max(s, |u₀|)). */
  atol?: number;
}

/**
 * The aligned mode of a deep linear network with L weight matrices and equal per-layer mode strength
 * a (u = a^L): τu̇ = L |u|^{2−2/L} (s − u) (Saxe et al. 2014; spec §3.8 [V], from τȧ = a^{L−1}(s − a^L)).
 *
 * **Method.** Closed forms where they exist: L = 1 is the shallow net u = s + (u₀ − s)e^{−x};
 * L = 2 is {@link saxeModeValue}. For L ≥ 3 the scalar ODE is integrated with DOP853 (tolerance in
 * the options; rtol 1e-12 by default), which is exact to that tolerance.
 *
 * **Special cases.** u₀ = 0 is a fixed point for L ≥ 2. For even L, u = a^L ≥ 0, so u₀ < 0 is refused;
 * for odd L a negative u₀ is a mode with a < 0 and is allowed (it rises through the saddle at 0 only
 * slowly: |u|^{2−2/L} vanishes there).
 *
 * @param s - task singular value ≥ 0
 * @param u0 - u(0) (see special cases)
 * @param L - number of weight matrices, an integer ≥ 1
 * @param times - ascending times t/τ ≥ 0 (finite)
 * @throws DomainError on bad numbers or a negative u0 with even L
 * @example
 * saxeDeepModeValues(1, 0.01, 3, [0, 10, 40]); // plateau, then a sharper transition than L = 2
 */
export function saxeDeepModeValues(
  s: number,
  u0: number,
  L: number,
  times: ArrayLike<number>,
  options: SaxeDeepOptions = {},
): Float64Array {
  checkS(s, 'saxeDeepModeValues: s');
  checkFinite(u0, 'saxeDeepModeValues: u0');
  if (!Number.isInteger(L) || L < 1) {
    throw new DomainError(`saxeDeepModeValues: L = ${L}, expected the number of weight matrices as an integer ≥ 1.`);
  }
  if (u0 < 0 && L % 2 === 0) {
    throw new DomainError(
      `saxeDeepModeValues: u0 = ${u0} < 0 is impossible with equal layer strengths and even L = ${L} (u = a^L ≥ 0); start from u0 ≥ 0.`,
    );
  }
  for (let i = 0; i < times.length; i++) {
    checkTime(times[i], `saxeDeepModeValues: times[${i}]`);
    if (!Number.isFinite(times[i])) throw new DomainError(`saxeDeepModeValues: times[${i}] must be finite.`);
    if (i > 0 && times[i] < times[i - 1]) throw new DomainError('saxeDeepModeValues: times must be ascending.');
  }
  const out = new Float64Array(times.length);
  const method = options.method ?? 'auto';
  if (method === 'auto' && L === 1) {
    for (let i = 0; i < times.length; i++) out[i] = s + (u0 - s) * Math.exp(-times[i]);
    return out;
  }
  if (method === 'auto' && L === 2) {
    for (let i = 0; i < times.length; i++) out[i] = saxeModeValue(s, u0, times[i]);
    return out;
  }
  if (times.length === 0) return out;
  const tEnd = times[times.length - 1];
  if (tEnd === 0) return out.fill(u0);
  const expo = 2 - 2 / L;
  const res = solveIvp(
    (_t, y, dy) => {
      dy[0] = L * Math.pow(Math.abs(y[0]), expo) * (s - y[0]);
    },
    [0, tEnd],
    [u0],
    {
      method: 'dop853',
      rtol: options.rtol ?? 1e-12,
      atol: options.atol ?? 1e-14 * Math.max(s, Math.abs(u0), 1e-300),
      tEval: times,
    },
  );
  for (let i = 0; i < times.length; i++) out[i] = res.y[i][0];
  return out;
}

/**
 * The shallow (one-layer, W trained directly) reference dynamics under gradient flow with whitened
 * inputs: τẆ = rate·(Σ_yx − W), i.e. W(t) = Σ_yx + (W(0) − Σ_yx) e^{−rate·x} (spec §3.5 [T]).
 * rate = 1 is the shallow net; rate = |λ| is the λ → ±∞ limit of a two-layer λ-balanced net in the
 * matching direction (see `largeLambdaLimit` in `limits.ts`).
 *
 * @param sigmaYX - the target Σ_yx (N_o × N_i)
 * @param W0 - W(0), same shape
 * @param t - time t/τ ≥ 0 (Infinity gives Σ_yx)
 * @param rate - the decay rate (default 1), ≥ 0
 * @throws ShapeError on different shapes; DomainError on non-finite entries, negative t or rate
 * @example
 * shallowReference(Matrix.from([[1]]), Matrix.from([[0]]), Math.LN2); // → [[0.5]]
 */
export function shallowReference(sigmaYX: Matrix, W0: Matrix, t: number, rate = 1): Matrix {
  if (sigmaYX.rows !== W0.rows || sigmaYX.cols !== W0.cols) {
    throw ShapeError.mismatch('shallowReference', sigmaYX.shape, W0.shape, 'Σ_yx and W(0) must have the same shape N_o x N_i');
  }
  checkTime(t, 'shallowReference: t');
  if (!(rate >= 0) || !Number.isFinite(rate)) {
    throw new DomainError(`shallowReference: rate = ${rate}, expected a finite rate ≥ 0.`);
  }
  for (let i = 0; i < W0.data.length; i++) {
    checkFinite(sigmaYX.data[i], 'shallowReference: Σ_yx entry');
    checkFinite(W0.data[i], 'shallowReference: W(0) entry');
  }
  const e = rate === 0 ? 1 : Math.exp(-rate * t);
  const out = new Matrix(W0.rows, W0.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = sigmaYX.data[i] + (W0.data[i] - sigmaYX.data[i]) * e;
  return out;
}
