import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  whitenedTask,
  taskFromData,
  randomLowRankTask,
  gaussianRegressionTask,
  semanticTask,
  reversedTask,
  taskLoss,
  taskSvd,
  whiteningReport,
  requireWhitened,
  type LinearTask,
} from '../../src/tasks/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { matmul, relativeError, maxAbsDiff, scale } from '../../src/linalg/ops.js';
import { frobeniusNorm } from '../../src/linalg/norms.js';
import { createRandom, gaussianMatrix } from '../../src/random/index.js';
import { ConfigError, DomainError, ShapeError } from '../../src/errors/index.js';
import { loadFixture, fixtureMatrix } from '../helpers/fixtures.js';
import { backendCases } from '../helpers/backends.js';

const EPS = 2.220446049250313e-16;

/** max |MᵀM − I| (columns orthonormal). */
function orthoError(M: Matrix): number {
  const G = matmul(M, M, { transA: true });
  return maxAbsDiff(G, Matrix.identity(M.cols));
}

interface DataCase {
  name: string;
  X: unknown;
  Y: unknown;
  sigmaXX: unknown;
  sigmaYX: unknown;
  yyTrace: number;
  zca: unknown;
  pca: unknown;
  cond: number;
}

describe('taskFromData against NumPy/mpmath (fixture lazy_to_rich_init/task_from_data.json)', () => {
  const { cases } = loadFixture<{ cases: DataCase[] }>('lazy_to_rich_init/task_from_data.json');

  for (const c of cases) {
    it(`${c.name}: Σ_xx, Σ_yx, tr(YYᵀ)/P equal NumPy's; whitening transforms equal the 50-digit ones (cond ${c.cond.toPrecision(3)})`, () => {
      const X = fixtureMatrix(c.X);
      const Y = fixtureMatrix(c.Y);
      const raw = taskFromData(X, Y);
      // Same sums in another order: a few ulps of the entries' magnitude.
      assert.ok(relativeError(raw.sigmaXX, fixtureMatrix(c.sigmaXX)) < 1e-14);
      assert.ok(relativeError(raw.sigmaYX, fixtureMatrix(c.sigmaYX)) < 1e-14);
      assert.ok(Math.abs(raw.yyTrace - c.yyTrace) <= 1e-14 * c.yyTrace);
      assert.equal(raw.whitening, 'none');
      assert.ok(!raw.whitened, 'Gaussian data with whiten "none" is not whitened');
      for (const kind of ['zca', 'pca'] as const) {
        const w = taskFromData(X, Y, { whiten: kind });
        // Σ_xx^{-1/2} moves by ≈ cond·ε when Σ_xx is perturbed by ε (our Σ_xx and the refinement pass
        // differ from NumPy's Σ_xx at round-off level), so the bound scales with the condition number.
        const err = relativeError(w.whiteningTransform, fixtureMatrix(c[kind]));
        assert.ok(err < 50 * c.cond * EPS, `${kind}: transform rel err ${err.toExponential(2)}`);
        // The whitened inputs have Σ_xx = I to a few ulps, whatever the conditioning.
        const rep = whiteningReport(w);
        // Forming T·X rounds at ε·|T||X| ≈ ε·√cond relative, so Σ_xx = I to ~1e-14 at cond 5e5 (< 1e-13).
        assert.ok(rep.deviation < 1e-13 && rep.maxAbs < 1e-13, `${kind}: deviation ${rep.deviation}`);
        assert.ok(w.whitened);
        assert.ok(maxAbsDiff(matmul(w.whiteningTransform, X), w.X) === 0, 'X stored is T·X_raw');
        assert.ok(relativeError(w.rawSigmaXX, fixtureMatrix(c.sigmaXX)) < 1e-14);
        // Σ_yx of the whitened task is Σ_yx,raw Tᵀ.
        assert.ok(relativeError(w.sigmaYX, matmul(fixtureMatrix(c.sigmaYX), w.whiteningTransform, { transB: true })) < 1e-12);
        assert.ok(Math.abs(w.yyTrace - c.yyTrace) <= 1e-14 * c.yyTrace, 'Y is untouched by whitening');
      }
    });
  }

  it('PCA rows are the principal components in descending variance; ZCA is symmetric', () => {
    const c = cases[3];
    const X = fixtureMatrix(c.X);
    const Y = fixtureMatrix(c.Y);
    const zca = taskFromData(X, Y, { whiten: 'zca' }).whiteningTransform;
    assert.ok(maxAbsDiff(zca, matmul(Matrix.identity(zca.rows), zca, { transB: true })) < 1e-12 * frobeniusNorm(zca));
    const pca = taskFromData(X, Y, { whiten: 'pca' }).whiteningTransform;
    const rowNorms = Array.from({ length: pca.rows }, (_, k) => Math.hypot(...pca.row(k)));
    for (let k = 1; k < rowNorms.length; k++) assert.ok(rowNorms[k] > rowNorms[k - 1], 'row norms 1/√d ascend as d descends');
  });

  it('data that is already whitened (X = √P·I) is flagged whitened without a transform', () => {
    const X = scale(Matrix.identity(4), 2);
    const Y = gaussianMatrix(createRandom(0), 2, 4);
    const t = taskFromData(X, Y);
    assert.ok(t.whitened);
    assert.equal(whiteningReport(t).deviation, 0);
    const loose = taskFromData(scale(Matrix.identity(4), 2.0000001), Y, { tolerance: 1e-3 });
    assert.ok(loose.whitened, 'the tolerance decides');
    assert.ok(!taskFromData(scale(Matrix.identity(4), 2.0000001), Y).whitened);
  });
});

