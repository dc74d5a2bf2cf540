import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  gaussianInit,
  lecunInit,
  standardInit,
  standardStds,
  expectedLambda,
  explicitInit,
  measureBalance,
  type StandardInitKind,
} from '../../src/init/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { matmul, sub } from '../../src/linalg/ops.js';
import { frobeniusNorm } from '../../src/linalg/norms.js';
import { createRandom, gaussianMatrix } from '../../src/random/index.js';
import { ConfigError, DomainError, ShapeError } from '../../src/errors/index.js';

/** Mean diagonal, its exact sampling sd, and the off-diagonal rms of W₂ᵀW₂ − W₁W₁ᵀ. */
function balanceStats(W1: Matrix, W2: Matrix): { meanDiag: number; offRms: number } {
  const B = sub(matmul(W2, W2, { transA: true }), matmul(W1, W1, { transB: true }));
  const n = B.rows;
  let diag = 0;
  let off = 0;
  for (let i = 0; i < n; i++) {
    diag += B.get(i, i);
    for (let j = 0; j < n; j++) if (i !== j) off += B.get(i, j) ** 2;
  }
  return { meanDiag: diag / n, offRms: Math.sqrt(off / (n * (n - 1))) };
}

/**
 * Exact moments under i.i.d. Gaussian entries: diagonal entry h = Σ_o W₂[o,h]² − Σ_i W₁[h,i]² has
 * variance 2N_oσ₂⁴ + 2N_iσ₁⁴ and the N_h diagonal entries are independent (disjoint columns of W₂,
 * rows of W₁), so the mean diagonal has sd √((2N_oσ₂⁴ + 2N_iσ₁⁴)/N_h). An off-diagonal entry has
 * variance N_oσ₂⁴ + N_iσ₁⁴.
 */
function moments(ni: number, nh: number, no: number, std1: number, std2: number): { sdMean: number; offRms: number } {
  const v1 = std1 ** 4;
  const v2 = std2 ** 4;
  return { sdMean: Math.sqrt((2 * no * v2 + 2 * ni * v1) / nh), offRms: Math.sqrt(no * v2 + ni * v1) };
}

