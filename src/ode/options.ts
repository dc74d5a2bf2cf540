/**
 * Validation of the arguments of {@link solveIvp}: every invalid input throws a typed error with one
 * sentence naming the option, its value and the fix, before any work is done.
 *
 * @module
 */
import { ConfigError, DomainError, ShapeError } from '../errors/index.js';
import type { OdeMethod, SolveIvpOptions } from './types.js';

const EPS = Number.EPSILON;
const METHODS: readonly OdeMethod[] = ['dop853', 'dopri5', 'rk4', 'euler'];

/** Default relative tolerance of the adaptive methods. */
export const DEFAULT_RTOL = 1e-8;
/** Default absolute tolerance of the adaptive methods. */
export const DEFAULT_ATOL = 1e-10;
/** Default cap on the number of steps. */
export const DEFAULT_MAX_STEPS = 1_000_000;

/** Checked, normalised arguments shared by the drivers. */
export interface ResolvedProblem {
  method: OdeMethod;
  t0: number;
  t1: number;
  /** +1 forward, −1 backward, 0 for an empty span. */
  direction: number;
  /** Copy of the initial state. */
  y0: Float64Array;
  /** Output times (copied), or undefined for "every step". */
  tEval: Float64Array | undefined;
  rtol: number;
  /** One absolute tolerance per component. */
  atol: Float64Array;
  firstStep: number | undefined;
  maxStep: number;
  step: number | undefined;
  maxSteps: number;
  denseOutput: boolean;
}

function positiveFinite(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new DomainError(`solveIvp: options.${name} must be a positive finite number, got ${String(v)}.`, {
      path: name,
    });
  }
  return v;
}

/**
 * Checks and normalises the arguments of `solveIvp`.
 * @throws ConfigError for an unknown method or an option that does not apply to it;
 * DomainError for non-finite or out-of-range numbers, tEval outside the span or not monotone;
 * ShapeError for an empty y0 or an atol array of the wrong length.
 */
export function resolveProblem(
  tSpan: readonly [number, number],
  y0: ArrayLike<number>,
  options: SolveIvpOptions,
): ResolvedProblem {
  const method = options.method ?? 'dop853';
  if (!METHODS.includes(method)) {
    throw new ConfigError(
      `solveIvp: unknown method '${String(method)}'; use one of ${METHODS.map((m) => `'${m}'`).join(', ')}.`,
      { path: 'method' },
    );
  }
  if (!Array.isArray(tSpan) && !(tSpan && typeof tSpan === 'object' && 'length' in tSpan)) {
    throw new DomainError('solveIvp: the time span must be a pair [t0, t1].');
  }
  if (tSpan.length !== 2) {
    throw new DomainError(`solveIvp: the time span must be a pair [t0, t1], got ${tSpan.length} entries.`);
  }
  const [t0, t1] = tSpan;
  if (typeof t0 !== 'number' || typeof t1 !== 'number' || !Number.isFinite(t0) || !Number.isFinite(t1)) {
    throw new DomainError(`solveIvp: the time span [${String(t0)}, ${String(t1)}] must hold two finite numbers.`);
  }
  const direction = Math.sign(t1 - t0);

  const n = y0.length;
  if (!(n > 0)) throw new ShapeError('solveIvp: the initial state y0 is empty; it needs at least one component.');
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = y0[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new DomainError(`solveIvp: y0[${i}] is ${String(v)}; the initial state must be finite.`, { path: 'y0' });
    }
    y[i] = v;
  }

  const rtol = options.rtol ?? DEFAULT_RTOL;
  if (typeof rtol !== 'number' || !Number.isFinite(rtol) || rtol <= 0 || rtol >= 1) {
    throw new DomainError(`solveIvp: options.rtol must be a number in (0, 1), got ${String(rtol)}.`, {
      path: 'rtol',
    });
  }
  if (rtol < 100 * EPS) {
    throw new DomainError(
      `solveIvp: options.rtol = ${rtol} is below 100·eps ≈ ${(100 * EPS).toPrecision(3)}, which double precision cannot deliver; use rtol ≥ ${(100 * EPS).toPrecision(3)}.`,
      { path: 'rtol' },
    );
  }
  const atolOpt = options.atol ?? DEFAULT_ATOL;
  const atol = new Float64Array(n);
  if (typeof atolOpt === 'number') {
    if (!Number.isFinite(atolOpt) || atolOpt <= 0) {
      throw new DomainError(`solveIvp: options.atol must be a positive finite number, got ${atolOpt}.`, {
        path: 'atol',
      });
    }
    atol.fill(atolOpt);
  } else {
    if (atolOpt.length !== n) {
      throw new ShapeError(
        `solveIvp: options.atol has ${atolOpt.length} entries but the state has ${n}; give one tolerance per component or a single number.`,
        { path: 'atol' },
      );
    }
    for (let i = 0; i < n; i++) {
      const v = atolOpt[i];
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
        throw new DomainError(`solveIvp: options.atol[${i}] must be a positive finite number, got ${String(v)}.`, {
          path: 'atol',
        });
      }
      atol[i] = v;
    }
  }

  const span = Math.abs(t1 - t0);
  const fixed = method === 'rk4' || method === 'euler';
  let step: number | undefined;
  if (fixed) {
    if (options.step === undefined) {
      throw new ConfigError(`solveIvp: method '${method}' needs options.step, the fixed step size.`, { path: 'step' });
    }
    step = positiveFinite('step', options.step);
  } else if (options.step !== undefined) {
    throw new ConfigError(
      `solveIvp: options.step applies only to the fixed-step methods 'euler' and 'rk4'; method '${method}' is adaptive (use firstStep or maxStep).`,
      { path: 'step' },
    );
  }
  const firstStep = options.firstStep === undefined ? undefined : positiveFinite('firstStep', options.firstStep);
  const maxStep = options.maxStep === undefined ? Infinity : positiveFinite('maxStep', options.maxStep);
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new DomainError(`solveIvp: options.maxSteps must be a positive integer, got ${String(maxSteps)}.`, {
      path: 'maxSteps',
    });
  }

  let tEval: Float64Array | undefined;
  if (options.tEval !== undefined) {
    const te = options.tEval;
    tEval = new Float64Array(te.length);
    const lo = Math.min(t0, t1);
    const hi = Math.max(t0, t1);
    for (let k = 0; k < te.length; k++) {
      const v = te[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new DomainError(`solveIvp: tEval[${k}] is ${String(v)}; output times must be finite.`, { path: 'tEval' });
      }
      if (v < lo || v > hi) {
        throw new DomainError(
          `solveIvp: tEval[${k}] = ${v} lies outside the time span [${t0}, ${t1}]; give output times inside the span.`,
          { path: 'tEval' },
        );
      }
      if (k > 0 && (v - tEval[k - 1]) * (direction === 0 ? 1 : direction) < 0) {
        throw new DomainError(
          `solveIvp: tEval must be ${direction < 0 ? 'descending for a backward span (t1 < t0)' : 'ascending for a forward span'}, but tEval[${k - 1}] = ${tEval[k - 1]} and tEval[${k}] = ${v}.`,
          { path: 'tEval' },
        );
      }
      tEval[k] = v;
    }
  }

  return {
    method,
    t0,
    t1,
    direction,
    y0: y,
    tEval,
    rtol,
    atol,
    firstStep: firstStep === undefined ? undefined : Math.min(firstStep, span),
    maxStep: Math.min(maxStep, span),
    step,
    maxSteps,
    denseOutput: options.denseOutput === true,
  };
}
