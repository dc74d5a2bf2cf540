/**
 * Validation shared by the trainers: learning rates (one or per layer), the recording schedule and
 * the weights/task pair. Every invalid option throws a ConfigError naming the option and the fix.
 *
 * @module
 */
import { ConfigError } from '../errors/index.js';
import type { Matrix } from '../linalg/matrix.js';
import { checkTaskFits, layersOf } from '../models/linear-network.js';
import type { LinearWeights } from '../models/types.js';
import type { LinearTask } from '../tasks/types.js';

/** Step-size options of GD and SGD. Give exactly one of `learningRate` and `learningRates`. */
export interface LearningRateOptions {
  /** One step size η > 0 for every layer; time is t = k·η (Dominé et al. 2025, §1). */
  learningRate?: number;
  /**
   * Per-layer step sizes [η₁, …, η_L] (each > 0). Time is t = k·η_ref with η_ref = `referenceRate`
   * (default η₁, the first layer's rate); the matching gradient flow has layer rate multipliers
   * η_l/η_ref (`gradientFlow`'s `layerRates`).
   */
  learningRates?: readonly number[];
  /** The rate that defines the time unit when `learningRates` is given (default `learningRates[0]`). */
  referenceRate?: number;
}

/** When to record the weights and the loss. */
export interface RecordOptions {
  /** Record every `every` steps (a positive integer), plus step 0 and the last step. Default 1. */
  every?: number;
  /**
   * Record at these times t (in units of τ, strictly increasing, ≥ 0) instead. With `match:
   * 'exact'` (default) each must be a multiple of η (to 1e-9 relative) and is hit exactly at step
   * k = t/η; with `'nearest'` the nearest step is used and its time k·η reported.
   */
  times?: readonly number[];
  match?: 'exact' | 'nearest';
}

/** Resolved step sizes. */
export interface ResolvedRates {
  /** One rate per layer. */
  rates: Float64Array;
  /** The time unit η_ref (t = k·η_ref). */
  eta: number;
  perLayer: boolean;
}