describe('whitening makes Σ_xx = I to 1e-12 on random data (products of shapes × P × kinds)', () => {
  for (const [ni, no] of [[1, 1], [3, 2], [8, 5], [20, 3]]) {
    for (const p of [ni, ni + 1, 4 * ni, 200]) {
      it(`${ni}→${no}, P = ${p}`, () => {
        for (const whiten of ['pca', 'zca'] as const) {
          const t = gaussianRegressionTask(createRandom(11, ni, no, p), { ni, no, p, whiten });
          const rep = whiteningReport(t);
          assert.ok(rep.deviation < 1e-12 && rep.maxAbs < 1e-12, `${whiten}: ${rep.deviation}`);
          assert.ok(t.whitened);
          assert.equal(t.p, p);
        }
      });
    }
  }
});

describe('semantic task (spec §5.4)', () => {
  const fx = loadFixture<{ Y_items: unknown; sigmaYX: unknown; s: number[]; columnSquaredNorms: number[] }>(
    'lazy_to_rich_init/semantic.json',
  );

  it('has orthogonal feature columns with squared norms 8, 8, 4, 4, 2, 2, 2, 2', () => {
    const t = semanticTask();
    const G = matmul(t.Y, t.Y, { transB: true }); // features × features
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) assert.equal(G.get(i, j), i === j ? [8, 8, 4, 4, 2, 2, 2, 2][i] : 0);
    }
    assert.deepEqual(fx.columnSquaredNorms, [8, 8, 4, 4, 2, 2, 2, 2]);
    // Y is Y_itemsᵀ exactly.
    const Yi = fixtureMatrix(fx.Y_items);
    for (let f = 0; f < 8; f++) for (let item = 0; item < 8; item++) assert.equal(t.Y.get(f, item), Yi.get(item, f));
  });

  it('whitened: X = √8·I, Σ_xx = I, Σ_yx = Y_itemsᵀ/√8 with singular values 1, 1, 1/√2, 1/√2, ½×4, yyTrace = 4', () => {
    const t = semanticTask();
    assert.ok(t.whitened);
    assert.equal(t.ni, 8);
    assert.equal(t.no, 8);
    assert.ok(whiteningReport(t).maxAbs < 1e-15);
    assert.ok(maxAbsDiff(t.sigmaYX, fixtureMatrix(fx.sigmaYX)) < 2 * EPS);
    const s = taskSvd(t).s;
    const expected = [1, 1, Math.SQRT1_2, Math.SQRT1_2, 0.5, 0.5, 0.5, 0.5];
    for (let a = 0; a < 8; a++) {
      assert.ok(Math.abs(s[a] - expected[a]) < 4 * EPS, `s[${a}] = ${s[a]}`);
      assert.ok(Math.abs(s[a] - fx.s[a]) < 4 * EPS);
    }
    assert.ok(Math.abs(t.yyTrace - 4) < 4 * EPS);
    assert.ok(Math.abs(taskLoss(t, t.sigmaYX)) < 4 * EPS, 'loss minimum 0');
    assert.equal(t.itemLabels.length, 8);
    assert.equal(t.featureLabels.length, 8);
  });

  it("the authors' X = I₈ variant has Σ_xx = I/8 and the same loss landscape rescaled: L_I(W) = L_whitened(W/√8)", () => {
    const raw = semanticTask({ whitened: false });
    const w = semanticTask();
    assert.ok(!raw.whitened);
    assert.ok(maxAbsDiff(raw.sigmaXX, scale(Matrix.identity(8), 1 / 8)) < EPS);
    const W = gaussianMatrix(createRandom(3), 8, 8);
    const a = taskLoss(raw, W);
    const b = taskLoss(w, scale(W, 1 / Math.sqrt(8)));
    assert.ok(Math.abs(a - b) < 1e-13 * Math.abs(a));
  });
});

