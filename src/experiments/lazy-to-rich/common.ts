/**
 * Shared helpers of the lazy-to-rich experiments: time grids, relative errors, number formatting,
 * checks, tables and the "theory lines vs simulation markers" series used in every figure.
 *
 * Pure (no I/O, no module state). The experiments B modules may import these too.
 * @module
 */
import { Matrix } from '../../linalg/matrix.js';
import { frobeniusNorm } from '../../linalg/norms.js';
import { det } from '../../linalg/solve.js';
import { CATEGORICAL } from '../../plot/colormaps.js';
import type { RandomStream } from '../../random/index.js';
import type { LinearTask } from '../../tasks/index.js';
import { lambdaBalancedInit } from '../../init/index.js';
import type { LineSeries } from '../../plot/line-plot.js';
import type { ExperimentCheck, ExperimentTable } from '../types.js';

/** `n` evenly spaced values from `a` to `b` inclusive (n ≥ 2), or `[a]` for n = 1. */
export function linspace(a: number, b: number, n: number): number[] {
  if (n <= 1) return [a];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(i === n - 1 ? b : a + ((b - a) * i) / (n - 1));
  return out;
}

/** `n` log-spaced values from `a` to `b` inclusive (both > 0). */
export function logspace(a: number, b: number, n: number): number[] {
  const la = Math.log10(a);
  const lb = Math.log10(b);
  return linspace(la, lb, n).map((v, i) => (i === 0 ? a : i === n - 1 ? b : 10 ** v));
}

/** The times k·η for the given integer steps (GD step k ↔ t/τ = k·η, spec §1). */
export function stepTimes(steps: readonly number[], learningRate: number): number[] {
  return steps.map((k) => k * learningRate);
}

/** `count` integer steps from 0 to `total`, evenly spaced and distinct (always including 0 and total). */
export function evenSteps(total: number, count: number): number[] {
  const out = new Set<number>();
  for (let i = 0; i < count; i++) out.add(Math.round((total * i) / Math.max(1, count - 1)));
  return [...out].sort((a, b) => a - b);
}

/** ‖A − B‖_F / ‖B‖_F (absolute ‖A − B‖_F when B = 0). No finiteness checks: NaN propagates. */
export function relFro(A: Matrix, B: Matrix): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < A.data.length; i++) {
    const d = A.data[i] - B.data[i];
    num += d * d;
    den += B.data[i] * B.data[i];
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

/** ‖A − B‖_F. */
export function distFro(A: Matrix, B: Matrix): number {
  let num = 0;
  for (let i = 0; i < A.data.length; i++) {
    const d = A.data[i] - B.data[i];
    num += d * d;
  }
  return Math.sqrt(num);
}

/** ‖A‖_F (re-export for convenience). */
export const fro = frobeniusNorm;

/** A number in short form: 3 significant digits, exponent notation outside [1e-3, 1e4). */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e4) return String(Number(x.toPrecision(digits)));
  return x.toExponential(Math.max(0, digits - 1)).replace('e+', 'e');
}

/** Builds a check (see {@link ExperimentCheck}). */
export function check(name: string, paper: string, ours: string, tolerance: string, pass: boolean): ExperimentCheck {
  return { name, paper, ours, tolerance, pass };
}

/** The colour of the `i`-th matrix entry series (colour-blind-safe palette, cycling). */
export function entryColor(i: number): string {
  return CATEGORICAL[i % CATEGORICAL.length];
}

/** Options of {@link entrySeries}. */
export interface EntrySeriesOptions {
  /** Draw markers (simulation) instead of lines (theory). */
  readonly marker?: boolean;
  /** Only entries with i ≤ j (symmetric matrices). */
  readonly upper?: boolean;
  /** Dash pattern for lines (default solid). */
  readonly dash?: string;
  /** Legend label for the first series only (the others get none). */
  readonly label?: string;
}

/**
 * One series per matrix entry (i, j) of a matrix trajectory `mats[k]` at `times[k]`, coloured by
 * entry so that the theory line and the simulation markers of the same entry share a colour.
 */
export function entrySeries(times: ArrayLike<number>, mats: readonly Matrix[], options: EntrySeriesOptions = {}): LineSeries[] {
  if (mats.length === 0) return [];
  const { rows, cols } = mats[0];
  const out: LineSeries[] = [];
  let e = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (options.upper === true && j < i) continue;
      const y = mats.map((m) => m.data[i * cols + j]);
      out.push({
        x: Array.from(times),
        y,
        color: entryColor(e),
        marker: options.marker === true ? 'circle' : undefined,
        dash: options.marker === true ? undefined : (options.dash ?? ''),
        width: 1.5,
        label: e === 0 ? options.label : undefined,
      });
      e++;
    }
  }
  return out;
}

/** Indices of at most `max` elements of 0..n−1, evenly spread, always including the last. */
export function spreadIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out = new Set<number>();
  for (let i = 0; i < max; i++) out.add(Math.round(((n - 1) * i) / (max - 1)));
  return [...out].sort((a, b) => a - b);
}