function positive(value: unknown, path: string, what: string, fix: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${what}: ${path} = ${String(value)} must be a positive finite number; ${fix}.`, { path });
  }
  return value;
}

/** Checks the learning-rate options for a network with `depth` layers. */
export function resolveRates(options: LearningRateOptions, depth: number, what: string): ResolvedRates {
  const hasOne = options.learningRate !== undefined;
  const hasMany = options.learningRates !== undefined;
  if (hasOne === hasMany) {
    throw new ConfigError(
      `${what}: give exactly one of learningRate (one step size) and learningRates (one per layer)${hasOne ? ', not both' : ''}.`,
      { path: 'learningRate' },
    );
  }
  if (hasOne) {
    if (options.referenceRate !== undefined) {
      throw new ConfigError(`${what}: referenceRate only applies with per-layer learningRates; remove it.`, { path: 'referenceRate' });
    }
    const eta = positive(options.learningRate, 'learningRate', what, 'use a small step such as 0.01');
    return { rates: new Float64Array(depth).fill(eta), eta, perLayer: false };
  }
  const list = options.learningRates;
  if (!Array.isArray(list) || list.length !== depth) {
    throw new ConfigError(
      `${what}: learningRates must list one step size per layer (${depth} for this network), got ${Array.isArray(list) ? list.length : String(list)}.`,
      { path: 'learningRates' },
    );
  }
  const rates = Float64Array.from(list.map((r, l) => positive(r, `learningRates[${l}]`, what, 'every layer needs a positive step size')));
  const eta =
    options.referenceRate === undefined ? rates[0] : positive(options.referenceRate, 'referenceRate', what, 'it sets the time unit t = k·referenceRate');
  return { rates, eta, perLayer: true };
}

/** Checks a step count (a non-negative integer). */
export function resolveSteps(steps: unknown, what: string, path = 'steps'): number {
  if (typeof steps !== 'number' || !Number.isSafeInteger(steps) || steps < 0) {
    throw new ConfigError(`${what}: ${path} = ${String(steps)} must be a non-negative integer number of updates.`, { path });
  }
  return steps;
}

/** The steps at which to record and the times reported for them. */
export interface RecordSchedule {
  /** Step indices, strictly increasing. */
  steps: number[];
  /** Reported time of each recorded step. */
  t: Float64Array;
  /** Total number of updates to run. */
  totalSteps: number;
}

/**
 * Resolves the recording schedule of a discrete-time trainer. `steps` may be omitted when
 * `record.times` is given (the run then ends at the last requested time).
 */
export function resolveRecordSchedule(record: RecordOptions | undefined, steps: number | undefined, eta: number, what: string): RecordSchedule {
  const rec = record ?? {};
  if (rec === null || typeof rec !== 'object') throw new ConfigError(`${what}: record must be an object like { every: 10 } or { times: [...] }.`, { path: 'record' });
  if (rec.every !== undefined && rec.times !== undefined) {
    throw new ConfigError(`${what}: give record.every or record.times, not both.`, { path: 'record' });
  }
  const match = rec.match ?? 'exact';
  if (match !== 'exact' && match !== 'nearest') {
    throw new ConfigError(`${what}: record.match must be 'exact' or 'nearest', got '${String(match)}'.`, { path: 'record.match' });
  }
  if (rec.times !== undefined) {
    const times = rec.times;
    if (!Array.isArray(times) || times.length === 0) {
      throw new ConfigError(`${what}: record.times must be a non-empty list of times (in units of τ).`, { path: 'record.times' });
    }
    const out: number[] = [];
    const tOut: number[] = [];
    times.forEach((t, i) => {
      const path = `record.times[${i}]`;
      if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
        throw new ConfigError(`${what}: ${path} = ${String(t)} must be a finite time ≥ 0.`, { path });
      }
      if (i > 0 && !(t > times[i - 1])) {
        throw new ConfigError(`${what}: record.times must be strictly increasing, but ${path} = ${t} follows ${times[i - 1]}.`, { path });
      }
      const k = t / eta;
      const kr = Math.round(k);
      if (match === 'exact' && Math.abs(k - kr) > 1e-9 * Math.max(1, kr)) {
        throw new ConfigError(
          `${what}: ${path} = ${t} is not a multiple of the step η = ${eta} (it falls between steps ${Math.floor(k)} and ${Math.ceil(k)}); use multiples of η or record.match = 'nearest'.`,
          { path },
        );
      }
      if (out.length > 0 && kr === out[out.length - 1]) {
        throw new ConfigError(`${what}: ${path} = ${t} rounds to the same step ${kr} as the previous time; drop one of them.`, { path });
      }
      out.push(kr);
      tOut.push(match === 'exact' ? t : kr * eta);
    });
    const last = out[out.length - 1];
    let total = last;
    if (steps !== undefined) {
      total = resolveSteps(steps, what);
      if (last > total) {
        throw new ConfigError(
          `${what}: record.times reaches t = ${times[times.length - 1]} (step ${last}) but only ${total} steps run (t = ${total * eta}); raise steps or drop the late times.`,
          { path: 'record.times' },
        );
      }
    }
    return { steps: out, t: Float64Array.from(tOut), totalSteps: total };
  }
  if (steps === undefined) throw new ConfigError(`${what}: give steps (the number of updates), or record.times.`, { path: 'steps' });
  const total = resolveSteps(steps, what);
  const every = rec.every ?? 1;
  if (typeof every !== 'number' || !Number.isSafeInteger(every) || every < 1) {
    throw new ConfigError(`${what}: record.every = ${String(every)} must be a positive integer number of steps.`, { path: 'record.every' });
  }
  const out: number[] = [];
  for (let k = 0; k <= total; k += every) out.push(k);
  if (out[out.length - 1] !== total) out.push(total);
  return { steps: out, t: Float64Array.from(out, (k) => k * eta), totalSteps: total };
}

/** Validated working copies of the weights (the caller's matrices are never modified). */
export function workingLayers(task: LinearTask, weights: LinearWeights, what: string): Matrix[] {
  const layers = layersOf(weights, `${what}: weights`);
  checkTaskFits(task, layers, what);
  return layers.map((M) => M.clone());
}
