/**
 * ops.ts and norms.ts: exact results on small integer matrices (every operation here is exact in
 * binary floating point unless a tolerance says otherwise), products against a naive triple loop,
 * norms against NumPy's singular values, and the shape / finiteness errors. Backend-dependent
 * functions run on every backend of backendCases().
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backendCases } from '../helpers/backends.js';
import { decodeFixtureArray, fixtureMatrix, loadFixture } from '../helpers/fixtures.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { DomainError, ShapeError } from '../../src/errors/index.js';
import {
  add,
  addScaled,
  copyInto,
  dot,
  gemm,
  hadamard,
  isSymmetric,
  matmul,
  matvec,
  maxAbsDiff,
  maxAsymmetry,
  outer,
  relativeError,
  scale,
  sub,
  symmetrize,
  trace,
  transpose,
} from '../../src/linalg/ops.js';
import {
  estimateOneNorm,
  frobeniusNorm,
  infNorm,
  maxAbs,
  nuclearNorm,
  oneNorm,
  spectralNorm,
} from '../../src/linalg/norms.js';

const EPS = Number.EPSILON;
const A = Matrix.from([[1, 2, 3], [4, 5, 6]]);
const B = Matrix.from([[7, 8, 9], [10, 11, 12]]);
const pinvFix = loadFixture<any>('linalg_basic/pinv.json');

/** The naive triple-loop product, the definition of matmul. */
function naiveProduct(X: Matrix, Y: Matrix): Matrix {
  const C = new Matrix(X.rows, Y.cols);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < Y.cols; j++) {
      let s = 0;
      for (let k = 0; k < X.cols; k++) s += X.get(i, k) * Y.get(k, j);
      C.set(i, j, s);
    }
  }
  return C;
}

/** A deterministic pseudo-random matrix with entries in (−1, 1) (a small LCG; no Math.random). */
function lcgMatrix(rows: number, cols: number, seed: number): Matrix {
  const M = new Matrix(rows, cols);
  let s = seed >>> 0;
  for (let i = 0; i < M.data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    M.data[i] = s / 2 ** 31 - 1;
  }
  return M;
}

function isShapeErrorNaming(op: string, a: string, b: string) {
  return (e: unknown) => e instanceof ShapeError && e.message.startsWith(`${op}:`) && e.message.includes(a) && e.message.includes(b);
}

