// .npy bytes ↔ arrays against files written by NumPy (tools/fixtures/npy.py), and corrupt input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeNpy, encodeNpy, npyToMatrix } from '../../src/io/npy.js';
import { DomainError, ShapeError } from '../../src/errors/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { decodeFixtureArray, loadFixture } from '../helpers/fixtures.js';

interface DecodeCase {
  name: string;
  npy_b64: string;
  dtype: string;
  descr: string;
  fortran_order: boolean;
  version: string;
  expected: unknown;
}
interface EncodeCase {
  name: string;
  input: unknown;
  dtype: 'float64' | 'float32';
  npy_b64: string;
}
interface UnsupportedCase {
  name: string;
  npy_b64: string;
  dtype_word: string;
}

const bytesOf = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));

/** Bitwise equality of float64 arrays (NaN == NaN, -0 ≠ +0): decoding must be exact. */
function assertSameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const a = new BigUint64Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new BigUint64Array(expected.slice().buffer);
  for (let k = 0; k < a.length; k++) {
    if (a[k] !== e[k]) assert.fail(`${what}: element ${k} is ${actual[k]}, expected ${expected[k]}`);
  }
}

const decodeCases = loadFixture<{ cases: DecodeCase[] }>('npy/decode.json').cases;
const encodeCases = loadFixture<{ cases: EncodeCase[] }>('npy/encode.json').cases;
const unsupportedCases = loadFixture<{ cases: UnsupportedCase[] }>('npy/unsupported.json').cases;

describe('decodeNpy reads NumPy-written files exactly', () => {
  for (const c of decodeCases) {
    it(c.name, () => {
      const got = decodeNpy(bytesOf(c.npy_b64));
      const want = decodeFixtureArray(c.expected);
      assert.deepEqual(got.shape, want.shape);
      assert.equal(got.dtype, c.dtype);
      assert.equal(got.descr, c.descr);
      assert.equal(got.fortranOrder, c.fortran_order);
      assert.equal(got.version, c.version);
      assertSameBits(got.data, want.data, c.name);
    });
  }

  it('covers the required formats (guards against a shrunken fixture set)', () => {
    const names = new Set(decodeCases.map((c) => `${c.descr} ${c.fortran_order} ${c.version}`));
    for (const key of ['<f8 false 1.0', '>f8 false 1.0', '<f4 false 1.0', '>f4 false 1.0', '<f8 true 1.0', '<f8 false 2.0', '<f8 false 3.0', '<i4 false 1.0', '<i8 false 1.0', '|u1 false 1.0', '|b1 false 1.0']) {
      assert.ok(names.has(key), `fixture missing: ${key}`);
    }
  });

  it('reads from an unaligned view into a larger buffer', () => {
    const c = decodeCases.find((x) => x.name === 'f8 100x70 C')!;
    const raw = bytesOf(c.npy_b64);
    const padded = new Uint8Array(raw.length + 3);
    padded.set(raw, 3);
    const got = decodeNpy(padded.subarray(3));
    assertSameBits(got.data, decodeFixtureArray(c.expected).data, 'unaligned');
  });
});

describe('encodeNpy writes the bytes numpy.save writes', () => {
  for (const c of encodeCases) {
    it(c.name, () => {
      const { shape, data } = decodeFixtureArray(c.input);
      const ours = encodeNpy(data, shape, { dtype: c.dtype });
      assert.deepEqual(Buffer.from(ours), Buffer.from(bytesOf(c.npy_b64)));
    });
  }

  it('takes a Matrix with its shape, and round-trips through decodeNpy', () => {
    const m = Matrix.from([
      [1, 2, 3],
      [4, 5, 6.5],
    ]);
    const back = decodeNpy(encodeNpy(m));
    assert.deepEqual(back.shape, [2, 3]);
    assert.deepEqual(npyToMatrix(back).toArray(), m.toArray());
  });

  it('writes a Float32Array as float32 exactly and defaults 1-d shape to its length', () => {
    const f = Float32Array.from([0.1, -2.5, 3e-39]);
    const back = decodeNpy(encodeNpy(f, undefined, { dtype: 'float32' }));
    assert.deepEqual(back.shape, [3]);
    assert.equal(back.dtype, 'float32');
    assert.deepEqual(Array.from(back.data), Array.from(f));
  });

  it('writes a header longer than 65535 bytes as version 2.0', () => {
    const shape = new Array<number>(30000).fill(1); // 30000-d (3 header bytes per axis) array of one element
    const bytes = encodeNpy(Float64Array.of(7), shape);
    const back = decodeNpy(bytes);
    assert.equal(back.version, '2.0');
    assert.equal(back.shape.length, 30000);
    assert.deepEqual(Array.from(back.data), [7]);
  });

  it('refuses a shape that does not fit the data (ShapeError)', () => {
    assert.throws(() => encodeNpy(new Float64Array(6), [4, 2]), ShapeError);
    assert.throws(() => encodeNpy(new Float64Array(2), [-1, -2]), ShapeError);
    assert.throws(() => encodeNpy(new Float64Array(1), [0.5, 2]), ShapeError);
  });

  it('refuses float32 overflow instead of writing Infinity (DomainError)', () => {
    assert.throws(() => encodeNpy(Float64Array.of(1, 1e39), undefined, { dtype: 'float32' }), (e: unknown) => {
      assert.ok(e instanceof DomainError);
      assert.match(e.message, /element 1 is 1e\+39.*float32/);
      return true;
    });
    // Infinity itself is data and is written as float32 Infinity.
    const back = decodeNpy(encodeNpy(Float64Array.of(Infinity), undefined, { dtype: 'float32' }));
    assert.equal(back.data[0], Infinity);
  });
});

