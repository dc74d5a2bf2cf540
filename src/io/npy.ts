/**
 * NumPy `.npy` interop: bytes ↔ arrays, in pure TypeScript (no file system; runs in the browser).
 *
 * A `.npy` file is the 6-byte magic `\x93NUMPY`, a major and a minor version byte, the header
 * length (uint16 little-endian for version 1.0, uint32 for 2.0 and 3.0), an ASCII (1.0, 2.0) or
 * UTF-8 (3.0) header that is a Python dict literal
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }` padded with spaces and a final
 * newline so that the data start at a multiple of 64 bytes, and then the raw array data in C
 * (row-major) or Fortran (column-major) order.
 *
 * **Method.** {@link decodeNpy} checks the magic and version, parses the header with a small
 * recursive-descent parser for the Python literals NumPy writes (dicts, strings, tuples, lists,
 * integers, `True`/`False`/`None`), checks that the data length is exactly `prod(shape)·itemsize`,
 * reads every element through a `DataView` in the stored byte order and converts it to float64,
 * and finally permutes Fortran-ordered data to row-major. {@link encodeNpy} writes the header
 * exactly as `numpy.save` does (`numpy/lib/format.py`: sorted keys, 21 spare spaces after the
 * header for in-place growth of the first axis, padded to 64 bytes), so for float64/float32
 * C-order data our bytes equal NumPy's byte for byte.
 *
 * **Special cases.** A 0-d array has shape `[]` and one element. Integer and boolean dtypes are
 * read as float64; int64/uint64 values beyond ±2^53 round to the nearest float64 (as
 * `numpy.astype(float64)` does). NaN and ±Inf are data, not errors: they are read and written
 * as they are. Structured, complex, object, string and datetime dtypes are refused with a
 * DomainError naming the dtype.
 *
 * References: NumPy Enhancement Proposal 1, "A Simple File Format for NumPy Arrays" (NEP 1), and
 * the `numpy.lib.format` documentation (format versions 2.0 and 3.0).
 *
 * @module
 */
import { DomainError, ShapeError } from '../errors/index.js';
import { Matrix } from '../linalg/matrix.js';

/** The float dtypes {@link encodeNpy} can write. */
export type NpyWriteDtype = 'float64' | 'float32';

/** The result of {@link decodeNpy}. */
export interface DecodedNpy {
  /** Array shape; `[]` for a 0-d array. */
  shape: number[];
  /** All elements as float64, row-major (C order) whatever the stored order was. */
  data: Float64Array;
  /** NumPy name of the stored dtype, e.g. `"float64"`, `"float32"`, `"int64"`, `"bool"`. */
  dtype: string;
  /** The stored NumPy type string, e.g. `"<f8"` or `">f4"`. */
  descr: string;
  /** True when the file stored the data in Fortran (column-major) order; `data` is row-major anyway. */
  fortranOrder: boolean;
  /** Format version of the file, e.g. `"1.0"`. */
  version: string;
}

/** Options of {@link decodeNpy}. */
export interface DecodeNpyOptions {
  /** Name of the source (a file path) used in error messages; default `".npy data"`. */
  source?: string;
}

