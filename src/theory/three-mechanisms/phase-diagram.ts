/**
 * The phase diagram of the 1-D model over width exponents (spec §B.5, [D] for the maths, boundaries
 * [R] w.r.t. the paper's own figure): every hyperparameter is a power of the width d,
 * κ = d^{−c}, η_u = d^{e_u}, η_w = d^{e_w}, σ_u² = d^{b_u}, σ_w² = d^{b_w}, a and Σ_xx = Θ(1).
 *
 * @module
 */
import { ConfigError } from '../../errors/index.js';

/** Width exponents of §B.5. */
export interface WidthExponents {
  /** κ = d^{−c}. */
  c: number;
  /** η_u = d^{eU}. */
  eU: number;
  /** η_w = d^{eW}. */
  eW: number;
  /** σ_u² = d^{bU}. */
  bU: number;
  /** σ_w² = d^{bW}. */
  bW: number;
}

/** Phase labels of §B.5 (`unstable`: Δ grows with d, so GD at a fixed step diverges). */
export type WidthPhase = 'kernel' | 'feature-learning' | 'strong-feature-learning' | 'no-learning' | 'unstable';

/** Exponents and phase of one point. */
export interface PhasePoint {
  /** 𝒜 = log_d α = −c + (e_u+e_w)/2. */
  alphaExp: number;
  /** 𝓑 = log_d √Q = 1 − c + max(b_u + (e_w−e_u)/2, b_w + (e_u−e_w)/2). */
  sqrtQExp: number;
  /** log_d K₀ = 𝒜 + 𝓑. */
  kernelExp: number;
  /** log_d Δ = 𝒜 + max(𝓑, 0) (the learning speed; t_c = d^{−rateExp}). */
  rateExp: number;
  phase: WidthPhase;
}

const KEYS = ['c', 'eU', 'eW', 'bU', 'bW'] as const;

function check(e: WidthExponents): void {
  for (const k of KEYS) {
    if (!Number.isFinite(e[k])) throw new ConfigError(`exponents.${k} must be a finite number (got ${String(e[k])}).`, { path: `exponents.${k}` });
  }
}

/**
 * Exponent 𝒜 = log_d α (spec §B.5).
 * @example alphaExponent({ c: 1, eU: 1, eW: 1, bU: 0, bW: 0 }); // → 0 (μP)
 */
export function alphaExponent(e: WidthExponents): number {
  check(e);
  return -e.c + (e.eU + e.eW) / 2;
}

/**
 * Exponent 𝓑 = log_d √Q at i.i.d. Gaussian init (law of large numbers, spec §B.4–B.5).
 * @example sqrtQExponent({ c: 0.5, eU: 0, eW: 0, bU: 0, bW: 0 }); // → 0.5 (NTK parametrisation)
 */
export function sqrtQExponent(e: WidthExponents): number {
  check(e);
  return 1 - e.c + Math.max(e.bU + (e.eW - e.eU) / 2, e.bW + (e.eU - e.eW) / 2);
}

/**
 * Phase of a point of the exponent space (spec §B.5 table), with `tol` the tolerance of the
 * equalities 𝓑 = 0 and 𝒜 + max(𝓑,0) = 0 (default 1e-12).
 *
 * **Method.** Δ = αΣ_xx√(4a²+Q) scales as d^{𝒜 + max(𝓑,0)}: < 0 no learning in O(1) time, > 0 unstable
 * (K diverges with d); = 0 then 𝓑 > 0 kernel, 𝓑 = 0 feature learning, 𝓑 < 0 strong feature learning.
 * This reproduces every row of the §B.5 table (kernel: 𝓑 > 0 and 𝒜+𝓑 = 0; feature learning: 𝒜 = 𝓑 = 0;
 * strong: 𝓑 < 0, 𝒜 = 0; no learning: 𝒜 + max(𝓑,0) < 0).
 *
 * @example
 * widthPhase({ c: 0.5, eU: 0, eW: 0, bU: 0, bW: 0 }).phase; // → 'kernel' (NTK)
 * widthPhase({ c: 1, eU: 1, eW: 1, bU: 0, bW: 0 }).phase;   // → 'feature-learning' (μP)
 * widthPhase({ c: 0, eU: -1, eW: -1, bU: -1, bW: 0 }).phase; // → 'kernel' (SP)
 */
