/**
 * Heatmaps of a scalar field on a grid (e.g. a phase diagram over initialisation scale and
 * relative scale), with a colour bar, contour lines and theory boundaries drawn over it.
 *
 * @module
 */
import { ConfigError, DomainError } from '../errors/index.js';
import { cellsMarkup, resolveColorDomain, toGrid } from './cells.js';
import type { ColorMapName } from './colormaps.js';
import { indexToCoordinate, marchingSquares } from './contours.js';
import {
  axisTitle, checkSize, clipPathDef, clipRef, colorBar, colorBarWidth, figureTitle, frameRect, ticksFor, widestLabel, xAxis, yAxis,
  type AxisOptions, type ColorBarOptions, type Rect,
} from './frame.js';
import { referenceLines, type ReferenceLine } from './marks.js';
import { createScale, type ScaleKind } from './scales.js';
import { element, finalizeSvg, group, num, polylinePath } from './svg.js';
import { formatLinearTicks } from './ticks.js';

/** A heatmap axis: an {@link AxisOptions} plus the grid coordinates. */
export interface GridAxisOptions extends AxisOptions {
  /**
   * Coordinates of the cell centres (length nx for x, ny for y), strictly monotone. Without them the
   * cells divide `domain` evenly (in log space for a log axis), or are the indices 0…n−1.
   */
  readonly values?: ArrayLike<number>;
}

/** Options of {@link heatmap}. */
export interface HeatmapOptions {
  /** Field values: flat row-major `z[j*nx + i]` (with `nx`, `ny`) or nested rows `z[j][i]`; row j is y_j. */
  readonly z: ArrayLike<number> | readonly (readonly number[])[];
  readonly nx?: number;
  readonly ny?: number;
  readonly x?: GridAxisOptions;
  readonly y?: GridAxisOptions;
  /** Colour map (default `'viridis'`; `'RdBu'` is diverging and centred at 0). */
  readonly colorMap?: ColorMapName;
  /** Values mapped to the two ends of the colour map (default: data range; symmetric for diverging maps). */
  readonly colorDomain?: readonly [number, number];
  /** Colour bar title/unit, or `false` for no colour bar. */
  readonly colorBar?: ColorBarOptions | false;
  /** Contour lines at the given levels (marching squares on the grid). */
  readonly contours?: { readonly levels: readonly number[]; readonly color?: string; readonly labels?: boolean };
  /** Straight lines over the heatmap (theory boundaries), in data coordinates. */
  readonly lines?: readonly ReferenceLine[];
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
  /** Fill of NaN cells (default `'#bdbdbd'`). */
  readonly nanColor?: string;
}

/** Cell centres and edges of one axis, in transformed (linear or log10) coordinates. */
interface AxisGrid {
  /** Transformed centres. */
  readonly centres: number[];
  /** Transformed edges (n + 1). */
  readonly edges: number[];
  readonly domain: [number, number];
}

