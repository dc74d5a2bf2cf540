/**
 * Marks drawn inside the plot area: polylines with gaps, min/max decimation of very long series,
 * uncertainty bands, point markers and straight reference lines.
 *
 * All functions work on data arrays plus the two position scales and return SVG markup or path data
 * in pixel coordinates.
 *
 * @module
 */
import { ConfigError } from '../errors/index.js';
import type { Rect } from './frame.js';
import type { Scale } from './scales.js';
import { element, num, polylinePath, textWidth } from './svg.js';

/** Pixel runs of a series: each run is interleaved `[x0, y0, x1, y1, …]` without gaps. */
export interface PixelRuns {
  readonly runs: number[][];
  /** Finite points that a log axis could not show (value ≤ 0). */
  readonly droppedNonPositive: number;
}

/**
 * Maps `(x[i], y[i])` to pixels and splits at every point that cannot be drawn: a NaN or infinite
 * coordinate, or a value ≤ 0 on a log axis. Such points break the line (a gap), they are never
 * joined across.
 */
export function pixelRuns(x: ArrayLike<number>, y: ArrayLike<number>, xs: Scale, ys: Scale): PixelRuns {
  const runs: number[][] = [];
  let current: number[] = [];
  let dropped = 0;
  for (let i = 0; i < x.length; i++) {
    const xv = x[i];
    const yv = y[i];
    const px = xs.map(xv);
    const py = ys.map(yv);
    if (Number.isFinite(px) && Number.isFinite(py) && Number.isFinite(xv) && Number.isFinite(yv)) {
      current.push(px, py);
      continue;
    }
    if (Number.isFinite(xv) && Number.isFinite(yv)) dropped++;
    if (current.length > 0) runs.push(current);
    current = [];
  }
  if (current.length > 0) runs.push(current);
  return { runs, droppedNonPositive: dropped };
}

/**
 * Reduces a run with x pixel positions that never decrease to at most four points per pixel
 * column: the first, lowest, highest and last point of each column, in their original order. The
 * drawn envelope is unchanged at pixel resolution (the "M4" reduction; Jugel et al., "M4: a
 * visualization-oriented time series data aggregation", VLDB 2014). Runs whose x is not monotone, or
 * that have fewer than `4·columns` points, are returned unchanged.
 */
export function decimateRun(run: readonly number[], columns: number): number[] {
  const n = run.length / 2;
  if (n <= 4 * Math.max(1, columns)) return run.slice();
  for (let i = 1; i < n; i++) if (run[2 * i] < run[2 * i - 2]) return run.slice();
  const keep: number[] = [];
  let i = 0;
  while (i < n) {
    const column = Math.floor(run[2 * i]);
    let j = i;
    let lo = i;
    let hi = i;
    while (j < n && Math.floor(run[2 * j]) === column) {
      if (run[2 * j + 1] < run[2 * lo + 1]) lo = j;
      if (run[2 * j + 1] > run[2 * hi + 1]) hi = j;
      j++;
    }
    const last = j - 1;
    const picks = [i, lo, hi, last].sort((a, b) => a - b);
    let previous = -1;
    for (const p of picks) {
      if (p === previous) continue;
      keep.push(run[2 * p], run[2 * p + 1]);
      previous = p;
    }
    i = j;
  }
  return keep;
}

/** Checks that paired arrays have the same length. */
export function checkSameLength(what: string, nameA: string, a: ArrayLike<number>, nameB: string, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new ConfigError(`${what}: ${nameA} has ${a.length} values but ${nameB} has ${b.length}; give one ${nameB} value per ${nameA} value.`, { path: nameB });
  }
}

/** Path data of a (possibly decimated) polyline series with gaps. */
export function seriesPathData(runs: readonly number[][], columns: number): string {
  let d = '';
  for (const run of runs) {
    const r = decimateRun(run, columns);
    if (r.length === 2) d += `M${num(r[0])} ${num(r[1])}h0`; // a lone point: a round-capped dot
    else d += polylinePath(r);
  }
  return d;
}

/**
 * Path data of a band between `lo` and `hi` (closed polygons, one per run of points where x, lo
 * and hi are all drawable). Long monotone runs are reduced to the per-column min of `lo` and max of
 * `hi`, which keeps the filled envelope at pixel resolution.
 */