for (const bc of backendCases()) {
  const backend = bc.backend;
  describe(`matmul and gemm (${bc.name} backend)`, { skip: bc.skip }, () => {
    it('computes every transpose combination like the naive triple loop', () => {
      const X = lcgMatrix(17, 9, 1);
      const Y = lcgMatrix(9, 13, 2);
      const ref = naiveProduct(X, Y);
      // Different summation orders differ by ≲ k·ε·Σ|xy| ≤ 9·ε·9 per entry (entries < 1).
      const tol = 81 * EPS;
      assert.ok(maxAbsDiff(matmul(X, Y, { backend }), ref) <= tol);
      assert.ok(maxAbsDiff(matmul(transpose(X), Y, { backend, transA: true }), ref) <= tol);
      assert.ok(maxAbsDiff(matmul(X, transpose(Y), { backend, transB: true }), ref) <= tol);
      assert.ok(maxAbsDiff(matmul(transpose(X), transpose(Y), { backend, transA: true, transB: true }), ref) <= tol);
    });

    it('is exact on small integers and handles an empty inner dimension', () => {
      assert.deepEqual(matmul(A, B, { backend, transB: true }).toArray(), [[50, 68], [122, 167]]);
      assert.deepEqual(matmul(new Matrix(2, 0), new Matrix(0, 3), { backend }).toArray(), [[0, 0, 0], [0, 0, 0]]);
    });

    it('gemm updates C in place, ignores C when beta = 0 and returns it', () => {
      const C = Matrix.from([[1, 1], [1, 1]]);
      const out = gemm(2, A, B, 3, C, { backend, transB: true });
      assert.equal(out, C);
      assert.deepEqual(C.toArray(), [[103, 139], [247, 337]]);
      const D = Matrix.from([[NaN, NaN], [NaN, NaN]], { allowNonFinite: true });
      gemm(1, A, B, 0, D, { backend, transB: true });
      assert.deepEqual(D.toArray(), [[50, 68], [122, 167]]);
    });

    it('names the operation and both shapes on mismatch', () => {
      assert.throws(() => matmul(A, B, { backend }), isShapeErrorNaming('matmul', '2x3', '2x3'));
      assert.throws(() => matmul(A, B, { backend }), /inner dimensions 3 and 2 differ/);
      assert.throws(() => gemm(1, A, B, 0, Matrix.zeros(3, 3), { backend, transB: true }), isShapeErrorNaming('gemm', '2x2', '3x3'));
      assert.throws(() => gemm(1, A, B, 0, Matrix.zeros(2, 2), { backend }), isShapeErrorNaming('gemm', '2x3', '2x3'));
    });

    it('rejects NaN/Inf operands, non-finite scalars and aliasing', () => {
      const bad = Matrix.from([[1, Infinity]], { allowNonFinite: true });
      assert.throws(() => matmul(bad, Matrix.zeros(2, 1), { backend }), (e: unknown) => e instanceof DomainError && /matmul: A/.test(e.message) && /Infinity/.test(e.message));
      assert.throws(() => matmul(Matrix.zeros(1, 1), Matrix.from([[NaN]], { allowNonFinite: true }), { backend }), /matmul: B: entry \[0\]\[0\] is NaN/);
      const C = Matrix.from([[NaN]], { allowNonFinite: true });
      assert.throws(() => gemm(1, Matrix.zeros(1, 1), Matrix.zeros(1, 1), 1, C, { backend }), /gemm: C/);
      assert.throws(() => gemm(NaN, A, B, 0, Matrix.zeros(2, 2), { backend, transB: true }), DomainError);
      const S = Matrix.identity(2);
      assert.throws(() => gemm(1, S, Matrix.identity(2), 0, S, { backend }), /must not share storage/);
    });
  });

  describe(`spectral and nuclear norms (${bc.name} backend)`, { skip: bc.skip }, () => {
    for (const c of pinvFix.cases) {
      it(`equal NumPy's singular values for ${c.name}`, () => {
        const M = fixtureMatrix(c.A);
        const s = decodeFixtureArray(c.s).data;
        const sum = s.reduce((x, y) => x + y, 0);
        // Singular values are perfectly conditioned: |σ̂ − σ| ≲ k·ε·σ₁ (Weyl), k ≤ 60 here.
        assert.ok(Math.abs(spectralNorm(M, { backend }) - s[0]) <= 100 * EPS * Math.max(s[0], 1e-300));
        assert.ok(Math.abs(nuclearNorm(M, { backend }) - sum) <= 100 * s.length * EPS * Math.max(s[0], 1e-300));
      });
    }

    it('are exact on diagonal matrices and zero on empty ones', () => {
      assert.equal(spectralNorm(Matrix.from([[3, 0], [0, -4]]), { backend }), 4);
      assert.equal(nuclearNorm(Matrix.from([[3, 0], [0, -4]]), { backend }), 7);
      assert.equal(spectralNorm(new Matrix(0, 3), { backend }), 0);
      assert.equal(nuclearNorm(new Matrix(2, 0), { backend }), 0);
      assert.throws(() => spectralNorm(Matrix.from([[NaN]], { allowNonFinite: true }), { backend }), DomainError);
    });
  });
}

