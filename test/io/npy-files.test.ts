// readNpy/writeNpy on disk, and our encoder's bytes read back by NumPy itself (np.load).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNpy, readNpyMatrix, writeNpy } from '../../src/io/npy.node.js';
import { DomainError, LazyrichError, ShapeError } from '../../src/errors/index.js';
import { Matrix } from '../../src/linalg/matrix.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'lazyrich-npy-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A deterministic, awkward set of values: wide exponents, negatives, -0, tiny subnormals. */
function values(n: number): Float64Array {
  const out = new Float64Array(n);
  let s = 12345;
  for (let k = 0; k < n; k++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[k] = ((s / 2147483648) * 2 - 1) * 10 ** ((k % 41) - 20);
  }
  if (n > 2) {
    out[0] = -0;
    out[1] = 5e-324;
  }
  return out;
}

describe('readNpy / writeNpy', () => {
  it('round-trips float64 n-d arrays and matrices exactly', () => {
    const p = join(dir, 'a.npy');
    const data = values(24);
    writeNpy(p, data, [2, 3, 4]);
    const back = readNpy(p);
    assert.deepEqual(back.shape, [2, 3, 4]);
    assert.deepEqual(Array.from(back.data), Array.from(data));
    const m = new Matrix(4, 6, data);
    writeNpy(p, m); // overwrites atomically
    assert.deepEqual(readNpyMatrix(p).toArray(), m.toArray());
  });

  it('leaves no temporary file behind', () => {
    writeNpy(join(dir, 'b.npy'), values(5));
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  it('reports unreadable and unwritable paths as io errors naming the path', () => {
    const missing = join(dir, 'nope.npy');
    assert.throws(() => readNpy(missing), (e: unknown) => e instanceof LazyrichError && e.code === 'io' && e.message.includes(missing));
    const badDir = join(dir, 'no-such-folder', 'x.npy');
    assert.throws(() => writeNpy(badDir, values(2)), (e: unknown) => e instanceof LazyrichError && e.code === 'io' && e.message.includes(badDir));
  });

  it('names the file when it is corrupt or not 2-D', () => {
    const p = join(dir, 'corrupt.npy');
    writeFileSync(p, 'not numpy');
    assert.throws(() => readNpy(p), (e: unknown) => e instanceof DomainError && e.message.includes(p));
    const v = join(dir, 'vec.npy');
    writeNpy(v, values(3));
    assert.throws(() => readNpyMatrix(v), (e: unknown) => e instanceof ShapeError && e.message.includes(v));
  });
});

/** Why the NumPy round trip cannot run here, or false when it can. */
function numpyUnavailable(): false | string {
  const r = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) return `python3 has no numpy (${r.stderr.trim().split('\n').pop()})`;
  return false;
}
const skipNumpy = numpyUnavailable();
if (skipNumpy) console.log(`# skipping NumPy round trip: ${skipNumpy}`);

describe('NumPy reads what we write (np.load)', { skip: skipNumpy }, () => {
  it('float64 and float32 files of several shapes load to the same values', () => {
    const cases: { name: string; shape: number[]; dtype: 'float64' | 'float32' }[] = [
      { name: 'm.npy', shape: [7, 5], dtype: 'float64' },
      { name: 'v.npy', shape: [13], dtype: 'float64' },
      { name: 's.npy', shape: [], dtype: 'float64' },
      { name: 't.npy', shape: [2, 3, 4], dtype: 'float64' },
      { name: 'e.npy', shape: [0, 4], dtype: 'float64' },
      { name: 'f.npy', shape: [6, 4], dtype: 'float32' },
    ];
    const expected: Record<string, { shape: number[]; dtype: string; hex: string }> = {};
    for (const c of cases) {
      const n = c.shape.reduce((a, b) => a * b, 1);
      const data = values(n);
      writeNpy(join(dir, c.name), data, c.shape, { dtype: c.dtype });
      const stored = c.dtype === 'float32' ? Float64Array.from(Float32Array.from(data)) : data;
      // Expected values as big-endian float64 hex, compared bit for bit on the Python side.
      const be = Buffer.alloc(8 * n);
      stored.forEach((x, k) => be.writeDoubleBE(x, 8 * k));
      expected[c.name] = { shape: c.shape, dtype: c.dtype, hex: be.toString('hex') };
    }
    const script = [
      'import json, sys, os, numpy as np',
      'exp = json.load(sys.stdin); out = {}',
      'for name, e in exp.items():',
      '    a = np.load(os.path.join(sys.argv[1], name), allow_pickle=False)',
      '    ok = list(a.shape) == e["shape"] and a.dtype.name == e["dtype"] and a.flags.c_contiguous',
      '    ok = ok and np.ascontiguousarray(a, dtype=">f8").tobytes().hex() == e["hex"]',
      '    out[name] = bool(ok)',
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script, dir], { input: JSON.stringify(expected), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const verdict = JSON.parse(r.stdout) as Record<string, boolean>;
    assert.deepEqual(verdict, Object.fromEntries(cases.map((c) => [c.name, true])));
  });
});