/** Options of {@link encodeNpy}. */
export interface EncodeNpyOptions {
  /** Stored dtype; default `"float64"`. float32 rounds each value to nearest and refuses overflow. */
  dtype?: NpyWriteDtype;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const MAGIC_LEN = 6;
const ARRAY_ALIGN = 64;
const GROWTH_AXIS_MAX_DIGITS = 21;

/** A readable element type: its NumPy name, size in bytes and reader. */
interface ElementType {
  name: string;
  size: number;
  read(view: DataView, offset: number, littleEndian: boolean): number;
}

const ELEMENT_TYPES: Record<string, ElementType> = {
  f8: { name: 'float64', size: 8, read: (v, o, le) => v.getFloat64(o, le) },
  f4: { name: 'float32', size: 4, read: (v, o, le) => v.getFloat32(o, le) },
  i1: { name: 'int8', size: 1, read: (v, o) => v.getInt8(o) },
  u1: { name: 'uint8', size: 1, read: (v, o) => v.getUint8(o) },
  b1: { name: 'bool', size: 1, read: (v, o) => (v.getUint8(o) === 0 ? 0 : 1) },
  i2: { name: 'int16', size: 2, read: (v, o, le) => v.getInt16(o, le) },
  u2: { name: 'uint16', size: 2, read: (v, o, le) => v.getUint16(o, le) },
  i4: { name: 'int32', size: 4, read: (v, o, le) => v.getInt32(o, le) },
  u4: { name: 'uint32', size: 4, read: (v, o, le) => v.getUint32(o, le) },
  i8: { name: 'int64', size: 8, read: (v, o, le) => Number(v.getBigInt64(o, le)) },
  u8: { name: 'uint64', size: 8, read: (v, o, le) => Number(v.getBigUint64(o, le)) },
};

/** NumPy names of the dtypes we refuse, by type-string kind letter; `bits` says whether the size is part of the name. */
const UNSUPPORTED_KINDS: Record<string, { name: string; bits: boolean }> = {
  c: { name: 'complex', bits: true },
  f: { name: 'float', bits: true },
  i: { name: 'int', bits: true },
  u: { name: 'uint', bits: true },
  O: { name: 'object', bits: false },
  U: { name: 'unicode string', bits: false },
  S: { name: 'byte string', bits: false },
  a: { name: 'byte string', bits: false },
  V: { name: 'void/structured', bits: false },
  M: { name: 'datetime64', bits: false },
  m: { name: 'timedelta64', bits: false },
};

/** True on a little-endian host (every mainstream JS engine; checked once, never mutated). */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// ---------------------------------------------------------------------------------------------
// Header parsing: the subset of Python literal syntax that NumPy writes.
// ---------------------------------------------------------------------------------------------

type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

class PyLiteralParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly source: string,
  ) {}

  parseDocument(): PyValue {
    const value = this.parseValue();
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail(`unexpected text after the header dict`);
    return value;
  }

  private fail(what: string): never {
    throw new DomainError(
      `decodeNpy: the header of ${this.source} does not parse (${what} at character ${this.pos} of ${JSON.stringify(this.text.trim())}); the file is corrupt or not a .npy file.`,
    );
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private parseValue(): PyValue {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined) this.fail('unexpected end');
    if (c === '{') return this.parseDict();
    if (c === '(') return this.parseSequence('(', ')');
    if (c === '[') return this.parseSequence('[', ']');
    if (c === "'" || c === '"') return this.parseString();
    if (c === '-' || c === '+' || (c >= '0' && c <= '9')) return this.parseInteger();
    for (const [word, value] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  private parseDict(): { [key: string]: PyValue } {
    this.pos++; // {
    const out: { [key: string]: PyValue } = {};
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return out;
      }
      const key = this.parseValue();
      if (typeof key !== 'string') this.fail('a dict key that is not a string');
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail("missing ':' after a dict key");
      this.pos++;
      out[key] = this.parseValue();
      this.skipSpace();
      const sep = this.text[this.pos];
      if (sep === ',') this.pos++;
      else if (sep !== '}') this.fail("missing ',' or '}' in the dict");
    }
  }

  private parseSequence(open: string, close: string): PyValue[] {
    this.pos++; // open
    const out: PyValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        return out;
      }
      out.push(this.parseValue());
      this.skipSpace();
      const sep = this.text[this.pos];
      if (sep === ',') this.pos++;
      else if (sep !== close) this.fail(`missing ',' or '${close}' after an element of '${open}'`);
    }
  }

  private parseString(): string {
    const quote = this.text[this.pos++];
    let out = '';
    while (this.pos < this.text.length && this.text[this.pos] !== quote) {
      let ch = this.text[this.pos++];
      if (ch === '\\') ch = this.text[this.pos++] ?? '';
      out += ch;
    }
    if (this.pos >= this.text.length) this.fail('an unterminated string');
    this.pos++; // closing quote
    return out;
  }

  private parseInteger(): number {
    const m = /^[+-]?\d+[lL]?/.exec(this.text.slice(this.pos));
    if (m === null) this.fail('a malformed number');
    this.pos += m[0].length;
    return Number.parseInt(m[0], 10);
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

/**
 * Decodes the bytes of a `.npy` file into a row-major float64 array with its shape.
 *
 * Reads format versions 1.0, 2.0 and 3.0; dtypes float64 and float32 in either byte order, and
 * (converted to float64) int8/16/32/64, uint8/16/32/64 and bool; C or Fortran order (Fortran data
 * are permuted to row-major, so `data[i·cols + j]` is entry (i, j) of a 2-D result either way).
 *
 * **Special cases.** Shape `[]` (0-d) gives one element; a zero-size shape gives an empty array.
 *
 * @throws DomainError for a bad magic string, an unknown version, a header that does not parse or
 * lacks a key, an unsupported dtype (named), or data whose length is not `prod(shape)·itemsize`.
 *
 * @example
 * const bytes = encodeNpy(Matrix.from([[1, 2, 3], [4, 5, 6]]));
 * const { shape, data } = decodeNpy(bytes);
 * shape; // → [2, 3]
 * data; // → [1, 2, 3, 4, 5, 6]
 */
export function decodeNpy(bytes: Uint8Array, options: DecodeNpyOptions = {}): DecodedNpy {
  const source = options.source ?? '.npy data';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  if (bytes.length < MAGIC_LEN + 2 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new DomainError(
      `decodeNpy: ${source} does not start with the .npy magic string "\\x93NUMPY" (${bytes.length} bytes); it is not a NumPy .npy file or is corrupt.`,
    );
  }
  const major = bytes[6];
  const minor = bytes[7];
  if (major < 1 || major > 3) {
    throw new DomainError(
      `decodeNpy: ${source} has .npy format version ${major}.${minor}; only versions 1.0, 2.0 and 3.0 can be read.`,
    );
  }
  const lengthBytes = major === 1 ? 2 : 4;
  const headerStart = MAGIC_LEN + 2 + lengthBytes;
  if (bytes.length < headerStart) {
    throw new DomainError(`decodeNpy: ${source} is truncated inside the .npy preamble (${bytes.length} bytes).`);
  }
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart) {
    throw new DomainError(
      `decodeNpy: ${source} is truncated inside the header (header declares ${headerLength} bytes, file has ${bytes.length - headerStart} after the preamble).`,
    );
  }
  const headerBytes = bytes.subarray(headerStart, dataStart);
  let headerText: string;
  try {
    headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal: major === 3 }).decode(headerBytes);
  } catch (cause) {
    throw new DomainError(`decodeNpy: the version 3.0 header of ${source} is not valid UTF-8; the file is corrupt.`, {
      cause,
    });
  }

  const header = new PyLiteralParser(headerText, source).parseDocument();
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new DomainError(`decodeNpy: the header of ${source} is not a Python dict; the file is corrupt.`);
  }
  for (const key of ['descr', 'fortran_order', 'shape']) {
    if (!(key in header)) {
      throw new DomainError(`decodeNpy: the header of ${source} has no '${key}' key; the file is corrupt.`);
    }
  }
  const descr = header.descr;
  const fortranOrder = header.fortran_order;
  const rawShape = header.shape;
  if (typeof fortranOrder !== 'boolean') {
    throw new DomainError(`decodeNpy: 'fortran_order' in the header of ${source} is not True or False.`);
  }
  if (
    !Array.isArray(rawShape) ||
    !rawShape.every((d): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
  ) {
    throw new DomainError(
      `decodeNpy: 'shape' in the header of ${source} is ${JSON.stringify(rawShape)}, expected a tuple of non-negative integers.`,
    );
  }
  const shape = rawShape.slice();
  const { type, littleEndian } = parseDescr(descr, source);

  let count = 1;
  for (const d of shape) count *= d;
  if (!Number.isSafeInteger(count)) {
    throw new DomainError(`decodeNpy: shape (${shape.join(', ')}) in ${source} has too many elements.`);
  }
  const expectedBytes = count * type.size;
  const actualBytes = bytes.length - dataStart;
  if (actualBytes !== expectedBytes) {
    throw new DomainError(
      `decodeNpy: ${source} declares shape (${shape.join(', ')}) of ${type.name}, which needs ${expectedBytes} data bytes, but has ${actualBytes}; the file is ${actualBytes < expectedBytes ? 'truncated' : 'corrupt (trailing bytes)'}.`,
    );
  }

  const stored = readElements(bytes, dataStart, count, type, littleEndian);
  const data = fortranOrder && shape.length > 1 ? fortranToRowMajor(stored, shape) : stored;
  return { shape, data, dtype: type.name, descr: descr as string, fortranOrder, version: `${major}.${minor}` };
}