describe('elementwise operations', () => {
  it('add, sub, addScaled, scale, hadamard are exact on integers', () => {
    assert.deepEqual(add(A, B).toArray(), [[8, 10, 12], [14, 16, 18]]);
    assert.deepEqual(sub(B, A).toArray(), [[6, 6, 6], [6, 6, 6]]);
    assert.deepEqual(addScaled(A, -2, B).toArray(), [[-13, -14, -15], [-16, -17, -18]]);
    assert.deepEqual(scale(A, 0.5).toArray(), [[0.5, 1, 1.5], [2, 2.5, 3]]);
    assert.deepEqual(hadamard(A, B).toArray(), [[7, 16, 27], [40, 55, 72]]);
    // Inputs untouched.
    assert.deepEqual(A.toArray(), [[1, 2, 3], [4, 5, 6]]);
  });

  it('name the operation and both shapes on mismatch', () => {
    const C = Matrix.zeros(3, 2);
    for (const [op, f] of [
      ['add', () => add(A, C)],
      ['sub', () => sub(A, C)],
      ['addScaled', () => addScaled(A, 1, C)],
      ['hadamard', () => hadamard(A, C)],
      ['copyInto', () => copyInto(A.clone(), C)],
      ['maxAbsDiff', () => maxAbsDiff(A, C)],
      ['relativeError', () => relativeError(A, C)],
    ] as const) {
      assert.throws(f, isShapeErrorNaming(op, '2x3', '3x2'), op);
    }
  });

  it('reject NaN/Inf entries and non-finite scale factors', () => {
    const bad = Matrix.from([[1, 2, NaN], [4, 5, 6]], { allowNonFinite: true });
    assert.throws(() => add(A, bad), (e: unknown) => e instanceof DomainError && /add: B: entry \[0\]\[2\] is NaN/.test(e.message));
    assert.throws(() => scale(A, Infinity), (e: unknown) => e instanceof DomainError && /scale factor is Infinity/.test(e.message));
    assert.throws(() => addScaled(A, NaN, B), DomainError);
    assert.throws(() => hadamard(bad, A), DomainError);
    assert.throws(() => transpose(bad), DomainError);
  });

  it('transpose, trace, symmetrize, isSymmetric, maxAsymmetry', () => {
    assert.deepEqual(transpose(A).toArray(), [[1, 4], [2, 5], [3, 6]]);
    const big = lcgMatrix(70, 45, 3);
    const T = transpose(big);
    for (let i = 0; i < 70; i++) for (let j = 0; j < 45; j++) assert.equal(T.get(j, i), big.get(i, j));
    assert.equal(trace(Matrix.from([[1, 2], [3, 4]])), 5);
    assert.equal(trace(new Matrix(0, 0)), 0);
    assert.throws(() => trace(A), isShapeErrorNaming('trace', '2x3', 'square'));
    const N = Matrix.from([[1, 2], [0, 1]]);
    assert.deepEqual(symmetrize(N).toArray(), [[1, 1], [1, 1]]);
    assert.equal(isSymmetric(symmetrize(lcgMatrix(9, 9, 4))), true);
    assert.equal(maxAsymmetry(N), 2);
    assert.equal(isSymmetric(N), false);
    assert.equal(isSymmetric(A), false);
    const nearly = Matrix.from([[1, 2], [2 + 1e-12, 1]]);
    assert.equal(isSymmetric(nearly), false);
    assert.equal(isSymmetric(nearly, 1e-11), true);
    assert.throws(() => symmetrize(A), ShapeError);
    assert.throws(() => isSymmetric(N, -1), DomainError);
  });

  it('outer, dot, matvec', () => {
    assert.deepEqual(outer([1, 2], [3, 4, 5]).toArray(), [[3, 4, 5], [6, 8, 10]]);
    assert.equal(dot([1, 2, 3], Float64Array.of(4, 5, 6)), 32);
    assert.deepEqual(Array.from(matvec(A, [1, 0, -1])), [-2, -2]);
    assert.deepEqual(Array.from(matvec(A, [1, -1], { trans: true })), [-3, -3, -3]);
    assert.throws(() => dot([1, 2], [1]), isShapeErrorNaming('dot', '2', '1'));
    assert.throws(() => matvec(A, [1, 2]), isShapeErrorNaming('matvec', '2x3', '2'));
    assert.throws(() => matvec(A, [1, 2, 3], { trans: true }), isShapeErrorNaming('matvec', '2x3', '3'));
    assert.throws(() => outer([NaN], [1]), /outer: x: entry \[0\] is NaN/);
  });

  it('copyInto copies and returns the destination', () => {
    const D = Matrix.zeros(2, 3);
    assert.equal(copyInto(D, A), D);
    assert.deepEqual(D.toArray(), A.toArray());
    D.set(0, 0, 99);
    assert.equal(A.get(0, 0), 1, 'no aliasing');
  });

  it('maxAbsDiff and relativeError, including the zero reference and huge entries', () => {
    assert.equal(maxAbsDiff(Matrix.from([[1, 2]]), Matrix.from([[1, 2.5]])), 0.5);
    assert.equal(relativeError(Matrix.from([[3, 4]]), Matrix.from([[0, 0]])), 5, 'absolute error when ref = 0');
    assert.equal(relativeError(Matrix.zeros(2, 2), Matrix.zeros(2, 2)), 0);
    assert.equal(relativeError(A, A), 0);
    assert.equal(relativeError(new Matrix(0, 3), new Matrix(0, 3)), 0);
    // ‖(1,1) − (1,0)‖ / ‖(1,0)‖ = 1.
    assert.equal(relativeError(Matrix.from([[1, 1]]), Matrix.from([[1, 0]])), 1);
    // Entries near the top of the double range: the difference overflows unless scaled.
    const r = relativeError(Matrix.from([[1.5e308, 0]]), Matrix.from([[-1.5e308, 0]]));
    assert.ok(Math.abs(r - 2) <= 4 * EPS, `got ${r}`);
  });
});

