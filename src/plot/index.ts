/**
 * Figures as pure functions: data and options in, SVG string out (no DOM, no I/O), so the same code
 * produces the CLI's files and the web explorer's figures. PNG export is Node-only and lives in
 * `src/io/png.node.ts`.
 *
 * @module
 */
export { linePlot, type LinePlotOptions, type LineSeries } from './line-plot.js';
export { heatmap, type HeatmapOptions, type GridAxisOptions } from './heatmap.js';
export { matrixImage, type MatrixImageOptions, type MatrixLike } from './matrix-image.js';
export { smallMultiples, type SmallMultiplesOptions, type Panel } from './small-multiples.js';
export type { ReferenceLine } from './marks.js';
export type { AxisOptions, ColorBarOptions } from './frame.js';
export { marchingSquares, indexToCoordinate } from './contours.js';
export { axisTicks, linearTickValues, logTicks, formatLinearTicks, type AxisTicks, type Tick } from './ticks.js';
export { createScale, type Scale, type ScaleKind } from './scales.js';
export { colorScale, colorMapStops, sampleColorMap, sequentialColors, seriesStyle, hex, CATEGORICAL, type ColorMapName } from './colormaps.js';
export { escapeXml } from './svg.js';
