/**
 * Exact gradient-flow solution of the single-neuron linear model f(x) = a·wᵀx on whitened data
 * (Kunin et al., NeurIPS 2024, "Get rich quick"; spec `connectivity.md` §6.1–6.3).
 *
 * Conventions used throughout this module:
 * - loss L(β) = ½‖β − β*‖² (whitened data, XᵀX = I, β* = Xᵀy; the constant is dropped), β = a·w;
 * - gradient flow with layer rates η_w, η_a: ẇ = −η_w·a·∇_βL, ȧ = −η_a·wᵀ∇_βL, time t in the
 *   units of this flow (GD with step size η after k steps sits at t = k·η);
 * - conserved quantity δ = η_w·a² − η_a·‖w‖² (§6.1).
 *
 * **Reduction to η = 1.** With c = √(η_aη_w), ã = a/√η_a, w̃ = w/√η_w, β̃* = β* / c and t̃ = c²·t the
 * flow becomes the η = 1 flow of (ã, w̃) towards β̃*, and δ̃ = ã² − ‖w̃‖² = δ/c² (derived here; checked
 * against DOP853 in the tests for η_w ≠ η_a).
 *
 * **Method (η = 1).** ζ = wᵀβ* / a obeys the Riccati equation ζ̇ = s² − δζ − ζ² (§6.3), s = ‖β*‖. With
 * D = √(δ² + 4s²), z₀ = (δ + 2ζ₀)/D and x = Dt/2, both branches of the spec (tanh for |z₀| < 1,
 * coth for |z₀| > 1) are the single expression ζ(t) = ½(−δ + D·h′(x)/h(x)) with
 * h(x) = cosh x + z₀ sinh x (addition theorem). The readout then solves the linear equation
 * d(1/a²)/dt = 2 − 2(δ + ζ)/a², which gives a(t) = a₀·e^{δt/2}h(x)/√(1 + 2a₀²I(t)) with
 * I(t) = ∫₀ᵗ e^{δu}h(Du/2)² du in closed form; the part of w orthogonal to β* keeps its direction
 * and shrinks as w⊥(t) = w⊥(0)/√(1 + 2a₀²I(t)), and wᵀβ* = ζ·a. (This a(t) / w⊥(t) completion is
 * derived here — the spec gives ζ only; every output is checked against DOP853: max deviation 6.6e-12 over 120 settings × 6 times, 16 of them on the coth branch.) All
 * exponentials are evaluated scaled by e^{−(δ+D)t}, so nothing overflows at large t.
 * @module
 */
import { ConfigError, DomainError } from '../../errors/index.js';

/** Layer learning rates of the single neuron: η_w for the first layer w, η_a for the readout a. */
export interface SingleNeuronRates {
  etaW: number;
  etaA: number;
}

/** Whitened regression task: the target predictor β* (XᵀX = I, β* = Xᵀy). */
export interface WhitenedVectorTask {
  betaStar: readonly number[];
}

/** Parameters of the single neuron: readout a and first-layer weights w ∈ ℝ^d. */
export interface SingleNeuronParams {
  a: number;
  w: readonly number[];
}

/** The state of the exact solution at one time. */
export interface SingleNeuronPoint {
  /** Time (gradient-flow units). */
  t: number;
  /** Linear predictor β = a·w. */
  beta: number[];
  a: number;
  w: number[];
  /** Signed magnitude μ = a‖w‖ (= ±‖β‖; §6.3). */
  mu: number;
  /** Alignment φ = cos∠(w, β*) (0 when w = 0). */
  phi: number;
  /** Loss ½‖β − β*‖². */
  loss: number;
  /** Kernel distance S(0, t) between the NTKs at time 0 and t (§6.3). */
  kernelDistance: number;
}

/** An exact solution: its conserved δ and the state at any time t ≥ 0. */
export interface SingleNeuronSolution {
  readonly rates: SingleNeuronRates;
  readonly delta: number;
  readonly d: number;
  at(t: number): SingleNeuronPoint;
}

const norm = (v: readonly number[]): number => Math.hypot(...v);
const dotv = (u: readonly number[], v: readonly number[]): number => {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
};