export function bandPathData(x: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, xs: Scale, ys: Scale, columns: number): string {
  let d = '';
  let px: number[] = [];
  let pl: number[] = [];
  let ph: number[] = [];
  const flush = () => {
    if (px.length >= 2) {
      let cx = px;
      let cl = pl;
      let ch = ph;
      let monotone = true;
      for (let i = 1; i < px.length; i++) if (px[i] < px[i - 1]) monotone = false;
      if (monotone && px.length > 4 * columns) {
        cx = [];
        cl = [];
        ch = [];
        let i = 0;
        while (i < px.length) {
          const column = Math.floor(px[i]);
          let j = i;
          let bottom = Number.NEGATIVE_INFINITY;
          let top = Number.POSITIVE_INFINITY;
          let sumX = 0;
          while (j < px.length && Math.floor(px[j]) === column) {
            bottom = Math.max(bottom, pl[j], ph[j]);
            top = Math.min(top, pl[j], ph[j]);
            sumX += px[j];
            j++;
          }
          cx.push(sumX / (j - i));
          cl.push(bottom);
          ch.push(top);
          i = j;
        }
      }
      const pts: number[] = [];
      for (let i = 0; i < cx.length; i++) pts.push(cx[i], cl[i]);
      for (let i = cx.length - 1; i >= 0; i--) pts.push(cx[i], ch[i]);
      d += polylinePath(pts, true);
    }
    px = [];
    pl = [];
    ph = [];
  };
  for (let i = 0; i < x.length; i++) {
    const a = xs.map(x[i]);
    const b = ys.map(lo[i]);
    const c = ys.map(hi[i]);
    if (Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c)) {
      px.push(a);
      pl.push(b);
      ph.push(c);
    } else flush();
  }
  flush();
  return d;
}

/** Circle markers at every drawable point, as one path of two-arc circles (compact for many points). */
export function markerPathData(runs: readonly number[][], radius: number): string {
  let d = '';
  const r = num(radius);
  const dia = num(2 * radius);
  for (const run of runs) {
    for (let k = 0; k < run.length; k += 2) {
      d += `M${num(run[k] - radius)} ${num(run[k + 1])}a${r} ${r} 0 1 0 ${dia} 0a${r} ${r} 0 1 0 -${dia} 0`;
    }
  }
  return d;
}

/**
 * Clips the segment (x0,y0)–(x1,y1) to `rect` (Liang & Barsky, "A new concept and method for line
 * clipping", ACM TOG 3(1), 1984). Returns the clipped end points or `undefined` when the segment
 * misses the rectangle.
 */
export function clipSegment(x0: number, y0: number, x1: number, y1: number, rect: Rect): [number, number, number, number] | undefined {
  const dx = x1 - x0;
  const dy = y1 - y0;
  let t0 = 0;
  let t1 = 1;
  const p = [-dx, dx, -dy, dy];
  const q = [x0 - rect.left, rect.left + rect.width - x0, y0 - rect.top, rect.top + rect.height - y0];
  for (let k = 0; k < 4; k++) {
    if (p[k] === 0) {
      if (q[k] < 0) return undefined;
      continue;
    }
    const r = q[k] / p[k];
    if (p[k] < 0) {
      if (r > t1) return undefined;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return undefined;
      if (r < t1) t1 = r;
    }
  }
  return [x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy];
}

/** A straight line drawn over a figure (theory boundary, reference value, scaling law). */
export type ReferenceLine = (
  | { readonly kind: 'affine'; readonly slope: number; readonly intercept: number }
  | { readonly kind: 'power'; readonly coefficient: number; readonly exponent: number }
  | { readonly kind: 'vertical'; readonly x: number }
  | { readonly kind: 'horizontal'; readonly y: number }
) & {
  /** Text written next to the line's end. */
  readonly label?: string;
  /** Stroke colour (default dark grey). */
  readonly color?: string;
  /** SVG dash array (default `'5 4'`; `''` for solid). */
  readonly dash?: string;
  /** Stroke width in pixels (default 1.25). */
  readonly width?: number;
};

function lineFunction(line: ReferenceLine): ((x: number) => number) | undefined {
  if (line.kind === 'affine') return (x) => line.slope * x + line.intercept;
  if (line.kind === 'power') return (x) => line.coefficient * x ** line.exponent;
  return undefined;
}

