/**
 * Simulations of the width-d 1-D model of Xu & Ziyin (spec §B.2): gradient flow (adaptive DOP853)
 * and full-batch gradient descent with layer-wise rates, from the same start as the exact solution
 * of `src/theory/three-mechanisms`.
 *
 * @module
 */
import { ConfigError, ConvergenceError } from '../errors/index.js';
import { Matrix } from '../linalg/matrix.js';
import {
  scalarWidthLoss,
  validateScalarWidthParams,
  validateScalarWidthTask,
  validateScalarWidthWeights,
  type ScalarWidthParams,
  type ScalarWidthTask,
  type ScalarWidthWeights,
} from '../models/scalar-width.js';
import type { Trajectory } from '../models/types.js';
import { solveIvp } from '../ode/index.js';

/** A simulated run of the 1-D model: u(t), w(t) and P(t) at the recorded times, plus the Trajectory view. */
export interface ScalarWidthRun {
  /** Recorded times (flow: t; GD: k·h). */
  t: Float64Array;
  /** u at each recorded time (fresh arrays). */
  u: Float64Array[];
  /** w at each recorded time (fresh arrays). */
  w: Float64Array[];
  /** P = κ uᵀw at each recorded time. */
  P: Float64Array;
  /** The same run as a two-layer {@link Trajectory}: weights `[W1 = w (d×1), W2 = uᵀ (1×d)]`. */
  trajectory: Trajectory;
}

/** Options of {@link scalarWidthFlow}. */
export interface ScalarWidthFlowOptions {
  /** Relative tolerance of DOP853; default 1e-12. */
  rtol?: number;
  /** Absolute tolerance; default 1e-14. */
  atol?: number;
}

function toRun(
  p: ScalarWidthParams,
  task: ScalarWidthTask,
  t: Float64Array,
  us: Float64Array[],
  ws: Float64Array[],
  provenance: Trajectory['provenance'],
): ScalarWidthRun {
  const d = us[0].length;
  const P = new Float64Array(t.length);
  const loss = new Float64Array(t.length);
  const weights: Matrix[][] = [];
  for (let k = 0; k < t.length; k++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += us[k][i] * ws[k][i];
    P[k] = p.kappa * s;
    loss[k] = scalarWidthLoss(p.kappa, task, { u: us[k], w: ws[k] });
    weights.push([new Matrix(d, 1, Float64Array.from(ws[k])), new Matrix(1, d, Float64Array.from(us[k]))]);
  }
  return { t, u: us, w: ws, P, trajectory: { t: Float64Array.from(t), weights, loss, provenance } };
}

function checkTimes(times: ArrayLike<number>): Float64Array {
  if (times.length < 1) throw new ConfigError('times must hold at least one time; pass e.g. [0, 1, 2].', { path: 'times' });
  const t = Float64Array.from(times);
  for (let k = 0; k < t.length; k++) {
    if (!Number.isFinite(t[k]) || t[k] < 0 || (k > 0 && t[k] < t[k - 1])) {
      throw new ConfigError(`times[${k}] = ${t[k]} is invalid; times must be finite, ≥ 0 and non-decreasing.`, { path: `times[${k}]` });
    }
  }
  return t;
}

/**
 * Gradient flow of the 1-D model, u̇ = −η_u κΣ_xx(P−a) w, ẇ = −η_w κΣ_xx(P−a) u (spec §B.2),
 * integrated by DOP853 from t = 0 and reported at `times` (non-decreasing, ≥ 0).
 *
 * @example
 * const init = { u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] };
 * const run = scalarWidthFlow({ kappa: 1 / 64, etaU: 128, etaW: 32 }, { a: 1.5, sigmaXX: 1 }, init, [0, 1, 8]);
 * run.P[2]; // → ≈ 1.5
 */
export function scalarWidthFlow(
  p: ScalarWidthParams,
  task: ScalarWidthTask,
  init: ScalarWidthWeights,
  times: ArrayLike<number>,
  opts: ScalarWidthFlowOptions = {},
): ScalarWidthRun {
  validateScalarWidthParams(p);
  validateScalarWidthTask(task);
  const d = validateScalarWidthWeights(init);
  const t = checkTimes(times);
  const rtol = opts.rtol ?? 1e-12;
  const atol = opts.atol ?? 1e-14;
  const y0 = new Float64Array(2 * d);
  for (let i = 0; i < d; i++) {
    y0[i] = init.u[i];
    y0[d + i] = init.w[i];
  }
  const { kappa, etaU, etaW } = p;
  const ks = kappa * task.sigmaXX;
  const rhs = (_t: number, y: Float64Array, dy: Float64Array): void => {
    let s = 0;
    for (let i = 0; i < d; i++) s += y[i] * y[d + i];
    const g = ks * (kappa * s - task.a);
    for (let i = 0; i < d; i++) {
      dy[i] = -etaU * g * y[d + i];
      dy[d + i] = -etaW * g * y[i];
    }
  };
  const us: Float64Array[] = [];
  const ws: Float64Array[] = [];
  const tEnd = t[t.length - 1];
  let nfev = 0;
  if (tEnd === 0) {
    for (let k = 0; k < t.length; k++) {
      us.push(y0.slice(0, d));
      ws.push(y0.slice(d));
    }
  } else {
    const sol = solveIvp(rhs, [0, tEnd], y0, { method: 'dop853', rtol, atol, tEval: t });
    nfev = sol.stats.nfev;
    for (const y of sol.y) {
      us.push(y.slice(0, d));
      ws.push(y.slice(d));
    }
  }
  return toRun(p, task, t, us, ws, { kind: 'simulation', method: 'flow', learningRates: [etaW, etaU], rtol, atol, integrator: 'dop853', nfev });
}

