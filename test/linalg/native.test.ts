/**
 * The native backend (koffi → OpenBLAS/LAPACK) and backend selection.
 *
 * Every kernel is checked against the js backend on seeded random inputs and against the defining
 * identities (reconstruction, orthonormality, triangularity) computed with a plain triple loop that
 * belongs to neither backend. Tolerances are relative to the input norm, with the reason stated.
 * Where the native libraries cannot load, the native tests are skipped with the loader's reason.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Matrix } from '../../src/linalg/matrix.js';
import { getBackend, jsBackend, setBackend, type LinalgBackend } from '../../src/linalg/backend.js';
import { tryLoadNativeBackend, setNativeThreads, nativeThreads, nativeLapackOnlyBackend } from '../../src/linalg/native/index.js';
import { defaultCandidates, loadBlasLapack, suggestedOpenBlasCoreType, type RawBlasLapack } from '../../src/linalg/native/bindings.js';
import { createNativeBackend } from '../../src/linalg/native/kernels.js';
import { backendRequestFromEnv, selectBackend, useBestBackend } from '../../src/linalg/native/select.js';
import { BackendUnavailableError, ConfigError, ConvergenceError, DomainError, ShapeError } from '../../src/errors/index.js';

const EPS = 2 ** -52;
const loaded = tryLoadNativeBackend();
const skip: false | string = loaded.ok ? false : `native backend unavailable: ${loaded.reason}`;
const nativeDefault: LinalgBackend = loaded.ok ? loaded.backend : jsBackend;
const lapackOnly: LinalgBackend = nativeLapackOnlyBackend() ?? jsBackend;
const native = nativeDefault;

// ---------- test-only helpers (independent of both backends) ----------

/** Seeded N(0,1) stream: mulberry32 + Box–Muller. */
function normals(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => {
    const u = uniform() || 1e-300;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

function randn(rows: number, cols: number, seed: number): Matrix {
  const g = normals(seed);
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = g();
  return m;
}

function randSym(n: number, seed: number): Matrix {
  const a = randn(n, n, seed);
  const s = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s.data[i * n + j] = (a.get(i, j) + a.get(j, i)) / 2;
  return s;
}

function naiveMul(A: Matrix, B: Matrix, transA = false, transB = false): Matrix {
  const m = transA ? A.cols : A.rows;
  const k = transA ? A.rows : A.cols;
  const n = transB ? B.rows : B.cols;
  const a = transA ? transpose(A).data : A.data; // m × k row-major
  const b = transB ? B.data : transpose(B).data; // n × k row-major: row j is column j of op(B)
  const C = new Matrix(m, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc += a[i * k + p] * b[j * k + p];
      C.data[i * n + j] = acc;
    }
  }
  return C;
}

function transpose(A: Matrix): Matrix {
  const T = new Matrix(A.cols, A.rows);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) T.data[j * A.rows + i] = A.get(i, j);
  return T;
}

function fro(A: Matrix): number {
  let s = 0;
  for (const v of A.data) s += v * v;
  return Math.sqrt(s);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, 'length mismatch');
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function relDiff(A: Matrix, B: Matrix): number {
  assert.deepEqual(A.shape, B.shape);
  const diff = new Matrix(A.rows, A.cols);
  for (let i = 0; i < A.data.length; i++) diff.data[i] = A.data[i] - B.data[i];
  return fro(diff) / Math.max(fro(B), Number.MIN_VALUE);
}

/** ‖XᵀX − I‖_max for the columns of X. */
function orthoError(X: Matrix): number {
  const G = naiveMul(X, X, true, false);
  let e = 0;
  for (let i = 0; i < G.rows; i++) for (let j = 0; j < G.cols; j++) e = Math.max(e, Math.abs(G.get(i, j) - (i === j ? 1 : 0)));
  return e;
}

function scaleCols(U: Matrix, s: ArrayLike<number>): Matrix {
  const out = U.clone();
  for (let i = 0; i < U.rows; i++) for (let j = 0; j < U.cols; j++) out.data[i * U.cols + j] *= j < s.length ? s[j] : 0;
  return out;
}

