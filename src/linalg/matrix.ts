/**
 * The dense matrix type of lazyrich: a row-major `Float64Array` with its shape.
 *
 * Entry (i, j) of an `rows × cols` matrix lives at `data[i * cols + j]`. Vectors are plain
 * `Float64Array`s; a column vector that must take part in matrix products is an `n × 1` Matrix.
 * The class is deliberately small: construction, cheap element access, copies and conversion.
 * Arithmetic lives in `ops.ts`, decompositions behind the backend in `decompositions.ts`.
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';

/** A nested row-major array, as in JSON (`[[a, b], [c, d]]`). */
export type NestedArray = readonly (readonly number[])[];

/** A dense `rows × cols` matrix of float64 entries, stored row-major: entry (i, j) is `data[i * cols + j]`. */
export class Matrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Row-major entries; entry (i, j) is `data[i * cols + j]`. Shared, not copied, by the constructor. */
  readonly data: Float64Array;

  /**
   * Wraps `data` (not copied) as a `rows × cols` matrix, or allocates zeros when `data` is omitted.
   * @throws ShapeError when the sizes are not non-negative integers or `data.length ≠ rows·cols`.
   */
  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new ShapeError(`Matrix: rows and cols must be non-negative integers, got ${rows}x${cols}.`);
    }
    if (data !== undefined && data.length !== rows * cols) {
      throw new ShapeError(
        `Matrix: a ${rows}x${cols} matrix needs ${rows * cols} entries, got ${data.length}.`,
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  /** `[rows, cols]`. */
  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  /** Number of entries, `rows · cols`. */
  get size(): number {
    return this.data.length;
  }

  /** True when rows = cols. */
  get isSquare(): boolean {
    return this.rows === this.cols;
  }

  /** Entry (i, j). No bounds check (hot path); use `data` directly in inner loops. */
  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  /** Sets entry (i, j) in place. No bounds check. */
  set(i: number, j: number, value: number): void {
    this.data[i * this.cols + j] = value;
  }

  /** A deep copy. */
  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** Row i as a view (no copy) into `data`. */
  row(i: number): Float64Array {
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /** Column j as a new array. */
  col(j: number): Float64Array {
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = this.data[i * this.cols + j];
    return out;
  }

  /** Nested row-major arrays (for JSON). */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }

  /** JSON form: nested arrays. */
  toJSON(): number[][] {
    return this.toArray();
  }

  /** Short human-readable form, e.g. for error messages and the REPL. */
  toString(): string {
    const rows = this.toArray().map((r) => '  [' + r.map((v) => v.toPrecision(6)).join(', ') + ']');
    return `Matrix ${this.rows}x${this.cols} [\n${rows.join('\n')}\n]`;
  }

  /** A `rows × cols` matrix of zeros. */
  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  /** A `rows × cols` matrix with every entry equal to `value`. */
  static filled(rows: number, cols: number, value: number): Matrix {
    const m = new Matrix(rows, cols);
    m.data.fill(value);
    return m;
  }

  /** The n × n identity. */
  static identity(n: number): Matrix {
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
    return m;
  }

  /**
   * A (rectangular) diagonal matrix with `values` on its main diagonal. `rows` and `cols` default to
   * `values.length`; the diagonal is truncated to `min(rows, cols)` entries.
   */
  static diag(values: ArrayLike<number>, rows = values.length, cols = rows): Matrix {
    const m = new Matrix(rows, cols);
    const k = Math.min(rows, cols, values.length);
    for (let i = 0; i < k; i++) m.data[i * cols + i] = values[i];
    return m;
  }

  /**
   * A matrix from nested row-major arrays.
   * @throws ShapeError when rows have different lengths; DomainError when an entry is not a finite
   * number (pass `{ allowNonFinite: true }` to accept NaN/±Inf deliberately).
   */
  static from(nested: NestedArray, options: { allowNonFinite?: boolean; name?: string } = {}): Matrix {
    const name = options.name ?? 'matrix';
    const rows = nested.length;
    const cols = rows === 0 ? 0 : nested[0].length;
    const m = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) {
      const r = nested[i];
      if (!Array.isArray(r) || r.length !== cols) {
        throw new ShapeError(
          `${name}: row ${i} has ${Array.isArray(r) ? r.length : 'no'} entries but row 0 has ${cols}; every row must have the same length.`,
        );
      }
      for (let j = 0; j < cols; j++) {
        const v = r[j];
        if (typeof v !== 'number' || (!options.allowNonFinite && !Number.isFinite(v))) {
          throw new DomainError(`${name}: entry [${i}][${j}] is ${String(v)}, expected a finite number.`);
        }
        m.data[i * cols + j] = v;
      }
    }
    return m;
  }

  /** An n × 1 column matrix copying `values`. */
  static column(values: ArrayLike<number>): Matrix {
    return new Matrix(values.length, 1, Float64Array.from(values));
  }

  /** A 1 × n row matrix copying `values`. */
  static rowVector(values: ArrayLike<number>): Matrix {
    return new Matrix(1, values.length, Float64Array.from(values));
  }

  /** Rebuilds a Matrix from a structured-cloned or JSON-like `{rows, cols, data}` object. */
  static revive(obj: { rows: number; cols: number; data: ArrayLike<number> }): Matrix {
    return new Matrix(obj.rows, obj.cols, Float64Array.from(obj.data));
  }
}

/** True when every entry of `m` is finite. */
export function isFiniteMatrix(m: Matrix): boolean {
  const d = m.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
  return true;
}

/**
 * Throws a DomainError naming `what` when `m` has a NaN or infinite entry.
 * @example
 * assertFinite(Matrix.from([[1, 2]]), 'init.W1'); // → undefined
 * assertFinite(Matrix.from([[1, NaN]]), 'init.W1'); // throws DomainError
 */
export function assertFinite(m: Matrix, what: string): void {
  const d = m.data;
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k])) {
      const i = Math.floor(k / m.cols);
      const j = k % m.cols;
      throw new DomainError(`${what}: entry [${i}][${j}] is ${d[k]}, expected a finite number.`);
    }
  }
}

/** `"RxC"`, for messages. */
export function shapeString(m: Matrix): string {
  return `${m.rows}x${m.cols}`;
}
