/**
 * The scalar "mixed" kernel shared by both papers of spec `mixed-and-three-mechanisms.md` (§C):
 *
 *     ds/dt = 2λ √(s² + c²) (y − s)
 *
 * - Paper A (Tu, Aranguri & Jacot 2024, §A.2.4): one singular value s_i of A under the self-consistent
 *   dynamics (1) from an aligned start, with c = σ²w and λ = 1 (time t of gradient flow on
 *   C(A) = ½‖A − Y‖_F²; GD iteration n ↔ t = n·η).
 * - Paper B (Xu & Ziyin 2025, §B.3–B.4): the function P of the width-d 1-D model, with c = √Q/2 and
 *   λ = αΣ_xx.
 *
 * @module
 */
import { ConfigError, DomainError } from '../../errors/index.js';

/** Parameters of the scalar kernel: target y, threshold c ≥ 0, rate λ > 0 (default 1). */
export interface MixedScalarParams {
  /** Target value y (a singular value of Y in paper A). */
  y: number;
  /** Threshold c ≥ 0 (σ²w in paper A; √Q/2 in paper B). */
  c: number;
  /** Time-scale factor λ > 0 (1 in paper A; αΣ_xx in paper B). Default 1. */
  lambda?: number;
}

function params(p: MixedScalarParams, where: string): { y: number; c: number; lambda: number } {
  const lambda = p.lambda ?? 1;
  if (!Number.isFinite(p.y)) throw new ConfigError(`${where}: y must be a finite number, got ${String(p.y)}.`, { path: 'y' });
  if (!(Number.isFinite(p.c) && p.c >= 0)) throw new ConfigError(`${where}: the threshold c must be a finite number ≥ 0, got ${String(p.c)}.`, { path: 'c' });
  if (!(Number.isFinite(lambda) && lambda > 0)) throw new ConfigError(`${where}: lambda must be a finite number > 0, got ${String(lambda)}.`, { path: 'lambda' });
  return { y: p.y, c: p.c, lambda };
}

/**
 * The rate ds/dt = 2λ√(s²+c²)(y − s) (§A.2.4; §C).
 *
 * Special cases: s ≪ c gives the lazy rate ≈ 2λc(y − s); s ≫ c the balanced (logistic) rate 2λ|s|(y − s).
 *
 * @example
 * mixedScalarRate(0, { y: 2, c: 1 }); // → 4
 */
export function mixedScalarRate(s: number, p: MixedScalarParams): number {
  const { y, c, lambda } = params(p, 'mixedScalarRate');
  return 2 * lambda * Math.hypot(s, c) * (y - s);
}

/** F(x) = ln((R√(x²+c²) + y·x + c²)/|y − x|) of §A.2.4, computed without overflow for y ≥ 0. */
function potential(x: number, y: number, c: number, R: number): number {
  // R√(x²+c²) + yx + c² ≥ 0 for all x (Cauchy–Schwarz with R = √(y²+c²)); for x < 0 it can cancel,
  // so there use the conjugate form.
  const h = Math.hypot(x, c);
  const num = R * h + y * x + c * c;
  if (x >= 0 || num > 1e-3 * R * h) return Math.log(num) - Math.log(Math.abs(y - x));
  // (R h)² − (y x + c²)² = c² (x − y)²  ⇒  num = c² (x − y)² / (R h − y x − c²).
  return Math.log(c * c * (x - y) * (x - y)) - Math.log(R * h - y * x - c * c) - Math.log(Math.abs(y - x));
}

/**
 * Closed-form hitting time of ds/dt = 2λ√(s²+c²)(y − s) from s(0) = x0 to s = x (§A.2.4, [D] in the spec):
 *
 *     t(x) = [F(x) − F(x0)]/(2λR),  R = √(y² + c²),  F(x) = ln((R√(x²+c²) + y·x + c²)/|y − x|).
 *
 * Time: t is the gradient-flow time of (1) (t/τ with τ = 1; GD step n ↔ t = nη).
 * Assumptions: x lies between x0 (inclusive) and y (exclusive): the flow moves monotonically from x0
 * towards y and never reaches it. Special cases: c = 0 is the balanced (logistic) case, where s = 0
 * is a fixed point: from x0 = 0 the time is infinite (the formula would divide by zero) and the
 * function refuses. y < 0 is handled by the symmetry s ↦ −s.
 *
 * @example
 * mixedHittingTime(0.95 * 224, { y: 224, c: 12, x0: 1e-3 }); // → ≈ 0.0145187 (spec §A.2.4)
 */
export function mixedHittingTime(x: number, p: MixedScalarParams & { x0: number }): number {
  const q = params(p, 'mixedHittingTime');
  if (!Number.isFinite(p.x0)) throw new ConfigError(`mixedHittingTime: x0 must be a finite number, got ${String(p.x0)}.`, { path: 'x0' });
  if (!Number.isFinite(x)) throw new ConfigError(`mixedHittingTime: x must be a finite number, got ${String(x)}.`, { path: 'x' });
  let { y, c } = q;
  let x0 = p.x0;
  if (y < 0) {
    y = -y;
    x0 = -x0;
    x = -x;
  }
  const lo = Math.min(x0, y);
  const hi = Math.max(x0, y);
  if (!(x >= lo && x <= hi) || x === y) {
    throw new DomainError(`mixedHittingTime: s moves monotonically from x0 = ${p.x0} towards y = ${p.y} and never reaches y, so x = ${x} is not reached; pick x between x0 and y (exclusive of y).`, { path: 'x' });
  }
  if (x === x0) return 0;
  if (c === 0 && (x0 === 0 || Math.sign(x0) !== Math.sign(x) || x === 0)) {
    throw new DomainError('mixedHittingTime: with c = 0 (balanced limit) s = 0 is a fixed point, so s cannot cross 0 and a start at 0 never moves; use c > 0 or x0 of the sign of x.', { path: 'c' });
  }
  const R = Math.hypot(y, c);
  return (potential(x, y, c, R) - potential(x0, y, c, R)) / (2 * q.lambda * R);
}

