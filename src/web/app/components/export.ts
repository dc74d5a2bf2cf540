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
