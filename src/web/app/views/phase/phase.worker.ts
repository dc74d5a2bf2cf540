/**
 * The phase-diagram view's module worker: `mixed-grid` (early-stopped GD per cell, one progress
 * message per row of γ_w) and `width-grid` (closed form of the 1-D model per cell).
 * @module
 */
import { serveProgressWorker } from './progress-worker.js';
import { mixedGrid, widthGrid, type MixedGridSpec, type WidthGridSpec } from './compute.js';

serveProgressWorker({
  'mixed-grid': (spec: MixedGridSpec, progress) => mixedGrid(spec, (row, j) => progress({ row, j })),
  'width-grid': (spec: WidthGridSpec) => widthGrid(spec),
});
