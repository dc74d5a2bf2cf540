/**
 * The single-neuron linear model f(x) = a·wᵀx of Kunin et al. 2024 (spec `connectivity.md` §6.1):
 * loss, gradients, the conserved δ, and simulations — gradient flow (DOP853) and full-batch GD
 * with layer rates η_w, η_a — returning the {@link Trajectory} shape of `types.ts` with weights
 * `[W1 = wᵀ (1×d), W2 = [a] (1×1)]` (a two-layer linear network of width 1).
 * @module
 */
import { ConfigError } from '../errors/index.js';
import { assertFinite, Matrix } from '../linalg/matrix.js';
import { solveIvp } from '../ode/index.js';
import { checkRates, checkScalar, checkVector, type SingleNeuronParams, type SingleNeuronRates } from '../theory/single-neuron/exact.js';
import type { Trajectory } from './types.js';

/**
 * Data of a single-neuron regression: whitened (`{ betaStar }`, XᵀX = I, L = ½‖β − β*‖²) or
 * general (`{ X, y }` with X of shape n×d, L = ½‖Xβ − y‖²).
 */
export type SingleNeuronData = { betaStar: readonly number[] } | { X: Matrix; y: readonly number[] };

/** Prepared data: ∇_βL(β) and L(β). @internal */
interface Prepared {
  d: number;
  grad(beta: ArrayLike<number>, out: Float64Array): void;
  loss(beta: ArrayLike<number>): number;
}

function prepare(data: SingleNeuronData, where: string): Prepared {
  if ('betaStar' in data) {
    const bs = checkVector(data.betaStar, 'task.betaStar', where);
    const d = bs.length;
    return {
      d,
      grad(beta, out) {
        for (let i = 0; i < d; i++) out[i] = beta[i] - bs[i];
      },
      loss(beta) {
        let s = 0;
        for (let i = 0; i < d; i++) s += (beta[i] - bs[i]) ** 2;
        return s / 2;
      },
    };
  }
  const X = data.X;
  assertFinite(X, `${where}: task.X`);
  const y = checkVector(data.y, 'task.y', where);
  if (y.length !== X.rows) throw new ConfigError(`${where}: task.y has ${y.length} values but X has ${X.rows} rows; give one target per sample.`, { path: 'task.y' });
  const n = X.rows;
  const d = X.cols;
  const res = new Float64Array(n);
  const residual = (beta: ArrayLike<number>): Float64Array => {
    for (let i = 0; i < n; i++) {
      let s = -y[i];
      for (let j = 0; j < d; j++) s += X.data[i * d + j] * beta[j];
      res[i] = s;
    }
    return res;
  };
  return {
    d,
    grad(beta, out) {
      const r = residual(beta);
      out.fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[j] += X.data[i * d + j] * r[i];
    },
    loss(beta) {
      const r = residual(beta);
      let s = 0;
      for (let i = 0; i < n; i++) s += r[i] * r[i];
      return s / 2;
    },
  };
}

function checkInit(init: SingleNeuronParams, d: number, where: string): { a: number; w: number[] } {
  const a = checkScalar(init?.a, 'init.a', where);
  const w = checkVector(init?.w, 'init.w', where, d);
  return { a, w };
}

function checkTimes(times: readonly number[], where: string): number[] {
  if (!Array.isArray(times) || times.length === 0) throw new ConfigError(`${where}: times must be a non-empty array of t ≥ 0.`, { path: 'times' });
  for (let i = 0; i < times.length; i++) {
    if (!Number.isFinite(times[i]) || times[i] < 0 || (i > 0 && times[i] < times[i - 1])) {
      throw new ConfigError(`${where}: times[${i}] = ${times[i]}; give finite, non-decreasing times ≥ 0.`, { path: `times[${i}]` });
    }
  }
  return times.slice();
}

const toWeights = (a: number, w: ArrayLike<number>): Matrix[] => [Matrix.from([Array.from(w)]), Matrix.from([[a]])];

