/**
 * The parts of a figure around the data: plot-area layout, axes (ticks, tick labels, grid, axis
 * titles), the figure title, the legend for series and the colour bar for colour maps.
 *
 * Each function returns SVG markup for a rectangle that the caller laid out; none of them measure
 * rendered text (layout uses {@link textWidth} estimates), so the output is a pure function of the
 * inputs.
 *
 * @module
 */
import { ConfigError } from '../errors/index.js';
import { colorMapStops, hex, sampleColorMap, type ColorMapName } from './colormaps.js';
import { createScale, type Scale, type ScaleKind } from './scales.js';
import { axisTicks, type AxisTicks } from './ticks.js';
import { element, group, ID_PLACEHOLDER, num, textWidth } from './svg.js';

/** Options of one position axis. */
export interface AxisOptions {
  /** Axis title, e.g. `"training time"`. */
  readonly label?: string;
  /** Unit printed after the title in parentheses, e.g. `"steps"`. */
  readonly unit?: string;
  /** `'linear'` (default) or `'log'` (base 10). */
  readonly scale?: ScaleKind;
  /** Explicit data interval `[start, end]`; `start > end` reverses the axis. */
  readonly domain?: readonly [number, number];
  /** Approximate number of major ticks (default from the axis length: one per ~80 px across, ~50 px up). */
  readonly ticks?: number;
}

/** A rectangle in pixels. */
export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Font sizes used throughout (pixels). */
export const FONT = { tick: 11, label: 12, title: 14, legend: 11, note: 10 } as const;

/** Axis title text: `label (unit)`, `label`, `(unit)` or empty. */
export function axisTitle(axis: AxisOptions | undefined): string {
  const label = axis?.label ?? '';
  const unit = axis?.unit;
  if (unit === undefined || unit === '') return label;
  return label === '' ? `(${unit})` : `${label} (${unit})`;
}

/** Validates a figure size, returning it. */
export function checkSize(what: string, width: number, height: number, minimum = 80): void {
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isFinite(v) || v < minimum) {
      throw new ConfigError(`${what}: ${name} ${v} is too small or not finite; give at least ${minimum} pixels.`, { path: name });
    }
  }
}

/** Ticks for an axis drawn over `lengthPx` pixels. */
export function ticksFor(kind: ScaleKind, domain: readonly [number, number], lengthPx: number, pxPerTick: number, requested?: number): AxisTicks {
  const target = requested ?? Math.max(2, Math.min(10, Math.floor(lengthPx / pxPerTick)));
  return axisTicks(kind, domain, target);
}

/** Estimated width of the widest y tick label, used to size the left margin. */
export function widestLabel(ticks: AxisTicks, fontSize: number = FONT.tick): number {
  let w = 0;
  for (const t of ticks.major) w = Math.max(w, textWidth(t.label, fontSize));
  return w;
}

const AXIS_COLOR = '#333333';
const GRID_COLOR = '#e6e6e6';

/** Light grid lines at the major ticks of both axes, inside `rect`. */
export function gridLines(x: Scale, xTicks: AxisTicks, y: Scale, yTicks: AxisTicks, rect: Rect): string {
  let d = '';
  for (const t of xTicks.major) {
    const px = x.map(t.value);
    if (Number.isFinite(px)) d += `M${num(px)} ${num(rect.top)}V${num(rect.top + rect.height)}`;
  }
  for (const t of yTicks.major) {
    const py = y.map(t.value);
    if (Number.isFinite(py)) d += `M${num(rect.left)} ${num(py)}H${num(rect.left + rect.width)}`;
  }
  return d === '' ? '' : element('path', { class: 'grid', d, stroke: GRID_COLOR, 'stroke-width': 1, fill: 'none' });
}

/** Bottom x axis: frame-side tick marks (major 5 px, minor 3 px), labels and title. */
export function xAxis(scale: Scale, ticks: AxisTicks, rect: Rect, title: string): string {
  const y0 = rect.top + rect.height;
  let d = '';
  let labels = '';
  for (const t of ticks.major) {
    const px = scale.map(t.value);
    if (!Number.isFinite(px)) continue;
    d += `M${num(px)} ${num(y0)}v5`;
    labels += element('text', { x: px, y: y0 + 8, dy: '0.8em', 'text-anchor': 'middle' }, undefined, t.label);
  }
  for (const v of ticks.minor) {
    const px = scale.map(v);
    if (Number.isFinite(px)) d += `M${num(px)} ${num(y0)}v3`;
  }
  const titleText = title === ''
    ? ''
    : element('text', { class: 'axis-title', x: rect.left + rect.width / 2, y: y0 + 36, 'text-anchor': 'middle', 'font-size': FONT.label }, undefined, title);
  return group(
    { class: 'axis axis-x', fill: AXIS_COLOR, 'font-size': FONT.tick },
    (d === '' ? '' : element('path', { d, stroke: AXIS_COLOR, 'stroke-width': 1, fill: 'none' })) + labels + titleText,
  );
}