describe('norms that need no decomposition', () => {
  it('frobeniusNorm is exact on a Pythagorean triple and overflow/underflow safe', () => {
    assert.equal(frobeniusNorm(Matrix.from([[3, 4]])), 5);
    assert.equal(frobeniusNorm(new Matrix(0, 0)), 0);
    // Scaled path: √(9+16)·1e200 and ·1e-200, within two roundings of the exact values.
    assert.ok(Math.abs(frobeniusNorm(Matrix.from([[3e200, 4e200]])) / 5e200 - 1) <= 2 * EPS);
    assert.ok(Math.abs(frobeniusNorm(Matrix.from([[3e-200], [4e-200]])) / 5e-200 - 1) <= 2 * EPS);
    assert.throws(() => frobeniusNorm(Matrix.from([[NaN]], { allowNonFinite: true })), DomainError);
  });

  it('oneNorm, infNorm, maxAbs', () => {
    const M = Matrix.from([[1, -2], [3, 4]]);
    assert.equal(oneNorm(M), 6);
    assert.equal(infNorm(M), 7);
    assert.equal(maxAbs(M), 4);
    assert.equal(oneNorm(new Matrix(0, 0)), 0);
  });

  it('estimateOneNorm finds ‖B‖₁ through products only (exact here, a lower bound in general)', () => {
    for (const seed of [5, 6, 7]) {
      const M = lcgMatrix(25, 25, seed);
      const est = estimateOneNorm(25, (x) => matvec(M, x), (x) => matvec(M, x, { trans: true }));
      const exact = oneNorm(M);
      // A lower bound (up to rounding in the products) and, by Higham 1988's experiments, within a factor 3.
      assert.ok(est <= exact * (1 + 1e-14) && est >= exact / 3, `estimate ${est} vs ${exact}`);
    }
    const D = Matrix.diag([1, -7, 3]);
    assert.equal(estimateOneNorm(3, (x) => matvec(D, x), (x) => matvec(D, x, { trans: true })), 7);
    assert.equal(estimateOneNorm(0, (x) => x, (x) => x), 0);
  });
});