/** Reads (a, w) back from a single-neuron trajectory's weights `[wᵀ, [a]]`. */
export function singleNeuronParams(weights: readonly Matrix[]): { a: number; w: number[] } {
  return { a: weights[1].data[0], w: Array.from(weights[0].data) };
}

/**
 * The loss gradient with respect to (w, a): ∂L/∂w = a·∇_βL, ∂L/∂a = wᵀ∇_βL, ∇_βL at β = a·w.
 * @example
 * singleNeuronGradient({ betaStar: [1] }, { a: 1, w: [0] }); // → { gW: [-1], gA: 0, loss: 0.5 }
 */
export function singleNeuronGradient(data: SingleNeuronData, params: SingleNeuronParams): { gW: number[]; gA: number; loss: number } {
  const p = prepare(data, 'singleNeuronGradient');
  const { a, w } = checkInit(params, p.d, 'singleNeuronGradient');
  const beta = w.map((v) => a * v);
  const r = new Float64Array(p.d);
  p.grad(beta, r);
  let gA = 0;
  for (let i = 0; i < p.d; i++) gA += w[i] * r[i];
  return { gW: Array.from(r, (v) => a * v), gA, loss: p.loss(beta) };
}

/**
 * The exact change of δ = η_w a² − η_a‖w‖² in one GD step of size `lr` (spec §7 R8 [D]):
 * Δδ = lr²·η_wη_a·(η_a(wᵀr)² − η_w a²‖r‖²), r = ∇_βL at the current β.
 * @example
 * deltaStepChange({ etaW: 1, etaA: 1 }, { betaStar: [1] }, { a: 1, w: [0] }, 0.1); // → -0.01 (0.1²·(0 − 1·1))
 */
export function deltaStepChange(rates: SingleNeuronRates, data: SingleNeuronData, params: SingleNeuronParams, lr: number): number {
  checkRates(rates, 'deltaStepChange');
  const p = prepare(data, 'deltaStepChange');
  const { a, w } = checkInit(params, p.d, 'deltaStepChange');
  checkScalar(lr, 'learningRate', 'deltaStepChange');
  const r = new Float64Array(p.d);
  p.grad(w.map((v) => a * v), r);
  let wr = 0;
  let rr = 0;
  for (let i = 0; i < p.d; i++) {
    wr += w[i] * r[i];
    rr += r[i] * r[i];
  }
  return lr * lr * rates.etaW * rates.etaA * (rates.etaA * wr * wr - rates.etaW * a * a * rr);
}

/** Options of {@link singleNeuronFlow}. */
export interface SingleNeuronFlowOptions {
  /** Output times (non-decreasing, ≥ 0). */
  times: readonly number[];
  /** DOP853 tolerances; defaults 1e-12 / 1e-14 (≈ 1e-12 agreement with the closed form). */
  rtol?: number;
  atol?: number;
}

/**
 * Gradient flow ẇ = −η_w·a·∇_βL, ȧ = −η_a·wᵀ∇_βL of the single neuron, integrated with DOP853
 * (spec §6.1). Time in flow units. Works for whitened and general data.
 * @example
 * singleNeuronFlow({ etaW: 1, etaA: 1 }, { betaStar: [1] }, { a: 0.1, w: [0.1] }, { times: [0, 10] }).loss[1]; // → ≈ 0
 */