describe('taskSvd', () => {
  const { cases } = loadFixture<{ cases: { sigmaYX: unknown; s: number[]; U: unknown; V: unknown }[] }>(
    'lazy_to_rich_init/task_svd.json',
  );
  for (const bc of backendCases()) {
    it(`matches NumPy's sign-normalised factors and completes bases (${bc.name} backend)`, { skip: bc.skip }, () => {
      for (const c of cases) {
        const A = fixtureMatrix(c.sigmaYX);
        const t = whitenedTask(A);
        const ts = taskSvd(t, { backend: bc.backend });
        const [no, ni] = [A.rows, A.cols];
        const r = Math.min(ni, no);
        assert.equal(ts.r, r);
        assert.equal(ts.d, Math.abs(no - ni));
        assert.deepEqual([ts.U.rows, ts.U.cols, ts.V.rows, ts.V.cols], [no, r, ni, r]);
        assert.deepEqual([ts.Uperp.cols, ts.Vperp.cols], [no - r, ni - r]);
        // Distinct singular values of a random matrix: the factors are unique up to the sign convention.
        for (let a = 0; a < r; a++) assert.ok(Math.abs(ts.s[a] - c.s[a]) < 1e-14 * c.s[0]);
        assert.ok(maxAbsDiff(ts.U, fixtureMatrix(c.U)) < 1e-13, 'Ũ');
        assert.ok(maxAbsDiff(ts.V, fixtureMatrix(c.V)) < 1e-13, 'Ṽ');
        assert.ok(orthoError(ts.Ufull) < 1e-14 && orthoError(ts.Vfull) < 1e-14);
        const rec = matmul(matmul(ts.U, Matrix.diag(ts.s)), ts.V, { transB: true });
        assert.ok(relativeError(rec, A) < 1e-14);
        // Ũ_⊥ ⊥ range(Σ_yx) and Ṽ_⊥ ⊂ null(Σ_yx).
        if (ts.Vperp.cols > 0) assert.ok(frobeniusNorm(matmul(A, ts.Vperp)) < 1e-14);
        if (ts.Uperp.cols > 0) assert.ok(frobeniusNorm(matmul(ts.Uperp, A, { transA: true })) < 1e-14);
      }
    });
  }

  it('is deterministic and the sign convention holds (largest |entry| of ṽ_α positive)', () => {
    const t = randomLowRankTask(createRandom(5), { ni: 6, no: 4, rank: 3 });
    const a = taskSvd(t);
    const b = taskSvd(t);
    assert.deepEqual(Array.from(a.Ufull.data), Array.from(b.Ufull.data));
    assert.deepEqual(Array.from(a.Vfull.data), Array.from(b.Vfull.data));
    for (let k = 0; k < a.r; k++) {
      const col = a.V.col(k);
      let best = 0;
      for (let i = 1; i < col.length; i++) if (Math.abs(col[i]) > Math.abs(col[best]) * (1 + 1e-12)) best = i;
      assert.ok(col[best] > 0);
    }
    assert.ok(a.s[3 - 1] > 0 && a.s.length === 4 && a.s[3] < 1e-15, 'rank 3 of r = 4');
  });
});