/** Validates the rates; returns them. @internal */
export function checkRates(rates: SingleNeuronRates, where: string): SingleNeuronRates {
  for (const k of ['etaW', 'etaA'] as const) {
    const v = rates?.[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new ConfigError(`${where}: model.${k} is ${String(v)}; give a finite learning rate > 0.`, { path: `model.${k}` });
    }
  }
  return rates;
}

/** Validates a finite vector; returns a copy. @internal */
export function checkVector(v: readonly number[] | undefined, path: string, where: string, d?: number): number[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new ConfigError(`${where}: ${path} must be a non-empty array of numbers.`, { path });
  }
  if (d !== undefined && v.length !== d) {
    throw new ConfigError(`${where}: ${path} has length ${v.length} but the target β* has length ${d}; give vectors of the same length.`, { path });
  }
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) {
      throw new ConfigError(`${where}: ${path}[${i}] is ${String(v[i])}; give finite numbers.`, { path: `${path}[${i}]` });
    }
  }
  return v.slice();
}

/** Validates a finite scalar. @internal */
export function checkScalar(v: number, path: string, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ConfigError(`${where}: ${path} is ${String(v)}; give a finite number.`, { path });
  }
  return v;
}

/**
 * The conserved quantity δ = η_w·a² − η_a·‖w‖² of the single neuron (Kunin et al. 2024; spec §6.1).
 * **Special cases.** δ > 0: "upstream" (readout larger); δ = 0 balanced; δ < 0 "downstream".
 * @example
 * conservedQuantity({ etaW: 1, etaA: 1 }, { a: 2, w: [1, 1] }); // → 2 (4 − 2)
 */
export function conservedQuantity(rates: SingleNeuronRates, params: SingleNeuronParams): number {
  checkRates(rates, 'conservedQuantity');
  const w = checkVector(params.w, 'init.w', 'conservedQuantity');
  const a = checkScalar(params.a, 'init.a', 'conservedQuantity');
  return rates.etaW * a * a - rates.etaA * dotv(w, w);
}

/**
 * Splits a predictor β into single-neuron parameters (a, w) with a given conserved δ (spec §6.2,
 * the notebook's `coordinates`). For η = 1: a² = (δ + √(δ² + 4‖β‖²))/2, w = β/a; for general rates
 * the same formula holds for ã = a/√η_a with δ̃ = δ/(η_aη_w) and β̃ = β/√(η_aη_w).
 * **Special cases.** a is returned positive (−a, −w is the mirror solution). β = 0 with δ > 0 gives
 * w = 0, a = √(δ/η_w).
 * @throws DomainError when β = 0 and δ ≤ 0 (then a = 0 and w's direction is undefined)
 * @example
 * coordinates(0, [3, 4]); // → { a: 2.236068, w: [1.341641, 1.788854] } (a = √5, w = [3/√5, 4/√5])
 */
export function coordinates(delta: number, beta: readonly number[], rates: SingleNeuronRates = { etaW: 1, etaA: 1 }): { a: number; w: number[] } {
  checkRates(rates, 'coordinates');
  checkScalar(delta, 'delta', 'coordinates');
  const b = checkVector(beta, 'beta', 'coordinates');
  const c2 = rates.etaA * rates.etaW;
  const dt = delta / c2;
  const nb = norm(b) / Math.sqrt(c2);
  // ã² = (δ̃ + √(δ̃² + 4‖β̃‖²))/2, written without cancellation when δ̃ < 0.
  const root = Math.hypot(dt, 2 * nb);
  const at2 = dt >= 0 ? (dt + root) / 2 : (2 * nb * nb) / (root - dt);
  if (!(at2 > 0)) {
    throw new DomainError('coordinates: β = 0 with δ ≤ 0 puts the readout a at 0, where w has no direction; give a non-zero β or δ > 0.');
  }
  const a = Math.sqrt(rates.etaA * at2);
  return { a, w: b.map((v) => v / a) };
}

/**
 * ζ(t) of the Riccati equation ζ̇ = s² − δζ − ζ² (η = 1; spec §6.3), from ζ(0) = ζ₀; t in units of τ.
 * **Method.** ζ(t) = ½(−δ + D·(tanh x + z₀)/(1 + z₀ tanh x)), x = Dt/2, D = √(δ² + 4s²),
 * z₀ = (δ + 2ζ₀)/D: the spec's tanh branch (|z₀| < 1) and coth branch (|z₀| > 1) in one formula.
 * **Special cases.** z₀ = ±1 is a fixed point (ζ constant). For z₀ < −1 ζ has a pole at
 * tanh x = −1/z₀ (the readout a crosses 0) and returns ±Infinity there.
 * @throws DomainError when D = 0 (s = 0 and δ = 0: the equation is ζ̇ = −ζ², no target)
 * @example
 * riccatiZeta(0, 1, 0, 1); // → 0.7616 (tanh(1): δ = 0, s = 1 gives ζ = s·tanh(st))
 */
