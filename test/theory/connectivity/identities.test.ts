import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ntkMatrix,
  theorem1Factor,
  expectedKernelAlignment,
  expectedKernelAlignmentFromSpectrum,
  richLimitKernelAlignment,
  kernelTaskAlignment,
  meanTaskAlignment,
  readoutTaskAlignment,
  fullTaskAlignment,
  anisotropicTeacher,
  trainTwoLayerToConvergence,
} from '../../../src/theory/connectivity/index.js';
import { truncateRank, taskAlignedLowRank } from '../../../src/init/index.js';
import { frobeniusCosine, ntk } from '../../../src/metrics/index.js';
import { svdValues } from '../../../src/linalg/decompositions.js';
import { matmul } from '../../../src/linalg/ops.js';
import { Matrix } from '../../../src/linalg/matrix.js';
import { createRandom, gaussianMatrix, haarOrthogonal, randomUnitVector } from '../../../src/random/index.js';
import { ConfigError, DomainError, ShapeError } from '../../../src/errors/index.js';
import { fixtureMatrix, loadFixture, decodeFixtureArray } from '../../helpers/fixtures.js';


describe('§4.3 identities (recipe R2) and Prop. 1', () => {
  it('R2: d = 20, h = 50, 2·10⁵ unit ŵ: mean A_tr = 1/d ± 0.001 for every r; mean A_F = Tr M/(d‖M‖_F) ± 0.5 %, increasing in r; 0 ≤ A_tr ≤ 1', () => {
    const d = 20;
    const h = 50;
    const s = createRandom(3, 'R2');
    let lastAF = 0;
    for (const r of [1, 2, 5, 10, 20]) {
      const W1 = truncateRank(gaussianMatrix(s.split('W1'), h, d), r);
      const w2 = gaussianMatrix(s.split('w2'), h, 1, { std: 0.05 }).data;
      const M = ntkMatrix(W1, w2);
      const ws = s.split('tasks', r);
      const n = 200000;
      // Bulk draws: ŵ = z/‖z‖ with z ~ N(0, I) (uniform on the sphere); q = ŵᵀMŵ by hand, and the
      // first 1000 draws also through kernelTaskAlignment (the library function, equal to 1e-14).
      const z = ws.normalArray(n * d);
      const tr = M.data.reduce((p, _, k) => p + (k % (d + 1) === 0 ? M.data[k]! : 0), 0);
      const fro = Math.hypot(...M.data);
      let atr = 0;
      let af = 0;
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = 0; k < n; k++) {
        const w = z.subarray(k * d, (k + 1) * d);
        let nn = 0;
        let q = 0;
        for (let i = 0; i < d; i++) {
          nn += w[i]! * w[i]!;
          let row = 0;
          for (let j = 0; j < d; j++) row += M.data[i * d + j]! * w[j]!;
          q += w[i]! * row;
        }
        q /= nn;
        const a = q / tr;
        if (a < lo) lo = a;
        if (a > hi) hi = a;
        if (k < 1000) {
          assert.ok(Math.abs(kernelTaskAlignment(M, w, 'trace') - a) < 1e-14);
          assert.ok(Math.abs(kernelTaskAlignment(M, w, 'frobenius') - q / fro) < 1e-14 * Math.max(1, q / fro));
        }
        atr += a;
        af += q / fro;
      }
      assert.ok(lo >= 0 && hi <= 1, `A_tr range [${lo}, ${hi}]`);
      atr /= n;
      af /= n;
      const mean = meanTaskAlignment(M);
      assert.ok(Math.abs(atr - 1 / d) < 0.001, `r=${r} A_tr ${atr}`);
      assert.ok(Math.abs(af - mean.frobenius) < 0.005 * mean.frobenius, `r=${r} A_F ${af} vs ${mean.frobenius}`);
      assert.ok(mean.frobenius > lastAF);
      lastAF = mean.frobenius;
    }
  });
  it('Prop. 1: aligned rank 1 has readout alignment 1 and the highest full alignment; random isotropic W₁ averages 1/d', () => {
    const d = 10;
    const h = 30;
    const s = createRandom(4, 'prop1');
    const beta = Array.from(s.split('b').normalArray(d));
    const G = gaussianMatrix(s.split('G'), h, d, { std: 1 / Math.sqrt(d) });
    const sigma = Math.hypot(...G.data);
    const A = taskAlignedLowRank({ beta, hidden: h, sigma, stream: s.split('u') });
    assert.ok(Math.abs(readoutTaskAlignment(A, beta) - 1) < 1e-14);
    const w2 = gaussianMatrix(s.split('w2'), h, 1, { std: 1 / Math.sqrt(h) }).data;
    assert.ok(fullTaskAlignment(A, w2, beta) > fullTaskAlignment(G, w2, beta));
    // Average over random tasks of the readout alignment of a fixed W₁ is exactly Tr(W₁ᵀW₁)/(d‖W₁‖²) = 1/d.
    let m = 0;
    const n = 50000;
    const ts = s.split('tasks');
    let m2 = 0;
    for (let k = 0; k < n; k++) {
      const v = readoutTaskAlignment(G, randomUnitVector(ts, d));
      m += v;
      m2 += v * v;
    }
    m /= n;
    const se = Math.sqrt((m2 / n - m * m) / n);
    assert.ok(Math.abs(m - 1 / d) < 4 * se, `mean ${m} ± ${se}`);
  });
  it('anisotropic teacher: F has singular values κ (top ⌊d/2⌋) and 1; (β̂_p·β̂)² grows with κ towards 1, ≈ 1/2 at κ = 1 (mean of 200 draws, ±0.05)', () => {
    const t = anisotropicTeacher({ d: 8, kappa: 3, stream: createRandom(5, 'F') });
    const sv = Array.from(svdValues(t.F));
    sv.forEach((x, i) => assert.ok(Math.abs(x - (i < 4 ? 3 : 1)) < 1e-13));
    assert.ok(Math.abs(Math.hypot(...t.beta) - 1) < 1e-14 && Math.abs(Math.hypot(...t.betaPartial) - 1) < 1e-14);
    let mean1 = 0;
    const means: number[] = [];
    for (const kappa of [1, 2, 4, 8, 32]) {
      let m = 0;
      for (let k = 0; k < 200; k++) m += anisotropicTeacher({ d: 20, kappa, stream: createRandom(6, 'F').fork(k) }).partialOverlap;
      means.push(m / 200);
      if (kappa === 1) mean1 = m / 200;
    }
    assert.ok(Math.abs(mean1 - 0.5) < 0.05, `κ = 1: ${mean1}`);
    for (let k = 1; k < means.length; k++) assert.ok(means[k]! > means[k - 1]!);
    assert.ok(means[means.length - 1]! > 0.99);
  });
  it('refusals: zero β, wrong lengths, zero network, κ < 1, unknown kind', () => {
    const M = Matrix.identity(3);
    assert.throws(() => kernelTaskAlignment(M, [0, 0, 0], 'trace'), DomainError);
    assert.throws(() => kernelTaskAlignment(M, [1, 0], 'trace'), ShapeError);
    assert.throws(() => kernelTaskAlignment(M, [1, 0, 0], 'cosine' as never), ConfigError);
    assert.throws(() => expectedKernelAlignment(Matrix.zeros(2, 3), [0, 0]), DomainError);
    assert.throws(() => ntkMatrix(Matrix.zeros(2, 3), [1, 2, 3]), ShapeError);
    assert.throws(() => anisotropicTeacher({ d: 4, kappa: 0.5, stream: createRandom(0) }), ConfigError);
    assert.throws(() => anisotropicTeacher({ d: 1, kappa: 2, stream: createRandom(0) }), ConfigError);
    assert.throws(() => trainTwoLayerToConvergence(Matrix.zeros(2, 2), [0, 0], [1, 0], { maxTime: 50 }), /raise maxTime/);
  });
});