function axisGrid(what: string, axis: GridAxisOptions | undefined, n: number): AxisGrid {
  const kind: ScaleKind = axis?.scale ?? 'linear';
  if (kind !== 'linear' && kind !== 'log') throw new ConfigError(`${what}: scale '${String(kind)}' is unknown; use 'linear' or 'log'.`);
  const t = kind === 'log' ? Math.log10 : (v: number) => v;
  const tInv = kind === 'log' ? (u: number) => 10 ** u : (u: number) => u;
  let centres: number[];
  let edges: number[];
  if (axis?.values !== undefined) {
    const v = axis.values;
    if (v.length !== n) throw new ConfigError(`${what}: values has ${v.length} entries but the grid has ${n} cells along this axis; give one centre per cell.`, { path: 'values' });
    for (let k = 0; k < n; k++) {
      if (!Number.isFinite(v[k])) throw new ConfigError(`${what}: values[${k}] is ${v[k]}; cell centres must be finite.`, { path: 'values' });
      if (kind === 'log' && v[k] <= 0) throw new DomainError(`${what}: values[${k}] = ${v[k]} cannot be placed on a log axis; use scale 'linear' or positive centres.`, { path: 'values' });
    }
    centres = Array.from({ length: n }, (_, k) => t(v[k]));
    const sign = n > 1 ? Math.sign(centres[1] - centres[0]) : 1;
    for (let k = 1; k < n; k++) {
      if (Math.sign(centres[k] - centres[k - 1]) !== sign || sign === 0) {
        throw new ConfigError(`${what}: values must be strictly increasing or strictly decreasing (entries ${k - 1} and ${k} are not).`, { path: 'values' });
      }
    }
    edges = new Array<number>(n + 1);
    if (n === 1) {
      edges[0] = centres[0] - 0.5;
      edges[1] = centres[0] + 0.5;
    } else {
      for (let k = 1; k < n; k++) edges[k] = (centres[k - 1] + centres[k]) / 2;
      edges[0] = centres[0] - (centres[1] - centres[0]) / 2;
      edges[n] = centres[n - 1] + (centres[n - 1] - centres[n - 2]) / 2;
    }
  } else {
    let d: readonly [number, number] = axis?.domain ?? (kind === 'log' ? [1, 10] : [-0.5, n - 0.5]);
    if (!Number.isFinite(d[0]) || !Number.isFinite(d[1]) || d[0] === d[1]) throw new ConfigError(`${what}: domain [${d[0]}, ${d[1]}] must be two different finite numbers.`, { path: 'domain' });
    if (kind === 'log' && (d[0] <= 0 || d[1] <= 0)) throw new DomainError(`${what}: a log axis needs a positive domain, got [${d[0]}, ${d[1]}]; give both ends > 0 or use scale 'linear'.`, { path: 'domain' });
    if (axis?.domain === undefined && kind === 'log') d = [1, 10 ** n];
    const u0 = t(d[0]);
    const u1 = t(d[1]);
    edges = Array.from({ length: n + 1 }, (_, k) => u0 + ((u1 - u0) * k) / n);
    centres = Array.from({ length: n }, (_, k) => (edges[k] + edges[k + 1]) / 2);
  }
  const domain: [number, number] = axis?.domain !== undefined && axis.values !== undefined
    ? [axis.domain[0], axis.domain[1]]
    : [tInv(edges[0]), tInv(edges[n])];
  return { centres, edges, domain };
}

/**
 * Renders a heatmap to an SVG string.
 *
 * **Method**: cell edges lie halfway between neighbouring centres (in log10 space on a log axis),
 * the outer edges half a cell beyond the outermost centres; the y axis grows upwards (row 0 at the
 * bottom). Colours come from the chosen map over the colour domain (values outside are clamped).
 * Contours are traced by marching squares on the cell centres (see `contours.ts`) and mapped to
 * pixels by interpolating between centre positions; each level is labelled once, at the middle of
 * its longest polyline.
 *
 * **Special cases**: NaN cells are drawn in `nanColor` and contours stop at them; ±∞ in z throws a
 * `DomainError`; a non-positive centre or domain on a log axis throws a `DomainError`; shape
 * mismatches throw `ShapeError`.
 *
 * @example
 * const svg = heatmap({
 *   z: [[0, 1], [1, 2]],
 *   x: { label: 'λ', values: [0.1, 1], scale: 'log' },
 *   y: { label: 'width' },
 *   colorBar: { label: 'final loss' },
 *   contours: { levels: [1] },
 * });
 * svg.startsWith('<svg'); // → true
 */
export function heatmap(options: HeatmapOptions): string {
  const parts = renderHeatmap(options);
  return finalizeSvg(parts.width, parts.height, options.title, parts.description, parts.body);
}