/** Splits a type string like `"<f8"` into its element type and byte order, or throws naming the dtype. */
function parseDescr(descr: PyValue, source: string): { type: ElementType; littleEndian: boolean } {
  if (typeof descr !== 'string') {
    throw new DomainError(
      `decodeNpy: ${source} holds a structured dtype (${JSON.stringify(descr)}); only plain numeric arrays (float64, float32, integers, bool) can be read.`,
    );
  }
  const m = /^([<>|=]?)([a-zA-Z])(\d*)(\[\w+\])?$/.exec(descr);
  const order = m?.[1] ?? '';
  const type = m === null || m[4] !== undefined ? undefined : ELEMENT_TYPES[`${m[2]}${m[3]}`];
  if (m === null || type === undefined) {
    const kind = m === null ? undefined : UNSUPPORTED_KINDS[m[2]];
    const name =
      kind === undefined ? 'unknown' : kind.bits && m !== null && m[3] !== '' ? `${kind.name}${Number(m[3]) * 8}` : kind.name;
    throw new DomainError(
      `decodeNpy: ${source} has dtype ${name} ('${descr}'), which is not supported; convert it with arr.astype(numpy.float64) before saving.`,
    );
  }
  // '=' means the writer's native order; NumPy always writes '<' or '>', so treat it as the host's.
  const littleEndian = order === '>' ? false : order === '=' ? HOST_LITTLE_ENDIAN : true;
  return { type, littleEndian };
}