/** Applies LAPACK-style 0-based pivots to the rows of A (P A). */
function permuteRows(A: Matrix, pivots: Int32Array): Matrix {
  const P = A.clone();
  const n = A.cols;
  for (let i = 0; i < pivots.length; i++) {
    const p = pivots[i];
    if (p !== i) {
      for (let j = 0; j < n; j++) {
        const t = P.data[i * n + j];
        P.data[i * n + j] = P.data[p * n + j];
        P.data[p * n + j] = t;
      }
    }
  }
  return P;
}

function unpackLU(lu: Matrix): { L: Matrix; U: Matrix } {
  const n = lu.rows;
  const L = Matrix.identity(n);
  const U = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j < i) L.data[i * n + j] = lu.get(i, j);
      else U.data[i * n + j] = lu.get(i, j);
    }
  }
  return { L, U };
}

/** Calls f and asserts that it did not modify A. */
function unchanged<T>(A: Matrix, f: () => T): T {
  const before = A.data.slice();
  const out = f();
  assert.deepEqual(A.data, before, 'the backend modified its input');
  return out;
}

// ---------- loader ----------

describe('tryLoadNativeBackend', () => {
  it('returns the documented result shape and caches it', () => {
    const again = tryLoadNativeBackend();
    assert.equal(again, loaded, 'second call must return the cached result');
    if (loaded.ok) {
      assert.equal(loaded.backend.name, 'native');
      assert.ok(loaded.blasPath.startsWith('/') && existsSync(loaded.blasPath), `blasPath ${loaded.blasPath}`);
      assert.ok(loaded.lapackPath.startsWith('/') && existsSync(loaded.lapackPath), `lapackPath ${loaded.lapackPath}`);
      assert.ok(Number.isInteger(loaded.threads) && loaded.threads >= 1, `threads ${loaded.threads}`);
      for (const k of ['gemm', 'eigh', 'svd', 'lu', 'luSolve', 'cholesky', 'qr'] as const) {
        assert.equal(typeof loaded.backend[k], 'function', k);
      }
    } else {
      assert.ok(loaded.reason.length > 0);
    }
  });

  it('reports a missing library as ok:false with a reason naming it, without throwing', () => {
    const r = tryLoadNativeBackend({ libraryPaths: ['/nonexistent/libnotblas.so.9'] });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /\/nonexistent\/libnotblas\.so\.9/);
    const empty = tryLoadNativeBackend({ libraryPaths: [] });
    assert.equal(empty.ok, false);
  });

  it('loads explicit BLAS + LAPACK paths (two-library form)', { skip }, () => {
    const r = tryLoadNativeBackend({ libraryPaths: ['libblas.so.3', 'liblapack.so.3'] });
    if (!r.ok) {
      // The system has OpenBLAS but not the libblas/liblapack alternatives: reason must name them.
      assert.match(r.reason, /libblas\.so\.3/);
      return;
    }
    assert.ok(existsSync(r.blasPath) && existsSync(r.lapackPath));
    const A = randn(7, 5, 1);
    const C = new Matrix(7, 7);
    r.backend.gemm(false, true, 1, A, A, 0, C);
    assert.ok(relDiff(C, naiveMul(A, A, false, true)) < 1e-14); // 5-term dot products: rounding ~5ε
  });

  it('picks an OpenBLAS core type from CPU flags only when the kernels are available', () => {
    assert.equal(suggestedOpenBlasCoreType('flags\t\t: fpu sse2 avx avx2 fma avx512f avx512cd avx512bw avx512dq avx512vl\n'), 'SkylakeX');
    assert.equal(suggestedOpenBlasCoreType('flags\t\t: fpu sse2 avx avx2 fma avx512f\n'), 'Haswell');
    assert.equal(suggestedOpenBlasCoreType('flags\t\t: fpu sse2 avx\n'), undefined);
    assert.equal(suggestedOpenBlasCoreType('processor: 0\n'), undefined);
  });

  it('hands inputs below the crossover sizes to js and larger ones to LAPACK', { skip }, () => {
    const small = randSym(3, 9);
    assert.deepEqual(nativeDefault.eigh(small), jsBackend.eigh(small)); // delegated: identical bits
    const big = randSym(30, 9);
    const viaDefault = nativeDefault.eigh(big);
    const viaLapack = lapackOnly.eigh(big);
    assert.deepEqual(viaDefault.values, viaLapack.values); // same LAPACK call: identical bits
    assert.deepEqual(viaDefault.vectors.data, viaLapack.vectors.data);
  });

  it('sets and reads the BLAS thread count', { skip }, () => {
    const before = nativeThreads();
    assert.ok(before !== undefined && before >= 1);
    assert.equal(setNativeThreads(1), true);
    assert.equal(nativeThreads(), 1);
    assert.equal(setNativeThreads(0), false, 'zero threads is refused');
    setNativeThreads(before);
    assert.equal(nativeThreads(), before);
  });
});

