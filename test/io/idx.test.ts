// IDX codec: round trips over every type on synthetic files, hand-built bytes, corrupt input,
// gzip on disk, and the real Fashion-MNIST headers/shapes (skipped with a reason if not installed).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeIdx, encodeIdx, idxToMatrix, oneHot, type IdxDtype } from '../../src/io/idx.js';
import { fashionMnistPaths, loadFashionMnist, readIdx } from '../../src/io/idx.node.js';
import { DomainError, LazyrichError, ShapeError } from '../../src/errors/index.js';

const ALL: IdxDtype[] = ['ubyte', 'byte', 'short', 'int', 'float', 'double'];

function sample(dtype: IdxDtype, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const v = ((k * 7919) % 251) - 125;
    switch (dtype) {
      case 'ubyte':
        out.push((k * 37) % 256);
        break;
      case 'byte':
        out.push(v);
        break;
      case 'short':
        out.push(v * 257);
        break;
      case 'int':
        out.push(v * 16777259);
        break;
      case 'float':
        out.push(Math.fround(v / 3.7));
        break;
      case 'double':
        out.push((v / 3.7) * 10 ** ((k % 21) - 10));
        break;
    }
  }
  return out;
}

describe('IDX codec', () => {
  it('round-trips every type over several shapes (exactly)', () => {
    for (const dtype of ALL) {
      for (const shape of [[], [0], [5], [3, 4], [2, 3, 4], [1, 2, 1, 3]]) {
        const n = shape.reduce((a, b) => a * b, 1);
        const values = sample(dtype, n);
        const bytes = encodeIdx(dtype, shape, values);
        const d = decodeIdx(bytes);
        assert.equal(d.dtype, dtype);
        assert.deepEqual(d.shape, shape);
        assert.deepEqual(Array.from(d.data), values, `${dtype} [${shape.join(',')}]`);
      }
    }
  });

  it('reads hand-written big-endian bytes', () => {
    // int16, shape [2]: 0x0102 = 258, 0xFFFE = -2
    const b = Uint8Array.of(0, 0, 0x0b, 1, 0, 0, 0, 2, 0x01, 0x02, 0xff, 0xfe);
    const d = decodeIdx(b);
    assert.equal(d.dtype, 'short');
    assert.deepEqual(Array.from(d.data), [258, -2]);
    // ubyte [2,2] header bytes exactly as MNIST writes (magic 0x00000803 for 3-D, here 0x00000802)
    const e = encodeIdx('ubyte', [2, 2], [1, 2, 3, 255]);
    assert.deepEqual(Array.from(e), [0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 255]);
    // float64 1.5 = 0x3FF8000000000000
    const f = encodeIdx('double', [1], [1.5]);
    assert.deepEqual(Array.from(f.subarray(8)), [0x3f, 0xf8, 0, 0, 0, 0, 0, 0]);
  });

  it('refuses corrupt files with DomainError naming the problem', () => {
    const good = encodeIdx('int', [2, 3], [1, 2, 3, 4, 5, 6]);
    assert.throws(() => decodeIdx(good.subarray(0, 3)), (e: unknown) => e instanceof DomainError && /fewer than the 4-byte/.test(e.message));
    assert.throws(() => decodeIdx(Uint8Array.of(0x1f, 0x8b, 8, 0)), (e: unknown) => e instanceof DomainError && /magic/.test(e.message));
    assert.throws(() => decodeIdx(Uint8Array.of(0, 0, 0x07, 0)), (e: unknown) => e instanceof DomainError && /type code 0x07/.test(e.message));
    assert.throws(() => decodeIdx(good.subarray(0, 9)), (e: unknown) => e instanceof DomainError && /inside the header/.test(e.message));
    assert.throws(() => decodeIdx(good.subarray(0, good.length - 1)), (e: unknown) => e instanceof DomainError && /truncated or corrupt/.test(e.message));
    const extra = new Uint8Array(good.length + 1);
    extra.set(good);
    assert.throws(() => decodeIdx(extra, { source: 'x.idx' }), (e: unknown) => e instanceof DomainError && /x\.idx/.test(e.message));
    assert.throws(() => encodeIdx('ubyte', [2, 2], [1, 2, 3]), ShapeError);
    assert.throws(() => encodeIdx('ubyte', [-1], []), ShapeError);
  });

  it('idxToMatrix flattens, scales and limits; oneHot checks labels', () => {
    const d = decodeIdx(encodeIdx('ubyte', [3, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8]));
    const X = idxToMatrix(d, { scale: 1 / 255, limit: 2 });
    assert.equal(X.rows, 2);
    assert.equal(X.cols, 4);
    assert.deepEqual(Array.from(X.data.subarray(0, 4)), [0, 1, 0.2, 0.4]);
    const Y = oneHot([2, 0], 3);
    assert.deepEqual(Array.from(Y.data), [0, 0, 1, 1, 0, 0]);
    assert.throws(() => oneHot([3], 3), DomainError);
  });
});

