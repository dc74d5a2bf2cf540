/**
 * ODE integrators: `solveIvp` (DOP853, DOPRI5, RK4, Euler) on `Float64Array` states and the
 * matrix-state helpers `solveMatrixIvp` / `solveMatrixSystemIvp`.
 *
 * @module
 */
export { solveIvp } from './solve-ivp.js';
export { solveMatrixIvp, solveMatrixSystemIvp } from './matrix-ivp.js';
export type { MatrixOdeRhs, MatrixOdeSolution, MatrixSystemOdeRhs, MatrixSystemOdeSolution } from './matrix-ivp.js';
export type { DenseSolution, OdeMethod, OdeRhs, OdeSolution, OdeStats, SolveIvpOptions } from './types.js';
export { DEFAULT_ATOL, DEFAULT_MAX_STEPS, DEFAULT_RTOL } from './options.js';
