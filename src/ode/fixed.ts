/**
 * Fixed-step integrators: explicit Euler (order 1) and the classical Runge–Kutta method RK4
 * (order 4).
 *
 * **Method.** The span [t0, t1] is divided into N = ⌈|t1 − t0| / step⌉ equal steps of size
 * h = (t1 − t0)/N (so the step actually used is at most `step` and the grid ends exactly at t1);
 * grid points are tₖ = t0 + k·h. Euler: yₖ₊₁ = yₖ + h f(tₖ, yₖ). RK4 (Hairer, Nørsett & Wanner,
 * *Solving ODEs I*, §II.1): k₁ = f(tₖ, yₖ), k₂ = f(tₖ + h/2, yₖ + h k₁/2), k₃ = f(tₖ + h/2, yₖ + h k₂/2),
 * k₄ = f(tₖ + h, yₖ + h k₃), yₖ₊₁ = yₖ + h(k₁ + 2k₂ + 2k₃ + k₄)/6.
 *
 * **Output between grid points.** Values at `tEval` (and `sol(t)`) come from the cubic Hermite
 * interpolant of the two neighbouring grid states and their derivatives f(tₖ, yₖ), f(tₖ₊₁, yₖ₊₁)
 * (local error O(h⁴), so it does not lower the order of either method). On a grid point the
 * interpolant returns the grid state.
 *
 * **Special cases.** A non-finite state or derivative stops with a ConvergenceError naming the time;
 * a grid of more than `maxSteps` steps is refused up front with a ConfigError.
 *
 * @module
 */
import { ConfigError, ConvergenceError, DomainError } from '../errors/index.js';
import type { ResolvedProblem } from './options.js';
import { allFinite } from './pair.js';
import type { DenseSolution, OdeRhs, OdeSolution, OdeStats } from './types.js';

/** Cubic Hermite interpolation on [ta, ta + h] at fraction θ into `out`. */
function hermite(
  ya: Float64Array,
  fa: Float64Array,
  yb: Float64Array,
  fb: Float64Array,
  h: number,
  theta: number,
  out: Float64Array,
): void {
  const s = theta;
  const s1 = 1 - s;
  const h00 = (1 + 2 * s) * s1 * s1;
  const h10 = s * s1 * s1 * h;
  const h01 = s * s * (3 - 2 * s);
  const h11 = -s * s * s1 * h;
  for (let i = 0; i < out.length; i++) out[i] = h00 * ya[i] + h10 * fa[i] + h01 * yb[i] + h11 * fb[i];
}

/**
 * Integrates over a resolved problem (t1 ≠ t0) with explicit Euler or RK4 at a fixed step.
 * @throws ConfigError when the grid needs more than maxSteps steps; ConvergenceError when the state
 * or its derivative becomes non-finite.
 */
