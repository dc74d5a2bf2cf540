/**
 * Matrix functions against SciPy (expm, sqrtm, fractional_matrix_power) and, for expm with n ≤ 10,
 * a 60-digit mpmath reference; fixtures from tools/fixtures/linalg_basic.py. Every test runs on
 * every backend of backendCases().
 *
 * Tolerances (ε = 2.22e-16), each with its reason:
 * - expm vs SciPy ≤ 1e-12 relative (Frobenius) for well-conditioned inputs, defined as a relative
 *   condition number κ_exp(A) ≤ 100 (scipy.linalg.expm_cond) or, for the larger matrices where κ is
 *   not computed, ‖A‖₂ ≤ 3 (κ ≲ ‖A‖ up to non-normality). Both algorithms are backward stable to ~ε,
 *   so each error is ≲ κ·ε·(small constant) ≈ 2e-14, far inside 1e-12.
 * - expm vs the mpmath reference ≤ 10·max(κ, 1)·ε for every case, ill-conditioned ones included:
 *   the forward-error bound of a backward-stable method (Al-Mohy & Higham 2009, §1).
 * - sqrtmPsd / powerPsd / expmSym vs SciPy ≤ 1e-12 relative for SPD inputs with cond₂ ≤ 1e4 and
 *   |p| ≤ 2 (for p < 0 the error grows like |p|·cond·ε ≈ 2e-12 at cond 1e4, so those use 100·cond·ε).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backendCases } from '../helpers/backends.js';
import { assertBelow } from '../helpers/accuracy.js';
import { fixtureMatrix, loadFixture } from '../helpers/fixtures.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { DomainError, ShapeError } from '../../src/errors/index.js';
import { isSymmetric, matmul, maxAbsDiff, relativeError } from '../../src/linalg/ops.js';
import {
  expm,
  expmSym,
  funmSym,
  invSqrtmPsd,
  powerPsd,
  sqrtmPsd,
} from '../../src/linalg/functions.js';
import { inv } from '../../src/linalg/solve.js';
import { frobeniusNorm, spectralNorm } from '../../src/linalg/norms.js';

const EPS = Number.EPSILON;
const expmFix = loadFixture<{ cases: any[] }>('linalg_basic/expm.json');
const psdFix = loadFixture<any>('linalg_basic/psd.json');

for (const bc of backendCases()) {
  const backend = bc.backend;

  describe(`expm (${bc.name} backend)`, { skip: bc.skip }, () => {
    for (const c of expmFix.cases) {
      const A = fixtureMatrix(c.A);
      const kappa: number | null = c.cond;
      const wellConditioned = kappa !== null ? kappa <= 100 : spectralNorm(A, { backend }) <= 3;
      it(`${c.name} (κ ${kappa === null ? 'n/a' : kappa.toPrecision(3)})`, () => {
        const E = expm(A, { backend });
        if (wellConditioned) assertBelow(relativeError(E, fixtureMatrix(c.E)), 1e-12, 'vs SciPy');
        if (c.exact !== undefined) {
          assertBelow(relativeError(E, fixtureMatrix(c.exact)), 10 * Math.max(kappa ?? 1, 1) * EPS, 'vs mpmath');
        }
      });
    }

    it('is exact for the zero matrix and diagonal matrices', () => {
      assert.deepEqual(expm(Matrix.zeros(4, 4), { backend }).toArray(), Matrix.identity(4).toArray());
      const d = [-745, -3, 0, 1, 2.5, 700];
      const E = expm(Matrix.diag(d), { backend });
      assert.deepEqual(E.toArray(), Matrix.diag(d.map(Math.exp)).toArray());
      assert.deepEqual(expm(new Matrix(0, 0), { backend }).shape, [0, 0]);
    });

    it('handles nilpotent matrices without scaling: e^N = I + N + N²/2 exactly here', () => {
      // Strictly upper triangular N with N³ = 0 and dyadic entries: every term is exact.
      const N = Matrix.from([[0, 1e8, 3], [0, 0, 0.5], [0, 0, 0]]);
      // N² has the single entry (0, 2) = 1e8·0.5, so e^N[0][2] = 3 + 2.5e7.
      const expected = Matrix.from([[1, 1e8, 3 + 2.5e7], [0, 1, 0.5], [0, 0, 1]]);
      assertBelow(relativeError(expm(N, { backend }), expected), 2 * EPS, 'nilpotent 3x3');
      // A dense nilpotent matrix (similarity transform of a shift) is not triangular.
      const S = Matrix.from([[1, 2, 0], [0, 1, 3], [1, 0, 1]]);
      const J = Matrix.from([[0, 1, 0], [0, 0, 1], [0, 0, 0]]);
      const Sinv = inv(S, { backend });
      const Nd = matmul(matmul(S, J), Sinv);
      const ref = matmul(matmul(S, Matrix.from([[1, 1, 0.5], [0, 1, 1], [0, 0, 1]])), Sinv);
      // Nd is only nilpotent up to rounding (entries ~4, rounding ~1e-15); cond(S) ≈ 10.
      assertBelow(relativeError(expm(Nd, { backend }), ref), 1e-13, 'dense nilpotent');
    });

    it('handles large norms: a rotation by 1000 rad, and entries of 1e35 (prescaled, result underflows to 0)', () => {
      const big = Matrix.from([[-50, 1e3], [-1e3, -50]]);
      // e^{−50}·[[cos 1000, sin 1000], [−sin 1000, cos 1000]]: a rotation by 1000 rad.
      const E = expm(big, { backend });
      const s = Math.exp(-50);
      const ref = Matrix.from([[s * Math.cos(1000), s * Math.sin(1000)], [-s * Math.sin(1000), s * Math.cos(1000)]]);
      // κ_exp ≈ ‖A‖ = 1e3, so ~1e3·ε relative error is the best possible.
      assertBelow(relativeError(E, ref), 1e3 * 10 * EPS, 'rotation by 1000 rad');
      const huge = Matrix.from([[-1e35, 1], [2, -1e35]]);
      assert.deepEqual(expm(huge, { backend }).toArray(), [[0, 0], [0, 0]]);
    });

    it('satisfies e^{A} e^{−A} = I for a random non-normal matrix', () => {
      const A = fixtureMatrix(expmFix.cases[6].A); // 16x16, 1-norm 30
      const E = expm(A, { backend });
      const Einv = expm(Matrix.revive({ rows: 16, cols: 16, data: A.data.map((x) => -x) }), { backend });
      // Each factor has relative error ~ε·κ; the product's error is bounded by ~ε·‖e^A‖‖e^{−A}‖
      // (≈ 9e5 here) times a modest constant (measured 1.1e-11 ≈ 50·ε·9e5).
      const bound = 100 * EPS * frobeniusNorm(E) * frobeniusNorm(Einv);
      assertBelow(maxAbsDiff(matmul(E, Einv, { backend }), Matrix.identity(16)), bound, 'e^A e^-A');
    });

    it('throws a DomainError on overflow, NaN and non-square input', () => {
      assert.throws(() => expm(Matrix.from([[800, 1], [0, 800]]), { backend }), (e: unknown) => e instanceof DomainError && /overflows/.test(e.message));
      assert.throws(() => expm(Matrix.diag([710]), { backend }), /overflows/);
      assert.throws(() => expm(Matrix.from([[1, NaN], [0, 1]], { allowNonFinite: true }), { backend }), (e: unknown) => e instanceof DomainError && /expm: A: entry \[0\]\[1\] is NaN/.test(e.message));
      assert.throws(() => expm(Matrix.zeros(2, 3), { backend }), (e: unknown) => e instanceof ShapeError && /expm/.test(e.message) && /2x3/.test(e.message));
    });
  });

  describe(`symmetric and PSD matrix functions (${bc.name} backend)`, { skip: bc.skip }, () => {
    for (const c of psdFix.cases) {
      const A = fixtureMatrix(c.A);
      it(`${c.name}: sqrtmPsd, invSqrtmPsd, powerPsd, expmSym equal SciPy`, () => {
        const cond: number = c.cond2;
        const X = sqrtmPsd(A, { backend });
        assert.ok(isSymmetric(X), 'sqrt is exactly symmetric');
        assertBelow(relativeError(X, fixtureMatrix(c.sqrtm)), 1e-12, 'sqrtm vs SciPy');
        assertBelow(relativeError(matmul(X, X, { backend }), A), 100 * A.rows * EPS, 'X² = A');
        assertBelow(relativeError(expmSym(A, { backend }), fixtureMatrix(c.expm)), 1e-12, 'expmSym vs SciPy');
        assertBelow(relativeError(expm(A, { backend }), fixtureMatrix(c.expm)), 1e-12, 'expm vs SciPy on SPD');
        for (const { p, value } of c.powers) {
          const bound = p < 0 ? Math.max(1e-12, 100 * cond * EPS) : 1e-12;
          assertBelow(relativeError(powerPsd(A, p, { backend }), fixtureMatrix(value)), bound, `A^${p}`);
          if (p === -0.5) assertBelow(relativeError(invSqrtmPsd(A, { backend }), fixtureMatrix(value)), bound, 'invSqrtmPsd');
        }
      });
    }

    it('takes the square root of a singular PSD Gram matrix (tiny negative eigenvalues clipped)', () => {
      const G = fixtureMatrix(psdFix.gram.A);
      const X = sqrtmPsd(G, { backend });
      // Three eigenvalues are 0 up to rounding ~1e-15·‖G‖; their square roots (~3e-8·√‖G‖) are
      // noise in both results, so agreement is only to ~1e-7.
      assertBelow(relativeError(X, fixtureMatrix(psdFix.gram.sqrtm)), 1e-7, 'Gram sqrt');
      assertBelow(relativeError(matmul(X, X, { backend }), G), 1e-13, 'X² = G');
      assert.throws(() => invSqrtmPsd(G, { backend }), (e: unknown) => e instanceof DomainError && /singular/.test(e.message));
      assert.throws(() => powerPsd(G, -1, { backend }), /singular/);
      assert.deepEqual(powerPsd(G, 0, { backend }).toArray(), Matrix.identity(6).toArray());
    });

    it('rejects indefinite, asymmetric, NaN and non-square input with DomainError/ShapeError', () => {
      const indefinite = fixtureMatrix(psdFix.indefinite);
      for (const f of [sqrtmPsd, invSqrtmPsd, (M: Matrix, o: object) => powerPsd(M, 0.5, o)]) {
        assert.throws(
          () => f(indefinite, { backend }),
          (e: unknown) => e instanceof DomainError && /not positive semi-definite: smallest eigenvalue -1\.000e\+0/.test(e.message),
        );
      }
      const asym = Matrix.from([[2, 1], [0, 2]]);
      for (const f of [sqrtmPsd, expmSym, (M: Matrix, o: object) => funmSym(M, Math.abs, o)]) {
        assert.throws(() => f(asym, { backend }), (e: unknown) => e instanceof DomainError && /not symmetric/.test(e.message) && /4\.71e-1/.test(e.message));
      }
      assert.throws(() => sqrtmPsd(Matrix.from([[NaN]], { allowNonFinite: true }), { backend }), (e: unknown) => e instanceof DomainError && /NaN/.test(e.message));
      assert.throws(() => sqrtmPsd(Matrix.zeros(2, 3), { backend }), (e: unknown) => e instanceof ShapeError && /2x3/.test(e.message));
      assert.throws(() => powerPsd(Matrix.identity(2), NaN, { backend }), /exponent is NaN/);
    });

    it('clips tiny negative eigenvalues within psdTol and accepts small asymmetry within symmetryTolerance', () => {
      const A = Matrix.from([[1, 0], [0, -1e-12]]);
      assert.deepEqual(sqrtmPsd(A, { backend }).toArray(), [[1, 0], [0, 0]]);
      assert.throws(() => sqrtmPsd(A, { backend, psdTol: 1e-14 }), /not positive semi-definite/);
      const nearly = Matrix.from([[4, 1e-13], [0, 9]]);
      const X = sqrtmPsd(nearly, { backend });
      assertBelow(maxAbsDiff(X, Matrix.from([[2, 0], [0, 3]])), 1e-13, 'near-symmetric sqrt');
      assert.throws(() => sqrtmPsd(nearly, { backend, symmetryTolerance: 0 }), /not symmetric/);
    });

    it('funmSym applies a scalar function through the eigendecomposition', () => {
      const A = Matrix.from([[2, 1], [1, 2]]); // eigenvalues 1 and 3
      const F = funmSym(A, (x) => x * x, { backend });
      // A² = [[5, 4], [4, 5]]; eigenvectors carry ~ε rounding.
      assertBelow(maxAbsDiff(F, Matrix.from([[5, 4], [4, 5]])), 20 * EPS, 'A²');
      const L = funmSym(A, Math.log, { backend });
      // log A = V diag(0, log 3) Vᵀ = (log 3 / 2)·[[1, 1], [1, 1]].
      assertBelow(maxAbsDiff(L, Matrix.filled(2, 2, Math.log(3) / 2)), 20 * EPS, 'log A');
    });

    it('funmSym rejects a function that is not finite on the spectrum', () => {
      const A = Matrix.from([[0, 0], [0, 1]]);
      assert.throws(() => funmSym(A, (x) => 1 / x, { backend }), (e: unknown) => e instanceof DomainError && /Infinity at the eigenvalue 0/.test(e.message));
      assert.throws(() => expmSym(Matrix.diag([720, 0]), { backend }), /overflows/);
    });
  });
}
