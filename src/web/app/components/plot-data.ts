/**
 * Pure data preparation for the uPlot wrapper (`LinePlot.svelte`): a {@link LinePlotOptions} of
 * src/plot (the same object the SVG export renders) becomes uPlot's aligned columns. Series that
 * share one x array (the exact curves) are passed through without copying; series on other x
 * (simulation points) are merged onto the sorted union of x values with `null` where a series has
 * no sample. On a log axis, points with x ≤ 0 are dropped and y ≤ 0 becomes `null`.
 * @module
 */
import type { LinePlotOptions } from '../../../plot/index.js';

/** uPlot's aligned data: x first, then one y column per series (`null` = no value). */
export type AlignedColumns = [ArrayLike<number>, ...ArrayLike<number | null>[]];

function finiteOrNull(v: number, log: boolean): number | null {
  return Number.isFinite(v) && (!log || v > 0) ? v : null;
}

/**
 * The aligned columns of a line plot's series.
 * @example
 * alignedColumns({ series: [{ x: [0, 1], y: [1, 2] }, { x: [0.5], y: [3], marker: 'circle' }] });
 * // [[0, 0.5, 1], [1, null, 2], [null, 3, null]]
 */
export function alignedColumns(options: LinePlotOptions): AlignedColumns {
  const series = options.series;
  const logX = options.x?.scale === 'log';
  const logY = options.y?.scale === 'log';
  if (series.length === 0) return [[]];
  const x0 = series[0].x;
  const shared = series.every((s) => s.x === x0);
  if (shared) {
    let keep: number[] | null = null;
    if (logX) {
      keep = [];
      for (let i = 0; i < x0.length; i++) if (x0[i] > 0 && Number.isFinite(x0[i])) keep.push(i);
      if (keep.length === x0.length) keep = null;
    }
    const xs = keep ? Float64Array.from(keep, (i) => x0[i]) : x0;
    const cols: ArrayLike<number | null>[] = series.map((s) => {
      const n = keep ? keep.length : s.y.length;
      const out = new Array<number | null>(n);
      for (let k = 0; k < n; k++) out[k] = finiteOrNull(s.y[keep ? keep[k] : k], logY);
      return out;
    });
    return [xs, ...cols];
  }
  const all: number[] = [];
  for (const s of series) for (let i = 0; i < s.x.length; i++) {
    const v = s.x[i];
    if (Number.isFinite(v) && (!logX || v > 0)) all.push(v);
  }
  all.sort((a, b) => a - b);
  const xs: number[] = [];
  for (const v of all) if (xs.length === 0 || xs[xs.length - 1] !== v) xs.push(v);
  const index = new Map<number, number>();
  xs.forEach((v, i) => index.set(v, i));
  const cols = series.map((s) => {
    const out = new Array<number | null>(xs.length).fill(null);
    for (let i = 0; i < s.x.length; i++) {
      const k = index.get(s.x[i]);
      if (k !== undefined) out[k] = finiteOrNull(s.y[i], logY);
    }
    return out;
  });
  return [xs, ...cols];
}

/** Dash array of an SVG `'6 3'` string as numbers for canvas (empty for solid). */
export function dashArray(dash: string | undefined): number[] {
  if (!dash) return [];
  return dash.trim().split(/[\s,]+/).map(Number).filter((v) => Number.isFinite(v) && v >= 0);
}

/**
 * A key that changes when the plot must be rebuilt (series count, labels, styles, axis kinds), and
 * stays equal when only the data changed (then uPlot's `setData` is enough).
 */
export function structureKey(options: LinePlotOptions): string {
  return JSON.stringify([
    options.title ?? '',
    options.x?.label ?? '', options.x?.unit ?? '', options.x?.scale ?? 'linear',
    options.y?.label ?? '', options.y?.unit ?? '', options.y?.scale ?? 'linear',
    options.series.map((s) => [s.label ?? '', s.color ?? '', s.dash ?? '', s.marker ?? '', s.line ?? '', s.width ?? '']),
  ]);
}
