import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gaussianConnectivity, truncateRank, truncateRanks, rescaleConnectivity } from '../../../src/init/index.js';
import { effectiveRanksFromSpectrum, eigenvalues, spectralRadius } from '../../../src/metrics/index.js';
import { svdValues } from '../../../src/linalg/decompositions.js';
import { frobeniusNorm } from '../../../src/linalg/norms.js';
import { Matrix } from '../../../src/linalg/matrix.js';
import { createRandom, gaussianMatrix } from '../../../src/random/index.js';
import { ConfigError, DomainError } from '../../../src/errors/index.js';

describe('R1: rank truncation keeps the Frobenius norm (Liu et al. code protocol, N = 300, g = 1.25)', () => {
  const W0 = gaussianConnectivity({ n: 300, gain: 1.25, stream: createRandom(0, 'R1', 'W0') });
  const ranks = [1, 30, 100, 300];
  const Ws = truncateRanks(W0, ranks);
  const spectra = Ws.map((W) => svdValues(W));
  it('‖W_r‖_F = ‖W0‖_F (rel. 1e-12), rank(W_r) = r (count of σ > 1e-10·σ₁), W_300 = W0 (1e-12)', () => {
    const f0 = frobeniusNorm(W0);
    ranks.forEach((r, k) => {
      assert.ok(Math.abs(frobeniusNorm(Ws[k]!) - f0) / f0 < 1e-12, `r=${r}`);
      const s = spectra[k]!;
      const count = s.filter((x) => x > 1e-10 * s[0]!).length;
      assert.equal(count, r);
    });
    let d = 0;
    for (let t = 0; t < W0.data.length; t++) d = Math.max(d, Math.abs(Ws[3]!.data[t]! - W0.data[t]!));
    assert.ok(d < 1e-12, `max |W_300 − W0| = ${d}`);
  });
  it('every effective-rank measure is monotone in r; PR(W_1) = 1; rank 1 puts the norm in σ₁ ≈ g√N', () => {
    const er = spectra.map((s) => effectiveRanksFromSpectrum(s));
    for (const key of ['paper', 'participationRatio', 'stableRank', 'entropyRank', 'nuclearOverSpectral'] as const) {
      for (let k = 1; k < er.length; k++) assert.ok(er[k]![key] > er[k - 1]![key], `${key} at r=${ranks[k]}`);
    }
    // Other σ of W_1 are round-off (~1e-15·σ₁), so PR − 1 ~ 1e-30: exact in float64.
    assert.equal(er[0]!.participationRatio, 1);
    // σ₁(W_1) = ‖W0‖_F ≈ 1.25·√300 = 21.65 (spec §2.1: "σ₁ ≈ 21.7").
    assert.ok(Math.abs(spectra[0]![0]! - 21.65) < 0.5, `σ₁ = ${spectra[0]![0]}`);
  });
  it('rank 1 is non-normal: its one eigenvalue is σ₁·(v₁ᵀu₁), of order g, not σ₁ (spec §2.1 [D], confirmed)', () => {
    const { re, im } = eigenvalues(Ws[0]!);
    const lam = Math.hypot(re[0]!, im[0]!);
    assert.ok(lam < 0.25 * spectra[0]![0]!, `|λ| = ${lam} vs σ₁ = ${spectra[0]![0]}`);
    assert.ok(Math.abs(im[0]!) === 0 && Math.hypot(re[1]!, im[1]!) < 1e-12 * spectra[0]![0]!);
  });
});