function readElements(
  bytes: Uint8Array,
  start: number,
  count: number,
  type: ElementType,
  littleEndian: boolean,
): Float64Array {
  const out = new Float64Array(count);
  if (type.size === 8 && type.name === 'float64' && littleEndian === HOST_LITTLE_ENDIAN) {
    // Fast path: copy the bytes straight into the result's buffer (handles unaligned sources).
    new Uint8Array(out.buffer).set(bytes.subarray(start, start + 8 * count));
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, count * type.size);
  for (let k = 0, o = 0; k < count; k++, o += type.size) out[k] = type.read(view, o, littleEndian);
  return out;
}

/** Permutes column-major data of the given shape to row-major. */
function fortranToRowMajor(src: Float64Array, shape: readonly number[]): Float64Array {
  const n = shape.length;
  const out = new Float64Array(src.length);
  if (src.length === 0) return out;
  // Fortran stride of axis k is prod(shape[0..k-1]); walk the row-major index with a counter.
  const fStride = new Array<number>(n);
  let s = 1;
  for (let k = 0; k < n; k++) {
    fStride[k] = s;
    s *= shape[k];
  }
  const idx = new Array<number>(n).fill(0);
  let f = 0;
  for (let r = 0; r < out.length; r++) {
    out[r] = src[f];
    for (let k = n - 1; k >= 0; k--) {
      idx[k]++;
      f += fStride[k];
      if (idx[k] < shape[k]) break;
      f -= fStride[k] * shape[k];
      idx[k] = 0;
    }
  }
  return out;
}

/**
 * The 2-D result of {@link decodeNpy} as a {@link Matrix} (sharing its data).
 *
 * @throws ShapeError when the array is not 2-D (a 1-d vector must be reshaped explicitly).
 *
 * @example
 * const bytes = encodeNpy(new Float64Array([1, 2, 3, 4, 5, 6]), [3, 2]);
 * const W = npyToMatrix(decodeNpy(bytes)); // W.rows, W.cols from the file's shape
 * W; // → [[1, 2], [3, 4], [5, 6]]
 */
export function npyToMatrix(decoded: Pick<DecodedNpy, 'shape' | 'data'>, name = 'npyToMatrix'): Matrix {
  if (decoded.shape.length !== 2) {
    throw new ShapeError(
      `${name}: the array has shape (${decoded.shape.join(', ')}), ${decoded.shape.length}-D, but a matrix must be 2-D; reshape it (e.g. arr.reshape(n, 1)) before saving.`,
    );
  }
  return new Matrix(decoded.shape[0], decoded.shape[1], decoded.data);
}

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