function checkLine(line: ReferenceLine, index: number): void {
  const values: Array<[string, number]> =
    line.kind === 'affine' ? [['slope', line.slope], ['intercept', line.intercept]]
      : line.kind === 'power' ? [['coefficient', line.coefficient], ['exponent', line.exponent]]
        : line.kind === 'vertical' ? [['x', line.x]]
          : line.kind === 'horizontal' ? [['y', line.y]]
            : [];
  if (values.length === 0) {
    throw new ConfigError(`lines[${index}]: unknown kind '${String((line as { kind: unknown }).kind)}'; use 'affine', 'power', 'vertical' or 'horizontal'.`, { path: `lines.${index}.kind` });
  }
  for (const [name, v] of values) {
    if (!Number.isFinite(v)) throw new ConfigError(`lines[${index}]: ${name} is ${v}; give a finite number.`, { path: `lines.${index}.${name}` });
  }
}

/**
 * Draws reference lines clipped to `rect`. Vertical and horizontal lines are exact; `y = a·x + b`
 * and `y = c·x^p` are evaluated in data space at 2 points when both axes are linear (affine) or
 * both are log (power law), which is exact, and otherwise at 257 points evenly spaced in pixel x,
 * then each segment is clipped to the plot area. A line outside the visible domain draws nothing.
 */
export function referenceLines(lines: readonly ReferenceLine[] | undefined, xs: Scale, ys: Scale, rect: Rect): string {
  if (lines === undefined || lines.length === 0) return '';
  let out = '';
  lines.forEach((line, index) => {
    checkLine(line, index);
    const segments: number[][] = [];
    if (line.kind === 'vertical' || line.kind === 'horizontal') {
      const p = line.kind === 'vertical' ? xs.map(line.x) : ys.map(line.y);
      if (Number.isFinite(p)) {
        const s = line.kind === 'vertical'
          ? clipSegment(p, rect.top + rect.height, p, rect.top, rect)
          : clipSegment(rect.left, p, rect.left + rect.width, p, rect);
        if (s !== undefined) segments.push([...s]);
      }
    } else {
      const f = lineFunction(line) as (x: number) => number;
      const exact = (line.kind === 'affine' && xs.kind === 'linear' && ys.kind === 'linear') ||
        (line.kind === 'power' && xs.kind === 'log' && ys.kind === 'log');
      const samples = exact ? 2 : 257;
      let previous: [number, number] | undefined;
      let current: number[] = [];
      for (let k = 0; k < samples; k++) {
        const px = rect.left + (rect.width * k) / (samples - 1);
        const py = ys.map(f(xs.invert(px)));
        const point: [number, number] | undefined = Number.isFinite(py) ? [px, py] : undefined;
        if (previous !== undefined && point !== undefined) {
          const s = clipSegment(previous[0], previous[1], point[0], point[1], rect);
          if (s !== undefined) {
            const n = current.length;
            if (n >= 2 && Math.abs(current[n - 2] - s[0]) < 1e-9 && Math.abs(current[n - 1] - s[1]) < 1e-9) current.push(s[2], s[3]);
            else {
              if (current.length > 0) segments.push(current);
              current = [...s];
            }
          }
        }
        previous = point;
      }
      if (current.length > 0) segments.push(current);
    }
    const color = line.color ?? '#444444';
    let d = '';
    for (const s of segments) d += polylinePath(s);
    if (d === '') return;
    out += element('path', {
      class: 'reference-line',
      d,
      stroke: color,
      'stroke-width': line.width ?? 1.25,
      'stroke-dasharray': (line.dash ?? '5 4') === '' ? undefined : (line.dash ?? '5 4'),
      fill: 'none',
    });
    if (line.label !== undefined && line.label !== '') {
      const last = segments[segments.length - 1];
      const ex = last[last.length - 2];
      const ey = last[last.length - 1];
      const labelWidth = textWidth(line.label, 11);
      const right = rect.left + rect.width;
      const bottom = rect.top + rect.height;
      let x: number;
      let y: number;
      let anchor: 'start' | 'end';
      if (line.kind === 'vertical') {
        anchor = ex + 4 + labelWidth > right ? 'end' : 'start';
        x = anchor === 'start' ? ex + 4 : ex - 4;
        y = rect.top + 13;
      } else {
        // Near the visible end of the line, moved inside the plot area.
        anchor = 'end';
        x = Math.max(rect.left + 4 + labelWidth, Math.min(ex - 4, right - 4));
        y = ey < rect.top + 16 ? ey + 14 : ey - 5;
        y = Math.min(bottom - 4, Math.max(rect.top + 12, y));
      }
      out += element('text', { class: 'reference-label', x, y, 'text-anchor': anchor, fill: color, 'font-size': 11, stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke', 'stroke-linejoin': 'round' }, undefined, line.label);
    }
  });
  return out;
}