export function widthPhase(e: WidthExponents, tol = 1e-12): PhasePoint {
  const A = alphaExponent(e);
  const B = sqrtQExponent(e);
  const rate = A + Math.max(B, 0);
  let phase: WidthPhase;
  if (rate < -tol) phase = 'no-learning';
  else if (rate > tol) phase = 'unstable';
  else if (B > tol) phase = 'kernel';
  else if (B < -tol) phase = 'strong-feature-learning';
  else phase = 'feature-learning';
  return { alphaExp: A, sqrtQExp: B, kernelExp: A + B, rateExp: rate, phase };
}

/** Finite-width values from the closed form at the law-of-large-numbers init (P₀ = 0). */
export interface PhaseValues {
  d: number;
  alpha: number;
  /** √Q ≈ αd(σ_u²/η_u + σ_w²/η_w). */
  sqrtQ: number;
  /** K₀ = αΣ_xx√Q. */
  K0: number;
  /** K∞/K₀ = √(1 + 4a²/Q). */
  kernelRatio: number;
  /** ζ∞ = 2a/√(Q+4a²). */
  zetaInf: number;
  /** t_c = 1/(αΣ_xx√(4a²+Q)). */
  tc: number;
}

/**
 * Closed-form values of §B.4–B.5 at width d for the exponents e (κ = d^{−c}, η = d^{e}, σ² = d^{b}),
 * with P₀ replaced by its mean 0 and Q by its law-of-large-numbers value (relative error O(d^{−1/2})
 * against a sampled init).
 * @example phaseValues({ c: 1, eU: 1, eW: 1, bU: 0, bW: 0 }, 1e4, { a: 1 }).kernelRatio; // → ≈ 1.414 (√2)
 */
export function phaseValues(e: WidthExponents, d: number, task: { a: number; sigmaXX?: number }): PhaseValues {
  check(e);
  if (!(Number.isFinite(d) && d >= 1)) throw new ConfigError(`d must be a finite width ≥ 1 (got ${d}).`, { path: 'd' });
  const sxx = task.sigmaXX ?? 1;
  if (!(Number.isFinite(sxx) && sxx > 0)) throw new ConfigError(`sigmaXX must be > 0 (got ${sxx}).`, { path: 'sigmaXX' });
  if (!Number.isFinite(task.a)) throw new ConfigError(`a must be finite (got ${task.a}).`, { path: 'a' });
  const kappa = d ** -e.c;
  const etaU = d ** e.eU;
  const etaW = d ** e.eW;
  const alpha = kappa * Math.sqrt(etaU * etaW);
  const sqrtQ = alpha * d * (d ** e.bU / etaU + d ** e.bW / etaW);
  const Q = sqrtQ * sqrtQ;
  const a = task.a;
  return {
    d,
    alpha,
    sqrtQ,
    K0: alpha * sxx * sqrtQ,
    kernelRatio: Math.sqrt(1 + (4 * a * a) / Q),
    zetaInf: (2 * a) / Math.sqrt(Q + 4 * a * a),
    tc: 1 / (alpha * sxx * Math.sqrt(4 * a * a + Q)),
  };
}

/** A boundary curve in the plane of two exponents: points (x, y) with NaN y where no boundary exists. */
export interface PhaseBoundary {
  name: 'sqrtQ=0' | 'rate=0';
  x: Float64Array;
  y: Float64Array;
}