/** Options of {@link scalarWidthGd}. */
export interface ScalarWidthGdOptions {
  /** Number of updates. */
  steps: number;
  /** Step multiplier h: the updates use h·η_u and h·η_w and time is t = k·h; default 1. */
  step?: number;
  /** Record every this many steps (the last step is always recorded); default 1. */
  recordEvery?: number;
}

/**
 * Full-batch gradient descent on the 1-D model with simultaneous updates
 * u ← u − hη_u g w, w ← w − hη_w g u, g = κΣ_xx(P − a) (spec §B.3, "Under discrete GD"); time t = k·h,
 * so h → 0 recovers the flow of {@link scalarWidthFlow}. Near the minimum it is stable while h·K < 2; for
 * h·K∞ somewhat above 2 it catapults to a minimum with a smaller K (spec §B.5, last row; checked in the tests).
 *
 * @throws ConvergenceError when the iterates overflow (divergence), naming the step.
 * @example
 * const init = { u: [0.1, 0.2, -0.3], w: [0.3, -0.1, 0.2] };
 * const run = scalarWidthGd({ kappa: 1 / 50, etaU: 50, etaW: 50 }, { a: 1, sigmaXX: 1 }, init, { steps: 400, step: 0.1 });
 * run.P.at(-1); // → ≈ 1
 */
export function scalarWidthGd(
  p: ScalarWidthParams,
  task: ScalarWidthTask,
  init: ScalarWidthWeights,
  opts: ScalarWidthGdOptions,
): ScalarWidthRun {
  validateScalarWidthParams(p);
  validateScalarWidthTask(task);
  const d = validateScalarWidthWeights(init);
  const steps = opts.steps;
  if (!Number.isInteger(steps) || steps < 0) throw new ConfigError(`steps must be an integer ≥ 0 (got ${String(steps)}).`, { path: 'steps' });
  const h = opts.step ?? 1;
  if (!(Number.isFinite(h) && h > 0)) throw new ConfigError(`step must be a finite number > 0 (got ${String(h)}); it multiplies both layer rates.`, { path: 'step' });
  const every = opts.recordEvery ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new ConfigError(`recordEvery must be an integer ≥ 1 (got ${String(every)}).`, { path: 'recordEvery' });
  const u = Float64Array.from(init.u);
  const w = Float64Array.from(init.w);
  const ts: number[] = [0];
  const us: Float64Array[] = [u.slice()];
  const ws: Float64Array[] = [w.slice()];
  const ks = p.kappa * task.sigmaXX;
  for (let k = 1; k <= steps; k++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += u[i] * w[i];
    const g = ks * (p.kappa * s - task.a);
    if (!Number.isFinite(g)) {
      throw new ConvergenceError(
        `Gradient descent on the 1-D model diverged at step ${k} (P is no longer finite); use a smaller step: it is stable near the minimum only while h·K < 2, K = κ²Σ_xx(η_w‖u‖²+η_u‖w‖²).`,
        { path: 'step', reached: (k - 1) * h },
      );
    }
    const cu = h * p.etaU * g;
    const cw = h * p.etaW * g;
    for (let i = 0; i < d; i++) {
      const ui = u[i];
      u[i] = ui - cu * w[i];
      w[i] = w[i] - cw * ui;
    }
    if (k % every === 0 || k === steps) {
      ts.push(k * h);
      us.push(u.slice());
      ws.push(w.slice());
    }
  }
  if (!u.every(Number.isFinite) || !w.every(Number.isFinite)) {
    throw new ConvergenceError(
      `Gradient descent on the 1-D model diverged at the last step ${steps} (weights are no longer finite); use a smaller step (stable while h·K < 2).`,
      { path: 'step', reached: (steps - 1) * h },
    );
  }
  return toRun(p, task, Float64Array.from(ts), us, ws, {
    kind: 'simulation',
    method: 'gd',
    learningRate: h,
    learningRates: [h * p.etaW, h * p.etaU],
    steps,
  });
}
