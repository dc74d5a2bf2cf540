/**
 * The adaptive driver shared by DOPRI5 and DOP853: initial step, step-size control, output at
 * requested times through the pair's continuous extension, and failure detection.
 *
 * **Method.** Hairer's standard controller (*Solving ODEs I*, §II.4): after a trial step with scaled
 * error `err`, the proposal is hnew = h / fac with fac = clamp(err^expo1 / facold^beta / safe,
 * 1/fac2, 1/fac1) (`facold` = the error of the previous accepted step, beta = 0 for DOP853 and 0.04
 * for DOPRI5); the step is accepted when err ≤ 1. After a rejection the step may not grow. The step
 * is capped by `maxStep` and shortened to land exactly on t1. The first step is chosen by Hairer's
 * `hinit` (one extra evaluation) unless `firstStep` is given.
 *
 * Output times are served from the continuous extension of the step that contains them; the extra
 * stages of DOP853's extension are only computed for steps that contain an output time (or for every
 * step when the full dense solution is requested). An output time equal to a step end takes the
 * step's state exactly.
 *
 * **Special cases.** A trial step whose stages or new state are not finite is rejected with the
 * largest allowed reduction; when the step size then falls below 10·eps·|t| the solve stops with a
 * ConvergenceError naming the time reached (a solution blowing up in finite time ends this way too).
 * More than `maxSteps` steps also throw a ConvergenceError. Apart from the output arrays and the
 * dense records, nothing is allocated per step.
 *
 * @module
 */
import { ConvergenceError, DomainError } from '../errors/index.js';
import type { ResolvedProblem } from './options.js';
import { allFinite, type EmbeddedPair, type PairFactory } from './pair.js';
import type { DenseSolution, OdeRhs, OdeSolution, OdeStats } from './types.js';

