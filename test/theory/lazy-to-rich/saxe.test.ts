// Saxe, McClelland & Ganguli 2014 (spec §3.8): the two-layer mode u(t) and its time-to-reach
// against a 50-digit mpmath fixture, the deep mode ODE τu̇ = L u^{2−2/L}(s − u) against closed forms
// (L = 1, 2) and against a gradient-flow simulation of an actual deep linear network (L = 3, 4).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../../src/linalg/matrix.js';
import { relativeError } from '../../../src/linalg/ops.js';
import { DomainError } from '../../../src/errors/index.js';
import { createRandom, haarOrthogonal } from '../../../src/random/index.js';
import { alignedModeValue, saxeDeepModeValues, saxeModeValue, saxeTimeToReach } from '../../../src/theory/lazy-to-rich/index.js';
import { randomLowRankTask, taskSvd } from '../../../src/tasks/index.js';
import { gradientFlow } from '../../../src/train/index.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { assertBelow } from '../../helpers/accuracy.js';

describe('Saxe et al. 2014: two-layer balanced aligned mode', () => {
  const fx = loadFixture<{ cases: { s: number; u0: number; t: number[]; u: number[]; uf: number; tf: number }[] }>('lazy_to_rich_aligned/saxe.json');

  it('u(t) = s e^{2st}/(e^{2st} − 1 + s/u₀) vs 50-digit mpmath: ≤ 4e-16 relative', () => {
    for (const c of fx.cases) {
      c.t.forEach((x, i) => assertBelow(Math.abs(saxeModeValue(c.s, c.u0, x) - c.u[i]) / c.u[i], 4e-16, `s=${c.s} u0=${c.u0} t=${x}`));
    }
  });

  it('time to reach u_f vs mpmath (≤ 1e-14 relative) and round trip u(t(u_f)) = u_f', () => {
    for (const c of fx.cases) {
      const tf = saxeTimeToReach(c.s, c.u0, c.uf);
      assertBelow(Math.abs(tf - c.tf) / c.tf, 1e-14, `t(u_f) s=${c.s} u0=${c.u0}`);
      assertBelow(Math.abs(saxeModeValue(c.s, c.u0, tf) - c.uf) / c.uf, 1e-14, 'round trip');
    }
    assert.equal(saxeTimeToReach(1, 0.1, 1), Infinity);
    assert.equal(saxeTimeToReach(1, 0.1, 0.1), 0);
  });

  it('is the λ = 0, a₀ ≥ 0 case of the aligned solution (spec §3.7)', () => {
    for (const [s, u0, x] of [[1, 0.01, 2], [0.4, 0.3, 7], [2, 5, 0.3]]) {
      assertBelow(Math.abs(saxeModeValue(s, u0, x) - alignedModeValue(s, u0, 0, x)) / saxeModeValue(s, u0, x), 4e-16, 'Saxe vs aligned');
    }
    assertBelow(Math.abs(saxeModeValue(0, 0.5, 2) - 0.5 / 3), 1e-16, 's = 0');
    assert.equal(saxeModeValue(1, 0, 5), 0);
  });

  it('refuses impossible inputs with the reason', () => {
    assert.throws(() => saxeModeValue(1, -0.1, 1), /reversed/);
    assert.throws(() => saxeTimeToReach(1, 0.1, 1.5), /never reaches/);
    assert.throws(() => saxeTimeToReach(0, 0.1, 0.2), DomainError);
    assert.throws(() => saxeModeValue(1, 0.1, -2), DomainError);
    assert.throws(() => saxeDeepModeValues(1, -0.1, 4, [1]), /even L/);
    assert.throws(() => saxeDeepModeValues(1, 0.1, 2.5, [1]), /integer/);
  });
});

describe('Saxe et al. 2014: deep aligned mode τu̇ = L u^{2−2/L}(s − u)', () => {
  it('the integrator path equals the closed forms for L = 1 (shallow) and L = 2 (Saxe) to 1e-10', () => {
    const times = [0, 0.5, 2, 5, 12];
    for (const L of [1, 2]) {
      for (const [s, u0] of [[1, 0.01], [0.5, 0.9]]) {
        const ode = saxeDeepModeValues(s, u0, L, times, { method: 'ode' });
        const cf = saxeDeepModeValues(s, u0, L, times);
        times.forEach((_, i) => assertBelow(Math.abs(ode[i] - cf[i]) / Math.abs(cf[i]), 1e-10, `L=${L} s=${s}`));
      }
    }
  });

  for (const L of [3, 4]) {
    it(`L = ${L}: equals a gradient-flow simulation of a 3-wide deep linear network with aligned balanced init (≤ 1e-9)`, (t) => {
      // W_l = R_l diag(a) R_{l−1}ᵀ with R_0 = Ṽ, R_L = Ũ and random orthogonal R_l in between, so
      // W = Ũ diag(a^L) Ṽᵀ and consecutive layers are balanced (W_{l+1}ᵀW_{l+1} = W_lW_lᵀ).
      const n = 3;
      const task = randomLowRankTask(createRandom(31, 'deep'), { ni: n, no: n, rank: n, singularValues: [1.5, 1, 0.6] });
      const { U, V, s } = taskSvd(task);
      const a = [0.3, 0.4, 0.5];
      const Rs: Matrix[] = [V];
      for (let l = 1; l < L; l++) Rs.push(haarOrthogonal(createRandom(32, 'R', l), n));
      Rs.push(U);
      const layers: Matrix[] = [];
      for (let l = 1; l <= L; l++) {
        const A = Rs[l];
        const B = Rs[l - 1];
        const M = new Matrix(n, n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
          let acc = 0;
          for (let k = 0; k < n; k++) acc += A.get(i, k) * a[k] * B.get(j, k);
          M.set(i, j, acc);
        }
        layers.push(M);
      }
      const times = [0, 1, 3, 8, 20];
      const sim = gradientFlow(task, layers, { times, rtol: 1e-13, atol: 1e-15 });
      const u = [0, 1, 2].map((k) => saxeDeepModeValues(s[k], a[k] ** L, L, times));
      let worst = 0;
      times.forEach((_, ti) => {
        let W = sim.weights[ti][0];
        for (let l = 1; l < L; l++) {
          const next = new Matrix(n, n);
          const Wl = sim.weights[ti][l];
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
            let acc = 0;
            for (let k = 0; k < n; k++) acc += Wl.get(i, k) * W.get(k, j);
            next.set(i, j, acc);
          }
          W = next;
        }
        const ref = new Matrix(n, n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
          let acc = 0;
          for (let k = 0; k < n; k++) acc += U.get(i, k) * u[k][ti] * V.get(j, k);
          ref.set(i, j, acc);
        }
        worst = Math.max(worst, relativeError(ref, W));
      });
      t.diagnostic(`L=${L}: worst relative error ${worst.toExponential(2)}`);
      assertBelow(worst, 1e-9, `deep L=${L}`);
    });
  }

  it('deeper nets have a longer plateau and a sharper transition from the same small u₀', () => {
    const times = Array.from({ length: 400 }, (_, i) => i * 0.5);
    const half = (L: number) => {
      const u = saxeDeepModeValues(1, 1e-3, L, times);
      return times[u.findIndex((v) => v > 0.5)];
    };
    const t2 = half(2);
    const t3 = half(3);
    assert.ok(t3 > t2, `t½: L=2 ${t2}, L=3 ${t3}`);
  });
});
