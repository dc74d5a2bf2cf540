/**
 * Colour maps (continuous) and the categorical palette for series.
 *
 * A continuous map is a list of control colours at positions `0 = t_0 < … < t_n = 1`; the colour at
 * `t` is the componentwise linear interpolation in sRGB between the two neighbouring control points.
 *
 * **Data**: `viridis` and `magma` are the perceptually uniform maps of van der Walt & Smith
 * (matplotlib 1.5, 2015; published under CC0): 33 of their 256 entries (every 8th and the last) are
 * used as control points, at `t = index/255`. `RdBu` is the 11-class diverging ColorBrewer scheme of
 * Brewer (colorbrewer2.org), red for low and blue for high values, as in matplotlib. `greys` runs
 * from white to black. The categorical palette is the Okabe–Ito palette (Okabe & Ito 2008, "Color
 * Universal Design"), safe for the common forms of colour blindness, without its yellow (too light
 * on white) and with black last.
 *
 * @module
 */
import { ConfigError } from '../errors/index.js';

/** Names of the continuous colour maps. */
export type ColorMapName = 'viridis' | 'magma' | 'RdBu' | 'greys';

/** Maps that are diverging: their default domain is symmetric about 0. */
export const DIVERGING_MAPS: readonly ColorMapName[] = ['RdBu'];

const VIRIDIS = [
  0x440154, 0x470d60, 0x48186a, 0x482374, 0x472d7b, 0x453781, 0x424086, 0x3e4989, 0x3b528b, 0x375b8d, 0x33638d,
  0x2f6b8e, 0x2c728e, 0x297a8e, 0x26828e, 0x23898e, 0x21918c, 0x1f988b, 0x1fa088, 0x22a785, 0x28ae80, 0x32b67a,
  0x3fbc73, 0x4ec36b, 0x5ec962, 0x70cf57, 0x84d44b, 0x98d83e, 0xaddc30, 0xc2df23, 0xd8e219, 0xece51b, 0xfde725,
];
const MAGMA = [
  0x000004, 0x030312, 0x0a0822, 0x130d34, 0x1d1147, 0x29115a, 0x36106b, 0x440f76, 0x51127c, 0x5d177f, 0x6a1c81,
  0x762181, 0x832681, 0x902a81, 0x9c2e7f, 0xaa337d, 0xb73779, 0xc43c75, 0xd0416f, 0xdc4869, 0xe75263, 0xef5d5e,
  0xf56b5c, 0xf9795d, 0xfc8961, 0xfd9869, 0xfea772, 0xfeb67c, 0xfec488, 0xfed395, 0xfde2a3, 0xfcf0b2, 0xfcfdbf,
];
const RDBU = [
  0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac, 0x053061,
];

/** Positions of the 33 matplotlib samples: index/255 for indices 0, 8, …, 248, 255. */
function mplPositions(): number[] {
  const out: number[] = [];
  for (let i = 0; i < 256; i += 8) out.push(i / 255);
  out.push(1);
  return out;
}

function uniformPositions(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i / (n - 1));
}

/** Control points of a colour map: positions in [0, 1] and 0xRRGGBB colours. */
export interface ColorMapStops {
  readonly positions: readonly number[];
  readonly colors: readonly number[];
}

/** The control points of a named map (a fresh object each call; no shared mutable state). */
export function colorMapStops(name: ColorMapName): ColorMapStops {
  switch (name) {
    case 'viridis':
      return { positions: mplPositions(), colors: VIRIDIS };
    case 'magma':
      return { positions: mplPositions(), colors: MAGMA };
    case 'RdBu':
      return { positions: uniformPositions(RDBU.length), colors: RDBU };
    case 'greys':
      return { positions: [0, 1], colors: [0xffffff, 0x000000] };
    default:
      throw new ConfigError(`colorMap: unknown colour map '${String(name)}'; use 'viridis', 'magma', 'RdBu' or 'greys'.`);
  }
}

/** `#rrggbb` of a 0xRRGGBB integer. */
export function hex(color: number): string {
  return `#${color.toString(16).padStart(6, '0')}`;
}

/**
 * The colour of a map at `t ∈ [0, 1]` as 0xRRGGBB (t is clamped to [0, 1]; NaN gives the map's
 * middle colour — callers treat NaN data separately).
 *
 * @example
 * hex(sampleColorMap(colorMapStops('viridis'), 0)); // → '#440154'
 */
export function sampleColorMap(stops: ColorMapStops, t: number): number {
  const { positions, colors } = stops;
  const u = Number.isNaN(t) ? 0.5 : Math.min(1, Math.max(0, t));
  let j = 1;
  while (j < positions.length - 1 && positions[j] < u) j++;
  const t0 = positions[j - 1];
  const t1 = positions[j];
  const w = t1 > t0 ? (u - t0) / (t1 - t0) : 0;
  const a = colors[j - 1];
  const b = colors[j];
  let out = 0;
  for (const shift of [16, 8, 0]) {
    const ca = (a >> shift) & 0xff;
    const cb = (b >> shift) & 0xff;
    out |= Math.round(ca + (cb - ca) * w) << shift;
  }
  return out;
}

/**
 * A colour function for data values: `value ↦ '#rrggbb'` over `domain` (values outside are clamped
 * to the end colours). A reversed domain reverses the map.
 *
 * @example
 * const c = colorScale('RdBu', [-1, 1]);
 * c(0); // → '#f7f7f7'
 */
export function colorScale(name: ColorMapName, domain: readonly [number, number]): (value: number) => string {
  const stops = colorMapStops(name);
  const [d0, d1] = domain;
  // 257-entry lookup table (odd, so t = 0.5 — the centre of a diverging map — is an entry); the
  // quantisation step 1/256 is below what 8-bit colour resolves between control points.
  const table: string[] = [];
  for (let i = 0; i <= 256; i++) table.push(hex(sampleColorMap(stops, i / 256)));
  return (value: number) => {
    const t = d1 === d0 ? 0.5 : (value - d0) / (d1 - d0);
    const idx = Math.round(Math.min(1, Math.max(0, t)) * 256);
    return table[Number.isNaN(idx) ? 128 : idx];
  };
}

/** The categorical palette (Okabe–Ito without yellow), in order of use. */
export const CATEGORICAL = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'] as const;

/** Dash patterns used after the palette has been cycled once (so that series stay distinct). */
export const DASHES = ['', '6 3', '2 2', '8 3 2 3', '1 3'] as const;

/**
 * Default stroke of the `index`-th series: colour from {@link CATEGORICAL}, and a dash pattern that
 * changes each time the palette wraps around.
 */
export function seriesStyle(index: number): { color: string; dash: string } {
  const n = CATEGORICAL.length;
  return { color: CATEGORICAL[index % n], dash: DASHES[Math.floor(index / n) % DASHES.length] };
}

/**
 * `n` colours sampled evenly from a continuous map, for series indexed by an ordered parameter
 * (e.g. a sweep over the initialisation scale).
 *
 * @example
 * sequentialColors(2, 'viridis'); // → ['#440154', '#fde725']
 */
export function sequentialColors(n: number, name: ColorMapName = 'viridis'): string[] {
  const stops = colorMapStops(name);
  if (n <= 1) return n === 1 ? [hex(sampleColorMap(stops, 0.5))] : [];
  return Array.from({ length: n }, (_, i) => hex(sampleColorMap(stops, i / (n - 1))));
}
