/**
 * Line plots: many series (lines and/or point markers) with optional uncertainty bands, linear or
 * log axes, overlaid reference lines and a legend.
 *
 * A figure is a pure function of data and options (the model of Observable Plot): the same input
 * gives the byte-identical SVG string, which the CLI writes to files and the web explorer shows.
 *
 * @module
 */
import { ConfigError } from '../errors/index.js';
import { seriesStyle } from './colormaps.js';
import {
  axisTitle, checkSize, clipPathDef, clipRef, figureTitle, frameRect, gridLines, legend, legendTotalWidth, notesText,
  ticksFor, widestLabel, xAxis, yAxis, type AxisOptions, type LegendEntry, type Rect,
} from './frame.js';
import { bandPathData, checkSameLength, markerPathData, pixelRuns, referenceLines, seriesPathData, type ReferenceLine } from './marks.js';
import { createScale, emptyExtent, includeValues, resolveDomain } from './scales.js';
import { element, finalizeSvg, group } from './svg.js';

/** One series of a line plot. */
export interface LineSeries {
  /** x values (same length as `y`). */
  readonly x: ArrayLike<number>;
  /** y values; NaN (or ≤ 0 on a log axis) breaks the line. */
  readonly y: ArrayLike<number>;
  /** Legend text; series without a label get no legend entry. */
  readonly label?: string;
  /** Stroke colour (default: the colour-blind-safe categorical palette in order). */
  readonly color?: string;
  /** SVG dash array, e.g. `'6 3'` (default solid, then dashed once the palette wraps). */
  readonly dash?: string;
  /** `'circle'` draws a dot per point (simulation samples). */
  readonly marker?: 'circle';
  /** Draw the connecting line (default: `true` without a marker, `false` with one). */
  readonly line?: boolean;
  /** Stroke width in pixels (default 1.75). */
  readonly width?: number;
  /** Shaded band between `lo` and `hi` (same length as `x`), e.g. mean ± s.d. over seeds. */
  readonly band?: { readonly lo: ArrayLike<number>; readonly hi: ArrayLike<number> };
}

/** Options of {@link linePlot}. */
export interface LinePlotOptions {
  readonly series: readonly LineSeries[];
  readonly x?: AxisOptions;
  readonly y?: AxisOptions;
  readonly title?: string;
  /** Figure width in pixels (default 640). */
  readonly width?: number;
  /** Figure height in pixels (default 400). */
  readonly height?: number;
  /** Straight lines drawn over the data (theory boundaries, reference values, scaling laws). */
  readonly lines?: readonly ReferenceLine[];
  /** Show the legend right of the plot (default: true when some series has a label). Reference lines are labelled on the plot. */
  readonly legend?: boolean;
  /** Grid lines at the major ticks (default true). */
  readonly grid?: boolean;
}

const MARKER_RADIUS = 3;

/**
 * Renders a line plot to an SVG string.
 *
 * **Method**: the axis domains are the explicit ones or the padded extent of all drawable values
 * (series, bands, markers); see `resolveDomain`. Series are mapped to pixels, split into runs at
 * NaN/±∞ (and at values ≤ 0 on a log axis), and runs longer than four points per pixel column are
 * reduced to the first/min/max/last point of each column (M4 reduction), so 10⁶-point series stay
 * small without changing what is drawn. Data is clipped to the plot area.
 *
 * **Special cases**: an explicit non-positive domain on a log axis throws `DomainError`; data ≤ 0
 * on a log axis is dropped, and the figure says so in a visible note and in `<desc>`; series of
 * different x/y (or band) lengths throw `ConfigError`; empty series draw nothing but keep their
 * legend entry; with no data at all the axes span [0, 1] (linear) or [1, 10] (log).
 *
 * @example
 * const svg = linePlot({
 *   series: [{ x: [1, 10, 100], y: [1, 0.1, 0.01], label: 'theory' }],
 *   x: { label: 'time', unit: 'steps', scale: 'log' },
 *   y: { label: 'loss', scale: 'log' },
 *   lines: [{ kind: 'vertical', x: 10, label: 't*' }],
 * });
 * svg.includes('theory'); // → true (the legend names the series)
 */
export function linePlot(options: LinePlotOptions): string {
  const parts = renderLinePlot(options);
  return finalizeSvg(parts.width, parts.height, options.title, parts.description, parts.body);
}

