import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  effectiveRanks,
  effectiveRanksFromSpectrum,
  eigenvalueEffectiveRank,
  eigenvalues,
  spectralRadius,
  spectrumPlot,
  eigenvaluePlot,
  participationRatio,
} from '../../src/metrics/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { eigvalsh } from '../../src/linalg/decompositions.js';
import { slogdet, inv } from '../../src/linalg/solve.js';
import { matmul, add, transpose } from '../../src/linalg/ops.js';
import { DomainError, ShapeError } from '../../src/errors/index.js';
import { gaussianConnectivity, truncateRank } from '../../src/init/index.js';
import { createRandom, gaussianMatrix } from '../../src/random/index.js';
import { fixtureMatrix, loadFixture, decodeFixtureArray } from '../helpers/fixtures.js';

interface Ranks {
  paper: number;
  nuclearOverSpectral: number;
  participationRatio: number;
  stableRank: number;
  entropyRank: number;
}
interface Case {
  name: string;
  W: unknown;
  s: unknown;
  ranks: Ranks;
  ranksAll?: Ranks;
  eigRe?: unknown;
  eigIm?: unknown;
  eigPaper?: number;
  truncations?: { rank: number; W: unknown; ranks: Ranks }[];
}
const fx = loadFixture<{ cases: Case[] }>('connectivity/effective-rank.json');

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

describe('effective ranks vs NumPy (tools/fixtures/connectivity.py)', () => {
  for (const c of fx.cases) {
    it(`${c.name}: every measure`, () => {
      const W = fixtureMatrix(c.W);
      const got = effectiveRanks(W);
      const want = c.ranksAll ?? c.ranks;
      // Sums of ≤ 60 positive terms of singular values accurate to ~1e-15·σ₁: 1e-12 relative leaves margin.
      for (const key of Object.keys(want) as (keyof Ranks)[]) {
        if (c.ranksAll !== undefined && key === 'paper') continue; // N differs on purpose (all 25 values vs 3)
        assert.ok(rel(got[key], want[key]) < 1e-12, `${c.name} ${key}: ${got[key]} vs ${want[key]}`);
      }
    });
    if (c.eigRe !== undefined) {
      it(`${c.name}: eigenvalues (Hessenberg + Francis QR) vs numpy.linalg.eigvals`, () => {
        const W = fixtureMatrix(c.W);
        const { re, im } = eigenvalues(W);
        const wr = decodeFixtureArray(c.eigRe).data;
        const wi = decodeFixtureArray(c.eigIm).data;
        const scale = Math.hypot(wr[0]!, wi[0]!);
        // Match as multisets (ordering of equal moduli may differ): each NumPy eigenvalue has a TS one within tol.
        // Backward-stable eigenvalues of well-separated spectra agree to ~1e-13·‖W‖; 1e-10 relative to |λ|max.
        const used = new Set<number>();
        for (let i = 0; i < wr.length; i++) {
          let best = -1;
          let bestD = Infinity;
          for (let j = 0; j < re.length; j++) {
            if (used.has(j)) continue;
            const dd = Math.hypot(re[j]! - wr[i]!, im[j]! - wi[i]!);
            if (dd < bestD) {
              bestD = dd;
              best = j;
            }
          }
          used.add(best);
          assert.ok(bestD < 1e-10 * scale, `${c.name} λ${i}: distance ${bestD}`);
        }
        assert.ok(rel(eigenvalueEffectiveRank(W), c.eigPaper!) < 1e-10);
        assert.ok(rel(spectralRadius(W), scale) < 1e-12);
      });
      for (const t of c.truncations ?? []) {
        it(`${c.name}: Frobenius-renormalised rank-${t.rank} truncation`, () => {
          const W = fixtureMatrix(c.W);
          const Wr = truncateRank(W, t.rank);
          const ref = fixtureMatrix(t.W);
          let d = 0;
          let n = 0;
          for (let k = 0; k < ref.data.length; k++) {
            d = Math.max(d, Math.abs(Wr.data[k]! - ref.data[k]!));
            n = Math.max(n, Math.abs(ref.data[k]!));
          }
          // The truncation is unique when σ_r > σ_{r+1} (true here); entries agree to round-off (1e-12 of max).
          assert.ok(d < 1e-12 * n, `max diff ${d}`);
          const r = effectiveRanks(Wr);
          assert.ok(rel(r.participationRatio, t.ranks.participationRatio) < 1e-10);
        });
      }
    }
  }
});

