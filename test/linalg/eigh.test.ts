/**
 * Symmetric eigendecomposition: the backend kernels (`eigh` of every backend in backendCases()) and
 * the checked wrappers `eigh` / `eigvalsh` of src/linalg/decompositions.ts.
 *
 * References (test/fixtures/linalg_spectral/eigh.json, written by tools/fixtures/linalg_spectral.py):
 * - `ref_numpy`: numpy.linalg.eigvalsh (LAPACK). Normwise accurate only: its error is ~ε·max|λ|.
 * - `ref_exact`: mpmath.eigsy at 50 digits of the exact stored float64 matrix, rounded once to float64
 *   (sizes ≤ 30). Exact for the input we actually pass, so it can judge *relative* accuracy of small
 *   eigenvalues, where LAPACK's own answer cannot serve as a reference.
 * Norms are Frobenius norms (an upper bound on the 2-norm).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import type { EighResult, LinalgBackend } from '../../src/linalg/backend.js';
import { eigh, eigvalsh, relativeAsymmetry } from '../../src/linalg/decompositions.js';
import { ConvergenceError, DomainError, ShapeError } from '../../src/errors/index.js';
import { backendCases } from '../helpers/backends.js';
import { normwiseError, orthogonalityError, perValueError } from '../helpers/accuracy.js';
import { decodeFixtureArray, fixtureMatrix, loadFixture } from '../helpers/fixtures.js';

interface EighCase {
  name: string;
  kind: 'random' | 'graded' | 'illcond' | 'repeated' | 'rank1';
  A: unknown;
  ref_numpy: unknown;
  ref_exact?: unknown;
  exact?: number[];
}
const fixture = loadFixture<{ cases: EighCase[] }>('linalg_spectral/eigh.json');
const vec = (v: unknown): Float64Array => decodeFixtureArray(v).data;

/** ‖A V − V diag(λ)‖_F / ‖A‖_F (1 × absolute when A = 0). */
function eigResidual(A: Matrix, r: EighResult): number {
  const n = A.rows;
  const V = r.vectors.data;
  let res = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A.data[i * n + j] * V[j * n + k];
      res += (s - r.values[k] * V[i * n + k]) ** 2;
      norm += A.data[i * n + k] ** 2;
    }
  }
  return Math.sqrt(res) / (norm === 0 ? 1 : Math.sqrt(norm));
}

function symmetricFromSeed(n: number, seed: number): Matrix {
  // Small deterministic LCG: the tests need fixed, reproducible inputs, not statistical quality.
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  const A = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = next();
      A.data[i * n + j] = v;
      A.data[j * n + i] = v;
    }
  }
  return A;
}

function assertAscending(values: Float64Array): void {
  for (let i = 1; i < values.length; i++) assert.ok(values[i] >= values[i - 1], `eigenvalues not ascending at ${i}`);
}