describe('λ of standard random inits (spec §2.3, App. A.3 / §5.6)', () => {
  it('LeCun 40-200-80: mean diagonal ≈ −0.6 (within 4 sd = 0.066) and off-diagonal rms ≈ 0.164', () => {
    const w = lecunInit({ ni: 40, nh: 200, no: 80, stream: createRandom(2025, 'lecun') });
    assert.equal(w.expectedLambda, -0.6);
    assert.equal(expectedLambda('lecun', 40, 200, 80), -0.6);
    const { meanDiag, offRms } = balanceStats(w.W1, w.W2);
    const mom = moments(40, 200, 80, w.std1, w.std2);
    assert.ok(Math.abs(mom.sdMean - 0.01643) < 1e-4);
    assert.ok(Math.abs(meanDiag - -0.6) < 4 * mom.sdMean, `mean diagonal ${meanDiag}`);
    // 19 900 off-diagonal pairs: the rms concentrates to a few per cent.
    assert.ok(Math.abs(offRms / mom.offRms - 1) < 0.05, `off-diagonal rms ${offRms} vs ${mom.offRms}`);
    // measureBalance's best λ is the mean diagonal.
    assert.ok(Math.abs(measureBalance(w.W1, w.W2).lambda - meanDiag) < 1e-12);
  });

  const kinds: StandardInitKind[] = ['lecun', 'glorot', 'he', 'scaled'];
  for (const kind of kinds) {
    it(`${kind}: the tabulated λ equals N_oσ₂² − N_iσ₁² and the sampled mean diagonal (4 sd) at 60-300-120 and 120-300-30`, () => {
      for (const [ni, nh, no] of [
        [60, 300, 120],
        [120, 300, 30],
      ]) {
        const opts = { alpha1: 1.5, alpha2: 0.5 };
        const { std1, std2 } = standardStds(kind, ni, nh, no, opts);
        const lam = expectedLambda(kind, ni, nh, no, opts);
        assert.ok(Math.abs(lam - (no * std2 ** 2 - ni * std1 ** 2)) < 1e-14 * Math.max(1, Math.abs(lam)));
        const w = standardInit(kind, { ni, nh, no, stream: createRandom(7, kind, ni), ...opts });
        assert.equal(w.expectedLambda, lam);
        const { meanDiag } = balanceStats(w.W1, w.W2);
        const { sdMean } = moments(ni, nh, no, std1, std2);
        assert.ok(Math.abs(meanDiag - lam) < 4 * sdMean, `${kind} ${ni}-${nh}-${no}: ${meanDiag} vs ${lam} (sd ${sdMean})`);
      }
    });
  }

  it('closed forms of the table: LeCun N_o/N_h − 1, Glorot 2(N_o/(N_h+N_o) − N_i/(N_i+N_h)), He 2(N_o/N_h − 1), scaled (N_o/N_h)α₂² − α₁²', () => {
    const [ni, nh, no] = [7, 11, 5];
    assert.ok(Math.abs(expectedLambda('lecun', ni, nh, no) - (5 / 11 - 1)) < 1e-15);
    assert.ok(Math.abs(expectedLambda('glorot', ni, nh, no) - 2 * (5 / 16 - 7 / 18)) < 1e-15);
    assert.ok(Math.abs(expectedLambda('he', ni, nh, no) - 2 * (5 / 11 - 1)) < 1e-15);
    assert.ok(Math.abs(expectedLambda('scaled', ni, nh, no, { alpha1: 2, alpha2: 3 }) - ((5 / 11) * 9 - 4)) < 1e-14);
    assert.equal(expectedLambda('lecun', 3, 4, 4), 0);
  });

  it('LeCun at fixed ratios n-2n-n: entrywise imbalance shrinks like 1/√n, but ‖B − λ̂I‖_F/‖λ̂I‖_F stays ≈ 3.16 (checked claim)', () => {
    // Spec §2.3 says the fluctuations are O(1/√width); that holds per entry (off-diagonal rms
    // √(N_oσ₂⁴ + N_iσ₁⁴) = √(1.25/n) here). The N_h² entries add up, so the relative Frobenius
    // deviation suggested for Fig. 1C in spec §5.1 tends to √(N_h(N_oσ₂⁴ + N_iσ₁⁴))/|λ̂| = √2.5/0.5 ≈ 3.162
    // (the spectral norm is O(1) as well): the init is λ-balanced only entrywise, not in norm.
    const rows = [25, 100, 400].map((n) => {
      const w = lecunInit({ ni: n, nh: 2 * n, no: n, stream: createRandom(31, n) });
      const m = measureBalance(w.W1, w.W2);
      const lamHat = w.expectedLambda; // −0.5
      return { off: balanceStats(w.W1, w.W2).offRms, rel: m.deviation / (Math.abs(lamHat) * Math.sqrt(2 * n)), n };
    });
    for (const r of rows) {
      assert.ok(Math.abs(r.off / Math.sqrt(1.25 / r.n) - 1) < 0.05, `off-diagonal rms at n = ${r.n}: ${r.off}`);
      assert.ok(Math.abs(r.rel / Math.sqrt(10) - 1) < 0.05, `relative Frobenius deviation at n = ${r.n}: ${r.rel}`);
    }
  });

  it('gaussianInit draws each layer from its named child stream (deterministic, row-major)', () => {
    const w = gaussianInit({ ni: 3, nh: 4, no: 2, std1: 0.5, std2: 2, stream: createRandom(5, 'g') });
    const W1 = gaussianMatrix(createRandom(5, 'g', 'W1'), 4, 3, { std: 0.5 });
    const W2 = gaussianMatrix(createRandom(5, 'g', 'W2'), 2, 4, { std: 2 });
    assert.deepEqual(Array.from(w.W1.data), Array.from(W1.data));
    assert.deepEqual(Array.from(w.W2.data), Array.from(W2.data));
    assert.equal(w.expectedLambda, 2 * 4 - 3 * 0.25);
    assert.throws(() => gaussianInit({ ni: 3, nh: 4, no: 2, std1: -1, std2: 1, stream: createRandom(0) }), ConfigError);
    assert.throws(() => gaussianInit({ ni: 3, nh: 0, no: 2, std1: 1, std2: 1, stream: createRandom(0) }), ConfigError);
    assert.throws(() => standardStds('xavier' as never, 1, 1, 1), ConfigError);
  });
});

