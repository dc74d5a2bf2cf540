/**
 * Singular value decomposition: the backend kernels (`svd` of every backend in backendCases()) and the
 * checked wrappers `svd` / `svdValues` of src/linalg/decompositions.ts.
 *
 * References (test/fixtures/linalg_spectral/svd.json, written by tools/fixtures/linalg_spectral.py):
 * - `ref_numpy`: numpy.linalg.svd(compute_uv=False) (LAPACK). Normwise accurate only (error ~ε·σ₁).
 * - `ref_exact`: mpmath.svd_r at 50 digits of the exact stored float64 matrix, rounded once to float64
 *   (m·n ≤ 900). Exact for the input we pass, so it can judge the *relative* accuracy of tiny singular
 *   values, where LAPACK's own answer is off by up to 5e−9 relative on the graded cases below.
 * Norms are Frobenius norms (an upper bound on the 2-norm).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import type { LinalgBackend, SvdResult } from '../../src/linalg/backend.js';
import { svd, svdValues } from '../../src/linalg/decompositions.js';
import { ConvergenceError, DomainError } from '../../src/errors/index.js';
import { backendCases } from '../helpers/backends.js';
import { normwiseError, orthogonalityError, perValueError } from '../helpers/accuracy.js';
import { decodeFixtureArray, fixtureMatrix, loadFixture } from '../helpers/fixtures.js';

interface SvdCase {
  name: string;
  kind: 'random' | 'graded' | 'illcond' | 'repeated' | 'rank1';
  A: unknown;
  ref_numpy: unknown;
  ref_exact?: unknown;
  exact?: number[];
}
const fixture = loadFixture<{ cases: SvdCase[] }>('linalg_spectral/svd.json');
const vec = (v: unknown): Float64Array => decodeFixtureArray(v).data;

/** ‖U diag(s) Vᵀ − A‖_F / ‖A‖_F (absolute when A = 0), using the first k columns of U / rows of Vᵀ. */
function reconstructionError(A: Matrix, r: SvdResult): number {
  const { rows: m, cols: n } = A;
  const k = r.s.length;
  const U = r.U.data;
  const uc = r.U.cols;
  const V = r.Vt.data;
  let err = 0;
  let norm = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let x = 0;
      for (let q = 0; q < k; q++) x += U[i * uc + q] * r.s[q] * V[q * n + j];
      err += (x - A.data[i * n + j]) ** 2;
      norm += A.data[i * n + j] ** 2;
    }
  }
  return Math.sqrt(err) / (norm === 0 ? 1 : Math.sqrt(norm));
}

/** Checks shapes, ordering and the three accuracy bounds; returns the measured errors. */
function checkFactorisation(A: Matrix, r: SvdResult, full: boolean, tol: number, label: string): void {
  const { rows: m, cols: n } = A;
  const k = Math.min(m, n);
  assert.equal(r.s.length, k, `${label}: length of s`);
  assert.deepEqual([r.U.rows, r.U.cols], full ? [m, m] : [m, k], `${label}: shape of U`);
  assert.deepEqual([r.Vt.rows, r.Vt.cols], full ? [n, n] : [k, n], `${label}: shape of Vt`);
  for (let i = 0; i < k; i++) {
    assert.ok(r.s[i] >= 0, `${label}: s[${i}] < 0`);
    if (i > 0) assert.ok(r.s[i] <= r.s[i - 1], `${label}: s not descending at ${i}`);
  }
  const rec = reconstructionError(A, r);
  const ou = orthogonalityError(r.U);
  const ov = orthogonalityError(r.Vt, true);
  assert.ok(rec <= tol, `${label}: reconstruction ${rec}`);
  assert.ok(ou <= tol, `${label}: ‖UᵀU − I‖ ${ou}`);
  assert.ok(ov <= tol, `${label}: ‖VᵀV − I‖ ${ov}`);
}