for (const bc of backendCases()) {
  const backend: LinalgBackend = bc.backend;
  describe(`eigh kernel [${bc.name}]`, { skip: bc.skip }, () => {
    it('matches NumPy on random symmetric matrices 1×1 … 300×300 (values, residual, orthogonality)', () => {
      for (const c of fixture.cases.filter((x) => x.kind === 'random')) {
        const A = fixtureMatrix(c.A);
        const r = backend.eigh(A);
        assertAscending(r.values);
        const refN = vec(c.ref_numpy);
        // 1e-12: both sides are backward stable (error ≲ n·ε·‖A‖ ≈ 7e-14 at n = 300); measured ≤ 6e-15.
        assert.ok(normwiseError(r.values, refN) <= 1e-12, `${c.name}: normwise ${normwiseError(r.values, refN)}`);
        // Per-value relative error for eigenvalues ≥ 1% of the largest (well separated from 0): the
        // absolute error ~1e-14·max|λ| is then ≤ 1e-12 relative. Exact reference where available.
        const refPer = c.ref_exact ? vec(c.ref_exact) : refN;
        assert.ok(perValueError(r.values, refPer, 0.01) <= 1e-12, `${c.name}: per-value ${perValueError(r.values, refPer, 0.01)}`);
        // 1e-12: residual and orthogonality of a backward-stable method are O(n·ε); measured ≤ 2e-13.
        assert.ok(eigResidual(A, r) <= 1e-12, `${c.name}: residual ${eigResidual(A, r)}`);
        assert.ok(orthogonalityError(r.vectors) <= 1e-12, `${c.name}: orthogonality ${orthogonalityError(r.vectors)}`);
      }
    });

    it('ill-conditioned (κ = 1e12, not graded): normwise error against the exact reference', () => {
      // For Q diag(±logspace(0, −12)) Qᵀ the small eigenvalues are not determined to high relative accuracy
      // by a normwise backward-stable method (nor by LAPACK: NumPy's relative error reaches 2.4e−5 here), so
      // the meaningful bound is |λᵢ − λᵢ(exact)| ≤ c·n·ε·‖A‖; 1e−13·max|λ| allows c ≈ 15 at n = 30.
      for (const c of fixture.cases.filter((x) => x.kind === 'illcond')) {
        const A = fixtureMatrix(c.A);
        const r = backend.eigh(A);
        const err = normwiseError(r.values, vec(c.ref_exact));
        assert.ok(err <= 1e-13, `${c.name}: normwise ${err}`);
        assert.ok(eigResidual(A, r) <= 1e-12 && orthogonalityError(r.vectors) <= 1e-12, c.name);
      }
    });

    it('graded positive definite (κ = 1e12): normwise error on every backend', () => {
      for (const c of fixture.cases.filter((x) => x.kind === 'graded')) {
        const A = fixtureMatrix(c.A);
        const r = backend.eigh(A);
        // Same normwise bound as above (LAPACK guarantees only this much).
        assert.ok(normwiseError(r.values, vec(c.ref_exact)) <= 1e-13, c.name);
        assert.ok(eigResidual(A, r) <= 1e-12 && orthogonalityError(r.vectors) <= 1e-12, c.name);
      }
    });

    if (bc.name === 'js') {
      // Registered for the js kernel only: high relative accuracy for graded matrices is a property of
      // the js method (diagonal ordering + bottom-up Householder + QL, with a relative deflation test).
      // LAPACK's dsyevd does not promise it (NumPy's eigvalsh errs by up to 4e−6 relative on these).
      it('graded positive definite D B D (κ = 1e12): every eigenvalue to ≤ 1e−10 relative vs mpmath', () => {
        for (const c of fixture.cases.filter((x) => x.kind === 'graded')) {
          const A = fixtureMatrix(c.A);
          const values = backend.eigh(A).values;
          const exact = vec(c.ref_exact);
          // floor 0: every eigenvalue, including the smallest (~1e−12 of the largest). Measured ≤ 1.3e−14.
          const err = perValueError(values, exact, 0);
          assert.ok(err <= 1e-10, `${c.name}: relative ${err}`);
        }
      });
    }

    it('repeated eigenvalues: values to 1e−13, orthonormal eigenvectors spanning each eigenspace', () => {
      for (const c of fixture.cases.filter((x) => x.kind === 'repeated')) {
        const A = fixtureMatrix(c.A);
        const r = backend.eigh(A);
        const exact = Float64Array.from(c.exact!);
        // 1e−13: A = Q diag(λ) Qᵀ is rounded to float64 (perturbation ~ε‖A‖), then backward-stable solve.
        assert.ok(normwiseError(r.values, exact) <= 1e-13, `${c.name}: values ${normwiseError(r.values, exact)}`);
        assert.ok(orthogonalityError(r.vectors) <= 1e-13, `${c.name}: orthogonality`);
        assert.ok(eigResidual(A, r) <= 1e-13, `${c.name}: residual`);
      }
    });

    it('rank one v vᵀ: one nonzero eigenvalue ‖v‖², the rest 0 to ε‖A‖, orthonormal vectors', () => {
      const c = fixture.cases.find((x) => x.kind === 'rank1')!;
      const A = fixtureMatrix(c.A);
      const r = backend.eigh(A);
      // 1e−14 normwise: a 7×7 backward-stable solve.
      assert.ok(normwiseError(r.values, vec(c.ref_exact)) <= 1e-14);
      assert.ok(orthogonalityError(r.vectors) <= 1e-13 && eigResidual(A, r) <= 1e-13);
    });

    it('zero matrix, identity, diagonal, 0×0 and 1×1 inputs', () => {
      const z = backend.eigh(Matrix.zeros(5, 5));
      assert.deepEqual(Array.from(z.values), [0, 0, 0, 0, 0]);
      assert.ok(orthogonalityError(z.vectors) <= 1e-15);
      const id = backend.eigh(Matrix.identity(6));
      // Identity: values exactly 1 up to one rounding; any orthonormal basis is a valid answer.
      for (const v of id.values) assert.ok(Math.abs(v - 1) <= 1e-15);
      assert.ok(orthogonalityError(id.vectors) <= 1e-14);
      const D = Matrix.diag([3, -1, 0, 7, -1, 2.5]);
      const dr = backend.eigh(D);
      // A diagonal matrix is already reduced: values are its diagonal (to one rounding), sorted.
      assert.ok(normwiseError(dr.values, Float64Array.of(-1, -1, 0, 2.5, 3, 7)) <= 1e-15);
      assert.ok(eigResidual(D, dr) <= 1e-15 && orthogonalityError(dr.vectors) <= 1e-15);
      const e0 = backend.eigh(new Matrix(0, 0));
      assert.equal(e0.values.length, 0);
      assert.equal(e0.vectors.rows, 0);
      const e1 = backend.eigh(Matrix.from([[-4.5]]));
      assert.deepEqual(Array.from(e1.values), [-4.5]);
      assert.equal(Math.abs(e1.vectors.data[0]), 1);
    });

    it('2×2 closed form', () => {
      const r = backend.eigh(Matrix.from([[2, 1], [1, 2]]));
      // Eigenvalues 1 and 3 with eigenvectors (1, −1)/√2, (1, 1)/√2 (up to sign): a few ulps.
      assert.ok(Math.abs(r.values[0] - 1) <= 4e-16 && Math.abs(r.values[1] - 3) <= 1e-15);
      assert.ok(Math.abs(Math.abs(r.vectors.get(0, 1)) - Math.SQRT1_2) <= 1e-15);
      assert.ok(Math.abs(r.vectors.get(0, 1) - r.vectors.get(1, 1)) <= 1e-15);
    });

    it('second-difference matrix n = 400 against the analytic spectrum 2 − 2cos(kπ/(n+1))', () => {
      const n = 400;
      const A = new Matrix(n, n);
      for (let i = 0; i < n; i++) {
        A.data[i * n + i] = 2;
        if (i > 0) A.data[i * n + i - 1] = A.data[(i - 1) * n + i] = -1;
      }
      const r = backend.eigh(A);
      const exact = new Float64Array(n);
      for (let k = 1; k <= n; k++) exact[k - 1] = 2 - 2 * Math.cos((k * Math.PI) / (n + 1));
      // 1e−13 normwise: n = 400, error ≲ n·ε·‖A‖; eigenvalues cluster near 0 and 4 (a stress for vectors).
      assert.ok(normwiseError(r.values, exact) <= 1e-13, `values ${normwiseError(r.values, exact)}`);
      assert.ok(orthogonalityError(r.vectors) <= 1e-12, `orthogonality ${orthogonalityError(r.vectors)}`);
      assert.ok(eigResidual(A, r) <= 1e-12, `residual ${eigResidual(A, r)}`);
    });

    it('huge and tiny scales: eigenvalues scale exactly with the matrix (no overflow or underflow)', () => {
      const B = symmetricFromSeed(12, 99);
      const base = backend.eigh(B).values;
      for (const factor of [1e300, 1e-300, 2 ** 600, 1e-310]) {
        const A = new Matrix(12, 12, B.data.map((x) => x * factor));
        const r = backend.eigh(A);
        const scaled = base.map((x) => x * factor);
        // 1e−13 (1e−6 for the subnormal 1e−310 input, whose entries keep only ~10 significant digits).
        const tol = factor === 1e-310 ? 1e-6 : 1e-13;
        assert.ok(r.values.every(Number.isFinite), `non-finite eigenvalues at scale ${factor}`);
        assert.ok(normwiseError(r.values, scaled) <= tol, `scale ${factor}: ${normwiseError(r.values, scaled)}`);
        assert.ok(orthogonalityError(r.vectors) <= 1e-13, `scale ${factor}: orthogonality`);
      }
    });

    it('reads only the lower triangle and never modifies its input', () => {
      const A = symmetricFromSeed(9, 5);
      const lowerOnly = A.clone();
      for (let i = 0; i < 9; i++) for (let j = i + 1; j < 9; j++) lowerOnly.data[i * 9 + j] = 1e3; // garbage above
      const before = lowerOnly.data.slice();
      const r = backend.eigh(lowerOnly);
      assert.deepEqual(lowerOnly.data, before);
      const ref = backend.eigh(A);
      // Same lower triangle, so the same eigenvalues (up to rounding differences of the reduction).
      assert.ok(normwiseError(r.values, ref.values) <= 1e-14);
    });
  });
}

