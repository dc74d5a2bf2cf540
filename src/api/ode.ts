/**
 * ODE integrators: `solveIvp` (DOP853, DOPRI5, RK4, Euler; dense output) on `Float64Array`
 * states, and the matrix-state helpers `solveMatrixIvp` / `solveMatrixSystemIvp`. Each is checked
 * against SciPy's `solve_ivp`.
 *
 * @example
 * import { ode } from 'lazyrich';
 * const sol = ode.solveIvp((t, y, dy) => { dy[0] = -y[0]; }, [0, 1], [1], { method: 'dop853' });
 * sol.y[sol.y.length - 1][0]; // → 0.367879
 *
 * @module
 */
export * from '../ode/index.js';
