/**
 * Colour-coded cell grids shared by heatmaps and matrix images, and the colour-domain rule.
 *
 * **Method**: cells are drawn as one `<path>` per distinct colour (colours are quantised to the
 * colour map's 257-entry table), with horizontal runs of equal colour merged into one rectangle.
 * That keeps a 200×200 grid around a few hundred kilobytes while staying exact vector output for
 * non-uniform grids. `shape-rendering="crispEdges"` avoids hairline seams between cells.
 *
 * @module
 */
import { ConfigError, DomainError, ShapeError } from '../errors/index.js';
import { colorScale, DIVERGING_MAPS, type ColorMapName } from './colormaps.js';
import { widenDegenerate } from './scales.js';
import { element, num } from './svg.js';

/** A row-major grid: `values[j*nx + i]` is column i of row j. */
export interface Grid {
  readonly values: ArrayLike<number>;
  readonly nx: number;
  readonly ny: number;
}

/**
 * Normalises `z` (flat row-major array with `nx`, `ny`, or nested rows `z[j][i]`) to a {@link Grid}.
 */
export function toGrid(what: string, z: ArrayLike<number> | readonly (readonly number[])[], nx?: number, ny?: number): Grid {
  if (Array.isArray(z) && z.length > 0 && Array.isArray(z[0])) {
    const rows = z as readonly (readonly number[])[];
    const cols = rows[0].length;
    const values = new Float64Array(rows.length * cols);
    rows.forEach((row, j) => {
      if (!Array.isArray(row) || row.length !== cols) {
        throw new ShapeError(`${what}: row ${j} of z has ${Array.isArray(row) ? row.length : 'no'} values but row 0 has ${cols}; give a rectangular grid.`);
      }
      for (let i = 0; i < cols; i++) values[j * cols + i] = row[i];
    });
    if ((nx !== undefined && nx !== cols) || (ny !== undefined && ny !== rows.length)) {
      throw new ShapeError(`${what}: z is ${rows.length} rows x ${cols} columns but nx=${nx}, ny=${ny}; nx counts columns (x) and ny rows (y).`);
    }
    return { values, nx: cols, ny: rows.length };
  }
  const flat = z as ArrayLike<number>;
  if (nx === undefined || ny === undefined || !Number.isInteger(nx) || !Number.isInteger(ny) || nx < 1 || ny < 1) {
    throw new ConfigError(`${what}: a flat z needs positive integer nx and ny (got nx=${nx}, ny=${ny}).`, { path: 'nx' });
  }
  if (flat.length !== nx * ny) {
    throw new ShapeError(`${what}: z has ${flat.length} values but nx*ny = ${nx}*${ny} = ${nx * ny}; give one value per cell in row-major order.`);
  }
  return { values: flat, nx, ny };
}

/**
 * The colour domain: the explicit one if given, else [min, max] of the finite values; for a
 * diverging map it is made symmetric about 0 ([-m, m], m = max |z|) so that 0 gets the neutral
 * colour. A constant field is widened as a degenerate linear axis would be.
 */
export function resolveColorDomain(what: string, values: ArrayLike<number>, map: ColorMapName, explicit?: readonly [number, number]): [number, number] {
  if (explicit !== undefined) {
    const [a, b] = explicit;
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new ConfigError(`${what}: colorDomain [${a}, ${b}] must be two finite numbers.`, { path: 'colorDomain' });
    return a === b ? widenDegenerate('linear', a) : [a, b];
  }
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    } else if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
      throw new DomainError(`${what}: z contains ${v}; replace infinite values by NaN (drawn as missing) or clip them.`);
    }
  }
  if (!(lo <= hi)) return [0, 1];
  if (DIVERGING_MAPS.includes(map)) {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    return m === 0 ? [-1, 1] : [-m, m];
  }
  return lo === hi ? widenDegenerate('linear', lo) : [lo, hi];
}

/**
 * Cell markup for `grid` with column edges `xEdges` (nx+1 pixel positions) and row edges `yEdges`
 * (ny+1 pixel positions; row j spans yEdges[j]..yEdges[j+1]).
 */
export function cellsMarkup(grid: Grid, xEdges: ArrayLike<number>, yEdges: ArrayLike<number>, map: ColorMapName, domain: readonly [number, number], nanColor: string): string {
  const color = colorScale(map, domain);
  const byColor = new Map<string, string>();
  const { nx, ny, values } = grid;
  for (let j = 0; j < ny; j++) {
    const y0 = Math.min(yEdges[j], yEdges[j + 1]);
    const h = Math.abs(yEdges[j + 1] - yEdges[j]);
    let i = 0;
    while (i < nx) {
      const v = values[j * nx + i];
      const c = Number.isNaN(v) ? nanColor : color(v);
      let k = i + 1;
      while (k < nx) {
        const w = values[j * nx + k];
        if ((Number.isNaN(w) ? nanColor : color(w)) !== c) break;
        k++;
      }
      const x0 = Math.min(xEdges[i], xEdges[k]);
      const w = Math.abs(xEdges[k] - xEdges[i]);
      const d = `M${num(x0)} ${num(y0)}h${num(w)}v${num(h)}h${num(-w)}z`;
      byColor.set(c, (byColor.get(c) ?? '') + d);
      i = k;
    }
  }
  let out = '';
  for (const c of [...byColor.keys()].sort()) out += element('path', { d: byColor.get(c) as string, fill: c });
  return element('g', { class: 'cells', 'shape-rendering': 'crispEdges' }, out);
}