describe('truncation controls of §2.1', () => {
  const W0 = gaussianConnectivity({ n: 60, gain: 1.5, stream: createRandom(1, 'ctl') });
  it("'spectral-radius' matches max|λ| of W0 (rel. 1e-10); 'sigma1' keeps σ₁ (plain truncation)", () => {
    const rho = spectralRadius(W0);
    for (const r of [1, 5, 20]) {
      const Wr = truncateRank(W0, r, { normalize: 'spectral-radius' });
      assert.ok(Math.abs(spectralRadius(Wr) - rho) / rho < 1e-10, `r=${r}`);
      const Ws = truncateRank(W0, r, { normalize: 'sigma1' });
      assert.ok(Math.abs(svdValues(Ws)[0]! - svdValues(W0)[0]!) < 1e-12 * svdValues(W0)[0]!);
    }
  });
  it('rescaleConnectivity hits each target', () => {
    assert.ok(Math.abs(frobeniusNorm(rescaleConnectivity(W0, { frobenius: 3 })) - 3) < 1e-13);
    assert.ok(Math.abs(spectralRadius(rescaleConnectivity(W0, { spectralRadius: 0.9 })) - 0.9) < 1e-12);
    assert.ok(Math.abs(svdValues(rescaleConnectivity(W0, { sigma1: 2 }))[0]! - 2) < 1e-13);
  });
  it('refuses rank 0, rank > N, fractional rank, NaN, zero W, a nilpotent radius, unknown normalisation', () => {
    assert.throws(() => truncateRank(W0, 0), ConfigError);
    assert.throws(() => truncateRank(W0, 61), ConfigError);
    assert.throws(() => truncateRank(W0, 2.5), ConfigError);
    assert.throws(() => truncateRank(Matrix.from([[1, Number.NaN]], { allowNonFinite: true }), 1), DomainError);
    assert.throws(() => truncateRank(Matrix.zeros(3, 3), 1), DomainError);
    assert.throws(() => rescaleConnectivity(Matrix.from([[0, 1], [0, 0]]), { spectralRadius: 1 }), DomainError);
    assert.throws(() => truncateRank(W0, 2, { normalize: 'max' as never }), ConfigError);
    assert.throws(() => rescaleConnectivity(W0, { frobenius: -1 }), ConfigError);
  });
  it('same stream → identical W0; different seeds differ', () => {
    const a = gaussianConnectivity({ n: 10, stream: createRandom(5, 'W0') });
    const b = gaussianConnectivity({ n: 10, stream: createRandom(5, 'W0') });
    const c = gaussianConnectivity({ n: 10, stream: createRandom(6, 'W0') });
    assert.deepEqual(a.data, b.data);
    assert.notDeepEqual(a.data, c.data);
  });
});

describe('truncation over shapes × ranks × normalisations', () => {
  const shapes: [number, number][] = [[1, 1], [5, 5], [7, 3], [3, 7], [12, 12]];
  for (const [m, n] of shapes) {
    it(`${m}×${n}: every rank keeps the normalised quantity and has exactly that rank`, () => {
      const W = gaussianMatrix(createRandom(m * 100 + n, 'prod'), m, n);
      const f0 = frobeniusNorm(W);
      const s0 = svdValues(W)[0]!;
      const k = Math.min(m, n);
      for (let r = 1; r <= k; r++) {
        const Wf = truncateRank(W, r);
        assert.ok(Math.abs(frobeniusNorm(Wf) - f0) < 1e-13 * f0);
        const sf = svdValues(Wf);
        assert.equal(sf.filter((x) => x > 1e-10 * sf[0]!).length, r);
        const Wn = truncateRank(W, r, { normalize: 'none' });
        assert.ok(Math.abs(svdValues(Wn)[0]! - s0) < 1e-13 * s0);
        // Frobenius version = plain truncation × √(Σσ²/Σ_{i≤r}σ²).
        const all = Array.from(svdValues(W));
        const fac = Math.sqrt(all.reduce((a, b) => a + b * b, 0) / all.slice(0, r).reduce((a, b) => a + b * b, 0));
        for (let t = 0; t < Wn.data.length; t++) assert.ok(Math.abs(Wf.data[t]! - fac * Wn.data[t]!) < 1e-13 * f0);
        if (m === n && r < k) {
          const rho = spectralRadius(W);
          const Ws = truncateRank(W, r, { normalize: 'spectral-radius' });
          assert.ok(Math.abs(spectralRadius(Ws) - rho) < 1e-10 * rho);
        }
      }
    });
  }
});
