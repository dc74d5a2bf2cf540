/**
 * Implicit bias of the single neuron as a time-warped mirror flow (Kunin et al. 2024, §4; spec
 * `connectivity.md` §6.4), for η_w = η_a = 1.
 * @module
 */
import { ConvergenceError, DomainError, ShapeError } from '../../errors/index.js';
import { assertFinite, Matrix } from '../../linalg/matrix.js';
import { solve } from '../../linalg/solve.js';
import { checkScalar, checkVector } from './exact.js';

const sq = (v: readonly number[]): number => v.reduce((s, x) => s + x * x, 0);

/**
 * The mirror potential Φ_δ(β) = ⅓(S − 2δ)·√((S + δ)/2), S = √(δ² + 4‖β‖²) (spec §6.4 [D]):
 * with η = 1 the β-dynamics are β̇ = −|a|·(∇²Φ_δ)⁻¹∇L.
 * **Method.** S + δ is formed as 4‖β‖²/(S − δ) when δ < 0 (no cancellation).
 * **Special cases.** Φ_δ(0) = ⅓(|δ| − 2δ)√((|δ|+δ)/2): 0 for δ ≤ 0. δ = 0: Φ = (2/3)‖β‖^{3/2}.
 * δ → +∞: Φ ≈ ‖β‖²/(2√δ) + const (ℓ₂). δ → −∞: Φ ≈ √|δ|·‖β‖ + const (direction-preserving).
 * @example
 * mirrorPotential(0, [1, 0]); // → 0.666667 (2/3)
 */
export function mirrorPotential(delta: number, beta: readonly number[]): number {
  checkScalar(delta, 'delta', 'mirrorPotential');
  const b2 = sq(checkVector(beta, 'beta', 'mirrorPotential'));
  const S = Math.hypot(delta, 2 * Math.sqrt(b2));
  const sPlus = delta >= 0 ? S + delta : (4 * b2) / (S - delta);
  return ((S - 2 * delta) * Math.sqrt(sPlus / 2)) / 3;
}

/**
 * ∇Φ_δ(β) = √((S − δ)/2)·β̂ = ‖w‖·β̂ (spec §6.4), ‖w‖ the first-layer norm that §6.2 assigns to β.
 * **Special cases.** β = 0 returns the zero vector (for δ < 0 the gradient has norm √(−δ) but no
 * direction there; the limit is not unique).
 * @example
 * mirrorPotentialGradient(0, [4, 0]); // → [2, 0]  (‖w‖ = √‖β‖ = 2)
 */
export function mirrorPotentialGradient(delta: number, beta: readonly number[]): number[] {
  checkScalar(delta, 'delta', 'mirrorPotentialGradient');
  const b = checkVector(beta, 'beta', 'mirrorPotentialGradient');
  const nb = Math.sqrt(sq(b));
  if (nb === 0) return b.map(() => 0);
  const S = Math.hypot(delta, 2 * nb);
  const sMinus = delta <= 0 ? S - delta : (4 * nb * nb) / (S + delta);
  const nw = Math.sqrt(sMinus / 2);
  return b.map((v) => (nw * v) / nb);
}

/**
 * The interpolating predictor that gradient flow of the single neuron (η = 1) reaches on an
 * under-determined regression Xβ = y from β₀ (spec §6.4 [D]):
 * β∞ = argmin_{Xβ = y} Φ_δ(β) − ∇Φ_δ(β₀)ᵀβ.
 * **Method.** Optimality: ∇Φ_δ(β) = ∇Φ_δ(β₀) + Xᵀλ. The inverse of ∇Φ_δ is g ↦ g·√(‖g‖² + δ), so λ
 * solves the n equations X·β(∇Φ_δ(β₀) + Xᵀλ) = y; damped Newton from λ = 0, converged to
 * ‖Xβ − y‖ ≤ 1e-13·(1 + ‖y‖).
 * **Assumptions.** X has full row rank (n ≤ d); the flow keeps a > 0 (a₀ > 0 and a never crosses
 * 0 — for δ < 0 a start with a small readout can cross it, and then this prediction does not apply).
 * **Special cases.** δ → +∞ tends to the minimum-ℓ₂-distance interpolant from β₀ (kernel regime).
 * @throws ShapeError on mismatched shapes; DomainError when ∇Φ_δ leaves its range (‖g‖² + δ < 0);
 * ConvergenceError when Newton fails
 * @example
 * implicitBiasSolution(1e6, Matrix.from([[1, 1, 0]]), [1], [0, 0, 0]); // → ≈ [0.5, 0.5, 0]
 */
export function implicitBiasSolution(delta: number, X: Matrix, y: readonly number[], beta0: readonly number[]): number[] {
  const where = 'implicitBiasSolution';
  checkScalar(delta, 'delta', where);
  assertFinite(X, `${where}: X`);
  const n = X.rows;
  const d = X.cols;
  const yy = checkVector(y, 'y', where);
  const b0 = checkVector(beta0, 'beta0', where);
  if (yy.length !== n) throw ShapeError.mismatch(where, [n], [yy.length], 'y needs one value per row of X');
  if (b0.length !== d) throw ShapeError.mismatch(where, [d], [b0.length], 'beta0 needs one value per column of X');
  const g0 = mirrorPotentialGradient(delta, b0);
  const lam = new Array<number>(n).fill(0);
  const gOf = (l: number[]): number[] => {
    const g = g0.slice();
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) g[j] += X.get(i, j) * l[i];
    return g;
  };
  const betaOf = (g: number[]): number[] | null => {
    const q = sq(g) + delta;
    if (q < 0) return null;
    const r = Math.sqrt(q);
    return g.map((v) => v * r);
  };
  const resid = (beta: number[]): number[] => {
    const F = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = -yy[i];
      for (let j = 0; j < d; j++) s += X.get(i, j) * beta[j];
      F[i] = s;
    }
    return F;
  };
  let beta = betaOf(gOf(lam));
  if (beta === null) throw new DomainError(`${where}: ∇Φ_δ(β₀) has norm² below −δ; β₀ is outside the reachable set for δ = ${delta}.`);
  let F = resid(beta);
  const tol = 1e-13 * (1 + Math.sqrt(sq(yy)));
  for (let iter = 0; iter < 200; iter++) {
    const nF = Math.sqrt(sq(F));
    if (nF <= tol) return beta;
    const g = gOf(lam);
    const q = sq(g) + delta;
    const r = Math.sqrt(q);
    // J = X (r I + g gᵀ / r) Xᵀ
    const Xg = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xg[i] += X.get(i, j) * g[j];
    const J = Matrix.zeros(n, n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += X.get(i, j) * X.get(k, j);
        J.set(i, k, r * s + (Xg[i] * Xg[k]) / r);
      }
    }
    const step = solve(J, F);
    let accepted = false;
    for (let h = 1; h > 1e-12; h /= 2) {
      const trial = lam.map((v, i) => v - h * step[i]);
      const bt = betaOf(gOf(trial));
      if (bt === null) continue;
      const Ft = resid(bt);
      if (Math.sqrt(sq(Ft)) < nF) {
        lam.splice(0, n, ...trial);
        beta = bt;
        F = Ft;
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
  }
  if (Math.sqrt(sq(F)) <= 1e-10 * (1 + Math.sqrt(sq(yy)))) return beta;
  throw new ConvergenceError(`${where}: Newton did not reach Xβ = y (residual ${Math.sqrt(sq(F))}); check that X has full row rank.`);
}