/** Body markup and size of a line plot (used by `smallMultiples`). */
export function renderLinePlot(options: LinePlotOptions): { width: number; height: number; body: string; description: string } {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  checkSize('linePlot', width, height, 120);
  if (!Array.isArray(options.series)) throw new ConfigError('linePlot: series must be an array of { x, y } objects.', { path: 'series' });
  const xKind = options.x?.scale ?? 'linear';
  const yKind = options.y?.scale ?? 'linear';
  for (const [name, k] of [['x', xKind], ['y', yKind]] as const) {
    if (k !== 'linear' && k !== 'log') throw new ConfigError(`linePlot: ${name}.scale '${String(k)}' is unknown; use 'linear' or 'log'.`, { path: `${name}.scale` });
  }

  const xExtent = emptyExtent();
  const yExtent = emptyExtent();
  options.series.forEach((s, i) => {
    checkSameLength(`linePlot series[${i}]`, 'x', s.x, 'y', s.y);
    if (s.band !== undefined) {
      checkSameLength(`linePlot series[${i}]`, 'x', s.x, 'band.lo', s.band.lo);
      checkSameLength(`linePlot series[${i}]`, 'x', s.x, 'band.hi', s.band.hi);
    }
    includeValues(xExtent, s.x, xKind);
    includeValues(yExtent, s.y, yKind);
    if (s.band !== undefined) {
      includeValues(yExtent, s.band.lo, yKind);
      includeValues(yExtent, s.band.hi, yKind);
    }
  });
  const xDomain = resolveDomain(xKind, options.x?.domain, xExtent, 'linePlot x axis');
  const yDomain = resolveDomain(yKind, options.y?.domain, yExtent, 'linePlot y axis');

  // Legend entries and their width decide the right margin.
  const entries: LegendEntry[] = [];
  const styles = options.series.map((s, i) => {
    const base = seriesStyle(i);
    const line = s.line ?? s.marker === undefined;
    return { color: s.color ?? base.color, dash: s.dash ?? base.dash, line, marker: s.marker === 'circle', width: s.width ?? 1.75 };
  });
  options.series.forEach((s, i) => {
    if (s.label === undefined || s.label === '') return;
    const st = styles[i];
    entries.push({ label: s.label, color: st.color, dash: st.dash, line: st.line, marker: st.marker, band: s.band !== undefined, width: st.width });
  });
  const showLegend = (options.legend ?? true) && entries.length > 0;

  const top = options.title === undefined || options.title === '' ? 14 : 34;
  const bottom = 50;
  const plotHeight = height - top - bottom;
  const yTicks0 = ticksFor(yKind, yDomain, plotHeight, 50, options.y?.ticks);
  const yTitle = axisTitle(options.y);
  const left = 14 + widestLabel(yTicks0) + (yTitle === '' ? 6 : 24);
  const legendW = showLegend ? legendTotalWidth(entries, plotHeight) : 0;
  const right = showLegend ? legendW + 24 : 16;
  const rect: Rect = { left, top, width: Math.max(40, width - left - right), height: Math.max(40, plotHeight) };
  const xs = createScale(xKind, xDomain, [rect.left, rect.left + rect.width]);
  const ys = createScale(yKind, yDomain, [rect.top + rect.height, rect.top]);
  const xTicks = ticksFor(xKind, xDomain, rect.width, 80, options.x?.ticks);
  const yTicks = yTicks0;

  let bands = '';
  let paths = '';
  let markers = '';
  let droppedX = 0;
  let droppedY = 0;
  const columns = Math.ceil(rect.width);
  options.series.forEach((s, i) => {
    const st = styles[i];
    if (s.band !== undefined) {
      const d = bandPathData(s.x, s.band.lo, s.band.hi, xs, ys, columns);
      if (d !== '') bands += element('path', { d, fill: st.color, 'fill-opacity': 0.2, stroke: 'none' });
    }
    const { runs } = pixelRuns(s.x, s.y, xs, ys);
    for (let k = 0; k < s.x.length; k++) {
      const xv = s.x[k];
      const yv = s.y[k];
      if (!Number.isFinite(xv) || !Number.isFinite(yv)) continue;
      if (xKind === 'log' && xv <= 0) droppedX++;
      else if (yKind === 'log' && yv <= 0) droppedY++;
    }
    if (st.line) {
      const d = seriesPathData(runs, columns);
      if (d !== '') {
        paths += element('path', {
          class: 'series',
          d,
          stroke: st.color,
          'stroke-width': st.width,
          'stroke-dasharray': st.dash === '' ? undefined : st.dash,
          'stroke-linejoin': 'round',
          'stroke-linecap': 'round',
          fill: 'none',
        });
      }
    }
    if (st.marker) {
      const d = markerPathData(runs, MARKER_RADIUS);
      if (d !== '') markers += element('path', { class: 'markers', d, fill: st.color, stroke: '#ffffff', 'stroke-width': 0.75 });
    }
  });

  const notes: string[] = [];
  if (droppedX > 0) notes.push(`${droppedX} point${droppedX === 1 ? '' : 's'} with x ≤ 0 not shown on the log x axis.`);
  if (droppedY > 0) notes.push(`${droppedY} point${droppedY === 1 ? '' : 's'} with y ≤ 0 not shown on the log y axis.`);

  const clip = clipRef('plot');
  const body =
    element('defs', {}, clipPathDef('plot', rect)) +
    ((options.grid ?? true) ? gridLines(xs, xTicks, ys, yTicks, rect) : '') +
    group({ class: 'bands', 'clip-path': clip }, bands) +
    group({ class: 'lines', 'clip-path': clip }, paths) +
    group({ class: 'points', 'clip-path': clip }, markers) +
    group({ class: 'reference-lines' }, referenceLines(options.lines, xs, ys, rect)) +
    frameRect(rect) +
    xAxis(xs, xTicks, rect, axisTitle(options.x)) +
    yAxis(ys, yTicks, rect, yTitle) +
    figureTitle(options.title, rect.left + rect.width / 2) +
    (showLegend ? legend(entries, rect.left + rect.width + 14, rect.top, rect.height) : '') +
    notesText(notes, height);
  return { width, height, body, description: notes.join(' ') };
}

