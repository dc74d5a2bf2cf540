// Statistical checks of the seeded streams. Every test is deterministic (fixed seeds); the bounds
// are chosen so a correct generator fails them with probability < 1e-5 for a random seed, i.e.
// they are |z| < 5 bounds on sample moments unless stated otherwise.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom } from '../../src/random/index.js';

const Z = 5;

/** |z| < 5 for an estimate with known mean and standard error. */
function assertZ(estimate: number, mean: number, stderr: number, what: string): void {
  const z = (estimate - mean) / stderr;
  assert.ok(Math.abs(z) < Z, `${what}: estimate ${estimate}, expected ${mean}, z = ${z.toFixed(2)}`);
}

/**
 * Standard normal CDF via erfc (Numerical Recipes' Chebyshev-fitted erfcc, |relative error| < 1.2e-7).
 * That is far below the KS resolution used here (1/√n ≈ 3e-3).
 */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

describe('uniform() moments (n = 10^6)', () => {
  const n = 1_000_000;
  const u = createRandom(1001, 'uniform-moments').uniformArray(n);
  it('lies in [0, 1) with mean 1/2 and variance 1/12', () => {
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      sum += u[i];
      if (u[i] < min) min = u[i];
      if (u[i] > max) max = u[i];
    }
    assert.ok(min >= 0 && max < 1);
    const mean = sum / n;
    assertZ(mean, 0.5, Math.sqrt(1 / 12 / n), 'mean');
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (u[i] - 0.5) ** 2;
    // Var((U - 1/2)^2) = 1/80 - 1/144 = 1/180
    assertZ(ss / n, 1 / 12, Math.sqrt(1 / 180 / n), 'variance');
  });

  it('has uniform low bits too (mean of the last 8 mantissa bits)', () => {
    // u·2^53 is an integer; its low byte is uniform on 0..255: mean 127.5, variance (256² − 1)/12
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (u[i] * 2 ** 53) % 256;
    assertZ(sum / n, 127.5, Math.sqrt((256 * 256 - 1) / 12 / n), 'low byte mean');
  });

  it('has no lag-1 serial correlation', () => {
    let c = 0;
    for (let i = 0; i + 1 < n; i++) c += (u[i] - 0.5) * (u[i + 1] - 0.5);
    // E = 0, sd of each product 1/12
    assertZ(c / (n - 1), 0, 1 / 12 / Math.sqrt(n - 1), 'lag-1 covariance');
  });
});

describe('normal() distribution (n = 10^6)', () => {
  const n = 1_000_000;
  const z = createRandom(1002, 'normal-moments').normalArray(n);

  it('has moments 0, 1, 0, 3', () => {
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (let i = 0; i < n; i++) {
      const v = z[i];
      m1 += v;
      m2 += v * v;
      m3 += v * v * v;
      m4 += v * v * v * v;
    }
    assertZ(m1 / n, 0, Math.sqrt(1 / n), 'mean'); // Var Z = 1
    assertZ(m2 / n, 1, Math.sqrt(2 / n), 'E[Z^2]'); // Var Z² = 2
    assertZ(m3 / n, 0, Math.sqrt(15 / n), 'E[Z^3]'); // Var Z³ = 15
    assertZ(m4 / n, 3, Math.sqrt(96 / n), 'E[Z^4]'); // Var Z⁴ = 105 − 9
  });

  it('passes a Kolmogorov–Smirnov test against Φ (first 10^5 draws)', () => {
    const m = 100_000;
    const sorted = Float64Array.from(z.subarray(0, m)).sort();
    let d = 0;
    for (let i = 0; i < m; i++) {
      const F = normalCdf(sorted[i]);
      d = Math.max(d, (i + 1) / m - F, F - i / m);
    }
    // Kolmogorov distribution: P(√m·D > 2.5) ≈ 2e^(−12.5) ≈ 7.5e-6
    assert.ok(Math.sqrt(m) * d < 2.5, `sqrt(m)·D = ${Math.sqrt(m) * d}`);
  });

  it('fills both tails at the right rate (|Z| > 3: p = 0.0026998)', () => {
    let count = 0;
    for (let i = 0; i < n; i++) if (Math.abs(z[i]) > 3) count++;
    const p = 0.0026997960632601866;
    assertZ(count / n, p, Math.sqrt((p * (1 - p)) / n), 'tail frequency');
  });

  it('the polar pairs are uncorrelated (even/odd draws)', () => {
    let c = 0;
    for (let i = 0; i + 1 < n; i += 2) c += z[i] * z[i + 1];
    assertZ(c / (n / 2), 0, 1 / Math.sqrt(n / 2), 'pair covariance');
    let c2 = 0;
    for (let i = 0; i + 1 < n; i += 2) c2 += z[i] * z[i] * z[i + 1] * z[i + 1];
    // E[X²Y²] = 1 for independent pairs (the polar pair is independent); Var = 9 − 1 = 8
    assertZ(c2 / (n / 2), 1, Math.sqrt(8 / (n / 2)), 'E[X^2 Y^2]');
  });
});

describe('independence of derived streams', () => {
  const n = 200_000;
  function correlation(a: Float64Array, b: Float64Array): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s / a.length;
  }
  it('split children, forks and the parent are uncorrelated', () => {
    const root = createRandom(1003);
    const pairs: [string, Float64Array, Float64Array][] = [
      ['a vs b', root.split('a').normalArray(n), root.split('b').normalArray(n)],
      ['fork 0 vs fork 1', root.fork(0).normalArray(n), root.fork(1).normalArray(n)],
      ['parent vs child', createRandom(1003).normalArray(n), root.split('a').normalArray(n)],
      ['seed 0 vs seed 1', createRandom(0).normalArray(n), createRandom(1).normalArray(n)],
      ['label 0 vs label 1', root.split(0).normalArray(n), root.split(1).normalArray(n)],
    ];
    for (const [what, a, b] of pairs) assertZ(correlation(a, b), 0, 1 / Math.sqrt(n), what); // sd of mean of Z·Z' = 1/√n
  });

  it('1000 forks have uncorrelated first draws (mean of adjacent-fork products)', () => {
    const root = createRandom(1004);
    const first = Array.from({ length: 1000 }, (_, i) => root.fork(i).normal());
    let s = 0;
    for (let i = 0; i + 1 < first.length; i++) s += first[i] * first[i + 1];
    // adjacent products are 1-dependent; each has variance 1; use the conservative sd √(2/n)
    assertZ(s / 999, 0, Math.sqrt(2 / 999), 'adjacent forks');
    let m = 0;
    for (const v of first) m += v;
    assertZ(m / 1000, 0, Math.sqrt(1 / 1000), 'mean of first draws');
  });
});