describe('explicitInit', () => {
  it('accepts the issue config weights as nested arrays and copies them', () => {
    const W1 = [[0.3, 0], [0, 0.2]];
    const { W1: A, W2: B } = explicitInit(W1, [[0.4, 0], [0, 0.1]], { ni: 2, no: 2 });
    assert.deepEqual(A.toArray(), W1);
    assert.deepEqual(B.toArray(), [[0.4, 0], [0, 0.1]]);
    const M = Matrix.from(W1);
    const c = explicitInit(M, Matrix.from([[1, 1]]));
    c.W1.set(0, 0, 9);
    assert.equal(M.get(0, 0), 0.3, 'a copy');
  });

  it('names both shapes when they do not chain or do not fit the task, and rejects NaN', () => {
    assert.throws(
      () => explicitInit(Matrix.zeros(2, 3), Matrix.zeros(4, 5)),
      (e: unknown) => e instanceof ShapeError && /2x3/.test(e.message) && /4x5/.test(e.message) && /2 columns/.test(e.message),
    );
    assert.throws(() => explicitInit(Matrix.zeros(2, 3), Matrix.zeros(4, 2), { ni: 4 }), (e: unknown) => e instanceof ShapeError && /N_i = 4/.test(e.message));
    assert.throws(() => explicitInit(Matrix.zeros(2, 3), Matrix.zeros(4, 2), { no: 3 }), (e: unknown) => e instanceof ShapeError && /N_o = 3/.test(e.message));
    assert.throws(() => explicitInit([[1, NaN]], [[1]]), DomainError);
    assert.throws(() => explicitInit([[1, 2], [3]], [[1, 1]]), ShapeError);
    assert.throws(() => explicitInit(Matrix.zeros(0, 2), Matrix.zeros(2, 0)), ShapeError);
  });
});

describe('measureBalance', () => {
  it('returns W₂ᵀW₂ − W₁W₁ᵀ, the best λ = tr/N_h, and the deviation (a hand example)', () => {
    // Issue config: W1 = diag(0.3, 0.2), W2 = diag(0.4, 0.1): balance = diag(0.16 − 0.09, 0.01 − 0.04) = diag(0.07, −0.03).
    const { W1, W2 } = explicitInit([[0.3, 0], [0, 0.2]], [[0.4, 0], [0, 0.1]]);
    const m = measureBalance(W1, W2);
    assert.ok(Math.abs(m.balance.get(0, 0) - 0.07) < 1e-16 && Math.abs(m.balance.get(1, 1) + 0.03) < 1e-16);
    assert.ok(Math.abs(m.lambda - 0.02) < 1e-16);
    assert.ok(Math.abs(m.deviation - Math.SQRT2 * 0.05) < 1e-16);
    assert.ok(Math.abs(m.relativeDeviation - (Math.SQRT2 * 0.05) / Math.hypot(0.16, 0.01)) < 1e-15);
  });

  it('the best λ minimises ‖B − λI‖_F (perturbing it increases the deviation)', () => {
    const w = lecunInit({ ni: 5, nh: 7, no: 3, stream: createRandom(1) });
    const m = measureBalance(w.W1, w.W2);
    const devAt = (lam: number) => {
      const D = m.balance.clone();
      for (let h = 0; h < D.rows; h++) D.set(h, h, D.get(h, h) - lam);
      return frobeniusNorm(D);
    };
    assert.ok(Math.abs(devAt(m.lambda) - m.deviation) < 1e-15);
    for (const d of [1e-3, -1e-3, 0.1]) assert.ok(devAt(m.lambda + d) > m.deviation);
  });

  it('is 0 for zero weights and rejects shapes that do not chain or NaN', () => {
    const z = measureBalance(Matrix.zeros(2, 3), Matrix.zeros(4, 2));
    assert.equal(z.deviation, 0);
    assert.equal(z.relativeDeviation, 0);
    assert.throws(() => measureBalance(Matrix.zeros(2, 3), Matrix.zeros(4, 3)), (e: unknown) => e instanceof ShapeError && /2x3/.test(e.message) && /4x3/.test(e.message));
    assert.throws(() => measureBalance(Matrix.from([[NaN]], { allowNonFinite: true }), Matrix.zeros(1, 1)), DomainError);
  });
});