export function singleNeuronFlow(rates: SingleNeuronRates, data: SingleNeuronData, init: SingleNeuronParams, options: SingleNeuronFlowOptions): Trajectory {
  const where = 'singleNeuronFlow';
  checkRates(rates, where);
  const p = prepare(data, where);
  const { a, w } = checkInit(init, p.d, where);
  const times = checkTimes(options?.times, where);
  const d = p.d;
  const rtol = options.rtol ?? 1e-12;
  const atol = options.atol ?? 1e-14;
  const beta = new Float64Array(d);
  const r = new Float64Array(d);
  const rhs = (_t: number, y: Float64Array, dy: Float64Array): void => {
    const av = y[d];
    for (let i = 0; i < d; i++) beta[i] = av * y[i];
    p.grad(beta, r);
    let wr = 0;
    for (let i = 0; i < d; i++) {
      dy[i] = -rates.etaW * av * r[i];
      wr += y[i] * r[i];
    }
    dy[d] = -rates.etaA * wr;
  };
  const y0 = Float64Array.from([...w, a]);
  const tEnd = times[times.length - 1];
  const states: Float64Array[] = [];
  let nfev = 0;
  if (tEnd === 0) {
    for (let k = 0; k < times.length; k++) states.push(y0.slice());
  } else {
    const sol = solveIvp(rhs, [0, tEnd], y0, { method: 'dop853', rtol, atol, tEval: times });
    states.push(...sol.y);
    nfev = sol.stats.nfev;
  }
  const weights = states.map((y) => toWeights(y[d], y.subarray(0, d)));
  const loss = Float64Array.from(states, (y) => p.loss(Array.from(y.subarray(0, d), (v) => v * y[d])));
  return {
    t: Float64Array.from(times),
    weights,
    loss,
    provenance: { kind: 'simulation', method: 'flow', learningRates: [rates.etaW, rates.etaA], rtol, atol, integrator: 'dop853', nfev },
  };
}

/** Options of {@link singleNeuronGd}. */
export interface SingleNeuronGdOptions {
  /** Step size η (time t = η·k after k steps). */
  learningRate: number;
  steps: number;
  /** Record every this many steps (default 1); the last step is always recorded. */
  recordEvery?: number;
}

/**
 * Full-batch gradient descent w ← w − η·η_w·a·r, a ← a − η·η_a·wᵀr (simultaneous update,
 * r = ∇_βL at the current β). Times t = η·k, comparable with the flow.
 * @example
 * singleNeuronGd({ etaW: 1, etaA: 1 }, { betaStar: [1] }, { a: 0.1, w: [0.1] }, { learningRate: 0.01, steps: 1000 }).loss.at(-1); // → ≈ 0
 */
export function singleNeuronGd(rates: SingleNeuronRates, data: SingleNeuronData, init: SingleNeuronParams, options: SingleNeuronGdOptions): Trajectory {
  const where = 'singleNeuronGd';
  checkRates(rates, where);
  const p = prepare(data, where);
  let { a, w } = checkInit(init, p.d, where);
  const lr = options?.learningRate;
  if (!(typeof lr === 'number' && Number.isFinite(lr) && lr > 0)) throw new ConfigError(`${where}: learningRate is ${String(lr)}; give a finite step size > 0.`, { path: 'learningRate' });
  const steps = options.steps;
  if (!Number.isInteger(steps) || steps < 0) throw new ConfigError(`${where}: steps is ${String(steps)}; give an integer ≥ 0.`, { path: 'steps' });
  const every = options.recordEvery ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new ConfigError(`${where}: recordEvery is ${String(every)}; give an integer ≥ 1.`, { path: 'recordEvery' });
  const d = p.d;
  const r = new Float64Array(d);
  const beta = new Float64Array(d);
  const t: number[] = [];
  const weights: Matrix[][] = [];
  const loss: number[] = [];
  const record = (k: number): void => {
    for (let i = 0; i < d; i++) beta[i] = a * w[i];
    t.push(k * lr);
    weights.push(toWeights(a, w));
    loss.push(p.loss(beta));
  };
  record(0);
  for (let k = 1; k <= steps; k++) {
    for (let i = 0; i < d; i++) beta[i] = a * w[i];
    p.grad(beta, r);
    let wr = 0;
    for (let i = 0; i < d; i++) wr += w[i] * r[i];
    const aNew = a - lr * rates.etaA * wr;
    w = w.map((v, i) => v - lr * rates.etaW * a * r[i]);
    a = aNew;
    if (!Number.isFinite(a)) throw new ConfigError(`${where}: GD diverged at step ${k}; lower learningRate.`, { path: 'learningRate' });
    if (k % every === 0 || k === steps) record(k);
  }
  return {
    t: Float64Array.from(t),
    weights,
    loss: Float64Array.from(loss),
    provenance: { kind: 'simulation', method: 'gd', learningRate: lr, learningRates: [rates.etaW, rates.etaA], steps },
  };
}
