/**
 * `solveIvp`: the initial value problem y′ = f(t, y), y(t0) = y0, solved on [t0, t1] (or backwards
 * when t1 < t0) by DOP853 (default), DOPRI5, RK4 or explicit Euler.
 *
 * **Method.** The adaptive methods (see `adaptive.ts`) are the embedded Runge–Kutta pairs of
 * Dormand & Prince: DOP853 (order 8, error estimators of orders 5 and 3, 7th-order dense output) and
 * DOPRI5 (order 5(4), 4th-order dense output), with Hairer's step-size controller and initial-step
 * heuristic, exactly as in Hairer, Nørsett & Wanner, *Solving ODEs I* (2nd ed.), §II.4–II.6. The
 * mixed error test is |errᵢ| ≤ atolᵢ + rtol·max(|yₙ,ᵢ|, |yₙ₊₁,ᵢ|) in a root-mean-square sense.
 * The fixed-step methods (see `fixed.ts`) use an equal grid with step ≤ `step` ending exactly at t1
 * and cubic Hermite interpolation between grid points.
 *
 * The state is a `Float64Array` (matrix ODEs are flattened row-major; see `solveMatrixIvp`). The
 * right-hand side writes into a buffer the solver provides; apart from the returned outputs the
 * solvers do not allocate per step.
 *
 * **Special cases.**
 * - t1 = t0: returns y0 at t0 (every tEval entry must then equal t0) without evaluating f.
 * - Output: at `tEval` when given (monotone in the direction of integration), else every step
 *   point; an output time equal to a step end returns that step's state exactly.
 * - Failures throw: ConvergenceError (non-finite values, step size underflow, too many steps; its
 *   `reached` is the last time reached), DomainError/ConfigError/ShapeError for invalid input.
 *
 * @example
 * // Harmonic oscillator y'' = -y over one period: y(2π) ≈ y(0).
 * const res = solveIvp((t, y, dy) => { dy[0] = y[1]; dy[1] = -y[0]; }, [0, 2 * Math.PI], [1, 0],
 *   { rtol: 1e-12, atol: 1e-14, tEval: [Math.PI, 2 * Math.PI] });
 * res.y[1]; // → [1.000000, 0.000000] (≈ [1, 0])
 *
 * @module
 */
import { createDop853 } from './dop853.js';
import { createDopri5 } from './dopri5.js';
import { solveAdaptive } from './adaptive.js';
import { solveFixed } from './fixed.js';
import { resolveProblem } from './options.js';
import type { OdeRhs, OdeSolution, SolveIvpOptions } from './types.js';
import { DomainError } from '../errors/index.js';

/**
 * Solves y′ = rhs(t, y), y(t0) = y0 over `tSpan = [t0, t1]`.
 *
 * @param rhs writes f(t, y) into its third argument
 * @param tSpan `[t0, t1]`; t1 < t0 integrates backwards
 * @param y0 the initial state (copied)
 * @param options method, tolerances, output times, step controls (see {@link SolveIvpOptions})
 * @throws ConvergenceError, DomainError, ConfigError, ShapeError (see the module comment)
 */
export function solveIvp(
  rhs: OdeRhs,
  tSpan: readonly [number, number],
  y0: ArrayLike<number>,
  options: SolveIvpOptions = {},
): OdeSolution {
  if (typeof rhs !== 'function') {
    throw new DomainError('solveIvp: rhs must be a function (t, y, dydt) => void writing f(t, y) into dydt.');
  }
  const problem = resolveProblem(tSpan, y0, options);
  if (problem.direction === 0) {
    const n = problem.y0.length;
    const times = problem.tEval ?? Float64Array.of(problem.t0);
    const solution: OdeSolution = {
      t: Float64Array.from(times),
      y: Array.from(times, () => problem.y0.slice()),
      status: 'success',
      stats: { nfev: 0, nsteps: 0, naccepted: 0, nrejected: 0 },
    };
    if (problem.denseOutput) {
      const { t0 } = problem;
      const y0c = problem.y0;
      const evaluate = (t: number, out?: Float64Array): Float64Array => {
        if (t !== t0) throw new DomainError(`solveIvp sol(t): t = ${t} lies outside the integrated span [${t0}, ${t0}].`);
        const res = out ?? new Float64Array(n);
        res.set(y0c);
        return res;
      };
      solution.sol = Object.assign(evaluate, { t0, t1: t0 });
    }
    return solution;
  }
  switch (problem.method) {
    case 'dop853':
      return solveAdaptive(rhs, problem, createDop853, 'dop853');
    case 'dopri5':
      return solveAdaptive(rhs, problem, createDopri5, 'dopri5');
    default:
      return solveFixed(rhs, problem);
  }
}
