/**
 * Contour lines of a scalar field sampled on a rectangular grid (marching squares).
 *
 * **Method**: each grid cell with corners z(i,j), z(i+1,j), z(i+1,j+1), z(i,j+1) is classified by
 * which corners are ≥ the level (16 cases); the contour crosses each edge whose ends are on
 * different sides at the linearly interpolated point `t = (level − z_a)/(z_b − z_a)`. The two
 * ambiguous saddle cases are resolved with the mean of the four corners (the "asymptotic decider"
 * simplified to the cell centre; Lorensen & Cline 1987, Nielson & Hamann 1991). Segments are then
 * joined through their shared edges into polylines; closed contours repeat their first point.
 *
 * **Special cases**: cells with a NaN corner are skipped (contours end at the hole); a level outside
 * the data range gives no polylines; grids smaller than 2×2 give none.
 *
 * Coordinates are fractional grid indices `(u, v)` (u along x/columns, v along y/rows); map them to
 * data or pixel space with {@link indexToCoordinate}.
 *
 * @module
 */
import { ShapeError } from '../errors/index.js';

// Edges of a cell: 0 bottom (v = j), 1 right (u = i+1), 2 top (v = j+1), 3 left (u = i).
// Segment table indexed by the corner bits bl=1, br=2, tr=4, tl=8 (non-saddle cases).
const SEGMENTS: ReadonlyArray<ReadonlyArray<readonly [number, number]>> = [
  [], [[3, 0]], [[0, 1]], [[3, 1]], [[1, 2]], [], [[0, 2]], [[3, 2]],
  [[3, 2]], [[0, 2]], [], [[1, 2]], [[3, 1]], [[0, 1]], [[3, 0]], [],
];

/**
 * Contour polylines of `z` (row-major, `z[j*nx + i]` at column i, row j) at `level`, as arrays of
 * interleaved fractional grid coordinates `[u0, v0, u1, v1, …]`.
 *
 * @example
 * // a 2×2 grid with one high corner: one segment across it
 * marchingSquares([0, 0, 0, 1], 2, 2, 0.5); // → [[1, 0.5, 0.5, 1]]
 */
export function marchingSquares(z: ArrayLike<number>, nx: number, ny: number, level: number): number[][] {
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 0 || ny < 0 || z.length !== nx * ny) {
    throw new ShapeError(`marchingSquares: z has ${z.length} values but the grid is ${nx}x${ny}; give nx*ny values in row-major order.`);
  }
  if (nx < 2 || ny < 2 || !Number.isFinite(level)) return [];
  // Edge ids: horizontal edge (i,j)-(i+1,j) → j*nx + i; vertical edge (i,j)-(i,j+1) → nx*ny + j*nx + i.
  const edgeId = (i: number, j: number, edge: number): number => {
    switch (edge) {
      case 0: return j * nx + i;
      case 1: return nx * ny + j * nx + i + 1;
      case 2: return (j + 1) * nx + i;
      default: return nx * ny + j * nx + i;
    }
  };
  const points = new Map<number, [number, number]>();
  const crossing = (i: number, j: number, edge: number): number => {
    const id = edgeId(i, j, edge);
    if (!points.has(id)) {
      let ia = i, ja = j, ib = i, jb = j;
      if (edge === 0) ib = i + 1;
      else if (edge === 1) { ia = i + 1; ib = i + 1; jb = j + 1; }
      else if (edge === 2) { ja = j + 1; jb = j + 1; ib = i + 1; }
      else jb = j + 1;
      const za = z[ja * nx + ia];
      const zb = z[jb * nx + ib];
      const t = zb === za ? 0.5 : (level - za) / (zb - za);
      points.set(id, [ia + (ib - ia) * t, ja + (jb - ja) * t]);
    }
    return id;
  };
  const segments: Array<[number, number]> = [];
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const bl = z[j * nx + i];
      const br = z[j * nx + i + 1];
      const tr = z[(j + 1) * nx + i + 1];
      const tl = z[(j + 1) * nx + i];
      if (Number.isNaN(bl) || Number.isNaN(br) || Number.isNaN(tr) || Number.isNaN(tl)) continue;
      const c = (bl >= level ? 1 : 0) | (br >= level ? 2 : 0) | (tr >= level ? 4 : 0) | (tl >= level ? 8 : 0);
      let pairs: ReadonlyArray<readonly [number, number]>;
      if (c === 5 || c === 10) {
        const centreAbove = (bl + br + tr + tl) / 4 >= level;
        if (c === 5) pairs = centreAbove ? [[0, 1], [3, 2]] : [[3, 0], [1, 2]];
        else pairs = centreAbove ? [[3, 0], [1, 2]] : [[0, 1], [3, 2]];
      } else pairs = SEGMENTS[c];
      for (const [ea, eb] of pairs) segments.push([crossing(i, j, ea), crossing(i, j, eb)]);
    }
  }
  // Join segments into polylines through shared edge ids.
  const byEdge = new Map<number, number[]>();
  segments.forEach(([a, b], k) => {
    for (const e of [a, b]) {
      const list = byEdge.get(e);
      if (list === undefined) byEdge.set(e, [k]);
      else list.push(k);
    }
  });
  const used = new Uint8Array(segments.length);
  const nextSegment = (edge: number): number => {
    for (const k of byEdge.get(edge) ?? []) if (used[k] === 0) return k;
    return -1;
  };
  const polylines: number[][] = [];
  for (let start = 0; start < segments.length; start++) {
    if (used[start] === 1) continue;
    used[start] = 1;
    const chain: number[] = [segments[start][0], segments[start][1]];
    // Extend forwards from the tail, then backwards from the head.
    for (let k = nextSegment(chain[chain.length - 1]); k >= 0; k = nextSegment(chain[chain.length - 1])) {
      used[k] = 1;
      const [a, b] = segments[k];
      chain.push(a === chain[chain.length - 1] ? b : a);
    }
    for (let k = nextSegment(chain[0]); k >= 0; k = nextSegment(chain[0])) {
      used[k] = 1;
      const [a, b] = segments[k];
      chain.unshift(a === chain[0] ? b : a);
    }
    const line: number[] = [];
    for (const id of chain) {
      const p = points.get(id) as [number, number];
      line.push(p[0], p[1]);
    }
    polylines.push(line);
  }
  return polylines;
}

/**
 * Maps a fractional grid index `u` to a coordinate by linear interpolation between `values[⌊u⌋]`
 * and `values[⌊u⌋+1]` (values may be data coordinates or pixel centres).
 *
 * @example
 * indexToCoordinate(1.5, [0, 10, 30]); // → 20
 */
export function indexToCoordinate(u: number, values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 1) return values[0];
  const k = Math.min(n - 2, Math.max(0, Math.floor(u)));
  const f = u - k;
  return values[k] + (values[k + 1] - values[k]) * f;
}