// ---------- kernels vs js ----------

/**
 * The kernel suites, run twice: on the backend users get (small inputs handed to js below the
 * measured crossover) and on the LAPACK-only variant, so the LAPACK path is also tested at 0, 1, 2…
 */
function kernelSuites(label: string, native: LinalgBackend): void {
  describe(`${label} gemm`, { skip }, () => {
    it('matches js for every transpose combination, alpha and beta', () => {
      let seed = 10;
      for (const [m, k, n] of [[1, 1, 1], [3, 4, 5], [17, 9, 23], [64, 33, 40]]) {
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            const A = transA ? randn(k, m, seed++) : randn(m, k, seed++);
            const B = transB ? randn(n, k, seed++) : randn(k, n, seed++);
            const C0 = randn(m, n, seed++);
            const Cn = C0.clone();
            const Cj = C0.clone();
            unchanged(A, () => unchanged(B, () => native.gemm(transA, transB, 0.7, A, B, -1.3, Cn)));
            jsBackend.gemm(transA, transB, 0.7, A, B, -1.3, Cj);
            // Each entry is a k-term dot product of N(0,1) numbers: rounding ≤ k·ε·Σ|a||b| ≲ 4k²ε.
            assert.ok(maxAbsDiff(Cn.data, Cj.data) <= 4 * k * k * EPS + 1e-15, `${m}x${k}x${n} ${transA} ${transB}`);
            assert.ok(relDiff(Cn, Cj) < 1e-14);
          }
        }
      }
    });

    it('ignores C when beta = 0 (NaN included), scales C when k = 0, does nothing when m or n = 0', () => {
      const A = randn(4, 3, 1);
      const B = randn(3, 5, 2);
      const C = Matrix.filled(4, 5, NaN);
      native.gemm(false, false, 1, A, B, 0, C);
      assert.ok(relDiff(C, naiveMul(A, B)) < 1e-15); // 3-term dot products
      const C2 = Matrix.filled(4, 5, 2);
      native.gemm(false, false, 1, new Matrix(4, 0), new Matrix(0, 5), 3, C2);
      assert.ok(C2.data.every((v) => v === 6));
      const C3 = Matrix.filled(4, 5, NaN);
      native.gemm(false, false, 1, new Matrix(4, 0), new Matrix(0, 5), 0, C3);
      assert.ok(C3.data.every((v) => v === 0));
      native.gemm(false, false, 1, new Matrix(0, 3), B, 0, new Matrix(0, 5)); // must not throw
    });

    it('throws ShapeError instead of reading out of bounds', () => {
      assert.throws(() => native.gemm(false, false, 1, randn(3, 4, 1), randn(5, 2, 2), 0, new Matrix(3, 2)), ShapeError);
      assert.throws(() => native.gemm(false, false, 1, randn(3, 4, 1), randn(4, 2, 2), 0, new Matrix(3, 3)), ShapeError);
    });
  });

  describe(`${label} eigh`, { skip }, () => {
    for (const n of [1, 2, 5, 40, 150]) {
      it(`n = ${n}: ascending values equal js, A = V diag(w) Vᵀ, V orthonormal`, () => {
        const A = randSym(n, 100 + n);
        const r = unchanged(A, () => native.eigh(A));
        const j = jsBackend.eigh(A);
        const normA = fro(A);
        // Symmetric eigenvalues are perfectly conditioned (Weyl): both backends are backward stable,
        // so they agree to a small multiple of n·ε·‖A‖.
        assert.ok(maxAbsDiff(r.values, j.values) <= 10 * n * EPS * normA + 1e-15);
        for (let i = 1; i < n; i++) assert.ok(r.values[i - 1] <= r.values[i], 'ascending');
        const recon = naiveMul(scaleCols(r.vectors, r.values), r.vectors, false, true);
        assert.ok(relDiff(recon, A) <= 10 * n * EPS, `reconstruction ${relDiff(recon, A)}`);
        assert.ok(orthoError(r.vectors) <= 10 * n * EPS, `orthonormality ${orthoError(r.vectors)}`);
      });
    }

    it('reads only the lower triangle', () => {
      const A = randSym(12, 7);
      const garbage = A.clone();
      for (let i = 0; i < 12; i++) for (let j = i + 1; j < 12; j++) garbage.data[i * 12 + j] = 1e6 * (i - j);
      assert.deepEqual(native.eigh(garbage).values, native.eigh(A).values);
    });

    it('handles 0×0 and rejects non-square input', () => {
      const r = native.eigh(new Matrix(0, 0));
      assert.equal(r.values.length, 0);
      assert.deepEqual(r.vectors.shape, [0, 0]);
      assert.throws(() => native.eigh(new Matrix(2, 3)), ShapeError);
    });
  });

  describe(`${label} svd`, { skip }, () => {
    const shapes: [number, number][] = [[1, 1], [1, 6], [6, 1], [6, 4], [4, 6], [30, 50], [50, 30]];
    for (const [m, n] of shapes) {
      for (const full of [true, false]) {
        it(`${m}x${n} ${full ? 'full' : 'thin'}: values equal js, A = U diag(s) Vᵀ, U and V orthonormal`, () => {
          const A = randn(m, n, 1000 + 37 * m + n);
          const r = unchanged(A, () => native.svd(A, full));
          const j = jsBackend.svd(A, full);
          const k = Math.min(m, n);
          assert.deepEqual(r.U.shape, full ? [m, m] : [m, k]);
          assert.deepEqual(r.Vt.shape, full ? [n, n] : [k, n]);
          assert.equal(r.s.length, k);
          // Singular values are perfectly conditioned (Weyl): agreement to a multiple of max(m,n)·ε·‖A‖.
          const scale = 10 * Math.max(m, n) * EPS;
          assert.ok(maxAbsDiff(r.s, j.s) <= scale * fro(A), `s vs js ${maxAbsDiff(r.s, j.s)}`);
          for (let i = 1; i < k; i++) assert.ok(r.s[i - 1] >= r.s[i] && r.s[i] >= 0, 'descending, non-negative');
          const Uk = new Matrix(m, k);
          for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) Uk.data[i * k + c] = r.U.get(i, c);
          const Vtk = new Matrix(k, n, r.Vt.data.slice(0, k * n));
          const recon = naiveMul(scaleCols(Uk, r.s), Vtk);
          assert.ok(relDiff(recon, A) <= scale, `reconstruction ${relDiff(recon, A)}`);
          assert.ok(orthoError(r.U) <= scale, `U ${orthoError(r.U)}`);
          assert.ok(orthoError(transpose(r.Vt)) <= scale, `V ${orthoError(transpose(r.Vt))}`);
        });
      }
    }

    it('keeps U and V orthonormal for rank-deficient input with repeated zero singular values', () => {
      const B = randn(20, 3, 5);
      const A = naiveMul(B, randn(3, 12, 6)); // rank 3, 20×12
      for (const full of [true, false]) {
        const r = native.svd(A, full);
        assert.ok(r.s[3] <= 1e-13 * r.s[0], 'rank 3'); // exact rank 3 up to rounding of a 3-term product
        assert.ok(orthoError(r.U) <= 1e-13 && orthoError(transpose(r.Vt)) <= 1e-13);
      }
    });

    it('handles m or n = 0', () => {
      for (const [m, n] of [[0, 3], [3, 0], [0, 0]] as [number, number][]) {
        const f = native.svd(new Matrix(m, n), true);
        assert.deepEqual([f.U.shape, f.s.length, f.Vt.shape], [[m, m], 0, [n, n]]);
        assert.equal(orthoError(f.U), 0);
        assert.equal(orthoError(transpose(f.Vt)), 0);
        const t = native.svd(new Matrix(m, n), false);
        assert.deepEqual([t.U.shape, t.s.length, t.Vt.shape], [[m, 0], 0, [0, n]]);
      }
    });
  });

  describe(`${label} lu and luSolve`, { skip }, () => {
    for (const n of [1, 2, 6, 60]) {
      it(`n = ${n}: same pivots and factors as js, P A = L U, solve residual small`, () => {
        const A = randn(n, n, 500 + n);
        const r = unchanged(A, () => native.lu(A));
        const j = jsBackend.lu(A);
        // Partial pivoting picks the largest |entry|; with continuous random data there are no ties.
        assert.deepEqual(Array.from(r.pivots), Array.from(j.pivots));
        assert.equal(r.permutationSign, j.permutationSign);
        assert.equal(r.singular, false);
        // Same pivot order ⇒ same factors up to rounding; growth is modest for random matrices.
        assert.ok(relDiff(r.lu, j.lu) <= 100 * n * EPS, `factors vs js ${relDiff(r.lu, j.lu)}`);
        for (let i = 0; i < n; i++) assert.ok(r.pivots[i] >= i && r.pivots[i] < n, '0-based pivots');
        const { L, U } = unpackLU(r.lu);
        assert.ok(relDiff(naiveMul(L, U), permuteRows(A, r.pivots)) <= 10 * n * EPS);
        const B = randn(n, 3, 900 + n);
        const X = unchanged(B, () => native.luSolve(r, B));
        const Xj = jsBackend.luSolve(j, B);
        // Backward-stable solve: residual ‖AX − B‖ ≲ n·ε·‖A‖‖X‖.
        const res = naiveMul(A, X);
        for (let i = 0; i < res.data.length; i++) res.data[i] -= B.data[i];
        assert.ok(fro(res) <= 10 * n * EPS * fro(A) * fro(X), `residual ${fro(res)}`);
        assert.ok(relDiff(X, Xj) <= 1e-9, `X vs js ${relDiff(X, Xj)}`); // both solve the same system; κ(A) ≲ 1e4 here
      });
    }

    it('flags an exactly singular matrix without throwing, and luSolve then refuses', () => {
      const A = Matrix.from([[1, 2, 3], [2, 4, 6], [1, 0, 1]]);
      const r = native.lu(A);
      assert.equal(r.singular, true);
      assert.throws(() => native.luSolve(r, Matrix.column([1, 2, 3])), DomainError);
    });

    it('computes the permutation sign (det = sign · Π U_ii)', () => {
      const A = Matrix.from([[0, 1], [1, 0]]);
      const r = native.lu(A);
      assert.equal(r.permutationSign, -1);
      assert.deepEqual(Array.from(r.pivots), [1, 1]);
    });

    it('handles 0×0, zero right-hand sides and bad shapes', () => {
      const z = native.lu(new Matrix(0, 0));
      assert.deepEqual([z.lu.shape, z.pivots.length, z.permutationSign, z.singular], [[0, 0], 0, 1, false]);
      const r = native.lu(randn(3, 3, 1));
      assert.deepEqual(native.luSolve(r, new Matrix(3, 0)).shape, [3, 0]);
      assert.throws(() => native.luSolve(r, new Matrix(4, 1)), ShapeError);
      assert.throws(() => native.lu(new Matrix(2, 3)), ShapeError);
    });
  });

  describe(`${label} cholesky`, { skip }, () => {
    for (const n of [1, 3, 50]) {
      it(`n = ${n}: lower L equals js and L Lᵀ = A`, () => {
        const G = randn(n, n, 700 + n);
        const A = naiveMul(G, G, false, true);
        for (let i = 0; i < n; i++) A.data[i * n + i] += n;
        const L = unchanged(A, () => native.cholesky(A));
        const Lj = jsBackend.cholesky(A);
        assert.ok(L !== null && Lj !== null);
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(L.get(i, j), 0, 'strict upper part is zero');
        // Cholesky is backward stable and the factor is unique: agreement ≲ n·ε·κ(A)^(1/2), κ ≲ 10 here.
        assert.ok(relDiff(L, Lj) <= 100 * n * EPS, `vs js ${relDiff(L, Lj)}`);
        assert.ok(relDiff(naiveMul(L, L, false, true), A) <= 10 * n * EPS);
      });
    }

    it('returns null for non-positive-definite input (indefinite, semidefinite, negative)', () => {
      assert.equal(native.cholesky(Matrix.from([[1, 2], [2, 1]])), null);
      assert.equal(native.cholesky(Matrix.from([[1, 1], [1, 1]])), null);
      assert.equal(native.cholesky(Matrix.from([[-1]])), null);
    });

    it('reads only the lower triangle; 0×0 is empty', () => {
      const A = Matrix.from([[4, 999], [2, 5]]);
      const L = native.cholesky(A);
      assert.ok(L !== null);
      assert.deepEqual(L.toArray(), [[2, 0], [1, 2]]);
      assert.deepEqual(native.cholesky(new Matrix(0, 0))?.shape, [0, 0]);
    });
  });

  describe(`${label} qr`, { skip }, () => {
    const shapes: [number, number][] = [[1, 1], [5, 3], [3, 5], [40, 25], [25, 40]];
    for (const [m, n] of shapes) {
      for (const full of [true, false]) {
        it(`${m}x${n} ${full ? 'full' : 'thin'}: Q orthonormal, R upper triangular, QR = A, |R| equals js`, () => {
          const A = randn(m, n, 300 + 13 * m + n);
          const r = unchanged(A, () => native.qr(A, full));
          const j = jsBackend.qr(A, full);
          const k = Math.min(m, n);
          assert.deepEqual(r.Q.shape, full ? [m, m] : [m, k]);
          assert.deepEqual(r.R.shape, full ? [m, n] : [k, n]);
          for (let i = 0; i < r.R.rows; i++) for (let c = 0; c < Math.min(i, n); c++) assert.equal(r.R.get(i, c), 0);
          const tol = 10 * Math.max(m, n) * EPS; // Householder QR is backward stable (Golub & Van Loan §5.2)
          assert.ok(orthoError(r.Q) <= tol, `Q ${orthoError(r.Q)}`);
          assert.ok(relDiff(naiveMul(r.Q, r.R), A) <= tol, `QR ${relDiff(naiveMul(r.Q, r.R), A)}`);
          // R is unique up to the sign of each row (for full rank): compare |R| with js.
          const abs = (X: Matrix): Matrix => new Matrix(X.rows, X.cols, X.data.map(Math.abs));
          assert.ok(relDiff(abs(r.R), abs(j.R)) <= 100 * Math.max(m, n) * EPS, `|R| vs js ${relDiff(abs(r.R), abs(j.R))}`);
        });
      }
    }

    it('handles m or n = 0', () => {
      const a = native.qr(new Matrix(3, 0), true);
      assert.deepEqual([a.Q.shape, a.R.shape], [[3, 3], [3, 0]]);
      assert.equal(orthoError(a.Q), 0);
      const b = native.qr(new Matrix(3, 0), false);
      assert.deepEqual([b.Q.shape, b.R.shape], [[3, 0], [0, 0]]);
      const c = native.qr(new Matrix(0, 4), true);
      assert.deepEqual([c.Q.shape, c.R.shape], [[0, 0], [0, 4]]);
    });
  });
}

