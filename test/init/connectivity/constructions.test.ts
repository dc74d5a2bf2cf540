import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  shapedSpectrum,
  spectrumProfileValues,
  lowRankPlusNoise,
  taskAlignedLowRank,
  shuffleEntries,
  cellTypeConnectivity,
  cellTypeCounts,
  gaussianConnectivity,
  ILLUSTRATIVE_CELL_TYPES,
} from '../../../src/init/index.js';
import { effectiveRanks, eigenvalues } from '../../../src/metrics/index.js';
import { svdValues } from '../../../src/linalg/decompositions.js';
import { frobeniusNorm } from '../../../src/linalg/norms.js';
import { matvec } from '../../../src/linalg/ops.js';
import { createRandom } from '../../../src/random/index.js';
import { ConfigError, DomainError } from '../../../src/errors/index.js';

describe('spectrum shaping (§2.2)', () => {
  it('singular values are the profile rescaled to ‖W‖_F (rel. 1e-12: Haar factors orthonormal to round-off)', () => {
    for (const profile of [{ kind: 'power', exponent: 1.5 }, { kind: 'exponential', length: 4 }] as const) {
      const W = shapedSpectrum({ rows: 40, cols: 30, profile, frobenius: 7, stream: createRandom(0, 'shape') });
      const s = svdValues(W);
      const p = spectrumProfileValues(profile, 30);
      const f = 7 / Math.hypot(...p);
      for (let i = 0; i < 30; i++) assert.ok(Math.abs(s[i]! - f * p[i]!) < 1e-12 * 7, `${profile.kind} σ${i}`);
      assert.ok(Math.abs(frobeniusNorm(W) - 7) < 1e-12 * 7);
    }
  });
  it('the power exponent moves the participation ratio continuously from N (p = 0) towards 1', () => {
    let last = Infinity;
    for (const p of [0, 0.25, 0.5, 1, 2, 4]) {
      const pr = effectiveRanks(shapedSpectrum({ rows: 30, profile: { kind: 'power', exponent: p }, stream: createRandom(1, 'pr') })).participationRatio;
      if (p === 0) assert.ok(Math.abs(pr - 30) < 1e-10);
      assert.ok(pr < last, `p=${p}`);
      last = pr;
    }
    assert.ok(last < 1.2);
  });
  it('refuses negative exponents, zero profiles and wrong lengths', () => {
    assert.throws(() => shapedSpectrum({ rows: 5, profile: { kind: 'power', exponent: -1 }, stream: createRandom(0) }), ConfigError);
    assert.throws(() => shapedSpectrum({ rows: 5, profile: { kind: 'values', values: [0, 0, 0, 0, 0] }, stream: createRandom(0) }), DomainError);
    assert.throws(() => shapedSpectrum({ rows: 5, profile: { kind: 'values', values: [1, 2] }, stream: createRandom(0) }), ConfigError);
    assert.throws(() => shapedSpectrum({ rows: 0, profile: { kind: 'power', exponent: 1 }, stream: createRandom(0) }), ConfigError);
  });
});

describe('low-rank plus noise, aligned rank 1, shuffle', () => {
  it('ε = 0 gives rank r exactly; ε > 0 raises the effective rank; frobenius target met', () => {
    const a = lowRankPlusNoise({ n: 40, rank: 3, noise: 0, stream: createRandom(2, 'lr') });
    const s = svdValues(a);
    assert.equal(s.filter((x) => x > 1e-10 * s[0]!).length, 3);
    const b = lowRankPlusNoise({ n: 40, rank: 3, noise: 1, frobenius: 5, stream: createRandom(2, 'lr') });
    assert.ok(Math.abs(frobeniusNorm(b) - 5) < 1e-12 * 5);
    assert.ok(effectiveRanks(b).participationRatio > effectiveRanks(a).participationRatio);
    assert.throws(() => lowRankPlusNoise({ n: 4, rank: 5, noise: 0, stream: createRandom(0) }), ConfigError);
    assert.throws(() => lowRankPlusNoise({ n: 4, rank: 1, noise: Number.NaN, stream: createRandom(0) }), ConfigError);
  });
  it('task-aligned rank 1: ‖W₁‖_F = σ, readout alignment ‖W₁β̂‖²/‖W₁‖² = 1, rank 1', () => {
    const beta = [3, -1, 2, 0.5];
    const W = taskAlignedLowRank({ beta, hidden: 7, sigma: 2.5, stream: createRandom(3, 'u') });
    assert.ok(Math.abs(frobeniusNorm(W) - 2.5) < 1e-14 * 2.5);
    const bn = Math.hypot(...beta);
    const v = matvec(W, beta.map((b) => b / bn));
    assert.ok(Math.abs(v.reduce((s2, x) => s2 + x * x, 0) / 6.25 - 1) < 1e-14);
    assert.equal(effectiveRanks(W).participationRatio, 1);
    assert.throws(() => taskAlignedLowRank({ beta: [0, 0], hidden: 3, sigma: 1, stream: createRandom(0) }), ConfigError);
    assert.throws(() => taskAlignedLowRank({ beta: [1, 0], hidden: 3, sigma: 1 }), ConfigError);
  });
  it('shuffle keeps the multiset of entries (and the diagonal when asked), is seeded', () => {
    const W = gaussianConnectivity({ n: 12, stream: createRandom(4, 'W') });
    const a = shuffleEntries(W, createRandom(4, 'shuffle'));
    assert.deepEqual(Array.from(a.data).sort(), Array.from(W.data).sort());
    assert.notDeepEqual(a.data, W.data);
    assert.deepEqual(a.data, shuffleEntries(W, createRandom(4, 'shuffle')).data);
    const b = shuffleEntries(W, createRandom(4, 'shuffle'), { keepDiagonal: true });
    for (let i = 0; i < 12; i++) assert.equal(b.get(i, i), W.get(i, i));
  });
});