describe('effective ranks: sanity values of spec §2.3 / recipe R1', () => {
  it('rank-1: every absolute measure is 1 and the paper measure is 1/N; identity gives N and 1', () => {
    const r = effectiveRanksFromSpectrum([3, 0, 0, 0]);
    assert.equal(r.participationRatio, 1);
    assert.equal(r.stableRank, 1);
    assert.equal(r.entropyRank, 1);
    assert.equal(r.paper, 0.25);
    const id = effectiveRanks(Matrix.identity(5));
    assert.ok(Math.abs(id.participationRatio - 5) < 1e-13 && Math.abs(id.entropyRank - 5) < 1e-13 && Math.abs(id.paper - 1) < 1e-15);
  });
  it('scale invariance, including 1e±300 scales (no overflow)', () => {
    const a = effectiveRanksFromSpectrum([2, 1, 0.5]);
    for (const f of [1e-300, 1e300]) {
      const b = effectiveRanksFromSpectrum([2 * f, f, 0.5 * f]);
      for (const k of ['paper', 'participationRatio', 'stableRank', 'entropyRank'] as const) assert.ok(rel(b[k], a[k]) < 1e-14, k);
    }
  });
  it('R1: full 300×300 Gaussian (3 draws): Σσ/(σ₁N) = 0.43 ± 0.02, PR/N = 0.50 ± 0.01, entropy rank/N = 0.80 ± 0.01', () => {
    for (let seed = 0; seed < 3; seed++) {
      const W = gaussianConnectivity({ n: 300, gain: 1.25, stream: createRandom(seed, 'R1') });
      const r = effectiveRanks(W);
      assert.ok(Math.abs(r.paper - 0.43) <= 0.02, `paper ${r.paper}`);
      assert.ok(Math.abs(r.participationRatio / 300 - 0.5) <= 0.01, `PR/N ${r.participationRatio / 300}`);
      assert.ok(Math.abs(r.entropyRank / 300 - 0.8) <= 0.01, `entropy/N ${r.entropyRank / 300}`);
    }
  });
  it('eigenvalues: rotation, Jordan-like and 1×1 cases', () => {
    const rot = eigenvalues(Matrix.from([[0, -1], [1, 0]]));
    assert.deepEqual(Array.from(rot.re).map((x) => Math.abs(x) < 1e-15), [true, true]);
    assert.deepEqual(Array.from(rot.im), [1, -1]);
    assert.deepEqual(Array.from(eigenvalues(Matrix.from([[-4]])).re), [-4]);
    // Upper triangular: eigenvalues are the diagonal.
    const T = eigenvalues(Matrix.from([[3, 5, 7], [0, -2, 1], [0, 0, 1]]));
    assert.deepEqual(Array.from(T.re), [3, -2, 1]);
    assert.equal(eigenvalueEffectiveRank(Matrix.from([[2, 0], [0, -1]])), 0.75);
  });
  it('refuses a zero matrix, NaN, non-square eigenvalues, empty spectra', () => {
    assert.throws(() => effectiveRanks(Matrix.zeros(3, 3)), DomainError);
    assert.throws(() => effectiveRanks(Matrix.from([[1, Number.NaN]], { allowNonFinite: true })), DomainError);
    assert.throws(() => eigenvalues(Matrix.zeros(2, 3)), ShapeError);
    assert.throws(() => effectiveRanksFromSpectrum([]), ShapeError);
    assert.throws(() => effectiveRanksFromSpectrum([1, -1]), DomainError);
    assert.throws(() => eigenvalueEffectiveRank(Matrix.from([[0, 1], [0, 0]])), DomainError); // nilpotent
  });
  it('plots are SVG and deterministic', () => {
    const W = gaussianConnectivity({ n: 20, stream: createRandom(1, 'plot') });
    const a = spectrumPlot([{ label: 'Gaussian', W }, { label: 'rank 2', W: truncateRank(W, 2) }]);
    assert.ok(a.startsWith('<svg') && a.includes('eff. rank'));
    assert.equal(a, spectrumPlot([{ label: 'Gaussian', W }, { label: 'rank 2', W: truncateRank(W, 2) }]));
    const b = eigenvaluePlot([{ label: 'Gaussian', W }], { radius: 1.25 });
    assert.ok(b.startsWith('<svg') && b.includes('Re λ'));
    assert.equal(participationRatio(Matrix.identity(3)), 3);
  });
});

/*
 * The general eigenvalue solver over a product of sizes × matrix families, against identities that
 * do not use it: Σλ = Tr W, Σ log|λ| = log|det W| (LU, slogdet), the spectrum of a symmetric matrix =
 * eigvalsh (Jacobi), and a similarity transform S D S⁻¹ of a known complex block-diagonal D.
 */
const SIZES = [2, 3, 5, 8, 17, 40];