/** Body markup and size of a heatmap (used by `smallMultiples`). */
export function renderHeatmap(options: HeatmapOptions): { width: number; height: number; body: string; description: string } {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  checkSize('heatmap', width, height, 120);
  const grid = toGrid('heatmap', options.z, options.nx, options.ny);
  const map = options.colorMap ?? 'viridis';
  const colorDomain = resolveColorDomain('heatmap', grid.values, map, options.colorDomain);
  const xg = axisGrid('heatmap x axis', options.x, grid.nx);
  const yg = axisGrid('heatmap y axis', options.y, grid.ny);
  const xKind = options.x?.scale ?? 'linear';
  const yKind = options.y?.scale ?? 'linear';

  const top = options.title === undefined || options.title === '' ? 14 : 34;
  const bottom = 50;
  const plotHeight = height - top - bottom;
  const yTicks = ticksFor(yKind, yg.domain, plotHeight, 50, options.y?.ticks);
  const yTitle = axisTitle(options.y);
  const left = 14 + widestLabel(yTicks) + (yTitle === '' ? 6 : 24);
  const barWidth = options.colorBar === false ? 0 : colorBarWidth(colorDomain, plotHeight, options.colorBar);
  const rect: Rect = { left, top, width: Math.max(40, width - left - barWidth - 12), height: Math.max(40, plotHeight) };
  const xs = createScale(xKind, xg.domain, [rect.left, rect.left + rect.width]);
  const ys = createScale(yKind, yg.domain, [rect.top + rect.height, rect.top]);
  const xTicks = ticksFor(xKind, xg.domain, rect.width, 80, options.x?.ticks);

  const tInvX = xKind === 'log' ? (u: number) => 10 ** u : (u: number) => u;
  const tInvY = yKind === 'log' ? (u: number) => 10 ** u : (u: number) => u;
  const xEdges = xg.edges.map((u) => xs.map(tInvX(u)));
  const yEdges = yg.edges.map((u) => ys.map(tInvY(u)));
  const cells = cellsMarkup(grid, xEdges, yEdges, map, colorDomain, options.nanColor ?? '#bdbdbd');

  let contourMarkup = '';
  if (options.contours !== undefined) {
    const levels = options.contours.levels;
    const xCentres = xg.centres.map((u) => xs.map(tInvX(u)));
    const yCentres = yg.centres.map((u) => ys.map(tInvY(u)));
    const color = options.contours.color ?? '#111111';
    const labelTexts = formatLinearTicks(levels);
    let paths = '';
    let labels = '';
    levels.forEach((level, li) => {
      if (!Number.isFinite(level)) throw new ConfigError(`heatmap: contours.levels[${li}] is ${level}; give finite levels.`, { path: `contours.levels.${li}` });
      const polylines = marchingSquares(grid.values, grid.nx, grid.ny, level);
      let d = '';
      let best: number[] | undefined;
      let bestLength = 0;
      for (const line of polylines) {
        const px: number[] = [];
        let length = 0;
        for (let k = 0; k < line.length; k += 2) {
          px.push(indexToCoordinate(line[k], xCentres), indexToCoordinate(line[k + 1], yCentres));
          if (k > 0) length += Math.hypot(px[k] - px[k - 2], px[k + 1] - px[k - 1]);
        }
        d += polylinePath(px);
        if (length > bestLength) {
          bestLength = length;
          best = px;
        }
      }
      if (d !== '') paths += element('path', { class: 'contour', d, stroke: color, 'stroke-width': 1, fill: 'none', 'stroke-linejoin': 'round' });
      if ((options.contours?.labels ?? true) && best !== undefined && bestLength > 40) {
        const mid = 2 * Math.floor(best.length / 4);
        labels += element('text', {
          x: best[mid], y: best[mid + 1], dy: '0.35em', 'text-anchor': 'middle', fill: color, stroke: '#ffffff', 'stroke-width': 3,
          'paint-order': 'stroke', 'stroke-linejoin': 'round', 'font-size': 10,
        }, undefined, labelTexts[li]);
      }
    });
    contourMarkup = group({ class: 'contours' }, paths + labels);
  }

  const clip = clipRef('plot');
  const barRect: Rect = { left: rect.left + rect.width + 16, top: rect.top, width: 14, height: rect.height };
  const body =
    element('defs', {}, clipPathDef('plot', rect)) +
    group({ 'clip-path': clip }, cells + contourMarkup) +
    group({ class: 'reference-lines' }, referenceLines(options.lines, xs, ys, rect)) +
    frameRect(rect) +
    xAxis(xs, xTicks, rect, axisTitle(options.x)) +
    yAxis(ys, yTicks, rect, yTitle) +
    (options.colorBar === false ? '' : colorBar(map, colorDomain, barRect, options.colorBar)) +
    figureTitle(options.title, rect.left + rect.width / 2);
  return { width, height, body, description: `Heatmap of ${grid.nx}x${grid.ny} cells, colour domain [${num(colorDomain[0], 6)}, ${num(colorDomain[1], 6)}].` };
}