/**
 * Encodes an array as the bytes of a C-order `.npy` file (float64 by default, or float32).
 *
 * `shape` defaults to `[rows, cols]` for a Matrix and `[length]` for a typed array; pass `[]` for
 * a 0-d array of one element. The header is written as `numpy.save` writes it (version 1.0, or 2.0
 * when the header exceeds 65535 bytes), so `numpy.load` reads the result and the bytes match
 * `numpy.save` of the same array.
 *
 * **Special cases.** NaN and ±Inf are written as they are. With `dtype: 'float32'`, a Float32Array
 * is written exactly; float64 values are rounded to nearest float32.
 *
 * @throws ShapeError when `shape` is not a list of non-negative integers whose product is the
 * number of elements; ConfigError-free; DomainError when a finite value overflows float32.
 *
 * @example
 * const bytes = encodeNpy(Matrix.identity(3)); // np.load gives np.eye(3)
 * decodeNpy(bytes).shape; // → [3, 3]
 */
export function encodeNpy(
  data: Float64Array | Float32Array | Matrix,
  shape?: readonly number[],
  options: EncodeNpyOptions = {},
): Uint8Array {
  const values = data instanceof Matrix ? data.data : data;
  const dims = shape ?? (data instanceof Matrix ? [data.rows, data.cols] : [values.length]);
  if (!dims.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ShapeError(`encodeNpy: shape [${dims.join(', ')}] must be non-negative integers.`);
  }
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== values.length) {
    throw new ShapeError(
      `encodeNpy: shape (${dims.join(', ')}) has ${count} elements but the data has ${values.length}; pass a shape whose product is the data length.`,
    );
  }
  const dtype = options.dtype ?? 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new DomainError(`encodeNpy: dtype '${String(dtype)}' cannot be written; use 'float64' or 'float32'.`);
  }
  const itemSize = dtype === 'float64' ? 8 : 4;
  const header = npyHeaderBytes(dtype === 'float64' ? '<f8' : '<f4', dims);
  const out = new Uint8Array(header.length + count * itemSize);
  out.set(header, 0);
  const view = new DataView(out.buffer, header.length);
  if (dtype === 'float64') {
    for (let k = 0; k < count; k++) view.setFloat64(8 * k, values[k], true);
  } else {
    for (let k = 0; k < count; k++) {
      const v = values[k];
      const r = Math.fround(v);
      if (!Number.isFinite(r) && Number.isFinite(v)) {
        throw new DomainError(
          `encodeNpy: element ${k} is ${v}, beyond the float32 range (±3.4028234663852886e38); write float64 instead.`,
        );
      }
      view.setFloat32(4 * k, r, true);
    }
  }
  return out;
}

/** The preamble + header of a C-order array, exactly as `numpy.lib.format.write_array` writes it. */
function npyHeaderBytes(descr: string, shape: readonly number[]): Uint8Array {
  const shapeRepr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeRepr}, }`;
  // NumPy leaves room to grow the first axis in place.
  if (shape.length > 0) header += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  header += '\n';
  for (const major of [1, 2]) {
    const prefix = MAGIC_LEN + 2 + (major === 1 ? 2 : 4);
    const pad = ARRAY_ALIGN - ((prefix + header.length) % ARRAY_ALIGN);
    const total = header.length + pad;
    if (major === 1 && total > 0xffff) continue;
    const out = new Uint8Array(prefix + total);
    out.set(MAGIC, 0);
    out[6] = major;
    out[7] = 0;
    const dv = new DataView(out.buffer);
    if (major === 1) dv.setUint16(8, total, true);
    else dv.setUint32(8, total, true);
    // Header + pad spaces, with the newline moved to the very end (as NumPy does).
    const text = header.slice(0, -1) + ' '.repeat(pad) + '\n';
    for (let i = 0; i < text.length; i++) out[prefix + i] = text.charCodeAt(i);
    return out;
  }
  throw new ShapeError(`encodeNpy: the header for shape (${shape.join(', ')}) is too long to write.`);
}