kernelSuites('native', nativeDefault);
kernelSuites('native LAPACK-only', lapackOnly);

// ---------- LAPACK INFO handling (failures injected around the real routines) ----------

describe('native LAPACK INFO conversion', { skip }, () => {
  const lib = loadBlasLapack(defaultCandidates());
  const raw = lib.ok ? lib.lib.raw : undefined;
  /** The real routines with `name` replaced by a wrapper that runs it, then forces INFO. */
  function withInfo(name: 'dgesdd' | 'dgesvd' | 'dsyevd', info: number, calls: string[]): LinalgBackend {
    assert.ok(raw !== undefined);
    const wrapped: RawBlasLapack = { ...raw };
    for (const k of ['dgesdd', 'dgesvd', 'dsyevd'] as const) {
      const real = raw[k] as (...a: unknown[]) => void;
      (wrapped as unknown as Record<string, unknown>)[k] = (...args: unknown[]): void => {
        real(...args);
        const lworkArg = k === 'dsyevd' ? args[7] : k === 'dgesdd' ? args[11] : args[12];
        const isQuery = (lworkArg as Int32Array)[0] === -1;
        if (!isQuery) calls.push(k);
        const infoArg = (k === 'dsyevd' ? args[10] : k === 'dgesdd' ? args[13] : args[13]) as Int32Array;
        if (k === name && !isQuery) infoArg[0] = info;
      };
    }
    return createNativeBackend(wrapped);
  }

  it('svd retries with dgesvd_ when dgesdd_ does not converge, with the same conventions', () => {
    for (const [m, n] of [[9, 6], [6, 9]] as [number, number][]) {
      for (const full of [true, false]) {
        const A = randn(m, n, 77 + m);
        const calls: string[] = [];
        const r = withInfo('dgesdd', 3, calls).svd(A, full);
        assert.deepEqual(calls, ['dgesdd', 'dgesvd']);
        const ref = lapackOnly.svd(A, full);
        assert.ok(maxAbsDiff(r.s, ref.s) <= 100 * EPS * fro(A)); // two LAPACK algorithms, both backward stable
        assert.deepEqual([r.U.shape, r.Vt.shape], [ref.U.shape, ref.Vt.shape]);
        const k = Math.min(m, n);
        const Uk = new Matrix(m, k);
        for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) Uk.data[i * k + c] = r.U.get(i, c);
        const recon = naiveMul(scaleCols(Uk, r.s), new Matrix(k, n, r.Vt.data.slice(0, k * n)));
        assert.ok(relDiff(recon, A) <= 100 * EPS);
        assert.ok(orthoError(r.U) <= 100 * EPS && orthoError(transpose(r.Vt)) <= 100 * EPS);
      }
    }
  });

  it('svd throws ConvergenceError when dgesvd_ fails too; eigh throws ConvergenceError / DomainError', () => {
    // dgesdd_ and then dgesvd_ both report non-convergence.
    const both: RawBlasLapack = {
      ...raw!,
      dgesdd: (...a: Parameters<RawBlasLapack['dgesdd']>) => {
        raw!.dgesdd(...a);
        if (a[11][0] !== -1) a[13][0] = 1;
      },
      dgesvd: (...a: Parameters<RawBlasLapack['dgesvd']>) => {
        raw!.dgesvd(...a);
        if (a[12][0] !== -1) a[13][0] = 4;
      },
    };
    assert.throws(
      () => createNativeBackend(both).svd(randn(8, 8, 1), true),
      (e: unknown) => e instanceof ConvergenceError && /dgesdd_ and dgesvd_/.test(e.message) && /8x8/.test(e.message),
    );
    assert.throws(() => withInfo('dsyevd', 5, []).eigh(randSym(10, 2)), (e: unknown) => e instanceof ConvergenceError && /dsyevd_/.test(e.message) && /10x10/.test(e.message));
    assert.throws(() => withInfo('dsyevd', -4, []).eigh(randSym(10, 2)), (e: unknown) => e instanceof DomainError && /argument 4/.test(e.message));
  });
});