describe('eigenvalues: sizes × families', () => {
  for (const n of SIZES) {
    it(`n = ${n}: Gaussian, mean-shifted, upper-Hessenberg-like graded — trace and log|det| identities (1e-10 relative)`, () => {
      const s = createRandom(n, 'eig');
      const G = gaussianMatrix(s.split('G'), n, n);
      const shifted = add(G, Matrix.filled(n, n, 0.7));
      const graded = gaussianMatrix(s.split('graded'), n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) graded.set(i, j, graded.get(i, j) * Math.pow(10, -Math.abs(i - j) / 2));
      for (const W of [G, shifted, graded]) {
        const { re, im } = eigenvalues(W);
        let tr = 0;
        let sumRe = 0;
        let sumIm = 0;
        let logAbs = 0;
        let scale = 0;
        for (let i = 0; i < n; i++) {
          tr += W.get(i, i);
          sumRe += re[i]!;
          sumIm += im[i]!;
          logAbs += Math.log(Math.hypot(re[i]!, im[i]!));
          scale = Math.max(scale, Math.hypot(re[i]!, im[i]!));
        }
        // Backward-stable: each λ off by ~n·ε·‖W‖; sums of n of them stay within 1e-10·n·|λ|max.
        assert.ok(Math.abs(sumRe - tr) < 1e-10 * n * scale, `trace ${sumRe} vs ${tr}`);
        assert.ok(Math.abs(sumIm) < 1e-10 * n * scale);
        const ld = slogdet(W).logAbsDet;
        assert.ok(Math.abs(logAbs - ld) < 1e-8 * Math.max(1, Math.abs(ld)), `log|det| ${logAbs} vs ${ld}`);
        // Conjugate pairs are adjacent and exact conjugates.
        for (let i = 0; i < n; i++) {
          if (im[i]! > 0) {
            assert.equal(re[i + 1], re[i]);
            assert.equal(im[i + 1], -im[i]!);
          }
        }
      }
    });
    it(`n = ${n}: symmetric matrices agree with eigvalsh (1e-12·|λ|max)`, () => {
      const G = gaussianMatrix(createRandom(n, 'sym'), n, n);
      const S = add(G, transpose(G));
      const ours = Array.from(eigenvalues(S).re).sort((a, b) => a - b);
      const ref = Array.from(eigvalsh(S));
      const scale = Math.max(...ref.map(Math.abs));
      ours.forEach((v, i) => assert.ok(Math.abs(v - ref[i]!) < 1e-12 * scale * n, `λ${i}: ${v} vs ${ref[i]}`));
    });
  }
  it('hard cases: cyclic permutation (unit-circle spectrum; the exceptional shifts), zero, identity, Jordan block, empty', () => {
    const n = 6;
    const P = Matrix.zeros(n, n);
    for (let i = 0; i < n; i++) P.set((i + 1) % n, i, 1);
    const { re, im } = eigenvalues(P);
    // The 6th roots of unity, each within 1e-13.
    for (let k = 0; k < n; k++) {
      const th = (2 * Math.PI * k) / n;
      let best = Infinity;
      for (let i = 0; i < n; i++) best = Math.min(best, Math.hypot(re[i]! - Math.cos(th), im[i]! - Math.sin(th)));
      assert.ok(best < 1e-13, `root ${k}: ${best}`);
    }
    assert.deepEqual(Array.from(eigenvalues(Matrix.zeros(3, 3)).re), [0, 0, 0]);
    assert.deepEqual(Array.from(eigenvalues(Matrix.identity(4)).re), [1, 1, 1, 1]);
    assert.deepEqual(Array.from(eigenvalues(Matrix.from([[2, 1, 0], [0, 2, 1], [0, 0, 2]])).re), [2, 2, 2]);
    assert.equal(eigenvalues(new Matrix(0, 0)).re.length, 0);
  });
  it('similarity transform of a known spectrum {1 ± 2i, −3, 0.5, 4 ± 0.1i}', () => {
    const D = Matrix.from([
      [1, 2, 0, 0, 0, 0],
      [-2, 1, 0, 0, 0, 0],
      [0, 0, -3, 0, 0, 0],
      [0, 0, 0, 0.5, 0, 0],
      [0, 0, 0, 0, 4, 0.1],
      [0, 0, 0, 0, -0.1, 4],
    ]);
    const S = add(gaussianMatrix(createRandom(9, 'S'), 6, 6), Matrix.diag([3, 3, 3, 3, 3, 3]));
    const W = matmul(matmul(S, D), inv(S));
    const { re, im } = eigenvalues(W);
    const want = [[4, 0.1], [4, -0.1], [-3, 0], [1, 2], [1, -2], [0.5, 0]];
    const got = Array.from(re, (r, i) => [r, im[i]!]);
    // Sorted by |λ| (|1 ± 2i| = 2.236 < 3 < 4.001): positive imaginary part first in a pair.
    got.forEach((g, i) => assert.ok(Math.hypot(g[0]! - want[i]![0]!, g[1]! - want[i]![1]!) < 1e-11, `λ${i}: ${g} vs ${want[i]}`));
  });
});