function randomMatrix(m: number, n: number, seed: number): Matrix {
  // Small deterministic LCG: fixed, reproducible inputs (statistical quality is irrelevant here).
  let s = seed >>> 0;
  const A = new Matrix(m, n);
  for (let i = 0; i < A.data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    A.data[i] = s / 2 ** 32 - 0.5;
  }
  return A;
}

for (const bc of backendCases()) {
  const backend: LinalgBackend = bc.backend;
  describe(`svd kernel [${bc.name}]`, { skip: bc.skip }, () => {
    it('matches NumPy on random matrices 1×1 … 300×300, wide and tall; full and thin factors are orthonormal', () => {
      for (const c of fixture.cases.filter((x) => x.kind === 'random')) {
        const A = fixtureMatrix(c.A);
        for (const full of [false, true]) {
          const r = backend.svd(A, full);
          // 1e−12 for reconstruction and orthogonality (Frobenius): backward-stable methods give O(n·ε);
          // measured ≤ 2e−13 at 300×300.
          checkFactorisation(A, r, full, 1e-12, `${c.name} full=${full}`);
          const refN = vec(c.ref_numpy);
          // Whole vector relative to σ₁: both sides are normwise accurate (~n·ε); measured ≤ 3.2e−14.
          assert.ok(normwiseError(r.s, refN) <= 1e-12, `${c.name}: normwise ${normwiseError(r.s, refN)}`);
          // Per value for σ ≥ 1% of σ₁ (well separated from 0): ~1e−14·σ₁ absolute is ≤ 1e−12 relative.
          const refPer = c.ref_exact ? vec(c.ref_exact) : refN;
          assert.ok(perValueError(r.s, refPer, 0.01) <= 1e-12, `${c.name}: per-value ${perValueError(r.s, refPer, 0.01)}`);
        }
      }
    });

    it('graded D₁ B D₂ and ill-conditioned U Σ Vᵀ (κ ≈ 1e12): normwise error ≤ 1e−13 vs mpmath', () => {
      // Every backend is normwise backward stable: |σᵢ − σᵢ(exact)| ≤ c·n·ε·σ₁; 1e−13 allows c ≈ 15 at n = 30.
      for (const c of fixture.cases.filter((x) => x.kind === 'graded' || x.kind === 'illcond')) {
        const A = fixtureMatrix(c.A);
        const r = backend.svd(A, false);
        const err = normwiseError(r.s, vec(c.ref_exact));
        assert.ok(err <= 1e-13, `${c.name}: normwise ${err}`);
        checkFactorisation(A, r, false, 1e-12, c.name);
      }
    });

    if (bc.name === 'js') {
      // Registered for the js kernel only: relative accuracy on graded matrices is the property of the
      // QR-preconditioned one-sided Jacobi method (Demmel & Veselić 1992; Drmač & Veselić 2008). LAPACK's
      // bidiagonalisation-based dgesdd does not promise it (NumPy errs by up to 5e−9 relative here).
      it('graded D₁ B D₂ (κ ≈ 1e12, scrambled grading): every singular value to ≤ 1e−10 relative vs mpmath', () => {
        for (const c of fixture.cases.filter((x) => x.kind === 'graded')) {
          const s = backend.svd(fixtureMatrix(c.A), false).s;
          // floor 0: every value, down to σ_min ≈ 1e−12·σ₁. Measured ≤ 5.2e−14.
          const err = perValueError(s, vec(c.ref_exact), 0);
          assert.ok(err <= 1e-10, `${c.name}: relative ${err}`);
        }
      });
    }

    it('exactly repeated singular values (Q₁ diag(3,3,3,1,1) Q₂ᵀ, 7·orthogonal, wide diag(2,2,0,0)): values to 1e−13', () => {
      for (const c of fixture.cases.filter((x) => x.kind === 'repeated')) {
        const A = fixtureMatrix(c.A);
        const exact = Float64Array.from(c.exact!);
        for (const full of [false, true]) {
          const r = backend.svd(A, full);
          // 1e−13 relative to σ₁: A itself is Q₁ΣQ₂ᵀ rounded to float64 (perturbation ~ε·σ₁).
          assert.ok(normwiseError(r.s, exact) <= 1e-13, `${c.name}: values ${normwiseError(r.s, exact)}`);
          checkFactorisation(A, r, full, 1e-13, `${c.name} full=${full}`);
        }
      }
    });

    it('rank one u vᵀ (tall and wide): σ₁ = ‖u‖‖v‖, the rest ≈ 0, singular vectors still orthonormal', () => {
      for (const c of fixture.cases.filter((x) => x.kind === 'rank1')) {
        const A = fixtureMatrix(c.A);
        for (const full of [false, true]) {
          const r = backend.svd(A, full);
          assert.ok(normwiseError(r.s, vec(c.ref_exact)) <= 1e-14, `${c.name}: values`);
          checkFactorisation(A, r, full, 1e-13, `${c.name} full=${full}`);
        }
      }
    });

    it('zero matrices of every shape: s = 0 with orthonormal U and V', () => {
      for (const [m, n] of [[4, 4], [5, 3], [3, 5], [1, 6], [6, 1]]) {
        for (const full of [false, true]) {
          const r = backend.svd(Matrix.zeros(m, n), full);
          assert.ok(r.s.every((x) => x === 0), `${m}x${n}: nonzero s`);
          checkFactorisation(Matrix.zeros(m, n), r, full, 1e-15, `zero ${m}x${n} full=${full}`);
        }
      }
    });

    it('rank-deficient random product (12×3 · 3×9): three nonzero values, complete orthonormal bases', () => {
      const B = randomMatrix(12, 3, 1);
      const C = randomMatrix(3, 9, 2);
      const A = new Matrix(12, 9);
      for (let i = 0; i < 12; i++) for (let j = 0; j < 9; j++) for (let q = 0; q < 3; q++) A.data[i * 9 + j] += B.data[i * 3 + q] * C.data[q * 9 + j];
      for (const M of [A, transposeOf(A)]) {
        for (const full of [false, true]) {
          const r = backend.svd(M, full);
          checkFactorisation(M, r, full, 1e-13, `rank3 ${M.rows}x${M.cols} full=${full}`);
          // σ₄… are zero in exact arithmetic: ≤ 1e−14·σ₁ (rounding of the product and the SVD).
          for (let i = 3; i < r.s.length; i++) assert.ok(r.s[i] <= 1e-14 * r.s[0], `σ${i + 1} = ${r.s[i]}`);
          assert.ok(r.s[2] > 1e-3 * r.s[0]);
        }
      }
    });

    it('vectors 1×n and n×1, and empty 0×n, n×0, 0×0 shapes', () => {
      const row = Matrix.rowVector([3, 0, -4]);
      for (const full of [false, true]) {
        const r = backend.svd(row, full);
        // σ = ‖(3, 0, −4)‖ = 5 up to one rounding.
        assert.ok(Math.abs(r.s[0] - 5) <= 1e-15 * 5);
        checkFactorisation(row, r, full, 1e-15, `1x3 full=${full}`);
        const col = Matrix.column([3, 0, -4]);
        const rc = backend.svd(col, full);
        assert.ok(Math.abs(rc.s[0] - 5) <= 1e-15 * 5);
        checkFactorisation(col, rc, full, 1e-15, `3x1 full=${full}`);
      }
      for (const [m, n] of [[0, 4], [4, 0], [0, 0]]) {
        for (const full of [false, true]) {
          const r = backend.svd(new Matrix(m, n), full);
          checkFactorisation(new Matrix(m, n), r, full, 0, `${m}x${n} full=${full}`);
        }
      }
    });

    it('huge and tiny scales: singular values scale with the matrix (no overflow or underflow)', () => {
      const B = randomMatrix(9, 6, 7);
      const base = backend.svd(B, false).s;
      for (const factor of [1e300, 1e-300, 2 ** -900]) {
        for (const M of [B, transposeOf(B)]) {
          const A = new Matrix(M.rows, M.cols, M.data.map((x) => x * factor));
          const r = backend.svd(A, true);
          assert.ok(r.s.every(Number.isFinite), `non-finite s at ${factor}`);
          const scaled = base.map((x) => x * factor);
          // 1e−13: the scaled problem is the same problem up to one rounding per entry.
          assert.ok(normwiseError(r.s, scaled) <= 1e-13, `scale ${factor}: ${normwiseError(r.s, scaled)}`);
          assert.ok(orthogonalityError(r.U) <= 1e-13 && orthogonalityError(r.Vt, true) <= 1e-13, `scale ${factor}`);
        }
      }
    });

    it('never modifies its input', () => {
      const A = randomMatrix(7, 11, 3);
      const before = A.data.slice();
      backend.svd(A, true);
      backend.svd(transposeOf(A), false);
      assert.deepEqual(A.data, before);
    });
  });
}

