/**
 * PNG export of figures (Node only): rasterises an SVG string with resvg (`@resvg/resvg-js`, a
 * Rust SVG renderer shipped as prebuilt binaries).
 *
 * **Fonts**: system fonts are loaded (figures ask for DejaVu Sans, then Helvetica/Arial, then the
 * generic sans-serif, which is mapped to DejaVu Sans). On a machine without any of these fonts text
 * would be missing from the PNG; install Debian's `fonts-dejavu-core` or pass `fontFiles`.
 *
 * @module
 */
import { Resvg } from '@resvg/resvg-js';
import { ConfigError } from '../errors/index.js';

/** Options of {@link svgToPng}. */
export interface SvgToPngOptions {
  /** Pixel density: 1 gives the SVG's width × height in pixels, 2 doubles both (default 1). */
  readonly scale?: number;
  /** Background colour (CSS); default: the SVG's own (figures paint a white background). */
  readonly background?: string;
  /** Extra font files (TTF/OTF) to load, for machines without DejaVu/Helvetica/Arial. */
  readonly fontFiles?: readonly string[];
}

/**
 * Rasterises `svg` to PNG bytes.
 *
 * **Special cases**: a scale that is not a finite positive number, or one giving an image larger
 * than 16384 pixels on a side, throws `ConfigError`; an SVG that resvg cannot parse throws
 * `ConfigError` naming the parser's message.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('loss.png', svgToPng(linePlot({ series: [{ x: [0, 1], y: [1, 0] }] }), { scale: 2 }));
 */
export function svgToPng(svg: string, options: SvgToPngOptions = {}): Uint8Array {
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new ConfigError(`svgToPng: scale is ${scale}; give a finite number > 0 (1 = one pixel per SVG unit).`, { path: 'scale' });
  }
  let resvg: Resvg;
  try {
    resvg = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: scale },
      background: options.background,
      font: {
        loadSystemFonts: true,
        fontFiles: options.fontFiles === undefined ? undefined : [...options.fontFiles],
        defaultFontFamily: 'DejaVu Sans',
        sansSerifFamily: 'DejaVu Sans',
      },
      logLevel: 'off',
    });
  } catch (e) {
    throw new ConfigError(`svgToPng: the SVG could not be parsed (${e instanceof Error ? e.message : String(e)}); pass the output of a lazyrich figure function.`, { cause: e });
  }
  const w = Math.round(resvg.width * scale);
  const h = Math.round(resvg.height * scale);
  if (w > 16384 || h > 16384) {
    throw new ConfigError(`svgToPng: a ${w}x${h} image is too large; use a scale of at most ${Math.floor(16384 / Math.max(resvg.width, resvg.height))}.`, { path: 'scale' });
  }
  const png = resvg.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
