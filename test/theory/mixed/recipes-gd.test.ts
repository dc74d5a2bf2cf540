// Recipes A.5-5, A.5-7, A.5-8 of spec mixed-and-three-mechanisms.md (Tu, Aranguri & Jacot 2024): GD on W2W1
// against the Euler-discretised (1) from the same start, the regime classifier and the rank bias; the phase lines. Native backend when it loads, else js (same numbers, slower).
//
// Sizes: A.5-5 is run at d = 50 (w = 6,647) instead of d = 100 (w = 31,622, ≈ 17 s of GD here): the
// spec's own d = 50 row (§A.4: GD min test 0.339 @ 8, max |Δtrain| 0.064) gives the expected values.
// A.5-6 (lazy points) is in recipes-lazy.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsBackend } from '../../../src/linalg/backend.js';
import { tryLoadNativeBackend } from '../../../src/linalg/native/index.js';
import { Matrix } from '../../../src/linalg/matrix.js';
import { svdValues } from '../../../src/linalg/decompositions.js';
import { createRandom } from '../../../src/random/index.js';
import { fig1StepSize, mixedLinearInit, mixedScalings } from '../../../src/models/mixed-linear.js';
import { noisyLowRankTask, type NoisyLowRankTask } from '../../../src/tasks/index.js';
import { trainMixedGd } from '../../../src/train/index.js';
import { classifyMixedRegime, lazyTestErrorPrediction, mixedDynamicsEuler, phaseLines } from '../../../src/theory/mixed/index.js';
import { ConfigError, DomainError } from '../../../src/errors/index.js';

const native = tryLoadNativeBackend();
const be = native.ok ? native.backend : jsBackend;
const argmin = (x: Float64Array) => {
  let m = 0;
  for (let i = 1; i < x.length; i++) if (x[i] < x[m]) m = i;
  return m;
};

function setup(task: NoisyLowRankTask, gs: number, gw: number, seed: number) {
  const d = task.dOut;
  const sc = mixedScalings(d, gs, gw);
  const init = mixedLinearInit({ dIn: d, dOut: d, width: sc.width, sigma2: sc.sigma2, stream: createRandom(seed, 'init'), minRank: 5 });
  const A0 = new Matrix(d, d);
  be.gemm(false, false, 1, init.W2, init.W1, 0, A0);
  return { sc, init, A0, eta: fig1StepSize(d, gs, gw, svdValues(task.Astar)[0]) };
}

describe('recipes A.5-5, A.5-7, A.5-8: GD vs (1) at the Fig. 1 exponents (d = 50, 100 iterations)', () => {
  const d = 50;
  const task = noisyLowRankTask({ d, rank: 5, stream: createRandom(0, 'task') });
  const { sc, init, A0, eta } = setup(task, -1.85, 2.25, 0);
  const gd = trainMixedGd(task, init, { learningRate: eta, steps: 100, update: 'simultaneous', backend: be });
  const eu = mixedDynamicsEuler(task, A0, { threshold: sc.threshold, learningRate: eta, steps: 100, backend: be });

  it('A.5-5: max |Δtrain|, max |Δtest| < 0.1; final top-5 singular values within 1%; GD minimum test error', () => {
    let mtr = 0;
    let mte = 0;
    for (let i = 0; i <= 100; i++) {
      mtr = Math.max(mtr, Math.abs(gd.trainError[i] - eu.trainError[i]));
      mte = Math.max(mte, Math.abs(gd.testError[i] - eu.testError[i]));
    }
    // Measured 0.0122 and 0.0119 (spec's d = 50 draw: 0.064, with the authors' sequential update; see below).
    assert.ok(mtr < 0.1 && mte < 0.1, `max diffs ${mtr}, ${mte}`);
    for (let i = 0; i < 5; i++) {
      // Measured ≤ 2.7e-8 relative: both converge to the top singular values of Y.
      assert.ok(Math.abs(gd.singularValues![100][i] / eu.singularValues![100][i] - 1) < 0.01, `s_${i}`);
    }
    // Spec §A.4 at d = 50: 0.339 @ 8 (different RNG). Measured 0.374 @ 9; (1): 0.381 @ 10.
    const m = argmin(gd.testError);
    assert.ok(Math.abs(gd.testError[m] - 0.339) < 0.05, `GD min test ${gd.testError[m]}`);
    assert.ok(Math.abs(m - 8) <= 2, `at iteration ${m}`);
    const me = argmin(eu.testError);
    assert.ok(Math.abs(eu.testError[me] - gd.testError[m]) < 0.05 && Math.abs(me - m) <= 2);
    // Fig. 1's shape: the test error climbs back as the noise is fitted; the train error keeps falling.
    assert.ok(gd.testError[100] > gd.testError[m] + 0.2 && gd.trainError[100] < gd.trainError[m]);
  });

  it('A.5-5 with the authors\' sequential update: also within 0.1, but 7× further from (1) than true GD', () => {
    const { init: init2 } = setup(task, -1.85, 2.25, 0);
    const seq = trainMixedGd(task, init2, { learningRate: eta, steps: 100, update: 'sequential', singularValues: false, backend: be });
    let seqTr = 0;
    let simTr = 0;
    for (let i = 0; i <= 100; i++) {
      seqTr = Math.max(seqTr, Math.abs(seq.trainError[i] - eu.trainError[i]));
      simTr = Math.max(simTr, Math.abs(gd.trainError[i] - eu.trainError[i]));
    }
    // Measured: sequential 0.085 (d = 50) and 0.068 (d = 100, not run here) vs simultaneous 0.012 and 0.013. The
    // spec calls the sequential quirk harmless (§A.1); it is within the recipe's 0.1, but it accounts for most of
    // the GD-vs-(1) gap the spec reports (0.064 at d = 50, 0.066 at d = 100).
    assert.ok(seqTr < 0.1, `sequential max |Δtrain| ${seqTr}`);
    assert.ok(seqTr > 3 * simTr, `sequential ${seqTr} vs simultaneous ${simTr}`);
  });

  it('A.5-8 rank bias: stable rank at the minimum test error ≈ that of the rank-k part of Y (±0.3)', () => {
    const ys = svdValues(task.Y);
    let f = 0;
    for (let i = 0; i < 5; i++) f += ys[i] * ys[i];
    const srYk = f / (ys[0] * ys[0]);
    const sr = gd.stableRank![argmin(gd.testError)];
    // Measured 2.86 vs 2.91 (spec: 2.8–3.0 at d = 100).
    assert.ok(Math.abs(sr - srYk) < 0.3 && sr <= 3.0, `stable rank ${sr} vs ${srYk}`);
  });

  it('A.5-7 classifier on this run: asymptotically active (γ sum 0.4); at d = 50 σ²w = 4.78 sits between y₅/4 and y₁ → boundary', () => {
    const ys = svdValues(task.Y);
    const r = classifyMixedRegime({ sigma2: sc.sigma2, width: sc.width, singularValues: ys, rank: 5, gammaSigma2: -1.85, gammaW: 2.25 });
    assert.equal(r.asymptotic, 'active');
    assert.equal(r.regime, sc.threshold < ys[4] / 4 ? 'active' : 'boundary');
    assert.equal(r.infiniteNoise, false);
    assert.equal(r.underparameterized, false);
  });
});