/** Left y axis: tick marks, right-aligned labels and a rotated title left of the widest label. */
export function yAxis(scale: Scale, ticks: AxisTicks, rect: Rect, title: string): string {
  const x0 = rect.left;
  let d = '';
  let labels = '';
  for (const t of ticks.major) {
    const py = scale.map(t.value);
    if (!Number.isFinite(py)) continue;
    d += `M${num(x0)} ${num(py)}h-5`;
    labels += element('text', { x: x0 - 8, y: py, dy: '0.35em', 'text-anchor': 'end' }, undefined, t.label);
  }
  for (const v of ticks.minor) {
    const py = scale.map(v);
    if (Number.isFinite(py)) d += `M${num(x0)} ${num(py)}h-3`;
  }
  const tx = x0 - 14 - widestLabel(ticks) - 6;
  const ty = rect.top + rect.height / 2;
  const titleText = title === ''
    ? ''
    : element('text', { class: 'axis-title', x: tx, y: ty, 'text-anchor': 'middle', 'font-size': FONT.label, transform: `rotate(-90 ${num(tx)} ${num(ty)})` }, undefined, title);
  return group(
    { class: 'axis axis-y', fill: AXIS_COLOR, 'font-size': FONT.tick },
    (d === '' ? '' : element('path', { d, stroke: AXIS_COLOR, 'stroke-width': 1, fill: 'none' })) + labels + titleText,
  );
}

/** The plot-area border. */
export function frameRect(rect: Rect): string {
  return element('rect', { class: 'frame', x: rect.left, y: rect.top, width: rect.width, height: rect.height, fill: 'none', stroke: AXIS_COLOR, 'stroke-width': 1 });
}

/** A clip path named `<id>-<name>` for `rect` (the id placeholder is filled in by `finalizeSvg`). */
export function clipPathDef(name: string, rect: Rect): string {
  return element('clipPath', { id: `${ID_PLACEHOLDER}-${name}` }, element('rect', { x: rect.left, y: rect.top, width: rect.width, height: rect.height }));
}

/** `url(#…)` reference to a {@link clipPathDef}. */
export function clipRef(name: string): string {
  return `url(#${ID_PLACEHOLDER}-${name})`;
}

/** Figure title centred over the plot area. */
export function figureTitle(title: string | undefined, centreX: number): string {
  if (title === undefined || title === '') return '';
  return element('text', { class: 'title', x: centreX, y: 20, 'text-anchor': 'middle', 'font-size': FONT.title, 'font-weight': 'bold', fill: '#111111' }, undefined, title);
}

/** Small grey notes (e.g. dropped points) at the bottom-left corner of the figure. */
export function notesText(notes: readonly string[], height: number): string {
  let out = '';
  notes.forEach((note, i) => {
    out += element('text', { x: 6, y: height - 6 - (notes.length - 1 - i) * 12, 'font-size': FONT.note, fill: '#777777' }, undefined, note);
  });
  return group({ class: 'notes' }, out);
}

/** One legend entry. */
export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  readonly dash: string;
  readonly line: boolean;
  readonly marker: boolean;
  readonly band: boolean;
  readonly width?: number;
}

const LEGEND_ROW = 16;
const LEGEND_SWATCH = 22;

/** Width the legend needs for `entries` (one column). */
export function legendWidth(entries: readonly LegendEntry[]): number {
  let w = 0;
  for (const e of entries) w = Math.max(w, textWidth(e.label, FONT.legend));
  return entries.length === 0 ? 0 : LEGEND_SWATCH + 6 + w + 4;
}

/**
 * Legend to the right of the plot area, starting at (`left`, `top`); entries that do not fit in
 * `maxHeight` continue in further columns.
 */
