/**
 * IDX files (the MNIST / Fashion-MNIST format): bytes ↔ arrays, in pure TypeScript (no file system).
 *
 * An IDX file is a 4-byte magic `0x00 0x00 <type> <ndim>`, then `ndim` big-endian uint32
 * dimension sizes, then `prod(dims)` big-endian elements of the type: `0x08` unsigned byte,
 * `0x09` signed byte, `0x0B` int16, `0x0C` int32, `0x0D` float32, `0x0E` float64
 * (LeCun & Cortes, "THE MNIST DATABASE", file-format section).
 *
 * **Method.** {@link decodeIdx} checks the two zero bytes, the type code, that the header fits,
 * and that the remaining length is exactly `prod(dims)·itemsize`, then reads every element
 * big-endian through a `DataView` into a typed array of the stored type (bytes are viewed, not
 * converted). {@link encodeIdx} writes the inverse. {@link idxToMatrix} flattens an
 * `n × d₁ × … × d_k` array into an `n × (d₁⋯d_k)` float64 {@link Matrix}, optionally scaled (e.g.
 * `1/255` for pixels) and limited to the first `limit` rows.
 *
 * **Special cases.** `ndim = 0` is a scalar with one element. A file with trailing or missing
 * bytes, a non-zero first magic byte or an unknown type code raises a DomainError naming the
 * source and what is wrong.
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { Matrix } from '../linalg/matrix.js';

/** Element types of IDX files. */
export type IdxDtype = 'ubyte' | 'byte' | 'short' | 'int' | 'float' | 'double';

/** Typed array holding IDX elements of each type. */
export type IdxArray = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** Result of {@link decodeIdx}. */
export interface DecodedIdx {
  dtype: IdxDtype;
  /** Dimension sizes, outermost first (e.g. `[60000, 28, 28]`). */
  shape: number[];
  /** Elements in row-major order, in the stored type. */
  data: IdxArray;
}

const CODES: Record<IdxDtype, number> = { ubyte: 0x08, byte: 0x09, short: 0x0b, int: 0x0c, float: 0x0d, double: 0x0e };
const SIZES: Record<IdxDtype, number> = { ubyte: 1, byte: 1, short: 2, int: 4, float: 4, double: 8 };

function dtypeOfCode(code: number): IdxDtype | undefined {
  for (const k of Object.keys(CODES) as IdxDtype[]) if (CODES[k] === code) return k;
  return undefined;
}

/**
 * Decodes the bytes of an IDX file.
 *
 * @param bytes - the whole file (already gunzipped).
 * @param options.source - name used in error messages (e.g. the file path).
 * @throws DomainError when the bytes are not a well-formed IDX file.
 *
 * @example
 * const bytes = encodeIdx('ubyte', [2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 255]); // two 2×2 images
 * const { dtype, shape, data } = decodeIdx(bytes);
 * dtype; // → "ubyte"
 * shape; // → [2, 2, 2]
 * data; // → [0, 1, 2, 3, 4, 5, 6, 255]
 */