/**
 * The phase boundaries 𝓑 = 0 (kernel vs feature learning) and 𝒜 + max(𝓑,0) = 0 (learning in O(1)
 * time) in the plane of two exponents `xKey`, `yKey`, the others fixed at `base`, for drawing on a
 * heatmap. For each x the boundary y in [yMin, yMax] is the first root found scanning upwards
 * (the functions are piecewise linear in y; roots are refined by bisection to 1e-13).
 * @example
 * const [bq, br] = phaseBoundaries({ c: 1, eU: 1, eW: 1, bU: 0, bW: 0 }, 'bU', 'c', [-2, 2], [-1, 3], 5);
 * // bq.y = [1, 1, 1, 2, 3] (c = 1 + max(b_u, 0)); br.y = [1, 1, 1, 1.5, 2] (c = 1 + max(b_u, 0)/2)
 */
export function phaseBoundaries(
  base: WidthExponents,
  xKey: keyof WidthExponents,
  yKey: keyof WidthExponents,
  xRange: [number, number],
  yRange: [number, number],
  n = 101,
): PhaseBoundary[] {
  check(base);
  if (xKey === yKey) throw new ConfigError('xKey and yKey must be two different exponents.', { path: 'yKey' });
  if (!(Number.isInteger(n) && n >= 2)) throw new ConfigError(`n must be an integer ≥ 2 (got ${n}).`, { path: 'n' });
  const fns: [PhaseBoundary['name'], (e: WidthExponents) => number][] = [
    ['sqrtQ=0', sqrtQExponent],
    ['rate=0', (e) => alphaExponent(e) + Math.max(sqrtQExponent(e), 0)],
  ];
  const scan = 400;
  return fns.map(([name, f]) => {
    const x = new Float64Array(n);
    const y = new Float64Array(n).fill(NaN);
    for (let i = 0; i < n; i++) {
      x[i] = xRange[0] + ((xRange[1] - xRange[0]) * i) / (n - 1);
      const g = (yv: number): number => f({ ...base, [xKey]: x[i], [yKey]: yv });
      let y0 = yRange[0];
      let g0 = g(y0);
      if (g0 === 0) {
        y[i] = y0;
        continue;
      }
      for (let j = 1; j <= scan; j++) {
        const y1 = yRange[0] + ((yRange[1] - yRange[0]) * j) / scan;
        const g1 = g(y1);
        if (g1 === 0) {
          y[i] = y1;
          break;
        }
        if (g0 * g1 < 0) {
          let lo = y0;
          let hi = y1;
          let glo = g0;
          for (let it = 0; it < 200 && hi - lo > 1e-13; it++) {
            const mid = 0.5 * (lo + hi);
            const gm = g(mid);
            if (gm === 0) {
              lo = hi = mid;
              break;
            }
            if (glo * gm < 0) hi = mid;
            else {
              lo = mid;
              glo = gm;
            }
          }
          y[i] = 0.5 * (lo + hi);
          break;
        }
        y0 = y1;
        g0 = g1;
      }
    }
    return { name, x, y };
  });
}

/**
 * Phase labels of {@link widthPhase} (spec §B.5) on a grid of two exponents (rows: y values, columns:
 * x values), the others at `base`. No time: the labels are the large-width scalings.
 * @example
 * const base = { c: 1, eU: 1, eW: 1, bU: 0, bW: 0 }; // μP
 * phaseGrid(base, 'c', [0, 0.5, 1], 'eU', [0, 1]).phases; // → [["unstable", "unstable", "kernel"], ["unstable", "unstable", "feature-learning"]]
 */
export function phaseGrid(
  base: WidthExponents,
  xKey: keyof WidthExponents,
  xs: ArrayLike<number>,
  yKey: keyof WidthExponents,
  ys: ArrayLike<number>,
): { phases: WidthPhase[][]; points: PhasePoint[][] } {
  const phases: WidthPhase[][] = [];
  const points: PhasePoint[][] = [];
  for (let r = 0; r < ys.length; r++) {
    const row: PhasePoint[] = [];
    for (let c = 0; c < xs.length; c++) row.push(widthPhase({ ...base, [xKey]: xs[c], [yKey]: ys[r] }));
    points.push(row);
    phases.push(row.map((p) => p.phase));
  }
  return { phases, points };
}