describe('eigh kernel [js] extras', () => {
  const js = backendCases()[0].backend;
  it('is deterministic (bitwise identical results for the same input)', () => {
    const A = symmetricFromSeed(40, 17);
    const a = js.eigh(A);
    const b = js.eigh(A);
    assert.deepEqual(a.values, b.values);
    assert.deepEqual(a.vectors.data, b.vectors.data);
  });

  it('throws a ConvergenceError naming the size when the iteration cannot converge (NaN reached the kernel)', () => {
    // The wrapper rejects NaN; called directly, the kernel must fail loudly instead of returning garbage.
    const A = symmetricFromSeed(5, 3);
    A.data[7] = NaN;
    A.data[5 + 2 * 5 - 3] = NaN;
    assert.throws(() => js.eigh(A), (e: unknown) => e instanceof ConvergenceError && /5x5/.test(e.message));
  });

  it('handles a 1000×1000 matrix with heavy degeneracy (I + block of ones)', () => {
    // I + J on the leading 500×500 block: eigenvalues 501 (once) and 1 (999 times). Checks the 1000 size
    // limit of the contract and a 998-dimensional eigenspace. Residual/orthogonality checked on a column
    // sample to keep the test O(n²) per column.
    const n = 1000;
    const A = Matrix.identity(n);
    for (let i = 0; i < 500; i++) for (let j = 0; j < 500; j++) A.data[i * n + j] += 1;
    const r = js.eigh(A);
    assert.ok(Math.abs(r.values[n - 1] - 501) <= 1e-11, `top ${r.values[n - 1]}`);
    // Absolute error of a backward-stable method is ~ε·‖A‖₂·(small factor) with ‖A‖₂ = 501: allow 1e−13·501.
    for (let k = 0; k < n - 1; k++) assert.ok(Math.abs(r.values[k] - 1) <= 501e-13, `value ${k}: ${r.values[k]}`);
    const V = r.vectors.data;
    for (const k of [0, 1, 250, 500, 998, 999]) {
      let res = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A.data[i * n + j] * V[j * n + k];
        res += (s - r.values[k] * V[i * n + k]) ** 2;
      }
      // ‖A v − λ v‖ ≤ 1e−11 (‖A‖₂ = 501, so this is ~2e−14 relative).
      assert.ok(Math.sqrt(res) <= 1e-11, `residual of column ${k}`);
      for (const l of [0, 3, 499, 999]) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += V[i * n + k] * V[i * n + l];
        assert.ok(Math.abs(dot - (k === l ? 1 : 0)) <= 1e-13, `vᵀv at (${k}, ${l})`);
      }
    }
  });
});

