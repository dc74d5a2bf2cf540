/**
 * Geometry of the phase-diagram heatmaps (pure): fields are computed with row j = j-th y value
 * (ascending) but drawn with the largest y on top; theory lines given in data coordinates become
 * overlay segments in the Heatmap component's cell coordinates (x right, y down, 0…nx × 0…ny,
 * cell centres at half-integers); a click position becomes a grid cell.
 * @module
 */

/** An overlay segment in cell coordinates (what `Heatmap.svelte` draws). */
export interface CellSegment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  color?: string;
}

/** A uniform axis: n grid values from min to max (cell centres). */
export interface GridAxis {
  min: number;
  max: number;
  n: number;
}

/**
 * Rows reversed (row j ↔ row ny−1−j), so the largest y is drawn on top.
 * @example flipRows([1, 2, 3, 4], 2, 2); // Float64Array [3, 4, 1, 2]
 */
export function flipRows(z: ArrayLike<number>, nx: number, ny: number): Float64Array {
  const out = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) out[(ny - 1 - j) * nx + i] = z[j * nx + i];
  return out;
}

/** Cell x coordinate of a data value (grid values sit at cell centres). */
export function cellX(v: number, a: GridAxis): number {
  return a.n === 1 ? 0.5 : 0.5 + ((v - a.min) / (a.max - a.min)) * (a.n - 1);
}

/** Cell y coordinate (downwards) of a data value on the flipped field. */
export function cellY(v: number, a: GridAxis): number {
  return a.n - cellX(v, a);
}

/** Data value at cell x coordinate `c` (inverse of {@link cellX}). */
export function dataX(c: number, a: GridAxis): number {
  return a.n === 1 ? a.min : a.min + ((c - 0.5) / (a.n - 1)) * (a.max - a.min);
}

/**
 * The segment of y = f(x) across the whole field (x from the left edge to the right edge), for a
 * straight line f; in cell coordinates.
 * @example lineSegment((g) => 1 - g, { min: -3, max: 0, n: 8 }, { min: 0, max: 2.8, n: 8 }, '#000');
 */
export function lineSegment(f: (x: number) => number, xa: GridAxis, ya: GridAxis, color: string): CellSegment {
  const xl = dataX(0, xa);
  const xr = dataX(xa.n, xa);
  return { x0: 0, y0: cellY(f(xl), ya), x1: xa.n, y1: cellY(f(xr), ya), color };
}

/** Segments joining consecutive finite points of a polyline (x[k], y[k]) given in data coordinates. */
export function polylineSegments(x: ArrayLike<number>, y: ArrayLike<number>, xa: GridAxis, ya: GridAxis, color: string): CellSegment[] {
  const out: CellSegment[] = [];
  for (let k = 1; k < x.length; k++) {
    if (![x[k - 1], y[k - 1], x[k], y[k]].every(Number.isFinite)) continue;
    out.push({ x0: cellX(x[k - 1], xa), y0: cellY(y[k - 1], ya), x1: cellX(x[k], xa), y1: cellY(y[k], ya), color });
  }
  return out;
}

/**
 * The grid cell (i along x, j along y ascending) under a point at fractions (fx, fy) ∈ [0, 1) of
 * the drawn field (fy from the top), or undefined outside.
 * @example cellAt(0.99, 0.01, 8, 8); // { i: 7, j: 7 }
 */
export function cellAt(fx: number, fy: number, nx: number, ny: number): { i: number; j: number } | undefined {
  if (!(fx >= 0 && fx < 1 && fy >= 0 && fy < 1)) return undefined;
  return { i: Math.floor(fx * nx), j: ny - 1 - Math.floor(fy * ny) };
}