describe('IDX files on disk', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lazyrich-idx-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads plain and gzipped files identically; missing files raise io errors', () => {
    const bytes = encodeIdx('float', [2, 3], [1, -2, 3.5, 0, 1e-3, -7]);
    writeFileSync(join(dir, 'a.idx'), bytes);
    writeFileSync(join(dir, 'a.idx.gz'), gzipSync(bytes));
    const a = readIdx(join(dir, 'a.idx'));
    const b = readIdx(join(dir, 'a.idx.gz'));
    assert.deepEqual(a, b);
    assert.deepEqual(Array.from(a.data), [1, -2, 3.5, 0, Math.fround(1e-3), -7]);
    assert.throws(() => readIdx(join(dir, 'nope.idx')), (e: unknown) => e instanceof LazyrichError && e.code === 'io');
    writeFileSync(join(dir, 'bad.gz'), Uint8Array.of(0x1f, 0x8b, 1, 2, 3));
    assert.throws(() => readIdx(join(dir, 'bad.gz')), (e: unknown) => e instanceof LazyrichError && /cannot be decompressed/.test(e.message));
  });

  it('fashionMnistPaths finds a synthetic folder (mixed gz / plain) and loadFashionMnist scales pixels', () => {
    const imgs = encodeIdx('ubyte', [3, 28, 28], sample('ubyte', 3 * 784));
    const labs = encodeIdx('ubyte', [3], [9, 0, 4]);
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(imgs));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), labs);
    assert.equal(fashionMnistPaths(dir), undefined); // test files still missing
    writeFileSync(join(dir, 't10k-images-idx3-ubyte'), imgs);
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(labs));
    const p = fashionMnistPaths(dir);
    assert.ok(p);
    const fm = loadFashionMnist({ dir, trainLimit: 2 });
    assert.equal(fm.trainImages.rows, 2);
    assert.equal(fm.trainImages.cols, 784);
    assert.deepEqual(Array.from(fm.trainLabels), [9, 0]);
    assert.equal(fm.testImages.rows, 3);
    assert.equal(fm.trainImages.data[1], 37 * (1 / 255)); // loader multiplies by 1/255
  });
});

describe('real Fashion-MNIST', () => {
  const paths = fashionMnistPaths();
  it('headers and shapes: 60000/10000 × 28 × 28 ubyte, labels 0–9 balanced', (t) => {
    if (paths === undefined) {
      t.skip('Fashion-MNIST not installed (apt-get install dataset-fashion-mnist, or set LAZYRICH_FASHION_MNIST)');
      return;
    }
    const trl = readIdx(paths.trainLabels);
    assert.equal(trl.dtype, 'ubyte');
    assert.deepEqual(trl.shape, [60000]);
    const counts = new Array(10).fill(0);
    for (const c of trl.data) counts[c]++;
    assert.deepEqual(counts, new Array(10).fill(6000)); // Fashion-MNIST has exactly 6000 per class
    const tei = readIdx(paths.testImages);
    assert.equal(tei.dtype, 'ubyte');
    assert.deepEqual(tei.shape, [10000, 28, 28]);
    const tel = readIdx(paths.testLabels);
    assert.deepEqual(tel.shape, [10000]);
    const fm = loadFashionMnist({ trainLimit: 100, testLimit: 10 });
    assert.equal(fm.trainImages.rows, 100);
    let max = 0;
    for (const v of fm.trainImages.data) max = Math.max(max, v);
    assert.ok(max <= 1 && max > 0.9);
  });
});
