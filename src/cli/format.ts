/**
 * Small text-formatting helpers of the commands (tables of numbers, matrices as nested arrays).
 * @module
 */
import type { Matrix } from '../linalg/matrix.js';

/** A number in a fixed-width column: 6 significant digits, exponent form for very small/large values. */
export function num(x: number, width = 12): string {
  let s: string;
  if (!Number.isFinite(x)) s = String(x);
  else if (x === 0) s = '0';
  else if (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5) s = Number(x.toPrecision(6)).toString();
  else s = x.toExponential(3);
  return s.padStart(width);
}

/** A table: a header row and rows of cells, columns padded to the widest cell. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].trim().length)));
  const line = (cells: string[]) => cells.map((c, j) => c.trim().padStart(widths[j])).join('  ');
  return [line(header), ...rows.map(line)];
}

/** Row-major nested arrays of a matrix (for JSON). */
export function nested(M: Matrix): number[][] {
  return M.toArray();
}

/** `[[a, b], [c, d]]` with short numbers, for text output of small matrices. */
export function inlineMatrix(M: Matrix): string {
  return `[${M.toArray()
    .map((row) => `[${row.map((v) => num(v, 0).trim()).join(', ')}]`)
    .join(', ')}]`;
}
