/**
 * Figures as pure functions: data and options in, SVG string out (no DOM, no I/O), so the same code
 * makes the CLI's files and the explorer's figures: line plots, heatmaps with contours, matrix
 * images and small multiples, with their scales, ticks and colour maps. PNG export is Node-only
 * (`svgToPng` in `lazyrich/node`).
 *
 * @example
 * import { plot } from 'lazyrich';
 * const svg = plot.linePlot({ series: [{ x: [0, 1, 2], y: [1, 0.5, 0.25], label: 'loss' }] });
 * svg.startsWith('<svg'); // → true
 *
 * @module
 */
export * from '../plot/index.js';
export type { ColorMapStops } from '../plot/colormaps.js';