// ---------- multi-threaded large calls (the koffi stack gotcha) ----------

describe('native large multi-threaded calls', { skip }, () => {
  it('dgetrf at n = 400 and dgesdd at 400×400 and 100×1000 do not crash and are accurate', () => {
    const A = randn(400, 400, 42);
    const f = native.lu(A);
    const { L, U } = unpackLU(f.lu);
    assert.ok(relDiff(naiveMul(L, U), permuteRows(A, f.pivots)) <= 1e-12); // 400-term sums, growth ≲ 10
    const s = native.svd(A, true);
    assert.ok(relDiff(naiveMul(scaleCols(s.U, s.s), s.Vt), A) <= 1e-12); // backward stable, 400·ε ≈ 1e-13
    const W = randn(100, 1000, 43);
    for (const full of [true, false]) {
      const w = native.svd(W, full);
      assert.deepEqual(w.Vt.shape, full ? [1000, 1000] : [100, 1000]);
      const Vt = new Matrix(100, 1000, w.Vt.data.slice(0, 100 * 1000));
      assert.ok(relDiff(naiveMul(scaleCols(w.U, w.s), Vt), W) <= 1e-12);
    }
    const e = native.eigh(randSym(400, 44));
    assert.ok(orthoError(e.vectors) <= 1e-12);
  });

  it('pins BLAS to one thread (and still works) when koffi was configured before the loader ran', { skip }, () => {
    // A fresh process loads another library through koffi first, so the 16 MiB stack cannot be set.
    const script = `
      import koffi from 'koffi';
      koffi.load('libc.so.6');
      const { tryLoadNativeBackend } = await import('./src/linalg/native/index.ts');
      const { Matrix } = await import('./src/linalg/matrix.ts');
      const r = tryLoadNativeBackend();
      if (!r.ok) { console.log(JSON.stringify({ ok: false })); process.exit(0); }
      const n = 400, A = new Matrix(n, n);
      for (let i = 0; i < n * n; i++) A.data[i] = Math.sin(1.7 * i) + (i % (n + 1) === 0 ? 3 : 0);
      const f = r.backend.lu(A);
      console.log(JSON.stringify({ ok: true, threads: r.threads, notes: r.notes, singular: f.singular }));`;
    const root = new URL('../../', import.meta.url).pathname;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    assert.equal(out.status, 0, `child exited with ${out.status} (signal ${out.signal}): ${out.stderr}`);
    const res = JSON.parse(out.stdout.trim().split('\n').pop() ?? '{}');
    assert.equal(res.ok, true);
    assert.equal(res.threads, 1);
    assert.ok(res.notes.some((s: string) => /pinned to 1 thread/.test(s)), JSON.stringify(res.notes));
    assert.equal(res.singular, false);
  });
});

