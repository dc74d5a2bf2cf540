/**
 * Matrix images: a matrix drawn as square colour cells, row 0 at the top (the layout of the
 * matrix as written), for representation-similarity matrices and kernels.
 *
 * @module
 */
import { ConfigError } from '../errors/index.js';
import { cellsMarkup, resolveColorDomain, toGrid, type Grid } from './cells.js';
import type { ColorMapName } from './colormaps.js';
import { checkSize, colorBar, colorBarWidth, figureTitle, FONT, frameRect, type ColorBarOptions, type Rect } from './frame.js';
import { element, finalizeSvg, group, num, textWidth } from './svg.js';
import { linearTickValues } from './ticks.js';

/** A dense matrix: the library's `Matrix` (row-major `data`) or nested rows. */
export type MatrixLike = { readonly rows: number; readonly cols: number; readonly data: ArrayLike<number> } | readonly (readonly number[])[];

/** Options of {@link matrixImage}. */
export interface MatrixImageOptions {
  readonly matrix: MatrixLike;
  /** Tick labels: one list for both rows and columns of a square matrix, or separate lists. */
  readonly labels?: readonly string[] | { readonly rows?: readonly string[]; readonly cols?: readonly string[] };
  /** Colour map (default `'viridis'`; use `'RdBu'` for signed similarities centred at 0). */
  readonly colorMap?: ColorMapName;
  readonly colorDomain?: readonly [number, number];
  /** Colour bar title/unit, or `false` for none. */
  readonly colorBar?: ColorBarOptions | false;
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
  readonly nanColor?: string;
}

function matrixGrid(m: MatrixLike): Grid {
  if (Array.isArray(m)) {
    if (m.length === 0) throw new ConfigError('matrixImage: the matrix is empty; give at least one row and column.', { path: 'matrix' });
    return toGrid('matrixImage', m as readonly (readonly number[])[]);
  }
  const mm = m as { rows: number; cols: number; data: ArrayLike<number> };
  if (mm.rows < 1 || mm.cols < 1) throw new ConfigError(`matrixImage: the matrix is ${mm.rows}x${mm.cols}; give at least one row and column.`, { path: 'matrix' });
  return toGrid('matrixImage', mm.data, mm.cols, mm.rows);
}

/** Which indices get a tick label when cells are `cell` pixels wide and labels need `need` pixels. */
function labelStride(cell: number, need: number): number {
  return Math.max(1, Math.ceil(need / Math.max(cell, 1e-9)));
}

/**
 * Renders a matrix image to an SVG string.
 *
 * **Method**: cells are squares of side `min(available width / cols, available height / rows)`;
 * entry (r, c) is the cell in row r from the top and column c from the left. Row labels go on the
 * left, column labels below (rotated when wider than a cell); with more labels than fit, every k-th
 * is shown. Without labels, nice integer indices are shown.
 *
 * **Special cases**: NaN entries are drawn in `nanColor`; label lists of the wrong length throw
 * `ConfigError`; an empty matrix throws `ConfigError`.
 *
 * @example
 * const svg = matrixImage({ matrix: [[1, 0.2], [0.2, 1]], labels: ['cat', 'dog'], colorMap: 'RdBu', colorBar: { label: 'similarity' } });
 * svg.includes('dog'); // → true
 */
export function matrixImage(options: MatrixImageOptions): string {
  const parts = renderMatrixImage(options);
  return finalizeSvg(parts.width, parts.height, options.title, parts.description, parts.body);
}

