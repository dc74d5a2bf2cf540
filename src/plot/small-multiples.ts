/**
 * Small multiples: several figures of the same kind (or mixed) in a grid, as one SVG.
 *
 * @module
 */
import { ConfigError } from '../errors/index.js';
import { renderHeatmap, type HeatmapOptions } from './heatmap.js';
import { renderLinePlot, type LinePlotOptions } from './line-plot.js';
import { renderMatrixImage, type MatrixImageOptions } from './matrix-image.js';
import { element, finalizeSvg } from './svg.js';
import { FONT } from './frame.js';

/** One panel: the options of one figure, tagged with its kind. Width/height are set by the grid. */
export type Panel =
  | ({ readonly kind: 'line' } & Omit<LinePlotOptions, 'width' | 'height'>)
  | ({ readonly kind: 'heatmap' } & Omit<HeatmapOptions, 'width' | 'height'>)
  | ({ readonly kind: 'matrix' } & Omit<MatrixImageOptions, 'width' | 'height'>);

/** Options of {@link smallMultiples}. */
export interface SmallMultiplesOptions {
  readonly panels: readonly Panel[];
  /** Panels per row (default: ⌈√n⌉). */
  readonly columns?: number;
  readonly title?: string;
  /** Size of each panel in pixels (defaults 320 × 260). */
  readonly panelWidth?: number;
  readonly panelHeight?: number;
}

/**
 * Composes panels into one SVG: panel k sits in row ⌊k/columns⌋, column k mod columns, as a nested
 * `<svg>` with its own viewport (so each panel's clip paths and coordinates are its own). Each
 * panel's ids carry a hash of that panel's content, so ids never collide between panels.
 *
 * **Special cases**: no panels gives a figure with only the title; `columns` must be a positive
 * integer (`ConfigError`).
 *
 * @example
 * const svg = smallMultiples({
 *   columns: 2,
 *   panels: [
 *     { kind: 'line', title: 'λ = 0.1', series: [{ x: [0, 1], y: [1, 0] }] },
 *     { kind: 'line', title: 'λ = 10', series: [{ x: [0, 1], y: [1, 0.5] }] },
 *   ],
 * });
 * svg.includes('λ = 10'); // → true
 */
export function smallMultiples(options: SmallMultiplesOptions): string {
  const n = options.panels.length;
  const columns = options.columns ?? Math.max(1, Math.ceil(Math.sqrt(n)));
  if (!Number.isInteger(columns) || columns < 1) throw new ConfigError(`smallMultiples: columns is ${columns}; give a positive integer.`, { path: 'columns' });
  const pw = options.panelWidth ?? 320;
  const ph = options.panelHeight ?? 260;
  const rows = Math.ceil(n / columns);
  const top = options.title === undefined || options.title === '' ? 0 : 30;
  const width = Math.max(1, Math.min(n, columns)) * pw;
  const height = top + Math.max(rows, n === 0 ? 0 : 1) * ph + (n === 0 ? 40 : 0);
  let body = '';
  options.panels.forEach((panel, k) => {
    const x = (k % columns) * pw;
    const y = top + Math.floor(k / columns) * ph;
    const { kind, ...rest } = panel;
    let parts: { width: number; height: number; body: string; description: string };
    if (kind === 'line') parts = renderLinePlot({ ...(rest as LinePlotOptions), width: pw, height: ph });
    else if (kind === 'heatmap') parts = renderHeatmap({ ...(rest as HeatmapOptions), width: pw, height: ph });
    else if (kind === 'matrix') parts = renderMatrixImage({ ...(rest as MatrixImageOptions), width: pw, height: ph });
    else throw new ConfigError(`smallMultiples: panels[${k}].kind '${String(kind)}' is unknown; use 'line', 'heatmap' or 'matrix'.`, { path: `panels.${k}.kind` });
    // Finalise the panel on its own so its ids are hashed from its own content, then nest it.
    const panelSvg = finalizeSvg(pw, ph, panel.title, parts.description, parts.body);
    body += panelSvg.replace('<svg ', `<svg x="${x}" y="${y}" `);
  });
  const heading = top === 0
    ? ''
    : element('text', { x: width / 2, y: 21, 'text-anchor': 'middle', 'font-size': FONT.title + 2, 'font-weight': 'bold', fill: '#111111' }, undefined, options.title);
  return finalizeSvg(width, height, options.title, `${n} panels in ${columns} columns.`, heading + body);
}
