/**
 * The benchmark registry: what a benchmark group is, and the list of groups `npm run bench` runs.
 *
 * A **group** (e.g. `linalg`) produces **cases**. A case is one operation on one input size: its
 * inputs (matrices generated in TypeScript, handed to NumPy as `.npy` files so both sides time the
 * very same numbers), a TypeScript runner called through a {@link LinalgBackend}, the NumPy job that
 * does the same thing in Python, and a cheap correctness check. To add a group: write
 * `bench/groups/<name>.ts` exporting a {@link BenchGroup}, add it to {@link BENCH_GROUPS}, and add
 * the NumPy side of its ops to the `OPS` table of the group's Python script (by default
 * `bench/numpy_linalg.py`; a group may name its own script with the same JSON protocol).
 *
 * @module
 */
import type { LinalgBackend } from '../src/linalg/backend.js';
import type { Matrix } from '../src/linalg/matrix.js';
import { linalgGroup } from './groups/linalg.js';
import { lazyToRichGroup } from './groups/lazy-to-rich.js';
import { connectivityGroup } from './groups/connectivity.js';
import { mixedGroup } from './groups/mixed.js';
import { runnerGroup } from './groups/runner.js';
import { webGroup } from './web.js';

/** Options every group sees when building its cases. */
export interface BenchOptions {
  /** Smaller sizes, for a fast smoke run. */
  quick: boolean;
}

/** A performance goal of the project for one case: met when `numpySeconds / seconds ≥ minRatio`. */
export interface BenchGoal {
  /** Backend the goal is about (`"js"` or `"native"`). */
  backend: string;
  minRatio: number;
}

/** The cheap correctness check of one result. */
export interface BenchCheck {
  /**
   * Relative residual of the defining identity, probed with a few fixed vectors (O(n²) work), e.g.
   * ‖A(Bx) − Cx‖ / (‖A‖_F ‖B‖_F ‖x‖) for a product. Rounding-level (≲ 1e-13) when right.
   */
  residual: number;
  /**
   * A short vector that NumPy's script computes the same way (row sums of a product, eigenvalues,
   * singular values); the runner reports max |ours − numpy| / max |numpy|.
   */
  summary: Float64Array;
}

/** One operation on one input size. `R` is what the runner returns. */
export interface BenchCase<R = unknown> {
  /** Operation name, e.g. `"matmul"`; `--only` selects on it (or on the group name). */
  op: string;
  /** Shape label, e.g. `"512x512"`. */
  shape: string;
  /** Named input matrices; each is written to `<name>.npy` for the NumPy side. */
  inputs: Record<string, Matrix>;
  /**
   * Returns the function that is timed. Setup that should not be timed (allocating an output)
   * happens here; the returned function must do the whole operation each call.
   */
  prepare(backend: LinalgBackend, inputs: Record<string, Matrix>): () => R;
  /** Checks a result of the timed function. */
  check(result: R, inputs: Record<string, Matrix>): BenchCheck;
  /** The NumPy side: an op name of the group's Python script and optional parameters. */
  numpy: { op: string; params?: Record<string, unknown> };
  /**
   * Largest `residual` accepted as right (default 1e-10). Set it from a rounding model of the
   * operation, tight enough that a slightly wrong result (one entry off by 1e-7) fails.
   */
  residualLimit?: number;
  /** The project's performance goals for this case, if any. */
  goals?: BenchGoal[];
}

/** A named family of benchmark cases with a NumPy counterpart. */
export interface BenchGroup {
  name: string;
  description: string;
  /** Python script (path from the repository root) implementing the NumPy side of its ops. */
  numpyScript: string;
  cases(options: BenchOptions): BenchCase[];
  /**
   * Optional comparisons that are not "ours vs NumPy" (e.g. closed form vs simulation), run after
   * the table and printed as lines under the group's name. Skipped with `--json` and `--only` that
   * selects none of the group's cases.
   */
  summary?(options: BenchOptions): string[];
}

/** Every group `npm run bench` knows, in run order. */
export const BENCH_GROUPS: readonly BenchGroup[] = [linalgGroup, lazyToRichGroup, mixedGroup, connectivityGroup, runnerGroup, webGroup];