/** Body markup and size of a matrix image (used by `smallMultiples`). */
export function renderMatrixImage(options: MatrixImageOptions): { width: number; height: number; body: string; description: string } {
  const width = options.width ?? 520;
  const height = options.height ?? 460;
  checkSize('matrixImage', width, height, 100);
  const grid = matrixGrid(options.matrix);
  const rows = grid.ny;
  const cols = grid.nx;
  const labels = options.labels;
  let rowLabels: readonly string[] | undefined;
  let colLabels: readonly string[] | undefined;
  if (labels !== undefined) {
    if (Array.isArray(labels)) {
      rowLabels = labels as readonly string[];
      colLabels = labels as readonly string[];
    } else {
      rowLabels = (labels as { rows?: readonly string[] }).rows;
      colLabels = (labels as { cols?: readonly string[] }).cols;
    }
  }
  if (rowLabels !== undefined && rowLabels.length !== rows) throw new ConfigError(`matrixImage: ${rowLabels.length} row labels for a matrix with ${rows} rows; give one label per row.`, { path: 'labels' });
  if (colLabels !== undefined && colLabels.length !== cols) throw new ConfigError(`matrixImage: ${colLabels.length} column labels for a matrix with ${cols} columns; give one label per column.`, { path: 'labels' });
  const rowText = rowLabels ?? Array.from({ length: rows }, (_, r) => String(r));
  const colText = colLabels ?? Array.from({ length: cols }, (_, c) => String(c));
  const rowShown = new Set<number>(rowLabels !== undefined ? [] : linearTickValues(0, rows - 1, 6).filter(Number.isInteger));
  const colShown = new Set<number>(colLabels !== undefined ? [] : linearTickValues(0, cols - 1, 6).filter(Number.isInteger));

  const map = options.colorMap ?? 'viridis';
  const colorDomain = resolveColorDomain('matrixImage', grid.values, map, options.colorDomain);
  const top = options.title === undefined || options.title === '' ? 12 : 34;
  const maxRowLabel = Math.max(...rowText.map((s) => textWidth(s, FONT.tick)));
  const maxColLabel = Math.max(...colText.map((s) => textWidth(s, FONT.tick)));
  const left = 12 + maxRowLabel + 8;
  const barWidth = options.colorBar === false ? 0 : colorBarWidth(colorDomain, height - top - 40, options.colorBar);
  // Column labels: horizontal if they fit in a cell, else rotated (vertical), which needs more room below.
  const availableWidth = width - left - barWidth - 12;
  const provisionalCell = Math.min(availableWidth / cols, (height - top - 30) / rows);
  const rotate = maxColLabel + 4 > provisionalCell;
  const bottom = rotate ? Math.min(maxColLabel + 16, height * 0.35) : 28;
  const cell = Math.max(1e-3, Math.min(availableWidth / cols, (height - top - bottom) / rows));
  const rect: Rect = { left, top, width: cell * cols, height: cell * rows };
  const xEdges = Array.from({ length: cols + 1 }, (_, c) => rect.left + c * cell);
  const yEdges = Array.from({ length: rows + 1 }, (_, r) => rect.top + r * cell);
  const cells = cellsMarkup(grid, xEdges, yEdges, map, colorDomain, options.nanColor ?? '#bdbdbd');

  let tickMarks = '';
  let tickLabels = '';
  const rowStride = labelStride(cell, FONT.tick * 1.15);
  for (let r = 0; r < rows; r++) {
    const show = rowLabels !== undefined ? r % rowStride === 0 : rowShown.has(r);
    if (!show) continue;
    const y = rect.top + (r + 0.5) * cell;
    tickMarks += `M${num(rect.left)} ${num(y)}h-4`;
    tickLabels += element('text', { x: rect.left - 6, y, dy: '0.35em', 'text-anchor': 'end' }, undefined, rowText[r]);
  }
  const colStride = rotate ? labelStride(cell, FONT.tick * 1.15) : 1;
  const yb = rect.top + rect.height;
  for (let c = 0; c < cols; c++) {
    const show = colLabels !== undefined ? c % colStride === 0 : colShown.has(c);
    if (!show) continue;
    const x = rect.left + (c + 0.5) * cell;
    tickMarks += `M${num(x)} ${num(yb)}v4`;
    tickLabels += rotate
      ? element('text', { x, y: yb + 7, dy: '0.35em', 'text-anchor': 'end', transform: `rotate(-90 ${num(x)} ${num(yb + 7)})` }, undefined, colText[c])
      : element('text', { x, y: yb + 7, dy: '0.8em', 'text-anchor': 'middle' }, undefined, colText[c]);
  }
  const barRect: Rect = { left: rect.left + rect.width + 16, top: rect.top, width: 14, height: rect.height };
  const body =
    cells +
    frameRect(rect) +
    group({ class: 'axis', 'font-size': FONT.tick, fill: '#333333' }, element('path', { d: tickMarks, stroke: '#333333', 'stroke-width': 1, fill: 'none' }) + tickLabels) +
    (options.colorBar === false ? '' : colorBar(map, colorDomain, barRect, options.colorBar)) +
    figureTitle(options.title, rect.left + rect.width / 2);
  return { width, height, body, description: `Matrix image of a ${rows}x${cols} matrix, row 0 at the top, colour domain [${num(colorDomain[0], 6)}, ${num(colorDomain[1], 6)}].` };
}