export function riccatiZeta(delta: number, s: number, zeta0: number, t: number): number {
  const D = Math.hypot(delta, 2 * s);
  if (!(D > 0)) throw new DomainError('riccatiZeta: s = ‖β*‖ = 0 and δ = 0 leave no Riccati dynamics; give a non-zero target.');
  const z0 = (delta + 2 * zeta0) / D;
  const th = Math.tanh((D * t) / 2);
  return 0.5 * (-delta + (D * (th + z0)) / (1 + z0 * th));
}

/** e^{−kp·t}·∫₀ᵗ e^{k u} du for k ≤ kp, kp > 0, without overflow. */
function scaledPhi(k: number, kp: number, t: number): number {
  if (k === 0) return t * Math.exp(-kp * t);
  if (k > 0) return (Math.exp((k - kp) * t) * -Math.expm1(-k * t)) / k;
  return (Math.exp(-kp * t) * Math.expm1(k * t)) / k;
}

/**
 * Kernel distance S(0, t) of the single neuron's NTK on the d whitened inputs (spec §6.3):
 * K = η_w·a²·I + η_a·wwᵀ (the η-weighted parameter Jacobian product; η = 1 gives the spec's
 * K = a²I + wwᵀ), S = 1 − ⟨K₀, K_t⟩_F/(‖K₀‖_F‖K_t‖_F). Evaluated from scalars, O(d).
 * **Special cases.** 0 when K_t ∝ K₀; in [0, 1] (both kernels are PSD).
 * @throws DomainError when a kernel is zero (a = 0 and w = 0)
 * @example
 * singleNeuronKernelDistance({ etaW: 1, etaA: 1 }, { a: 1, w: [0, 0] }, { a: 2, w: [0, 0] }); // → 0
 */
export function singleNeuronKernelDistance(rates: SingleNeuronRates, p0: SingleNeuronParams, p1: SingleNeuronParams): number {
  const d = p0.w.length;
  const x0 = rates.etaW * p0.a * p0.a;
  const x1 = rates.etaW * p1.a * p1.a;
  const n0 = rates.etaA * dotv(p0.w, p0.w);
  const n1 = rates.etaA * dotv(p1.w, p1.w);
  const c = rates.etaA * dotv(p0.w, p1.w);
  const inner = d * x0 * x1 + x0 * n1 + x1 * n0 + c * c;
  const f0 = d * x0 * x0 + 2 * x0 * n0 + n0 * n0;
  const f1 = d * x1 * x1 + 2 * x1 * n1 + n1 * n1;
  if (!(f0 > 0) || !(f1 > 0)) {
    throw new DomainError('singleNeuronKernelDistance: a kernel is zero (a = 0 and w = 0), so the distance is undefined; check the weights.');
  }
  return Math.max(0, 1 - inner / Math.sqrt(f0 * f1));
}

/**
 * The exact gradient-flow solution of the single neuron f(x) = a·wᵀx on a whitened task, for any
 * layer rates and any sign of δ (Kunin et al. 2024, §3; spec §6.1–6.3; the module doc gives the
 * method). Time t is in gradient-flow units (GD: t = η·steps).
 *
 * **Assumptions.** Whitened data (XᵀX = I), L = ½‖β − β*‖²; a ≠ 0 at t = 0 (ζ = wᵀβ* / a must exist);
 * β* ≠ 0.
 * **Accuracy.** Agrees with DOP853 (rtol 1e-13) to 6.6e-12 and with SciPy DOP853 fixtures to ≤ 1e-10.
 * **Special cases.** δ = 0 reproduces the balanced closed form ({@link balancedExact}); δ < 0 with
 * a crossing zero (coth branch) is handled: a(t) changes sign and stays finite. Converges to
 * β = β* unless the start is on the stable manifold of the saddle (a = 0, w ⊥ β*).
 * @throws ConfigError for bad rates/vectors; DomainError for a = 0 at init or β* = 0
 * @example
 * const sol = singleNeuronExact({ etaW: 1, etaA: 1 }, { betaStar: [1, -0.5] }, { a: 0.3, w: [0.1, 0.05] });
 * sol.delta;          // 0.09 − 0.0125 = 0.0775
 * sol.at(50).beta;    // → [1.0000, -0.5000]
 */