/** A table with every column checked to have the same length. */
export function table(name: string, columns: Record<string, ReadonlyArray<number | string>>, units?: Record<string, string>): ExperimentTable {
  const lengths = new Set(Object.values(columns).map((c) => c.length));
  if (lengths.size > 1) throw new Error(`table ${name}: columns have different lengths ${[...lengths].join(', ')}`);
  return units === undefined ? { name, columns } : { name, columns, units };
}

/**
 * Least-squares slope of log(y) against t: the decay rate r of y ≈ c·e^{−r t} (returned positive
 * for decay). Points with y ≤ 0 are skipped.
 */
export function fittedDecayRate(t: readonly number[], y: readonly number[]): number {
  let n = 0;
  let st = 0;
  let sy = 0;
  let stt = 0;
  let sty = 0;
  for (let i = 0; i < t.length; i++) {
    if (!(y[i] > 0)) continue;
    const ly = Math.log(y[i]);
    n++;
    st += t[i];
    sy += ly;
    stt += t[i] * t[i];
    sty += t[i] * ly;
  }
  const slope = (n * sty - st * sy) / (n * stt - st * st);
  return -slope;
}

/** The first time at which the series `y(t)` (monotone in the region of interest) crosses `level`, by linear interpolation. */
export function crossingTime(t: readonly number[], y: readonly number[], level: number): number {
  for (let i = 1; i < t.length; i++) {
    const a = y[i - 1] - level;
    const b = y[i] - level;
    if (a === 0) return t[i - 1];
    if (a * b <= 0 && a !== b) return t[i - 1] + ((t[i] - t[i - 1]) * a) / (a - b);
  }
  return Number.NaN;
}

/** `W₁ᵀW₁` and `W₂W₂ᵀ` of a two-layer network. */
export function gramsOf(W1: Matrix, W2: Matrix): { W1tW1: Matrix; W2W2t: Matrix } {
  return { W1tW1: gram(W1, true), W2W2t: gram(W2, false) };
}

/** AᵀA (`transFirst`) or AAᵀ, computed directly (small matrices). */
export function gram(A: Matrix, transFirst: boolean): Matrix {
  const n = transFirst ? A.cols : A.rows;
  const m = transFirst ? A.rows : A.cols;
  const out = Matrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) {
        s += transFirst ? A.data[k * A.cols + i] * A.data[k * A.cols + j] : A.data[i * A.cols + k] * A.data[j * A.cols + k];
      }
      out.data[i * n + j] = s;
      out.data[j * n + i] = s;
    }
  }
  return out;
}

/** W₂W₁. */
export function product(W2: Matrix, W1: Matrix): Matrix {
  const out = Matrix.zeros(W2.rows, W1.cols);
  for (let i = 0; i < W2.rows; i++) {
    for (let j = 0; j < W1.cols; j++) {
      let s = 0;
      for (let k = 0; k < W2.cols; k++) s += W2.data[i * W2.cols + k] * W1.data[k * W1.cols + j];
      out.data[i * W1.cols + j] = s;
    }
  }
  return out;
}

/** "λ = −5" style label with a proper minus sign. */
export function lambdaLabel(lambda: number): string {
  return `λ = ${fmt(lambda, 3).replace('-', '−')}`;
}

/** "N_i-N_h-N_o" shape label. */
export function shapeLabel(ni: number, nh: number, no: number): string {
  return `${ni}-${nh}-${no}`;
}

/**
 * A λ-balanced init (spec §2.3, `lambdaBalancedInit`) for `task`, drawn from `stream.fork(0)`, then
 * `fork(1)`, … until B is non-singular: on square shapes with |λ| < 0.1, B is (nearly) singular when
 * sign det W(0) ≠ sign det Σ_yx (spec §3.3, [V] 400/400), so such draws are skipped, as the spec's
 * R3 prescribes. `redraws` counts the skipped draws. `scale` is passed to `lambdaBalancedInit`
 * (network singular values); without it the init module's default scale is used.
 */
export function drawBalancedInit(
  task: LinearTask, lambda: number, nh: number, stream: RandomStream, options: { scale?: number } = {},
): { W1: Matrix; W2: Matrix; redraws: number } {
  const square = task.ni === task.no;
  const signTask = square ? Math.sign(det(task.sigmaYX)) : 0;
  for (let attempt = 0; attempt < 64; attempt++) {
    const s = stream.fork(attempt);
    const init = options.scale === undefined
      ? lambdaBalancedInit({ lambda, ni: task.ni, no: task.no, nh, stream: s })
      : lambdaBalancedInit({ lambda, ni: task.ni, no: task.no, nh, scale: options.scale, stream: s });
    if (square && Math.abs(lambda) < 0.1 && Math.sign(det(product(init.W2, init.W1))) !== signTask) continue;
    return { W1: init.W1, W2: init.W2, redraws: attempt };
  }
  throw new Error('drawBalancedInit: no draw with sign det W(0) = sign det Σ_yx in 64 attempts');
}
