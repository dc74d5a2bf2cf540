/**
 * Types shared by the ODE integrators: the right-hand side, the options and the solution.
 *
 * @module
 */

/**
 * Right-hand side of y′ = f(t, y). It must write f(t, y) into `dydt` (same length as `y`) and must
 * not keep or modify `y`: the solver passes its own work buffers, reused from call to call.
 */
export type OdeRhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

/** Integration method. */
export type OdeMethod = 'dop853' | 'dopri5' | 'rk4' | 'euler';

/** Options of {@link solveIvp}. */
export interface SolveIvpOptions {
  /** Integration method; default `'dop853'`. */
  method?: OdeMethod;
  /**
   * Times at which to report the state, inside the time span and monotone in the direction of
   * integration (ascending when t1 > t0, descending when t1 < t0). Default: every step point.
   */
  tEval?: ArrayLike<number>;
  /** Relative tolerance of the adaptive methods; default 1e-8. Must be in [100·eps, 1). */
  rtol?: number;
  /** Absolute tolerance (a number or one positive value per component); default 1e-10. */
  atol?: number | ArrayLike<number>;
  /** Size of the first step of an adaptive method; default: chosen as in Hairer's `hinit`. */
  firstStep?: number;
  /** Largest step size of an adaptive method; default: the length of the time span. */
  maxStep?: number;
  /** Step size of the fixed-step methods (required for `'euler'` and `'rk4'`). */
  step?: number;
  /** Most steps (accepted + rejected) before giving up with a ConvergenceError; default 1e6. */
  maxSteps?: number;
  /** When true, the result carries `sol(t)`, the continuous solution over the whole span. */
  denseOutput?: boolean;
}

/** Work counters of one solve. */
export interface OdeStats {
  /** Evaluations of the right-hand side. */
  nfev: number;
  /** Steps attempted (accepted + rejected). */
  nsteps: number;
  /** Steps accepted. */
  naccepted: number;
  /** Steps rejected by the error control (always 0 for the fixed-step methods). */
  nrejected: number;
}

/** A continuous solution over the integration span: `sol(t)` returns y(t). */
export interface DenseSolution {
  /**
   * The state at time `t` (inside the span), written into `out` when given (else a new array).
   * @throws DomainError when `t` lies outside the integrated span.
   */
  (t: number, out?: Float64Array): Float64Array;
  /** Start of the span (t0). */
  readonly t0: number;
  /** End of the span (t1). */
  readonly t1: number;
}

/** Result of {@link solveIvp}. */
export interface OdeSolution {
  /** Output times: `tEval` when given, else every step point from t0 to t1. */
  t: Float64Array;
  /** The state at each output time (one fresh array per time). */
  y: Float64Array[];
  /** `'success'` — every failure throws instead (ConvergenceError, DomainError, ConfigError). */
  status: 'success';
  /** Work counters. */
  stats: OdeStats;
  /** The continuous solution, present when `denseOutput: true` was requested. */
  sol?: DenseSolution;
}