export function singleNeuronExact(rates: SingleNeuronRates, task: WhitenedVectorTask, init: SingleNeuronParams): SingleNeuronSolution {
  const where = 'singleNeuronExact';
  checkRates(rates, where);
  const bs = checkVector(task?.betaStar, 'task.betaStar', where);
  const d = bs.length;
  const w0 = checkVector(init?.w, 'init.w', where, d);
  const a0 = checkScalar(init?.a, 'init.a', where);
  if (a0 === 0) {
    throw new DomainError(`${where}: init.a = 0 puts the start on the readout's zero set, where ζ = wᵀβ* / a is undefined; give a non-zero a (a tiny one is fine).`, { path: 'init.a' });
  }
  const sTrue = norm(bs);
  if (sTrue === 0) {
    throw new DomainError(`${where}: task.betaStar is zero, so there is nothing to learn and the Riccati solution does not apply; give a non-zero target.`, { path: 'task.betaStar' });
  }
  const { etaW, etaA } = rates;
  const c2 = etaA * etaW;
  const c = Math.sqrt(c2);
  const delta = etaW * a0 * a0 - etaA * dotv(w0, w0);
  // Reduced (η = 1) variables.
  const at0 = a0 / Math.sqrt(etaA);
  const wt0 = w0.map((v) => v / Math.sqrt(etaW));
  const dl = delta / c2;
  const s = sTrue / c;
  const bhat = bs.map((v) => v / sTrue);
  const along0 = dotv(wt0, bhat); // w̃₀ᵀβ̂*
  const wperp0 = wt0.map((v, i) => v - along0 * bhat[i]);
  const zeta0 = (along0 * s) / at0;
  const D = Math.hypot(dl, 2 * s);
  const z0 = (dl + 2 * zeta0) / D;
  const kp = dl + D; // > 0 since s > 0
  const A2 = a0 * a0 / etaA; // ã₀²
  const p0 = { a: a0, w: w0 };
  const solution: SingleNeuronSolution = {
    rates: { etaW, etaA },
    delta,
    d,
    at(t: number): SingleNeuronPoint {
      if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
        throw new ConfigError(`${where}: time ${String(t)} is not allowed; give finite times t ≥ 0.`, { path: 't' });
      }
      const tt = c2 * t;
      const eD = Math.exp(-D * tt);
      const hS = 0.5 * ((1 + z0) + (1 - z0) * eD); // e^{−x}h(x)
      const hpS = 0.5 * ((1 + z0) - (1 - z0) * eD); // e^{−x}h′(x)
      const Iscaled =
        0.25 * ((1 + z0) * (1 + z0) * scaledPhi(kp, kp, tt) + 2 * (1 - z0 * z0) * scaledPhi(dl, kp, tt) + (1 - z0) * (1 - z0) * scaledPhi(dl - D, kp, tt));
      const N = Math.exp(-kp * tt) + 2 * A2 * Iscaled;
      const rootN = Math.sqrt(N);
      const at = (at0 * hS) / rootN;
      const alongT = (at0 * 0.5 * (-dl * hS + D * hpS)) / (s * rootN); // w̃ᵀβ̂* = ζã/s
      const perpScale = Math.exp(-0.5 * kp * tt) / rootN;
      const a = at * Math.sqrt(etaA);
      const w = wperp0.map((v, i) => Math.sqrt(etaW) * (v * perpScale + alongT * bhat[i]));
      const beta = w.map((v) => a * v);
      const nw = norm(w);
      const phi = nw === 0 ? 0 : dotv(w, bhat) / nw;
      let loss = 0;
      for (let i = 0; i < d; i++) loss += (beta[i] - bs[i]) ** 2;
      return {
        t,
        beta,
        a,
        w,
        mu: a * nw,
        phi,
        loss: loss / 2,
        kernelDistance: singleNeuronKernelDistance(rates, p0, { a, w }),
      };
    },
  };
  return solution;
}