export function legend(entries: readonly LegendEntry[], left: number, top: number, maxHeight: number): string {
  if (entries.length === 0) return '';
  const perColumn = Math.max(1, Math.floor(maxHeight / LEGEND_ROW));
  const columnWidth = legendWidth(entries) + 8;
  let out = '';
  entries.forEach((e, i) => {
    const x = left + Math.floor(i / perColumn) * columnWidth;
    const y = top + (i % perColumn) * LEGEND_ROW + LEGEND_ROW / 2;
    if (e.band) out += element('rect', { x, y: y - 5, width: LEGEND_SWATCH, height: 10, fill: e.color, 'fill-opacity': 0.2 });
    if (e.line) {
      out += element('path', { d: `M${num(x)} ${num(y)}h${LEGEND_SWATCH}`, stroke: e.color, 'stroke-width': e.width ?? 1.75, 'stroke-dasharray': e.dash === '' ? undefined : e.dash, fill: 'none' });
    }
    if (e.marker) out += element('circle', { cx: x + LEGEND_SWATCH / 2, cy: y, r: 3, fill: e.color, stroke: '#ffffff', 'stroke-width': 0.75 });
    out += element('text', { x: x + LEGEND_SWATCH + 6, y, dy: '0.35em', fill: '#222222' }, undefined, e.label);
  });
  return group({ class: 'legend', 'font-size': FONT.legend }, out);
}

/** Total width of a legend laid out by {@link legend} within `maxHeight`. */
export function legendTotalWidth(entries: readonly LegendEntry[], maxHeight: number): number {
  if (entries.length === 0) return 0;
  const perColumn = Math.max(1, Math.floor(maxHeight / LEGEND_ROW));
  const columns = Math.ceil(entries.length / perColumn);
  return columns * (legendWidth(entries) + 8) - 8;
}

/** Options of a colour bar. */
export interface ColorBarOptions {
  /** Title of the colour bar (the quantity the colour shows). */
  readonly label?: string;
  /** Unit printed after the label in parentheses. */
  readonly unit?: string;
}

/** Width reserved right of the plot for a colour bar whose tick labels are `labelWidth` wide. */
export const COLORBAR_BAR = 14;

/** Width a colour bar over `domain` needs, including gap, tick labels and title. */
export function colorBarWidth(domain: readonly [number, number], height: number, options: ColorBarOptions | undefined): number {
  const ticks = ticksFor('linear', domain, height, 40);
  const title = axisTitle(options);
  return 16 + COLORBAR_BAR + 8 + widestLabel(ticks) + (title === '' ? 4 : 22);
}

/**
 * A vertical colour bar at `rect` (the bar itself) for `map` over `domain`: a linear gradient with
 * 65 stops sampled through the same value → colour function as the cells, ticks on the right and a
 * rotated title.
 */
export function colorBar(map: ColorMapName, domain: readonly [number, number], rect: Rect, options: ColorBarOptions | undefined): string {
  const lo = Math.min(domain[0], domain[1]);
  const hi = Math.max(domain[0], domain[1]);
  const stops = colorMapStops(map);
  const [d0, d1] = domain;
  let stopMarkup = '';
  const n = 65;
  for (let i = 0; i < n; i++) {
    const f = i / (n - 1);
    const v = lo + (hi - lo) * f;
    const t = d1 === d0 ? 0.5 : (v - d0) / (d1 - d0);
    stopMarkup += element('stop', { offset: num(f, 4), 'stop-color': hex(sampleColorMap(stops, t)) });
  }
  const gradient = element('linearGradient', { id: `${ID_PLACEHOLDER}-colorbar`, x1: 0, y1: 1, x2: 0, y2: 0 }, stopMarkup);
  const scale = createScale('linear', [lo, hi], [rect.top + rect.height, rect.top]);
  const ticks = ticksFor('linear', [lo, hi], rect.height, 40);
  const right = rect.left + rect.width;
  let d = '';
  let labels = '';
  for (const t of ticks.major) {
    const py = scale.map(t.value);
    d += `M${num(right)} ${num(py)}h4`;
    labels += element('text', { x: right + 7, y: py, dy: '0.35em' }, undefined, t.label);
  }
  const title = axisTitle(options);
  const tx = right + 7 + widestLabel(ticks) + 14;
  const ty = rect.top + rect.height / 2;
  const titleText = title === ''
    ? ''
    : element('text', { class: 'axis-title', x: tx, y: ty, 'text-anchor': 'middle', 'font-size': FONT.label, transform: `rotate(90 ${num(tx)} ${num(ty)})` }, undefined, title);
  return group(
    { class: 'colorbar', 'font-size': FONT.tick, fill: '#333333' },
    element('defs', {}, gradient) +
      element('rect', { x: rect.left, y: rect.top, width: rect.width, height: rect.height, fill: `url(#${ID_PLACEHOLDER}-colorbar)`, stroke: '#333333', 'stroke-width': 1 }) +
      element('path', { d, stroke: '#333333', 'stroke-width': 1, fill: 'none' }) + labels + titleText,
  );
}
