/**
 * The interface between the adaptive driver ({@link solveAdaptive}) and an embedded Runge–Kutta pair
 * (DOPRI5, DOP853), plus the small vector kernels the pairs share.
 *
 * A pair owns its stage buffers (allocated once per solve) and performs no allocation per step.
 *
 * @module
 */
import type { OdeRhs } from './types.js';
import type { SparseRow } from './tableaux.js';

/** Step-size controller constants, named as in Hairer's codes. */
export interface ControllerConstants {
  /** Safety factor `safe` (0.9). */
  safe: number;
  /** Smallest allowed ratio hnew/h (`fac1`). */
  fac1: number;
  /** Largest allowed ratio hnew/h (`fac2`). */
  fac2: number;
  /** Stabilisation exponent `beta` of the PI controller (0 turns it off). */
  beta: number;
  /** Exponent applied to the error norm: 1/(q+1) − beta·κ (`expo1`). */
  expo1: number;
}

/** An embedded explicit Runge–Kutta pair with a continuous extension. */
export interface EmbeddedPair {
  /** Order used by the initial-step heuristic (Hairer's `iord`). */
  readonly order: number;
  readonly controller: ControllerConstants;
  /** Right-hand-side evaluations made by one `attempt`. */
  readonly fevalsPerAttempt: number;
  /** True when `attempt` itself evaluates f(t + h, yNew) into `fNew` (DOPRI5). */
  readonly fsalInAttempt: boolean;
  /** Number of length-n blocks of a dense-output record. */
  readonly denseBlocks: number;
  /** Right-hand-side evaluations made by one `prepareDense`. */
  readonly fevalsPerDense: number;
  /**
   * One trial step of size h from (t, y) with f = f(t, y): writes the new state into `yNew` (and, when
   * `fsalInAttempt`, f(t + h, yNew) into `fNew`) and returns the scaled error norm (≤ 1 means
   * acceptable). Returns NaN when a stage or the new state is not finite.
   */
  attempt(
    t: number,
    h: number,
    y: Float64Array,
    f: Float64Array,
    yNew: Float64Array,
    fNew: Float64Array,
    rtol: number,
    atol: Float64Array,
  ): number;
  /**
   * Fills `cont` (denseBlocks·n entries) with the continuous extension of the step just attempted
   * (must be called before the next attempt; `fNew` = f(t + h, yNew)).
   */
  prepareDense(
    t: number,
    h: number,
    y: Float64Array,
    f: Float64Array,
    yNew: Float64Array,
    fNew: Float64Array,
    cont: Float64Array,
  ): void;
  /** Writes the interpolant at fraction `theta` = (τ − t)/h of the step into `out`. */
  evalDense(cont: Float64Array, theta: number, out: Float64Array): void;
}

/** Factory of a pair for state dimension n and a right-hand side. */
export type PairFactory = (n: number, rhs: OdeRhs) => EmbeddedPair;

/**
 * A sparse Butcher row compiled to flat arrays (stage indices and coefficients), so the hot loops
 * index typed arrays instead of destructuring tuples.
 */
export interface CompiledRow {
  readonly stages: Int32Array;
  readonly coefs: Float64Array;
}

/** Compiles a sparse row once (at module load of a pair). */
export function compileRow(row: SparseRow): CompiledRow {
  return { stages: Int32Array.from(row, ([j]) => j), coefs: Float64Array.from(row, ([, a]) => a) };
}

/**
 * `out = base + h·Σⱼ aⱼ K[j]` over the non-zero entries of `row` (accumulated in `acc` first, so the
 * increment is formed before it is added to `base`, as in Hairer's codes).
 */
export function stageCombination(
  out: Float64Array,
  base: Float64Array,
  h: number,
  row: CompiledRow,
  K: readonly Float64Array[],
  acc: Float64Array,
  n: number,
): void {
  const { stages, coefs } = row;
  const m = stages.length;
  const a0 = coefs[0];
  const k0 = K[stages[0]];
  for (let i = 0; i < n; i++) acc[i] = a0 * k0[i];
  for (let r = 1; r < m; r++) {
    const a = coefs[r];
    const kj = K[stages[r]];
    for (let i = 0; i < n; i++) acc[i] += a * kj[i];
  }
  for (let i = 0; i < n; i++) out[i] = base[i] + h * acc[i];
}

/** `out[offset + i] = scale·Σⱼ aⱼ K[j][i]` for i < n. */
export function weightedSum(
  out: Float64Array,
  offset: number,
  scale: number,
  row: CompiledRow,
  K: readonly Float64Array[],
  n: number,
): void {
  const { stages, coefs } = row;
  const m = stages.length;
  const a0 = coefs[0];
  const k0 = K[stages[0]];
  for (let i = 0; i < n; i++) out[offset + i] = a0 * k0[i];
  for (let r = 1; r < m; r++) {
    const a = coefs[r];
    const kj = K[stages[r]];
    for (let i = 0; i < n; i++) out[offset + i] += a * kj[i];
  }
  if (scale !== 1) for (let i = 0; i < n; i++) out[offset + i] *= scale;
}

/** True when every entry of `v` is finite. */
export function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}
