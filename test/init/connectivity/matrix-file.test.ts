import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMatrixFile, parseMatrixCsv } from '../../../src/io/matrix-file.node.js';
import { writeNpy } from '../../../src/io/npy.node.js';
import { Matrix } from '../../../src/linalg/matrix.js';
import { DomainError, LazyrichError, ShapeError } from '../../../src/errors/index.js';
import { effectiveRanks } from '../../../src/metrics/index.js';

describe('loading a user connectivity matrix (CSV / .npy)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lazyrich-matrix-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('CSV with header, comments, blank lines, mixed separators; values exact', () => {
    const p = join(dir, 'w.csv');
    writeFileSync(p, 'pre0,pre1,pre2\n# a comment\n0.5, -1e-3, 2\n\n3;4\t5\n-0 1.25 7\n');
    const W = loadMatrixFile(p, { square: true });
    assert.deepEqual(W.toArray(), [[0.5, -0.001, 2], [3, 4, 5], [-0, 1.25, 7]]);
    assert.ok(effectiveRanks(W).paper > 0);
  });
  it('.npy round trip (float64 bits exact) and shape checks', () => {
    const p = join(dir, 'w.npy');
    const A = Matrix.from([[0.1, 0.2, 0.3], [1e-300, -5, 6]]);
    writeNpy(p, A);
    assert.deepEqual(loadMatrixFile(p).data, A.data);
    assert.throws(() => loadMatrixFile(p, { square: true }), ShapeError);
    assert.throws(() => loadMatrixFile(p, { shape: [3, 2] }), ShapeError);
    assert.deepEqual(loadMatrixFile(p, { shape: [2, 3] }).data, A.data);
  });
  it('refuses ragged rows, non-numbers after the header, NaN/Inf, empty files, missing files', () => {
    assert.throws(() => parseMatrixCsv('1,2\n3\n'), ShapeError);
    assert.throws(() => parseMatrixCsv('1,2\n3,x\n'), /line 2, field 2 is "x"/);
    assert.throws(() => parseMatrixCsv('1,NaN\n'), DomainError);
    assert.throws(() => parseMatrixCsv('1,Infinity\n'), DomainError);
    assert.throws(() => parseMatrixCsv('# only a comment\n'), ShapeError);
    const np = join(dir, 'nan.npy');
    writeNpy(np, Matrix.from([[1, Number.NaN]], { allowNonFinite: true }));
    assert.throws(() => loadMatrixFile(np), DomainError);
    assert.throws(() => loadMatrixFile(join(dir, 'missing.csv')), (e: unknown) => e instanceof LazyrichError && e.code === 'io');
  });
});
