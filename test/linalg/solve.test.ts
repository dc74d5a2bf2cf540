/**
 * LU / solve / inv / det / slogdet / cholesky / QR / pinv / rank / lstsq against NumPy and SciPy
 * (fixtures from tools/fixtures/linalg_basic.py), on every backend of backendCases().
 *
 * Tolerances (ε = 2.22e-16), each with its reason:
 * - solve/inv: relative (Frobenius) error vs NumPy ≤ 10·n·ε·cond₁(A). Both sides are backward
 *   stable with backward error ≲ n·ε (Higham 2002, Thm. 9.4), so each forward error is ≲ n·ε·cond,
 *   and the two differ by at most twice that; the factor 10 absorbs growth-factor constants.
 * - residuals ‖AX − B‖/(‖A‖‖X‖) ≤ 10·n·ε: the backward-error bound itself.
 * - LU factors vs SciPy ≤ 10·n·ε·cond₁: same reasoning; pivots are compared exactly (no ties).
 * - QR: ‖QR − A‖/‖A‖ ≤ 1e-13 and ‖QᵀQ − I‖_F ≤ 1e-13 (the bounds; Householder QR is
 *   backward stable with error ≲ m·n·ε ≈ 7e-12 worst case, typically ~1e-15 as measured).
 *   Factors vs NumPy (same LAPACK sign convention) ≤ 100·ε·cond₂(A) for full-rank inputs: Q and R
 *   are perturbed by at most ~cond₂ times the backward error (Golub & Van Loan §5.2.8).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backendCases } from '../helpers/backends.js';
import { assertBelow } from '../helpers/accuracy.js';
import { decodeFixtureArray, fixtureMatrix, loadFixture } from '../helpers/fixtures.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { DomainError, ShapeError } from '../../src/errors/index.js';
import { matmul, relativeError, sub } from '../../src/linalg/ops.js';
import { frobeniusNorm } from '../../src/linalg/norms.js';
import {
  cholesky,
  det,
  inv,
  lstsq,
  luFactor,
  matrixRank,
  pinv,
  qr,
  rcond1,
  slogdet,
  solve,
} from '../../src/linalg/solve.js';
import { luJs, luSolveJs } from '../../src/linalg/js/lu.js';
import { choleskyJs } from '../../src/linalg/js/cholesky.js';
import { qrJs } from '../../src/linalg/js/qr.js';

const EPS = Number.EPSILON;

interface LuCase {
  n: number;
  A: unknown;
  lu: unknown;
  piv: number[];
  B: unknown;
  X: unknown;
  inv: unknown;
  sign: number;
  logAbsDet: number;
  cond1: number;
  det?: number;
}
const luFix = loadFixture<{ cases: LuCase[]; ties: any; nearlySingular: unknown }>('linalg_basic/lu.json');
const big = loadFixture<any>('linalg_basic/big.json');
const cholFix = loadFixture<any>('linalg_basic/cholesky.json');
const qrFix = loadFixture<any>('linalg_basic/qr.json');
const pinvFix = loadFixture<any>('linalg_basic/pinv.json');

/** Reconstructs P·A (rows permuted by the LAPACK pivots) and L·U from a packed factorisation. */
function permutedAndProduct(A: Matrix, lu: Matrix, piv: Int32Array): { PA: Matrix; LU: Matrix } {
  const n = A.rows;
  const PA = A.clone();
  for (let k = 0; k < n; k++) {
    const p = piv[k];
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = PA.get(k, j);
        PA.set(k, j, PA.get(p, j));
        PA.set(p, j, t);
      }
    }
  }
  const L = Matrix.identity(n);
  const U = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j < i) L.set(i, j, lu.get(i, j));
      else U.set(i, j, lu.get(i, j));
    }
  }
  return { PA, LU: matmul(L, U) };
}