export function decodeIdx(bytes: Uint8Array, options: { source?: string } = {}): DecodedIdx {
  const src = options.source ?? 'IDX data';
  if (bytes.length < 4) {
    throw new DomainError(`decodeIdx: ${src} has ${bytes.length} bytes, fewer than the 4-byte IDX magic; the file is truncated or not IDX.`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DomainError(
      `decodeIdx: ${src} does not start with the IDX magic bytes 0x00 0x00 (found 0x${hex(bytes[0]!)} 0x${hex(bytes[1]!)}); it is not an IDX file (gzipped files must be decompressed first).`,
    );
  }
  const dtype = dtypeOfCode(bytes[2]!);
  if (dtype === undefined) {
    throw new DomainError(
      `decodeIdx: ${src} has unknown IDX type code 0x${hex(bytes[2]!)}; expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E.`,
    );
  }
  const ndim = bytes[3]!;
  const headerLen = 4 + 4 * ndim;
  if (bytes.length < headerLen) {
    throw new DomainError(`decodeIdx: ${src} declares ${ndim} dimensions but ends inside the header (${bytes.length} of ${headerLen} bytes); the file is truncated.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < ndim; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    shape.push(d);
    count *= d;
  }
  const size = SIZES[dtype];
  const expected = headerLen + count * size;
  if (bytes.length !== expected) {
    throw new DomainError(
      `decodeIdx: ${src} has ${bytes.length} bytes but its header (${dtype}, shape [${shape.join(', ')}]) needs exactly ${expected}; the file is truncated or corrupt.`,
    );
  }
  const data = allocate(dtype, count);
  const off = headerLen;
  switch (dtype) {
    case 'ubyte':
      (data as Uint8Array).set(bytes.subarray(off, off + count));
      break;
    case 'byte':
      for (let k = 0; k < count; k++) data[k] = view.getInt8(off + k);
      break;
    case 'short':
      for (let k = 0; k < count; k++) data[k] = view.getInt16(off + 2 * k, false);
      break;
    case 'int':
      for (let k = 0; k < count; k++) data[k] = view.getInt32(off + 4 * k, false);
      break;
    case 'float':
      for (let k = 0; k < count; k++) data[k] = view.getFloat32(off + 4 * k, false);
      break;
    case 'double':
      for (let k = 0; k < count; k++) data[k] = view.getFloat64(off + 8 * k, false);
      break;
  }
  return { dtype, shape, data };
}

/**
 * Encodes an array as IDX bytes (big-endian).
 *
 * @param dtype - the element type to write; values are converted like a typed-array store
 *   (ubyte wraps modulo 256, float rounds to float32).
 * @param shape - dimension sizes; their product must equal `data.length`; at most 255 dims, each < 2³².
 * @throws ShapeError when the shape does not fit the data.
 *
 * @example
 * const bytes = encodeIdx('ubyte', [2, 2], Uint8Array.of(0, 1, 2, 255));
 * bytes.length; // → 16 (4-byte magic, two 4-byte sizes, 4 pixels)
 */
export function encodeIdx(dtype: IdxDtype, shape: readonly number[], data: ArrayLike<number>): Uint8Array {
  if (!(dtype in CODES)) throw new DomainError(`encodeIdx: dtype '${String(dtype)}' is not an IDX type; use ubyte, byte, short, int, float or double.`);
  if (shape.length > 255) throw new ShapeError(`encodeIdx: shape has ${shape.length} dimensions; IDX allows at most 255.`);
  let count = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) {
      throw new ShapeError(`encodeIdx: dimension ${d} is not an integer in [0, 2^32); give non-negative integer sizes.`);
    }
    count *= d;
  }
  if (count !== data.length) {
    throw new ShapeError(`encodeIdx: shape [${shape.join(', ')}] has ${count} elements but data has ${data.length}; make them agree.`);
  }
  const headerLen = 4 + 4 * shape.length;
  const size = SIZES[dtype];
  const out = new Uint8Array(headerLen + count * size);
  const view = new DataView(out.buffer);
  out[2] = CODES[dtype];
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const typed = allocate(dtype, count);
  for (let k = 0; k < count; k++) typed[k] = data[k]!;
  for (let k = 0; k < count; k++) {
    const p = headerLen + k * size;
    switch (dtype) {
      case 'ubyte':
        view.setUint8(p, typed[k]!);
        break;
      case 'byte':
        view.setInt8(p, typed[k]!);
        break;
      case 'short':
        view.setInt16(p, typed[k]!, false);
        break;
      case 'int':
        view.setInt32(p, typed[k]!, false);
        break;
      case 'float':
        view.setFloat32(p, typed[k]!, false);
        break;
      case 'double':
        view.setFloat64(p, typed[k]!, false);
        break;
    }
  }
  return out;
}

/**
 * Flattens a decoded IDX array of shape `[n, d₁, …, d_k]` into an `min(n, limit) × (d₁⋯d_k)`
 * float64 matrix (one example per row), each element multiplied by `scale`. A 1-D array becomes
 * an `n × 1` column.
 *
 * @throws ShapeError for a 0-d array; ConfigError-like DomainError for a bad `limit`.
 *
 * @example
 * const images = decodeIdx(encodeIdx('ubyte', [3, 2, 2], [0, 51, 102, 255, 0, 0, 0, 0, 255, 255, 255, 255]));
 * const X = idxToMatrix(images, { scale: 1 / 255, limit: 2 }); // the first 2 images, one per row, pixels in [0, 1]
 * X; // → [[0, 0.2, 0.4, 1], [0, 0, 0, 0]]
 */
export function idxToMatrix(decoded: DecodedIdx, options: { scale?: number; limit?: number } = {}): Matrix {
  if (decoded.shape.length === 0) throw new ShapeError('idxToMatrix: a 0-d IDX array has no rows; give an array with at least one dimension.');
  const n = decoded.shape[0]!;
  const cols = decoded.shape.slice(1).reduce((a, b) => a * b, 1);
  const limit = options.limit ?? n;
  if (!Number.isInteger(limit) || limit < 0) throw new DomainError(`idxToMatrix: limit ${limit} is not a non-negative integer; give a row count.`);
  const rows = Math.min(n, limit);
  const scale = options.scale ?? 1;
  const out = Matrix.zeros(rows, cols);
  const len = rows * cols;
  for (let k = 0; k < len; k++) out.data[k] = decoded.data[k]! * scale;
  return out;
}

/**
 * One-hot encodes integer class labels (e.g. a decoded labels file) into an `n × classes` matrix
 * with `onValue` at the label and `offValue` elsewhere.
 *
 * @throws DomainError when a label is not an integer in `[0, classes)`.
 *
 * @example
 * const Y = oneHot([2, 0], 3); // n × classes
 * Y; // → [[0, 0, 1], [1, 0, 0]]
 */
export function oneHot(labels: ArrayLike<number>, classes: number, options: { limit?: number; onValue?: number; offValue?: number } = {}): Matrix {
  const n = Math.min(labels.length, options.limit ?? labels.length);
  const on = options.onValue ?? 1;
  const off = options.offValue ?? 0;
  const out = Matrix.zeros(n, classes);
  if (off !== 0) out.data.fill(off);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= classes) {
      throw new DomainError(`oneHot: label ${c} at index ${i} is not an integer in [0, ${classes}); check the labels file and the class count.`);
    }
    out.data[i * classes + c] = on;
  }
  return out;
}

function allocate(dtype: IdxDtype, n: number): IdxArray {
  switch (dtype) {
    case 'ubyte':
      return new Uint8Array(n);
    case 'byte':
      return new Int8Array(n);
    case 'short':
      return new Int16Array(n);
    case 'int':
      return new Int32Array(n);
    case 'float':
      return new Float32Array(n);
    case 'double':
      return new Float64Array(n);
  }
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
