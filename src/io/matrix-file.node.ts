/**
 * Loading a user's connectivity matrix (e.g. an Allen- or MICrONS-derived W, spec `connectivity.md`
 * §2.4 item 3) from a CSV or `.npy` file, with shape and finiteness checked. Node only.
 *
 * **Formats.** `.npy`: any dtype `src/io/npy.ts` decodes, 2-D (C or Fortran order). `.csv` / `.tsv` /
 * `.txt`: one row per line, fields separated by commas, tabs, semicolons or blanks; blank lines and
 * lines starting with `#` are skipped; a first line that is not numeric is taken as a header and
 * skipped. Numbers are parsed with JavaScript's `Number` (so `1e-3`, `-0.5`, `Infinity` are read;
 * `Infinity`/`NaN` are then refused by the finiteness check).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { ConfigError, DomainError, LazyrichError, ShapeError } from '../errors/index.js';
import { Matrix } from '../linalg/matrix.js';
import { readNpyMatrix } from './npy.node.js';

/** Options of {@link loadMatrixFile}. */
export interface LoadMatrixOptions {
  /** Refuse unless the matrix has this shape, e.g. `[300, 300]`. */
  shape?: readonly [number, number];
  /** Refuse unless the matrix is square (default false). */
  square?: boolean;
  /** Format; default from the extension (`.npy` → npy, anything else → csv). */
  format?: 'npy' | 'csv';
}

/**
 * Parses CSV-like text into a Matrix (see the module comment for the accepted layout).
 *
 * @param text - the file's content; @param source - name used in error messages
 * @throws DomainError when a field is not a number or a value is NaN/±∞; ShapeError when rows have
 *   different lengths or there is no data
 * @example
 * parseMatrixCsv('1,2\n3,4\n').toArray(); // → [[1, 2], [3, 4]]
 */
export function parseMatrixCsv(text: string, source = 'CSV'): Matrix {
  const rows: number[][] = [];
  const lines = text.split(/\r?\n/);
  let header = true;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/[,;\t ]+/).filter((f) => f !== '');
    const values = fields.map((f) => Number(f));
    const bad = values.findIndex((v, j) => Number.isNaN(v) && !/^nan$/i.test(fields[j]!));
    if (bad >= 0) {
      if (header && rows.length === 0) {
        header = false;
        continue; // a non-numeric first line is a header
      }
      throw new DomainError(`${source}: line ${li + 1}, field ${bad + 1} is "${fields[bad]}", not a number; the file must hold only numbers (one matrix row per line).`);
    }
    header = false;
    if (rows.length > 0 && values.length !== rows[0]!.length) {
      throw new ShapeError(`${source}: line ${li + 1} has ${values.length} values but the first data row has ${rows[0]!.length}; every row of the matrix needs the same number of columns.`);
    }
    for (let j = 0; j < values.length; j++) {
      if (!Number.isFinite(values[j]!)) {
        throw new DomainError(`${source}: line ${li + 1}, field ${j + 1} is ${fields[j]}, not a finite number; replace it (e.g. by 0 for a missing connection).`);
      }
    }
    rows.push(values);
  }
  if (rows.length === 0) throw new ShapeError(`${source}: no numeric rows found; the file must hold a matrix with one row per line.`);
  return Matrix.from(rows);
}

/**
 * Loads a matrix from a `.npy` or CSV file and checks it: 2-D, non-empty, finite, and (when asked)
 * square or of a given shape.
 *
 * @throws LazyrichError (code "io") when the file cannot be read; ShapeError for a wrong shape or a
 *   non-2-D array; DomainError for non-numeric or non-finite entries; ConfigError for an unknown format
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('block.csv', '0.1, -0.2\n0.3, 0\n');
 * const W = loadMatrixFile('block.csv', { square: true });
 * W; // → [[0.1, -0.2], [0.3, 0]]
 */
export function loadMatrixFile(path: string, options: LoadMatrixOptions = {}): Matrix {
  const format = options.format ?? (extname(path).toLowerCase() === '.npy' ? 'npy' : 'csv');
  let W: Matrix;
  if (format === 'npy') {
    W = readNpyMatrix(path);
  } else if (format === 'csv') {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new LazyrichError(`loadMatrixFile: cannot read ${path} (${reason}); check the path.`, { code: 'io', path, cause });
    }
    W = parseMatrixCsv(text, path);
  } else {
    throw new ConfigError(`loadMatrixFile: format '${String(format)}' is unknown; use 'npy' or 'csv'.`, { path: 'format' });
  }
  if (W.rows < 1 || W.cols < 1) throw new ShapeError(`loadMatrixFile: ${path} holds a ${W.rows}×${W.cols} matrix; it needs at least one row and one column.`);
  for (let k = 0; k < W.data.length; k++) {
    if (!Number.isFinite(W.data[k]!)) {
      throw new DomainError(`loadMatrixFile: ${path} entry (${Math.floor(k / W.cols)}, ${k % W.cols}) is ${W.data[k]}; every entry must be finite.`);
    }
  }
  if (options.square === true && W.rows !== W.cols) {
    throw new ShapeError(`loadMatrixFile: ${path} is ${W.rows}×${W.cols}; a connectivity matrix must be square (N×N).`);
  }
  if (options.shape !== undefined && (W.rows !== options.shape[0] || W.cols !== options.shape[1])) {
    throw new ShapeError(`loadMatrixFile: ${path} is ${W.rows}×${W.cols}, expected ${options.shape[0]}×${options.shape[1]}.`);
  }
  return W;
}