describe('npyToMatrix', () => {
  it('refuses arrays that are not 2-D (ShapeError)', () => {
    for (const shape of [[], [3], [1, 2, 3]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const decoded = decodeNpy(encodeNpy(new Float64Array(n), shape));
      assert.throws(() => npyToMatrix(decoded), (e: unknown) => e instanceof ShapeError && /2-D/.test(e.message));
    }
  });
  it('gives Fortran-ordered files in row-major order', () => {
    const c = decodeCases.find((x) => x.name === 'f8 Fortran 2-d')!;
    const m = npyToMatrix(decodeNpy(bytesOf(c.npy_b64)));
    const want = decodeFixtureArray(c.expected);
    assert.equal(m.rows, 4);
    assert.equal(m.cols, 5);
    assert.equal(m.get(2, 3), want.data[2 * 5 + 3]);
  });
});

describe('unsupported dtypes are refused with the dtype named', () => {
  for (const c of unsupportedCases) {
    it(c.name, () => {
      assert.throws(
        () => decodeNpy(bytesOf(c.npy_b64), { source: 'x.npy' }),
        (e: unknown) => e instanceof DomainError && e.message.includes(c.dtype_word) && e.message.includes('x.npy'),
      );
    });
  }
});

describe('corrupt input raises DomainError naming the source and the problem', () => {
  const good = encodeNpy(Matrix.from([[1, 2], [3, 4]]));
  const headerText = (b: Uint8Array): string => Buffer.from(b.subarray(10, 128)).toString('latin1');
  const withHeader = (text: string): Uint8Array => {
    const out = good.slice();
    const padded = text.padEnd(117, ' ') + '\n';
    assert.equal(padded.length, 118);
    out.set(Buffer.from(padded, 'latin1'), 10);
    return out;
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty input', new Uint8Array(0), /magic/],
    ['bad magic', Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x5a, 1, 0, ...good.subarray(8)]), /magic/],
    ['a CSV file', new Uint8Array(Buffer.from('1,2,3\n4,5,6\n')), /magic/],
    ['unknown version', Uint8Array.from([...good.subarray(0, 6), 9, 0, ...good.subarray(8)]), /version 9\.0/],
    ['truncated preamble', good.subarray(0, 9), /truncated/],
    ['truncated header', good.subarray(0, 60), /truncated inside the header/],
    ['truncated data', good.subarray(0, good.length - 1), /needs 32 data bytes, but has 31.*truncated/],
    ['trailing bytes', Uint8Array.from([...good, 0]), /has 33.*trailing/],
    ['unparsable header', withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2}"), /does not parse/],
    ['header not a dict', withHeader("[1, 2]"), /not a Python dict/],
    ['missing shape key', withHeader("{'descr': '<f8', 'fortran_order': False, }"), /no 'shape' key/],
    ['negative shape', withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (-2, -2), }"), /non-negative/],
    ['shape/data mismatch', withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }"), /needs 48 data bytes, but has 32/],
    ['fortran_order not bool', withHeader("{'descr': '<f8', 'fortran_order': 1, 'shape': (2, 2), }"), /fortran_order/],
  ];
  for (const [name, bytes, pattern] of cases) {
    it(name, () => {
      assert.throws(
        () => decodeNpy(bytes, { source: 'bad.npy' }),
        (e: unknown) => {
          assert.ok(e instanceof DomainError, `expected DomainError, got ${String(e)}`);
          assert.match(e.message, pattern);
          assert.match(e.message, /bad\.npy/);
          return true;
        },
      );
    });
  }
  it('the good file the corruptions start from decodes', () => {
    assert.match(headerText(good), /'shape': \(2, 2\)/);
    assert.deepEqual(Array.from(decodeNpy(good).data), [1, 2, 3, 4]);
  });
});