/**
 * The solution s(t) of ds/dt = 2λ√(s²+c²)(y − s), s(0) = s0 (§A.2.4), obtained by inverting the
 * closed-form hitting time (bisection to machine precision on the monotone map x ↦ t(x)).
 *
 * Special cases: s0 = y stays at y; c = 0, s0 = 0 stays at 0 (balanced fixed point).
 * Time: t is the gradient-flow time of (1) (t/τ with τ = 1; GD step n ↔ t = nη).
 *
 * @example
 * alignedSingularValue(0.0145187, { y: 224, c: 12, s0: 1e-3 }); // → 212.8 (0.95·224)
 */
export function alignedSingularValue(t: number, p: MixedScalarParams & { s0: number }): number {
  const q = params(p, 'alignedSingularValue');
  if (!(Number.isFinite(t) && t >= 0)) throw new ConfigError(`alignedSingularValue: t must be a finite number ≥ 0, got ${String(t)}.`, { path: 't' });
  const { y, c } = q;
  const s0 = p.s0;
  if (!Number.isFinite(s0)) throw new ConfigError(`alignedSingularValue: s0 must be a finite number, got ${String(s0)}.`, { path: 's0' });
  if (t === 0 || s0 === y || (c === 0 && s0 === 0)) return s0;
  // c = 0 with s0 of the other sign than y: s tends to 0 from s0 (0 is the reachable fixed point).
  const target = c === 0 && s0 * y < 0 ? 0 : y;
  if (target === 0) {
    // Logistic towards 0 is not of the hitting-time form with this y; solve ds/dt = 2λ|s|(y − s) exactly:
    // with v = 1/s: dv/dt = −2λ sign(s)(y v − 1) ⇒ v(t) = 1/y + (1/s0 − 1/y) e^{−2λ sign(s0) y t}.
    const v = 1 / y + (1 / s0 - 1 / y) * Math.exp(-2 * q.lambda * Math.sign(s0) * y * t);
    return 1 / v;
  }
  let a = s0;
  let b = y;
  // Bisection on [s0, y): t(x) is continuous and strictly monotone there.
  for (let it = 0; it < 200; it++) {
    const m = 0.5 * (a + b);
    if (m === a || m === b) break;
    let tm: number;
    try {
      tm = mixedHittingTime(m, { y, c, lambda: q.lambda, x0: s0 });
    } catch {
      tm = Infinity;
    }
    if (tm < t) a = m;
    else b = m;
  }
  const res = 0.5 * (a + b);
  return res;
}

/**
 * The balanced (c = 0) aligned solution, the logistic s(t) = y/(1 + (y/s0 − 1)e^{−2λyt}) (§A.2.3, §A.5-4).
 * Assumes s0 of the sign of y (else s decays to 0). Special case s0 = 0: stays 0.
 * Time: t is the gradient-flow time of (1) (t/τ with τ = 1; GD step n ↔ t = nη).
 *
 * @example
 * logisticSingularValue(0, { y: 2, s0: 0.1 }); // → 0.1
 */
export function logisticSingularValue(t: number, p: { y: number; s0: number; lambda?: number }): number {
  const lambda = p.lambda ?? 1;
  if (!(Number.isFinite(t) && t >= 0)) throw new ConfigError(`logisticSingularValue: t must be a finite number ≥ 0, got ${String(t)}.`, { path: 't' });
  if (!Number.isFinite(p.y) || !Number.isFinite(p.s0)) throw new ConfigError('logisticSingularValue: y and s0 must be finite numbers.', { path: 'y' });
  if (p.s0 === 0) return 0;
  return p.y / (1 + (p.y / p.s0 - 1) * Math.exp(-2 * lambda * p.y * t));
}

/**
 * Approximate time for s to reach (1 − ε)y from s0 ≈ 0 when y ≫ c (§A.2.4): t ≈ ln(2y/(εc))/(2λy);
 * and the threshold-crossing time ≈ 1/(2λy) (§A.5-9).
 *
 * @example
 * speedUpTimes({ y: 224, c: 12.01, epsilon: 0.05 }).reach; // → ≈ 0.0148
 */
export function speedUpTimes(p: { y: number; c: number; epsilon: number; lambda?: number }): { reach: number; cross: number } {
  const lambda = p.lambda ?? 1;
  if (!(p.y > 0 && p.c > 0 && p.epsilon > 0 && p.epsilon < 1 && lambda > 0)) {
    throw new DomainError('speedUpTimes: needs y > 0, c > 0 (the formula divides by c), 0 < epsilon < 1 and lambda > 0.', { path: 'c' });
  }
  return { reach: Math.log((2 * p.y) / (p.epsilon * p.c)) / (2 * lambda * p.y), cross: 1 / (2 * lambda * p.y) };
}
