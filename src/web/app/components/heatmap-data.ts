/**
 * Pure pixel computation for `Heatmap.svelte`: field values to RGBA bytes through a src/plot colour
 * map, and the colour domain (data range, symmetric about 0 for a diverging map).
 * @module
 */
import { colorMapStops, sampleColorMap, DIVERGING_MAPS, type ColorMapName } from '../../../plot/colormaps.js';

/**
 * The colour domain of values: `[min, max]` of the finite ones, symmetric `[−m, m]` for a diverging
 * map; `[0, 1]` when nothing is finite, widened by ±0.5 when all values are equal.
 * @example
 * colorDomain([1, -3, 2], 'RdBu'); // [-3, 3]
 */
export function colorDomain(z: ArrayLike<number>, map: ColorMapName): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < z.length; i++) {
    const v = z[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) return [0, 1];
  if (DIVERGING_MAPS.includes(map)) {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    return [-m, m];
  }
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/**
 * RGBA bytes (row-major, `nx·ny·4`) of a flat field `z[j·nx + i]`; NaN cells get `nanColor` (0xRRGGBB).
 * @example
 * heatmapRgba([0, 1], 2, 1, 'greys', [0, 1]); // white then black pixels
 */
export function heatmapRgba(
  z: ArrayLike<number>,
  nx: number,
  ny: number,
  map: ColorMapName,
  domain: readonly [number, number],
  nanColor = 0xbdbdbd,
): Uint8ClampedArray<ArrayBuffer> {
  const stops = colorMapStops(map);
  const table = new Uint32Array(257);
  for (let i = 0; i <= 256; i++) table[i] = sampleColorMap(stops, i / 256);
  const [d0, d1] = domain;
  const out = new Uint8ClampedArray(new ArrayBuffer(nx * ny * 4));
  for (let k = 0; k < nx * ny; k++) {
    const v = z[k];
    let c: number;
    if (!Number.isFinite(v)) c = nanColor;
    else {
      const t = d1 === d0 ? 0.5 : (v - d0) / (d1 - d0);
      c = table[Math.round(Math.min(1, Math.max(0, t)) * 256)];
    }
    out[4 * k] = (c >> 16) & 0xff;
    out[4 * k + 1] = (c >> 8) & 0xff;
    out[4 * k + 2] = c & 0xff;
    out[4 * k + 3] = 255;
  }
  return out;
}