describe('randomLowRankTask and gaussianRegressionTask', () => {
  it('have the requested spectrum, rank and orientation from named child streams', () => {
    for (const [ni, no, rank] of [[5, 3, 3], [3, 5, 2], [4, 4, 1], [7, 3, 3]]) {
      const t = randomLowRankTask(createRandom(1, 'task'), { ni, no, rank });
      const s = taskSvd(t).s;
      for (let a = 0; a < rank; a++) assert.ok(Math.abs(s[a] - (rank - a) / rank) < 1e-14);
      for (let a = rank; a < s.length; a++) assert.ok(s[a] < 1e-14);
      assert.ok(t.whitened && t.ni === ni && t.no === no);
      const custom = randomLowRankTask(createRandom(1, 'task'), { ni, no, rank, singularValues: Array.from({ length: rank }, (_, a) => 3 - a * 0.5) });
      assert.ok(Math.abs(taskSvd(custom).s[0] - 3) < 1e-14);
      // Same stream identity → bit-identical; a different seed → different.
      const again = randomLowRankTask(createRandom(1, 'task'), { ni, no, rank });
      assert.deepEqual(Array.from(again.sigmaYX.data), Array.from(t.sigmaYX.data));
      const other = randomLowRankTask(createRandom(2, 'task'), { ni, no, rank });
      assert.ok(maxAbsDiff(other.sigmaYX, t.sigmaYX) > 1e-3);
    }
  });

  it('gaussianRegressionTask is deterministic per stream and PCA-whitened by default', () => {
    const a = gaussianRegressionTask(createRandom(9, 'fig2'), { ni: 3, no: 3, p: 10 });
    const b = gaussianRegressionTask(createRandom(9, 'fig2'), { ni: 3, no: 3, p: 10 });
    assert.deepEqual(Array.from(a.X.data), Array.from(b.X.data));
    assert.deepEqual(Array.from(a.sigmaYX.data), Array.from(b.sigmaYX.data));
    assert.equal(a.whitening, 'pca');
    assert.ok(whiteningReport(a).deviation < 1e-14);
    const raw = gaussianRegressionTask(createRandom(9, 'fig2'), { ni: 3, no: 3, p: 10, whiten: 'none' });
    assert.ok(!raw.whitened);
    assert.deepEqual(Array.from(raw.Y.data), Array.from(a.Y.data), 'Y does not depend on the whitening');
  });

  it('reject bad sizes and spectra with ConfigError / DomainError', () => {
    const rng = createRandom(0);
    assert.throws(() => randomLowRankTask(rng, { ni: 3, no: 2, rank: 3 }), ConfigError);
    assert.throws(() => randomLowRankTask(rng, { ni: 3, no: 2, rank: 0 }), ConfigError);
    assert.throws(() => randomLowRankTask(rng, { ni: 0, no: 2, rank: 1 }), ConfigError);
    assert.throws(() => randomLowRankTask(rng, { ni: 3, no: 2, rank: 2, singularValues: [1, 2] }), /descending/);
    assert.throws(() => randomLowRankTask(rng, { ni: 3, no: 2, rank: 2, singularValues: [1, NaN] }), ConfigError);
    assert.throws(() => randomLowRankTask(rng, { ni: 3, no: 2, rank: 2, singularValues: [1] }), ConfigError);
    assert.throws(() => gaussianRegressionTask(rng, { ni: 5, no: 2, p: 4 }), (e: unknown) => e instanceof DomainError && /p ≥ 5/.test(e.message));
    assert.throws(() => gaussianRegressionTask(rng, { ni: 2, no: 2, p: 4, whiten: 'white' as never }), ConfigError);
  });
});

describe('reversedTask (spec §5.9) and taskLoss', () => {
  it('negates Σ_yx and Y and keeps Σ_xx and yyTrace; L_rev(−W) = L(W); twice is the identity', () => {
    const t = gaussianRegressionTask(createRandom(4), { ni: 4, no: 3, p: 12 });
    const r = reversedTask(t);
    assert.ok(maxAbsDiff(r.sigmaYX, scale(t.sigmaYX, -1)) === 0);
    assert.ok(maxAbsDiff(r.Y, scale(t.Y, -1)) === 0);
    assert.equal(r.sigmaXX, t.sigmaXX);
    assert.equal(r.yyTrace, t.yyTrace);
    assert.match(r.name, /reversed/);
    const W = gaussianMatrix(createRandom(5), 3, 4);
    assert.equal(taskLoss(r, scale(W, -1)), taskLoss(t, W));
    assert.deepEqual(Array.from(reversedTask(r).sigmaYX.data), Array.from(t.sigmaYX.data));
    const w = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]));
    assert.equal(reversedTask(w).Y, undefined);
  });

  it('the whitened, data and statistics forms of the loss agree (1e-12 relative)', () => {
    const rng = createRandom(6);
    for (const whiten of ['zca', 'none'] as const) {
      const t = gaussianRegressionTask(rng.split(whiten), { ni: 5, no: 3, p: 30, whiten });
      const W = gaussianMatrix(rng.split('W', whiten), 3, 5, { std: 0.5 });
      const direct = (() => {
        const R = matmul(W, t.X);
        let ss = 0;
        for (let k = 0; k < R.data.length; k++) ss += (R.data[k] - t.Y.data[k]) ** 2;
        return ss / (2 * t.p);
      })();
      assert.ok(Math.abs(taskLoss(t, W) - direct) < 1e-12 * direct, `${whiten}: taskLoss`);
      // Statistics only (no data): ½tr(WΣ_xxWᵀ) − tr(WΣ_yxᵀ) + ½yyTrace.
      const stats: LinearTask = { ...t, whitened: false, X: undefined, Y: undefined };
      assert.ok(Math.abs(taskLoss(stats, W) - direct) < 1e-12 * direct, `${whiten}: statistics form`);
    }
    // Whitened task without data: ½‖W − Σ‖²; minimum 0 at Σ.
    const w = whitenedTask(Matrix.from([[1, 0], [0, 2]]));
    assert.equal(taskLoss(w, Matrix.zeros(2, 2)), 2.5);
    assert.equal(taskLoss(w, w.sigmaYX), 0);
    assert.equal(taskLoss(whitenedTask(Matrix.from([[1, 0], [0, 2]]), { yyTrace: 6 }), w.sigmaYX), 0.5);
  });

  it('rejects a W of the wrong shape (naming both shapes) and non-finite W', () => {
    const w = whitenedTask(Matrix.from([[1, 0, 0], [0, 2, 0]]));
    assert.throws(() => taskLoss(w, Matrix.zeros(3, 2)), (e: unknown) => e instanceof ShapeError && /3x2/.test(e.message) && /2x3/.test(e.message));
    assert.throws(() => taskLoss(w, Matrix.from([[NaN, 0, 0], [0, 0, 0]], { allowNonFinite: true })), DomainError);
  });
});