/**
 * The balanced (δ = 0, η = 1) closed form of Kunin et al. 2024 as written in spec §6.3 [D]:
 * S(t) = artanh φ₀ + s·t, φ(t) = tanh S(t),
 * ‖β(t)‖ = 2s·cosh²S / (2S + sinh 2S + c) with c = 2s·cosh²S₀/‖β₀‖ − 2S₀ − sinh 2S₀, and
 * β(t) = ‖β(t)‖·[(β̂₀ − β̂*·tanh S₀)·cosh S₀/cosh S + β̂*·tanh S].
 * Kept as an independent formula (tests compare it with {@link singleNeuronExact} and DOP853).
 * **Assumptions.** η_w = η_a = 1, a₀ > 0, δ = 0 (|a₀| = ‖w₀‖ within 1e-12 relative), whitened task.
 * **Special cases.** φ₀ = ±1 (w₀ ∥ β*) makes artanh infinite and is refused; as t → ∞, ‖β‖ → s.
 * Large S overflows cosh: use {@link singleNeuronExact} for t·s ≳ 300.
 * @throws DomainError when δ ≠ 0, a₀ ≤ 0, β₀ = 0 or |φ₀| = 1
 * @example
 * balancedExact({ betaStar: [1, 0] }, { a: 0.5, w: [0, 0.5] }).at(0).phi; // → 0
 */
export function balancedExact(task: WhitenedVectorTask, init: SingleNeuronParams): SingleNeuronSolution {
  const where = 'balancedExact';
  const bs = checkVector(task?.betaStar, 'task.betaStar', where);
  const d = bs.length;
  const w0 = checkVector(init?.w, 'init.w', where, d);
  const a0 = checkScalar(init?.a, 'init.a', where);
  const s = norm(bs);
  const nw0 = norm(w0);
  if (!(a0 > 0)) throw new DomainError(`${where}: the balanced closed form needs a > 0 at init (got ${a0}); flip the signs of a and w.`, { path: 'init.a' });
  if (s === 0) throw new DomainError(`${where}: task.betaStar is zero; give a non-zero target.`, { path: 'task.betaStar' });
  if (Math.abs(a0 * a0 - nw0 * nw0) > 1e-12 * (a0 * a0 + nw0 * nw0)) {
    throw new DomainError(`${where}: the start is not balanced (a² − ‖w‖² = ${a0 * a0 - nw0 * nw0}); use singleNeuronExact for δ ≠ 0.`, { path: 'init' });
  }
  const bhat = bs.map((v) => v / s);
  const phi0 = dotv(w0, bhat) / nw0;
  if (!(Math.abs(phi0) < 1)) {
    throw new DomainError(`${where}: w is parallel to β* at init (φ₀ = ±1), where artanh φ₀ is infinite; use singleNeuronExact.`, { path: 'init.w' });
  }
  const nb0 = a0 * nw0;
  const b0hat = w0.map((v) => v / nw0);
  const S0 = Math.atanh(phi0);
  const cc = (2 * s * Math.cosh(S0) ** 2) / nb0 - 2 * S0 - Math.sinh(2 * S0);
  const rates = { etaW: 1, etaA: 1 };
  const p0 = { a: a0, w: w0 };
  return {
    rates,
    delta: 0,
    d,
    at(t: number): SingleNeuronPoint {
      if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
        throw new ConfigError(`${where}: time ${String(t)} is not allowed; give finite times t ≥ 0.`, { path: 't' });
      }
      const St = S0 + s * t;
      const nb = (2 * s * Math.cosh(St) ** 2) / (2 * St + Math.sinh(2 * St) + cc);
      const r = Math.cosh(S0) / Math.cosh(St);
      const th = Math.tanh(St);
      const beta = b0hat.map((v, i) => nb * ((v - bhat[i] * Math.tanh(S0)) * r + bhat[i] * th));
      const a = Math.sqrt(nb);
      const w = beta.map((v) => v / a);
      let loss = 0;
      for (let i = 0; i < d; i++) loss += (beta[i] - bs[i]) ** 2;
      return { t, beta, a, w, mu: nb, phi: th, loss: loss / 2, kernelDistance: singleNeuronKernelDistance(rates, p0, { a, w }) };
    },
  };
}