function assertUpperTriangular(R: Matrix, what: string): void {
  for (let i = 0; i < R.rows; i++) {
    for (let j = 0; j < Math.min(i, R.cols); j++) {
      assert.equal(R.get(i, j), 0, `${what}: R[${i}][${j}] = ${R.get(i, j)} below the diagonal`);
    }
  }
}

for (const bc of backendCases()) {
  const backend = bc.backend;
  describe(`LU, solve, inv, det (${bc.name} backend)`, { skip: bc.skip }, () => {
    for (const c of luFix.cases) {
      it(`matches SciPy lu_factor and NumPy solve/inv/det for n = ${c.n} (cond₁ ${c.cond1.toExponential(1)})`, () => {
        const A = fixtureMatrix(c.A);
        const n = c.n;
        const f = luFactor(A, { backend });
        assert.deepEqual(Array.from(f.pivots), c.piv, 'pivots');
        assert.equal(f.singular, false);
        const bound = 10 * n * EPS * c.cond1;
        assertBelow(relativeError(f.lu, fixtureMatrix(c.lu)), bound, 'packed LU vs SciPy');
        const { PA, LU } = permutedAndProduct(A, f.lu, f.pivots);
        assertBelow(relativeError(LU, PA), 10 * n * EPS, 'PA = LU residual');
        const B = fixtureMatrix(c.B);
        const X = solve(A, B, { backend });
        assertBelow(relativeError(X, fixtureMatrix(c.X)), bound, 'solve vs NumPy');
        const res = frobeniusNorm(sub(matmul(A, X, { backend }), B)) / (frobeniusNorm(A) * frobeniusNorm(X));
        assertBelow(res, 10 * n * EPS, 'solve residual');
        assertBelow(relativeError(inv(A, { backend }), fixtureMatrix(c.inv)), bound, 'inv vs NumPy');
        const sd = slogdet(A, { backend });
        assert.equal(sd.sign, c.sign);
        // log|det| = Σ log|uᵢᵢ|: each term carries a relative error ≲ n·ε·cond in uᵢᵢ.
        assertBelow(Math.abs(sd.logAbsDet - c.logAbsDet), 10 * n * EPS * c.cond1, 'slogdet');
        if (c.det !== undefined) {
          assertBelow(Math.abs(det(A, { backend }) - c.det) / Math.abs(c.det), 10 * n * EPS * c.cond1, 'det');
        }
        // The condition estimate is a lower bound on cond₁, within a factor 3 (Higham 2002, §15.3).
        const estimatedCond = 1 / rcond1(A, { backend });
        assert.ok(estimatedCond <= c.cond1 * (1 + 1e-10) && estimatedCond >= c.cond1 / 3, `cond estimate ${estimatedCond} vs ${c.cond1}`);
      });
    }

    it('solves a vector right-hand side and returns a Float64Array', () => {
      const x = solve(Matrix.from([[2, 1], [1, 3]]), [3, 5], { backend });
      assert.ok(x instanceof Float64Array);
      // x = [0.8, 1.4]; two rounding steps per entry.
      assert.ok(Math.abs(x[0] - 0.8) < 4 * EPS && Math.abs(x[1] - 1.4) < 4 * EPS, `got ${Array.from(x)}`);
    });

    it('follows LAPACK on pivot ties (first maximal entry) and exact small determinants', () => {
      const A = fixtureMatrix(luFix.ties.A);
      const f = luFactor(A, { backend });
      assert.deepEqual(Array.from(f.pivots), luFix.ties.piv);
      assertBelow(relativeError(f.lu, fixtureMatrix(luFix.ties.lu)), 4 * EPS, 'tie LU');
      assertBelow(Math.abs(det(A, { backend }) - luFix.ties.det), 1e-14 * Math.abs(luFix.ties.det), 'tie det');
      assert.equal(det(Matrix.from([[1, 2], [3, 4]]), { backend }), -2);
      assert.equal(det(new Matrix(0, 0), { backend }), 1);
      assert.deepEqual(slogdet(new Matrix(0, 0), { backend }), { sign: 1, logAbsDet: 0 });
    });

    it('300×300: pivots, slogdet and solve agree with NumPy; residuals at working precision', () => {
      const A = fixtureMatrix(big.A);
      const n = 300;
      const f = luFactor(A, { backend });
      assert.deepEqual(Array.from(f.pivots), big.piv);
      const sd = slogdet(A, { backend });
      assert.equal(sd.sign, big.sign);
      assertBelow(Math.abs(sd.logAbsDet - big.logAbsDet), 10 * n * EPS * big.cond1, 'slogdet 300');
      const b = decodeFixtureArray(big.b).data;
      const x = solve(A, b, { backend });
      const xRef = Matrix.column(decodeFixtureArray(big.x).data);
      assertBelow(relativeError(Matrix.column(x), xRef), 10 * n * EPS * big.cond1, 'solve 300 vs NumPy');
      const r = sub(matmul(A, Matrix.column(x), { backend }), Matrix.column(b));
      assertBelow(frobeniusNorm(r) / (frobeniusNorm(A) * frobeniusNorm(Matrix.column(x))), 10 * n * EPS, 'solve 300 residual');
      const Ainv = inv(A, { backend });
      assertBelow(relativeError(matmul(Ainv, A, { backend }), Matrix.identity(n)), 10 * n * EPS * big.cond1, 'inv 300 residual');
      assert.equal(matrixRank(A, { backend }), big.rank);
    });

    it('rejects singular and numerically singular systems with a DomainError', () => {
      const exact = Matrix.from([[1, 2], [2, 4]]);
      assert.throws(() => solve(exact, [1, 2], { backend }), (e: unknown) => e instanceof DomainError && /singular/.test(e.message) && /2x2/.test(e.message));
      assert.throws(() => inv(exact, { backend }), (e: unknown) => e instanceof DomainError && /singular/.test(e.message));
      assert.equal(det(exact, { backend }), 0);
      assert.deepEqual(slogdet(exact, { backend }), { sign: 0, logAbsDet: -Infinity });
      // [[1,2,3],[4,5,6],[7,8,9]] is singular but its LU in floating point has a pivot ~1e-16.
      const near = fixtureMatrix(luFix.nearlySingular);
      assert.throws(() => solve(near, [1, 2, 3], { backend }), (e: unknown) => e instanceof DomainError && /singular/.test(e.message));
      assert.throws(() => inv(near, { backend }), (e: unknown) => e instanceof DomainError && /singular/.test(e.message));
      const illConditioned = Matrix.from([[1, 1], [1, 1 + 2e-16]]);
      assert.throws(() => solve(illConditioned, [1, 2], { backend }), /reciprocal condition number/);
      // ...unless the caller lowers the threshold deliberately.
      const x = solve(illConditioned, [1, 1], { backend, rcondThreshold: 0 });
      assert.ok(Number.isFinite(x[0]) && Number.isFinite(x[1]));
      assert.equal(rcond1(exact, { backend }), 0);
    });

    it('rejects bad shapes and non-finite entries', () => {
      const A = Matrix.from([[1, 2, 3], [4, 5, 6]]);
      assert.throws(() => det(A, { backend }), (e: unknown) => e instanceof ShapeError && /det/.test(e.message) && /2x3/.test(e.message));
      assert.throws(() => slogdet(A, { backend }), ShapeError);
      assert.throws(() => inv(A, { backend }), ShapeError);
      assert.throws(() => luFactor(A, { backend }), ShapeError);
      assert.throws(
        () => solve(Matrix.identity(3), Matrix.zeros(2, 1), { backend }),
        (e: unknown) => e instanceof ShapeError && /solve/.test(e.message) && /3x3/.test(e.message) && /2x1/.test(e.message),
      );
      assert.throws(() => solve(Matrix.identity(3), [1, 2], { backend }), (e: unknown) => e instanceof ShapeError && /3x3 and 2/.test(e.message));
      const bad = Matrix.from([[1, NaN], [0, 1]], { allowNonFinite: true });
      for (const f of [() => solve(bad, [1, 1], { backend }), () => inv(bad, { backend }), () => det(bad, { backend }), () => slogdet(bad, { backend }), () => luFactor(bad, { backend })]) {
        assert.throws(f, (e: unknown) => e instanceof DomainError && /NaN/.test(e.message) && /\[0\]\[1\]/.test(e.message));
      }
      assert.throws(() => solve(Matrix.identity(2), [1, Infinity], { backend }), (e: unknown) => e instanceof DomainError && /Infinity/.test(e.message));
    });

    it('handles the empty system', () => {
      const x = solve(new Matrix(0, 0), new Matrix(0, 3), { backend });
      assert.deepEqual(x.shape, [0, 3]);
      assert.deepEqual(inv(new Matrix(0, 0), { backend }).shape, [0, 0]);
    });
  });

  describe(`cholesky (${bc.name} backend)`, { skip: bc.skip }, () => {
    for (const c of cholFix.cases) {
      const A = fixtureMatrix(c.A);
      it(`matches NumPy for n = ${A.rows} (cond₂ ${c.cond2.toFixed(1)})`, () => {
        const L = cholesky(A, { backend });
        // Cholesky is backward stable with error ≲ n·ε (Higham 2002, Thm. 10.3); cond₂ ≤ 6 here.
        assertBelow(relativeError(L, fixtureMatrix(c.L)), 10 * A.rows * EPS * c.cond2, 'L vs NumPy');
        assertUpperTriangular(transposeOf(L), 'Lᵀ');
        assertBelow(relativeError(matmul(L, L, { backend, transB: true }), A), 10 * A.rows * EPS, 'LLᵀ residual');
      });
    }

    it('names the first leading minor that is not positive definite', () => {
      const A = fixtureMatrix(cholFix.notPd.A);
      const k = cholFix.notPd.failingMinor;
      assert.equal(k, 3);
      assert.throws(
        () => cholesky(A, { backend }),
        (e: unknown) => e instanceof DomainError && /not positive definite/.test(e.message) && e.message.includes(`leading ${k}x${k} minor`),
      );
      assert.equal(backend.cholesky(A), null);
      assert.throws(() => cholesky(Matrix.from([[-1]]), { backend }), /leading 1x1 minor/);
    });

    it('rejects asymmetric, non-square and non-finite input', () => {
      assert.throws(() => cholesky(Matrix.from([[4, 1], [0, 4]]), { backend }), (e: unknown) => e instanceof DomainError && /not symmetric/.test(e.message));
      assert.throws(() => cholesky(Matrix.zeros(2, 3), { backend }), (e: unknown) => e instanceof ShapeError && /2x3/.test(e.message));
      assert.throws(() => cholesky(Matrix.from([[NaN]], { allowNonFinite: true }), { backend }), DomainError);
    });
  });

  describe(`qr (${bc.name} backend)`, { skip: bc.skip }, () => {
    for (const c of qrFix.cases) {
      const A = fixtureMatrix(c.A);
      for (const mode of ['full', 'thin'] as const) {
        it(`${c.name}, ${mode}: A = QR, QᵀQ = I, R upper triangular${c.compareFactors ? ', factors equal NumPy' : ''}`, () => {
          const { Q, R } = qr(A, { backend, mode });
          const m = A.rows;
          const k = Math.min(A.rows, A.cols);
          assert.deepEqual(Q.shape, mode === 'full' ? [m, m] : [m, k]);
          assert.deepEqual(R.shape, mode === 'full' ? [m, A.cols] : [k, A.cols]);
          assertUpperTriangular(R, c.name);
          assertBelow(relativeError(matmul(Q, R, { backend }), A), 1e-13, '‖QR − A‖/‖A‖');
          assertBelow(relativeError(matmul(Q, Q, { backend, transA: true }), Matrix.identity(Q.cols)) * Math.sqrt(Q.cols), 1e-13, '‖QᵀQ − I‖_F');
          if (c.compareFactors) {
            const bound = 100 * EPS * c.cond2;
            assertBelow(relativeError(Q, fixtureMatrix(mode === 'full' ? c.Qfull : c.Qthin)), bound, 'Q vs NumPy');
            assertBelow(relativeError(R, fixtureMatrix(mode === 'full' ? c.Rfull : c.Rthin)), bound, 'R vs NumPy');
          }
        });
      }
    }

    it('300×300: backward stable, and |diag R| equals NumPy', () => {
      const A = fixtureMatrix(big.A);
      const { Q, R } = qr(A, { backend, mode: 'full' });
      assertBelow(relativeError(matmul(Q, R, { backend }), A), 1e-13, '‖QR − A‖/‖A‖');
      assertBelow(relativeError(matmul(Q, Q, { backend, transA: true }), Matrix.identity(300)) * Math.sqrt(300), 1e-13, '‖QᵀQ − I‖_F');
      assertUpperTriangular(R, '300x300');
      const rd = decodeFixtureArray(big.rDiag).data;
      let worst = 0;
      for (let i = 0; i < 300; i++) worst = Math.max(worst, Math.abs(R.get(i, i) - rd[i]) / Math.abs(rd[i]));
      // Each R[i][i] is perturbed by ≲ cond₂·(backward error); cond₂ ≈ 3.2e3.
      assertBelow(worst, 100 * EPS * big.cond2, 'diag R vs NumPy');
    });

    it('empty shapes give empty factors (full Q is the identity)', () => {
      const { Q, R } = qr(new Matrix(3, 0), { backend, mode: 'full' });
      assert.deepEqual(Q.toArray(), Matrix.identity(3).toArray());
      assert.deepEqual(R.shape, [3, 0]);
      const thin = qr(new Matrix(0, 2), { backend });
      assert.deepEqual(thin.Q.shape, [0, 0]);
      assert.deepEqual(thin.R.shape, [0, 2]);
    });

    it('rejects NaN entries and unknown modes', () => {
      assert.throws(() => qr(Matrix.from([[1], [NaN]], { allowNonFinite: true }), { backend }), DomainError);
      assert.throws(() => qr(Matrix.identity(2), { backend, mode: 'economic' as 'thin' }), /expected 'full' or 'thin'/);
    });
  });

  describe(`pinv, matrixRank, lstsq (${bc.name} backend)`, { skip: bc.skip }, () => {
    for (const c of pinvFix.cases) {
      it(`${c.name}: pinv, rank and lstsq equal NumPy`, () => {
        const A = fixtureMatrix(c.A);
        const P = pinv(A, { backend });
        assert.deepEqual(P.shape, [A.cols, A.rows]);
        // Singular-value cutoffs are far from the kept/dropped values (rank gap ≥ 1e10), so A⁺ is
        // well-conditioned: ≲ max(m,n)·ε·σ₁/σ_r in relative error, σ₁/σ_r < 40 in these cases.
        assertBelow(relativeError(P, fixtureMatrix(c.pinv)), 1e-13, 'pinv vs NumPy');
        assert.equal(matrixRank(A, { backend }), c.rank);
        const ls = lstsq(A, fixtureMatrix(c.B), { backend });
        assert.equal(ls.rank, c.lstsqRank);
        assertBelow(relativeError(ls.solution, fixtureMatrix(c.X)), 1e-13, 'lstsq vs NumPy');
        const s = decodeFixtureArray(c.s).data;
        for (let i = 0; i < s.length; i++) assertBelow(Math.abs(ls.singularValues[i] - s[i]), 1e-13 * Math.max(s[0], 1), `σ${i}`);
      });
    }

    it('Moore–Penrose identities hold for a rank-deficient wide matrix', () => {
      const A = fixtureMatrix(pinvFix.cases[4].A);
      const P = pinv(A, { backend });
      assertBelow(relativeError(matmul(matmul(A, P, { backend }), A, { backend }), A), 1e-13, 'A A⁺ A = A');
      assertBelow(relativeError(matmul(matmul(P, A, { backend }), P, { backend }), P), 1e-13, 'A⁺ A A⁺ = A⁺');
    });

    it('respects rcond and tol, and validates them', () => {
      const A = Matrix.diag([1, 1e-8]);
      assert.equal(matrixRank(A, { backend }), 2);
      assert.equal(matrixRank(A, { backend, tol: 1e-6 }), 1);
      assert.deepEqual(pinv(A, { backend, rcond: 1e-6 }).toArray(), [[1, 0], [0, 0]]);
      assert.throws(() => pinv(A, { backend, rcond: -1 }), DomainError);
      assert.throws(() => matrixRank(A, { backend, tol: NaN }), DomainError);
      assert.equal(matrixRank(new Matrix(0, 4), { backend }), 0);
      const x = lstsq(Matrix.from([[1], [1]]), [1, 3], { backend }).solution;
      assert.ok(x instanceof Float64Array && Math.abs(x[0] - 2) < 4 * EPS);
      assert.throws(() => lstsq(Matrix.identity(3), [1, 2], { backend }), (e: unknown) => e instanceof ShapeError && /lstsq/.test(e.message));
    });
  });
}

