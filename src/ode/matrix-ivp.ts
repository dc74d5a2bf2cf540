/**
 * Matrix-valued initial value problems, M′ = F(t, M), solved by {@link solveIvp} on the row-major
 * flattened state.
 *
 * **Method.** The state vector is the concatenation of the matrices' row-major `data`. The
 * right-hand side receives `Matrix` views that wrap the solver's buffers without copying; the views
 * are created once per buffer and reused, so no allocation happens per evaluation. Tolerances apply
 * entrywise (a per-component `atol` array follows the same flattened layout).
 *
 * **Special cases.** The matrices passed to the right-hand side are solver work buffers: read them
 * during the call only. Output matrices are fresh and owned by the caller.
 *
 * @example
 * // Riccati-type flow X' = A X + X Aᵀ + C from X(0) = 0.
 * const A = Matrix.from([[-1, 0.5], [0, -2]]);
 * const C = Matrix.identity(2);
 * const res = solveMatrixIvp((t, X, dX) => {
 *   for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
 *     let s = C.get(i, j);
 *     for (let k = 0; k < 2; k++) s += A.get(i, k) * X.get(k, j) + X.get(i, k) * A.get(j, k);
 *     dX.set(i, j, s);
 *   }
 * }, [0, 5], Matrix.zeros(2, 2), { rtol: 1e-12, atol: 1e-14 });
 * const X = res.y.at(-1)!; // ≈ the solution of A X + X Aᵀ + C = 0
 * maxAbs(add(add(matmul(A, X), matmul(X, A, { transB: true })), C)) < 1e-3; // → true (e^{−2t} is small at t = 5)
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { Matrix } from '../linalg/matrix.js';
import { solveIvp } from './solve-ivp.js';
import type { OdeStats, SolveIvpOptions } from './types.js';

/** Right-hand side of a matrix ODE: writes F(t, M) into `dM` (same shape as M). */
export type MatrixOdeRhs = (t: number, M: Matrix, dM: Matrix) => void;

/** Right-hand side of a coupled system of matrix ODEs: writes Fₖ(t, M₁, …) into `dMs[k]`. */
export type MatrixSystemOdeRhs = (t: number, Ms: readonly Matrix[], dMs: readonly Matrix[]) => void;

/** Result of {@link solveMatrixIvp}. */
export interface MatrixOdeSolution {
  /** Output times. */
  t: Float64Array;
  /** The matrix at each output time. */
  y: Matrix[];
  status: 'success';
  stats: OdeStats;
  /** The continuous solution (when `denseOutput: true`). */
  sol?: (t: number) => Matrix;
}

/** Result of {@link solveMatrixSystemIvp}. */
export interface MatrixSystemOdeSolution {
  t: Float64Array;
  /** `y[k][m]` is matrix m at output time k. */
  y: Matrix[][];
  status: 'success';
  stats: OdeStats;
  sol?: (t: number) => Matrix[];
}

function checkMatrix(M: unknown, what: string): Matrix {
  if (!(M instanceof Matrix)) throw new DomainError(`${what} must be a Matrix.`);
  return M;
}

/** Splits a flat state into Matrix views of the given shapes (no copy). */
function views(buf: Float64Array, shapes: readonly (readonly [number, number])[]): Matrix[] {
  const out: Matrix[] = [];
  let off = 0;
  for (const [r, c] of shapes) {
    out.push(new Matrix(r, c, buf.subarray(off, off + r * c)));
    off += r * c;
  }
  return out;
}

/**
 * Solves the matrix ODE M′ = rhs(t, M), M(t0) = M0 over `tSpan` (options as in {@link solveIvp}).
 * @throws as solveIvp; DomainError when M0 is not a Matrix or has a non-finite entry.
 */
export function solveMatrixIvp(
  rhs: MatrixOdeRhs,
  tSpan: readonly [number, number],
  M0: Matrix,
  options: SolveIvpOptions = {},
): MatrixOdeSolution {
  const m0 = checkMatrix(M0, 'solveMatrixIvp: M0');
  const res = solveMatrixSystemIvp((t, Ms, dMs) => rhs(t, Ms[0], dMs[0]), tSpan, [m0], options);
  const out: MatrixOdeSolution = {
    t: res.t,
    y: res.y.map((ms) => ms[0]),
    status: res.status,
    stats: res.stats,
  };
  const sol = res.sol;
  if (sol) out.sol = (t: number) => sol(t)[0];
  return out;
}

/**
 * Solves a coupled system of matrix ODEs Mₖ′ = Fₖ(t, M₁, …, M_K), Mₖ(t0) = M0s[k] (for instance the
 * two weight matrices of a two-layer linear network), with one flattened state.
 * @throws as solveIvp; ShapeError for an empty list; DomainError for a non-Matrix or non-finite entry.
 */
export function solveMatrixSystemIvp(
  rhs: MatrixSystemOdeRhs,
  tSpan: readonly [number, number],
  M0s: readonly Matrix[],
  options: SolveIvpOptions = {},
): MatrixSystemOdeSolution {
  if (!Array.isArray(M0s) || M0s.length === 0) {
    throw new ShapeError('solveMatrixSystemIvp: give at least one initial matrix.');
  }
  const shapes = M0s.map((M, k) => {
    const m = checkMatrix(M, `solveMatrixSystemIvp: M0s[${k}]`);
    return [m.rows, m.cols] as const;
  });
  const total = shapes.reduce((s, [r, c]) => s + r * c, 0);
  const y0 = new Float64Array(total);
  let off = 0;
  for (let k = 0; k < M0s.length; k++) {
    const d = M0s[k].data;
    for (let i = 0; i < d.length; i++) {
      if (!Number.isFinite(d[i])) {
        const c = M0s[k].cols;
        throw new DomainError(
          `solveMatrixSystemIvp: initial matrix ${k} has entry [${Math.floor(i / c)}][${i % c}] = ${d[i]}; it must be finite.`,
        );
      }
    }
    y0.set(d, off);
    off += d.length;
  }

  // Views are cached per solver buffer (a small fixed set), so evaluations allocate nothing.
  const cache = new Map<Float64Array, Matrix[]>();
  const wrap = (buf: Float64Array): Matrix[] => {
    let v = cache.get(buf);
    if (v === undefined) {
      v = views(buf, shapes);
      cache.set(buf, v);
    }
    return v;
  };
  const res = solveIvp((t, y, dy) => rhs(t, wrap(y), wrap(dy)), tSpan, y0, options);
  const out: MatrixSystemOdeSolution = {
    t: res.t,
    y: res.y.map((v) => views(v, shapes)),
    status: res.status,
    stats: res.stats,
  };
  const sol = res.sol;
  if (sol) out.sol = (t: number) => views(sol(t), shapes);
  return out;
}
