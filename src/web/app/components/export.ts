/**
 * Pure builders of the explorer's downloads: CSV of named columns, JSON of typed arrays, and
 * file names. The browser side (Blob, anchor, canvas) is in `ExportButtons.svelte`.
 * @module
 */

/** Named numeric columns (of possibly different lengths) of one figure's data. */
export type DataColumns = Record<string, ArrayLike<number>>;

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV text of columns: a header of names, then one row per index; a shorter column leaves its cell
 * empty. Numbers are written in their shortest round-trip form (NaN as `NaN`).
 * @example
 * toCsv({ t: [0, 1], loss: [2, 0.5] }); // 't,loss\n0,2\n1,0.5\n'
 */
export function toCsv(columns: DataColumns): string {
  const names = Object.keys(columns);
  const n = Math.max(0, ...names.map((k) => columns[k].length));
  const lines = [names.map(csvField).join(',')];
  for (let i = 0; i < n; i++) {
    lines.push(names.map((k) => (i < columns[k].length ? String(columns[k][i]) : '')).join(','));
  }
  return lines.join('\n') + '\n';
}

/**
 * JSON text of any value whose typed arrays are written as plain arrays (and non-finite numbers as
 * null, as JSON requires).
 * @example
 * toJson({ t: new Float64Array([0, 1]) }); // '{\n  "t": [\n    0,\n    1\n  ]\n}'
 */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v),
    2,
  );
}

/**
 * A file-name-safe slug of a title (letters, digits, `-`).
 * @example
 * fileSlug('Two-layer λ = 1.5'); // 'two-layer-1-5'
 */
export function fileSlug(title: string): string {
  const s = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s || 'figure';
}

/**
 * Stacks standalone SVG documents (src/plot output) vertically into one SVG document, each keeping
 * its own size (read from its `width`/`height` attributes).
 * @example
 * const a = { series: [{ x: [0, 1], y: [1, 0] }] };
 * const b = { series: [{ x: [0, 1], y: [0, 1] }] };
 * const svg = stackSvgs([linePlot(a), linePlot(b)]); // one <svg> with both figures, one above the other
 * svg.startsWith('<svg'); // → true
 */
export function stackSvgs(svgs: readonly string[]): string {
  let y = 0;
  let w = 0;
  const body: string[] = [];
  for (const s of svgs) {
    const open = /<svg\b[^>]*>/.exec(s)?.[0] ?? '';
    const width = Number(/\bwidth="([\d.]+)"/.exec(open)?.[1] ?? 640);
    const height = Number(/\bheight="([\d.]+)"/.exec(open)?.[1] ?? 400);
    body.push(`<g transform="translate(0 ${y})">${s.replace(/^<\?xml[^>]*>\s*/, '')}</g>`);
    y += height;
    w = Math.max(w, width);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${y}" viewBox="0 0 ${w} ${y}">${body.join('')}</svg>`;
}

/**
 * A number for display: 3 significant digits, exponent form below 1e-3 or from 1e5; `—` for
 * null/undefined/non-finite.
 * @example
 * formatNumber(0.000123); // '1.23e-4'
 */
export function formatNumber(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}