const EPS = Number.EPSILON;
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Initial step size (Hairer's `hinit`): h₀ = 0.01·‖y₀‖/‖f₀‖, one explicit Euler step to estimate
 * the second derivative, then h = min(100 h₀, (0.01 / max(‖f′‖, ‖f₀‖))^(1/order), hmax).
 */
function initialStep(
  rhs: OdeRhs,
  t: number,
  y: Float64Array,
  f: Float64Array,
  direction: number,
  hmax: number,
  order: number,
  rtol: number,
  atol: Float64Array,
  yTmp: Float64Array,
  fTmp: Float64Array,
): number {
  const n = y.length;
  let dnf = 0;
  let dny = 0;
  for (let i = 0; i < n; i++) {
    const sk = atol[i] + rtol * Math.abs(y[i]);
    dnf += (f[i] / sk) ** 2;
    dny += (y[i] / sk) ** 2;
  }
  let h = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.sqrt(dny / dnf) * 0.01;
  h = Math.min(h, hmax);
  const hs = direction * h;
  for (let i = 0; i < n; i++) yTmp[i] = y[i] + hs * f[i];
  rhs(t + hs, yTmp, fTmp);
  let der2 = 0;
  for (let i = 0; i < n; i++) {
    const sk = atol[i] + rtol * Math.abs(y[i]);
    der2 += ((fTmp[i] - f[i]) / sk) ** 2;
  }
  der2 = Math.sqrt(der2) / h;
  const der12 = Math.max(der2, Math.sqrt(dnf));
  let h1: number;
  if (!Number.isFinite(der12)) h1 = h * 1e-3;
  else if (der12 <= 1e-15) h1 = Math.max(1e-6, h * 1e-3);
  else h1 = (0.01 / der12) ** (1 / order);
  return direction * Math.min(100 * h, h1, hmax);
}

/**
 * Integrates y′ = f(t, y) with an embedded pair over a resolved problem (t1 ≠ t0).
 * @throws ConvergenceError on step size underflow, non-finite values that a smaller step cannot
 * avoid, or more than `maxSteps` steps; `reached` is the last time the solution was accepted.
 */
export function solveAdaptive(
  rhs: OdeRhs,
  problem: ResolvedProblem,
  createPair: PairFactory,
  methodName: string,
): OdeSolution {
  const { t0, t1, direction, rtol, atol, tEval, maxStep, maxSteps, denseOutput } = problem;
  const n = problem.y0.length;
  const pair: EmbeddedPair = createPair(n, rhs);
  const { safe, fac1, fac2, beta, expo1 } = pair.controller;
  const facc1 = 1 / fac1;
  const facc2 = 1 / fac2;

  let y = problem.y0.slice();
  let yNew = new Float64Array(n);
  let f = new Float64Array(n);
  let fNew = new Float64Array(n);
  const stats: OdeStats = { nfev: 0, nsteps: 0, naccepted: 0, nrejected: 0 };

  rhs(t0, y, f);
  stats.nfev++;
  if (!allFinite(f)) {
    throw new ConvergenceError(
      `solveIvp (${methodName}): the derivative f(t0, y0) became non-finite at t = ${t0}; check the right-hand side at the initial state.`,
      { reached: t0 },
    );
  }

  const outT: number[] = [];
  const outY: Float64Array[] = [];
  let nextEval = 0;
  const nEval = tEval === undefined ? 0 : tEval.length;
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

  // Dense records (only when the full continuous solution is requested).
  const segStart: number[] = [];
  const segH: number[] = [];
  const segCont: Float64Array[] = [];
  const scratchCont = denseOutput ? undefined : new Float64Array(pair.denseBlocks * n);

  let t = t0;
  let h: number;
  if (problem.firstStep !== undefined) {
    h = direction * Math.min(problem.firstStep, maxStep);
  } else {
    h = initialStep(rhs, t, y, f, direction, maxStep, pair.order, rtol, atol, yNew, fNew);
    stats.nfev++;
  }

  let facold = 1e-4;
  let reject = false;
  let lastWasNonFinite = false;
  for (;;) {
    if (stats.nsteps >= maxSteps) {
      throw new ConvergenceError(
        `solveIvp (${methodName}): took maxSteps = ${maxSteps} steps and reached only t = ${t} of [${t0}, ${t1}]; raise options.maxSteps or loosen rtol/atol (the problem may be stiff).`,
        { reached: t },
      );
    }
    if (!(Math.abs(h) > 10 * EPS * Math.max(Math.abs(t), MIN_NORMAL))) {
      if (lastWasNonFinite) {
        throw new ConvergenceError(
          `solveIvp (${methodName}): the state or its derivative became non-finite at t = ${t} for every step size down to ${Math.abs(h).toExponential(2)}; the solution blows up or the right-hand side is undefined there.`,
          { reached: t },
        );
      }
      throw new ConvergenceError(
        `solveIvp (${methodName}): step size underflow at t = ${t} (h = ${Math.abs(h).toExponential(2)}); the problem may be stiff or the solution singular there.`,
        { reached: t },
      );
    }
    let last = false;
    if ((t + 1.01 * h - t1) * direction > 0) {
      h = t1 - t;
      last = true;
    }
    stats.nsteps++;
    const err = pair.attempt(t, h, y, f, yNew, fNew, rtol, atol);
    stats.nfev += pair.fevalsPerAttempt;
    const tNew = last ? t1 : t + h;
    let finite = Number.isFinite(err);
    if (finite && err <= 1) {
      if (!pair.fsalInAttempt) {
        rhs(tNew, yNew, fNew);
        stats.nfev++;
      }
      finite = allFinite(yNew) && allFinite(fNew);
    }

    if (!finite) {
      stats.nrejected++;
      lastWasNonFinite = true;
      reject = true;
      h = h / facc1;
      continue;
    }
    const fac11 = err ** expo1;
    if (err > 1) {
      stats.nrejected++;
      lastWasNonFinite = false;
      reject = true;
      h = h / Math.min(facc1, fac11 / safe);
      continue;
    }

    // Accepted.
    let fac = beta === 0 ? fac11 : fac11 / facold ** beta;
    fac = Math.max(facc2, Math.min(facc1, fac / safe));
    let hNew = h / fac;
    facold = Math.max(err, 1e-4);
    stats.naccepted++;

    let cont: Float64Array | undefined;
    if (denseOutput) {
      cont = new Float64Array(pair.denseBlocks * n);
      pair.prepareDense(t, h, y, f, yNew, fNew, cont);
      stats.nfev += pair.fevalsPerDense;
      segStart.push(t);
      segH.push(h);
      segCont.push(cont);
    }
    if (tEval === undefined) {
      outT.push(tNew);
      outY.push(yNew.slice());
    } else {
      while (nextEval < nEval && (tEval[nextEval] - tNew) * direction <= 0) {
        const te = tEval[nextEval];
        const out = new Float64Array(n);
        if (te === tNew) {
          out.set(yNew);
        } else {
          if (cont === undefined) {
            cont = scratchCont as Float64Array;
            pair.prepareDense(t, h, y, f, yNew, fNew, cont);
            stats.nfev += pair.fevalsPerDense;
          }
          pair.evalDense(cont, (te - t) / h, out);
        }
        outT.push(te);
        outY.push(out);
        nextEval++;
      }
    }

    // Advance (swap buffers, no allocation).
    let tmp = y;
    y = yNew;
    yNew = tmp;
    tmp = f;
    f = fNew;
    fNew = tmp;
    t = tNew;
    if (last) break;
    if (Math.abs(hNew) > maxStep) hNew = direction * maxStep;
    if (reject) hNew = direction * Math.min(Math.abs(hNew), Math.abs(h));
    reject = false;
    lastWasNonFinite = false;
    h = hNew;
  }

  const result: OdeSolution = { t: Float64Array.from(outT), y: outY, status: 'success', stats };
  if (denseOutput) {
    result.sol = makeDenseSolution(pair, n, t0, t1, direction, segStart, segH, segCont, y.slice());
  }
  return result;
}

/** Builds `sol(t)` over the stored per-step continuous extensions. */
function makeDenseSolution(
  pair: EmbeddedPair,
  n: number,
  t0: number,
  t1: number,
  direction: number,
  segStart: readonly number[],
  segH: readonly number[],
  segCont: readonly Float64Array[],
  yFinal: Float64Array,
): DenseSolution {
  const evaluate = (t: number, out?: Float64Array): Float64Array => {
    if (!((t - t0) * direction >= 0 && (t - t1) * direction <= 0)) {
      throw new DomainError(`solveIvp sol(t): t = ${t} lies outside the integrated span [${t0}, ${t1}].`);
    }
    const res = out ?? new Float64Array(n);
    if (res.length !== n) {
      throw new DomainError(`solveIvp sol(t): the output array has ${res.length} entries, expected ${n}.`);
    }
    if (t === t1) {
      res.set(yFinal);
      return res;
    }
    // Last segment whose start is at or before t (in the direction of integration).
    let lo = 0;
    let hi = segStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((segStart[mid] - t) * direction <= 0) lo = mid;
      else hi = mid - 1;
    }
    pair.evalDense(segCont[lo], (t - segStart[lo]) / segH[lo], res);
    return res;
  };
  return Object.assign(evaluate, { t0, t1 });
}