function transposeOf(A: Matrix): Matrix {
  const T = new Matrix(A.cols, A.rows);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) T.data[j * A.rows + i] = A.data[i * A.cols + j];
  return T;
}

describe('svd kernel [js] extras', () => {
  const js = backendCases()[0].backend;
  it('is deterministic (bitwise identical results for the same input)', () => {
    const A = randomMatrix(30, 20, 11);
    const a = js.svd(A, true);
    const b = js.svd(A, true);
    assert.deepEqual(a.s, b.s);
    assert.deepEqual(a.U.data, b.U.data);
    assert.deepEqual(a.Vt.data, b.Vt.data);
  });

  it('throws a ConvergenceError naming the shape when the iteration cannot converge (NaN reached the kernel)', () => {
    // The wrapper rejects NaN; called directly, the kernel must fail loudly instead of returning garbage.
    const A = randomMatrix(3, 5, 9);
    A.data[4] = NaN;
    assert.throws(() => js.svd(A, false), (e: unknown) => e instanceof ConvergenceError && /3x5/.test(e.message));
  });

  it('100×1000 (wide) thin SVD: reconstruction and orthogonality ≤ 1e−12', () => {
    const A = randomMatrix(100, 1000, 5);
    checkFactorisation(A, js.svd(A, false), false, 1e-12, '100x1000');
  });
});

