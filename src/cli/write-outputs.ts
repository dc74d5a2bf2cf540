/**
 * Writing command outputs: JSON, CSV tables, and figures as SVG + PNG. Used by simulate, compare
 * and reproduce. All writes create the folder first; file names are returned for the summary line.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LazyrichError } from '../errors/index.js';
import { svgToPng } from '../io/png.node.js';

/** Creates `dir` (and parents), with a one-sentence error when it cannot. */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (cause) {
    throw new LazyrichError(`--out: cannot create the folder "${dir}" (${(cause as Error).message}); choose another folder.`, { code: 'io', path: dir, cause });
  }
}

function write(path: string, data: string | Uint8Array): string {
  try {
    writeFileSync(path, data);
  } catch (cause) {
    throw new LazyrichError(`--out: cannot write "${path}" (${(cause as Error).message}); choose another folder.`, { code: 'io', path, cause });
  }
  return path;
}

/** Writes `value` as pretty JSON (non-finite numbers become null). */
export function writeJson(dir: string, name: string, value: unknown): string {
  return write(join(dir, name), JSON.stringify(value, null, 1) + '\n');
}

/** Formats one CSV cell (RFC 4180 quoting; numbers with full precision). */
function cell(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV text of named columns of equal length. */
export function toCsv(columns: Record<string, ReadonlyArray<number | string>>): string {
  const names = Object.keys(columns);
  const n = names.length === 0 ? 0 : Math.max(...names.map((k) => columns[k].length));
  const lines = [names.map(cell).join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((k) => cell(columns[k][i])).join(','));
  return lines.join('\n') + '\n';
}

/** Writes named columns as CSV. */
export function writeCsv(dir: string, name: string, columns: Record<string, ReadonlyArray<number | string>>): string {
  return write(join(dir, name), toCsv(columns));
}

/** Writes `<stem>.svg` and `<stem>.png` (PNG at 2× scale); returns both paths. */
export function writeFigure(dir: string, stem: string, svg: string): [string, string] {
  return [write(join(dir, `${stem}.svg`), svg), write(join(dir, `${stem}.png`), svgToPng(svg, { scale: 2 }))];
}

/** Writes a text file. */
export function writeText(dir: string, name: string, text: string): string {
  return write(join(dir, name), text);
}