function transposeOf(A: Matrix): Matrix {
  const T = new Matrix(A.cols, A.rows);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) T.set(j, i, A.get(i, j));
  return T;
}

describe('js kernels directly (LAPACK conventions)', () => {
  it('luJs never throws on singular input and sets the flag; luSolveJs refuses it', () => {
    const f = luJs(Matrix.from([[0, 0], [0, 1]]));
    assert.equal(f.singular, true);
    assert.deepEqual(Array.from(f.pivots), [0, 1]);
    assert.throws(() => luSolveJs(f, Matrix.from([[1], [1]])), (e: unknown) => e instanceof DomainError && /singular/.test(e.message));
    const g = luJs(Matrix.from([[0, 1], [2, 3]]));
    assert.deepEqual(Array.from(g.pivots), [1, 1]);
    assert.equal(g.permutationSign, -1);
    assert.deepEqual(g.lu.toArray(), [[2, 3], [0, 1]]);
  });

  it('kernels do not modify their inputs', () => {
    const A = Matrix.from([[4, 2, 1], [2, 5, 3], [1, 3, 6]]);
    const copy = A.clone();
    luJs(A);
    choleskyJs(A);
    qrJs(A, true);
    luSolveJs(luJs(A), A);
    assert.deepEqual(A.data, copy.data);
  });

  it('qrJs keeps LAPACK signs (not forced positive) and is bit-for-bit deterministic', () => {
    const { Q, R } = qrJs(Matrix.from([[3], [4]]), false);
    assert.deepEqual(R.toArray(), [[-5]]);
    assert.ok(Math.abs(Q.get(0, 0) + 0.6) < 2 * EPS && Math.abs(Q.get(1, 0) + 0.8) < 2 * EPS);
    // A column whose subdiagonal part is zero gets τ = 0 and keeps its sign: R[0][0] = +2 here.
    assert.equal(qrJs(Matrix.from([[2, 1], [0, 1]]), true).R.get(0, 0), 2);
    const A = fixtureMatrix(qrFix.cases[4].A);
    const first = qrJs(A, true);
    const second = qrJs(A.clone(), true);
    assert.deepEqual(first.Q.data, second.Q.data);
    assert.deepEqual(first.R.data, second.R.data);
  });

  it('choleskyJs reads only the lower triangle, like dpotrf with uplo = L', () => {
    const L = choleskyJs(Matrix.from([[4, 999], [2, 5]]));
    assert.deepEqual(L?.toArray(), [[2, 0], [1, 2]]);
  });
});