describe('requireWhitened and input errors', () => {
  it('passes whitened tasks and rejects others with the measured deviation and the fix', () => {
    requireWhitened(semanticTask(), 'test');
    requireWhitened(whitenedTask(Matrix.from([[1]])), 'test');
    const raw = semanticTask({ whitened: false });
    assert.throws(
      () => requireWhitened(raw, 'exactSolution'),
      (e: unknown) =>
        e instanceof DomainError && /exactSolution/.test(e.message) && /‖Σ_xx − I‖/.test(e.message) && /zca/.test(e.message) && /8\.750e-1/.test(e.message),
    );
    // A hand-built object that claims whitened but is not.
    const liar: LinearTask = { ...whitenedTask(Matrix.from([[1, 2]])), sigmaXX: Matrix.from([[1, 0.1], [0.1, 1]]) };
    assert.throws(() => requireWhitened(liar, 'x'), DomainError);
    assert.throws(() => requireWhitened({ ...liar, sigmaXX: Matrix.identity(3) }, 'x'), ShapeError);
  });

  it('taskFromData: different P, no samples, NaN, singular Σ_xx, bad options', () => {
    const X = gaussianMatrix(createRandom(1), 3, 10);
    const Y = gaussianMatrix(createRandom(2), 2, 9);
    assert.throws(
      () => taskFromData(X, Y),
      (e: unknown) => e instanceof ShapeError && /3x10/.test(e.message) && /2x9/.test(e.message) && /same number|columns/.test(e.message),
    );
    assert.throws(() => taskFromData(Matrix.zeros(3, 0), Matrix.zeros(2, 0)), (e: unknown) => e instanceof ShapeError && /P = 0/.test(e.message));
    const bad = X.clone();
    bad.set(1, 4, NaN);
    assert.throws(() => taskFromData(bad, gaussianMatrix(createRandom(2), 2, 10)), (e: unknown) => e instanceof DomainError && /X/.test(e.message));
    assert.throws(() => taskFromData(X, gaussianMatrix(createRandom(2), 2, 10), { whiten: 'pcaa' as never }), ConfigError);
    assert.throws(() => taskFromData(X, gaussianMatrix(createRandom(2), 2, 10), { tolerance: -1 }), ConfigError);
    // Rank-deficient inputs cannot be whitened: P = 2 < N_i = 3, and an exactly repeated row.
    assert.throws(() => taskFromData(gaussianMatrix(createRandom(3), 3, 2), gaussianMatrix(createRandom(4), 1, 2), { whiten: 'zca' }), (e: unknown) => e instanceof DomainError && /singular/.test(e.message));
    const rep = Matrix.from([[1, 2, 3, 4], [1, 2, 3, 4]]);
    assert.throws(() => taskFromData(rep, Matrix.zeros(1, 4), { whiten: 'pca' }), DomainError);
  });

  it('whitenedTask: NaN, empty, impossible yyTrace', () => {
    assert.throws(() => whitenedTask(Matrix.from([[1, NaN]], { allowNonFinite: true })), DomainError);
    assert.throws(() => whitenedTask(Matrix.zeros(0, 2)), ShapeError);
    assert.throws(() => whitenedTask(Matrix.from([[3]]), { yyTrace: 1 }), (e: unknown) => e instanceof DomainError && /yyTrace/.test(e.message));
    const t = whitenedTask(Matrix.from([[2, 0.5], [0.1, 1]]), { name: 'toy' });
    assert.equal(t.name, 'toy');
    assert.equal(t.yyTrace, 4 + 0.25 + 0.01 + 1);
  });
});