describe('cell-type block connectivity with Dale\'s law (§2.4)', () => {
  const n = 200;
  const bio = cellTypeConnectivity({ n, ...ILLUSTRATIVE_CELL_TYPES, stream: createRandom(5, 'bio') });
  it('illustrative tables are labelled as such', () => {
    assert.match(ILLUSTRATIVE_CELL_TYPES.label, /illustrative/);
    assert.match(ILLUSTRATIVE_CELL_TYPES.label, /not the paper/);
  });
  it("counts by fraction; Dale's law: every column has the sign of its presynaptic type", () => {
    assert.deepEqual(bio.counts, [160, 20, 20]);
    assert.deepEqual(cellTypeCounts(10, [0.34, 0.33, 0.33]), [4, 3, 3]);
    for (let j = 0; j < n; j++) {
      const sign = ILLUSTRATIVE_CELL_TYPES.types[bio.typeOf[j]!]!.sign;
      for (let i = 0; i < n; i++) assert.ok(bio.W.get(i, j) * sign >= 0);
    }
  });
  it('block connection frequency within 4 binomial s.d. of P; block mean |w| within 4 s.e. of μ (log-normal mean)', () => {
    const K = 3;
    const s = ILLUSTRATIVE_CELL_TYPES.logSpread;
    for (let a = 0; a < K; a++) {
      for (let b = 0; b < K; b++) {
        let m = 0;
        let hits = 0;
        let sum = 0;
        for (let i = 0; i < n; i++) {
          if (bio.typeOf[i] !== a) continue;
          for (let j = 0; j < n; j++) {
            if (bio.typeOf[j] !== b) continue;
            m++;
            const v = Math.abs(bio.W.get(i, j));
            if (v > 0) {
              hits++;
              sum += v;
            }
          }
        }
        const p = ILLUSTRATIVE_CELL_TYPES.probability[a]![b]!;
        assert.ok(Math.abs(hits / m - p) <= 4 * Math.sqrt((p * (1 - p)) / m), `P[${a}][${b}]: ${hits / m} vs ${p}`);
        const mu = ILLUSTRATIVE_CELL_TYPES.strength[a]![b]!;
        const sd = mu * Math.sqrt(Math.exp(s * s) - 1);
        assert.ok(Math.abs(sum / hits - mu) <= 4 * (sd / Math.sqrt(hits)), `μ[${a}][${b}]: ${sum / hits} vs ${mu}`);
      }
    }
  });
  it('unbalanced: an outlier eigenvalue pair well outside the bulk, lower effective rank than a Gaussian of the same norm; shuffle raises it', () => {
    const { re, im } = eigenvalues(bio.W);
    const top = Math.hypot(re[0]!, im[0]!);
    // The illustrative tables are inhibition-dominated: the outlier is a complex-conjugate pair
    // (measured ±35.9i − 2.7 at N = 200 vs the next |λ| ≈ 9.5), so compare with the third eigenvalue.
    assert.ok(Math.abs(Math.hypot(re[1]!, im[1]!) - top) < 1e-9 * top && im[0]! !== 0);
    const third = Math.hypot(re[2]!, im[2]!);
    assert.ok(top > 2 * third, `outlier ${top} vs bulk ${third}`);
    const G = gaussianConnectivity({ n, gain: frobeniusNorm(bio.W) / Math.sqrt(n), stream: createRandom(5, 'G') });
    const eb = effectiveRanks(bio.W).paper;
    const eg = effectiveRanks(G).paper;
    const es = effectiveRanks(shuffleEntries(bio.W, createRandom(5, 'sh'))).paper;
    assert.ok(eb < eg, `bio ${eb} vs Gaussian ${eg}`);
    assert.ok(es > eb, `shuffled ${es} vs bio ${eb}`);
  });
  it("shuffle with columnGroups = sign keeps Dale's law and each sign's entries; the effective rank stays low (the sign structure alone gives it)", () => {
    const signs = Array.from(bio.typeOf, (t) => ILLUSTRATIVE_CELL_TYPES.types[t]!.sign);
    const sh = shuffleEntries(bio.W, createRandom(5, 'dale'), { columnGroups: signs });
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) assert.ok(sh.get(i, j) * signs[j]! >= 0);
    const pos = (W: typeof bio.W): number[] => Array.from(W.data).filter((v) => v > 0).sort((a, b) => a - b);
    const neg = (W: typeof bio.W): number[] => Array.from(W.data).filter((v) => v < 0).sort((a, b) => a - b);
    assert.deepEqual(pos(sh), pos(bio.W));
    assert.deepEqual(neg(sh), neg(bio.W));
    // Measured: bio 0.090, Dale-preserving shuffle 0.101, plain shuffle 0.403 (paper measure).
    const dale = effectiveRanks(sh).paper;
    const plain = effectiveRanks(shuffleEntries(bio.W, createRandom(5, 'sh'))).paper;
    assert.ok(dale < 0.5 * plain, `Dale shuffle ${dale} vs plain shuffle ${plain}`);
    assert.throws(() => shuffleEntries(bio.W, createRandom(0), { columnGroups: [1, -1] }), /one per column/);
  });
  it("balance: 'inhibitory-scale' keeps Dale's law with zero row sums; 'row-mean' zero row sums; scale target met", () => {
    const b = cellTypeConnectivity({ n: 200, ...ILLUSTRATIVE_CELL_TYPES, balance: 'inhibitory-scale', scale: { frobenius: 12.5 }, stream: createRandom(6, 'bal') });
    const c = cellTypeConnectivity({ n: 200, ...ILLUSTRATIVE_CELL_TYPES, balance: 'row-mean', stream: createRandom(6, 'bal') });
    assert.ok(Math.abs(frobeniusNorm(b.W) - 12.5) < 1e-12 * 12.5);
    for (let i = 0; i < 200; i++) {
      let sb = 0;
      let sc = 0;
      let ab = 0;
      for (let j = 0; j < 200; j++) {
        sb += b.W.get(i, j);
        sc += c.W.get(i, j);
        ab += Math.abs(b.W.get(i, j));
        assert.ok(b.W.get(i, j) * ILLUSTRATIVE_CELL_TYPES.types[b.typeOf[j]!]!.sign >= 0);
      }
      assert.ok(Math.abs(sb) < 1e-13 * ab && Math.abs(sc) < 1e-12, `row ${i}`);
    }
  });
  it('seeded; refuses fractions not summing to 1, negative/NaN probabilities, non-positive strengths, unbalanceable rows', () => {
    const again = cellTypeConnectivity({ n, ...ILLUSTRATIVE_CELL_TYPES, stream: createRandom(5, 'bio') });
    assert.deepEqual(again.W.data, bio.W.data);
    const base = { n: 20, ...ILLUSTRATIVE_CELL_TYPES, stream: createRandom(0) };
    assert.throws(() => cellTypeConnectivity({ ...base, types: [{ name: 'E', fraction: 0.7, sign: 1 }, { name: 'I', fraction: 0.2, sign: -1 }, { name: 'X', fraction: 0.05, sign: -1 }] }), /sum to/);
    assert.throws(() => cellTypeConnectivity({ ...base, probability: [[0.1, -0.1, 0], [0, 0, 0], [0, 0, 0]] }), ConfigError);
    assert.throws(() => cellTypeConnectivity({ ...base, probability: [[0.1, Number.NaN, 0], [0, 0, 0], [0, 0, 0]] }), ConfigError);
    assert.throws(() => cellTypeConnectivity({ ...base, probability: [[0.1, 0.2], [0, 0]] }), ConfigError);
    assert.throws(() => cellTypeConnectivity({ ...base, strength: [[1, 0, 1], [1, 1, 1], [1, 1, 1]] }), ConfigError);
    assert.throws(() => cellTypeConnectivity({ ...base, types: [{ name: 'E', fraction: 1.2, sign: 1 }, { name: 'I', fraction: -0.1, sign: -1 }, { name: 'X', fraction: -0.1, sign: -1 }] }), ConfigError);
    assert.throws(
      () => cellTypeConnectivity({ ...base, probability: [[1, 0, 0], [1, 0, 0], [1, 0, 0]], balance: 'inhibitory-scale' }),
      DomainError,
    );
  });
});