export function solveFixed(rhs: OdeRhs, problem: ResolvedProblem): OdeSolution {
  const { t0, t1, tEval, denseOutput, maxSteps } = problem;
  const method = problem.method as 'euler' | 'rk4';
  const step = problem.step as number;
  const n = problem.y0.length;
  const span = Math.abs(t1 - t0);
  const nSteps = Math.max(1, Math.ceil(span / step - 1e-9));
  if (nSteps > maxSteps) {
    throw new ConfigError(
      `solveIvp (${method}): step = ${step} over a span of length ${span} needs ${nSteps} steps, more than maxSteps = ${maxSteps}; raise options.maxSteps or the step.`,
      { path: 'step' },
    );
  }
  const h = (t1 - t0) / nSteps;
  const gridTime = (k: number): number => (k === nSteps ? t1 : t0 + k * h);

  let y = problem.y0.slice();
  let yNext = new Float64Array(n);
  let f = new Float64Array(n);
  let fNext = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const yStage = new Float64Array(n);
  const stats: OdeStats = { nfev: 0, nsteps: 0, naccepted: 0, nrejected: 0 };

  const checkFinite = (v: Float64Array, what: string, at: number, reached: number): void => {
    if (!allFinite(v)) {
      throw new ConvergenceError(
        `solveIvp (${method}): the ${what} became non-finite at t = ${at}; the solution blows up or the step ${Math.abs(h)} is too large for stability.`,
        { reached },
      );
    }
  };

  rhs(t0, y, f);
  stats.nfev++;
  checkFinite(f, 'derivative', t0, t0);

  const outT: number[] = [];
  const outY: Float64Array[] = [];
  const gridY: Float64Array[] = [];
  const gridF: Float64Array[] = [];
  if (denseOutput) {
    gridY.push(y.slice());
    gridF.push(f.slice());
  }
  const nEval = tEval === undefined ? 0 : tEval.length;
  let nextEval = 0;
  if (tEval === undefined) {
    outT.push(t0);
    outY.push(y.slice());
  } else {
    while (nextEval < nEval && tEval[nextEval] === t0) {
      outT.push(t0);
      outY.push(y.slice());
      nextEval++;
    }
  }

  for (let k = 0; k < nSteps; k++) {
    const t = gridTime(k);
    const tNext = gridTime(k + 1);
    if (method === 'euler') {
      for (let i = 0; i < n; i++) yNext[i] = y[i] + h * f[i];
    } else {
      const hh = h / 2;
      for (let i = 0; i < n; i++) yStage[i] = y[i] + hh * f[i];
      rhs(t + hh, yStage, k2);
      for (let i = 0; i < n; i++) yStage[i] = y[i] + hh * k2[i];
      rhs(t + hh, yStage, k3);
      for (let i = 0; i < n; i++) yStage[i] = y[i] + h * k3[i];
      rhs(tNext, yStage, k4);
      stats.nfev += 3;
      const h6 = h / 6;
      for (let i = 0; i < n; i++) yNext[i] = y[i] + h6 * (f[i] + 2 * (k2[i] + k3[i]) + k4[i]);
    }
    stats.nsteps++;
    stats.naccepted++;
    checkFinite(yNext, 'state', tNext, t);

    // f at the new grid point: the next step's first stage, and the Hermite end slope.
    const needSlope =
      k + 1 < nSteps || denseOutput || (tEval !== undefined && nextEval < nEval && tEval[nextEval] !== tNext);
    if (needSlope) {
      rhs(tNext, yNext, fNext);
      stats.nfev++;
      checkFinite(fNext, 'derivative', tNext, tNext);
    }
    if (denseOutput) {
      gridY.push(yNext.slice());
      gridF.push(fNext.slice());
    }
    if (tEval === undefined) {
      outT.push(tNext);
      outY.push(yNext.slice());
    } else {
      while (nextEval < nEval && (tEval[nextEval] - tNext) * problem.direction <= 0) {
        const te = tEval[nextEval];
        const out = new Float64Array(n);
        if (te === tNext) out.set(yNext);
        else hermite(y, f, yNext, fNext, h, (te - t) / h, out);
        outT.push(te);
        outY.push(out);
        nextEval++;
      }
    }
    let tmp = y;
    y = yNext;
    yNext = tmp;
    tmp = f;
    f = fNext;
    fNext = tmp;
  }

  const result: OdeSolution = { t: Float64Array.from(outT), y: outY, status: 'success', stats };
  if (denseOutput) {
    const direction = problem.direction;
    const evaluate = (t: number, out?: Float64Array): Float64Array => {
      if (!((t - t0) * direction >= 0 && (t - t1) * direction <= 0)) {
        throw new DomainError(`solveIvp sol(t): t = ${t} lies outside the integrated span [${t0}, ${t1}].`);
      }
      const res = out ?? new Float64Array(n);
      if (res.length !== n) {
        throw new DomainError(`solveIvp sol(t): the output array has ${res.length} entries, expected ${n}.`);
      }
      const k = Math.min(nSteps - 1, Math.max(0, Math.floor((t - t0) / h)));
      hermite(gridY[k], gridF[k], gridY[k + 1], gridF[k + 1], h, (t - gridTime(k)) / h, res);
      return res;
    };
    result.sol = Object.assign(evaluate, { t0, t1 });
  }
  return result;
}