// ---------- selection ----------

describe('backend selection', () => {
  it('parses LAZYRICH_BACKEND', () => {
    assert.equal(backendRequestFromEnv({}), 'auto');
    assert.equal(backendRequestFromEnv({ LAZYRICH_BACKEND: '' }), 'auto');
    assert.equal(backendRequestFromEnv({ LAZYRICH_BACKEND: ' JS ' }), 'js');
    assert.equal(backendRequestFromEnv({ LAZYRICH_BACKEND: 'native' }), 'native');
    assert.equal(backendRequestFromEnv({ LAZYRICH_BACKEND: 'auto' }), 'auto');
    assert.throws(
      () => backendRequestFromEnv({ LAZYRICH_BACKEND: 'blas' }),
      (e: unknown) => e instanceof ConfigError && /LAZYRICH_BACKEND/.test(e.message) && /auto, js, native/.test(e.message),
    );
  });

  it('js is forced and always available', () => {
    const s = selectBackend('js');
    assert.equal(s.name, 'js');
    assert.equal(s.backend, jsBackend);
    assert.equal(s.forced, true);
  });

  it('auto picks native when it loads, else js with the loader reason', () => {
    const s = selectBackend('auto');
    assert.equal(s.forced, false);
    if (loaded.ok) {
      assert.equal(s.name, 'native');
      assert.equal(s.backend, loaded.backend);
      assert.match(s.reason, /^(OpenBLAS|BLAS) found at \//);
      assert.equal(s.blasPath, loaded.blasPath);
      assert.equal(s.threads, loaded.threads);
    } else {
      assert.equal(s.name, 'js');
      assert.match(s.reason, /^native libraries not found: /);
    }
    const missing = selectBackend('auto', { libraryPaths: ['/nonexistent/libopenblas.so.0'] });
    assert.equal(missing.name, 'js');
    assert.match(missing.reason, /^native libraries not found: .*\/nonexistent\/libopenblas\.so\.0/);
  });

  it('native is forced: the native backend, or BackendUnavailableError with the reason and the fix', () => {
    if (loaded.ok) {
      const s = selectBackend('native');
      assert.equal(s.name, 'native');
      assert.equal(s.forced, true);
    }
    assert.throws(
      () => selectBackend('native', { libraryPaths: ['/nonexistent/libopenblas.so.0'] }),
      (e: unknown) =>
        e instanceof BackendUnavailableError &&
        /\/nonexistent\/libopenblas\.so\.0/.test(e.message) &&
        /install libopenblas0 and liblapack3, or set LAZYRICH_BACKEND=js/.test(e.message),
    );
  });

  it('useBestBackend installs the selection as the default backend', () => {
    const previous = getBackend();
    try {
      const s = useBestBackend({ LAZYRICH_BACKEND: 'js' });
      assert.equal(s.name, 'js');
      assert.equal(getBackend(), jsBackend);
      const a = useBestBackend({});
      assert.equal(getBackend(), a.backend);
      assert.equal(a.name, loaded.ok ? 'native' : 'js');
      assert.throws(() => useBestBackend({ LAZYRICH_BACKEND: 'fast' }), ConfigError);
    } finally {
      setBackend(previous);
    }
  });
});