describe('svd / svdValues wrappers', () => {
  const js = backendCases()[0].backend;
  it('default to thin factors and return the backend result', () => {
    const A = Matrix.from([[3, 0], [4, 5], [0, 0]]);
    const r = svd(A, { backend: js });
    assert.deepEqual([r.U.rows, r.U.cols, r.Vt.rows], [3, 2, 2]);
    // σ = 3√5 and √5 (AᵀA = [[25, 20], [20, 25]] has eigenvalues 45 and 5): a few ulps.
    assert.ok(Math.abs(r.s[0] - 3 * Math.sqrt(5)) <= 1e-14 && Math.abs(r.s[1] - Math.sqrt(5)) <= 1e-14);
    assert.deepEqual(svdValues(A, { backend: js }), r.s);
    const f = svd(A, { full: true, backend: js });
    assert.deepEqual([f.U.rows, f.U.cols], [3, 3]);
  });

  it('reject NaN/Inf with a DomainError naming the entry', () => {
    const A = Matrix.from([[1, 2, 3], [4, -Infinity, 6]], { allowNonFinite: true });
    assert.throws(() => svd(A), (e: unknown) => e instanceof DomainError && /\[1\]\[1\]/.test(e.message));
    assert.throws(() => svdValues(A, { name: 'W2' }), (e: unknown) => e instanceof DomainError && /W2/.test(e.message));
  });
});