describe('eigh / eigvalsh wrappers', () => {
  const js = backendCases()[0].backend;
  it('return the backend result for a symmetric matrix', () => {
    const A = Matrix.from([[4, 1, 0], [1, 3, 1], [0, 1, 2]]);
    const r = eigh(A, { backend: js });
    assert.deepEqual(eigvalsh(A, { backend: js }), r.values);
    assert.ok(eigResidual(A, r) <= 1e-15);
  });

  it('reject NaN/Inf with a DomainError naming the entry', () => {
    const A = Matrix.from([[1, 2], [2, NaN]], { allowNonFinite: true });
    assert.throws(() => eigh(A), (e: unknown) => e instanceof DomainError && /\[1\]\[1\]/.test(e.message));
    const B = Matrix.from([[Infinity]], { allowNonFinite: true });
    assert.throws(() => eigvalsh(B), DomainError);
  });

  it('reject non-square input with a ShapeError naming the shape', () => {
    assert.throws(() => eigh(new Matrix(2, 3)), (e: unknown) => e instanceof ShapeError && /2x3/.test(e.message));
  });

  it('reject asymmetric input with a DomainError stating the asymmetry and the fix', () => {
    const A = Matrix.from([[1, 2], [0, 1]]);
    assert.throws(
      () => eigh(A),
      (e: unknown) => e instanceof DomainError && /symmetri[sz]e/.test(e.message) && /1\.15e\+0/.test(e.message),
    );
    // ‖A − Aᵀ‖_F/‖A‖_F = √8/√6.
    assert.ok(Math.abs(relativeAsymmetry(A) - Math.sqrt(8 / 6)) <= 1e-15);
  });

  it('accept rounding-level asymmetry and honour symmetryTolerance', () => {
    const A = Matrix.from([[2, 1 + 1e-15], [1, 2]]);
    assert.doesNotThrow(() => eigh(A));
    assert.throws(() => eigh(A, { symmetryTolerance: 1e-17 }), DomainError);
    const B = Matrix.from([[2, 1.001], [1, 2]]);
    assert.doesNotThrow(() => eigh(B, { symmetryTolerance: 1e-2 }));
    assert.equal(relativeAsymmetry(Matrix.zeros(3, 3)), 0);
  });
});