describe('phase lines and classifier (§A.2.5, A.5-7)', () => {
  it('the three lines of Fig. 2 and the validity bound', () => {
    const l = phaseLines(200, 5);
    assert.equal(l.activeLazy(-1.85), 2.85);
    assert.equal(l.infiniteNoise(-1.25), 2.5);
    assert.equal(l.underparameterized(-2).toFixed(3), '0.304'); // the authors' hard-coded 0.304 at d = 200, k = 5
    assert.equal(l.validity(0), 1);
    assert.throws(() => phaseLines(1, 5), ConfigError);
  });

  it('classifier thresholds, infinite noise and underparameterised labels (spec A.4 rows at d = 100)', () => {
    const y = [57, 50, 45, 40, 35, 18];
    const at = (gs: number, gw: number) => {
      const s = mixedScalings(100, gs, gw);
      return classifyMixedRegime({ sigma2: s.sigma2, width: s.width, singularValues: y, rank: 5, gammaSigma2: gs, gammaW: gw });
    };
    assert.equal(at(-2.5, 1.5).regime, 'active'); // σ²w = 0.01
    assert.equal(at(-1.2, 2.0).regime, 'boundary'); // σ²w = 39.8 between y₅/4 and y₁: the spec's boundary point
    assert.equal(at(-1.2, 2.0).asymptotic, 'active');
    assert.equal(at(-0.5, 2.0).regime, 'lazy');
    assert.equal(at(-0.5, 2.0).infiniteNoise, true);
    assert.equal(at(-1.5, 2.75).infiniteNoise, false);
    assert.equal(at(-1.5, 0.2).underparameterized, true); // w = 2 < 5
    assert.equal(at(-1, 2).asymptotic, 'boundary');
    assert.throws(() => classifyMixedRegime({ sigma2: 0, width: 10, singularValues: y, rank: 5 }), ConfigError);
    assert.throws(() => classifyMixedRegime({ sigma2: 1, width: 10, singularValues: [1, 2], rank: 5 }), ConfigError);
  });

  it('lazy prediction: continuous minimum τ_E(τ_A+τ_0)/(τ_E+τ_A+τ_0); refuses a zero denominator', () => {
    const p = lazyTestErrorPrediction({ tauA: 0.91, tauE: 1.002, tau0: 1e-6, threshold: 316, learningRate: 1 / (5 * 316), maxSteps: 30 });
    assert.ok(Math.abs(p.continuousMin - (1.002 * (0.91 + 1e-6)) / (1.912 + 1e-6)) < 1e-15);
    assert.ok(p.minTestError >= p.continuousMin - 1e-15);
    assert.throws(() => lazyTestErrorPrediction({ tauA: 0, tauE: 0, tau0: 0, threshold: 1, learningRate: 0.1, maxSteps: 3 }), DomainError);
  });
});
